// The running state of a reduction kernel's reductions as LLVM values, and how it moves: to and
// from memory (16 bytes per reduction: the value, then for argmin/argmax the i64 position; the
// layout of llvm_jit.h's ReduceCall slots and partials) and around loops (phis at a loop's top,
// completed at its latch, merged at its exit).
#pragma once
#include <llvm/IR/BasicBlock.h>

#include <vector>

#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

/// Per reduction (KernelReductions' k), the value in its accumulator type and, for
/// argmin/argmax, the position (else null).
struct Accumulators {
  std::vector<llvm::Value*> value;
  std::vector<llvm::Value*> position;
};

/// The accumulators stored at `base` (16-byte slots, one per reduction).
Accumulators load_accumulators(LoweringContext& cx, llvm::Value* base);
void store_accumulators(LoweringContext& cx, llvm::Value* base, const Accumulators& a);

/// Phis for the accumulators at the top of a loop entered from `from` with `initial`.
Accumulators accumulator_phis(LoweringContext& cx, const Accumulators& initial, llvm::BasicBlock* from);

/// Completes the phis with `current` (the state after one iteration) coming from `latch`.
void close_accumulator_phis(LoweringContext& cx, const Accumulators& phis, const Accumulators& current,
                            llvm::BasicBlock* latch);

/// At a loop's exit: phis giving the accumulators after the loop (`last`, from `latch`), or
/// `initial` untouched when the loop did not run (entered the exit from `entry`).
Accumulators merge_after_loop(LoweringContext& cx, const Accumulators& initial, llvm::BasicBlock* entry,
                              const Accumulators& last, llvm::BasicBlock* latch);

}  // namespace sinter::llvm_backend
