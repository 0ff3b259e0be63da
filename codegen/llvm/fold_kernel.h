// User-defined reductions (sinter::reduce; ir/kernel.h, "User-defined reductions") on the CPU:
// the entry point of a kernel with folds, a CpuReduceFn (llvm_jit.h, ReduceCall) as the built-in
// reductions' is, so the same launcher splits its outputs over threads, or a long row into parts
// whose partial states are combined by the same combine. Scalar code: per output, its elements
// in order, each folded into the states in phis; no vectorization.
#pragma once
#include <string>

#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

/// Whether `kernel` has user-defined reductions (a fold_begin).
bool has_folds(const ir::KernelIR& kernel);

/// void <symbol>(i64 begin, i64 end, ptr buffers, ptr scalars, ptr call): outputs [begin, end) as
/// ReduceCall says (mode 0: whole; 1: the states of elements [r_begin, r_end) written to
/// `partials`, 16 bytes a state value in the kernel's order of fold states, output-major; 2:
/// each output from `parts` such sets combined in order, then finished).
void define_fold_entry(LoweringContext& cx, const std::string& symbol);

}  // namespace sinter::llvm_backend
