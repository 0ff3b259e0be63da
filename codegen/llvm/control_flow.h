// The instructions of one element as LLVM IR, control flow included: a kernel-IR loop
// (ir/kernel.h, "Control flow") becomes a real loop inside the element loop (a header block with
// phis for the trip count and the states, the condition there, a body block, a latch back), an
// if becomes a conditional branch to two blocks joined by phis for its results. The element
// loops (element_loops.h, column_reduction.h) call this once per element.
#pragma once
#include <vector>

#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

/// values[j] for every instruction j whose per_output is `per_output`, in order, at flat index
/// i; reductions are left to the caller. Leaves the builder in the block where the element goes
/// on (after the last loop or if).
void spell_instructions(LoweringContext& cx, std::vector<llvm::Value*>& values, llvm::Value* i, bool per_output);

}  // namespace sinter::llvm_backend
