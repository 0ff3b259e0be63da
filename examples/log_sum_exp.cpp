// log(sum(exp(x), axis=1)) over the rows of a matrix without overflow: shift each row by its
// max first. On the CPU one row kernel (docs/reductions.md, "Row kernels"): per row, the max,
// then the sum of the shifted exponentials with the log and the shift back; on CUDA two kernels.
// Checks against a loop in double precision, with rows whose values are far beyond exp's
// float32 range.
//   log_sum_exp [rows length]
#include <sinter/sinter.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  const std::int64_t rows = argc > 2 ? std::atoll(argv[1]) : 1000;
  const std::int64_t length = argc > 2 ? std::atoll(argv[2]) : 777;
  using sinter::Array;
  std::vector<float> host(static_cast<std::size_t>(rows * length));
  for (std::size_t i = 0; i < host.size(); ++i)  // rows around -300 .. +300: exp alone overflows
    host[i] = static_cast<float>(
        static_cast<double>((i * 2654435761U) % 1000) / 100.0 - 5.0 +
        600.0 * static_cast<double>(i / static_cast<std::size_t>(length)) / static_cast<double>(rows) - 300.0);
  const Array<float> x(host, sinter::Shape{rows, length});

  sinter::reset_counters();
  const Array<float> m = sinter::max(x, 1, true);
  const Array<float> lse = sinter::log(sinter::sum(sinter::exp(x - m), 1, true)) + m;  // shape (rows, 1)
  const std::vector<float> got = lse.to_vector();
  const auto kernels = sinter::counters().kernel_launches;

  double worst = 0;
  for (std::int64_t r = 0; r < rows; ++r) {
    double mx = -INFINITY, total = 0;
    for (std::int64_t k = 0; k < length; ++k) mx = std::max(mx, static_cast<double>(host[r * length + k]));
    for (std::int64_t k = 0; k < length; ++k) total += std::exp(static_cast<double>(host[r * length + k]) - mx);
    const double want = std::log(total) + mx;
    worst = std::max(worst, std::abs(got[static_cast<std::size_t>(r)] - want) / std::max(1.0, std::abs(want)));
  }
  std::printf("log_sum_exp: %lld rows of %lld, %llu kernel(s), largest relative error %.3g\n",
              static_cast<long long>(rows), static_cast<long long>(length), static_cast<unsigned long long>(kernels),
              worst);
  if (worst > 1e-6) {
    std::printf("log_sum_exp: FAILED\n");
    return 1;
  }
  return 0;
}
