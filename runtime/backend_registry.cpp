// One backend per device, created on first use.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "backend.h"
#include "process.h"
#include "runtime/cpu/cpu_backend.h"
#include "sinter/error.h"
#if SINTER_WITH_CUDA
#include "runtime/cuda/cuda_backend.h"
#endif

namespace sinter {

Backend& backend_for(Device device) {
  if (device.kind == DeviceKind::CPU) {
    // Never destroyed: other threads may still evaluate while the process exits.
    static Backend* cpu_backend = runtime_cpu::make_cpu_backend().release();
    return *cpu_backend;
  }
#if SINTER_WITH_CUDA
  constexpr int kMaxGpus = 64;
  if (device.index < 0 || device.index >= kMaxGpus)
    throw DeviceUnavailable(device.to_string() + ": no such device index");
  // CUDA does not survive fork(): a child of a process that had initialized it gets errors from
  // every driver call. Checked before the lock, which the child may have inherited held.
  static std::atomic<std::int64_t> initialized_in_generation{-1};
  const auto generation = static_cast<std::int64_t>(process::fork_generation());
  const std::int64_t initialized = initialized_in_generation.load();
  if (initialized >= 0 && generation > initialized)
    throw DeviceUnavailable(device.to_string() +
                            ": this process is a fork() of one that had initialized CUDA, and CUDA cannot be used "
                            "in a forked child; use the CPU here, or run CUDA work in a new process (exec)");
  static std::array<std::unique_ptr<Backend>, kMaxGpus> gpus;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (initialized < 0) initialized_in_generation.store(generation);
  auto& slot = gpus[static_cast<std::size_t>(device.index)];
  if (!slot) slot = make_cuda_backend(device.index);  // throws DeviceUnavailable, saying why
  return *slot;
#else
  throw DeviceUnavailable(device.to_string() + ": this build of sinter has no CUDA backend (SINTER_WITH_CUDA=OFF)");
#endif
}

}  // namespace sinter
