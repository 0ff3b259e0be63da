// Loads the CPU BLAS for matrix products (lib/blas.h) with dlopen at first use: OpenBLAS
// (libopenblas.so.0, chosen by measurement: bench/results/cpu-2026-12-07-matmul.md), then BLIS
// (libblis.so.4), then whatever Debian's alternatives put behind libblas.so.3. None found is
// not an error here: the caller falls back to sinter's own reduction kernels.
#include "blas.h"

#include <dlfcn.h>

#include <array>

#include "logging.h"

namespace sinter::blas {
namespace {

struct Load {
  CpuBlas table;
  bool loaded = false;
  std::string failures;
};

Load load_blas() {
  Load load;
  constexpr std::array<const char*, 3> kCandidates = {"libopenblas.so.0", "libblis.so.4", "libblas.so.3"};
  for (const char* candidate : kCandidates) {
    // RTLD_LOCAL: BLAS symbols stay out of the global namespace, so an application's own BLAS
    // (or another copy of OpenBLAS) is not interposed on, and does not interpose on this one.
    void* handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = dlerror();
      load.failures += std::string("\n  ") + candidate + ": " + (why ? why : "unknown dlopen error");
      continue;
    }
    auto sgemm = reinterpret_cast<Sgemm>(dlsym(handle, "cblas_sgemm"));
    auto dgemm = reinterpret_cast<Dgemm>(dlsym(handle, "cblas_dgemm"));
    if (!sgemm || !dgemm) {
      load.failures += std::string("\n  ") + candidate + ": loaded, but has no cblas_sgemm/cblas_dgemm";
      dlclose(handle);
      continue;
    }
    // Never closed: a BLAS's worker threads must outlive every call, static destruction included.
    load.table = CpuBlas{sgemm, dgemm, candidate};
    load.loaded = true;
    log().debug("matmul: CPU BLAS {}", candidate);
    return load;
  }
  log().info("matmul: no CPU BLAS (float matrix products run as sinter reductions):{}", load.failures);
  return load;
}

}  // namespace

const CpuBlas* cpu_blas(std::string* why) {
  static const Load load = load_blas();
  if (why) *why = load.failures;
  return load.loaded ? &load.table : nullptr;
}

}  // namespace sinter::blas
