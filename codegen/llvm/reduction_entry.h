// The entry point of a reduction kernel: per output it runs the body over the output's elements
// (element_loops.h), or a column block (column_reduction.h), or combines the partial
// accumulators of a split reduction part by part; then writes the partials or finishes the
// output: the per-output instructions and the stores.
#pragma once
#include <llvm/ADT/STLFunctionalExtras.h>
#include <llvm/IR/Function.h>

#include <cstddef>
#include <string>
#include <utility>

#include "codegen/llvm/column_reduction.h"
#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

/// An empty `void <symbol>(i64 begin, i64 end, ptr buffers, ptr scalars, ptr call)` (llvm_jit.h's
/// CpuReduceFn) in cx.module, nounwind: the signature of every reduction and scan entry point.
llvm::Function* declare_reduce_entry(LoweringContext& cx, const std::string& symbol);

/// The fields of the ReduceCall (llvm_jit.h) an entry point's `call` argument points at.
struct ReduceCallFields {
  llvm::Value* reduce_n;
  llvm::Value* r_begin;
  llvm::Value* r_end;
  llvm::Value* partials;
  llvm::Value* mode;
  llvm::Value* parts;
};

/// Loads all six fields of `call` in order, at the builder's insert point.
ReduceCallFields load_reduce_call(LoweringContext& cx, llvm::Value* call);

/// The per-output instructions at output o, reduction k's (value, position) from folded(k),
/// then the stores.
void finish_output(LoweringContext& cx, llvm::Value* o,
                   llvm::function_ref<std::pair<llvm::Value*, llvm::Value*>(std::size_t)> folded);

/// void <symbol>(i64 begin, i64 end, ptr buffers, ptr scalars, ptr call): see llvm_jit.h's
/// ReduceCall. `body` (and `precise`, the libm body, or null) are ElementLoops' bodies, or
/// with `columns` the column bodies.
void define_reduction_entry(LoweringContext& cx, const std::string& symbol, llvm::Function* body,
                            llvm::Function* precise, ColumnReduction* columns);

}  // namespace sinter::llvm_backend
