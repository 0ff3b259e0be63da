// Every op of the catalogue, on every element type it takes, against the reference
// interpreter (and closed forms), on random inputs with fixed seeds plus edge values.
#include "support.h"

using namespace sinter;

namespace {

constexpr std::size_t kRandom = 1000;
// Transcendental functions: sinter's polynomials and libmvec (CPU) and CUDA's libdevice are within
// 4 ulp of the correctly rounded result (docs/accuracy.md has the measured maxima: 2.4 ulp on
// the CPU). These inputs include huge values, so on the CPU sin and cos take libm's path here;
// test_vector_math.cpp checks the polynomial paths.
constexpr double kMathUlp = 4;

template <class T, class F>
void check_unary(Device device, const std::string& name, F f, double max_ulp, double lo, double hi, unsigned seed) {
  auto in = test::values_with_edges<T>(kRandom, lo, hi, seed);
  Array<T> x(in, device);
  auto y = Array(f(x));
  auto want = test::reference(y);
  auto got = y.to_vector();
  test::check_close(got, want, max_ulp, name + " " + std::string(name_of(dtype_v<T>)), &in);
}

template <class T, class F>
void check_binary(Device device, const std::string& name, F f, double max_ulp, double lo, double hi, unsigned seed) {
  auto a = test::values_with_edges<T>(kRandom, lo, hi, seed);
  auto b = test::shuffled(test::values_with_edges<T>(kRandom, lo, hi, seed + 1), seed + 2);
  Array<T> x(a, device), y(b, device);
  auto z = Array(f(x, y));
  auto want = test::reference(z);
  auto got = z.to_vector();
  test::check_close(got, want, max_ulp, name + " " + std::string(name_of(dtype_v<T>)));
}

template <class T>
void float_ops(Device d) {
  check_unary<T>(d, "neg", [](auto x) { return -x; }, 0, -1e6, 1e6, 1);
  check_unary<T>(d, "abs", [](auto x) { return sinter::abs(x); }, 0, -1e6, 1e6, 2);
  check_unary<T>(d, "sqrt", [](auto x) { return sinter::sqrt(x); }, 0, 0, 1e6, 3);
  check_unary<T>(d, "floor", [](auto x) { return sinter::floor(x); }, 0, -1e3, 1e3, 4);
  check_unary<T>(d, "ceil", [](auto x) { return sinter::ceil(x); }, 0, -1e3, 1e3, 5);
  check_unary<T>(d, "exp", [](auto x) { return sinter::exp(x); }, kMathUlp, -80, 80, 6);
  check_unary<T>(d, "log", [](auto x) { return sinter::log(x); }, kMathUlp, 0, 1e6, 7);
  check_unary<T>(d, "sin", [](auto x) { return sinter::sin(x); }, kMathUlp, -100, 100, 8);
  check_unary<T>(d, "cos", [](auto x) { return sinter::cos(x); }, kMathUlp, -100, 100, 9);
  check_unary<T>(d, "tanh", [](auto x) { return sinter::tanh(x); }, kMathUlp, -10, 10, 10);
  check_unary<T>(d, "erf", [](auto x) { return sinter::erf(x); }, kMathUlp, -5, 5, 11);
  check_binary<T>(d, "add", [](auto x, auto y) { return x + y; }, 0, -1e6, 1e6, 20);
  check_binary<T>(d, "sub", [](auto x, auto y) { return x - y; }, 0, -1e6, 1e6, 21);
  check_binary<T>(d, "mul", [](auto x, auto y) { return x * y; }, 0, -1e6, 1e6, 22);
  check_binary<T>(d, "div", [](auto x, auto y) { return x / y; }, 0, -1e6, 1e6, 23);
  check_binary<T>(d, "pow", [](auto x, auto y) { return sinter::pow(x, y); }, kMathUlp, 0, 8, 24);
  check_binary<T>(d, "minimum", [](auto x, auto y) { return minimum(x, y); }, 0, -1e3, 1e3, 25);
  check_binary<T>(d, "maximum", [](auto x, auto y) { return maximum(x, y); }, 0, -1e3, 1e3, 26);
}

template <class T>
void comparisons(Device d, double lo, double hi) {
  auto a = test::values_with_edges<T>(kRandom, lo, hi, 40);
  auto b = test::shuffled(a, 41);  // equal values meet too
  Array<T> x(a, d), y(b, d);
  auto check = [&](auto e, const char* name) {
    Array<bool> r = e;
    test::check_close(r.to_vector(), test::reference(Array<bool>(e)), 0, name);
  };
  check(x == y, "eq");
  check(x != y, "ne");
  check(x < y, "lt");
  check(x <= y, "le");
  check(x > y, "gt");
  check(x >= y, "ge");
  check(where(x > y, x, y) == maximum(x, y), "where vs maximum");
}

template <class T>
void integer_ops(Device d) {
  const double lo = static_cast<double>(std::numeric_limits<T>::min());
  const double hi = static_cast<double>(std::numeric_limits<T>::max());
  check_unary<T>(d, "neg", [](auto x) { return -x; }, 0, lo, hi, 50);
  check_unary<T>(d, "abs", [](auto x) { return sinter::abs(x); }, 0, lo, hi, 51);
  check_binary<T>(d, "add (wraps)", [](auto x, auto y) { return x + y; }, 0, lo, hi, 52);
  check_binary<T>(d, "sub (wraps)", [](auto x, auto y) { return x - y; }, 0, lo, hi, 53);
  check_binary<T>(d, "mul (wraps)", [](auto x, auto y) { return x * y; }, 0, lo, hi, 54);
  check_binary<T>(d, "minimum", [](auto x, auto y) { return minimum(x, y); }, 0, lo, hi, 55);
  check_binary<T>(d, "maximum", [](auto x, auto y) { return maximum(x, y); }, 0, lo, hi, 56);
  comparisons<T>(d, -100, 100);
}

}  // namespace

