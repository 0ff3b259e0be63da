// A scan kernel's entry point (scan.h). Each row's elements go in blocks of kBlock: the producer
// (the kernel's per-element instructions, control flow included) computes the block's values in
// the accumulator type into a stack array, with no dependence between elements, so the loop
// vectorizes like an elementwise kernel; then one loop folds them in order into the running
// value (ir/reduce.h's fold: the interpreter's order, element by element) and stores it.
#include "codegen/llvm/scan.h"

#include <llvm/IR/Instructions.h>

#include <cstdint>
#include <tuple>
#include <vector>

#include "codegen/llvm/accumulators.h"
#include "codegen/llvm/control_flow.h"
#include "codegen/llvm/loop_hints.h"
#include "codegen/llvm/reduction_entry.h"
#include "codegen/llvm/reduction_folds.h"

namespace sinter::llvm_backend {
namespace {

using llvm::BasicBlock;
using llvm::Type;
using llvm::Value;

/// Elements per block: 2 KiB of float64, well inside L1 beside the operands' lines.
constexpr std::uint64_t kBlock = 256;

/// Sums in float64 or int64: the fold of a block may take its elements four at a time.
bool adds_in_quads(Op op, DType acc) { return op == Op::Sum && (acc == DType::Float64 || acc == DType::Int64); }

/// The running sum through `values` [0, length & ~3) four elements per step: the four are summed
/// among themselves in two shifted vector additions (lane j: the sum of elements 0..j of the
/// four), then the running sum is added to every lane and each lane stored (`store_at(k, value)`)
/// and lane 3 is the next running sum. One dependent addition per four elements instead of four:
/// the scalar fold waits on the adder's latency. Ends in the block it returns, with the index
/// reached and the running sum, which the scalar loop finishes.
template <class StoreAt>
std::tuple<BasicBlock*, Value*, Value*> emit_quads(LoweringContext& cx, Value* values, Value* length, Value* running,
                                                   const StoreAt& store_at) {
  auto& b = cx.builder;
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  BasicBlock* entry = b.GetInsertBlock();
  BasicBlock* loop = BasicBlock::Create(cx.context, "quads", fn);
  BasicBlock* done = BasicBlock::Create(cx.context, "quads_done", fn);
  Type* t = running->getType();
  const bool is_float = t->isDoubleTy();
  auto* vector = llvm::FixedVectorType::get(t, 4);
  Value* quads = b.CreateAnd(length, b.getInt64(~std::uint64_t{3}));
  b.CreateCondBr(b.CreateICmpSGT(quads, b.getInt64(0)), loop, done);
  b.SetInsertPoint(loop);
  llvm::PHINode* k = b.CreatePHI(b.getInt64Ty(), 2, "q");
  k->addIncoming(b.getInt64(0), entry);
  llvm::PHINode* sum = b.CreatePHI(t, 2, "running4");
  sum->addIncoming(running, entry);
  auto add = [&](Value* x, Value* y) { return is_float ? b.CreateFAdd(x, y) : b.CreateAdd(x, y); };
  // -0.0 shifted in: x + -0.0 is x for every x, -0.0 included.
  Value* neutral = is_float ? llvm::ConstantFP::get(vector, -0.0) : llvm::Constant::getNullValue(vector);
  Value* v = b.CreateAlignedLoad(vector, b.CreateInBoundsGEP(t, values, k), llvm::Align(8));
  v = add(v, b.CreateShuffleVector(v, neutral, llvm::ArrayRef<int>{4, 0, 1, 2}));
  v = add(v, b.CreateShuffleVector(v, neutral, llvm::ArrayRef<int>{4, 5, 0, 1}));
  v = add(b.CreateVectorSplat(4, sum), v);
  for (unsigned lane = 0; lane < 4; ++lane) store_at(b.CreateAdd(k, b.getInt64(lane)), b.CreateExtractElement(v, lane));
  Value* last = b.CreateExtractElement(v, 3);
  Value* next = b.CreateAdd(k, b.getInt64(4), "q.next", /*HasNUW=*/true, /*HasNSW=*/true);
  k->addIncoming(next, b.GetInsertBlock());
  sum->addIncoming(last, b.GetInsertBlock());
  b.CreateCondBr(b.CreateICmpSLT(next, quads), loop, done);
  b.SetInsertPoint(done);
  llvm::PHINode* k_out = b.CreatePHI(b.getInt64Ty(), 2, "q.end");
  k_out->addIncoming(b.getInt64(0), entry);
  k_out->addIncoming(next, loop);
  llvm::PHINode* sum_out = b.CreatePHI(t, 2, "running4.end");
  sum_out->addIncoming(running, entry);
  sum_out->addIncoming(last, loop);
  return {done, k_out, sum_out};
}

}  // namespace

RowBases row_bases(LoweringContext& cx, Value* o) {
  auto& b = cx.builder;
  const ir::KernelIR& kernel = cx.kernel;
  const int rank = kernel.rank;
  const int kept = rank - kernel.reduce_rank;
  const std::size_t num_layouts = kernel.layouts.size();
  RowBases r{std::vector<Value*>(num_layouts, b.getInt64(0)), std::vector<Value*>(num_layouts, b.getInt64(0))};
  Value* rest = o;
  for (int d = kept - 1; d >= 0; --d) {
    Value* size = cx.param(kernel.shape_slot + d);
    Value* coord = d == 0 ? rest : b.CreateURem(rest, size);
    if (d > 0) rest = b.CreateUDiv(rest, size);
    for (std::size_t l = 0; l < num_layouts; ++l)
      if (!kernel.layouts[l].per_output)
        r.base[l] = b.CreateAdd(r.base[l], b.CreateMul(coord, cx.param(kernel.layouts[l].stride_slot + d)));
  }
  for (std::size_t l = 0; l < num_layouts && kernel.reduce_rank == 1; ++l) {
    if (kernel.layouts[l].per_output) continue;
    switch (kernel.layouts[l].inner) {
      case ir::InnerStride::Unit: r.step[l] = b.getInt64(1); break;
      case ir::InnerStride::Zero: break;
      case ir::InnerStride::Runtime: r.step[l] = cx.param(kernel.layouts[l].stride_slot + rank - 1); break;
    }
  }
  return r;
}

bool scans_by_columns(const ir::KernelIR& kernel) {
  return kernel.is_scan() && kernel.output_layout(0) >= 0 && kernel.reduce_rank == 1 && kernel.rank >= 2;
}

void define_scan_entry(LoweringContext& cx, const std::string& symbol) {
  if (scans_by_columns(cx.kernel)) {
    define_scan_columns_entry(cx, symbol);
    return;
  }
  auto& b = cx.builder;
  llvm::LLVMContext& c = cx.context;
  const ir::KernelIR& kernel = cx.kernel;
  const KernelReductions& reductions = cx.reductions;
  const Op op = reductions.op(0);
  const DType operand = reductions.operand_dtype(0);
  const DType acc_dtype = reductions.acc_dtype(0);
  const DType out_dtype = reductions.instruction(0).dtype;
  Type* i64 = b.getInt64Ty();
  Type* acc_type = value_type(c, acc_dtype);
  llvm::Function* fn = declare_reduce_entry(cx, symbol);
  auto block = [&](const char* name) { return BasicBlock::Create(c, name, fn); };
  BasicBlock* entry = block("entry");
  BasicBlock* row = block("row");
  BasicBlock* carry = block("carry");
  BasicBlock* blocks = block("blocks");
  BasicBlock* block_top = block("block");
  BasicBlock* compute = block("compute");
  BasicBlock* folds = block("folds");
  BasicBlock* fold_only = block("fold_only");
  BasicBlock* fold_store = block("fold_store");
  BasicBlock* block_done = block("block_done");
  BasicBlock* row_done = block("row_done");
  BasicBlock* write_total = block("write_total");
  BasicBlock* latch = block("next_row");
  BasicBlock* exit = block("exit");

  b.SetInsertPoint(entry);
  Value* begin = fn->getArg(0);
  Value* end = fn->getArg(1);
  cx.load_parameters(fn->getArg(2), fn->getArg(3));
  cx.fast_trig = false;  // libm's sin and cos: no redo pass
  const ReduceCallFields call = load_reduce_call(cx, fn->getArg(4));
  Value* totals_only = b.CreateICmpEQ(call.mode, b.getInt64(1));
  auto* slot = b.CreateAlloca(llvm::ArrayType::get(b.getInt8Ty(), 16), nullptr, "running");
  slot->setAlignment(llvm::Align(16));
  auto* values = b.CreateAlloca(llvm::ArrayType::get(acc_type, kBlock), nullptr, "values");
  values->setAlignment(llvm::Align(64));
  Value* rows = b.CreateSub(end, begin);
  b.CreateCondBr(b.CreateICmpSLT(begin, end), row, exit);

  // Row o: each layout's element index at its element 0 (the kept coordinates of o), and the
  // running value from the earlier parts' totals.
  const std::size_t num_layouts = kernel.layouts.size();
  b.SetInsertPoint(row);
  llvm::PHINode* o = b.CreatePHI(i64, 2, "o");
  o->addIncoming(begin, entry);
  const RowBases bases = row_bases(cx, o);
  const std::vector<Value*>& base = bases.base;
  const std::vector<Value*>& step = bases.step;
  Value* row_first = b.CreateMul(o, call.reduce_n);  // flat index of the row's element 0
  Value* local = b.CreateSub(o, begin);
  Accumulators start;
  start.value.push_back(identity(cx, op, operand));
  start.position.push_back(nullptr);
  store_accumulators(cx, slot, start);
  b.CreateCondBr(b.CreateAnd(b.CreateNot(totals_only), b.CreateICmpSGT(call.parts, b.getInt64(0))), carry, blocks);

  // The totals of the parts before this one, in order.
  b.SetInsertPoint(carry);
  {
    llvm::PHINode* part = b.CreatePHI(i64, 2, "part");
    part->addIncoming(b.getInt64(0), row);
    Accumulators running = load_accumulators(cx, slot);
    Value* at = b.CreateMul(b.CreateAdd(b.CreateMul(part, rows), local), b.getInt64(16));
    const Accumulators total = load_accumulators(cx, b.CreateInBoundsGEP(b.getInt8Ty(), call.partials, at));
    Value* no_position = nullptr;
    fold(cx, op, operand, running.value[0], no_position, total.value[0], nullptr);
    store_accumulators(cx, slot, running);
    Value* next = b.CreateAdd(part, b.getInt64(1));
    part->addIncoming(next, b.GetInsertBlock());
    b.CreateCondBr(b.CreateICmpSLT(next, call.parts), carry, blocks);
  }

  b.SetInsertPoint(blocks);
  b.CreateCondBr(b.CreateICmpSLT(call.r_begin, call.r_end), block_top, row_done);

  // A block of elements [r0, r0 + length): the producer into `values`.
  b.SetInsertPoint(block_top);
  llvm::PHINode* r0 = b.CreatePHI(i64, 2, "r0");
  r0->addIncoming(call.r_begin, blocks);
  Value* length = b.CreateBinaryIntrinsic(llvm::Intrinsic::smin, b.getInt64(kBlock), b.CreateSub(call.r_end, r0));
  b.CreateBr(compute);

  b.SetInsertPoint(compute);
  {
    llvm::PHINode* k = b.CreatePHI(i64, 2, "k");
    k->addIncoming(b.getInt64(0), block_top);
    Value* r = b.CreateAdd(r0, k);
    cx.layouts_at.assign(num_layouts, nullptr);
    for (std::size_t l = 0; l < num_layouts; ++l) cx.layouts_at[l] = b.CreateAdd(base[l], b.CreateMul(r, step[l]));
    std::vector<Value*> instruction_values(kernel.body.size());
    spell_instructions(cx, instruction_values, b.CreateAdd(row_first, r), false);
    Value* x = instruction_values[reductions.operand(0)];
    if (acc_dtype != operand) x = b.CreateFPExt(x, acc_type);
    b.CreateStore(x, b.CreateInBoundsGEP(acc_type, values, k));
    Value* next = b.CreateAdd(k, b.getInt64(1), "k.next", /*HasNUW=*/true, /*HasNSW=*/true);
    k->addIncoming(next, b.GetInsertBlock());
    auto* branch = b.CreateCondBr(b.CreateICmpSLT(next, length), compute, folds);
    branch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(cx, false));
  }

