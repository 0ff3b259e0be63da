// sinter::precompile (include/sinter/precompile.h): after it, calls with arguments of the
// examples' dtypes, shapes and devices compile nothing, and give the same results as a plain loop.
// The structures here are used by no other test, so that the first precompile compiles.
#include <cmath>
#include <tuple>
#include <vector>

#include "support.h"

using namespace sinter;

namespace {

std::vector<float> ramp(std::size_t n, float start, float step) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = start + step * static_cast<float>(i);
  return v;
}

}  // namespace

SINTER_DEVICE_TEST(precompile_lambda,
                   "precompile: a lambda's kernels compile ahead, later calls of other lengths compile nothing") {
  const auto f = [](const Array<float>& x, const Array<float>& y) {
    return sinter::cbrt(x) * y - sinter::arctan(y) * 3.5f;
  };
  const Array<float> ex = Array<float>(ramp(16, 0.5f, 0.25f)).to(device);
  const Array<float> ey = Array<float>(ramp(16, -2.0f, 0.5f)).to(device);
  CHECK(precompile(f, ex, ey) >= 1);
  CHECK(precompile(f, ex, ey) == 0);  // nothing left to compile

  const std::vector<float> xs = ramp(1000, 0.1f, 0.01f), ys = ramp(1000, -3.0f, 0.007f);
  const Array<float> x = Array<float>(xs).to(device), y = Array<float>(ys).to(device);
  const std::uint64_t compiled = counters().kernels_compiled;
  const std::vector<float> got = Array<float>(f(x, y)).to_vector();
  CHECK(counters().kernels_compiled == compiled);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double want = std::cbrt(double{xs[i]}) * ys[i] - std::atan(double{ys[i]}) * 3.5;
    CHECK(std::fabs(got[i] - want) <= 1e-5 * (1 + std::fabs(want)));
  }
}

SINTER_DEVICE_TEST(precompile_tuple,
                   "precompile: a tuple of a reduction and an elementwise result compiles ahead, a function too") {
  const auto f = [](const Array<double>& x) {
    return std::tuple{sinter::sum(x * x - 7.0), Array<double>(x - sinter::max(x * 0.25))};
  };
  const Array<double> example = Array<double>(std::vector<double>{1, 2, 3, 4, 5}).to(device);
  CHECK(precompile(f, example) >= 1);
  const std::uint64_t compiled = counters().kernels_compiled;
  const Array<double> x = Array<double>(std::vector<double>{3, -1, 8, 2, 0.5, 6, 4}).to(device);
  const auto [s, d] = f(x);
  CHECK(s.item() == doctest::Approx(9 + 1 + 64 + 4 + 0.25 + 36 + 16 - 7 * 7));
  CHECK(d.to_vector() == std::vector<double>{1, -3, 6, 0, -1.5, 4, 2});
  CHECK(counters().kernels_compiled == compiled);

  // A traced function is traced for the examples' signature and its kernels compiled.
  auto g = sinter::function([](const Array<float>& a, float k) { return sinter::log1p(a * k) + sinter::tan(a); });
  const Array<float> a0 = Array<float>(ramp(8, 0.0f, 0.1f)).to(device);
  CHECK(precompile(g, a0, 2.0f) >= 1);
  const std::uint64_t before = counters().kernels_compiled;
  const std::vector<float> as = ramp(300, 0.0f, 0.003f);
  const std::vector<float> got = Array<float>(g(Array<float>(as).to(device), 5.0f)).to_vector();
  CHECK(counters().kernels_compiled == before);
  for (std::size_t i = 0; i < as.size(); ++i)
    CHECK(got[i] == doctest::Approx(std::log1p(double{as[i]} * 5) + std::tan(double{as[i]})).epsilon(1e-5));
}
