// ir::verify: the written specification of kernel IR (ir/kernel.h), checked. The planner must
// produce, and every consumer (the interpreter, the LLVM and CUDA lowerings) may assume, a
// kernel that passes it; a kernel that does not is a bug in whatever built it, so the planner
// checks its kernels in debug builds, the tests check every kernel they plan, and each consumer
// checks on entry (the lowerings once per compile, not on cache hits). Linear in the kernel.
#pragma once
#include "ir/kernel.h"

namespace sinter::ir {

/// Throws InternalError naming the kernel, the instruction (or output, layout) and what is wrong
/// when `kernel` breaks a rule every backend relies on:
///   - each instruction: an op of the catalogue with its arity of operands, each an earlier
///     instruction; operand and result types following the op's type rule (op.h: accepts,
///     result_dtype); Buffer and Scalar slots in range and of the slot's type, a Buffer's layout
///     one the kernel has; no slot or layout on other ops; Index is int64;
///   - the iteration space: rank within kMaxDims, its sizes and each layout's strides int64
///     scalar slots in range (a per-output layout: the kept dimensions only);
///   - the outputs: at least one, each an instruction, output layouts one per output or none;
///   - a reduction kernel: reductions per output folding a per-element value, per-element
///     instructions using per-element values only, per-output ones per-output values only,
///     outputs per output and written at the output index, layouts read by their own kind,
///     0 <= reduce_rank <= rank; an elementwise kernel: nothing per output, reduce_rank 0.
void verify(const KernelIR& kernel);

}  // namespace sinter::ir
