// Reductions of a leading axis in column order (column_reduction.h).
#include "codegen/llvm/column_reduction.h"

#include <llvm/IR/Intrinsics.h>

#include <algorithm>
#include <bit>
#include <string>
#include <vector>

#include "codegen/llvm/control_flow.h"
#include "codegen/llvm/instruction_spelling.h"
#include "codegen/llvm/loop_hints.h"
#include "codegen/llvm/lower_to_llvm.h"
#include "codegen/llvm/reduction_folds.h"

namespace sinter::llvm_backend {
namespace {

constexpr std::int64_t kColumnStackBytes = std::int64_t{128} << 10;

// Rows go kColumnRowsPerPass at a time: each output's accumulators are loaded once, the rows'
// elements folded in row order (the same order, and so the same bits, as one row at a time) and
// stored once, so the accumulator traffic per element read is a fraction of a row's; the rows
// left over go one at a time.
constexpr int kColumnRowsPerPass = 4;

}  // namespace

using llvm::Type;
using llvm::Value;

bool reduces_by_columns(const ir::KernelIR& k) {
  if (!k.is_reduction() || k.rank - k.reduce_rank != 1 || k.reduce_rank < 1) return false;
  bool reads = false;
  for (const ir::Instr& in : k.body) {
    if (in.per_output || in.op != Op::Buffer) continue;
    if (in.layout < 0 || k.layouts[static_cast<std::size_t>(in.layout)].inner == ir::InnerStride::Unit) return false;
    reads = true;
  }
  return reads;
}

/// What the row loops of one column body share.
struct ColumnReduction::RowLoop {
  llvm::Function* fn;
  Value* block;
  Value* o_begin;
  Value* o_end;
  Value* reduced_size;
  llvm::AllocaInst* huge_slot;  // fast trig: the "some argument needs libm" flag between rows
  bool fast_trig;
  bool rare;
};

std::uint64_t ColumnReduction::block_width() const {
  const auto reductions = static_cast<std::int64_t>(std::max<std::size_t>(cx_.reductions.size(), 1));
  return std::bit_floor(static_cast<std::uint64_t>(std::max<std::int64_t>(kColumnStackBytes / (16 * reductions), 256)));
}

// The accumulator arrays of a block: per reduction block_width() values (8 bytes each), then
// block_width() positions.
Value* ColumnReduction::values_of(Value* block, std::size_t k) {
  return cx_.builder.CreateConstInBoundsGEP1_64(cx_.builder.getInt8Ty(), block, k * 16 * block_width());
}
Value* ColumnReduction::positions_of(Value* block, std::size_t k) {
  return cx_.builder.CreateConstInBoundsGEP1_64(cx_.builder.getInt8Ty(), block, (k * 16 + 8) * block_width());
}

llvm::Function* ColumnReduction::define_body(const char* name, bool fast_trig, bool rare) {
  auto& b = cx_.builder;
  llvm::Function* fn = cx_.create_body_function(name, 4, {b.getPtrTy()}, fast_trig, rare);
  Value* block = fn->getArg(cx_.first_trailing(4));
  fn->addParamAttr(cx_.first_trailing(4), llvm::Attribute::NoAlias);
  fn->addParamAttr(cx_.first_trailing(4), llvm::Attribute::NoCapture);
  RowLoop body{fn, block, fn->getArg(0), fn->getArg(1), nullptr, nullptr, fast_trig, rare};
  Value* r_begin = fn->getArg(2);
  Value* r_end = fn->getArg(3);

  auto* entry = llvm::BasicBlock::Create(cx_.context, "entry", fn);
  b.SetInsertPoint(entry);
  body.huge_slot = fast_trig ? b.CreateAlloca(b.getInt1Ty(), nullptr, "huge") : nullptr;
  if (body.huge_slot) b.CreateStore(b.getFalse(), body.huge_slot);
  body.reduced_size = b.getInt64(1);  // elements per output: the flat index is o * that + r
  for (int d = 1; d < cx_.kernel.rank; ++d)
    body.reduced_size = b.CreateMul(body.reduced_size, cx_.param(cx_.kernel.shape_slot + d));
  auto* start = llvm::BasicBlock::Create(cx_.context, "start", fn);
  auto* exit = llvm::BasicBlock::Create(cx_.context, "exit", fn);
  b.CreateCondBr(b.CreateICmpSLT(body.o_begin, body.o_end), start, exit);
  b.SetInsertPoint(start);
  Value* r = emit_rows(body, kColumnRowsPerPass, r_begin, r_end);
  emit_rows(body, 1, r, r_end);
  b.CreateBr(exit);
  b.SetInsertPoint(exit);
  if (body.huge_slot) b.CreateRet(b.CreateLoad(b.getInt1Ty(), body.huge_slot));
  else b.CreateRetVoid();
  return fn;
}

/// From the current block: a loop over r = r_start, r_start + rows, ... while r + rows <= r_end,
/// folding rows r .. r + rows - 1 into the accumulators per output. Leaves the builder in the
/// block after the loop and returns the first position it did not fold.
Value* ColumnReduction::emit_rows(const RowLoop& body, int rows, Value* r_start, Value* r_end) {
  auto& b = cx_.builder;
  llvm::LLVMContext& c = cx_.context;
  const ir::KernelIR& kernel = cx_.kernel;
  const KernelReductions& reductions = cx_.reductions;
  Type* i64 = b.getInt64Ty();
  const std::string tag = std::to_string(rows);
  llvm::BasicBlock* before = b.GetInsertBlock();
  auto* row = llvm::BasicBlock::Create(c, "row" + tag, body.fn);
  auto* inner = llvm::BasicBlock::Create(c, "inner" + tag, body.fn);
  auto* row_done = llvm::BasicBlock::Create(c, "row_done" + tag, body.fn);
  auto* after = llvm::BasicBlock::Create(c, "rows_done" + tag, body.fn);
  auto fits = [&](Value* at) {
    return b.CreateICmpSLE(b.CreateAdd(at, b.getInt64(static_cast<std::uint64_t>(rows))), r_end);
  };
  b.CreateCondBr(fits(r_start), row, after);

  // Positions r .. r + rows - 1: their coordinates over the reduced dimensions give each
  // layout's row offsets.
  b.SetInsertPoint(row);
  llvm::PHINode* r = b.CreatePHI(i64, 2, "r");
  r->addIncoming(r_start, before);
  std::vector<Value*> positions;
  std::vector<std::vector<Value*>> row_offsets;
  for (int q = 0; q < rows; ++q) {
    Value* rq = q == 0 ? static_cast<Value*>(r) : b.CreateAdd(r, b.getInt64(static_cast<std::uint64_t>(q)));
    positions.push_back(rq);
    std::vector<Value*> offset(kernel.layouts.size(), b.getInt64(0));
    Value* rest = rq;
    for (int d = kernel.rank - 1; d >= 1; --d) {
      Value* coord = d == 1 ? rest : b.CreateURem(rest, cx_.param(kernel.shape_slot + d));
      if (d > 1) rest = b.CreateUDiv(rest, cx_.param(kernel.shape_slot + d));
      for (std::size_t l = 0; l < kernel.layouts.size(); ++l)
        if (!kernel.layouts[l].per_output)
          offset[l] = b.CreateAdd(offset[l], b.CreateMul(coord, cx_.param(kernel.layouts[l].stride_slot + d)));
    }
    row_offsets.push_back(std::move(offset));
  }
  Value* huge_in = body.huge_slot ? b.CreateLoad(b.getInt1Ty(), body.huge_slot) : nullptr;
  b.CreateBr(inner);

  // Output o of the block: the elements at (o, r), (o, r + 1), ...
  b.SetInsertPoint(inner);
  llvm::PHINode* o = b.CreatePHI(i64, 2, "o");
  o->addIncoming(body.o_begin, row);
  llvm::PHINode* huge = nullptr;
  if (body.fast_trig) {
    huge = b.CreatePHI(b.getInt1Ty(), 2, "huge");
    huge->addIncoming(huge_in, row);
    cx_.huge = huge;
  }
  std::vector<std::vector<Value*>> values(static_cast<std::size_t>(rows), std::vector<Value*>(kernel.body.size()));
  for (int q = 0; q < rows; ++q) {
    const auto qs = static_cast<std::size_t>(q);
    cx_.layouts_at.assign(kernel.layouts.size(), nullptr);
    for (std::size_t l = 0; l < kernel.layouts.size(); ++l)
      if (!kernel.layouts[l].per_output)
        cx_.layouts_at[l] = b.CreateAdd(row_offsets[qs][l], b.CreateMul(o, cx_.param(kernel.layouts[l].stride_slot)));
    Value* i = b.CreateAdd(b.CreateMul(o, body.reduced_size), positions[qs]);
    spell_instructions(cx_, values[qs], i, false);
  }
  Value* local = b.CreateSub(o, body.o_begin);
  for (std::size_t k = 0; k < reductions.size(); ++k) {
    const DType operand = reductions.operand_dtype(k);
    const DType t = reductions.acc_dtype(k);
    Value* value_at = b.CreateInBoundsGEP(memory_type(c, t), values_of(body.block, k), local);
    Value* value = b.CreateLoad(memory_type(c, t), value_at);
    if (t == DType::Bool) value = b.CreateICmpNE(value, b.getInt8(0));
    Value* position_at =
        reductions.has_position(k) ? b.CreateInBoundsGEP(i64, positions_of(body.block, k), local) : nullptr;
    Value* position = position_at ? b.CreateLoad(i64, position_at) : nullptr;
    for (int q = 0; q < rows; ++q) {
      Value* x = values[static_cast<std::size_t>(q)][reductions.operand(k)];
      if (t != operand) x = b.CreateFPExt(x, value_type(c, t));
      fold(cx_, reductions.op(k), operand, value, position, x, positions[static_cast<std::size_t>(q)]);
    }
    b.CreateStore(t == DType::Bool ? b.CreateZExt(value, b.getInt8Ty()) : value, value_at);
    if (position_at) b.CreateStore(position, position_at);
  }
  Value* next = b.CreateAdd(o, b.getInt64(1), "o.next", true, true);
  llvm::BasicBlock* latch_block = b.GetInsertBlock();
  o->addIncoming(next, latch_block);
  if (huge) huge->addIncoming(cx_.huge, latch_block);
  auto* latch = b.CreateCondBr(b.CreateICmpSLT(next, body.o_end), inner, row_done);
  latch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(cx_, body.rare));