SINTER_DEVICE_TEST(float32_ops, "float32: every float op matches the interpreter, edge values included") {
  float_ops<float>(device);
  comparisons<float>(device, -10, 10);
}

SINTER_DEVICE_TEST(float64_ops, "float64: every float op matches the interpreter, edge values included") {
  float_ops<double>(device);
  comparisons<double>(device, -10, 10);
}

SINTER_DEVICE_TEST(int32_ops, "int32: arithmetic wraps and compares exactly as the interpreter") {
  integer_ops<std::int32_t>(device);
}

SINTER_DEVICE_TEST(int64_ops, "int64: arithmetic wraps and compares exactly as the interpreter") {
  integer_ops<std::int64_t>(device);
}

SINTER_DEVICE_TEST(bool_ops, "bool: logical and, or, not, where and comparisons") {
  auto a = test::values_with_edges<bool>(kRandom, 0, 1, 60);
  auto b = test::values_with_edges<bool>(kRandom, 0, 1, 61);
  Array<bool> p(a, device), q(b, device);
  Array<bool> r_and = p && q, r_or = p || q, r_not = !p, r_where = where(p, q, !q), r_lt = p < q;
  test::check_close(r_and.to_vector(), test::reference(Array<bool>(logical_and(p, q))), 0, "and");
  test::check_close(r_or.to_vector(), test::reference(Array<bool>(logical_or(p, q))), 0, "or");
  test::check_close(r_not.to_vector(), test::reference(Array<bool>(logical_not(p))), 0, "not");
  test::check_close(r_where.to_vector(), test::reference(Array<bool>(where(p, q, !q))), 0, "where");
  test::check_close(r_lt.to_vector(), test::reference(Array<bool>(p < q)), 0, "lt");
  auto got_and = r_and.to_vector();
  for (std::size_t i = 0; i < a.size(); ++i) {  // closed form
    REQUIRE(got_and[i] == (a[i] && b[i]));
    REQUIRE(r_where.at(static_cast<std::int64_t>(i)) == (a[i] ? b[i] : !b[i]));
  }
}

