// Short reductions: many outputs of a few elements each (`sum(d * d, 2)` over an axis of 2,
// `argmin(dist, 1)` over 8). The per-output walk of reduction_entry.h costs a body call, the
// output's coordinates by division and the accumulators through memory for each output, which
// for two elements is most of the time, and it cannot vectorize. Here the entry walks the outputs
// instead. For argmin and argmax over up to kShortAxis elements: a block of up to kShortBlock consecutive outputs along
// the last kept dimension has its accumulators in stack arrays; for each position r of the short axis one loop over the
// block's outputs folds element r of each (a vector lane per output); then one loop over the block finishes the outputs
// (the per-output instructions and the stores). The lengths in kUnrolledLengths have a loop of their own instead: one
// pass over the outputs with the short axis unrolled and the accumulators in registers, where a contiguous operand's
// elements load as whole vectors and are de-interleaved (sum over 2 of a (n, 2) array, argmin over 8). Both walk rows
// of the last kept dimension, their coordinates found by division once per call.
#pragma once
#include <llvm/IR/Function.h>

#include <cstdint>
#include <iterator>

#include "codegen/llvm/accumulators.h"
#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

/// The longest reduced axis the block walk takes (only for argmin and argmax: sums and the
/// other reductions measured faster per output at lengths other than kUnrolledLengths, whose
/// row loop vectorizes along the axis), and the outputs per block.
constexpr std::int64_t kShortAxis = 32;
constexpr std::int64_t kShortBlock = 128;
/// The lengths whose loop is unrolled (each costs compile time: a copy of the element's code per
/// position).
constexpr std::int64_t kUnrolledLengths[] = {2, 3, 4, 8};

/// Whether a reduction kernel has the short walk: one reduced dimension (or flat indices), at
/// least one kept one, no column order and no sin/cos (whose libm redo is per output).
bool has_short_walk(const ir::KernelIR& kernel, bool columns, bool trig);

/// The longest reduced axis the short walk takes in a kernel with these reductions.
inline std::int64_t longest_short_walk(const KernelReductions& reductions) {
  return reductions.has_arg_reduction() ? kShortAxis : kUnrolledLengths[std::size(kUnrolledLengths) - 1];
}

/// internal i1 short_walk(i64 begin, i64 end, i64 reduce_n, buffers.., scalars..): the outputs
/// [begin, end), each reducing all its reduce_n elements, written; false (nothing done) for a
/// length it does not take, which the entry's per-output walk then runs. Kept out of line, so
/// that the entry and its per-output walk are what they were without it.
llvm::Function* define_short_walk(LoweringContext& cx);

}  // namespace sinter::llvm_backend
