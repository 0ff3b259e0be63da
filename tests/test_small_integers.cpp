// The small and unsigned integer dtypes (int8, int16, uint8, uint16, uint32) against NumPy 2, on
// every device: Python-style weak scalars (NEP 50; tests/fixtures/scalar_promotion.txt), results
// on the edge values of every integer type (tests/fixtures/integers.txt: wrapping at the bounds,
// division, unsigned comparisons, reductions, casts), and sinter's float-to-integer rule for the
// unsigned types (NaN and negative floats), which NumPy leaves undefined.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support.h"

using namespace sinter;

using test::dtype_named;
using test::read_records;
using test::Record;
using test::with_type;

namespace {

/// Whether `got` is the fixture's text `want`: integers by their bits (NumPy's uint64 sums are
/// sinter's int64 ones), floats by value (NaN equal to NaN).
template <class T> bool same(T got, const std::string& want) {
  if constexpr (std::is_floating_point_v<T>) {
    const double w = std::strtod(want.c_str(), nullptr);
    return (std::isnan(w) && std::isnan(got)) || static_cast<double>(got) == w;
  } else {
    const std::uint64_t w = want[0] == '-' ? static_cast<std::uint64_t>(std::stoll(want)) : std::stoull(want);
    if constexpr (std::is_signed_v<T>) return static_cast<std::uint64_t>(static_cast<std::int64_t>(got)) == w;
    else return static_cast<std::uint64_t>(got) == w;
  }
}

/// Checks an expression's dtype against NumPy's `type` (uint64 sums excepted: int64, docs/ops.md)
/// and its elements against the fixture's texts after it.
template <class E> void check_result(const E& e, const Record& r, std::size_t type_at) {
  using R = typename E::value_type;
  const std::string& type = r[type_at];
  if (type == "uint64") CHECK(dtype_v<R> == DType::Int64);
  else CHECK(name_of(dtype_v<R>) == type);
  const std::vector<R> got = Array<R>(e).to_vector();
  REQUIRE(got.size() == r.size() - type_at - 1);
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK_MESSAGE(same(got[i], r[type_at + 1 + i]), "got " << +got[i] << ", NumPy " << r[type_at + 1 + i]);
  }
}

template <class T> std::vector<T> parse_values(const Record& r) {
  std::vector<T> v;
  for (std::size_t i = 2; i < r.size(); ++i) v.push_back(static_cast<T>(std::stoll(r[i])));
  return v;
}

template <class T> void check_integer_record(const Record& r, const std::vector<T>& x, Device device) {
  const std::string& kind = r[0];
  const std::string& op = r[1];
  CAPTURE(op);
  const Array<T> a(x, device);
  if (kind == "unary") {
    if (op == "negative") check_result(-a, r, 3);
    else if (op == "absolute") check_result(sinter::abs(a), r, 3);
    else FAIL("unknown unary op " << op);
  } else if (kind == "binary") {
    std::vector<T> xs, ys;
    for (T u : x)
      for (T w : x) {
        xs.push_back(u);
        ys.push_back(w);
      }
    const Array<T> p(xs, device), q(ys, device);
    if (op == "add") check_result(p + q, r, 3);
    else if (op == "subtract") check_result(p - q, r, 3);
    else if (op == "multiply") check_result(p * q, r, 3);
    else if (op == "true_divide") check_result(p / q, r, 3);
    else if (op == "minimum") check_result(sinter::minimum(p, q), r, 3);
    else if (op == "maximum") check_result(sinter::maximum(p, q), r, 3);
    else if (op == "equal") check_result(p == q, r, 3);
    else if (op == "less") check_result(p < q, r, 3);
    else if (op == "greater_equal") check_result(p >= q, r, 3);
    else FAIL("unknown binary op " << op);
  } else if (kind == "reduce") {
    if (op == "sum") check_result(sinter::sum(a), r, 3);
    else if (op == "prod") check_result(sinter::prod(a), r, 3);
    else if (op == "min") check_result(sinter::min(a), r, 3);
    else if (op == "max") check_result(sinter::max(a), r, 3);
    else if (op == "argmin") check_result(sinter::argmin(a), r, 3);
    else if (op == "argmax") check_result(sinter::argmax(a), r, 3);
    else FAIL("unknown reduction " << op);
  } else if (kind == "cast") {
    with_type(dtype_named(r[2]), [&](auto to) { check_result(cast<decltype(to)>(a), r, 2); });
  }
}

}  // namespace

