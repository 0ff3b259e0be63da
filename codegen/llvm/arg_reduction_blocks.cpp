// argmin and argmax in blocks (ElementLoops::emit_arg_blocks, element_loops.h).
// Folding one element at a time into (value, position) is a chain of compares and selects
// that does not vectorize (about 2 GB/s). Over contiguous elements the kernel instead walks
// blocks of kArgBlock: a vectorized pass computes the elements once, keeps each arg
// reduction's operand in a stack array and folds it into the block's min or max (NaN wins);
// only when that beats the running value (or nothing was seen yet) does a scalar scan find
// its first position in the block. The result is the one-by-one fold's (ir/reduce.h): the
// first extreme, or the first NaN.
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Intrinsics.h>

#include <cstdint>

#include "codegen/llvm/element_loops.h"
#include "codegen/llvm/loop_hints.h"
#include "codegen/llvm/reduction_folds.h"

namespace sinter::llvm_backend {
namespace {
constexpr std::int64_t kArgBlock = 512;
}  // namespace

using llvm::Type;
using llvm::Value;

void ElementLoops::emit_arg_blocks(llvm::Function* fn, llvm::BasicBlock* entry) {
  auto& b = cx_.builder;
  llvm::LLVMContext& c = cx_.context;
  const KernelReductions& reductions = cx_.reductions;
  Type* i64 = b.getInt64Ty();
  auto* outer = llvm::BasicBlock::Create(c, "block", fn);
  auto* inner = llvm::BasicBlock::Create(c, "element", fn);
  auto* block_done = llvm::BasicBlock::Create(c, "block_done", fn);
  auto* exit = llvm::BasicBlock::Create(c, "exit", fn);
  b.SetInsertPoint(entry);
  arg_blocks_.assign(reductions.size(), nullptr);
  for (std::size_t k = 0; k < reductions.size(); ++k)
    if (reductions.has_position(k))
      arg_blocks_[k] = b.CreateAlloca(memory_type(c, reductions.operand_dtype(k)), b.getInt64(kArgBlock), "arg_block");
  Value* begin = fn->getArg(0);
  Value* end = fn->getArg(1);
  const Accumulators initial = load_accumulators(cx_, acc_ptr_);
  b.CreateCondBr(b.CreateICmpSLT(begin, end), outer, exit);

  // One block: [first, last).
  b.SetInsertPoint(outer);
  llvm::PHINode* first = b.CreatePHI(i64, 2, "first");
  first->addIncoming(begin, entry);
  const Accumulators running = accumulator_phis(cx_, initial, entry);
  Value* last = b.CreateBinaryIntrinsic(llvm::Intrinsic::smin, end, b.CreateAdd(first, b.getInt64(kArgBlock)));
  // Inside the block an arg reduction's accumulator is the block's min or max (no position).
  Accumulators block_start = running;
  for (std::size_t k = 0; k < reductions.size(); ++k)
    if (reductions.has_position(k)) {
      block_start.value[k] = identity(cx_, reductions.extreme_op(k), reductions.operand_dtype(k));
      block_start.position[k] = nullptr;
    }
  b.CreateBr(inner);

  b.SetInsertPoint(inner);
  llvm::PHINode* i = b.CreatePHI(i64, 2, "i");
  i->addIncoming(first, outer);
  Accumulators phis;
  for (std::size_t k = 0; k < reductions.size(); ++k) {
    llvm::PHINode* v = b.CreatePHI(block_start.value[k]->getType(), 2, "acc");
    v->addIncoming(block_start.value[k], outer);
    phis.value.push_back(v);
    llvm::PHINode* p = nullptr;
    if (block_start.position[k]) {
      p = b.CreatePHI(i64, 2, "acc.position");
      p->addIncoming(block_start.position[k], outer);
    }
    phis.position.push_back(p);
  }
  acc_ = phis;
  block_first_ = first;
  emit_element(i);
  block_first_ = nullptr;
  Value* next = b.CreateAdd(i, b.getInt64(1), "i.next", /*HasNUW=*/true, /*HasNSW=*/true);
  i->addIncoming(next, b.GetInsertBlock());
  close_accumulator_phis(cx_, phis, acc_, b.GetInsertBlock());
  const Accumulators folded = acc_;
  auto* latch = b.CreateCondBr(b.CreateICmpSLT(next, last), inner, block_done);
  latch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(cx_, false));

  // After the block: each arg reduction takes the block's extreme when it is better.
  b.SetInsertPoint(block_done);
  Accumulators after = folded;
  for (std::size_t k = 0; k < reductions.size(); ++k) {
    if (!reductions.has_position(k)) continue;
    Value* extreme = folded.value[k];
    const DType t = reductions.operand_dtype(k);
    Value* better = arg_takes(cx_, reductions.op(k), t, running.value[k], running.position[k], extreme);
    auto* scan = llvm::BasicBlock::Create(c, "arg_scan", fn);
    auto* found = llvm::BasicBlock::Create(c, "arg_found", fn);
    auto* merged = llvm::BasicBlock::Create(c, "arg_merged", fn);
    auto* from = b.GetInsertBlock();
    b.CreateCondBr(better, scan, merged);
    // The first j in the block whose element is the extreme (both NaN counts as equal).
    b.SetInsertPoint(scan);
    llvm::PHINode* j = b.CreatePHI(i64, 2, "j");
    j->addIncoming(b.getInt64(0), from);
    Value* x = b.CreateLoad(memory_type(c, t), b.CreateInBoundsGEP(memory_type(c, t), arg_blocks_[k], j));
    if (t == DType::Bool) x = b.CreateICmpNE(x, b.getInt8(0));
    Value* same = is_float(t) ? b.CreateOr(b.CreateFCmpOEQ(x, extreme),
                                           b.CreateAnd(b.CreateFCmpUNO(x, x), b.CreateFCmpUNO(extreme, extreme)))
                              : b.CreateICmpEQ(x, extreme);
    Value* j_next = b.CreateAdd(j, b.getInt64(1));
    j->addIncoming(j_next, scan);
    // The extreme is one of the block's elements; the bound only keeps the loop finite.
    b.CreateCondBr(b.CreateOr(same, b.CreateICmpSGE(j_next, b.CreateSub(last, first))), found, scan);
    b.SetInsertPoint(found);
    Value* found_position = b.CreateSub(b.CreateAdd(first, j), position_base_);
    b.CreateBr(merged);
    b.SetInsertPoint(merged);
    llvm::PHINode* v = b.CreatePHI(x->getType(), 2, "arg.value");
    v->addIncoming(running.value[k], from);
    v->addIncoming(x, found);
    llvm::PHINode* p = b.CreatePHI(i64, 2, "arg.position");
    p->addIncoming(running.position[k], from);
    p->addIncoming(found_position, found);
    after.value[k] = v;
    after.position[k] = p;
  }
  acc_ = after;
  close_accumulator_phis(cx_, running, acc_, b.GetInsertBlock());
  first->addIncoming(last, b.GetInsertBlock());
  auto* block_latch = b.CreateCondBr(b.CreateICmpSLT(last, end), outer, exit);

  b.SetInsertPoint(exit);
  store_accumulators(cx_, acc_ptr_, merge_after_loop(cx_, initial, entry, after, block_latch->getParent()));
  b.CreateRetVoid();
  arg_blocks_.clear();
}

}  // namespace sinter::llvm_backend
