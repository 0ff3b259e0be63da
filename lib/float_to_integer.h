// sinter's one rule for turning a floating-point value into an integer element (docs/ops.md,
// "Float to integer"), on the host. The reference interpreter's cast, the scalars written into
// integer arrays (assignment, full) and arange's integer elements all call it; the kernels
// implement the Saturate policy the interpreter checks them against (LLVM's fptosi.sat, the CUDA
// prelude's sinter_saturating_int* and _uint*).
#pragma once
#include <cstdint>
#include <string_view>

#include "sinter/dtype.h"

namespace sinter {

/// What happens to NaN and to values outside the integer type's range.
enum class OutOfRange {
  Saturate,  ///< cast: NaN gives 0, others the nearest end of the range (NumPy leaves this undefined)
  Refuse,    ///< a C++ scalar: ValueError naming `what`, the value and the type (NumPy's setitem refuses)
};

/// `x` truncated toward zero, as an integer of integer type `to`; `what` names the
/// value in a refusal ("the scalar", "arange's start"). Never converts an out-of-range double.
std::int64_t float_to_integer(double x, DType to, OutOfRange policy, std::string_view what = "the value");

}  // namespace sinter
