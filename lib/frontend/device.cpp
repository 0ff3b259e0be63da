// Public device functions that reach a backend: synchronization and memory statistics.
#include "sinter/device.h"
#include "backend.h"
#include "sinter/memory.h"

namespace sinter {

void synchronize(Device device) { backend_for(device).synchronize(); }

MemoryStats memory_stats(Device device) { return backend_for(device).memory_stats(); }

void release_cached_memory(Device device) { backend_for(device).release_cached_memory(); }

std::string MemoryStats::to_string() const {
  return "in use " + std::to_string(bytes_in_use) + " B, cached " + std::to_string(bytes_cached) + " B, peak in use " +
         std::to_string(peak_bytes_in_use) + " B, peak reserved " + std::to_string(peak_bytes_reserved) + " B; " +
         std::to_string(allocations) + " allocations (" + std::to_string(cache_hits) + " from the cache), " +
         std::to_string(system_allocations) + " system allocations, " + std::to_string(system_frees) +
         " system frees, " + std::to_string(cache_flushes) + " cache flushes";
}

}  // namespace sinter
