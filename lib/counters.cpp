// Process-wide introspection counters.
#include <atomic>

#include "counters_internal.h"
#include "sinter/counters.h"

namespace sinter {
namespace {
std::atomic<std::uint64_t> compiled{0}, from_disk{0}, recompiled{0}, hits{0}, launches{0}, allocated{0};
}

Counters counters() {
  return Counters{compiled.load(), from_disk.load(), recompiled.load(), hits.load(), launches.load(), allocated.load()};
}

void reset_counters() {
  compiled = 0;
  from_disk = 0;
  recompiled = 0;
  hits = 0;
  launches = 0;
  allocated = 0;
}

std::string Counters::to_string() const {
  return "kernels compiled " + std::to_string(kernels_compiled) + " (" + std::to_string(kernels_from_disk) +
         " from disk, " + std::to_string(recompilations) + " recompilations), cache hits " +
         std::to_string(cache_hits) + ", launches " + std::to_string(kernel_launches) + ", bytes allocated " +
         std::to_string(bytes_allocated);
}

namespace detail {
void count_compile() { compiled.fetch_add(1, std::memory_order_relaxed); }
void count_disk_hit() { from_disk.fetch_add(1, std::memory_order_relaxed); }
void count_recompilation() { recompiled.fetch_add(1, std::memory_order_relaxed); }
void count_cache_hit() { hits.fetch_add(1, std::memory_order_relaxed); }
void count_launch() { launches.fetch_add(1, std::memory_order_relaxed); }
void count_bytes_allocated(std::uint64_t bytes) { allocated.fetch_add(bytes, std::memory_order_relaxed); }
}  // namespace detail
}  // namespace sinter
