// The float-to-integer rule (float_to_integer.h): the range check is written once, here.
#include "float_to_integer.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "sinter/error.h"

namespace sinter {

std::int64_t float_to_integer(double x, DType to, OutOfRange policy, std::string_view what) {
  if (!is_integer(to)) throw Error(fmt::format("internal: float_to_integer to {}", name_of(to)));
  const bool int32 = to == DType::Int32;
  const std::int64_t lo = int32 ? std::numeric_limits<std::int32_t>::min() : std::numeric_limits<std::int64_t>::min();
  const std::int64_t hi = int32 ? std::numeric_limits<std::int32_t>::max() : std::numeric_limits<std::int64_t>::max();
  // Truncated, x fits when lo - 1 < x < hi + 1. Both bounds are exact doubles: -2^31 - 1 and
  // 2^31 for int32, -2^63 (x >= it) and 2^63 for int64.
  const double below = int32 ? -2147483649.0 : -9223372036854775808.0;
  const double above = int32 ? 2147483648.0 : 9223372036854775808.0;
  const bool fits = int32 ? (x > below && x < above) : (x >= below && x < above);  // false for NaN
  if (fits) return static_cast<std::int64_t>(std::trunc(x));
  if (policy == OutOfRange::Refuse) {
    if (std::isnan(x)) throw ValueError(fmt::format("{} is NaN, which has no {} value", what, name_of(to)));
    throw ValueError(fmt::format("{} {} is outside the range of {} [{}, {}]", what, x, name_of(to), lo, hi));
  }
  if (std::isnan(x)) return 0;
  return x < 0 ? lo : hi;
}

}  // namespace sinter
