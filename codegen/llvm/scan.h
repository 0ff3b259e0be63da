// The entry point of a scan kernel (ir/kernel.h; docs/scans.md): per row, the fused producer
// computed a block of elements at a time into a stack array (a loop the vectorizer takes), then
// the running value folded through the block in order and stored at each element's position.
#pragma once
#include <string>
#include <vector>

#include "codegen/llvm/lowering_context.h"

namespace sinter::llvm_backend {

/// Each layout's element index at element 0 of row `o` (per-element layouts; per-output ones 0)
/// and its step along the scanned dimension (0 where there is none), emitted at the builder.
struct RowBases {
  std::vector<llvm::Value*> base, step;
};
RowBases row_bases(LoweringContext& cx, llvm::Value* o);

/// Whether a scan kernel walks rows side by side (scan_columns.cpp): the scanned axis is not the
/// result's last (it is written through a layout), so consecutive rows are neighbours in memory.
bool scans_by_columns(const ir::KernelIR& kernel);

/// The entry point of a scan by columns, with the signature and modes of define_scan_entry: a
/// group of up to 256 neighbouring rows (within one run of the innermost kept dimension) at a
/// time, its running values in a stack array, each element position r folded into all of them
/// (a loop across rows, which vectorizes) before the next.
void define_scan_columns_entry(LoweringContext& cx, const std::string& symbol);

/// void <symbol>(i64 begin, i64 end, ptr buffers, ptr scalars, ptr call) over rows [begin, end),
/// elements [call->r_begin, call->r_end) of each (llvm_jit.h's ReduceCall). Mode 1 writes each
/// row's total of those elements to the partials (one 16-byte slot per row, as a split reduction
/// does) and stores nothing; any other mode first folds `parts` earlier totals into the running
/// value (slot p * (end - begin) + row; 0 parts: the identity), then scans and stores.
void define_scan_entry(LoweringContext& cx, const std::string& symbol);

}  // namespace sinter::llvm_backend
