// Issue 17 item 5 on the CPU: cumsum of n float32 (2^24 and 2^26 by default) with sinter against
// a plain single-threaded loop (float32 running sum, NumPy's order; and a float64 running sum,
// sinter's accuracy), and an OpenMP two-pass loop (part totals, then each part from its offset,
// float64 running sums); then the scans along each axis of a 4096 x 4096 matrix. NumPy's cumsum
// is timed by bench/scan_numpy.py. Each figure is the median of repeats in ms; every result is
// checked against the float64 plain loop (within one float32 rounding).
//   OMP_NUM_THREADS=2 build/bench/sinter_bench_scans [n...]
#include <sinter/sinter.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using bench::Buffer;
using bench::measure;
using std::int64_t;

void report(const char* what, int64_t n, const bench::Stats& s, const std::string& note = "") {
  const double gbs = 8.0 * static_cast<double>(n) / (s.median_ms * 1e6);  // 4 bytes read, 4 written
  std::printf("%-40s %10lld  median %9.3f ms  %6.2f GB/s  [min %8.3f, q1 %8.3f, q3 %8.3f]  %s\n", what,
              static_cast<long long>(n), s.median_ms, gbs, s.min_ms, s.q1_ms, s.q3_ms, note.c_str());
  std::fflush(stdout);
}

void plain32(const float* x, float* y, int64_t n) {
  float running = 0;
  for (int64_t i = 0; i < n; ++i) y[i] = running += x[i];
}

void plain64(const float* x, float* y, int64_t n) {
  double running = 0;
  for (int64_t i = 0; i < n; ++i) {
    running += static_cast<double>(x[i]);
    y[i] = static_cast<float>(running);
  }
}

// Two passes over per-thread parts: each part's float64 total, then each part's running sum from
// the totals before it.
void omp_two_pass(const float* x, float* y, int64_t n) {
#ifdef _OPENMP
  const int threads = omp_get_max_threads();
#else
  const int threads = 1;
#endif
  std::vector<double> totals(static_cast<std::size_t>(threads) + 1, 0.0);
#pragma omp parallel num_threads(threads)
  {
#ifdef _OPENMP
    const int t = omp_get_thread_num();
#else
    const int t = 0;
#endif
    const int64_t begin = n * t / threads, end = n * (t + 1) / threads;
    double total = 0;
    for (int64_t i = begin; i < end; ++i) total += static_cast<double>(x[i]);
    totals[static_cast<std::size_t>(t) + 1] = total;
#pragma omp barrier
    double running = 0;
    for (int k = 0; k <= t; ++k) running += totals[static_cast<std::size_t>(k)];
    for (int64_t i = begin; i < end; ++i) {
      running += static_cast<double>(x[i]);
      y[i] = static_cast<float>(running);
    }
  }
}

/// The largest distance from `want` in float32 ulp of want.
double worst_ulp(const std::vector<float>& got, const float* want, int64_t n) {
  double worst = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double ulp = std::ldexp(1.0, std::ilogb(want[i]) - 23);
    worst = std::max(worst, std::abs(static_cast<double>(got[static_cast<std::size_t>(i)]) - want[i]) / ulp);
  }
  return worst;
}

void flat(int64_t n) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> d(0, 1);
  Buffer<float> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n)), ref(static_cast<std::size_t>(n));
  for (auto& v : x) v = d(rng);
  plain64(x.data(), ref.data(), n);
  const sinter::Array<float> xs = sinter::Array<float>::wrap(x.data(), sinter::Shape{n});
  std::vector<float> got = sinter::cumsum(xs).to_vector();
  const std::string check = "max " + std::to_string(worst_ulp(got, ref.data(), n)) + " ulp from the float64 loop";
  report("sinter cumsum(x)", n, measure([&] { bench::keep(sinter::cumsum(xs)); }), check);
  report("sinter cumsum(x * 2 - 1) (fused producer)", n,
         measure([&] { bench::keep(sinter::cumsum(xs * 2.0f - 1.0f)); }));
  plain32(x.data(), y.data(), n);
  const double plain32_ulp = worst_ulp(std::vector<float>(y.begin(), y.end()), ref.data(), n);
  report("plain loop, float32 running sum", n, measure([&] { plain32(x.data(), y.data(), n); }),
         "max " + std::to_string(plain32_ulp) + " ulp");
  report("plain loop, float64 running sum", n, measure([&] { plain64(x.data(), y.data(), n); }));
  omp_two_pass(x.data(), y.data(), n);
  report("OpenMP two-pass loop, float64", n, measure([&] { omp_two_pass(x.data(), y.data(), n); }),
         "max " + std::to_string(worst_ulp(std::vector<float>(y.begin(), y.end()), ref.data(), n)) + " ulp");
}

void matrix(int64_t side) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> d(0, 1);
  Buffer<float> x(static_cast<std::size_t>(side * side));
  for (auto& v : x) v = d(rng);
  const sinter::Array<float> m = sinter::Array<float>::wrap(x.data(), sinter::Shape{side, side});
  report("sinter cumsum(m, 0) 4096 x 4096", side * side, measure([&] { bench::keep(sinter::cumsum(m, 0)); }));
  report("sinter cumsum(m, 1) 4096 x 4096", side * side, measure([&] { bench::keep(sinter::cumsum(m, 1)); }));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int64_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoll(argv[i], nullptr, 10));
  if (sizes.empty()) sizes = {int64_t{1} << 24, int64_t{1} << 26};
  for (int64_t n : sizes) flat(n);
  matrix(4096);
}
