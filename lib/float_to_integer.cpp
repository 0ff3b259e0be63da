// The float-to-integer rule (float_to_integer.h): the range check is written once, here.
#include "float_to_integer.h"

#include <fmt/format.h>

#include <cmath>

#include "sinter/error.h"

namespace sinter {

std::int64_t float_to_integer(double x, DType to, OutOfRange policy, std::string_view what) {
  // Truncated, x fits when lo - 1 < x < hi + 1; `below` and `above` are those bounds as exact
  // doubles (-2^31 - 1 and 2^31 for int32, -1 and 256 for uint8; for int64 -2^63 itself fits, and
  // 2^63 does not). Every type up to 32 bits has them exactly from its range.
  double below = 0, above = 0;
  bool below_fits = false;
  switch (to) {
    case DType::Int8:
    case DType::Int16:
    case DType::Int32:
    case DType::UInt8:
    case DType::UInt16:
    case DType::UInt32:
      below = static_cast<double>(integer_range(to).lo) - 1.0;
      above = static_cast<double>(integer_range(to).hi) + 1.0;
      break;
    case DType::Int64:
      below = -9223372036854775808.0;
      above = 9223372036854775808.0;
      below_fits = true;
      break;
    case DType::Bool:
    case DType::Float32:
    case DType::Float64: throw InternalError(fmt::format("float_to_integer to {}", name_of(to)));
  }
  const std::int64_t lo = integer_range(to).lo, hi = integer_range(to).hi;
  const bool fits = (below_fits ? x >= below : x > below) && x < above;  // false for NaN
  if (fits) return static_cast<std::int64_t>(std::trunc(x));
  if (policy == OutOfRange::Refuse) {
    if (std::isnan(x)) throw ValueError(fmt::format("{} is NaN, which has no {} value", what, name_of(to)));
    throw ValueError(fmt::format("{} {} is outside the range of {} [{}, {}]", what, x, name_of(to), lo, hi));
  }
  if (std::isnan(x)) return 0;
  return x < 0 ? lo : hi;
}

}  // namespace sinter
