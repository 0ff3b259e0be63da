// The CUDA backend's tuning knobs, read from the environment once per process (docs/cuda.md,
// "Tuning knobs"). They exist for the benchmark's experiments; a malformed value raises
// ConfigError naming the variable, the values it takes and what it was given.
#pragma once
#include "codegen/cuda/lower_to_cuda.h"
#include "runtime/cuda/reduction_launch.h"

namespace sinter::gpu {

/// SINTER_CUDA_ELEMENTS_PER_THREAD (1, 2, 4, 8), SINTER_CUDA_INLINE_ELEMENT (0, 1) and
/// SINTER_CUDA_REDUCTION_BATCH (1 to 16): they change the generated source, hence the cache key.
const CudaCodegenOptions& codegen_options();

/// SINTER_CUDA_GRID_WAVES: 0 (default, no cap: one block per 256 x elements_per_thread elements)
/// or k, at most k waves of resident blocks (0 to 1024).
int grid_waves();

/// SINTER_CUDA_REDUCTION_THREADS (a power of two from 1 to 256) and
/// SINTER_CUDA_REDUCTION_MIN_ELEMENTS (a power of two from 16 to 4096).
const ReductionTuning& reduction_tuning();

}  // namespace sinter::gpu
