// One CUDA device opened for sinter: the checks that decide whether cuda(i) is usable (each
// failure a DeviceUnavailable saying why), its primary context, its default stream, and the
// properties codegen and launch need (architecture target, multiprocessor count).
#pragma once
#include <cstddef>
#include <memory>
#include <string>

#include "runtime/cuda/driver_api.h"

namespace sinter::gpu {

class CudaContext {
 public:
  /// Opens device `index`. Throws DeviceUnavailable("cuda(i) is unavailable: <why>") when there
  /// is no driver, cuInit fails, there is no such device, NVRTC is missing, the driver is older
  /// than NVRTC, or NVRTC cannot target the device.
  static std::unique_ptr<CudaContext> open(int index);
  ~CudaContext();
  CudaContext(const CudaContext&) = delete;
  CudaContext& operator=(const CudaContext&) = delete;

  /// Makes the primary context current on the calling thread (a thread-local check when it already is).
  void make_current() const;
  /// The same without throwing (destructors, release paths); returns the driver's result.
  CUresult try_make_current() const noexcept;
  /// Waits for all work queued on the default stream; throws DeviceError with the CUDA error.
  void synchronize() const;

  const DriverApi& api() const { return api_; }
  CUstream stream() const { return stream_; }
  /// The device's primary context (what every sinter kernel on this device runs in).
  CUcontext handle() const { return context_; }
  /// "cuda(0)", the prefix of every error message about this device.
  const std::string& label() const { return label_; }
  /// "NVIDIA H100 80GB HBM3 (sm_90, 132 SMs, 79.1 GiB)".
  const std::string& description() const { return description_; }
  /// "sm_90" (CUBIN) or "compute_XY" (PTX) for NVRTC.
  const std::string& nvrtc_target() const { return nvrtc_target_; }
  int multiprocessors() const { return multiprocessors_; }
  /// Bytes of L1 a multiprocessor can give to shared memory (the rest of its carveout is L1).
  int shared_per_multiprocessor() const { return shared_per_multiprocessor_; }

 private:
  explicit CudaContext(const DriverApi& api) : api_(api) {}

  const DriverApi& api_;
  CUdevice device_ = 0;
  CUcontext context_ = nullptr;
  CUstream stream_ = nullptr;
  std::string label_, description_, nvrtc_target_;
  int multiprocessors_ = 1;
  int shared_per_multiprocessor_ = 0;
};

}  // namespace sinter::gpu
