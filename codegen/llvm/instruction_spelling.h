// One kernel-IR instruction as LLVM IR at one element: loads through layouts, casts, compares,
// arithmetic, and the math functions (exp and log as vector_math.h's polynomials, sin and cos
// as those or libm's, the rest libm or intrinsics); and the stores of a kernel's outputs. The
// loops (element_loops.h, column_reduction.h, reduction_entry.h) call these once per element
// or per output. This is where an op's CPU lowering lives.
#pragma once
#include <llvm/IR/Intrinsics.h>

#include <initializer_list>
#include <vector>

#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

/// The value of instruction `in` (not a reduction) at flat index i, given the values of the
/// instructions before it; buffers are read at i or at their layout's cx.layouts_at.
llvm::Value* spell_instruction(LoweringContext& cx, const ir::Instr& in, const std::vector<llvm::Value*>& values,
                               llvm::Value* i);

/// True for an instruction spelled with sinter's sin and cos polynomials on the fast pass (sin,
/// cos, float tan): a kernel with one needs the precise pass too (vector_math.h).
inline bool uses_trig_polynomials(const ir::Instr& in) {
  return in.op == Op::Sin || in.op == Op::Cos || (in.op == Op::Tan && in.dtype == DType::Float32);
}

/// Stores each output's value (values: per instruction) at i, or at its layout's cx.layouts_at.
void store_outputs(LoweringContext& cx, const std::vector<llvm::Value*>& values, llvm::Value* i);

/// A call of the LLVM intrinsic `id` overloaded on type t.
llvm::Value* intrinsic(LoweringContext& cx, llvm::Intrinsic::ID id, llvm::Type* t,
                       std::initializer_list<llvm::Value*> args);

}  // namespace sinter::llvm_backend
