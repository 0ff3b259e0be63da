// A row kernel (ir/kernel.h) as one ordinary kernel per phase, for a backend that runs the
// phases one after another over a block of rows while the block is still in its cache (the
// CPU's: per block, phase 0's reduction kernel over the block's rows, phase 1's, ..., then the
// last phase's elementwise kernel over the block's elements). A per-row value that a later phase
// uses (a "crossing" value) is an output of its phase's kernel, written at the row's index into
// a scratch array of one value per row, and an input of each later phase's kernel: read per row
// at the output index, or per element through a layout that repeats it along the row (stride 0
// over the row's dimensions). A backend that runs every phase of a tile of rows in one kernel (the
// CUDA backend's) keeps crossing values in registers instead: with CrossingValues::Scalars each is
// a scalar parameter of the later phases' kernels (constant along a row, which is all a phase
// kernel sees of it), and the last phase keeps the row kernel's iteration space and layouts.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "ir/kernel.h"

namespace sinter::ir {

/// How a later phase's kernel reads a per-row value of an earlier phase.
enum class CrossingValues : std::uint8_t {
  Scratch,  // from a scratch array of one value per row (an input of the phase kernel)
  Scalars,  // as scalar parameter `scalars.size() + c` of the row kernel's scalars, crossing value c
};

struct PhaseKernel {
  /// A reduction kernel (every phase but the last) or an elementwise kernel (the last). Its
  /// inputs are the row kernel's followed by one scratch array per crossing value it reads
  /// (`crossing_inputs`); its scalars the row kernel's followed by RowPhases::extra_scalars.
  KernelIR kernel;
  /// Per input after the row kernel's: the crossing value whose scratch array it is (Scratch only).
  std::vector<std::int32_t> crossing_inputs;
  /// Per output of `kernel`: >= 0, that output of the row kernel; < 0, crossing value -1 - value.
  std::vector<std::int32_t> outputs;
};

struct RowPhases {
  std::vector<PhaseKernel> phases;
  std::vector<DType> crossings;  // the type of each crossing value

  /// The scalar parameters every phase's kernel takes after the row kernel's `scalars`, for a
  /// launch over `rows` rows of `length` elements: the iteration space's sizes when the row
  /// kernel has none, and the strides of the scratch arrays' layout.
  std::vector<std::uint64_t> extra_scalars(std::span<const std::uint64_t> scalars, std::int64_t rows,
                                           std::int64_t length) const;

  int rank = 0;         // the row kernel's
  int reduce_rank = 0;  // the row kernel's
  std::int32_t shape_slot = -1;
};

/// Splits a verified row kernel into its phases' kernels (each sealed and verified). With
/// Scalars, every phase kernel's scalars are the row kernel's followed by one per crossing value
/// (RowPhases::crossings), and the phase kernels keep the row kernel's rank and layouts: a
/// reduction phase reduces the same trailing dimensions, the last (elementwise) phase iterates
/// over the row kernel's whole space.
RowPhases split_row_kernel(const KernelIR& kernel, CrossingValues crossings = CrossingValues::Scratch);

}  // namespace sinter::ir
