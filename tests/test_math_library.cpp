// The math library of issue 15 (item 2) against NumPy 2, on every device: bitwise ops and shifts
// (past the width too), %, fmod, floor_divide and divmod (integer division by zero, INT_MIN by
// -1, the signs of float remainders, infinities, NaN), the unary and binary float functions,
// the predicates, round with decimals and clip, each on edge values of every dtype it takes
// (tests/fixtures/math.txt, written by make_math_fixtures.py). Exact ops must give NumPy's bits
// (signed zeros included); math-library functions (op.h's calls_math_library) are within 4 ulp of
// the exact value the fixture holds. The refusals: bitwise ops and shifts of floats (a compile
// error, tests/compile_fail/bitwise_float.cpp and shift_float.cpp; a DTypeError when built at run
// time), and the op sweep (test_op_sweep.cpp) holds every new op against the interpreter.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "support.h"

using namespace sinter;
using doctest::Contains;

using test::dtype_named;
using test::read_records;
using test::Record;
using test::with_type;

namespace {

constexpr double kMathUlp = 4;  // docs/accuracy.md

template <class T> T parse(const std::string& s) {
  if constexpr (std::is_same_v<T, bool>) return s != "0";
  else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(std::strtod(s.c_str(), nullptr));
  else return static_cast<T>(std::stoll(s));
}

/// n values of type T from r, starting at word `at`.
template <class T> std::vector<T> values(const Record& r, std::size_t at, std::size_t n) {
  REQUIRE(r.size() >= at + n);
  std::vector<T> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(parse<T>(r[at + i]));
  return v;
}

/// How a result is compared with NumPy's.
struct Tolerance {
  double ulp = 0;                // math-library functions: within this many ulp
  bool zero_sign = true;         // whether the sign of a zero result must match (not fmax/fmin)
  double absolute_epsilons = 0;  // logaddexp: where its formula cancels, absolute (test_op_sweep.cpp)
};

Tolerance tolerance_of(const std::string& op) {
  static const char* const kMathLibrary[] = {"cbrt",    "exp2",      "expm1",      "log2",       "log10",   "log1p",
                                             "tan",     "arcsin",    "arccos",     "arctan",     "sinh",    "cosh",
                                             "arcsinh", "arccosh",   "arctanh",    "erfc",       "sigmoid", "arctan2",
                                             "hypot",   "logaddexp", "logaddexp2", "float_power"};
  Tolerance t;
  for (const char* f : kMathLibrary)
    if (op == f) t.ulp = kMathUlp;
  if (op == "logaddexp" || op == "logaddexp2") t.absolute_epsilons = kMathUlp;
  // NumPy leaves the sign of fmax(-0, +0) to the loop that runs (its SIMD and scalar loops differ);
  // sinter orders -0 below +0 as in maximum and minimum.
  if (op == "fmax" || op == "fmin") t.zero_sign = false;
  return t;
}

template <class R> bool same(R got, R want, const Tolerance& t) {
  if constexpr (std::is_floating_point_v<R>) {
    if (std::isnan(got) || std::isnan(want)) return std::isnan(got) && std::isnan(want);
    if (got == want) return !t.zero_sign || got != 0 || std::signbit(got) == std::signbit(want);
    if (t.ulp > 0 && test::ulp_distance(got, want) <= t.ulp) return true;
    return t.absolute_epsilons > 0 && std::fabs(static_cast<double>(got) - static_cast<double>(want)) <=
                                          t.absolute_epsilons * static_cast<double>(std::numeric_limits<R>::epsilon());
  } else {
    return got == want;
  }
}

/// The result's dtype against NumPy's (r[type_at]) and its elements against the n values at
/// r[values_at]; a failure names the op and the inputs of the element.
template <class R, class Inputs>
void check_result(const Array<R>& a, const Record& r, std::size_t type_at, std::size_t values_at, std::size_t n,
                  const std::string& op, const Inputs& inputs) {
  CHECK_MESSAGE(name_of(dtype_v<R>) == r[type_at], op << ": sinter's type " << name_of(dtype_v<R>));
  const std::vector<R> got = a.to_vector();
  const std::vector<R> want = values<R>(r, values_at, n);
  REQUIRE(got.size() == n);
  const Tolerance t = tolerance_of(op);
  int reported = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (same(got[i], want[i], t)) continue;
    if (reported++ < 5) FAIL_CHECK(op << "(" << inputs(i) << "): sinter " << +got[i] << ", NumPy " << r[values_at + i]);
  }
}

template <class T> std::string text(T v) {
  std::ostringstream s;
  s.precision(17);
  s << +v;
  return s.str();
}

