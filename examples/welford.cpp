// One-pass mean and variance of each row with Welford's algorithm as a user-defined reduction,
// sinter::reduce (docs/custom-kernels.md, "User-defined reductions"): the state of a run of
// elements is (count, mean, M2), each element maps to (1, x, 0), and two runs combine by Chan et
// al.'s formula, which is associative, so the reduction may split the rows any way. Values far
// from zero (1e8 + noise) are where the textbook one-pass formula E[x^2] - E[x]^2 loses every
// digit. Checks against a plain two-pass C++ loop.
//   welford [rows] [columns]
#include <sinter/sinter.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <vector>

int main(int argc, char** argv) {
  const std::int64_t rows = argc > 1 ? std::atoll(argv[1]) : 1000;
  const std::int64_t columns = argc > 2 ? std::atoll(argv[2]) : 1000;
  using sinter::Array;
  const std::int64_t n = rows * columns;
  const Array<double> flat = 1e8 + sinter::sin(sinter::arange<double>(n) * 0.7) * 5.0;
  const Array<double> x(flat.to_vector(), sinter::Shape{rows, columns});

  // Two runs (count, mean, M2) as one. An empty run (count 0, the identity) leaves the other as
  // it is: the share is 0 / max(count, 1), never 0 / 0.
  auto combine = [](const auto& a, const auto& b) {
    const auto& [count_a, mean_a, m2_a] = a;
    const auto& [count_b, mean_b, m2_b] = b;
    const Array<double> count = count_a + count_b;
    const Array<double> delta = mean_b - mean_a;
    const Array<double> share = count_b / sinter::maximum(count, 1.0);
    return std::tuple{count, Array<double>(mean_a + delta * share),
                      Array<double>(m2_a + m2_b + delta * delta * count_a * share)};
  };
  const auto [mean, variance] = sinter::reduce(
      x, 1, std::tuple{0.0, 0.0, 0.0}, combine,
      [](const auto& v) {
        return std::tuple{1.0, v, 0.0};
      },  // map
      [](const auto& count, const auto& m, const auto& m2) {
        return std::tuple{m, m2 / count};
      });  // finalize
  const std::vector<double> got_mean = mean.to_vector(), got_variance = variance.to_vector();

  // The same with a plain two-pass loop.
  const std::vector<double> xs = x.to_vector();
  double worst_mean = 0, worst_variance = 0;
  for (std::int64_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (std::int64_t c = 0; c < columns; ++c) sum += xs[static_cast<std::size_t>(r * columns + c)];
    const double mu = sum / static_cast<double>(columns);
    double squares = 0;
    for (std::int64_t c = 0; c < columns; ++c) {
      const double d = xs[static_cast<std::size_t>(r * columns + c)] - mu;
      squares += d * d;
    }
    const double var = squares / static_cast<double>(columns);
    const auto i = static_cast<std::size_t>(r);
    worst_mean = std::max(worst_mean, std::abs(got_mean[i] - mu) / std::abs(mu));
    worst_variance = std::max(worst_variance, std::abs(got_variance[i] - var) / var);
  }
  std::printf("welford: %lld rows of %lld, largest relative error of the mean %.3g, of the variance %.3g\n",
              static_cast<long long>(rows), static_cast<long long>(columns), worst_mean, worst_variance);
  if (!(worst_mean <= 1e-12) || !(worst_variance <= 1e-6)) {
    std::printf("welford: FAILED\n");
    return 1;
  }
  return 0;
}