  b.SetInsertPoint(row_done);
  if (body.huge_slot) b.CreateStore(cx_.huge, body.huge_slot);
  Value* r_next = b.CreateAdd(r, b.getInt64(static_cast<std::uint64_t>(rows)));
  r->addIncoming(r_next, row_done);
  b.CreateCondBr(fits(r_next), row, after);

  b.SetInsertPoint(after);
  llvm::PHINode* stop = b.CreatePHI(i64, 2, "r.stop" + tag);
  stop->addIncoming(r_start, before);
  stop->addIncoming(r_next, row_done);
  return stop;
}

llvm::AllocaInst* ColumnReduction::allocate_block() {
  auto& b = cx_.builder;
  llvm::AllocaInst* block = b.CreateAlloca(
      llvm::ArrayType::get(b.getInt8Ty(), 16 * block_width() * cx_.reductions.size()), nullptr, "column_block");
  block->setAlignment(llvm::Align(32));
  return block;
}

void ColumnReduction::run_block(llvm::Function* fn, llvm::Function* body, llvm::Function* precise, Value* block,
                                Value* o, Value* begin, Value* end, Value* r_begin, Value* r_end,
                                const Accumulators& identities) {
  auto& b = cx_.builder;
  llvm::LLVMContext& c = cx_.context;
  Type* i64 = b.getInt64Ty();
  auto* fill = llvm::BasicBlock::Create(c, "column_block", fn);
  auto* done = llvm::BasicBlock::Create(c, "column_block_done", fn);
  Value* local = b.CreateSub(o, begin);
  b.CreateCondBr(b.CreateICmpEQ(b.CreateURem(local, b.getInt64(block_width())), b.getInt64(0)), fill, done);
  b.SetInsertPoint(fill);
  Value* block_end = b.CreateBinaryIntrinsic(llvm::Intrinsic::smin, end, b.CreateAdd(o, b.getInt64(block_width())));
  Value* count = b.CreateSub(block_end, o);
  auto initialize = [&] {
    auto* head = b.GetInsertBlock();
    auto* loop = llvm::BasicBlock::Create(c, "column_init", fn);
    auto* after = llvm::BasicBlock::Create(c, "column_init_done", fn);
    b.CreateBr(loop);
    b.SetInsertPoint(loop);
    llvm::PHINode* j = b.CreatePHI(i64, 2, "j");
    j->addIncoming(b.getInt64(0), head);
    for (std::size_t k = 0; k < cx_.reductions.size(); ++k) {
      const DType t = cx_.reductions.acc_dtype(k);
      Value* v = identities.value[k];
      if (t == DType::Bool) v = b.CreateZExt(v, b.getInt8Ty());
      b.CreateStore(v, b.CreateInBoundsGEP(memory_type(c, t), values_of(block, k), j));
      if (identities.position[k])
        b.CreateStore(identities.position[k], b.CreateInBoundsGEP(i64, positions_of(block, k), j));
    }
    Value* j_next = b.CreateAdd(j, b.getInt64(1));
    j->addIncoming(j_next, loop);
    b.CreateCondBr(b.CreateICmpSLT(j_next, count), loop, after);
    b.SetInsertPoint(after);
  };
  initialize();
  std::vector<Value*> args{o, block_end, r_begin, r_end};
  args.insert(args.end(), cx_.buffers.begin(), cx_.buffers.end());
  args.insert(args.end(), cx_.scalars.begin(), cx_.scalars.end());
  args.push_back(block);
  if (precise) {
    Value* any_huge = b.CreateCall(body, args);
    auto* redo = llvm::BasicBlock::Create(c, "column_redo", fn);
    b.CreateCondBr(any_huge, redo, done);
    b.SetInsertPoint(redo);
    initialize();
    b.CreateCall(precise, args);
  } else {
    b.CreateCall(body, args);
  }
  b.CreateBr(done);
  b.SetInsertPoint(done);
}

Accumulators ColumnReduction::output_accumulators(Value* block, Value* local) {
  auto& b = cx_.builder;
  Type* i64 = b.getInt64Ty();
  Value* local_in_block = b.CreateURem(local, b.getInt64(block_width()));
  Accumulators mine;
  for (std::size_t k = 0; k < cx_.reductions.size(); ++k) {
    const DType t = cx_.reductions.acc_dtype(k);
    Value* v = b.CreateLoad(memory_type(cx_.context, t),
                            b.CreateInBoundsGEP(memory_type(cx_.context, t), values_of(block, k), local_in_block));
    mine.value.push_back(t == DType::Bool ? b.CreateICmpNE(v, b.getInt8(0)) : v);
    mine.position.push_back(cx_.reductions.has_position(k)
                                ? b.CreateLoad(i64, b.CreateInBoundsGEP(i64, positions_of(block, k), local_in_block))
                                : nullptr);
  }
  return mine;
}

}  // namespace sinter::llvm_backend
