// The targets this process builds kernels for, in the words the disk cache records in each entry
// (runtime/cache/disk_cache.h): what a bundle is exported for and checked against on import.
#pragma once
#include <string>
#include <vector>

namespace sinter::cache {

/// The CPU JIT's target (with LLVM), then one per distinct CUDA architecture of this machine's
/// GPUs (when the driver and NVRTC load; none otherwise). Starts the JIT and the driver.
std::vector<std::string> process_cache_targets();

}  // namespace sinter::cache
