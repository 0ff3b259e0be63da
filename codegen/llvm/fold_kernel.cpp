// The CPU entry point of a kernel with user-defined reductions (fold_kernel.h).
#include "codegen/llvm/fold_kernel.h"

#include <llvm/IR/Instructions.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "codegen/llvm/control_flow.h"
#include "codegen/llvm/instruction_spelling.h"
#include "codegen/llvm/reduction_entry.h"

namespace sinter::llvm_backend {
namespace {

using llvm::Type;
using llvm::Value;

struct Fold {
  std::size_t begin, states, end;  // its fold_begin, state count and fold_end
};

std::vector<Fold> folds_of(const ir::KernelIR& k) {
  std::vector<Fold> folds;
  for (std::size_t j = 0; j < k.body.size(); ++j) {
    if (k.body[j].op == Op::FoldBegin) folds.push_back({j, 0, j});
    if (k.body[j].op == Op::FoldState) ++folds.back().states;
    if (k.body[j].op == Op::FoldEnd) folds.back().end = j;
  }
  return folds;
}

class FoldEntry {
 public:
  explicit FoldEntry(LoweringContext& cx) : cx_(cx), b_(cx.builder), folds_(folds_of(cx.kernel)) {
    for (const Fold& f : folds_)
      for (std::size_t s = 0; s < f.states; ++s) state_of_slot_.push_back(f.begin + 1 + s);
    in_fold_.assign(cx.kernel.body.size(), false);
    for (const Fold& f : folds_)
      for (std::size_t j = f.begin; j <= f.end; ++j) in_fold_[j] = true;
  }

