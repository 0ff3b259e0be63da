// How the CPU runs a scan kernel (ir/kernel.h; codegen/llvm/scan.h) on its thread pool.
#pragma once
#include "codegen/llvm/llvm_jit.h"
#include "ir/kernel.h"

namespace sinter::runtime_cpu {

/// Runs a scan over args.n rows of args.reduce_n elements. Many rows: chunks of whole rows on
/// the pool, each scanned in order. Few long rows: two passes over parts of each row, the first
/// computing every part's total (but the last's), the second scanning each part from the totals
/// of the parts before it (docs/scans.md, "Order and accuracy").
void run_scan(llvm_backend::CpuReduceFn fn, const ir::KernelArgs& args);

}  // namespace sinter::runtime_cpu
