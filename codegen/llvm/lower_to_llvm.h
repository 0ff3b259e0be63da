// Lowering: kernel IR -> an LLVM module with one function
//   void <name>(i64 begin, i64 end, ptr buffers, ptr scalars)
// that computes elements [begin, end). Buffer pointers are passed to an inner function as
// noalias arguments, so that after inlining the loop vectorizer needs no run-time alias checks.
// The lowering itself is split by concern: lowering_context.h (shared state), instruction_spelling.h
// (one op), element_loops.h (loops over elements), reduction_folds.h and accumulators.h (reduction
// state), column_reduction.h and reduction_entry.h (reduction kernels); lower_to_llvm.cpp puts them together.
#pragma once
#include <memory>
#include <string>

#include "ir/kernel.h"

namespace llvm {
class LLVMContext;
class Module;
class DataLayout;
class Triple;
}  // namespace llvm

namespace sinter::llvm_backend {

/// Whether a reduction kernel walks its elements row by row into blocks of per-output
/// accumulators (reducing a leading axis: see column_reduction.h). Its work then splits
/// best over the reduced positions (rows), so that each thread streams whole rows.
bool reduces_by_columns(const ir::KernelIR& kernel);

/// `vector_bits`: the width of the host's vector registers as the loop vectorizer uses them
/// (256 with AVX2). Reduction loops that widen float32 elements into float64 accumulators are
/// vectorized at vector_bits / 32 lanes (see loop_hints.cpp); 0 leaves the choice to LLVM.
std::unique_ptr<llvm::Module> lower_to_llvm(const ir::KernelIR& kernel, const std::string& symbol,
                                            llvm::LLVMContext& context, const llvm::DataLayout& layout,
                                            const llvm::Triple& triple, unsigned vector_bits = 0);

/// The module lower_to_llvm makes, before any optimisation, as LLVM assembly, for a target named
/// by its triple and data layout string rather than the host's: the same text on every machine,
/// which tests/golden holds still (docs/testing.md, "Golden codegen files").
std::string lower_to_llvm_text(const ir::KernelIR& kernel, const std::string& symbol, const std::string& triple,
                               const std::string& data_layout, unsigned vector_bits);

}  // namespace sinter::llvm_backend
