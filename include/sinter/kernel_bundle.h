// Kernel bundles from an application: ship the kernels a workload compiled on a build machine,
// and load them on machines that then never compile them (docs/caching.md, "The cache tool and
// bundles"; the `sinter-cache` tool does the same from the command line).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sinter/export.h"

namespace sinter {

/// What an export or import did.
struct KernelBundleSummary {
  std::size_t kernels = 0;           ///< entries written (export) or stored in the cache (import)
  std::uint64_t bytes = 0;           ///< their compiled code, in bytes
  std::vector<std::string> targets;  ///< the targets of the bundle's kernels (CPU, CUDA architecture, compiler)
  std::size_t skipped_bad = 0;       ///< export: cache entries left out as truncated or corrupt
  std::size_t skipped_other = 0;     ///< export: cache entries left out as built for another target
};

/// Writes every valid kernel of the disk cache built for one of this process's targets into the
/// bundle `file` (atomically). Throws ConfigError when the disk cache is off (SINTER_CACHE=0), and
/// Error when the cache cannot be read or the file written.
SINTER_API KernelBundleSummary export_kernel_bundle(const std::string& file);

/// Checks the bundle `file` whole, then stores its kernels in the disk cache, where later
/// evaluations find them without compiling (counters().kernels_from_disk). Throws ConfigError
/// when the disk cache is off, and Error naming the file and what is wrong, before storing
/// anything: not a bundle, truncated, a corrupt entry, another cache format, or a target this
/// process does not build for (naming it and this process's targets).
SINTER_API KernelBundleSummary import_kernel_bundle(const std::string& file);

}  // namespace sinter
