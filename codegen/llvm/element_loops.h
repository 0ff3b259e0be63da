// The body functions that walk a kernel's elements in index order: the flat loop (no layouts),
// the row loop (layouts: the inner loop runs along a row, so it vectorizes), and for argmin and
// argmax over contiguous elements a loop in blocks (arg_reduction_blocks.cpp). Each element is
// computed by instruction_spelling and stored, or in a reduction kernel folded into the
// accumulators (reduction_folds.h), which the loops carry in phis.
#pragma once
#include <llvm/IR/Function.h>

#include <cstdint>
#include <vector>

#include "codegen/llvm/accumulators.h"
#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

class ElementLoops {
 public:
  explicit ElementLoops(LoweringContext& cx) : cx_(cx) {}

  /// body(i64 begin, i64 end, buffers.., scalars..[, ptr noalias acc, i64 position_base]): the
  /// elements [begin, end), stored, or in a reduction kernel folded into the accumulators at acc
  /// (llvm_jit.h's ReduceCall slots; position_base: the flat index of position 0). With
  /// fast_trig it returns whether some sin/cos argument needs libm (lowering_context.h).
  llvm::Function* define_body(const char* name, bool fast_trig, bool rare);

 private:
  void emit_rows(llvm::Function* fn, llvm::BasicBlock* entry, bool fast_trig, bool rare);
  void emit_arg_blocks(llvm::Function* fn, llvm::BasicBlock* entry);  // arg_reduction_blocks.cpp
  void emit_element(llvm::Value* i);

  LoweringContext& cx_;
  // A reduction kernel: the body's accumulator slots and the flat index of position 0, and the
  // accumulators' state while the body is written.
  llvm::Value* acc_ptr_ = nullptr;
  llvm::Value* position_base_ = nullptr;
  Accumulators acc_;
  // emit_arg_blocks: per reduction its block array (argmin/argmax) or null, and the flat index
  // of the block's first element while the block pass is written (else null).
  std::vector<llvm::Value*> arg_blocks_;
  llvm::Value* block_first_ = nullptr;
};

}  // namespace sinter::llvm_backend