SINTER_DEVICE_TEST(casts, "casts between all element types: truncation, saturation, NaN to 0, nonzero to true") {
  auto f = test::values_with_edges<double>(kRandom, -3e9, 3e9, 70);
  Array<double> x(f, device);
  auto check_all = [&](auto source) {
    using S = typename decltype(source)::value_type;
    auto one = [&](auto target) {
      using D = decltype(target);
      Array<D> c = cast<D>(source);
      test::check_close(c.to_vector(), test::reference(Array<D>(cast<D>(source))), 0,
                        std::string("cast ") + std::string(name_of(dtype_v<S>)) + " -> " + std::string(name_of(dtype_v<D>)));
    };
    one(bool{});
    one(std::int32_t{});
    one(std::int64_t{});
    one(float{});
    one(double{});
  };
  check_all(x);
  check_all(Array<float>(cast<float>(x)));
  check_all(Array<std::int64_t>(cast<std::int64_t>(x)));
  check_all(Array<std::int32_t>(cast<std::int32_t>(x)));
  check_all(Array<bool>(x > 0.0));
  // Closed forms.
  Array<double> special({std::nan(""), 1e300, -1e300, -2.9, 2.9, -0.0}, device);
  CHECK(Array<std::int32_t>(cast<std::int32_t>(special)).to_vector() ==
        std::vector<std::int32_t>{0, 2147483647, -2147483647 - 1, -2, 2, 0});
  CHECK(Array<bool>(cast<bool>(special)).to_vector() == std::vector<bool>{true, true, true, true, true, false});
}

SINTER_DEVICE_TEST(closed_forms, "math functions agree with closed forms and identities") {
  auto in = test::values_with_edges<float>(4000, 0.01, 20, 80);
  in.resize(4000);  // finite, positive values only
  Array<float> x(in, device);
  Array<float> one = sinter::sin(x) * sinter::sin(x) + sinter::cos(x) * sinter::cos(x);
  Array<float> back = sinter::exp(sinter::log(x));
  Array<float> root = sinter::sqrt(x * x);
  Array<double> erf64 = sinter::erf(cast<double>(x));
  Array<float> th = sinter::tanh(x);
  auto v1 = one.to_vector(), v2 = back.to_vector(), v3 = root.to_vector(), v5 = th.to_vector();
  auto v4 = erf64.to_vector();
  for (std::size_t i = 0; i < in.size(); ++i) {
    REQUIRE(v1[i] == doctest::Approx(1.0f).epsilon(1e-6));
    REQUIRE(v2[i] == doctest::Approx(in[i]).epsilon(1e-5));
    REQUIRE(v3[i] == in[i]);
    REQUIRE(v4[i] == doctest::Approx(std::erf(static_cast<double>(in[i]))).epsilon(1e-15));
    REQUIRE(v5[i] == doctest::Approx(std::tanh(in[i])).epsilon(1e-6));
  }
  Array<float> z({0.0f, -0.0f, INFINITY, -INFINITY, NAN}, device);
  auto e = Array<float>(sinter::exp(z)).to_vector();
  CHECK(e[0] == 1.0f);
  CHECK(e[1] == 1.0f);
  CHECK(std::isinf(e[2]));
  CHECK(e[3] == 0.0f);
  CHECK(std::isnan(e[4]));
  auto mn = Array<float>(minimum(z, 0.0f)).to_vector();
  CHECK(!std::signbit(mn[0]));  // minimum(+0, +0) is +0
  CHECK(std::signbit(mn[1]));   // minimum(-0, +0) is -0
  CHECK(std::isnan(mn[4]));  // NaN propagates
}

SINTER_DEVICE_TEST(promotion, "types promote as NumPy's: int / int is float64, a float scalar keeps float32") {
  Array<std::int32_t> i({1, 2, 3, 7}, device);
  Array<float> f({0.5f, 1.5f, 2.5f, 3.5f}, device);
  static_assert(std::is_same_v<decltype(i / i)::value_type, double>);
  static_assert(std::is_same_v<decltype(f * 2.0)::value_type, float>);
  static_assert(std::is_same_v<decltype(i * 2.0)::value_type, double>);
  static_assert(std::is_same_v<decltype(i + f)::value_type, double>);
  static_assert(std::is_same_v<decltype(i + 1)::value_type, std::int32_t>);
  static_assert(std::is_same_v<decltype(sinter::sqrt(i))::value_type, double>);
  static_assert(std::is_same_v<decltype(i > f)::value_type, bool>);
  Array<double> q = i / 2;
  CHECK(q.to_vector() == std::vector<double>{0.5, 1.0, 1.5, 3.5});
  Array<double> m = i + f;
  CHECK(m.to_vector() == std::vector<double>{1.5, 3.5, 5.5, 10.5});
  Array<double> w = where(i > 2, 1.0, 0);
  CHECK(w.to_vector() == std::vector<double>{0, 0, 1, 1});
}
