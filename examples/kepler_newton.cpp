// Kepler's equation E - e sin(E) = M solved per element by Newton's method with
// sinter::while_loop: each element iterates until its own step is below a tolerance, in a real
// loop inside one fused kernel (docs/custom-kernels.md). Checks against a plain C++ loop.
//   kepler_newton [n]
#include <sinter/sinter.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <vector>

int main(int argc, char** argv) {
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 100000;
  using sinter::Array;
  // Mean anomalies M over [0, 2 pi) and eccentricities e over [0, 0.9).
  const Array<double> mean_anomaly = sinter::arange<double>(n) * (6.283185307179586 / static_cast<double>(n));
  const Array<double> e = Array<double>(sinter::arange<double>(n) * (0.9 / static_cast<double>(n)));

  // State: the estimate E, its last step, the trip count. E0 = M (+ e for the far side).
  const auto [solution, step, trips] = sinter::while_loop(
      Array<double>(mean_anomaly + e * 0.85), sinter::full<double>(sinter::Shape{n}, 1.0),
      sinter::zeros<std::int32_t>(sinter::Shape{n}),
      [](const auto&, const auto& dx, const auto&) { return sinter::abs(dx) > 1e-13; },
      [&](const auto& x, const auto&, const auto& k) {
        const Array<double> dx = (x - e * sinter::sin(x) - mean_anomaly) / (1.0 - e * sinter::cos(x));
        return std::tuple{Array<double>(x - dx), dx, Array<std::int32_t>(k + 1)};
      },
      sinter::max_iterations(50));
  const std::vector<double> got = solution.to_vector();
  const std::vector<std::int32_t> counts = trips.to_vector();

  // The same with a plain loop.
  const std::vector<double> ms = mean_anomaly.to_vector(), es = e.to_vector();
  double worst = 0;
  int most_trips = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    double x = ms[i] + es[i] * 0.85, dx = 1.0;
    for (int k = 0; std::abs(dx) > 1e-13 && k < 50; ++k) {
      dx = (x - es[i] * std::sin(x) - ms[i]) / (1.0 - es[i] * std::cos(x));
      x -= dx;
    }
    worst = std::max(worst, std::abs(got[i] - x));
    most_trips = std::max(most_trips, counts[i]);
    // The residual of the equation itself, independent of either loop.
    worst = std::max(worst, std::abs(got[i] - es[i] * std::sin(got[i]) - ms[i]));
  }
  std::printf("kepler_newton: %lld elements, at most %d Newton steps per element, largest error %.3g\n",
              static_cast<long long>(n), most_trips, worst);
  if (worst > 1e-10 || most_trips >= 50) {
    std::printf("kepler_newton: FAILED\n");
    return 1;
  }
  return 0;
}
