// How a reduction kernel's work is shared out on the GPU: the threads of a block per output, the
// direction consecutive threads take (along one output's elements or across outputs), and the
// grid, including how many blocks split each output's elements. Pure host arithmetic on the
// launch's sizes and strides and the device's size, so tests check it without a GPU.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "codegen/cuda/lower_reduction_to_cuda.h"

namespace sinter::gpu {

struct ReductionGrid {
  unsigned int lanes = 1;         // outputs per block (a tile); kThreadsPerBlock / lanes threads on each
  bool outputs_inner = false;     // consecutive threads take consecutive outputs (else consecutive elements)
  unsigned int blocks = 1;        // grid x: blocks walking the tiles
  unsigned int parts = 1;         // grid y: blocks splitting each output's elements
  std::uint64_t tiles = 1;        // ceil(n / lanes)
  std::size_t scratch_bytes = 0;  // parts > 1: the partial states (8 bytes per slot, part and output)
  std::size_t counters = 0;       // parts > 1: one uint32 arrival counter per tile (TileCounters)
};

/// Each thread of a block splitting an output reads at least this many of its elements (32
/// trips of its loop, four loads each), so the partial state each block writes, its atomic and
/// the last block's combining stay small beside the reading. Measured on an H100 against 32, 64
/// and 256 (bench/results/gpu-2026-11-27f.md): at 2^24 elements 128 ran the full sum 1.09x and
/// the axis-0 sum 1.16x faster than 64, 32 was 10-38% slower; at 2^28, where the grid is full
/// either way, all four ran within 1.5%.
inline constexpr std::int64_t kMinElementsPerThread = 128;

/// Along the elements of many long outputs, fewer threads share each one as long as the grid
/// still holds the device's resident threads, but not fewer than this: 16384 rows of 16384
/// float32 ran at 91% of the copy with 64 threads per row, 88% with 32 and 78% with a block of
/// 256 (H200, bench/results/gpu-2026-11-27b.md); 4096 rows of 4096 at 1.46x, 1.32x and 1x.
inline constexpr std::uint64_t kFewestThreadsPerLongOutput = 64;

/// The work sharing's tuning knobs (SINTER_CUDA_REDUCTION_THREADS and
/// SINTER_CUDA_REDUCTION_MIN_ELEMENTS, docs/cuda.md); the defaults are what the launcher uses.
struct ReductionTuning {
  int max_threads_per_output = kThreadsPerBlock;                 // a power of two from 1 to kThreadsPerBlock
  std::int64_t min_elements_per_thread = kMinElementsPerThread;  // of a block splitting an output
};

/// The grid of a reduction kernel over n >= 1 outputs of reduce_n >= 0 elements each, with the
/// launch's scalar parameters (the layouts' strides), on a device of `multiprocessors` running
/// `blocks_per_multiprocessor` blocks of the kernel at once. Along the elements, at most
/// `tuning.max_threads_per_output` threads share one output; blocks splitting an output each read
/// at least `tuning.min_elements_per_thread` elements per thread.
ReductionGrid plan_reduction_grid(const ReductionReads& reads, std::int64_t n, std::int64_t reduce_n,
                                  std::span<const std::uint64_t> scalars, int multiprocessors,
                                  int blocks_per_multiprocessor, const ReductionTuning& tuning = {});

/// The grid of a row kernel (codegen/cuda/lower_row_kernel_to_cuda.h) over n >= 1 rows of
/// reduce_n >= 1 elements: a reduction's work sharing with one part per row (a tile's phases
/// follow each other in one block) and, along the elements, up to a block per row.
ReductionGrid plan_row_grid(const ReductionReads& reads, std::int64_t n, std::int64_t reduce_n,
                            std::span<const std::uint64_t> scalars, int multiprocessors, int blocks_per_multiprocessor,
                            const ReductionTuning& tuning = {});

}  // namespace sinter::gpu