  b.SetInsertPoint(folds);
  const Accumulators before = load_accumulators(cx, slot);
  b.CreateCondBr(totals_only, fold_only, fold_store);

  // The running value through the block, in order; stored at each element (or only folded).
  const std::int32_t out_layout = kernel.output_layout(0);
  Value* out_base = out_layout < 0 ? row_first : base[static_cast<std::size_t>(out_layout)];
  Value* out_step = out_layout < 0 ? b.getInt64(1) : step[static_cast<std::size_t>(out_layout)];
  Value* output = cx.buffers[kernel.inputs.size()];
  std::vector<std::pair<Value*, BasicBlock*>> after;
  auto store_at = [&](Value* k, Value* value) {
    Value* result = acc_dtype == out_dtype ? value : b.CreateFPTrunc(value, value_type(c, out_dtype));
    if (out_dtype == DType::Bool) result = b.CreateZExt(result, b.getInt8Ty());
    Value* at = b.CreateAdd(out_base, b.CreateMul(b.CreateAdd(r0, k), out_step));
    b.CreateStore(result, b.CreateInBoundsGEP(memory_type(c, out_dtype), output, at));
  };
  for (BasicBlock* walk : {fold_only, fold_store}) {
    const bool stores = walk == fold_store;
    BasicBlock* from = folds;
    Value* k_first = b.getInt64(0);
    Value* running_first = before.value[0];
    if (stores && adds_in_quads(op, acc_dtype)) {  // scan.h: four elements per step
      b.SetInsertPoint(walk);
      walk = block("fold_store_rest");
      std::tie(from, k_first, running_first) = emit_quads(cx, values, length, before.value[0], store_at);
      after.emplace_back(running_first, from);
      b.CreateCondBr(b.CreateICmpSLT(k_first, length), walk, block_done);
    }
    b.SetInsertPoint(walk);
    llvm::PHINode* k = b.CreatePHI(i64, 2, "k");
    k->addIncoming(k_first, from);
    llvm::PHINode* running = b.CreatePHI(acc_type, 2, "running");
    running->addIncoming(running_first, from);
    Value* value = running;
    Value* no_position = nullptr;
    fold(cx, op, operand, value, no_position, b.CreateLoad(acc_type, b.CreateInBoundsGEP(acc_type, values, k)),
         nullptr);
    if (stores) store_at(k, value);
    Value* next = b.CreateAdd(k, b.getInt64(1), "k.next", /*HasNUW=*/true, /*HasNSW=*/true);
    k->addIncoming(next, walk);
    running->addIncoming(value, walk);
    b.CreateCondBr(b.CreateICmpSLT(next, length), walk, block_done);
    after.emplace_back(value, walk);
  }

