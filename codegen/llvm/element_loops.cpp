// The flat and row loops over [begin, end) and the element they compute (element_loops.h).
#include "codegen/llvm/element_loops.h"

#include <llvm/IR/Instructions.h>
#include <llvm/IR/Intrinsics.h>

#include "codegen/llvm/control_flow.h"
#include "codegen/llvm/instruction_spelling.h"
#include "codegen/llvm/loop_hints.h"
#include "codegen/llvm/reduction_folds.h"

namespace sinter::llvm_backend {

using llvm::Type;
using llvm::Value;

llvm::Function* ElementLoops::define_body(const char* name, bool fast_trig, bool rare) {
  auto& b = cx_.builder;
  const bool reduction = !cx_.reductions.empty();
  std::vector<Type*> trailing;
  if (reduction) trailing = {b.getPtrTy(), b.getInt64Ty()};  // ReduceCall's 16-byte slots; flat index of position 0
  llvm::Function* fn = cx_.create_body_function(name, 2, trailing, fast_trig, rare);
  if (reduction) {
    acc_ptr_ = fn->getArg(cx_.first_trailing(2));
    position_base_ = fn->getArg(cx_.first_trailing(2) + 1);
    fn->addParamAttr(cx_.first_trailing(2), llvm::Attribute::NoAlias);
  }

  auto* entry = llvm::BasicBlock::Create(cx_.context, "entry", fn);
  if (cx_.kernel.rank > 0) {
    emit_rows(fn, entry, fast_trig, rare);
    return fn;
  }
  if (reduction && !fast_trig && !rare && cx_.reductions.has_arg_reduction()) {
    emit_arg_blocks(fn, entry);
    return fn;
  }
  auto* loop = llvm::BasicBlock::Create(cx_.context, "loop", fn);
  auto* exit = llvm::BasicBlock::Create(cx_.context, "exit", fn);
  b.SetInsertPoint(entry);
  Value* begin = fn->getArg(0);
  Value* end = fn->getArg(1);
  const Accumulators initial = reduction ? load_accumulators(cx_, acc_ptr_) : Accumulators{};
  b.CreateCondBr(b.CreateICmpSLT(begin, end), loop, exit);

  b.SetInsertPoint(loop);
  llvm::PHINode* i = b.CreatePHI(b.getInt64Ty(), 2, "i");
  i->addIncoming(begin, entry);
  llvm::PHINode* huge = nullptr;
  if (fast_trig) {
    huge = b.CreatePHI(b.getInt1Ty(), 2, "huge");
    huge->addIncoming(b.getFalse(), entry);
    cx_.huge = huge;
  }
  const Accumulators phis = accumulator_phis(cx_, initial, entry);
  acc_ = phis;
  emit_element(i);
  Value* next = b.CreateAdd(i, b.getInt64(1), "i.next", /*HasNUW=*/true, /*HasNSW=*/true);
  i->addIncoming(next, b.GetInsertBlock());
  if (huge) huge->addIncoming(cx_.huge, b.GetInsertBlock());
  close_accumulator_phis(cx_, phis, acc_, b.GetInsertBlock());
  const Accumulators last = acc_;
  auto* latch = b.CreateCondBr(b.CreateICmpSLT(next, end), loop, exit);
  latch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(cx_, rare));
  b.SetInsertPoint(exit);
  llvm::PHINode* any = nullptr;  // phis first: the block's other instructions follow them
  if (huge) {
    any = b.CreatePHI(b.getInt1Ty(), 2, "any_huge");
    any->addIncoming(b.getFalse(), entry);
    any->addIncoming(cx_.huge, latch->getParent());
  }
  if (reduction) store_accumulators(cx_, acc_ptr_, merge_after_loop(cx_, initial, entry, last, latch->getParent()));
  if (any) b.CreateRet(any);
  else b.CreateRetVoid();
  return fn;
}

// The fused expression at flat index i (cx_.layouts_at holds each layout's element index):
// one LLVM value per instruction, then the stores of the outputs.
// In a reduction kernel: the per-element instructions, folded into acc_ (position i - base);
// inside emit_arg_blocks an arg reduction's element goes to its block array and its block's
// min or max instead.
void ElementLoops::emit_element(Value* i) {
  auto& b = cx_.builder;
  const ir::KernelIR& kernel = cx_.kernel;
  const KernelReductions& reductions = cx_.reductions;
  std::vector<Value*> values(kernel.body.size());
  if (!reductions.empty()) {
    spell_instructions(cx_, values, i, false);
    Value* position = b.CreateSub(i, position_base_);
    for (std::size_t k = 0; k < reductions.size(); ++k) {
      const DType operand = reductions.operand_dtype(k);
      Value* x = values[reductions.operand(k)];
      if (block_first_ && reductions.has_position(k)) {
        Value* stored = operand == DType::Bool ? b.CreateZExt(x, b.getInt8Ty()) : x;
        b.CreateStore(stored, b.CreateInBoundsGEP(memory_type(cx_.context, operand), arg_blocks_[k],
                                                  b.CreateSub(i, block_first_)));
        Value* no_position = nullptr;
        fold(cx_, reductions.extreme_op(k), operand, acc_.value[k], no_position, x, nullptr);
        continue;
      }
      const DType acc = reductions.acc_dtype(k);
      if (acc != operand) x = b.CreateFPExt(x, value_type(cx_.context, acc));
      fold(cx_, reductions.op(k), operand, acc_.value[k], acc_.position[k], x, position);
    }
    return;
  }
  spell_instructions(cx_, values, i, false);
  store_outputs(cx_, values, i);
}

