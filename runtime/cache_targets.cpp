// Gathers each backend's cache target; a backend that cannot run here contributes none.
#include "runtime/cache_targets.h"

#include <algorithm>

#include "sinter/error.h"
#if SINTER_WITH_LLVM
#include "codegen/llvm/llvm_jit.h"
#endif
#if SINTER_WITH_CUDA
#include "runtime/cuda/driver_api.h"
#include "runtime/cuda/logger.h"
#include "runtime/cuda/nvrtc.h"
#endif

namespace sinter::cache {
namespace {

#if SINTER_WITH_CUDA
/// One target per distinct architecture, found as CudaContext::open finds it, without a context.
void add_cuda_targets(std::vector<std::string>& targets) {
  try {
    const gpu::DriverApi& api = gpu::driver_api();
    int count = 0;
    if (api.cuDeviceGetCount(&count) != gpu::kCudaSuccess) return;
    for (int index = 0; index < count; ++index) {
      gpu::CUdevice device{};
      int major = 0, minor = 0;
      if (api.cuDeviceGet(&device, index) != gpu::kCudaSuccess ||
          api.cuDeviceGetAttribute(&major, gpu::kAttributeComputeCapabilityMajor, device) != gpu::kCudaSuccess ||
          api.cuDeviceGetAttribute(&minor, gpu::kAttributeComputeCapabilityMinor, device) != gpu::kCudaSuccess)
        continue;
      if (const auto target = gpu::nvrtc_target_for(major, minor)) {
        std::string text = gpu::cuda_cache_target(*target);
        if (std::find(targets.begin(), targets.end(), text) == targets.end()) targets.push_back(std::move(text));
      }
    }
  } catch (const DeviceUnavailable& e) { gpu::logger()->debug("no CUDA cache targets: {}", e.what()); }
}
#endif

}  // namespace

std::vector<std::string> process_cache_targets() {
  std::vector<std::string> targets;
#if SINTER_WITH_LLVM
  targets.push_back(llvm_backend::cpu_cache_target());
#endif
#if SINTER_WITH_CUDA
  add_cuda_targets(targets);
#endif
  return targets;
}

}  // namespace sinter::cache
