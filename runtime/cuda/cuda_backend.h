// The CUDA implementation of the core's Backend interface (lib/backend.h) for one device:
// memory from the caching allocator, copies through pinned staging, kernels from NVRTC behind
// the disk cache, asynchronous launches on the device's default stream.
#pragma once
#include <memory>

#include "backend.h"
#include "runtime/cuda/caching_allocator.h"
#include "runtime/cuda/driver_api.h"

namespace sinter {

/// The backend of cuda(index). Throws DeviceUnavailable saying why the device cannot be used,
/// and ConfigError for a bad SINTER_CACHE / SINTER_CACHE_DIR. Called once per device by
/// backend_for() (runtime/backend_registry.cpp).
std::unique_ptr<Backend> make_cuda_backend(int index);

namespace gpu {

/// Allocator statistics of a backend made by make_cuda_backend (for tests and introspection).
/// Throws DeviceError when `backend` is not a CUDA backend.
CachingAllocatorStats allocator_stats(Backend& backend);

/// Returns the memory a CUDA backend holds in its cache to the driver.
void release_cached_memory(Backend& backend);

/// The stream a CUDA backend queues all its work on (for event timing in benchmarks and tests).
CUstream backend_stream(Backend& backend);

}  // namespace gpu
}  // namespace sinter