/// sinter's spelling of NumPy's unary `op` on x (every op the fixture has for T's kind).
template <class T, class Check> void unary(const std::string& op, const Array<T>& x, const Check& check) {
  if constexpr (std::is_floating_point_v<T>) {
#define SINTER_FLOAT_UNARY(name) \
  if (op == #name) return check(Array(sinter::name(x)));
    SINTER_FLOAT_UNARY(reciprocal)
    SINTER_FLOAT_UNARY(square)
    SINTER_FLOAT_UNARY(sign)
    SINTER_FLOAT_UNARY(cbrt)
    SINTER_FLOAT_UNARY(exp2)
    SINTER_FLOAT_UNARY(expm1)
    SINTER_FLOAT_UNARY(log2)
    SINTER_FLOAT_UNARY(log10)
    SINTER_FLOAT_UNARY(log1p)
    SINTER_FLOAT_UNARY(tan)
    SINTER_FLOAT_UNARY(arcsin)
    SINTER_FLOAT_UNARY(arccos)
    SINTER_FLOAT_UNARY(arctan)
    SINTER_FLOAT_UNARY(sinh)
    SINTER_FLOAT_UNARY(cosh)
    SINTER_FLOAT_UNARY(arcsinh)
    SINTER_FLOAT_UNARY(arccosh)
    SINTER_FLOAT_UNARY(arctanh)
    SINTER_FLOAT_UNARY(erfc)
    SINTER_FLOAT_UNARY(trunc)
    SINTER_FLOAT_UNARY(rint)
    SINTER_FLOAT_UNARY(deg2rad)
    SINTER_FLOAT_UNARY(rad2deg)
    SINTER_FLOAT_UNARY(sigmoid)
#undef SINTER_FLOAT_UNARY
  } else if constexpr (!std::is_same_v<T, bool>) {
    if (op == "reciprocal") return check(Array(sinter::reciprocal(x)));
    if (op == "square") return check(Array(sinter::square(x)));
    if (op == "sign") return check(Array(sinter::sign(x)));
  }
  if constexpr (!std::is_floating_point_v<T>)
    if (op == "invert") return check(Array(~x));
  if (op == "signbit") return check(Array(sinter::signbit(x)));
  if (op == "isnan") return check(Array(sinter::isnan(x)));
  if (op == "isinf") return check(Array(sinter::isinf(x)));
  if (op == "isfinite") return check(Array(sinter::isfinite(x)));
  FAIL("no unary " << op << " for " << name_of(dtype_v<T>));
}

/// sinter's spelling of NumPy's binary `op` (operators where C++ has them; divmod for //).
template <class T, class Check>
void binary(const std::string& op, const Array<T>& x, const Array<T>& y, const Check& check) {
  if constexpr (!std::is_floating_point_v<T>) {
    if (op == "bitwise_and") return check(Array(x & y));
    if (op == "bitwise_or") return check(Array(x | y));
    if (op == "bitwise_xor") return check(Array(x ^ y));
    if constexpr (!std::is_same_v<T, bool>) {
      if (op == "left_shift") return check(Array(x << y));
      if (op == "right_shift") return check(Array(x >> y));
    }
  }
  if constexpr (!std::is_same_v<T, bool>) {
    if (op == "remainder") return check(Array(x % y));
    if (op == "fmod") return check(Array(sinter::fmod(x, y)));
    if (op == "floor_divide") {
      auto [q, r] = sinter::divmod(x, y);
      Array<T> quotient = q, rest = r;
      sinter::eval(quotient, rest);
      // Float remainders hold NaN (NaN != NaN): the remainder records check them.
      const bool same_remainder =
          std::is_floating_point_v<T> || rest.to_vector() == Array<T>(sinter::remainder(x, y)).to_vector();
      CHECK(same_remainder);
      return check(quotient);
    }
    if (op == "fmax") return check(Array(sinter::fmax(x, y)));
    if (op == "fmin") return check(Array(sinter::fmin(x, y)));
    if (op == "float_power") return check(Array(sinter::float_power(x, y)));
  }
  if constexpr (std::is_floating_point_v<T>) {
    if (op == "copysign") return check(Array(sinter::copysign(x, y)));
    if (op == "arctan2") return check(Array(sinter::arctan2(x, y)));
    if (op == "hypot") return check(Array(sinter::hypot(x, y)));
    if (op == "logaddexp") return check(Array(sinter::logaddexp(x, y)));
    if (op == "logaddexp2") return check(Array(sinter::logaddexp2(x, y)));
  }
  FAIL("no binary " << op << " for " << name_of(dtype_v<T>));
}

void check_record(const Record& r, Device device) {
  const std::string& kind = r[0];
  if (kind == "unary" || kind == "binary") {
    const std::string& op = r[1];
    const std::size_t n = static_cast<std::size_t>(std::stoul(r[4]));
    with_type(dtype_named(r[2]), [&](auto tag) {
      using T = decltype(tag);
      const std::vector<T> xs = values<T>(r, 5, n);
      const Array<T> x(xs, device);
      if (kind == "unary") {
        unary(op, x, [&](const auto& result) {
          check_result(result, r, 3, 5 + n, n, op, [&](std::size_t i) { return text(xs[i]); });
        });
      } else {
        const std::vector<T> ys = values<T>(r, 5 + n, n);
        const Array<T> y(ys, device);
        binary(op, x, y, [&](const auto& result) {
          check_result(result, r, 3, 5 + 2 * n, n, op, [&](std::size_t i) { return text(xs[i]) + ", " + text(ys[i]); });
        });
      }
    });
  } else if (kind == "round") {
    const int decimals = std::stoi(r[3]);
    const std::size_t n = static_cast<std::size_t>(std::stoul(r[4]));
    with_type(dtype_named(r[1]), [&](auto tag) {
      using T = decltype(tag);
      if constexpr (!std::is_same_v<T, bool>) {
        const std::vector<T> xs = values<T>(r, 5, n);
        const Array<T> x(xs, device);
        check_result(sinter::round(x, decimals), r, 2, 5 + n, n, "round",
                     [&](std::size_t i) { return text(xs[i]) + ", decimals " + std::to_string(decimals); });
      }
    });
  } else if (kind == "clip") {
    const std::size_t n = static_cast<std::size_t>(std::stoul(r[3]));
    with_type(dtype_named(r[1]), [&](auto tag) {
      using T = decltype(tag);
      if constexpr (!std::is_same_v<T, bool>) {
        const std::vector<T> xs = values<T>(r, 4, n), lo = values<T>(r, 4 + n, n), hi = values<T>(r, 4 + 2 * n, n);
        check_result(Array(sinter::clip(Array<T>(xs, device), Array<T>(lo, device), Array<T>(hi, device))), r, 2,
                     4 + 3 * n, n, "clip",
                     [&](std::size_t i) { return text(xs[i]) + ", " + text(lo[i]) + ", " + text(hi[i]); });
      }
    });
  } else {
    FAIL("unknown record " << kind);
  }
}

}  // namespace

