// ir/reduce.h's accumulation rules in LLVM IR: each reduction's identity and how it folds one
// value (with its position, for argmin/argmax) into its accumulator. Sums and products are
// reassociable, so that the loop vectorizer keeps several partial accumulators; the rest follow
// the NaN and first-position rules exactly. Used per element by the loops and per part when
// partial accumulators are combined.
#pragma once
#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

/// The value reduction `op` starts from, in its accumulator type for `operand` elements.
llvm::Value* identity(LoweringContext& cx, Op op, DType operand);

/// Whether argmin/argmax (`op`) over values of type t replaces its (value, position) with x:
/// nothing seen yet (position -1), x is NaN and the value is not, or x is strictly better.
llvm::Value* arg_takes(LoweringContext& cx, Op op, DType t, llvm::Value* value, llvm::Value* position, llvm::Value* x);

/// Folds x (in the accumulator type) at `x_position` into (value, position) by ir/reduce.h's rules.
void fold(LoweringContext& cx, Op op, DType operand, llvm::Value*& value, llvm::Value*& position, llvm::Value* x,
          llvm::Value* x_position);

}  // namespace sinter::llvm_backend
