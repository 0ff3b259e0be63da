// Monte Carlo price of a European call under Black-Scholes: normal draws, the payoff and its
// two moments in one fused kernel that reads no memory (docs/random.md), checked against the
// closed form within the estimate's own standard error.
//
//   monte_carlo_option [paths] [cuda]   # 10^8 paths on the CPU by default
#include <sinter/sinter.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

constexpr double kSpot = 100.0, kStrike = 105.0, kRate = 0.03, kVolatility = 0.25, kYears = 1.5;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double closed_form_call() {
  const double vol_t = kVolatility * std::sqrt(kYears);
  const double d1 = (std::log(kSpot / kStrike) + (kRate + 0.5 * kVolatility * kVolatility) * kYears) / vol_t;
  return kSpot * normal_cdf(d1) - kStrike * std::exp(-kRate * kYears) * normal_cdf(d1 - vol_t);
}

}  // namespace

int main(int argc, char** argv) {
  using sinter::Array;
  std::int64_t paths = 100'000'000;
  sinter::Device device = sinter::cpu();
  for (int a = 1; a < argc; ++a) {
    if (std::string(argv[a]) == "cuda") device = sinter::cuda(0);
    else paths = std::atoll(argv[a]);
  }
  if (paths < 2) {
    std::fprintf(stderr, "monte_carlo_option: needs at least 2 paths\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  // The terminal price of each path from one standard normal, discounted payoff, its moments.
  const sinter::random::Key key(20261207);
  const Array<double> z = sinter::random::normal<double>(key, sinter::Shape::vector(paths), 0.0, 1.0, device);
  const double drift = (kRate - 0.5 * kVolatility * kVolatility) * kYears;
  const double discount = std::exp(-kRate * kYears);
  const Array<double> payoff =
      sinter::maximum(kSpot * sinter::exp(drift + kVolatility * std::sqrt(kYears) * z) - kStrike, 0.0) * discount;
  const Array<double> total = sinter::sum(payoff);
  const Array<double> total_squares = sinter::sum(payoff * payoff);
  sinter::eval(total, total_squares);
  const double mean = total.item() / static_cast<double>(paths);
  const double variance =
      (total_squares.item() - static_cast<double>(paths) * mean * mean) / static_cast<double>(paths - 1);
  const double standard_error = std::sqrt(variance / static_cast<double>(paths));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const double exact = closed_form_call();
  const double z_score = (mean - exact) / standard_error;
  std::printf("%lld paths on %s in %.3f s (compilation included)\n", static_cast<long long>(paths),
              device.to_string().c_str(), seconds);
  std::printf("Monte Carlo %.6f +- %.6f (standard error), closed form %.6f: %.2f standard errors apart\n", mean,
              standard_error, exact, z_score);
  // A correct estimator is within 4 standard errors but for 6 runs in 100,000.
  if (!(std::fabs(z_score) < 4.0)) {
    std::fprintf(stderr, "monte_carlo_option: the estimate is %.2f standard errors from the closed form\n", z_score);
    return 1;
  }
  return 0;
}
