// The short walk of a reduction entry (short_reduction.h): blocks of outputs along the last kept
// dimension, each position of the short axis folded across the block in one vectorizable loop.
#include "codegen/llvm/short_reduction.h"

#include <llvm/IR/Instructions.h>

#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "codegen/llvm/control_flow.h"
#include "codegen/llvm/instruction_spelling.h"
#include "codegen/llvm/reduction_entry.h"
#include "codegen/llvm/reduction_folds.h"

namespace sinter::llvm_backend {
namespace {

using llvm::BasicBlock;
using llvm::Type;
using llvm::Value;

// The hints of the loops over outputs: vectorized (with the float32 width where float32 elements
// widen into float64 accumulators, as loop_hints.h) and not interleaved: each output's
// accumulators are its own, so no chain of adds needs a second copy of the body to hide its
// latency, and one copy of an unrolled body keeps the compile time down.
// The loops of the block walk stay scalar: their elements are a runtime stride apart, and the
// loop vectorizer made a vector loop only for a stride of 1 (one element per output) at twice
// the compile time of the kernel.
llvm::MDNode* short_loop_hints(LoweringContext& cx, bool vectorize) {
  llvm::LLVMContext& c = cx.context;
  auto hint = [&](const char* key, unsigned value) {
    return llvm::MDNode::get(c,
                             {llvm::MDString::get(c, key), llvm::ConstantAsMetadata::get(cx.builder.getInt32(value))});
  };
  std::vector<llvm::Metadata*> ops{nullptr, hint("llvm.loop.interleave.count", 1)};
  if (!vectorize) ops.push_back(hint("llvm.loop.vectorize.enable", 0));
  else if (cx.reductions.widens_float32() && cx.vector_bits >= 64)
    ops.push_back(hint("llvm.loop.vectorize.width", cx.vector_bits / 32));
  llvm::MDNode* md = llvm::MDNode::getDistinct(c, ops);
  md->replaceOperandWith(0, md);
  return md;
}

// A counted loop over [from, to) at the builder's position: body(i) writes one iteration (it may
// add blocks); the builder is left after the loop. `vectorize`: short_loop_hints.
template <class Body>
void counted_loop(LoweringContext& cx, llvm::Function* fn, Value* from, Value* to, const char* name, bool vectorize,
                  Body body) {
  auto& b = cx.builder;
  BasicBlock* before = b.GetInsertBlock();
  auto* loop = BasicBlock::Create(cx.context, name, fn);
  auto* done = BasicBlock::Create(cx.context, std::string(name) + "_done", fn);
  b.CreateCondBr(b.CreateICmpSLT(from, to), loop, done);
  b.SetInsertPoint(loop);
  llvm::PHINode* i = b.CreatePHI(b.getInt64Ty(), 2, name);
  i->addIncoming(from, before);
  body(static_cast<Value*>(i));
  Value* next = b.CreateAdd(i, b.getInt64(1), "", /*HasNUW=*/true, /*HasNSW=*/true);
  i->addIncoming(next, b.GetInsertBlock());
  auto* latch = b.CreateCondBr(b.CreateICmpSLT(next, to), loop, done);
  latch->setMetadata(llvm::LLVMContext::MD_loop, short_loop_hints(cx, vectorize));
  b.SetInsertPoint(done);
}

// The block's accumulators: per reduction a stack array of values and, for argmin/argmax, one
// of positions, indexed by the output's place in the block.
struct BlockArrays {
  std::vector<Value*> values, positions;
};

BlockArrays allocate_arrays(LoweringContext& cx, llvm::Function* fn) {
  llvm::IRBuilder<> top(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  BlockArrays a;
  for (std::size_t k = 0; k < cx.reductions.size(); ++k) {
    Type* t = memory_type(cx.context, cx.reductions.acc_dtype(k));
    a.values.push_back(top.CreateAlloca(llvm::ArrayType::get(t, kShortBlock), nullptr, "short_acc"));
    a.positions.push_back(
        cx.reductions.has_position(k)
            ? top.CreateAlloca(llvm::ArrayType::get(top.getInt64Ty(), kShortBlock), nullptr, "short_at")
            : nullptr);
  }
  return a;
}

Value* load_value(LoweringContext& cx, const BlockArrays& a, std::size_t k, Value* slot) {
  auto& b = cx.builder;
  const DType t = cx.reductions.acc_dtype(k);
  Value* v =
      b.CreateLoad(memory_type(cx.context, t), b.CreateInBoundsGEP(memory_type(cx.context, t), a.values[k], slot));
  return t == DType::Bool ? b.CreateICmpNE(v, b.getInt8(0)) : v;
}

void store_state(LoweringContext& cx, const BlockArrays& a, std::size_t k, Value* slot, Value* value, Value* position) {
  auto& b = cx.builder;
  const DType t = cx.reductions.acc_dtype(k);
  if (t == DType::Bool) value = b.CreateZExt(value, b.getInt8Ty());
  b.CreateStore(value, b.CreateInBoundsGEP(memory_type(cx.context, t), a.values[k], slot));
  if (a.positions[k]) b.CreateStore(position, b.CreateInBoundsGEP(b.getInt64Ty(), a.positions[k], slot));
}

Value* load_position(LoweringContext& cx, const BlockArrays& a, std::size_t k, Value* slot) {
  auto& b = cx.builder;
  return b.CreateLoad(b.getInt64Ty(), b.CreateInBoundsGEP(b.getInt64Ty(), a.positions[k], slot));
}

// The walk over outputs [begin, end) row by row (a row: the last kept dimension; flat: one row
// of every output): the coordinates of begin by division, then carried. per_row(first, k0,
// stop, row_base) writes the outputs first + [k0, stop) of a row whose element and per-output
// layouts start at row_base; the walk branches to `exit` at the end.
template <class PerRow>
void walk_rows(LoweringContext& cx, llvm::Function* fn, Value* begin, Value* end, BasicBlock* exit, PerRow per_row) {
  auto& b = cx.builder;
  llvm::LLVMContext& c = cx.context;
  const ir::KernelIR& kernel = cx.kernel;
  const bool flat = kernel.rank == 0;
  const int kept = flat ? 1 : kernel.rank - 1;
  const std::size_t num_layouts = kernel.layouts.size();
  Type* i64 = b.getInt64Ty();
  // Strides over dimension d < kept: an element layout's of the whole space, a per-output
  // layout's of the kept dimensions; both carried by the same coordinates.
  auto stride = [&](std::size_t l, int d) { return cx.param(kernel.layouts[l].stride_slot + d); };
  auto size = [&](int d) { return cx.param(kernel.shape_slot + d); };
  Value* row_length = flat ? end : size(kept - 1);

  std::vector<llvm::AllocaInst*> coordinate, base(num_layouts);
  llvm::AllocaInst *row_first = nullptr, *column = nullptr;
  {
    llvm::IRBuilder<> top(&fn->getEntryBlock(), fn->getEntryBlock().begin());
    for (int d = 0; d + 1 < kept; ++d) coordinate.push_back(top.CreateAlloca(i64, nullptr, "short_coordinate"));
    for (auto& slot : base) slot = top.CreateAlloca(i64, nullptr, "short_base");
    row_first = top.CreateAlloca(i64, nullptr, "short_row_first");
    column = top.CreateAlloca(i64, nullptr, "short_column");
  }

  // Coordinates of begin, innermost first.
  Value* rest = begin;
  Value* first_column = flat ? begin : b.CreateURem(rest, row_length);
  if (!flat) rest = b.CreateUDiv(rest, row_length);
  std::vector<Value*> bases(num_layouts, b.getInt64(0));
  for (int d = kept - 2; d >= 0; --d) {
    Value* coord = d == 0 ? rest : b.CreateURem(rest, size(d));
    if (d > 0) rest = b.CreateUDiv(rest, size(d));
    b.CreateStore(coord, coordinate[static_cast<std::size_t>(d)]);
    for (std::size_t l = 0; l < num_layouts; ++l) bases[l] = b.CreateAdd(bases[l], b.CreateMul(coord, stride(l, d)));
  }
  for (std::size_t l = 0; l < num_layouts; ++l) b.CreateStore(bases[l], base[l]);
  b.CreateStore(b.CreateSub(begin, first_column), row_first);
  b.CreateStore(first_column, column);
  auto* row = BasicBlock::Create(c, "short_row", fn);
  b.CreateBr(row);

  b.SetInsertPoint(row);
  Value* first = b.CreateLoad(i64, row_first, "first");
  Value* k0 = b.CreateLoad(i64, column, "k0");
  Value* stop = b.CreateBinaryIntrinsic(llvm::Intrinsic::smin, row_length, b.CreateSub(end, first), nullptr, "stop");
  std::vector<Value*> row_base(num_layouts);
  for (std::size_t l = 0; l < num_layouts; ++l) row_base[l] = b.CreateLoad(i64, base[l], "row_base");
  per_row(first, k0, stop, row_base);

  // Next row: the outer kept coordinates count up with carries.
  Value* next_first = b.CreateAdd(first, row_length);
  b.CreateStore(next_first, row_first);
  b.CreateStore(b.getInt64(0), column);
  if (kept == 1) {
    b.CreateBr(exit);
    return;
  }
  auto* carry = BasicBlock::Create(c, "short_carry", fn);
  b.CreateCondBr(b.CreateICmpSLT(next_first, end), carry, exit);
  b.SetInsertPoint(carry);
  for (int d = kept - 2; d >= 0; --d) {
    auto* slot = coordinate[static_cast<std::size_t>(d)];
    Value* coord = b.CreateAdd(b.CreateLoad(i64, slot), b.getInt64(1));
    auto* step = BasicBlock::Create(c, "short_step", fn);
    auto* wrap = d > 0 ? BasicBlock::Create(c, "short_wrap", fn) : nullptr;
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

// Each element layout's offset of position r along the reduced dimension.
std::vector<Value*> offsets_along_r(LoweringContext& cx, Value* r) {
  auto& b = cx.builder;
  const ir::KernelIR& kernel = cx.kernel;
  std::vector<Value*> along(kernel.layouts.size(), nullptr);
  for (std::size_t l = 0; l < kernel.layouts.size(); ++l) {
    if (kernel.layouts[l].per_output) continue;
    switch (kernel.layouts[l].inner) {
      case ir::InnerStride::Unit: along[l] = r; break;
      case ir::InnerStride::Zero: along[l] = b.getInt64(0); break;
      case ir::InnerStride::Runtime:
        along[l] = b.CreateMul(r, cx.param(kernel.layouts[l].stride_slot + kernel.rank - 1));
        break;
    }
  }
  return along;
}

// Points cx.layouts_at at output kk of the row (element layouts also at position r, with
// `along` from offsets_along_r; per-output layouts when along is empty).
void place_layouts(LoweringContext& cx, const std::vector<Value*>& row_base, Value* kk,
                   const std::vector<Value*>& along) {
  auto& b = cx.builder;
  const ir::KernelIR& kernel = cx.kernel;
  const int kept = kernel.rank == 0 ? 1 : kernel.rank - 1;
  cx.layouts_at.assign(kernel.layouts.size(), nullptr);
  for (std::size_t l = 0; l < kernel.layouts.size(); ++l) {
    if (kernel.layouts[l].per_output != along.empty()) continue;
    Value* at = b.CreateAdd(row_base[l], b.CreateMul(kk, cx.param(kernel.layouts[l].stride_slot + kept - 1)));
    cx.layouts_at[l] = along.empty() ? at : b.CreateAdd(at, along[l]);
  }
}

// The per-element values at flat index i folded into (value, position) k by k, at position r.
void fold_element(LoweringContext& cx, Value* i, Value* r, std::vector<Value*>& value, std::vector<Value*>& position) {
  auto& b = cx.builder;
  const KernelReductions& reductions = cx.reductions;
  std::vector<Value*> values(cx.kernel.body.size());
  spell_instructions(cx, values, i, false);
  for (std::size_t k = 0; k < reductions.size(); ++k) {
    const DType operand = reductions.operand_dtype(k);
    Value* x = values[reductions.operand(k)];
    if (reductions.acc_dtype(k) != operand) x = b.CreateFPExt(x, value_type(cx.context, reductions.acc_dtype(k)));
    fold(cx, reductions.op(k), operand, value[k], position[k], x, r);
  }
}

// Any short length: blocks of outputs, accumulators in stack arrays, one loop over the block per
// position r.
void emit_blocks(LoweringContext& cx, llvm::Function* fn, Value* begin, Value* end, Value* reduce_n,
                 const Accumulators& identities, BasicBlock* exit) {
  auto& b = cx.builder;
  const KernelReductions& reductions = cx.reductions;
  const BlockArrays arrays = allocate_arrays(cx, fn);
  walk_rows(cx, fn, begin, end, exit, [&](Value* first, Value* k0, Value* stop, const std::vector<Value*>& row_base) {
    BasicBlock* row = b.GetInsertBlock();
    auto* block = BasicBlock::Create(cx.context, "short_block", fn);
    auto* row_done = BasicBlock::Create(cx.context, "short_row_done", fn);
    b.CreateBr(block);
    b.SetInsertPoint(block);
    llvm::PHINode* kb = b.CreatePHI(b.getInt64Ty(), 2, "kb");
    kb->addIncoming(k0, row);
    Value* kb_end = b.CreateBinaryIntrinsic(llvm::Intrinsic::smin, b.CreateAdd(kb, b.getInt64(kShortBlock)), stop);
    counted_loop(cx, fn, kb, kb_end, "short_init", false, [&](Value* kk) {
      Value* slot = b.CreateSub(kk, kb);
      for (std::size_t k = 0; k < reductions.size(); ++k)
        store_state(cx, arrays, k, slot, identities.value[k], identities.position[k]);
    });
    counted_loop(cx, fn, b.getInt64(0), reduce_n, "short_r", false, [&](Value* r) {
      const std::vector<Value*> along = offsets_along_r(cx, r);
      counted_loop(cx, fn, kb, kb_end, "short_fold", false, [&](Value* kk) {
        place_layouts(cx, row_base, kk, along);
        Value* slot = b.CreateSub(kk, kb);
        std::vector<Value*> value(reductions.size()), position(reductions.size());
        for (std::size_t k = 0; k < reductions.size(); ++k) {
          value[k] = load_value(cx, arrays, k, slot);
          position[k] = reductions.has_position(k) ? load_position(cx, arrays, k, slot) : nullptr;
        }
        fold_element(cx, b.CreateAdd(b.CreateMul(b.CreateAdd(first, kk), reduce_n), r, "i"), r, value, position);
        for (std::size_t k = 0; k < reductions.size(); ++k) store_state(cx, arrays, k, slot, value[k], position[k]);
      });
    });
    counted_loop(cx, fn, kb, kb_end, "short_finish", false, [&](Value* kk) {
      place_layouts(cx, row_base, kk, {});
      Value* slot = b.CreateSub(kk, kb);
      finish_output(cx, b.CreateAdd(first, kk, "o"), [&](std::size_t k) {
        Value* position = reductions.has_position(k) ? load_position(cx, arrays, k, slot) : nullptr;
        return std::pair<Value*, Value*>{load_value(cx, arrays, k, slot), position};
      });
    });
    Value* kb_next = b.CreateAdd(kb, b.getInt64(kShortBlock));
    kb->addIncoming(kb_next, b.GetInsertBlock());
    b.CreateCondBr(b.CreateICmpSLT(kb_next, stop), block, row_done);
    b.SetInsertPoint(row_done);
  });
}

// A length known here: one loop over the outputs, the `length` positions unrolled in its body
// and the accumulators in registers, so that a vector lane is an output and a contiguous
// operand's elements come in as whole vectors, de-interleaved. With layouts the loop is left to
// the SLP vectorizer: outputs are a runtime stride apart there, the loop vectorizer versioned the
// loop on a stride of 1 (the k-means distances have strides 0 and 2, so the scalar copy ran), and
// without it the distances ran faster (0.74 -> 0.62 ms) and the kernel compiled in 112 against
// 114-138 ms, a column reduction's kernel (which also carries the walk) in 60 against 135-160 ms.
void emit_unrolled(LoweringContext& cx, llvm::Function* fn, Value* begin, Value* end, std::int64_t length,
                   const Accumulators& identities, BasicBlock* exit) {
  auto& b = cx.builder;
  walk_rows(cx, fn, begin, end, exit, [&](Value* first, Value* k0, Value* stop, const std::vector<Value*>& row_base) {
    counted_loop(cx, fn, k0, stop, "short_unrolled", cx.kernel.rank == 0, [&](Value* kk) {
      Value* o = b.CreateAdd(first, kk, "o");
      std::vector<Value*> value = identities.value, position = identities.position;
      for (std::int64_t r = 0; r < length; ++r) {
        Value* at = b.getInt64(static_cast<std::uint64_t>(r));
        place_layouts(cx, row_base, kk, offsets_along_r(cx, at));
        Value* i = b.CreateAdd(b.CreateMul(o, b.getInt64(static_cast<std::uint64_t>(length))), at, "i");
        fold_element(cx, i, at, value, position);
      }
      place_layouts(cx, row_base, kk, {});
      finish_output(cx, o, [&](std::size_t k) { return std::pair<Value*, Value*>{value[k], position[k]}; });
    });
  });
}

}  // namespace

bool has_short_walk(const ir::KernelIR& kernel, bool columns, bool trig) {
  if (columns || trig || kernel.phases > 0) return false;
  return kernel.rank == 0 || (kernel.reduce_rank == 1 && kernel.rank >= 2);
}

llvm::Function* define_short_walk(LoweringContext& cx) {
  auto& b = cx.builder;
  llvm::Function* fn = cx.create_body_function("short_walk", 3, {}, /*fast=*/true, false);  // returns i1
  cx.fast_trig = false;  // has_short_walk: no sin or cos among the elements
  fn->removeFnAttr(llvm::Attribute::AlwaysInline);
  fn->addFnAttr(llvm::Attribute::NoInline);
  Value* begin = fn->getArg(0);
  Value* end = fn->getArg(1);
  Value* reduce_n = fn->getArg(2);
  b.SetInsertPoint(BasicBlock::Create(cx.context, "entry", fn));
  Accumulators identities;
  for (std::size_t k = 0; k < cx.reductions.size(); ++k) {
    identities.value.push_back(identity(cx, cx.reductions.op(k), cx.reductions.operand_dtype(k)));
    identities.position.push_back(cx.reductions.has_position(k) ? llvm::ConstantInt::getSigned(b.getInt64Ty(), -1)
                                                                : nullptr);
  }
  auto* exit = BasicBlock::Create(cx.context, "done", fn);
  auto* otherwise = BasicBlock::Create(cx.context, "not_taken", fn);
  auto* walk = BasicBlock::Create(cx.context, "walk", fn);
  b.CreateCondBr(b.CreateICmpSLT(begin, end), walk, exit);
  b.SetInsertPoint(walk);
  const bool blocks_too = cx.reductions.has_arg_reduction();
  auto* other = blocks_too ? BasicBlock::Create(cx.context, "short_other", fn) : otherwise;
  llvm::SwitchInst* by_length = b.CreateSwitch(reduce_n, other, std::size(kUnrolledLengths));
  for (std::int64_t length : kUnrolledLengths) {
    auto* unrolled = BasicBlock::Create(cx.context, "short_" + std::to_string(length), fn);
    by_length->addCase(b.getInt64(static_cast<std::uint64_t>(length)), unrolled);
    b.SetInsertPoint(unrolled);
    emit_unrolled(cx, fn, begin, end, length, identities, exit);
  }
  if (blocks_too) {
    b.SetInsertPoint(other);
    auto* blocks = BasicBlock::Create(cx.context, "short_blocks", fn);
    b.CreateCondBr(b.CreateICmpSLE(reduce_n, b.getInt64(kShortAxis)), blocks, otherwise);
    b.SetInsertPoint(blocks);
    emit_blocks(cx, fn, begin, end, reduce_n, identities, exit);
  }
  b.SetInsertPoint(exit);
  b.CreateRet(b.getTrue());
  b.SetInsertPoint(otherwise);
  b.CreateRet(b.getFalse());
  return fn;
}

}  // namespace sinter::llvm_backend