SINTER_DEVICE_TEST(math_library_fixture,
                   "math library: every op of issue 15's item 2 on edge values of every dtype gives NumPy 2's result") {
  const std::vector<Record> records = read_records("math.txt");
  CHECK(records.size() > 200);
  for (const Record& r : records) {
    CAPTURE(r[0] + " " + r[1] + " " + r[2]);
    check_record(r, device);
  }
}

SINTER_DEVICE_TEST(math_library_operators,
                   "math library: operators, compound assignment, divmod, clip and round with scalars") {
  const Array<std::int32_t> i({-7, -1, 0, 5, 2147483647}, device);
  // NumPy: [-7, -1, 0, 5, 2147483647] % 3, // 3, << 1, >> 1, & 6, | 1, ^ -1, ~.
  CHECK(Array(i % 3).to_vector() == std::vector<std::int32_t>{2, 2, 0, 2, 1});
  CHECK(Array(floor_divide(i, 3)).to_vector() == std::vector<std::int32_t>{-3, -1, 0, 1, 715827882});
  CHECK(Array(i << 1).to_vector() == std::vector<std::int32_t>{-14, -2, 0, 10, -2});
  CHECK(Array(i >> 1).to_vector() == std::vector<std::int32_t>{-4, -1, 0, 2, 1073741823});
  CHECK(Array(i & 6).to_vector() == std::vector<std::int32_t>{0, 6, 0, 4, 6});
  CHECK(Array(i | 1).to_vector() == std::vector<std::int32_t>{-7, -1, 1, 5, 2147483647});
  CHECK(Array(i ^ -1).to_vector() == std::vector<std::int32_t>{6, 0, -1, -6, -2147483647 - 1});
  CHECK(Array(~i).to_vector() == std::vector<std::int32_t>{6, 0, -1, -6, -2147483647 - 1});
  // A scalar on the left: 100 % x, 1 << x (NumPy: [2, 0, 0, 0, 100], [...]).
  const Array<std::int32_t> small({3, 5, 1, 31, 32}, device);
  CHECK(Array(100 % small).to_vector() == std::vector<std::int32_t>{1, 0, 0, 7, 4});
  CHECK(Array(1 << small).to_vector() == std::vector<std::int32_t>{8, 32, 2, -2147483647 - 1, 0});
  // Compound assignment writes in place.
  Array<std::int32_t> c({10, -10, 7}, device);
  c %= 4;
  CHECK(c.to_vector() == std::vector<std::int32_t>{2, 2, 3});
  c <<= 2;
  c |= 1;
  c ^= 3;
  c &= 0xff;
  c >>= 1;
  CHECK(c.to_vector() == std::vector<std::int32_t>{5, 5, 7});  // ((x << 2 | 1) ^ 3) >> 1
  // divmod of floats evaluated in one call; Python: divmod(-7.5, 2) == (-4.0, 0.5).
  const Array<double> f({-7.5, 7.5, -0.0}, device);
  auto [q, r] = divmod(f, 2.0);
  Array<double> quotient = q, remainder = r;
  eval(quotient, remainder);
  CHECK(quotient.to_vector() == std::vector<double>{-4.0, 3.0, -0.0});
  CHECK(remainder.to_vector() == std::vector<double>{0.5, 1.5, 0.0});
  CHECK(std::signbit(quotient.at(2)));
  // clip with scalars keeps the array's type; round half to even with decimals.
  const Array<float> g({-2.5f, 0.5f, 1.5f, 2.675f, 1234.5f}, device);
  CHECK(Array(clip(g, -1, 1.5)).to_vector() == std::vector<float>{-1, 0.5f, 1.5f, 1.5f, 1.5f});
  CHECK(round(g).to_vector() == std::vector<float>{-2, 0, 2, 3, 1234});
  CHECK(round(g, -1).to_vector() == std::vector<float>{-0.0f, 0, 0, 0, 1230});
  // Bool operands: & | ^ ~ as NumPy's logical results.
  const Array<bool> b({true, false, true}, device);
  CHECK(Array(b & Array<bool>({true, true, false}, device)).to_vector() == std::vector<bool>{true, false, false});
  CHECK(Array(~b).to_vector() == std::vector<bool>{false, true, false});
  CHECK(Array(b ^ true).to_vector() == std::vector<bool>{false, true, false});
}

