// Which BLAS sinter's CPU matmul loads (runtime/cpu/blas.cpp): each candidate library opened
// with dlopen, as sinter opens it, and its sgemm/dgemm timed at n x n x n (best of a few runs,
// after one warm-up), with the library's own thread count set to the cores given.
//
//   cpu_blas_choice [n] [threads] [library...]
//   default: 2048, the machine's cores, libopenblas.so.0 and libblis.so.4
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

enum { kRowMajor = 101, kNoTrans = 111 };
using Sgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
using Dgemm = void (*)(int, int, int, int, int, int, double, const double*, int, const double*, int, double, double*,
                       int);
using SetThreads = void (*)(int);

template <class T, class Gemm> double best_seconds(Gemm gemm, int n, int runs) {
  std::vector<T> a(static_cast<std::size_t>(n) * n), b(a.size()), c(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<T>((i % 17) * 0.25 - 2);
    b[i] = static_cast<T>((i % 13) * 0.5 - 3);
  }
  double best = 1e30;
  for (int r = 0; r <= runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    gemm(kRowMajor, kNoTrans, kNoTrans, n, n, n, T(1), a.data(), n, b.data(), n, T(0), c.data(), n);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (r > 0) best = std::min(best, s);  // run 0 warms up (thread start, page faults)
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 2048;
  const int threads = argc > 2 ? std::atoi(argv[2]) : static_cast<int>(std::thread::hardware_concurrency());
  std::vector<std::string> libraries;
  for (int i = 3; i < argc; ++i) libraries.emplace_back(argv[i]);
  if (libraries.empty()) libraries = {"libopenblas.so.0", "libblis.so.4"};
  const double flop = 2.0 * n * n * static_cast<double>(n);
  std::printf("| library | threads | sgemm s | sgemm GFLOP/s | dgemm s | dgemm GFLOP/s |\n|---|---|---|---|---|---|\n");
  for (const std::string& name : libraries) {
    void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      std::printf("| %s | - | not loadable: %s |\n", name.c_str(), dlerror());
      continue;
    }
    for (const char* setter : {"openblas_set_num_threads", "bli_thread_set_num_threads"})
      if (auto set = reinterpret_cast<SetThreads>(dlsym(handle, setter))) set(threads);
    auto sgemm = reinterpret_cast<Sgemm>(dlsym(handle, "cblas_sgemm"));
    auto dgemm = reinterpret_cast<Dgemm>(dlsym(handle, "cblas_dgemm"));
    if (!sgemm || !dgemm) {
      std::printf("| %s | - | no cblas_sgemm/cblas_dgemm |\n", name.c_str());
      continue;
    }
    const double s = best_seconds<float>(sgemm, n, 3);
    const double d = best_seconds<double>(dgemm, n, 3);
    std::printf("| %s | %d | %.4f | %.1f | %.4f | %.1f |\n", name.c_str(), threads, s, flop / s * 1e-9, d,
                flop / d * 1e-9);
  }
  return 0;
}