  void define(const std::string& symbol) {
    llvm::LLVMContext& c = cx_.context;
    const ir::KernelIR& kernel = cx_.kernel;
    llvm::Function* fn = declare_reduce_entry(cx_, symbol);
    auto* entry = llvm::BasicBlock::Create(c, "entry", fn);
    auto* outer = llvm::BasicBlock::Create(c, "output", fn);
    auto* run = llvm::BasicBlock::Create(c, "run", fn);
    auto* element = llvm::BasicBlock::Create(c, "element", fn);
    auto* after_run = llvm::BasicBlock::Create(c, "after_run", fn);
    auto* write_partial = llvm::BasicBlock::Create(c, "write_partial", fn);
    auto* combine = llvm::BasicBlock::Create(c, "combine", fn);
    auto* combine_part = llvm::BasicBlock::Create(c, "combine_part", fn);
    auto* finish = llvm::BasicBlock::Create(c, "finish", fn);
    auto* latch = llvm::BasicBlock::Create(c, "next_output", fn);
    auto* exit = llvm::BasicBlock::Create(c, "exit", fn);
    Type* i64 = b_.getInt64Ty();
    const std::size_t slots = state_of_slot_.size();
    const std::uint64_t slots_bytes = 16 * slots;

    b_.SetInsertPoint(entry);
    Value* begin = fn->getArg(0);
    Value* end = fn->getArg(1);
    cx_.load_parameters(fn->getArg(2), fn->getArg(3));
    const ReduceCallFields call = load_reduce_call(cx_, fn->getArg(4));
    Value* outputs = b_.CreateSub(end, begin);
    cx_.fast_trig = false;  // libm's sin and cos: scalar code
    cx_.layouts_at.assign(kernel.layouts.size(), nullptr);
    std::vector<Value*> values(kernel.body.size());
    b_.CreateCondBr(b_.CreateICmpSLT(begin, end), outer, exit);

    // Per output: the identities, the per-element layouts' offsets along the kept dimensions.
    b_.SetInsertPoint(outer);
    llvm::PHINode* o = b_.CreatePHI(i64, 2, "o");
    o->addIncoming(begin, entry);
    Value* local = b_.CreateSub(o, begin);
    std::vector<Value*> identity(slots);
    for (std::size_t s = 0; s < slots; ++s) {
      const auto id = static_cast<std::size_t>(kernel.body[state_of_slot_[s]].args[0]);
      identity[s] = spell_instruction(cx_, kernel.body[id], values, o);
    }
    const std::vector<Value*> kept_base = offsets(o, false);
    b_.CreateCondBr(b_.CreateICmpEQ(call.mode, b_.getInt64(2)), combine, run);

    // The elements [r_begin, r_end) of output o, in order.
    b_.SetInsertPoint(run);
    b_.CreateCondBr(b_.CreateICmpSLT(call.r_begin, call.r_end), element, after_run);
    b_.SetInsertPoint(element);
    llvm::PHINode* r = b_.CreatePHI(i64, 2, "r");
    r->addIncoming(call.r_begin, run);
    std::vector<llvm::PHINode*> running(slots);
    for (std::size_t s = 0; s < slots; ++s) {
      running[s] = b_.CreatePHI(state_type(s), 2, "state");
      running[s]->addIncoming(identity[s], run);
    }
    Value* i = b_.CreateAdd(b_.CreateMul(o, call.reduce_n), r);
    if (!kernel.layouts.empty()) {
      const std::vector<Value*> along = reduced_offsets(r);
      for (std::size_t l = 0; l < kernel.layouts.size(); ++l)
        if (!kernel.layouts[l].per_output) cx_.layouts_at[l] = b_.CreateAdd(kept_base[l], along[l]);
    }
    spell_instructions(cx_, values, i, false);
    std::vector<Value*> next(slots);
    for (std::size_t s = 0; s < slots; ++s) values[state_of_slot_[s]] = running[s];
    for (const Fold& f : folds_)
      for (std::size_t s = 0; s < f.states; ++s) {
        const std::size_t operand = f.begin + 1 + f.states + s;
        values[operand] = values[static_cast<std::size_t>(kernel.body[operand].args[0])];
      }
    run_combines(values, i, next);
    Value* r_next = b_.CreateAdd(r, b_.getInt64(1));
    llvm::BasicBlock* element_end = b_.GetInsertBlock();
    r->addIncoming(r_next, element_end);
    for (std::size_t s = 0; s < slots; ++s) running[s]->addIncoming(next[s], element_end);
    b_.CreateCondBr(b_.CreateICmpSLT(r_next, call.r_end), element, after_run);

    b_.SetInsertPoint(after_run);
    std::vector<llvm::PHINode*> folded(slots);
    for (std::size_t s = 0; s < slots; ++s) {
      folded[s] = b_.CreatePHI(state_type(s), 2, "folded");
      folded[s]->addIncoming(identity[s], run);
      folded[s]->addIncoming(next[s], element_end);
    }
    b_.CreateCondBr(b_.CreateICmpEQ(call.mode, b_.getInt64(1)), write_partial, finish);

    // Mode 1: the states of this part, for a later call to combine.
    b_.SetInsertPoint(write_partial);
    Value* destination =
        b_.CreateInBoundsGEP(b_.getInt8Ty(), call.partials, b_.CreateMul(local, b_.getInt64(slots_bytes)));
    for (std::size_t s = 0; s < slots; ++s) store_state(destination, s, folded[s]);
    b_.CreateBr(latch);

    // Mode 2: the parts' states, combined in order into the identities.
    b_.SetInsertPoint(combine);
    b_.CreateCondBr(b_.CreateICmpSGT(call.parts, b_.getInt64(0)), combine_part, finish);
    b_.SetInsertPoint(combine_part);
    llvm::PHINode* part = b_.CreatePHI(i64, 2, "part");
    part->addIncoming(b_.getInt64(0), combine);
    std::vector<llvm::PHINode*> combined(slots);
    for (std::size_t s = 0; s < slots; ++s) {
      combined[s] = b_.CreatePHI(state_type(s), 2, "combined");
      combined[s]->addIncoming(identity[s], combine);
      values[state_of_slot_[s]] = combined[s];
    }
    Value* source =
        b_.CreateInBoundsGEP(b_.getInt8Ty(), call.partials,
                             b_.CreateMul(b_.CreateAdd(b_.CreateMul(part, outputs), local), b_.getInt64(slots_bytes)));
    for (const Fold& f : folds_)
      for (std::size_t s = 0; s < f.states; ++s) {
        const std::size_t slot = slot_of(f.begin + 1 + s);
        values[f.begin + 1 + f.states + s] = load_state(source, slot);
      }
    std::vector<Value*> merged(slots);
    run_combines(values, o, merged);
    Value* part_next = b_.CreateAdd(part, b_.getInt64(1));
    llvm::BasicBlock* combine_end = b_.GetInsertBlock();
    part->addIncoming(part_next, combine_end);
    for (std::size_t s = 0; s < slots; ++s) combined[s]->addIncoming(merged[s], combine_end);
    b_.CreateCondBr(b_.CreateICmpSLT(part_next, call.parts), combine_part, finish);

    // The per-output instructions at output o, then the stores.
    b_.SetInsertPoint(finish);
    for (std::size_t s = 0; s < slots; ++s) {
      llvm::PHINode* state = b_.CreatePHI(state_type(s), 3, "state_final");
      state->addIncoming(folded[s], after_run);
      state->addIncoming(identity[s], combine);
      state->addIncoming(merged[s], combine_end);
      values[state_of_slot_[s]] = state;
    }
    const std::vector<Value*> at_output = offsets(o, true);
    for (std::size_t l = 0; l < kernel.layouts.size(); ++l)
      if (kernel.layouts[l].per_output) cx_.layouts_at[l] = at_output[l];
    for (std::size_t j = 0; j < kernel.body.size(); ++j)
      if (kernel.body[j].per_output && !in_fold_[j]) values[j] = spell_instruction(cx_, kernel.body[j], values, o);
    store_outputs(cx_, values, o);
    b_.CreateBr(latch);

    b_.SetInsertPoint(latch);
    Value* o_next = b_.CreateAdd(o, b_.getInt64(1));
    o->addIncoming(o_next, latch);
    b_.CreateCondBr(b_.CreateICmpSLT(o_next, end), outer, exit);
    b_.SetInsertPoint(exit);
    b_.CreateRetVoid();
  }