TEST_CASE("math library: bitwise ops and shifts of floats built at run time raise DTypeError naming op and types") {
  const Array<float> x({1.5f, 2.0f});
  const Array<bool> b({true, false});
  const ir::NodePtr floats[] = {x.node(), x.node()};
  CHECK_THROWS_WITH_AS(ir::make_op(Op::BitAnd, floats),
                       "bitwise_and: needs integer or bool operands of one type (not floating-point), got (float32, "
                       "float32)",
                       DTypeError);
  CHECK_THROWS_WITH_AS(ir::make_op(Op::LeftShift, floats),
                       "left_shift: needs integer operands of one type (not floating-point or bool), got (float32, "
                       "float32)",
                       DTypeError);
  const ir::NodePtr bools[] = {b.node(), b.node()};
  CHECK_THROWS_AS(ir::make_op(Op::RightShift, bools), DTypeError);
  const ir::NodePtr one[] = {x.node()};
  CHECK_THROWS_WITH_AS(ir::make_op(Op::Invert, one),
                       "invert: needs integer or bool operands of one type (not floating-point), got (float32)",
                       DTypeError);
}

TEST_CASE("math library: formulas call its functions by NumPy's names, floats given to bitwise functions are refused") {
  const Array<float> x({0.5f, -2.0f, 3.0f});
  const Array<std::int32_t> i({-7, 12, 5});
  // The same kernels as the C++ expressions: compared with them element for element.
  CHECK(evaluate<float>("arctan2(x, 2) + hypot(x, 1) * log1p(abs(x))", {{"x", x}}).to_vector() ==
        Array<float>(arctan2(x, 2) + hypot(x, 1) * log1p(abs(x))).to_vector());
  CHECK(evaluate<std::int32_t>("left_shift(remainder(i, 4), 2) + floor_divide(i, 3)", {{"i", i}}).to_vector() ==
        std::vector<std::int32_t>{-3 + 4, 0 + 4, 4 + 1});  // (-7 % 4) << 2 is 4, -7 // 3 is -3
  CHECK(evaluate<bool>("isnan(x / 0) | signbit(x)", {{"x", x}}).to_vector() == std::vector<bool>{false, true, false});
  CHECK_THROWS_WITH_AS(evaluate<float>("bitwise_and(x, 1)", {{"x", x}}),
                       Contains("'bitwise_and' of float32 values: convert first"), ParseError);
  CHECK_THROWS_WITH_AS(evaluate<float>("left_shift(x, x)", {{"x", x}}), Contains("'left_shift' of float32 values"),
                       ParseError);
}