  b.SetInsertPoint(block_done);
  {
    llvm::PHINode* merged = b.CreatePHI(acc_type, 2, "after_block");
    for (const auto& [value, from] : after) merged->addIncoming(value, from);
    Accumulators state;
    state.value.push_back(merged);
    state.position.push_back(nullptr);
    store_accumulators(cx, slot, state);
    Value* next_r0 = b.CreateAdd(r0, length);
    r0->addIncoming(next_r0, block_done);
    b.CreateCondBr(b.CreateICmpSLT(next_r0, call.r_end), block_top, row_done);
  }

  b.SetInsertPoint(row_done);
  b.CreateCondBr(totals_only, write_total, latch);

  b.SetInsertPoint(write_total);
  b.CreateMemCpy(b.CreateInBoundsGEP(b.getInt8Ty(), call.partials, b.CreateMul(local, b.getInt64(16))), llvm::Align(8),
                 slot, llvm::Align(16), 16);
  b.CreateBr(latch);

  b.SetInsertPoint(latch);
  Value* next_o = b.CreateAdd(o, b.getInt64(1));
  o->addIncoming(next_o, latch);
  b.CreateCondBr(b.CreateICmpSLT(next_o, end), row, exit);

  b.SetInsertPoint(exit);
  b.CreateRetVoid();
}

}  // namespace sinter::llvm_backend