// The loop nest of a kernel with layouts: [begin, end) walked row by row, a row being the
// innermost dimension. The coordinates of `begin` are found once by division; after that each
// row's layout bases are carried from the previous row by adding strides (no division per
// element). The inner loop is a counted loop over k, with the element index of a layout at
// base + k * inner stride (k for a unit stride, the base for a zero stride: a load the
// optimizer hoists out of the row), so it vectorizes like the flat loop. State between rows
// lives in stack slots that SROA turns into registers.
void ElementLoops::emit_rows(llvm::Function* fn, llvm::BasicBlock* entry, bool fast_trig, bool rare) {
  auto& b = cx_.builder;
  llvm::LLVMContext& c = cx_.context;
  const ir::KernelIR& kernel = cx_.kernel;
  const int rank = kernel.rank;
  const std::size_t num_layouts = kernel.layouts.size();
  Type* i64 = b.getInt64Ty();
  auto size = [&](int d) { return cx_.param(kernel.shape_slot + d); };
  // Per-output layouts (a reduction kernel's) are not walked here: stride 0 keeps them inert.
  auto stride = [&](std::size_t l, int d) -> Value* {
    return kernel.layouts[l].per_output ? b.getInt64(0) : cx_.param(kernel.layouts[l].stride_slot + d);
  };
  Value* begin = fn->getArg(0);
  Value* end = fn->getArg(1);

  auto* start = llvm::BasicBlock::Create(c, "start", fn);
  auto* row = llvm::BasicBlock::Create(c, "row", fn);
  auto* inner = llvm::BasicBlock::Create(c, "inner", fn);
  auto* row_done = llvm::BasicBlock::Create(c, "row_done", fn);
  auto* exit = llvm::BasicBlock::Create(c, "exit", fn);

  b.SetInsertPoint(entry);
  std::vector<llvm::AllocaInst*> coordinate(static_cast<std::size_t>(rank));  // outer dimensions
  for (auto& slot : coordinate) slot = b.CreateAlloca(i64, nullptr, "coordinate");
  std::vector<llvm::AllocaInst*> base(num_layouts);  // element index of column 0 of the row
  for (auto& slot : base) slot = b.CreateAlloca(i64, nullptr, "base");
  llvm::AllocaInst* row_first = b.CreateAlloca(i64, nullptr, "row_first");  // flat index of column 0
  llvm::AllocaInst* column = b.CreateAlloca(i64, nullptr, "column");        // first column to compute
  llvm::AllocaInst* huge_slot = fast_trig ? b.CreateAlloca(b.getInt1Ty(), nullptr, "huge") : nullptr;
  if (huge_slot) b.CreateStore(b.getFalse(), huge_slot);
  b.CreateCondBr(b.CreateICmpSLT(begin, end), start, exit);

  // Coordinates of begin, innermost first.
  b.SetInsertPoint(start);
  Value* rest = begin;
  Value* first_column = b.CreateURem(rest, size(rank - 1));
  rest = b.CreateUDiv(rest, size(rank - 1));
  std::vector<Value*> bases(num_layouts, b.getInt64(0));
  for (int d = rank - 2; d >= 0; --d) {
    Value* coord = d == 0 ? rest : b.CreateURem(rest, size(d));
    if (d > 0) rest = b.CreateUDiv(rest, size(d));
    b.CreateStore(coord, coordinate[static_cast<std::size_t>(d)]);
    for (std::size_t l = 0; l < num_layouts; ++l) bases[l] = b.CreateAdd(bases[l], b.CreateMul(coord, stride(l, d)));
  }
  for (std::size_t l = 0; l < num_layouts; ++l) b.CreateStore(bases[l], base[l]);
  b.CreateStore(b.CreateSub(begin, first_column), row_first);
  b.CreateStore(first_column, column);
  b.CreateBr(row);

  // One row: columns [column, min(size, end - row_first)).
  b.SetInsertPoint(row);
  Value* first = b.CreateLoad(i64, row_first, "first");
  Value* k0 = b.CreateLoad(i64, column, "k0");
  Value* stop =
      b.CreateBinaryIntrinsic(llvm::Intrinsic::smin, size(rank - 1), b.CreateSub(end, first), nullptr, "stop");
  std::vector<Value*> row_base(num_layouts);
  for (std::size_t l = 0; l < num_layouts; ++l) row_base[l] = b.CreateLoad(i64, base[l], "row_base");
  Value* huge_in = huge_slot ? b.CreateLoad(b.getInt1Ty(), huge_slot) : nullptr;
  const Accumulators row_initial = cx_.reductions.empty() ? Accumulators{} : load_accumulators(cx_, acc_ptr_);
  b.CreateBr(inner);

  b.SetInsertPoint(inner);
  llvm::PHINode* k = b.CreatePHI(i64, 2, "k");
  k->addIncoming(k0, row);
  llvm::PHINode* huge = nullptr;
  if (fast_trig) {
    huge = b.CreatePHI(b.getInt1Ty(), 2, "huge");
    huge->addIncoming(huge_in, row);
    cx_.huge = huge;
  }
  const Accumulators phis = accumulator_phis(cx_, row_initial, row);
  acc_ = phis;
  cx_.layouts_at.assign(num_layouts, nullptr);
  for (std::size_t l = 0; l < num_layouts; ++l) {
    if (kernel.layouts[l].per_output) continue;
    switch (kernel.layouts[l].inner) {
      case ir::InnerStride::Unit: cx_.layouts_at[l] = b.CreateAdd(row_base[l], k); break;
      case ir::InnerStride::Zero: cx_.layouts_at[l] = row_base[l]; break;
      case ir::InnerStride::Runtime:
        cx_.layouts_at[l] = b.CreateAdd(row_base[l], b.CreateMul(k, stride(l, rank - 1)));
        break;
    }
  }
  emit_element(b.CreateAdd(first, k, "i"));
  Value* next = b.CreateAdd(k, b.getInt64(1), "k.next", /*HasNUW=*/true, /*HasNSW=*/true);
  llvm::BasicBlock* latch_block = b.GetInsertBlock();
  k->addIncoming(next, latch_block);
  if (huge) huge->addIncoming(cx_.huge, latch_block);
  close_accumulator_phis(cx_, phis, acc_, latch_block);
  auto* latch = b.CreateCondBr(b.CreateICmpSLT(next, stop), inner, row_done);
  latch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(cx_, rare));

  // Next row: flat index on by a row; the outer coordinates count up with carries.
  b.SetInsertPoint(row_done);
  if (!cx_.reductions.empty()) store_accumulators(cx_, acc_ptr_, acc_);
  if (huge_slot) b.CreateStore(cx_.huge, huge_slot);
  Value* next_first = b.CreateAdd(first, size(rank - 1));
  b.CreateStore(next_first, row_first);
  b.CreateStore(b.getInt64(0), column);
  auto* carry = llvm::BasicBlock::Create(c, "carry", fn);
  b.CreateCondBr(b.CreateICmpSLT(next_first, end), rank > 1 ? carry : exit, exit);
  if (rank == 1) {
    carry->eraseFromParent();
  } else {
    b.SetInsertPoint(carry);
    for (int d = rank - 2; d >= 0; --d) {
      auto slot = coordinate[static_cast<std::size_t>(d)];
      Value* coord = b.CreateAdd(b.CreateLoad(i64, slot), b.getInt64(1));
      auto* step = llvm::BasicBlock::Create(c, "step", fn);
      auto* wrap = d > 0 ? llvm::BasicBlock::Create(c, "wrap", fn) : nullptr;
      if (wrap) b.CreateCondBr(b.CreateICmpSLT(coord, size(d)), step, wrap);
      else b.CreateBr(step);  // the outermost never wraps before end
      b.SetInsertPoint(step);
      b.CreateStore(coord, slot);
      for (std::size_t l = 0; l < num_layouts; ++l)
        b.CreateStore(b.CreateAdd(b.CreateLoad(i64, base[l]), stride(l, d)), base[l]);
      b.CreateBr(row);
      if (!wrap) break;
      b.SetInsertPoint(wrap);
      b.CreateStore(b.getInt64(0), slot);
      for (std::size_t l = 0; l < num_layouts; ++l) {
        Value* back = b.CreateMul(b.CreateSub(size(d), b.getInt64(1)), stride(l, d));
        b.CreateStore(b.CreateSub(b.CreateLoad(i64, base[l]), back), base[l]);
      }
    }
  }

  b.SetInsertPoint(exit);
  if (huge_slot) b.CreateRet(b.CreateLoad(b.getInt1Ty(), huge_slot));
  else b.CreateRetVoid();
}

}  // namespace sinter::llvm_backend
