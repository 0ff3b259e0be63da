// Black-Scholes as a traced function (sinter::function, docs/custom-kernels.md): the pricing
// formula is traced once, on the first call; every later call, here one per day of a simulated
// market with a new rate and volatility, binds the new arrays and scalars to the recorded graph
// (no expression building, no compile). Each day's prices are checked against a plain C++ loop.
//
//   black_scholes_traced [options] [days]
#include <sinter/sinter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <tuple>
#include <vector>

namespace {

// The textbook formula, one option at a time.
void price_with_loop(const std::vector<float>& spot, const std::vector<float>& strike, const std::vector<float>& years,
                     float rate, float volatility, std::vector<float>& call, std::vector<float>& put) {
  const float sqrt_half = 0.70710678f;
  for (std::size_t i = 0; i < spot.size(); ++i) {
    const float s = spot[i], k = strike[i], t = years[i];
    const float vol_t = volatility * std::sqrt(t);
    const float d1 = (std::log(s / k) + (rate + 0.5f * volatility * volatility) * t) / vol_t;
    const float d2 = d1 - vol_t;
    const float discounted_k = k * std::exp(-rate * t);
    const float n_d1 = 0.5f * (1.0f + std::erf(d1 * sqrt_half));
    const float n_d2 = 0.5f * (1.0f + std::erf(d2 * sqrt_half));
    call[i] = s * n_d1 - discounted_k * n_d2;
    put[i] = discounted_k * (1.0f - n_d2) - s * (1.0f - n_d1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sinter;
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const int days = argc > 2 ? std::atoi(argv[2]) : 20;

  // The scalars rate and volatility stay kernel parameters: they are used in array operations
  // directly (volatility * volatility or -rate in C++ would make the trace depend on their
  // values, and each new value would trace again).
  auto black_scholes = sinter::function(
      [](auto s, auto k, auto t, float rate, float volatility) {
        const float sqrt_half = 0.70710678f;
        auto vol_t = sqrt(t) * volatility;
        auto d1 = (log(s / k) + (vol_t * vol_t * 0.5f + t * rate)) / vol_t;
        auto d2 = d1 - vol_t;
        auto discounted_k = k * exp(-(t * rate));  // not t * -rate: -rate would be host arithmetic
        auto n_d1 = 0.5f * (1.0f + erf(d1 * sqrt_half));
        auto n_d2 = 0.5f * (1.0f + erf(d2 * sqrt_half));
        return std::tuple{Array<float>(s * n_d1 - discounted_k * n_d2),
                          Array<float>(discounted_k * (1.0f - n_d2) - s * (1.0f - n_d1))};
      },
      "black_scholes");

  std::mt19937 rng(7);
  std::uniform_real_distribution<float> spot_d(10.0f, 200.0f), moneyness(0.5f, 1.5f), years_d(0.05f, 5.0f);
  std::vector<float> spot(n), strike(n), years(n);
  for (std::size_t i = 0; i < n; ++i) {
    spot[i] = spot_d(rng);
    strike[i] = spot[i] * moneyness(rng);
    years[i] = years_d(rng);
  }
  const Array<float> k(strike, Shape{static_cast<std::int64_t>(n)});
  const Array<float> t(years, Shape{static_cast<std::int64_t>(n)});
  Array<float> s(spot, Shape{static_cast<std::int64_t>(n)});

  std::vector<float> want_call(n), want_put(n);
  double worst = 0;
  double scale = 0;
  std::uint64_t compiled_after_first = 0;
  for (int day = 0; day < days; ++day) {
    const float rate = 0.01f + 0.001f * static_cast<float>(day);
    const float volatility = 0.2f + 0.01f * static_cast<float>(day % 7);
    if (day > 0) s = s * 1.001f;  // the market moves: a new (pending) spot array, fused into the call
    auto [call, put] = black_scholes(s, k, t, rate, volatility);
    eval(call, put);
    if (day == 0) compiled_after_first = counters().kernels_compiled;
    price_with_loop(s.to_vector(), strike, years, rate, volatility, want_call, want_put);
    const std::vector<float> got_call = call.to_vector();
    const std::vector<float> got_put = put.to_vector();
    for (std::size_t i = 0; i < n; ++i) {
      worst = std::max({worst, std::abs(static_cast<double>(got_call[i]) - want_call[i]),
                        std::abs(static_cast<double>(got_put[i]) - want_put[i])});
      scale =
          std::max({scale, std::abs(static_cast<double>(want_call[i])), std::abs(static_cast<double>(want_put[i]))});
    }
  }
  const std::uint64_t extra_compiles = counters().kernels_compiled - compiled_after_first;
  std::printf("%d days of %zu options: traced %zu time(s), %llu kernel(s) compiled after the first day\n", days, n,
              black_scholes.traces(), static_cast<unsigned long long>(extra_compiles));
  std::printf("largest difference from the plain loop: %.3g (prices up to %.3g)\n", worst, scale);
  // float32 with erf, exp and log in a different order than the loop: a few ulp of the prices.
  const bool ok = worst <= 1e-4 * std::max(1.0, scale) && black_scholes.traces() == 1;
  std::printf("%s\n", ok ? "OK" : "MISMATCH");
  return ok ? 0 : 1;
}
