// The loop metadata every element loop of a kernel carries: how the loop vectorizer should
// treat it (scalar for the rare libm redo, no interleaving for elementwise loops, the float32
// width for reductions that widen float32 into float64).
#pragma once
#include <llvm/IR/Metadata.h>

#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

/// The llvm.loop metadata of a loop in a rare body (the libm redo) or a common one.
llvm::MDNode* loop_hints(LoweringContext& cx, bool rare);

}  // namespace sinter::llvm_backend
