// The CPU device: host memory, kernels compiled by LLVM (or, in a build without LLVM, run by
// the reference interpreter), split into chunks over the thread pool.
#pragma once
#include <memory>

#include "backend.h"

namespace sinter::runtime_cpu {

std::unique_ptr<Backend> make_cpu_backend();

/// Below this many elements a kernel runs on the calling thread: waking workers would cost
/// more than it saves.
inline constexpr std::int64_t kParallelThreshold = 1 << 15;

}  // namespace sinter::runtime_cpu
