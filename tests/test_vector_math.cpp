// sinter's own exp, log, sin and cos (codegen/llvm/vector_math.h) on the CPU: the polynomial paths
// against the interpreter with the bounds measured in docs/accuracy.md, IEEE special values, and
// the redo with libm of chunks that hold sin/cos arguments beyond the fast reduction's range.
// (test_ops.cpp's inputs always include huge values, so its sin/cos checks run libm's path.)
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "support.h"

using namespace sinter;

namespace {

// Measured maxima (tests/accuracy, docs/accuracy.md): 2.0 ulp (cos float32); the bound leaves
// a margin for inputs the sweeps did not meet.
constexpr double kPolyUlp = 3;

template <class T> std::vector<T> uniform(std::size_t n, double lo, double hi, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> d(lo, hi);
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(d(rng));
  return v;
}

template <class T, class F> void against_interpreter(const std::vector<T>& in, F f, const std::string& what) {
  Array<T> x(in);
  Array<T> y = f(x);
  test::check_close(y.to_vector(), test::reference(Array<T>(f(x))), kPolyUlp, what, &in);
}

template <class T> void polynomial_paths() {
  const std::string t(name_of(dtype_v<T>));
  const double limit = sizeof(T) == 4 ? 65536 : 1048576;
  // Sizes across the vector width, the scalar remainder and the parallel threshold.
  for (std::size_t n : {std::size_t{1}, std::size_t{15}, std::size_t{17}, std::size_t{5000}, std::size_t{100000}}) {
    CAPTURE(n);
    against_interpreter<T>(
        uniform<T>(n, -limit, limit, 1), [](auto x) { return sinter::sin(x); }, "sin " + t);
    against_interpreter<T>(
        uniform<T>(n, -limit, limit, 2), [](auto x) { return sinter::cos(x); }, "cos " + t);
    against_interpreter<T>(
        uniform<T>(n, -12, 12, 3), [](auto x) { return sinter::sin(x); }, "sin small " + t);
    against_interpreter<T>(
        uniform<T>(n, -12, 12, 4), [](auto x) { return sinter::cos(x); }, "cos small " + t);
    const double e = sizeof(T) == 4 ? 104 : 745;
    against_interpreter<T>(
        uniform<T>(n, -e, e * 0.95, 5), [](auto x) { return sinter::exp(x); }, "exp " + t);
    against_interpreter<T>(
        uniform<T>(n, 0, 1e6, 6), [](auto x) { return sinter::log(x); }, "log " + t);
    against_interpreter<T>(
        uniform<T>(n, 0.25, 4, 7), [](auto x) { return sinter::log(x); }, "log near 1 " + t);
  }
}

template <class T> void special_values() {
  using L = std::numeric_limits<T>;
  const T inf = L::infinity(), nan = L::quiet_NaN();
  // exp: IEEE special cases, overflow, gradual underflow.
  Array<T> e({T(0), -T(0), inf, -inf, nan, T(1e4), T(-1e4), L::max(), -L::max()});
  auto ve = Array<T>(sinter::exp(e)).to_vector();
  CHECK(ve[0] == T(1));
  CHECK(ve[1] == T(1));
  CHECK(ve[2] == inf);
  CHECK(ve[3] == T(0));
  CHECK(std::isnan(ve[4]));
  CHECK(ve[5] == inf);
  CHECK(ve[6] == T(0));
  CHECK(ve[7] == inf);
  CHECK(ve[8] == T(0));
  // exp through the denormal range matches the interpreter (correctly rounded there).
  const double lo = sizeof(T) == 4 ? -103.9 : -745.0, hi = sizeof(T) == 4 ? -87.0 : -707.0;
  against_interpreter<T>(
      uniform<T>(2000, lo, hi, 8), [](auto x) { return sinter::exp(x); },
      "exp to denormals " + std::string(name_of(dtype_v<T>)));
  CHECK(Array<T>(sinter::exp(Array<T>({T(sizeof(T) == 4 ? 88.72 : 709.78)}))).item() < inf);

  // log: zeros, negatives, infinity, NaN, denormal inputs exact to the bound.
  Array<T> l({T(0), -T(0), T(-1), -inf, inf, nan, T(1), L::denorm_min(), L::min(), L::max()});
  auto vl = Array<T>(sinter::log(l)).to_vector();
  CHECK(vl[0] == -inf);
  CHECK(vl[1] == -inf);
  CHECK(std::isnan(vl[2]));
  CHECK(std::isnan(vl[3]));
  CHECK(vl[4] == inf);
  CHECK(std::isnan(vl[5]));
  CHECK(vl[6] == T(0));
  CHECK(test::ulp_distance(vl[7], static_cast<T>(std::log(static_cast<long double>(L::denorm_min())))) <= 1);
  CHECK(test::ulp_distance(vl[8], static_cast<T>(std::log(static_cast<long double>(L::min())))) <= 1);
  CHECK(test::ulp_distance(vl[9], static_cast<T>(std::log(static_cast<long double>(L::max())))) <= 1);

  // sin/cos without huge arguments (so the polynomial path runs): signed zeros, denormals, NaN.
  Array<T> s({T(0), -T(0), L::denorm_min(), -L::denorm_min(), L::min(), nan, T(1e-20), T(-1e-20)});
  auto vs = Array<T>(sinter::sin(s)).to_vector();
  auto vc = Array<T>(sinter::cos(s)).to_vector();
  CHECK((vs[0] == T(0) && !std::signbit(vs[0])));
  CHECK((vs[1] == T(0) && std::signbit(vs[1])));
  CHECK(vs[2] == L::denorm_min());
  CHECK(vs[3] == -L::denorm_min());
  CHECK(vs[4] == L::min());
  CHECK(std::isnan(vs[5]));
  CHECK(vs[6] == T(1e-20));
  CHECK(vs[7] == T(-1e-20));
  for (std::size_t i = 0; i < vc.size(); ++i)
    if (i != 5) CHECK(vc[i] == T(1));
  CHECK(std::isnan(vc[5]));
}

// Huge arguments in a few chunks of a large array: those chunks are redone with libm, the others
// keep the polynomial's results; every element is right either way.
template <class T> void huge_arguments() {
  const std::size_t n = 300000;  // above the parallel threshold: many chunks
  auto in = uniform<T>(n, -50, 50, 9);
  in[7] = T(1e30);
  in[150000] = -std::numeric_limits<T>::infinity();
  in[n - 1] = std::numeric_limits<T>::max();
  in[n - 2] = T(3e9);
  Array<T> x(in);
  Array<T> s = sinter::sin(x);
  Array<T> c = sinter::cos(x);
  auto vs = s.to_vector(), vc = c.to_vector();
  test::check_close(vs, test::reference(Array<T>(sinter::sin(x))), kPolyUlp, "sin with huge elements", &in);
  test::check_close(vc, test::reference(Array<T>(sinter::cos(x))), kPolyUlp, "cos with huge elements", &in);
  CHECK(std::isnan(vs[150000]));
  CHECK(std::isnan(vc[150000]));
}

// The math library's functions give one value for one input wherever it sits: in a long array's
// vector loop, or in arrays of 7 elements, which run the loop's scalar remainder (shorter than any
// vector). libmvec's variants and libm's scalar functions differ by an ulp on some inputs, so
// this held only once every call went through one variant (codegen/llvm/one_math_variant.h).
template <class T> void one_value_per_input() {
  using F = Array<T> (*)(const Array<T>&);
  const std::pair<const char*, F> functions[] = {
      {"tan", [](const Array<T>& x) -> Array<T> { return sinter::tan(x * T(3)); }},
      {"tanh", [](const Array<T>& x) -> Array<T> { return sinter::tanh(x * T(3)); }},
      {"erf", [](const Array<T>& x) -> Array<T> { return sinter::erf(x * T(2)); }},
      {"erfc", [](const Array<T>& x) -> Array<T> { return sinter::erfc(x * T(2)); }},
      {"cbrt", [](const Array<T>& x) -> Array<T> { return sinter::cbrt(x * T(50)); }},
      {"exp2", [](const Array<T>& x) -> Array<T> { return sinter::exp2(x * T(10)); }},
      {"expm1", [](const Array<T>& x) -> Array<T> { return sinter::expm1(x * T(3)); }},
      {"log2", [](const Array<T>& x) -> Array<T> { return sinter::log2(x + T(1.5)); }},
      {"log10", [](const Array<T>& x) -> Array<T> { return sinter::log10(x + T(1.5)); }},
      {"log1p", [](const Array<T>& x) -> Array<T> { return sinter::log1p(x * T(0.9)); }},
      {"arcsin", [](const Array<T>& x) -> Array<T> { return sinter::arcsin(x); }},
      {"arccos", [](const Array<T>& x) -> Array<T> { return sinter::arccos(x); }},
      {"arctan", [](const Array<T>& x) -> Array<T> { return sinter::arctan(x * T(5)); }},
      {"sinh", [](const Array<T>& x) -> Array<T> { return sinter::sinh(x * T(4)); }},
      {"cosh", [](const Array<T>& x) -> Array<T> { return sinter::cosh(x * T(4)); }},
      {"arcsinh", [](const Array<T>& x) -> Array<T> { return sinter::arcsinh(x * T(5)); }},
      {"arccosh", [](const Array<T>& x) -> Array<T> { return sinter::arccosh(x + T(2)); }},
      {"arctanh", [](const Array<T>& x) -> Array<T> { return sinter::arctanh(x * T(0.99)); }},
      {"pow", [](const Array<T>& x) -> Array<T> { return sinter::pow(x + T(1.5), x * T(7)); }},
  };
  const std::size_t distinct = 252, copies = 4, shorts = 7;  // 252 = 36 arrays of 7
  const auto values = uniform<T>(distinct, -1, 1, 21);
  std::vector<T> tiled;
  for (std::size_t c = 0; c < copies; ++c) tiled.insert(tiled.end(), values.begin(), values.end());
  for (const auto& [function, f] : functions) {
    const std::string name = function;
    CAPTURE(name);
    CAPTURE(name_of(dtype_v<T>));
    const std::vector<T> in_loop = f(Array<T>(tiled)).to_vector();
    for (std::size_t first = 0; first < distinct; first += shorts) {
      const std::vector<T> part(values.begin() + static_cast<std::ptrdiff_t>(first),
                                values.begin() + static_cast<std::ptrdiff_t>(first + shorts));
      const std::vector<T> alone = f(Array<T>(part)).to_vector();
      for (std::size_t k = 0; k < shorts; ++k)
        for (std::size_t c = 0; c < copies; ++c) {
          CAPTURE(part[k]);
          using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
          REQUIRE(std::bit_cast<Bits>(alone[k]) == std::bit_cast<Bits>(in_loop[c * distinct + first + k]));
        }
    }
  }
}

}  // namespace

