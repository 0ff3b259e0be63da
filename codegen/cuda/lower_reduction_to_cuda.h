// Reduction kernels (ir/kernel.h) -> CUDA C++. lower_to_cuda writes these through here; the
// launcher (runtime/cuda/reduction_launch.h) picks the work sharing the generated code reads
// from its parameters.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "codegen/cuda/kernel_analysis.h"
#include "codegen/cuda/lower_to_cuda.h"
#include "ir/kernel.h"

namespace sinter::gpu {

/// The definitions of a reduction kernel, without the prelude. The entry points are named as
/// for an elementwise kernel (entry_point_32, entry_point_64) and take, in order: one pointer per
/// buffer (inputs, then outputs), one value per scalar slot, then
///   Index n, Index reduce_n              outputs, and elements reduced into each
///   unsigned int lanes                   outputs per block: a power of two up to kThreadsPerBlock
///   unsigned int outputs_inner           1: consecutive threads take consecutive outputs, 0:
///                                        consecutive elements of one output
///   unsigned long long* scratch          when gridDim.y > 1: see ReductionReads
/// with Index unsigned int (n * reduce_n <= kMaxElementsFor32BitIndex) or long long (_i64).
/// gridDim.y is the number of parts each output's elements are split into.
/// Throws CompileError for IR that breaks the rules of reduction kernels or the type rules.
std::string lower_reduction_to_cuda_definitions(const ir::KernelIR& kernel, const CudaCodegenOptions& options);

/// One phase of a row kernel, split with ir::CrossingValues::Scalars (ir/row_phases.h), as
///   template <class Index> void NAME_tile(<pointers>, <scalars>, Index n, Index reduce_n,
///       const sinter_lanes& L, Index tile, Index parts, Index r_begin, Index r_end,
///       unsigned int* counters, unsigned long long* scratch)
/// over the rows (tile << L.lanes_log2) + L.out_lane < n, elements [r_begin, r_end) of each: a
/// reduction phase folds them and its output's leader thread stores the per-row values (at the
/// row index); the elementwise last phase stores each element's outputs at its flat index.
/// `row_reduce_rank`: the row kernel's reduce_rank. No entry points (lower_row_kernel_to_cuda.h).
/// A phase whose every element read is at the flat index also gets NAME_held_tile, the same with
/// the rows' elements from registers: after the parameters above, per read input slot s (in
/// ascending order) `const <vector of elements_per_thread> (&held_in<s>)[kRowHeldElements /
/// elements_per_thread]`, vector group q of the thread holding the row's group
/// q * L.elem_lanes + L.elem_lane (rows a multiple of the vector width long, 16-byte aligned).
std::string lower_row_phase_to_cuda(const ir::KernelIR& phase, int row_reduce_rank, const CudaCodegenOptions& options);

/// Whether lower_row_phase_to_cuda writes NAME_held_tile for `phase`.
bool has_held_tile(const ir::KernelIR& phase, const CudaCodegenOptions& options);

/// Elements of its row one thread of a row kernel holds in registers between the phases: rows of
/// up to 16 x 256 = 4096 elements are read from memory once.
inline constexpr int kRowHeldElements = 16;

/// The two extern "C" entry points of a reduction kernel (or a row kernel, which takes the same
/// parameters), each calling the template `body`<Index> with its parameters.
std::string reduction_entry_points(const ir::KernelIR& kernel, const KernelShape& shape, const std::string& body,
                                   const CudaCodegenOptions& options);

/// Extra parameters of a reduction entry point after the scalars: n, reduce_n, lanes, outputs_inner, scratch.
inline constexpr std::size_t kReductionParameters = 5;

/// What the launcher needs to know about a reduction kernel's generated code.
struct ReductionReads {
  /// 8-byte slots of one output's partial state: a value per reduction, a position per argmin or
  /// argmax. With gridDim.y = parts > 1, scratch holds one uint32 counter per tile of `lanes`
  /// outputs (zero before the launch), padded to 8 bytes, then the states: slot s of part p of
  /// output o at index (s * parts + p) * n + o.
  int partial_slots = 0;
  /// Some element is read at its flat index (o * reduce_n + r): contiguous along the reduced axes.
  bool flat = false;
  /// Per layout read per element: the scalar slots of its innermost kept stride and of its
  /// innermost reduced stride (-1 where there is no such dimension).
  std::vector<std::pair<std::int32_t, std::int32_t>> strides;
};

/// Throws CompileError as lower_reduction_to_cuda_definitions does.
ReductionReads reduction_reads(const ir::KernelIR& kernel);

}  // namespace sinter::gpu
