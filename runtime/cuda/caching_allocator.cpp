// Size classes, per-stream free lists, statistics, and the release-and-retry path on failure.
// The hot path (a cache hit) is one map lookup and a vector pop under a mutex: no driver call
// and, once the cache is warm, no heap allocation.
#include "runtime/cuda/caching_allocator.h"

#include <algorithm>
#include <bit>
#include <cstdio>

#include "sinter/error.h"

namespace sinter::gpu {
namespace {

std::string human_bytes(std::uint64_t bytes) {
  char text[64];
  if (bytes >= (1ull << 30)) std::snprintf(text, sizeof text, "%.2f GiB", static_cast<double>(bytes) / (1ull << 30));
  else if (bytes >= (1ull << 20))
    std::snprintf(text, sizeof text, "%.2f MiB", static_cast<double>(bytes) / (1ull << 20));
  else std::snprintf(text, sizeof text, "%.2f KiB", static_cast<double>(bytes) / 1024.0);
  return std::to_string(bytes) + " bytes (" + text + ")";
}

}  // namespace

CachingAllocator::CachingAllocator(DeviceMemory& memory, std::string device_name)
    : memory_(memory), device_name_(std::move(device_name)) {}

CachingAllocator::~CachingAllocator() {
  // Errors here (a driver already shut down at process exit) are not worth a crash.
  try {
    std::lock_guard lock(mutex_);
    release_cached_locked();
  } catch (...) {}
}

std::size_t CachingAllocator::size_class(std::size_t bytes) {
  constexpr std::size_t kSmallStep = 512;
  constexpr std::size_t kLargeFrom = std::size_t{1} << 20;
  if (bytes == 0) return kSmallStep;
  if (bytes <= kLargeFrom) return (bytes + kSmallStep - 1) / kSmallStep * kSmallStep;
  // Four classes between consecutive powers of two: step = 2^(floor(log2(bytes)) - 2).
  const std::size_t step = std::bit_floor(bytes) / 4;
  return (bytes + step - 1) / step * step;
}

void* CachingAllocator::take_from_cache(std::size_t size, StreamId stream) {
  auto it = cache_.find({stream, size});
  if (it == cache_.end() || it->second.empty()) return nullptr;
  void* block = it->second.back();
  it->second.pop_back();
  stats_.bytes_cached -= size;
  return block;
}

void* CachingAllocator::allocate(std::size_t bytes, StreamId stream) {
  const std::size_t size = size_class(bytes);
  std::lock_guard lock(mutex_);
  void* block = take_from_cache(size, stream);
  if (block) {
    ++stats_.cache_hits;
  } else {
    block = memory_.allocate(size);
    if (!block) {
      const std::uint64_t cached_before = stats_.bytes_cached;
      ++stats_.cache_flushes;
      release_cached_locked();
      block = memory_.allocate(size);
      if (!block) {
        const auto [free_bytes, total_bytes] = memory_.free_and_total();
        throw OutOfMemory(device_name_ + ": out of memory allocating " + human_bytes(bytes) + " (size class " +
                          human_bytes(size) + "); the device has " + human_bytes(free_bytes) + " free of " +
                          human_bytes(total_bytes) + "; sinter had " + human_bytes(cached_before) +
                          " cached (released, then retried once) and holds " + human_bytes(stats_.bytes_in_use) +
                          " in live arrays");
      }
    }
    ++stats_.system_allocations;
  }
  ++stats_.allocations;
  stats_.bytes_in_use += size;
  stats_.peak_bytes_in_use = std::max(stats_.peak_bytes_in_use, stats_.bytes_in_use);
  stats_.peak_bytes_reserved = std::max(stats_.peak_bytes_reserved, stats_.bytes_in_use + stats_.bytes_cached);
  return block;
}

void CachingAllocator::release(void* block, std::size_t bytes, StreamId stream) {
  if (!block) return;
  const std::size_t size = size_class(bytes);
  std::lock_guard lock(mutex_);
  cache_[{stream, size}].push_back(block);
  stats_.bytes_in_use -= size;
  stats_.bytes_cached += size;
}

void CachingAllocator::release_cached() {
  std::lock_guard lock(mutex_);
  release_cached_locked();
}

void CachingAllocator::release_cached_locked() {
  if (stats_.bytes_cached == 0) return;
  memory_.synchronize();  // a kernel queued before the release may still read a cached block
  for (auto& [key, blocks] : cache_) {
    for (void* block : blocks) {
      memory_.free(block, key.second);
      ++stats_.system_frees;
    }
    blocks.clear();
  }
  cache_.clear();
  stats_.bytes_cached = 0;
}

CachingAllocatorStats CachingAllocator::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void CachingAllocator::move_cached(StreamId from, StreamId to) {
  if (from == to) return;
  std::lock_guard lock(mutex_);
  for (auto it = cache_.begin(); it != cache_.end();) {
    if (it->first.first != from) {
      ++it;
      continue;
    }
    auto& target = cache_[{to, it->first.second}];
    target.insert(target.end(), it->second.begin(), it->second.end());
    it = cache_.erase(it);
  }
}

}  // namespace sinter::gpu
