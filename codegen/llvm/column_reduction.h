// Column order: reducing a leading axis of a row-major array (NumPy's sum(x, 0)) walks each
// output's elements with a large stride. When the kept dimensions merge into one and no element
// read runs along the reduced one (reduces_by_columns, lower_to_llvm.h), the kernel walks
// elements in memory order instead: a block of up to block_width() consecutive outputs at a
// time, each element row (one position r) folded into the block's accumulators, which live in a
// stack array (16 bytes per output and reduction). The block is as wide as a stack budget of
// kColumnStackBytes allows, so that one reduction covers 8192 columns: a row of them is one
// sequential run in memory. This file holds the column body and the entry's part for it.
#pragma once
#include <llvm/IR/Function.h>
#include <llvm/IR/Instructions.h>

#include <cstdint>

#include "codegen/llvm/accumulators.h"
#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

class ColumnReduction {
 public:
  explicit ColumnReduction(LoweringContext& cx) : cx_(cx) {}

  /// Outputs per block: a power of two.
  std::uint64_t block_width() const;

  /// internal body(i64 o_begin, i64 o_end, i64 r_begin, i64 r_end, ptr buffers.., scalars..,
  /// ptr block): folds positions [r_begin, r_end) of outputs [o_begin, o_end) (at most
  /// block_width() of them) into the block's accumulators (output o at o - o_begin).
  llvm::Function* define_body(const char* name, bool fast_trig, bool rare);

  /// In the entry's first block: the stack array of one block's accumulators.
  llvm::AllocaInst* allocate_block();

  /// In the entry, at output o: at the first output of each block (every block_width() outputs
  /// from `begin`), the block's accumulators set to the identities and the column body run over
  /// it (again with the libm body `precise`, from the identities, when it asks).
  void run_block(llvm::Function* fn, llvm::Function* body, llvm::Function* precise, llvm::Value* block, llvm::Value* o,
                 llvm::Value* begin, llvm::Value* end, llvm::Value* r_begin, llvm::Value* r_end,
                 const Accumulators& identities);

  /// The accumulators of the output at `local` (o - begin) from its block's arrays.
  Accumulators output_accumulators(llvm::Value* block, llvm::Value* local);

 private:
  struct RowLoop;
  llvm::Value* emit_rows(const RowLoop& body, int rows, llvm::Value* r_start, llvm::Value* r_end);
  llvm::Value* values_of(llvm::Value* block, std::size_t k);
  llvm::Value* positions_of(llvm::Value* block, std::size_t k);

  LoweringContext& cx_;
};

}  // namespace sinter::llvm_backend