 private:
  Type* state_type(std::size_t slot) const {
    return value_type(cx_.context, cx_.kernel.body[state_of_slot_[slot]].dtype);
  }
  std::size_t slot_of(std::size_t state) const {
    for (std::size_t s = 0; s < state_of_slot_.size(); ++s)
      if (state_of_slot_[s] == state) return s;
    return 0;
  }

  /// Each fold's combine over the values of its states and operands (set in `values`); the next
  /// values, per slot, in `next`.
  void run_combines(std::vector<Value*>& values, Value* i, std::vector<Value*>& next) {
    const ir::KernelIR& kernel = cx_.kernel;
    std::size_t slot = 0;
    for (const Fold& f : folds_) {
      for (std::size_t j = f.begin + 1 + 2 * f.states; j < f.end; ++j)
        if (kernel.body[j].op != Op::FoldNext) values[j] = spell_instruction(cx_, kernel.body[j], values, i);
      for (std::size_t s = 0; s < f.states; ++s)
        next[slot++] = values[static_cast<std::size_t>(kernel.body[f.end - f.states + s].args[0])];
    }
  }

  /// A state value in its 16-byte slot (a bool as one byte).
  void store_state(Value* base, std::size_t slot, Value* v) {
    Value* at = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), base, 16 * slot);
    const DType t = cx_.kernel.body[state_of_slot_[slot]].dtype;
    b_.CreateStore(t == DType::Bool ? b_.CreateZExt(v, b_.getInt8Ty()) : v, at);
  }
  Value* load_state(Value* base, std::size_t slot) {
    Value* at = b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), base, 16 * slot);
    const DType t = cx_.kernel.body[state_of_slot_[slot]].dtype;
    if (t == DType::Bool) return b_.CreateICmpNE(b_.CreateLoad(b_.getInt8Ty(), at), b_.getInt8(0));
    return b_.CreateLoad(state_type(slot), at);
  }

  /// Per layout of kind `per_output` (others: 0): the element offset of output o's coordinates
  /// along the kept dimensions.
  std::vector<Value*> offsets(Value* o, bool per_output) {
    const ir::KernelIR& kernel = cx_.kernel;
    std::vector<Value*> result(kernel.layouts.size(), b_.getInt64(0));
    if (kernel.layouts.empty()) return result;
    const int kept = kernel.rank - kernel.reduce_rank;
    Value* rest = o;
    for (int d = kept - 1; d >= 0; --d) {
      Value* size = cx_.param(kernel.shape_slot + d);
      Value* coord = d == 0 ? rest : b_.CreateURem(rest, size);
      if (d > 0) rest = b_.CreateUDiv(rest, size);
      for (std::size_t l = 0; l < kernel.layouts.size(); ++l)
        if (kernel.layouts[l].per_output == per_output)
          result[l] = b_.CreateAdd(result[l], b_.CreateMul(coord, cx_.param(kernel.layouts[l].stride_slot + d)));
    }
    return result;
  }

  /// Per per-element layout: the element offset of position r's coordinates along the reduced dimensions.
  std::vector<Value*> reduced_offsets(Value* r) {
    const ir::KernelIR& kernel = cx_.kernel;
    std::vector<Value*> result(kernel.layouts.size(), b_.getInt64(0));
    const int kept = kernel.rank - kernel.reduce_rank;
    Value* rest = r;
    for (int d = kernel.rank - 1; d >= kept; --d) {
      Value* size = cx_.param(kernel.shape_slot + d);
      Value* coord = d == kept ? rest : b_.CreateURem(rest, size);
      if (d > kept) rest = b_.CreateUDiv(rest, size);
      for (std::size_t l = 0; l < kernel.layouts.size(); ++l)
        if (!kernel.layouts[l].per_output)
          result[l] = b_.CreateAdd(result[l], b_.CreateMul(coord, cx_.param(kernel.layouts[l].stride_slot + d)));
    }
    return result;
  }

  LoweringContext& cx_;
  llvm::IRBuilder<>& b_;
  const std::vector<Fold> folds_;
  std::vector<std::size_t> state_of_slot_;  // the fold_state instruction of each slot, in kernel order
  std::vector<bool> in_fold_;               // a fold's marker or combine: not run per output
};

}  // namespace

bool has_folds(const ir::KernelIR& kernel) {
  for (const ir::Instr& in : kernel.body)
    if (in.op == Op::FoldBegin) return true;
  return false;
}

void define_fold_entry(LoweringContext& cx, const std::string& symbol) { FoldEntry(cx).define(symbol); }

}  // namespace sinter::llvm_backend
