// Floating-point values becoming integers: one rule (docs/ops.md, "Float to integer") for cast,
// for C++ scalars written into integer arrays (assignment, full) and for arange's integer
// elements. Expected values are NumPy's where NumPy defines them (setitem, the arange step rule),
// else the closed form of the rule (truncate toward zero, saturate, NaN -> 0).
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "support.h"

using namespace sinter;
using doctest::Contains;

namespace {
constexpr std::int32_t kInt32Max = std::numeric_limits<std::int32_t>::max();
constexpr std::int32_t kInt32Min = std::numeric_limits<std::int32_t>::min();
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();
}  // namespace

SINTER_DEVICE_TEST(cast_saturates, "cast of floats to integers truncates, saturates and maps NaN to 0") {
  const double inf = std::numeric_limits<double>::infinity();
  // 2^31 - 0.5 truncates into range; 2^31 and 2^63 are the first values past it.
  Array<double> x({2.7, -2.7, 3e9, -3e9, NAN, inf, -inf, 2147483647.5, 2147483648.0, -2147483648.9, 0x1p63, -0x1p63},
                  device);
  CHECK_EQ(Array<std::int32_t>(cast<std::int32_t>(x)).to_vector(),
           std::vector<std::int32_t>{2, -2, kInt32Max, kInt32Min, 0, kInt32Max, kInt32Min, kInt32Max, kInt32Max,
                                     kInt32Min, kInt32Max, kInt32Min});
  CHECK_EQ(Array<std::int64_t>(cast<std::int64_t>(x)).to_vector(),
           std::vector<std::int64_t>{2, -2, 3000000000, -3000000000, 0, kInt64Max, kInt64Min, 2147483647, 2147483648,
                                     -2147483648, kInt64Max, kInt64Min});
  CHECK_EQ(test::reference(Array<std::int32_t>(cast<std::int32_t>(x))),
           Array<std::int32_t>(cast<std::int32_t>(x)).to_vector());
}

SINTER_DEVICE_TEST(assign_float_scalars, "a float scalar written into an integer array truncates or is refused") {
  Array<std::int32_t> a({1, 2, 3}, device);
  a(0) = 2.7;
  a(1) = -2.7f;
  a(2) = 2147483647.5;  // truncates to INT32_MAX: fits, as NumPy's a[2] = 2147483647.5
  CHECK_EQ(a.to_vector(), std::vector<std::int32_t>{2, -2, kInt32Max});
  a(2) = -2147483648.9;
  CHECK_EQ(a.at(2), kInt32Min);

  // NumPy's setitem refuses these (OverflowError, ValueError); so does sinter, naming value and type.
  CHECK_THROWS_WITH_AS(a(0) = 1e20, Contains("the scalar 1e+20 is outside the range of int32"), ValueError);
  CHECK_THROWS_WITH_AS(a(0) = -1e20, Contains("the scalar -1e+20 is outside the range of int32"), ValueError);
  CHECK_THROWS_WITH_AS(a(0) = 2147483648.0, Contains("the scalar 2147483648 is outside the range of int32"),
                       ValueError);
  CHECK_THROWS_WITH_AS(a(0) = NAN, Contains("the scalar is NaN, which has no int32 value"), ValueError);
  CHECK_THROWS_WITH_AS(a(Slice{}) = INFINITY, Contains("the scalar inf is outside the range of int32"), ValueError);
  CHECK_THROWS_WITH_AS(a.assign(3e9), Contains("3000000000 is outside the range of int32"), ValueError);
  CHECK_EQ(a.to_vector(), std::vector<std::int32_t>{2, -2, kInt32Min});  // nothing was written

  Array<std::int64_t> b({0, 0}, device);
  b(0) = 3e9;
  b(1) = -0x1p63;  // INT64_MIN is a double exactly
  CHECK_EQ(b.to_vector(), std::vector<std::int64_t>{3000000000, kInt64Min});
  b(1) = 0x1p63 - 1024;  // the largest double below 2^63
  CHECK_EQ(b.at(1), std::int64_t{0x7FFFFFFFFFFFFC00});
  CHECK_THROWS_WITH_AS(b(0) = 0x1p63, Contains("the scalar 9.223372036854776e+18 is outside the range of int64"),
                       ValueError);
  CHECK_THROWS_WITH_AS(b(0) = NAN, Contains("NaN, which has no int64 value"), ValueError);
  // An unsigned scalar past INT64_MAX would wrap to a negative value.
  CHECK_THROWS_WITH_AS(b(0) = std::numeric_limits<std::uint64_t>::max(),
                       Contains("18446744073709551615 does not fit int64"), ValueError);
  CHECK_EQ(b.to_vector(), std::vector<std::int64_t>{3000000000, 0x7FFFFFFFFFFFFC00});
}

