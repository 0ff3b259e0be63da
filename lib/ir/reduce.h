// The rules every implementation of a reduction follows (interpreter, LLVM and CUDA lowering).
#pragma once
#include "sinter/dtype.h"
#include "sinter/op.h"

namespace sinter::ir {

/// The type a reduction accumulates in: float32 sums and products accumulate in float64 and
/// are rounded once at the end (docs/reductions.md: accurate at any length, and free on
/// memory-bound sums); every other reduction in its operand's type (integers wrap).
/// argmin and argmax also carry the int64 position of their current extreme.
/// Sums and products take theirs from the catalogue (dtypes.def, SumAccumulator).
constexpr DType accumulator_dtype(Op op, DType operand) {
  return op == Op::Sum || op == Op::Prod ? dtype_info(operand).sum_accumulator : operand;
}

// Identities (the value of a reduction over no elements): sum 0, prod 1, any false, all true;
// min +inf (the largest integer, true), max -inf (the smallest integer, false). argmin and argmax
// start from the min and max identities at position -1; the front end rejects them (and min and
// max) over empty axes, as NumPy does.
//
// Folding element x at position r into an accumulator:
//   min/max: NaN wins (once NaN, stays NaN), otherwise the smaller/larger; -0 and +0 as minimum
//   and maximum order them (-0 < +0).
//   argmin/argmax: x replaces the current value when it is NaN and the current one is not, or
//   when both are not NaN and x is strictly smaller/larger; so the first extreme (or the first NaN)
//   wins. Combining two partial accumulators of consecutive ranges applies the same rule with the
//   later range's accumulator as x (ties keep the earlier position).

}  // namespace sinter::ir