TEST_CASE(
    "math library: one input gives one value in a vector loop, its remainder and every copy, float32 and float64") {
  one_value_per_input<float>();
  one_value_per_input<double>();
}

TEST_CASE("vector math float32: exp, log, sin, cos polynomials within 3 ulp of the interpreter") {
  polynomial_paths<float>();
}
TEST_CASE("vector math float64: exp, log, sin, cos polynomials within 3 ulp of the interpreter") {
  polynomial_paths<double>();
}
TEST_CASE("vector math: IEEE special values, overflow, gradual underflow, signed zeros, denormals") {
  special_values<float>();
  special_values<double>();
}
TEST_CASE("vector math: chunks with huge sin/cos arguments are redone with libm, the rest stay exact") {
  huge_arguments<float>();
  huge_arguments<double>();
}

TEST_CASE(
    "vector math: float32 tan is its argument's double tan rounded once, huge arguments and special values "
    "included") {
  // Float tan is sin / cos of the argument widened to double (sinter's polynomials, libm's for the
  // chunks with arguments beyond their range), rounded once: within 1 ulp of libm's double tan
  // rounded to float, itself within an ulp of the exact value.
  std::vector<float> x = uniform<float>(4000, -10, 10, 5);
  const std::vector<float> wide = uniform<float>(1000, -1e7, 1e7, 6);
  x.insert(x.end(), wide.begin(), wide.end());
  const float half_pi = 1.57079637f;  // the float nearest pi/2: tan of it is -22877332
  for (float v : {0.0f, -0.0f, 1e-40f, -1e-40f, 1e-30f, half_pi, -half_pi, std::nextafter(half_pi, 0.0f), 3.14159274f,
                  65536.0f, 1048577.0f, 1e20f, -3.4028235e38f, 3.4028235e38f})
    x.push_back(v);
  for (float v : {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                  std::numeric_limits<float>::quiet_NaN()})
    x.push_back(v);
  const std::vector<float> got = Array<float>(sinter::tan(Array<float>(x))).to_vector();
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float want = static_cast<float>(std::tan(static_cast<double>(x[i])));
    CAPTURE(x[i]);
    CAPTURE(got[i]);
    CAPTURE(want);
    if (std::isnan(want)) {
      CHECK(std::isnan(got[i]));
    } else {
      CHECK(std::signbit(got[i]) == std::signbit(want));
      CHECK(test::ulp_distance(got[i], want) <= 1.0);
    }
  }
}
