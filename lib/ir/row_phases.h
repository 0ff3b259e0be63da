// A row kernel (ir/kernel.h) as one ordinary kernel per phase, for a backend that runs the
// phases one after another over each row with the row still in its cache (the CPU's: per row,
// phase 0's reduction kernel, phase 1's, ..., then the last phase's elementwise kernel over the
// row's elements). A per-row value that a later phase uses (a "crossing" value) is an output of
// its phase's kernel, written at the row's index into a scratch array, and a scalar parameter of
// each later phase's kernel: constant along the row, it is a scalar there.
#pragma once
#include <cstdint>
#include <vector>

#include "ir/kernel.h"

namespace sinter::ir {

struct PhaseKernel {
  /// A reduction kernel (every phase but the last) or an elementwise kernel (the last). Its
  /// inputs are the row kernel's, its scalars the row kernel's followed by one per crossing value
  /// it reads (`crossing_scalars`).
  KernelIR kernel;
  /// Per output of `kernel`: >= 0, that output of the row kernel; < 0, crossing value -1 - value.
  std::vector<std::int32_t> outputs;
  /// Per scalar slot after the row kernel's: the crossing value it holds.
  std::vector<std::int32_t> crossing_scalars;
};

struct RowPhases {
  std::vector<PhaseKernel> phases;
  std::vector<DType> crossings;  // the type of each crossing value
};

/// Splits a verified row kernel into its phases' kernels (each sealed and verified).
RowPhases split_row_kernel(const KernelIR& kernel);

}  // namespace sinter::ir
