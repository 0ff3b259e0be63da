// Opening a device: every check that can make cuda(i) unusable happens here, in order, so the
// first failure is the one reported.
#include "runtime/cuda/cuda_context.h"

#include <cstdio>

#include "runtime/cuda/logger.h"
#include "runtime/cuda/nvrtc.h"
#include "sinter/error.h"

namespace sinter::gpu {
namespace {

[[noreturn]] void unavailable(const std::string& label, const std::string& why) {
  throw DeviceUnavailable(label + " is unavailable: " + why);
}

}  // namespace

std::unique_ptr<CudaContext> CudaContext::open(int index) {
  const std::string label = "cuda(" + std::to_string(index) + ")";
  const DriverApi* api = nullptr;
  try {
    api = &driver_api();
  } catch (const DeviceUnavailable& e) {
    unavailable(label, e.what());
  }
  int count = 0;
  if (CUresult r = api->cuDeviceGetCount(&count); r != kCudaSuccess)
    unavailable(label, "cuDeviceGetCount failed: " + cuda_error_text(r));
  if (count == 0) unavailable(label, "the driver reports no CUDA device");
  if (index < 0 || index >= count)
    unavailable(label, "no such device: this machine has " + std::to_string(count) + " CUDA device" +
                           (count == 1 ? " (cuda(0))" : "s (cuda(0) to cuda(" + std::to_string(count - 1) + "))"));

  std::string nvrtc;
  try {
    nvrtc = nvrtc_version();
  } catch (const DeviceUnavailable& e) {
    unavailable(label, e.what());
  }
  // A CUBIN from NVRTC X.y loads on drivers of CUDA X.0 and newer (minor version compatibility).
  const int nvrtc_major = std::stoi(nvrtc);
  if (api->driver_version / 1000 < nvrtc_major)
    unavailable(label, "the NVIDIA driver is too old: it supports CUDA " + cuda_version_text(api->driver_version) +
                           ", but NVRTC is " + nvrtc + " (update the driver to one supporting CUDA " +
                           std::to_string(nvrtc_major) + ".0, or use an older NVRTC)");

  std::unique_ptr<CudaContext> ctx(new CudaContext(*api));
  ctx->label_ = label;
  auto check = [&](CUresult r, const char* call) {
    if (r != kCudaSuccess) unavailable(label, std::string(call) + " failed: " + cuda_error_text(r));
  };
  check(api->cuDeviceGet(&ctx->device_, index), "cuDeviceGet");
  int major = 0, minor = 0;
  check(api->cuDeviceGetAttribute(&major, kAttributeComputeCapabilityMajor, ctx->device_), "cuDeviceGetAttribute");
  check(api->cuDeviceGetAttribute(&minor, kAttributeComputeCapabilityMinor, ctx->device_), "cuDeviceGetAttribute");
  check(api->cuDeviceGetAttribute(&ctx->multiprocessors_, kAttributeMultiprocessorCount, ctx->device_),
        "cuDeviceGetAttribute");
  check(api->cuDeviceGetAttribute(&ctx->shared_per_multiprocessor_, kAttributeSharedMemoryPerMultiprocessor,
                                  ctx->device_),
        "cuDeviceGetAttribute");
  const auto target = nvrtc_target_for(major, minor);
  if (!target)
    unavailable(label, "compute capability " + std::to_string(major) + "." + std::to_string(minor) +
                           " is older than every architecture NVRTC " + nvrtc + " supports");
  ctx->nvrtc_target_ = *target;

  char name[256] = {};
  check(api->cuDeviceGetName(name, sizeof name, ctx->device_), "cuDeviceGetName");
  std::size_t total = 0;
  check(api->cuDeviceTotalMem(&total, ctx->device_), "cuDeviceTotalMem");
  char text[400];
  std::snprintf(text, sizeof text, "%s (sm_%d%d, %d SMs, %.1f GiB)", name, major, minor, ctx->multiprocessors_,
                static_cast<double>(total) / (1ull << 30));
  ctx->description_ = text;

  check(api->cuDevicePrimaryCtxRetain(&ctx->context_, ctx->device_), "cuDevicePrimaryCtxRetain");
  ctx->make_current();
  // Non-blocking: sinter's work never waits on (nor holds up) the legacy default stream of other libraries.
  check(api->cuStreamCreate(&ctx->stream_, kStreamNonBlocking), "cuStreamCreate");
  logger()->debug("{}: {} ready; driver CUDA {}, NVRTC {}, kernels compiled for {}", label, ctx->description_,
                  cuda_version_text(api->driver_version), nvrtc, ctx->nvrtc_target_);
  return ctx;
}

CudaContext::~CudaContext() {
  // Best effort: at process exit the driver may already be shutting down.
  if (stream_) {
    try_make_current();
    api_.cuStreamSynchronize(stream_);
    api_.cuStreamDestroy(stream_);
  }
  if (context_) api_.cuDevicePrimaryCtxRelease(device_);
}

CUresult CudaContext::try_make_current() const noexcept {
  // Remembers what this thread last made current, so the hot path is one compare. (Code
  // outside sinter that switches contexts on a sinter thread defeats this; the runtime API
  // and other libraries use the same primary context, so they do not.)
  thread_local CUcontext current = nullptr;
  if (current == context_) return kCudaSuccess;
  const CUresult r = api_.cuCtxSetCurrent(context_);
  current = r == kCudaSuccess ? context_ : nullptr;
  return r;
}

void CudaContext::make_current() const { check_cuda(try_make_current(), "cuCtxSetCurrent", label_); }

void CudaContext::synchronize() const {
  make_current();
  check_cuda(api_.cuStreamSynchronize(stream_), "cuStreamSynchronize", label_);
}

}  // namespace sinter::gpu
