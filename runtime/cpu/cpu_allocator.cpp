// Caching host allocator: size-class free lists under one mutex; system calls outside it.
#include "runtime/cpu/cpu_allocator.h"

#include <algorithm>

#include <sys/mman.h>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "config.h"
#include "counters_internal.h"
#include "process.h"
#include "sinter/error.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define SINTER_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define SINTER_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define SINTER_POISON(p, n) ((void)(p), (void)(n))
#define SINTER_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace sinter::runtime_cpu {
namespace {

constexpr std::size_t kAlign = 64;
constexpr std::size_t kHugePage = std::size_t{2} << 20;

}  // namespace

std::size_t HostAllocator::size_class(std::size_t bytes) {
  if (bytes <= 4096) return bytes <= kAlign ? kAlign : (bytes + kAlign - 1) / kAlign * kAlign;
  // Four classes per power of two: 2^k, 1.25 * 2^k, 1.5 * 2^k, 1.75 * 2^k.
  const auto top = static_cast<int>(std::bit_width(bytes - 1)) - 1;  // 2^top < bytes <= 2^(top + 1)
  const std::size_t step = std::size_t{1} << (top - 2);
  std::size_t size = (bytes + step - 1) / step * step;
  if (size >= kMapThreshold) size = (size + kHugePage - 1) / kHugePage * kHugePage;
  return size;
}

HostAllocator::HostAllocator(std::size_t cache_limit_bytes) : limit_(cache_limit_bytes) { stats_.cache_limit = limit_; }

HostAllocator::~HostAllocator() { release_cached(); }

HostAllocator& HostAllocator::global() {
  // Never destroyed: arrays may be released during static destruction.
  static auto* allocator = [] {
    auto* created = new HostAllocator(config::cpu_cache_bytes());
    process::on_fork(process::LockRank::cpu_allocator, process::mutex_handlers(created->mutex_));
    return created;
  }();
  return *allocator;
}

void* HostAllocator::system_allocate(std::size_t size) {
  if (size < kMapThreshold) return std::aligned_alloc(kAlign, size);
  // Map one huge page more than asked, then unmap the unaligned head and the tail, so the block
  // starts on a 2 MiB boundary and the kernel can back it with huge pages.
  const std::size_t span = size + kHugePage;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto base = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (base + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > base) munmap(raw, aligned - base);
  const std::uintptr_t tail = aligned + size;
  if (base + span > tail) munmap(reinterpret_cast<void*>(tail), base + span - tail);
  void* block = reinterpret_cast<void*>(aligned);
  // Advice only: where transparent huge pages are off, the block works with 4 KiB pages.
  if (madvise(block, size, MADV_HUGEPAGE) == 0) {
    std::lock_guard lock(mutex_);
    ++stats_.huge_page_blocks;
  }
  return block;
}

void HostAllocator::system_free(void* block, std::size_t size) {
  if (size < kMapThreshold) std::free(block);
  else munmap(block, size);
}

void* HostAllocator::allocate(std::size_t bytes) {
  const std::size_t size = size_class(bytes);
  {
    std::lock_guard lock(mutex_);
    ++stats_.allocations;
    if (auto it = free_.find(size); it != free_.end() && !it->second.empty()) {
      void* block = it->second.back();
      it->second.pop_back();
      ++stats_.cache_hits;
      stats_.bytes_cached -= size;
      stats_.bytes_in_use += size;
      note_peaks_locked();
      SINTER_UNPOISON(block, size);
      return block;
    }
  }
  void* block = system_allocate(size);
  if (!block) {
    std::uint64_t cached = 0;
    {
      std::lock_guard lock(mutex_);
      cached = stats_.bytes_cached;
      ++stats_.cache_flushes;
    }
    release_cached();
    block = system_allocate(size);
    if (!block)
      throw OutOfMemory("cpu: cannot allocate " + std::to_string(bytes) + " bytes of host memory (" +
                        std::to_string(cached) + " bytes were cached and have been released)");
  }
  std::lock_guard lock(mutex_);
  ++stats_.system_allocations;
  stats_.bytes_in_use += size;
  note_peaks_locked();
  return block;
}

void HostAllocator::note_peaks_locked() {
  stats_.peak_bytes_in_use = std::max(stats_.peak_bytes_in_use, stats_.bytes_in_use);
  stats_.peak_bytes_reserved = std::max(stats_.peak_bytes_reserved, stats_.bytes_in_use + stats_.bytes_cached);
}

// Picks cached blocks to return to the system, largest first, until `needed` more bytes fit
// under the limit. Caller holds mutex_ and frees `out` after unlocking.
void HostAllocator::evict_locked(std::size_t needed, std::vector<std::pair<void*, std::size_t>>& out) {
  while (!free_.empty() && stats_.bytes_cached + needed > limit_) {
    auto it = std::prev(free_.end());
    if (it->second.empty()) {
      free_.erase(it);
      continue;
    }
    out.emplace_back(it->second.back(), it->first);
    it->second.pop_back();
    stats_.bytes_cached -= it->first;
    ++stats_.system_frees;
  }
}

void HostAllocator::release(void* block, std::size_t bytes) {
  if (!block) return;
  const std::size_t size = size_class(bytes);
  std::vector<std::pair<void*, std::size_t>> evicted;
  bool keep = false;
  {
    std::lock_guard lock(mutex_);
    stats_.bytes_in_use -= size;
    if (size <= limit_) {
      evict_locked(size, evicted);
      free_[size].push_back(block);
      stats_.bytes_cached += size;
      SINTER_POISON(block, size);
      keep = true;
    } else {
      ++stats_.system_frees;
    }
  }
  for (auto [b, s] : evicted) {
    SINTER_UNPOISON(b, s);
    system_free(b, s);
  }
  if (!keep) system_free(block, size);
}

void HostAllocator::release_cached() {
  std::map<std::size_t, std::vector<void*>> blocks;
  {
    std::lock_guard lock(mutex_);
    blocks.swap(free_);
    for (const auto& [size, list] : blocks) stats_.system_frees += list.size();
    stats_.bytes_cached = 0;
  }
  for (const auto& [size, list] : blocks)
    for (void* b : list) {
      SINTER_UNPOISON(b, size);
      system_free(b, size);
    }
}

HostAllocatorStats HostAllocator::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::shared_ptr<ir::Buffer> allocate_host(std::size_t bytes) {
  HostAllocator& allocator = HostAllocator::global();
  void* p = allocator.allocate(bytes);
  detail::count_bytes_allocated(bytes);
  return std::make_shared<ir::Buffer>(p, bytes, cpu(),
                                      [](void* q, std::size_t n) { HostAllocator::global().release(q, n); });
}

}  // namespace sinter::runtime_cpu