TEST_CASE("an array with a scalar: NumPy 2's weak-scalar types, and integers that do not fit are refused") {
  const std::vector<Record> records = read_records("scalar_promotion.txt");
  CHECK(records.size() == kNumDTypes * 26);  // every dtype, with 24 integers and 2 floats
  for (const Record& r : records) {
    REQUIRE(r.size() == 5);
    CAPTURE(r[1]);
    CAPTURE(r[3]);
    with_type(dtype_named(r[1]), [&](auto tag) {
      using T = decltype(tag);
      const Array<T> a({T(1), T(1), T(1)});
      const std::string& want = r[4];
      auto check = [&](auto e, auto flipped) {
        using E = decltype(e);
        static_assert(E::dtype == decltype(flipped)::dtype, "a scalar's side does not change the type");
        if (want == "overflow") {
          CHECK(E::dtype == dtype_v<T>);  // the scalar took the array's type, and does not fit it
          CHECK_THROWS_AS(Array<typename E::value_type>{e}, ValueError);
          CHECK_THROWS_AS(Array<typename E::value_type>{flipped}, ValueError);
        } else {
          CHECK(name_of(E::dtype) == want);
          CHECK_NOTHROW(Array<typename E::value_type>(e).eval());
        }
      };
      if (r[2] == "int") {
        const std::int64_t v = std::stoll(r[3]);
        check(a + v, v * a);
        if (v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max()) {
          const int small = static_cast<int>(v);
          check(a - small, small - a);  // a C++ int is as weak as a long
        }
      } else {
        const double v = std::stod(r[3]);
        check(a * v, v + a);
      }
    });
  }
}

SINTER_DEVICE_TEST(integer_edges_numpy, "integer dtypes on their edge values give NumPy's results") {
  const std::vector<Record> records = read_records("integers.txt");
  std::map<std::string, Record> values;
  std::size_t checked = 0;
  for (const Record& r : records) {
    if (r[0] == "values") {
      values[r[1]] = r;
      continue;
    }
    const std::string& a = r[0] == "cast" ? r[1] : r[2];
    CAPTURE(a);
    REQUIRE(values.count(a) == 1);
    with_type(dtype_named(a), [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
        check_integer_record(r, parse_values<T>(values[a]), device);
    });
    ++checked;
  }
  // Every integer dtype of the catalogue is in the fixture (rerun make_integer_fixtures.py).
  CHECK(values.size() == dtypes_where<is_integer>().size());
  CHECK(checked > 0);
}

SINTER_DEVICE_TEST(float_to_unsigned,
                   "floats cast to unsigned types truncate, saturate at 0 and the top, NaN gives 0") {
  const double inf = std::numeric_limits<double>::infinity();
  const Array<double> x({-0.75, -1.0, -300.0, NAN, -inf, inf, 255.9, 256.0, 65535.5, 65536.0, 4294967295.5, 1e10, 7.9},
                        device);
  CHECK_EQ(Array<std::uint8_t>(cast<std::uint8_t>(x)).to_vector(),
           std::vector<std::uint8_t>{0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 7});
  CHECK_EQ(Array<std::uint16_t>(cast<std::uint16_t>(x)).to_vector(),
           std::vector<std::uint16_t>{0, 0, 0, 0, 0, 65535, 255, 256, 65535, 65535, 65535, 65535, 7});
  CHECK_EQ(Array<std::uint32_t>(cast<std::uint32_t>(x)).to_vector(),
           std::vector<std::uint32_t>{0, 0, 0, 0, 0, 4294967295U, 255, 256, 65535, 65536, 4294967295U, 4294967295U, 7});
  CHECK_EQ(Array<std::int8_t>(cast<std::int8_t>(x)).to_vector(),
           std::vector<std::int8_t>{0, -1, -128, 0, -128, 127, 127, 127, 127, 127, 127, 127, 7});
  const Array<float> f({-0.5f, NAN, 3e9f, 5e9f, -1e20f}, device);
  CHECK_EQ(Array<std::uint32_t>(cast<std::uint32_t>(f)).to_vector(),
           std::vector<std::uint32_t>{0, 0, 3000000000U, 4294967295U, 0});
  CHECK_EQ(test::reference(Array<std::uint32_t>(cast<std::uint32_t>(f))),
           Array<std::uint32_t>(cast<std::uint32_t>(f)).to_vector());
}

SINTER_DEVICE_TEST(small_integer_scalars_wrap, "weak scalars keep small types, and their arithmetic wraps") {
  const Array<std::uint8_t> u({250, 5, 0}, device);
  const Array<std::uint8_t> plus = u + 10;  // uint8 + 10 stays uint8 and wraps, as NumPy 2
  CHECK_EQ(plus.to_vector(), std::vector<std::uint8_t>{4, 15, 10});
  const Array<std::int8_t> i({100, -100, 64}, device);
  const Array<std::int8_t> twice = i * 2;
  CHECK_EQ(twice.to_vector(), std::vector<std::int8_t>{-56, 56, -128});
  const Array<double> half = i + 1.5;  // an integer array with a float scalar is float64
  CHECK_EQ(half.to_vector(), std::vector<double>{101.5, -98.5, 65.5});
  CHECK_THROWS_WITH_AS(Array<std::uint8_t>{u + 256}, doctest::Contains("256 does not fit the uint8 array"), ValueError);
  CHECK_THROWS_AS(Array<std::uint16_t>{Array<std::uint16_t>({1}, device) - (-1)}, ValueError);
  // full() and assignment write C++ scalars into the type; those outside it are refused.
  Array<std::uint8_t> w({1, 2}, device);
  w(0) = 255;
  CHECK_EQ(w.to_vector(), std::vector<std::uint8_t>{255, 2});
  CHECK_THROWS_AS(w(1) = -1, ValueError);
}
