// Stream-ordered caching allocator for device memory. Freed blocks go back to a cache kept per
// stream and size class; the next allocation of that class on that stream reuses one at once
// (stream order makes that safe) with no driver call. The driver is asked for memory only on a
// cache miss, and cached memory is returned to it only when an allocation fails.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "sinter/memory.h"

namespace sinter::gpu {

/// The device calls the allocator makes. The CUDA backend implements it with the driver API;
/// tests implement it with host memory and a budget.
class DeviceMemory {
 public:
  virtual ~DeviceMemory() = default;
  /// A new block of `bytes` (256-byte aligned), or nullptr when the device is out of memory.
  /// Throws DeviceError for any other failure.
  virtual void* allocate(std::size_t bytes) = 0;
  virtual void free(void* block, std::size_t bytes) = 0;
  /// Waits for all work on the device, so no kernel still uses a block about to be freed.
  virtual void synchronize() = 0;
  /// Free and total bytes on the device, for error messages.
  virtual std::pair<std::size_t, std::size_t> free_and_total() = 0;
};

/// An opaque stream identity (a CUstream's address); blocks are reused only on the same stream.
using StreamId = std::uintptr_t;

/// The allocator's statistics are the public ones (system_* count driver allocations and frees).
using CachingAllocatorStats = MemoryStats;

class CachingAllocator {
 public:
  /// `device_name` (e.g. "cuda(0)") only labels error messages.
  CachingAllocator(DeviceMemory& memory, std::string device_name);
  ~CachingAllocator();
  CachingAllocator(const CachingAllocator&) = delete;
  CachingAllocator& operator=(const CachingAllocator&) = delete;

  /// A block of at least `bytes` for use on `stream`. When the device is out of memory, returns
  /// every cached block to the driver and tries once more; then throws OutOfMemory naming the
  /// requested, free, total and cached bytes.
  void* allocate(std::size_t bytes, StreamId stream);

  /// Gives back a block from allocate(ptr, `bytes` as requested) into `stream`'s cache. Work
  /// already queued on `stream` may still use it: the next user on that stream is queued after.
  void release(void* block, std::size_t bytes, StreamId stream);

  /// Returns every cached block to the driver (after waiting for the device).
  void release_cached();

  /// Moves the blocks cached for `from` to the cache of `to`. The caller guarantees that no work
  /// on `from` still uses them (it synchronized `from`, which is about to be destroyed).
  void move_cached(StreamId from, StreamId to);

  CachingAllocatorStats stats() const;

  /// The size actually reserved for a request: multiples of 512 bytes up to 1 MiB, then four
  /// classes per power of two (at most 25% slack), so freed blocks fit later requests.
  static std::size_t size_class(std::size_t bytes);

 private:
  void* take_from_cache(std::size_t size, StreamId stream);
  void release_cached_locked();

  DeviceMemory& memory_;
  std::string device_name_;
  mutable std::mutex mutex_;
  std::map<std::pair<StreamId, std::size_t>, std::vector<void*>> cache_;  // (stream, class) -> blocks
  CachingAllocatorStats stats_;
};

}  // namespace sinter::gpu
