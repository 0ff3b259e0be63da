// A reduction kernel's entry point (reduction_entry.h). ReduceCall's mode: 0 runs the body and
// finishes, 1 runs it and writes the accumulators to the partials (one part of a split
// reduction), 2 combines the parts in order and finishes.
#include "codegen/llvm/reduction_entry.h"

#include <llvm/IR/Instructions.h>

#include <cstdint>
#include <vector>

#include "codegen/llvm/accumulators.h"
#include "codegen/llvm/instruction_spelling.h"
#include "codegen/llvm/reduction_folds.h"
#include "codegen/llvm/short_reduction.h"

namespace sinter::llvm_backend {

using llvm::Type;
using llvm::Value;

llvm::Function* declare_reduce_entry(LoweringContext& cx, const std::string& symbol) {
  llvm::Type* i64 = cx.builder.getInt64Ty();
  llvm::Type* ptr = cx.builder.getPtrTy();
  auto* type = llvm::FunctionType::get(cx.builder.getVoidTy(), {i64, i64, ptr, ptr, ptr}, false);
  auto* fn = llvm::Function::Create(type, llvm::Function::ExternalLinkage, symbol, cx.module);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  return fn;
}

ReduceCallFields load_reduce_call(LoweringContext& cx, Value* call) {
  auto& b = cx.builder;
  Type* i64 = b.getInt64Ty();
  auto field = [&](unsigned index, Type* t) { return b.CreateLoad(t, b.CreateConstInBoundsGEP1_64(i64, call, index)); };
  // A braced list evaluates in order: the loads follow the fields.
  return {field(0, i64), field(1, i64), field(2, i64), field(3, b.getPtrTy()), field(4, i64), field(5, i64)};
}

void finish_output(LoweringContext& cx, Value* o, llvm::function_ref<std::pair<Value*, Value*>(std::size_t)> folded) {
  auto& b = cx.builder;
  const ir::KernelIR& kernel = cx.kernel;
  const KernelReductions& reductions = cx.reductions;
  std::vector<Value*> values(kernel.body.size());
  for (std::size_t j = 0, k = 0; j < kernel.body.size(); ++j) {
    const ir::Instr& in = kernel.body[j];
    if (!in.per_output) continue;
    if (!is_reduction(in.op)) {
      values[j] = spell_instruction(cx, in, values, o);
      continue;
    }
    auto [value, position] = folded(k);
    if (reductions.has_position(k)) values[j] = position;
    else if (reductions.acc_dtype(k) != in.dtype) values[j] = b.CreateFPTrunc(value, value_type(cx.context, in.dtype));
    else values[j] = value;
    ++k;
  }
  store_outputs(cx, values, o);
}

void define_reduction_entry(LoweringContext& cx, const std::string& symbol, llvm::Function* body,
                            llvm::Function* precise, ColumnReduction* columns) {
  auto& b = cx.builder;
  llvm::LLVMContext& c = cx.context;
  const ir::KernelIR& kernel = cx.kernel;
  const KernelReductions& reductions = cx.reductions;
  llvm::Function* short_walk =  // short_reduction.h
      has_short_walk(kernel, columns != nullptr, precise != nullptr) ? define_short_walk(cx) : nullptr;
  Type* i64 = b.getInt64Ty();
  llvm::Function* fn = declare_reduce_entry(cx, symbol);
  auto* entry = llvm::BasicBlock::Create(c, "entry", fn);
  auto* outer = llvm::BasicBlock::Create(c, "output", fn);
  auto* run = llvm::BasicBlock::Create(c, "run", fn);
  auto* combine = llvm::BasicBlock::Create(c, "combine", fn);
  auto* combine_part = llvm::BasicBlock::Create(c, "combine_part", fn);
  auto* after_run = llvm::BasicBlock::Create(c, "after_run", fn);
  auto* write_partial = llvm::BasicBlock::Create(c, "write_partial", fn);
  auto* finish = llvm::BasicBlock::Create(c, "finish", fn);
  auto* latch = llvm::BasicBlock::Create(c, "next_output", fn);
  auto* exit = llvm::BasicBlock::Create(c, "exit", fn);

  b.SetInsertPoint(entry);
  Value* begin = fn->getArg(0);
  Value* end = fn->getArg(1);
  cx.load_parameters(fn->getArg(2), fn->getArg(3));
  const ReduceCallFields call = load_reduce_call(cx, fn->getArg(4));
  const std::uint64_t slots_bytes = 16 * reductions.size();
  auto* acc = b.CreateAlloca(llvm::ArrayType::get(b.getInt8Ty(), slots_bytes), nullptr, "acc");
  acc->setAlignment(llvm::Align(16));
  llvm::AllocaInst* saved = nullptr;
  if (precise && !columns) {
    saved = b.CreateAlloca(llvm::ArrayType::get(b.getInt8Ty(), slots_bytes), nullptr, "saved");
    saved->setAlignment(llvm::Align(16));
  }
  llvm::AllocaInst* block = columns ? columns->allocate_block() : nullptr;
  Value* outputs = b.CreateSub(end, begin);
  Accumulators identities;
  for (std::size_t k = 0; k < reductions.size(); ++k) {
    identities.value.push_back(identity(cx, reductions.op(k), reductions.operand_dtype(k)));
    identities.position.push_back(reductions.has_position(k) ? llvm::ConstantInt::getSigned(i64, -1) : nullptr);
  }
  if (short_walk) {  // outputs of all their elements, short enough: the short walk takes the lengths it can
    auto* try_short = llvm::BasicBlock::Create(c, "short_walk", fn);
    auto* per_output = llvm::BasicBlock::Create(c, "per_output", fn);
    Value* whole = b.CreateAnd(b.CreateICmpEQ(call.r_begin, b.getInt64(0)), b.CreateICmpEQ(call.r_end, call.reduce_n));
    // The bound here, not only inside the walk: without it the per-output walk of sums over 16
    // elements ran 1.6x slower (5.1 against 3.1 ms for 2^23 float32 elements).
    Value* short_enough =
        b.CreateICmpSLE(call.reduce_n, b.getInt64(static_cast<std::uint64_t>(longest_short_walk(reductions))));
    b.CreateCondBr(b.CreateAnd(b.CreateAnd(b.CreateICmpEQ(call.mode, b.getInt64(0)), whole), short_enough), try_short,
                   per_output);
    b.SetInsertPoint(try_short);
    std::vector<Value*> args{begin, end, call.reduce_n};
    args.insert(args.end(), cx.buffers.begin(), cx.buffers.end());
    args.insert(args.end(), cx.scalars.begin(), cx.scalars.end());
    b.CreateCondBr(b.CreateCall(short_walk, args), exit, per_output);
    b.SetInsertPoint(per_output);
  }
  llvm::BasicBlock* before_outputs = b.GetInsertBlock();
  b.CreateCondBr(b.CreateICmpSLT(begin, end), outer, exit);

  b.SetInsertPoint(outer);
  llvm::PHINode* o = b.CreatePHI(i64, 2, "o");
  o->addIncoming(begin, before_outputs);
  Value* local = b.CreateSub(o, begin);
  store_accumulators(cx, acc, identities);
  b.CreateCondBr(b.CreateICmpEQ(call.mode, b.getInt64(2)), combine, run);

  // The output's elements [r_begin, r_end): flat indices from o * reduce_n.
  b.SetInsertPoint(run);
  if (columns) {
    columns->run_block(fn, body, precise, block, o, begin, end, call.r_begin, call.r_end, identities);
    store_accumulators(cx, acc, columns->output_accumulators(block, local));
    b.CreateBr(after_run);
  } else {
    Value* base = b.CreateMul(o, call.reduce_n);
    std::vector<Value*> args{b.CreateAdd(base, call.r_begin), b.CreateAdd(base, call.r_end)};
    args.insert(args.end(), cx.buffers.begin(), cx.buffers.end());
    args.insert(args.end(), cx.scalars.begin(), cx.scalars.end());
    args.push_back(acc);
    args.push_back(base);
    if (precise) {  // the libm body redoes the range from the accumulators as they were
      b.CreateMemCpy(saved, llvm::Align(16), acc, llvm::Align(16), slots_bytes);
      Value* any_huge = b.CreateCall(body, args);
      auto* redo = llvm::BasicBlock::Create(c, "redo", fn);
      b.CreateCondBr(any_huge, redo, after_run);
      b.SetInsertPoint(redo);
      b.CreateMemCpy(acc, llvm::Align(16), saved, llvm::Align(16), slots_bytes);
      b.CreateCall(precise, args);
    } else {
      b.CreateCall(body, args);
    }
    b.CreateBr(after_run);
  }
  b.SetInsertPoint(after_run);
  b.CreateCondBr(b.CreateICmpEQ(call.mode, b.getInt64(1)), write_partial, finish);

  b.SetInsertPoint(write_partial);
  Value* destination = b.CreateInBoundsGEP(b.getInt8Ty(), call.partials, b.CreateMul(local, b.getInt64(slots_bytes)));
  b.CreateMemCpy(destination, llvm::Align(8), acc, llvm::Align(16), slots_bytes);
  b.CreateBr(latch);

  // Partial accumulators, part by part in order, folded into the identities.
  b.SetInsertPoint(combine);
  b.CreateCondBr(b.CreateICmpSGT(call.parts, b.getInt64(0)), combine_part, finish);
  b.SetInsertPoint(combine_part);
  llvm::PHINode* part = b.CreatePHI(i64, 2, "part");
  part->addIncoming(b.getInt64(0), combine);
  {
    Value* slot = b.CreateAdd(b.CreateMul(part, outputs), local);
    Value* source = b.CreateInBoundsGEP(b.getInt8Ty(), call.partials, b.CreateMul(slot, b.getInt64(slots_bytes)));
    Accumulators current = load_accumulators(cx, acc);
    const Accumulators partial = load_accumulators(cx, source);
    for (std::size_t k = 0; k < reductions.size(); ++k)
      fold(cx, reductions.op(k), reductions.operand_dtype(k), current.value[k], current.position[k], partial.value[k],
           partial.position[k]);
    store_accumulators(cx, acc, current);
  }
  Value* next_part = b.CreateAdd(part, b.getInt64(1));
  part->addIncoming(next_part, b.GetInsertBlock());
  b.CreateCondBr(b.CreateICmpSLT(next_part, call.parts), combine_part, finish);

  // Per-output instructions at output o, then the stores.
  b.SetInsertPoint(finish);
  cx.fast_trig = false;  // once per output: libm's sin and cos
  const int kept = kernel.rank - kernel.reduce_rank;
  cx.layouts_at.assign(kernel.layouts.size(), nullptr);
  {
    std::vector<Value*> offsets(kernel.layouts.size(), b.getInt64(0));
    Value* rest = o;
    for (int d = kept - 1; d >= 0; --d) {
      Value* size = cx.param(kernel.shape_slot + d);
      Value* coord = d == 0 ? rest : b.CreateURem(rest, size);
      if (d > 0) rest = b.CreateUDiv(rest, size);
      for (std::size_t l = 0; l < kernel.layouts.size(); ++l)
        if (kernel.layouts[l].per_output)
          offsets[l] = b.CreateAdd(offsets[l], b.CreateMul(coord, cx.param(kernel.layouts[l].stride_slot + d)));
    }
    for (std::size_t l = 0; l < kernel.layouts.size(); ++l)
      if (kernel.layouts[l].per_output) cx.layouts_at[l] = offsets[l];
  }
  const Accumulators final_state = load_accumulators(cx, acc);
  finish_output(cx, o, [&](std::size_t k) { return std::pair{final_state.value[k], final_state.position[k]}; });
  b.CreateBr(latch);

  b.SetInsertPoint(latch);
  Value* next = b.CreateAdd(o, b.getInt64(1));
  o->addIncoming(next, latch);
  b.CreateCondBr(b.CreateICmpSLT(next, end), outer, exit);
  b.SetInsertPoint(exit);
  b.CreateRetVoid();
}

}  // namespace sinter::llvm_backend
