// The entry point of a scan kernel (ir/kernel.h; docs/scans.md): per row, the fused producer
// computed a block of elements at a time into a stack array (a loop the vectorizer takes), then
// the running value folded through the block in order and stored at each element's position.
#pragma once
#include <string>

#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

/// void <symbol>(i64 begin, i64 end, ptr buffers, ptr scalars, ptr call) over rows [begin, end),
/// elements [call->r_begin, call->r_end) of each (llvm_jit.h's ReduceCall). Mode 1 writes each
/// row's total of those elements to the partials (one 16-byte slot per row, as a split reduction
/// does) and stores nothing; any other mode first folds `parts` earlier totals into the running
/// value (slot p * (end - begin) + row; 0 parts: the identity), then scans and stores.
void define_scan_entry(LoweringContext& cx, const std::string& symbol);

}  // namespace sinter::llvm_backend
