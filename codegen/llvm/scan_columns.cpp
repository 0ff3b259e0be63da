// A scan kernel whose scanned axis is not the result's last (cumsum(m, 0) of a matrix), walked
// by columns (scan.h: define_scan_columns_entry). Row by row it would step through memory by the
// row length, a cache line per element (0.5 GB/s for a 4096 x 4096 float32 cumsum along axis 0).
// Instead a group of up to kGroup neighbouring rows, inside one run of the innermost kept
// dimension (so each layout steps by that dimension's stride from row to row), keeps its running
// values in a stack array; for each position r in order, one loop across the group computes the
// producer, folds it into the group's running values and stores them: consecutive elements of
// memory, a loop the vectorizer takes. Each row still folds its elements in order.
#include <llvm/IR/Instructions.h>

#include <cstdint>
#include <vector>

#include "codegen/llvm/accumulators.h"
#include "codegen/llvm/control_flow.h"
#include "codegen/llvm/loop_hints.h"
#include "codegen/llvm/reduction_entry.h"
#include "codegen/llvm/reduction_folds.h"
#include "codegen/llvm/scan.h"

namespace sinter::llvm_backend {
namespace {

using llvm::BasicBlock;
using llvm::Type;
using llvm::Value;

/// Rows per group: 2 KiB of float64 running values.
constexpr std::uint64_t kGroup = 256;

}  // namespace

void define_scan_columns_entry(LoweringContext& cx, const std::string& symbol) {
  auto& b = cx.builder;
  llvm::LLVMContext& c = cx.context;
  const ir::KernelIR& kernel = cx.kernel;
  const KernelReductions& reductions = cx.reductions;
  const Op op = reductions.op(0);
  const DType operand = reductions.operand_dtype(0);
  const DType acc_dtype = reductions.acc_dtype(0);
  const DType out_dtype = reductions.instruction(0).dtype;
  const int kept = kernel.rank - kernel.reduce_rank;
  const std::size_t num_layouts = kernel.layouts.size();
  const auto out_layout = static_cast<std::size_t>(kernel.output_layout(0));
  Type* i64 = b.getInt64Ty();
  Type* acc_type = value_type(c, acc_dtype);
  llvm::Function* fn = declare_reduce_entry(cx, symbol);
  auto block = [&](const char* name) { return BasicBlock::Create(c, name, fn); };
  BasicBlock* entry = block("entry");
  BasicBlock* group = block("group");
  BasicBlock* exit = block("exit");

  b.SetInsertPoint(entry);
  Value* begin = fn->getArg(0);
  Value* end = fn->getArg(1);
  cx.load_parameters(fn->getArg(2), fn->getArg(3));
  cx.fast_trig = false;
  const ReduceCallFields call = load_reduce_call(cx, fn->getArg(4));
  Value* totals_only = b.CreateICmpEQ(call.mode, b.getInt64(1));
  Value* carries = b.CreateAnd(b.CreateNot(totals_only), b.CreateICmpSGT(call.parts, b.getInt64(0)));
  Value* rows = b.CreateSub(end, begin);
  auto* running = b.CreateAlloca(llvm::ArrayType::get(acc_type, kGroup), nullptr, "running");
  running->setAlignment(llvm::Align(64));
  b.CreateCondBr(b.CreateICmpSLT(begin, end), group, exit);

  // A group of rows [g, g + width): the layouts' bases at row g, their steps from row to row.
  b.SetInsertPoint(group);
  llvm::PHINode* g = b.CreatePHI(i64, 2, "g");
  g->addIncoming(begin, entry);
  const RowBases bases = row_bases(cx, g);
  Value* inner_size = cx.param(kernel.shape_slot + kept - 1);
  Value* left_in_run = b.CreateSub(inner_size, b.CreateURem(g, inner_size));
  Value* width =
      b.CreateBinaryIntrinsic(llvm::Intrinsic::smin, b.getInt64(kGroup),
                              b.CreateBinaryIntrinsic(llvm::Intrinsic::smin, b.CreateSub(end, g), left_in_run));
  std::vector<Value*> across(num_layouts, b.getInt64(0));  // from one row to the next
  for (std::size_t l = 0; l < num_layouts; ++l)
    if (!kernel.layouts[l].per_output) across[l] = cx.param(kernel.layouts[l].stride_slot + kept - 1);
  Value* local = b.CreateSub(g, begin);

  // A counted loop [0, count) whose body `emit` writes at the builder given the index.
  auto counted = [&](const char* name, Value* first, Value* count, auto emit, bool vectorize) {
    BasicBlock* before = b.GetInsertBlock();
    BasicBlock* body = block(name);
    BasicBlock* after = block("after");
    b.CreateCondBr(b.CreateICmpSLT(first, count), body, after);
    b.SetInsertPoint(body);
    llvm::PHINode* k = b.CreatePHI(i64, 2, name);
    k->addIncoming(first, before);
    emit(static_cast<Value*>(k));
    Value* next = b.CreateAdd(k, b.getInt64(1), "", /*HasNUW=*/true, /*HasNSW=*/true);
    k->addIncoming(next, b.GetInsertBlock());
    auto* branch = b.CreateCondBr(b.CreateICmpSLT(next, count), body, after);
    if (vectorize) branch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(cx, false));
    b.SetInsertPoint(after);
  };
  auto running_at = [&](Value* w) { return b.CreateInBoundsGEP(acc_type, running, w); };
  auto partial_at = [&](Value* part, Value* w) {
    Value* slot = b.CreateAdd(b.CreateMul(part, rows), b.CreateAdd(local, w));
    return b.CreateInBoundsGEP(b.getInt8Ty(), call.partials, b.CreateMul(slot, b.getInt64(16)));
  };

