// Memory statistics of a device's caching allocator: what arrays hold, what is cached for reuse,
// and how often the system (the CUDA driver, or the OS for the CPU) was asked.
#pragma once
#include <cstdint>
#include <string>

#include "sinter/device.h"
#include "sinter/export.h"

namespace sinter {

/// A snapshot of one device's caching allocator. Sizes are in bytes of size classes (GPU: 512-byte
/// steps up to 1 MiB, CPU: 64-byte steps up to 4 KiB; then four classes per power of two), so
/// they can exceed the bytes asked for.
struct SINTER_API MemoryStats {
  std::uint64_t bytes_in_use = 0;  ///< held by live arrays and pending results
  std::uint64_t bytes_cached = 0;  ///< released by arrays, kept for reuse (not returned to the system)
  std::uint64_t peak_bytes_in_use = 0;    ///< the most bytes_in_use has been
  std::uint64_t peak_bytes_reserved = 0;  ///< peak of in use + cached: the most sinter held from the system
  std::uint64_t allocations = 0;          ///< blocks handed out
  std::uint64_t cache_hits = 0;           ///< of which reused from the cache, with no system call
  std::uint64_t system_allocations = 0;   ///< blocks obtained from the system (cuMemAlloc; mmap or aligned_alloc)
  std::uint64_t system_frees = 0;         ///< blocks returned to the system
  std::uint64_t cache_flushes = 0;        ///< times a failed allocation released the cache and retried
  /// The statistics on one line, for logs (docs/streams.md).
  std::string to_string() const;
};

/// The statistics of `device`'s allocator. Throws DeviceUnavailable when the device cannot be
/// used (saying why).
SINTER_API MemoryStats memory_stats(Device device);

/// Returns the memory `device`'s allocator keeps cached to the system, after waiting for the
/// device's queued work; arrays in use are untouched. Same errors as memory_stats.
SINTER_API void release_cached_memory(Device device);

}  // namespace sinter
