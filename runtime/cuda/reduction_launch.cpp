// The work sharing of reduction kernels (the generated side: codegen/cuda/lower_reduction_to_cuda.cpp).
//
// Direction: a warp's loads should be consecutive addresses. Every per-element read has a stride
// along the elements of one output (the innermost reduced one; 1 at the flat index) and a stride
// across outputs (the innermost kept one; reduce_n at the flat index). Consecutive threads go
// along whichever direction has the smaller strides, summed over the reads (each capped at 32
// elements: beyond that every load is its own memory transaction anyway; 0 for a broadcast):
// reducing the last axis of a matrix goes along the elements, reducing its first axis across the
// outputs (columns), a transposed view the other way round.
//
// Along the elements, a power of two of threads per output from a block (long rows, a full
// reduction) down to one thread (short rows), each with at least 16 elements (four 16-byte
// loads of float32), and no more threads per output than fill the device's resident threads
// once, down to kFewestThreadsPerLongOutput: many long rows get a few warps each, so every thread
// reads more elements per block-level combine. Across outputs, up to a block of consecutive outputs.
//
// Blocks: one per tile while that fills the device. With fewer tiles than 2 x (multiprocessors
// x resident blocks), each output's elements are split over parts (grid y) of at least
// tuning.min_elements_per_thread (kMinElementsPerThread) per thread, whose partial states the
// last block of each tile combines.
#include "runtime/cuda/reduction_launch.h"

#include <algorithm>
#include <bit>

namespace sinter::gpu {
namespace {

std::int64_t stride_cost(std::int64_t stride) {
  const std::int64_t magnitude = stride < 0 ? -stride : stride;
  return std::min<std::int64_t>(magnitude, 32);
}

}  // namespace

ReductionGrid plan_reduction_grid(const ReductionReads& reads, std::int64_t n, std::int64_t reduce_n,
                                  std::span<const std::uint64_t> scalars, int multiprocessors,
                                  int blocks_per_multiprocessor, const ReductionTuning& tuning) {
  ReductionGrid g;
  auto stride = [&](std::int32_t slot) {
    return slot < 0 ? 0 : stride_cost(static_cast<std::int64_t>(scalars[static_cast<std::size_t>(slot)]));
  };
  std::int64_t along_elements = reads.flat ? 1 : 0;
  std::int64_t across_outputs = reads.flat ? stride_cost(reduce_n) : 0;
  for (const auto& [kept, reduced] : reads.strides) {
    across_outputs += stride(kept);
    along_elements += stride(reduced);
  }
  const auto threads = static_cast<std::uint64_t>(kThreadsPerBlock);
  // Blocks of this kernel the device runs at once.
  const std::uint64_t resident = static_cast<std::uint64_t>(std::max(multiprocessors, 1)) *
                                 static_cast<std::uint64_t>(std::max(blocks_per_multiprocessor, 1));
  g.outputs_inner = n > 1 && reduce_n > 1 && across_outputs < along_elements;
  std::uint64_t elem_lanes = 1;
  if (g.outputs_inner) {
    g.lanes = static_cast<unsigned int>(std::min(threads, std::bit_ceil(static_cast<std::uint64_t>(n))));
    elem_lanes = threads / g.lanes;
  } else {
    const std::uint64_t most =
        std::bit_floor(static_cast<std::uint64_t>(std::clamp(tuning.max_threads_per_output, 1, kThreadsPerBlock)));
    const std::uint64_t filling = std::max<std::uint64_t>(
        kFewestThreadsPerLongOutput,
        std::bit_floor(std::max<std::uint64_t>(resident * threads / static_cast<std::uint64_t>(n), 1)));
    elem_lanes =
        std::min({most, filling, std::bit_floor(static_cast<std::uint64_t>(std::max<std::int64_t>(reduce_n / 16, 1)))});
    g.lanes = static_cast<unsigned int>(threads / elem_lanes);
  }
  g.tiles = (static_cast<std::uint64_t>(n) + g.lanes - 1) / g.lanes;
  const std::uint64_t target = 2 * resident;  // blocks that fill the device twice over
  if (g.tiles < target) {
    const std::uint64_t wanted = (target + g.tiles - 1) / g.tiles;
    const auto affordable =
        static_cast<std::uint64_t>(reduce_n) /
        (elem_lanes * static_cast<std::uint64_t>(std::max<std::int64_t>(tuning.min_elements_per_thread, 1)));
    g.parts = static_cast<unsigned int>(std::clamp<std::uint64_t>(std::min(wanted, affordable), 1, 65535));
  }
  g.blocks = static_cast<unsigned int>(std::min<std::uint64_t>(g.tiles, 0x7fffffffu));
  if (g.parts > 1) {
    g.counters = static_cast<std::size_t>(g.tiles);
    g.scratch_bytes = static_cast<std::size_t>(reads.partial_slots) * g.parts * static_cast<std::size_t>(n) * 8;
  }
  return g;
}

ReductionGrid plan_row_grid(const ReductionReads& reads, std::int64_t n, std::int64_t reduce_n,
                            std::span<const std::uint64_t> scalars, int multiprocessors, int blocks_per_multiprocessor,
                            const ReductionTuning& tuning) {
  ReductionGrid g =
      plan_reduction_grid(reads, n, reduce_n, scalars, multiprocessors, blocks_per_multiprocessor, tuning);
  if (!g.outputs_inner) {
    // The later phases re-read a row from L1 while it is there: as many threads per row as its
    // length gives 16 elements each, up to a block, keeps the fewest rows resident at once (a
    // reduction's choice, fewer threads per row to fill the device with rows, holds 4x as many).
    const auto threads = static_cast<std::uint64_t>(kThreadsPerBlock);
    const std::uint64_t elem_lanes = std::min(
        {threads, std::bit_floor(static_cast<std::uint64_t>(std::max<std::int64_t>(reduce_n / 16, 1))),
         std::bit_floor(static_cast<std::uint64_t>(std::clamp(tuning.max_threads_per_output, 1, kThreadsPerBlock)))});
    g.lanes = static_cast<unsigned int>(threads / elem_lanes);
    g.tiles = (static_cast<std::uint64_t>(n) + g.lanes - 1) / g.lanes;
    g.blocks = static_cast<unsigned int>(std::min<std::uint64_t>(g.tiles, 0x7fffffffu));
  }
  g.parts = 1;
  g.counters = 0;
  g.scratch_bytes = 0;
  return g;
}

}  // namespace sinter::gpu
