// One backend per device, created on first use.
#include <array>
#include <memory>
#include <mutex>

#include "backend.h"
#include "runtime/cpu/cpu_backend.h"
#include "sinter/error.h"
#if SINTER_WITH_CUDA
#include "runtime/cuda/cuda_backend.h"
#endif

namespace sinter {

Backend& backend_for(Device device) {
  if (device.kind == DeviceKind::CPU) {
    static std::unique_ptr<Backend> cpu_backend = runtime_cpu::make_cpu_backend();
    return *cpu_backend;
  }
#if SINTER_WITH_CUDA
  constexpr int kMaxGpus = 64;
  if (device.index < 0 || device.index >= kMaxGpus)
    throw DeviceUnavailable(device.to_string() + ": no such device index");
  static std::array<std::unique_ptr<Backend>, kMaxGpus> gpus;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto& slot = gpus[static_cast<std::size_t>(device.index)];
  if (!slot) slot = make_cuda_backend(device.index);  // throws DeviceUnavailable, saying why
  return *slot;
#else
  throw DeviceUnavailable(device.to_string() + ": this build of sinter has no CUDA backend (SINTER_WITH_CUDA=OFF)");
#endif
}

}  // namespace sinter
