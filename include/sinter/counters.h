// Introspection: what the JIT did. Tests prove fusion with these; users debug performance with them.
#pragma once
#include <cstdint>
#include <string>

#include "sinter/export.h"

namespace sinter {

/// What the JIT has done since the process started or reset_counters(): tests prove fusion with
/// these (one launch for a fused expression), users find recompiling loops (docs/caching.md).
struct SINTER_API Counters {
  std::uint64_t kernels_compiled = 0;   ///< kernels a backend built (memory-cache misses), from disk included
  std::uint64_t kernels_from_disk = 0;  ///< of those, loaded from the disk kernel cache (no compiler run)
  /// Of the kernels compiled, those of the same size (instructions, inputs, scalars, outputs) as a
  /// kernel cached for the device but another structure: the mark of a loop that keeps
  /// compiling (SINTER_LOG_LEVEL=debug says what differed; docs/caching.md).
  std::uint64_t recompilations = 0;
  std::uint64_t cache_hits = 0;        ///< evaluations that found their kernel in the memory cache
  std::uint64_t kernel_launches = 0;   ///< kernels run
  std::uint64_t bytes_allocated = 0;   ///< bytes of array storage allocated, all devices
  /// The counters on one line: "kernels compiled 1, launches 1, ...".
  std::string to_string() const;
};

/// A snapshot of the process-wide counters.
SINTER_API Counters counters();
/// Sets every counter back to zero.
SINTER_API void reset_counters();

}  // namespace sinter
