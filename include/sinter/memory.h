// Device memory statistics: what the CUDA backend's stream-ordered caching allocator holds.
// Available in builds with the CUDA backend (SINTER_WITH_CUDA; the default).
#pragma once
#include <cstdint>
#include <string>

#include "sinter/device.h"

namespace sinter {

/// A snapshot of one GPU's caching allocator. Sizes are in bytes of size classes (512-byte
/// steps up to 1 MiB, then four classes per power of two), so they can exceed the bytes asked for.
struct MemoryStats {
  std::uint64_t bytes_in_use = 0;  ///< held by live arrays and pending results
  std::uint64_t bytes_cached = 0;  ///< released by arrays, kept for reuse (not returned to the driver)
  std::uint64_t peak_bytes_in_use = 0;
  std::uint64_t peak_bytes_reserved = 0;  ///< peak of in use + cached: the most sinter held from the driver
  std::uint64_t allocations = 0;          ///< blocks handed out
  std::uint64_t cache_hits = 0;           ///< of which reused from the cache, with no driver call
  std::uint64_t device_allocations = 0;   ///< blocks obtained from the driver (cuMemAlloc)
  std::uint64_t device_frees = 0;         ///< blocks returned to the driver (cuMemFree)
  std::uint64_t cache_flushes = 0;        ///< times a failed allocation released the cache and retried
  std::string to_string() const;
};

/// The statistics of `device`'s allocator (cuda(i) only). Throws DeviceError for the CPU, whose
/// arrays use the C++ heap, and DeviceUnavailable when the GPU cannot be used (saying why).
MemoryStats memory_stats(Device device);

/// Returns the memory `device`'s allocator keeps cached to the driver, after waiting for the
/// device's queued work; arrays in use are untouched. Same errors as memory_stats.
void release_cached_memory(Device device);

}  // namespace sinter
