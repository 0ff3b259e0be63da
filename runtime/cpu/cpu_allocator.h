// Host memory for CPU arrays: a caching allocator. Blocks are 64-byte aligned (a cache line, and a
// full AVX-512 vector). A released block goes to a free list of its size class and the next
// request of that class takes it back at once: no system call and no page fault on the hot path
// (a fresh mmap'd block costs one fault and one zeroed page per 4 KiB at first write, which at
// 2^24 float32 elements is several times the kernel's own run time).
//
// - Size classes: multiples of 64 bytes up to 4 KiB, then four classes per power of two (at most
//   25% slack). Blocks of 1 MiB and more come from mmap, 2 MiB aligned, with madvise(MADV_HUGEPAGE)
//   (transparent huge pages where the system allows them: one fault per 2 MiB instead of per 4 KiB);
//   smaller ones from aligned_alloc.
// - Bound: the bytes held in the free lists never exceed a limit, SINTER_CPU_CACHE_MB (MiB; default
//   a quarter of physical memory, at most 4096; 0 turns caching off). Releasing a block that would
//   pass the limit first returns the largest cached blocks to the system.
// - Memory pressure: when the system refuses a block, every cached block is returned and the
//   request is tried once more; then OutOfMemory names the requested and cached bytes.
// - Thread-safe (one mutex; the system calls are made outside it).
// - Counters: sinter::counters().bytes_allocated counts the bytes every array asked for, whether
//   served from the cache or from the system, as before caching; HostAllocatorStats says which.
// - Placement: blocks are first touched by the kernel that writes them (on the pool's threads). On
//   a one-socket machine, as sinter's development machine, where a page lands does not matter; on a
//   NUMA machine a reused block keeps the placement of its first use.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "ir/buffer.h"
#include "sinter/memory.h"

namespace sinter::runtime_cpu {

/// The public statistics (sinter::MemoryStats: system_* counts blocks from the OS), plus what
/// only the host allocator has.
struct HostAllocatorStats : MemoryStats {
  std::uint64_t cache_limit = 0;       // the bound on bytes_cached
  std::uint64_t huge_page_blocks = 0;  // of the system blocks, those advised to use huge pages
};

class HostAllocator {
 public:
  explicit HostAllocator(std::size_t cache_limit_bytes);
  ~HostAllocator();
  HostAllocator(const HostAllocator&) = delete;
  HostAllocator& operator=(const HostAllocator&) = delete;

  /// A 64-byte aligned block of at least `bytes` (of size_class(bytes)). Throws OutOfMemory.
  void* allocate(std::size_t bytes);
  /// Gives back a block from allocate(`bytes`); it is cached for reuse within the bound.
  void release(void* block, std::size_t bytes);
  /// Returns every cached block to the system.
  void release_cached();
  HostAllocatorStats stats() const;

  /// The size reserved for a request (see the file comment).
  static std::size_t size_class(std::size_t bytes);
  /// Blocks of this size class or more are mmap'd and advised to use huge pages.
  static constexpr std::size_t kMapThreshold = std::size_t{1} << 20;

  /// The process-wide allocator of CPU arrays, bounded by SINTER_CPU_CACHE_MB.
  static HostAllocator& global();

 private:
  void* system_allocate(std::size_t size);
  static void system_free(void* block, std::size_t size);
  void note_peaks_locked();
  void evict_locked(std::size_t needed, std::vector<std::pair<void*, std::size_t>>& out);

  const std::size_t limit_;
  mutable std::mutex mutex_;
  std::map<std::size_t, std::vector<void*>> free_;  // size class -> cached blocks
  HostAllocatorStats stats_;
};

/// Storage for a CPU array of `bytes` from the global allocator; released into it when the last
/// reference goes.
std::shared_ptr<ir::Buffer> allocate_host(std::size_t bytes);

}  // namespace sinter::runtime_cpu
