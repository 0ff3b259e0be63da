// Row kernels (ir/kernel.h, docs/reductions.md "Row kernels") -> CUDA C++: every phase of a tile
// of rows in one kernel, so each row is read from device memory once and re-read by the later
// phases from the multiprocessor's L1 or the L2 (the row of a block of 256 threads, at most
// kMaxRowLength elements, is what its loads just brought in).
#pragma once
#include <string>

#include "codegen/cuda/lower_to_cuda.h"
#include "ir/kernel.h"

namespace sinter::gpu {

/// The definitions of a row kernel, without the prelude. Its entry points take a reduction
/// entry point's parameters (lower_reduction_to_cuda.h) with n rows of reduce_n elements and
/// lanes rows per tile; parts (gridDim.y) must be 1, counters and scratch are unused.
/// Throws CompileError as lower_reduction_to_cuda_definitions does.
std::string lower_row_kernel_to_cuda_definitions(const ir::KernelIR& kernel, const CudaCodegenOptions& options);

}  // namespace sinter::gpu