SINTER_DEVICE_TEST(full_float_values, "full with a float value for an integer type follows the same rule") {
  CHECK_EQ(full<std::int64_t>(2, -2.7, device).to_vector(), std::vector<std::int64_t>{-2, -2});
  CHECK_EQ(full<std::int32_t>(Shape{2, 1}, 7.9f, device).to_vector(), std::vector<std::int32_t>{7, 7});
  CHECK_THROWS_WITH_AS(full<std::int32_t>(3, 1e20, device), Contains("1e+20 is outside the range of int32"),
                       ValueError);
  CHECK_THROWS_WITH_AS(full<std::int64_t>(Shape{2, 2}, NAN, device), Contains("NaN, which has no int64 value"),
                       ValueError);
}

SINTER_DEVICE_TEST(arange_integers, "arange of an integer type follows NumPy's step rule and refuses overflow") {
  // np.arange(0, 5e9, 1e9, dtype=np.int64); for int32 NumPy wraps the last two elements.
  CHECK_EQ(arange<std::int64_t>(0, 5e9, 1e9, device).to_vector(),
           std::vector<std::int64_t>{0, 1000000000, 2000000000, 3000000000, 4000000000});
  CHECK_THROWS_WITH_AS(arange<std::int32_t>(0, 5e9, 1e9, device),
                       Contains("arange(0, 5000000000, 1000000000): the element 4000000000 does not fit int32"),
                       ValueError);
  CHECK_EQ(arange<std::int32_t>(0.0, 3e9, 1e9, device).to_vector(),
           std::vector<std::int32_t>{0, 1000000000, 2000000000});
  // NumPy's step is T(start + step) - T(start): np.arange(0.5, 5, 1.5, dtype=np.int32) is
  // [0, 2, 4], np.arange(0, 3, 0.4, dtype=np.int64) eight zeros.
  CHECK_EQ(arange<std::int32_t>(0.5, 5, 1.5, device).to_vector(), std::vector<std::int32_t>{0, 2, 4});
  CHECK_EQ(arange<std::int64_t>(0, 3, 0.4, device).to_vector(), std::vector<std::int64_t>(8, 0));
  CHECK_EQ(arange<std::int32_t>(-2.5, 3, 1.0, device).to_vector(), std::vector<std::int32_t>{-2, -1, 0, 1, 2, 3});
  CHECK_EQ(arange<std::int32_t>(5.0, 0.0, -2.0, device).to_vector(), std::vector<std::int32_t>{5, 3, 1});
  CHECK_THROWS_WITH_AS(arange<std::int32_t>(1e20, 2e20, 1e19, device),
                       Contains("the start 1e+20 is outside the range of int32"), ValueError);

  // Integer arguments are exact (through double, 2^60 + 3 was 2^60 and the array empty).
  const std::int64_t big = std::int64_t{1} << 60;
  CHECK_EQ(arange<std::int64_t>(big, big + 3, 1, device).to_vector(), std::vector<std::int64_t>{big, big + 1, big + 2});
  CHECK_EQ(arange<std::int64_t>(kInt64Max - 2, kInt64Max, 1, device).to_vector(),
           std::vector<std::int64_t>{kInt64Max - 2, kInt64Max - 1});
  CHECK_EQ(arange<std::int64_t>(kInt64Min, kInt64Max, std::int64_t{1} << 62, device).to_vector(),
           std::vector<std::int64_t>{kInt64Min, -(std::int64_t{1} << 62), 0, std::int64_t{1} << 62});
  CHECK_EQ(arange<std::int32_t>(7, -2, -3, device).to_vector(), std::vector<std::int32_t>{7, 4, 1});
  CHECK_THROWS_WITH_AS(arange<std::int32_t>(0, 5000000000, 1000000000, device),
                       Contains("the element 4000000000 does not fit int32"), ValueError);
  CHECK_THROWS_WITH_AS(arange<std::int64_t>(0, 5, 0, device), Contains("arange(0, 5, 0): the step must be nonzero"),
                       ValueError);

  // One argument: np.arange(1.5) is [0., 1.], np.arange(2.5, dtype=np.int32) [0, 1, 2].
  CHECK_EQ(arange<double>(1.5, device).to_vector(), std::vector<double>{0, 1});
  CHECK_EQ(arange<std::int32_t>(2.5, device).to_vector(), std::vector<std::int32_t>{0, 1, 2});
}

SINTER_DEVICE_TEST(float_scalars_in_expressions, "float scalars in expressions keep NaN and huge values") {
  // The scalar used to be converted to int64 as well, undefined for these (UBSan's float-cast-overflow).
  Array<float> x({1.0f, -2.0f}, device);
  const std::vector<float> plus_nan = Array<float>(x + NAN).to_vector();
  CHECK(std::isnan(plus_nan[0]));
  CHECK(std::isnan(plus_nan[1]));
  CHECK_EQ(Array<float>(x * 1e20).to_vector(), std::vector<float>{1e20f, -2e20f});
  CHECK_EQ(Array<double>(cast<std::int32_t>(x) + 1e300).to_vector(), std::vector<double>{1e300, 1e300});
}
