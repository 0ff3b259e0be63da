// Accumulators in memory and around loops (accumulators.h).
#include "codegen/llvm/accumulators.h"

#include <llvm/IR/Instructions.h>

namespace sinter::llvm_backend {
namespace {

using llvm::Value;

Value* slot_address(LoweringContext& cx, Value* base, std::size_t k, int byte) {
  return cx.builder.CreateConstInBoundsGEP1_64(cx.builder.getInt8Ty(), base, k * 16 + static_cast<std::size_t>(byte));
}

}  // namespace

Accumulators load_accumulators(LoweringContext& cx, Value* base) {
  auto& b = cx.builder;
  const KernelReductions& reductions = cx.reductions;
  Accumulators a;
  for (std::size_t k = 0; k < reductions.size(); ++k) {
    const DType t = reductions.acc_dtype(k);
    Value* v = b.CreateLoad(memory_type(cx.context, t), slot_address(cx, base, k, 0));
    a.value.push_back(t == DType::Bool ? b.CreateICmpNE(v, b.getInt8(0)) : v);
    a.position.push_back(reductions.has_position(k) ? b.CreateLoad(b.getInt64Ty(), slot_address(cx, base, k, 8))
                                                    : nullptr);
  }
  return a;
}

void store_accumulators(LoweringContext& cx, Value* base, const Accumulators& a) {
  auto& b = cx.builder;
  for (std::size_t k = 0; k < cx.reductions.size(); ++k) {
    Value* v = a.value[k];
    if (cx.reductions.acc_dtype(k) == DType::Bool) v = b.CreateZExt(v, b.getInt8Ty());
    b.CreateStore(v, slot_address(cx, base, k, 0));
    if (a.position[k]) b.CreateStore(a.position[k], slot_address(cx, base, k, 8));
  }
}

Accumulators accumulator_phis(LoweringContext& cx, const Accumulators& initial, llvm::BasicBlock* from) {
  auto& b = cx.builder;
  Accumulators phis;
  for (std::size_t k = 0; k < cx.reductions.size(); ++k) {
    llvm::PHINode* v = b.CreatePHI(initial.value[k]->getType(), 2, "acc");
    v->addIncoming(initial.value[k], from);
    phis.value.push_back(v);
    llvm::PHINode* p = nullptr;
    if (initial.position[k]) {
      p = b.CreatePHI(b.getInt64Ty(), 2, "acc.position");
      p->addIncoming(initial.position[k], from);
    }
    phis.position.push_back(p);
  }
  return phis;
}

void close_accumulator_phis(LoweringContext& cx, const Accumulators& phis, const Accumulators& current,
                            llvm::BasicBlock* latch) {
  for (std::size_t k = 0; k < cx.reductions.size(); ++k) {
    llvm::cast<llvm::PHINode>(phis.value[k])->addIncoming(current.value[k], latch);
    if (phis.position[k]) llvm::cast<llvm::PHINode>(phis.position[k])->addIncoming(current.position[k], latch);
  }
}

Accumulators merge_after_loop(LoweringContext& cx, const Accumulators& initial, llvm::BasicBlock* entry,
                              const Accumulators& last, llvm::BasicBlock* latch) {
  Accumulators out = initial;
  for (std::size_t k = 0; k < cx.reductions.size(); ++k)
    for (int part = 0; part < 2; ++part) {
      Value* before = part == 0 ? initial.value[k] : initial.position[k];
      if (!before) continue;
      llvm::PHINode* merged = cx.builder.CreatePHI(before->getType(), 2);
      merged->addIncoming(before, entry);
      merged->addIncoming(part == 0 ? last.value[k] : last.position[k], latch);
      (part == 0 ? out.value[k] : out.position[k]) = merged;
    }
  return out;
}

}  // namespace sinter::llvm_backend