  // The running values: the identity, then the totals of the parts before this one, in order.
  Value* start = identity(cx, op, operand);
  counted(
      "start", b.getInt64(0), width, [&](Value* w) { b.CreateStore(start, running_at(w)); }, true);
  BasicBlock* carry = block("carry");
  BasicBlock* walk = block("walk");
  b.CreateCondBr(carries, carry, walk);
  b.SetInsertPoint(carry);
  counted(
      "part", b.getInt64(0), call.parts,
      [&](Value* part) {
        counted(
            "carry_row", b.getInt64(0), width,
            [&](Value* w) {
              Value* value = b.CreateLoad(acc_type, running_at(w));
              Value* no_position = nullptr;
              fold(cx, op, operand, value, no_position, load_accumulators(cx, partial_at(part, w)).value[0], nullptr);
              b.CreateStore(value, running_at(w));
            },
            false);
      },
      false);
  b.CreateBr(walk);

  // Positions r in order; at each, the rows of the group (stored, or only folded for totals).
  b.SetInsertPoint(walk);
  BasicBlock* fold_store = block("fold_store");
  BasicBlock* fold_only = block("fold_only");
  BasicBlock* walked = block("walked");
  b.CreateCondBr(totals_only, fold_only, fold_store);
  for (BasicBlock* path : {fold_store, fold_only}) {
    const bool stores = path == fold_store;
    b.SetInsertPoint(path);
    counted(
        "r", call.r_begin, call.r_end,
        [&](Value* r) {
          counted(
              "w", b.getInt64(0), width,
              [&](Value* w) {
                cx.layouts_at.assign(num_layouts, nullptr);
                for (std::size_t l = 0; l < num_layouts; ++l)
                  cx.layouts_at[l] =
                      b.CreateAdd(b.CreateAdd(bases.base[l], b.CreateMul(w, across[l])), b.CreateMul(r, bases.step[l]));
                std::vector<Value*> values(kernel.body.size());
                spell_instructions(cx, values, b.CreateAdd(b.CreateMul(b.CreateAdd(g, w), call.reduce_n), r), false);
                Value* x = values[reductions.operand(0)];
                if (acc_dtype != operand) x = b.CreateFPExt(x, acc_type);
                Value* value = b.CreateLoad(acc_type, running_at(w));
                Value* no_position = nullptr;
                fold(cx, op, operand, value, no_position, x, nullptr);
                b.CreateStore(value, running_at(w));
                if (!stores) return;
                Value* result = acc_dtype == out_dtype ? value : b.CreateFPTrunc(value, value_type(c, out_dtype));
                if (out_dtype == DType::Bool) result = b.CreateZExt(result, b.getInt8Ty());
                b.CreateStore(result, b.CreateInBoundsGEP(memory_type(c, out_dtype), cx.buffers[kernel.inputs.size()],
                                                          cx.layouts_at[out_layout]));
              },
              true);
        },
        false);
    b.CreateBr(walked);
  }

  // Totals (mode 1) to the partials, one 16-byte slot per row; then the next group.
  b.SetInsertPoint(walked);
  BasicBlock* totals = block("totals");
  BasicBlock* next_group = block("next_group");
  b.CreateCondBr(totals_only, totals, next_group);
  b.SetInsertPoint(totals);
  counted(
      "total", b.getInt64(0), width,
      [&](Value* w) {
        Accumulators total;
        total.value.push_back(b.CreateLoad(acc_type, running_at(w)));
        total.position.push_back(nullptr);
        store_accumulators(cx, partial_at(b.getInt64(0), w), total);
      },
      false);
  b.CreateBr(next_group);
  b.SetInsertPoint(next_group);
  Value* next = b.CreateAdd(g, width);
  g->addIncoming(next, next_group);
  b.CreateCondBr(b.CreateICmpSLT(next, end), group, exit);

  b.SetInsertPoint(exit);
  b.CreateRetVoid();
}

}  // namespace sinter::llvm_backend
