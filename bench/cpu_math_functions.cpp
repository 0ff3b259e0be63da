// Issue 15's throughput table on the CPU: y = f(x) for every unary math-library function, float32
// and float64, 2^24 elements by default, on one thread (SINTER_NUM_THREADS=1 is set here), as
// elements per second per core; beside a plain loop over glibc's scalar libm (what a kernel ran
// before libmvec_table.h mapped the function), and Eigen's vectorized functions where it has them
// (single-threaded, -O3 -march=native). NumPy's figures: bench/math_numpy.py. Every
// sinter result is checked against the scalar loop (within 4 ulp).
//   build/bench/sinter_bench_math_functions [n]
#include <sinter/sinter.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "bench_support.h"
#ifdef SINTER_BENCH_EIGEN
#include <Eigen/Core>
#endif

namespace {

using std::int64_t;

template <class T> struct Function {
  const char* name;
  double lo, hi;  // the inputs' range
  sinter::Array<T> (*lazy)(const sinter::Array<T>&);
  T (*scalar)(T);
  void (*eigen)(const T*, T*, int64_t) = nullptr;  // Eigen's vectorized version, where it has one
};

#ifdef SINTER_BENCH_EIGEN
template <class T> using EigenIn = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>, Eigen::Aligned64>;
template <class T> using EigenOut = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>, Eigen::Aligned64>;
#define SINTER_EIGEN(method) [](const T* x, T* y, int64_t n) { EigenOut<T>(y, n) = EigenIn<T>(x, n).method(); }
#else
#define SINTER_EIGEN(method) nullptr
#endif

// clang-format off
#define SINTER_BENCH_FUNCTION(name, lo, hi, std_name, eigen)                                      \
  Function<T>{#name, lo, hi, [](const sinter::Array<T>& x) -> sinter::Array<T> { return sinter::name(x); }, \
              [](T v) -> T { return std::std_name(v); }, eigen}
// clang-format on

template <class T> std::vector<Function<T>> functions() {
  return {
      SINTER_BENCH_FUNCTION(exp, -10, 10, exp, SINTER_EIGEN(exp)),
      SINTER_BENCH_FUNCTION(log, 0.01, 100, log, SINTER_EIGEN(log)),
      SINTER_BENCH_FUNCTION(sin, -10, 10, sin, SINTER_EIGEN(sin)),
      SINTER_BENCH_FUNCTION(cos, -10, 10, cos, SINTER_EIGEN(cos)),
      SINTER_BENCH_FUNCTION(tan, -10, 10, tan, SINTER_EIGEN(tan)),
      SINTER_BENCH_FUNCTION(tanh, -5, 5, tanh, SINTER_EIGEN(tanh)),
      SINTER_BENCH_FUNCTION(erf, -3, 3, erf, nullptr),
      SINTER_BENCH_FUNCTION(erfc, -3, 3, erfc, nullptr),
      SINTER_BENCH_FUNCTION(cbrt, -100, 100, cbrt, nullptr),
      SINTER_BENCH_FUNCTION(exp2, -10, 10, exp2, nullptr),
      SINTER_BENCH_FUNCTION(expm1, -5, 5, expm1, SINTER_EIGEN(expm1)),
      SINTER_BENCH_FUNCTION(log2, 0.01, 100, log2, SINTER_EIGEN(log2)),
      SINTER_BENCH_FUNCTION(log10, 0.01, 100, log10, SINTER_EIGEN(log10)),
      SINTER_BENCH_FUNCTION(log1p, -0.9, 10, log1p, SINTER_EIGEN(log1p)),
      SINTER_BENCH_FUNCTION(arcsin, -1, 1, asin, SINTER_EIGEN(asin)),
      SINTER_BENCH_FUNCTION(arccos, -1, 1, acos, SINTER_EIGEN(acos)),
      SINTER_BENCH_FUNCTION(arctan, -10, 10, atan, SINTER_EIGEN(atan)),
      SINTER_BENCH_FUNCTION(sinh, -5, 5, sinh, SINTER_EIGEN(sinh)),
      SINTER_BENCH_FUNCTION(cosh, -5, 5, cosh, SINTER_EIGEN(cosh)),
      SINTER_BENCH_FUNCTION(arcsinh, -10, 10, asinh, SINTER_EIGEN(asinh)),
      SINTER_BENCH_FUNCTION(arccosh, 1, 10, acosh, SINTER_EIGEN(acosh)),
      SINTER_BENCH_FUNCTION(arctanh, -0.99, 0.99, atanh, SINTER_EIGEN(atanh)),
  };
}
#undef SINTER_BENCH_FUNCTION
#undef SINTER_EIGEN

__attribute__((noinline)) void scalar_loop(const Function<float>& f, const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = f.scalar(x[i]);
}
__attribute__((noinline)) void scalar_loop(const Function<double>& f, const double* x, double* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = f.scalar(x[i]);
}

template <class T> void run(const char* dtype, int64_t n) {
  for (const Function<T>& f : functions<T>()) {
    auto x = bench::uniform<T>(n, 7, f.lo, f.hi);
    bench::Buffer<T> want(static_cast<std::size_t>(n));
    const bench::Stats libm = bench::measure([&] { scalar_loop(f, x.data(), want.data(), n); }, 3, 100);
    const sinter::Array<T> xs = sinter::Array<T>::wrap(x.data(), sinter::Shape{n});
    const std::vector<T> got = f.lazy(xs).to_vector();
    double worst = 0;  // in ulp of the scalar loop's value
    for (int64_t i = 0; i < n; ++i) {
      const T w = want.data()[i], g = got[static_cast<std::size_t>(i)];
      if (w == g || (std::isnan(w) && std::isnan(g))) continue;
      const T ulp = std::nextafter(std::fabs(w), std::numeric_limits<T>::infinity()) - std::fabs(w);
      worst = std::max(worst, static_cast<double>(std::fabs(g - w) / ulp));
    }
    const bench::Stats ours = bench::measure([&] { f.lazy(xs).eval(); }, 3, 100);
    const double rate_ours = static_cast<double>(n) / (ours.median_ms * 1e-3) / 1e6;
    const double rate_libm = static_cast<double>(n) / (libm.median_ms * 1e-3) / 1e6;
    std::string eigen = "-";
    if (f.eigen) {
      bench::Buffer<T> out(static_cast<std::size_t>(n));
      const bench::Stats e = bench::measure([&] { f.eigen(x.data(), out.data(), n); }, 3, 100);
      eigen = std::to_string(static_cast<long long>(static_cast<double>(n) / (e.median_ms * 1e-3) / 1e6));
    }
    std::printf("| %s | %s | %.0f | %.0f | %.2fx | %s | %.2f%s |\n", f.name, dtype, rate_ours, rate_libm,
                rate_ours / rate_libm, eigen.c_str(), worst, worst > 4 ? " (over 4 ulp)" : "");
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  setenv("SINTER_NUM_THREADS", "1", 1);  // per core
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : int64_t{1} << 24;
  std::printf("%lld elements, one thread; million elements per second (median)\n\n", static_cast<long long>(n));
  std::printf(
      "| function | dtype | sinter | scalar libm loop | ratio | Eigen | max ulp from libm "
      "|\n|---|---|---|---|---|---|---|\n");
  run<float>("float32", n);
  run<double>("float64", n);
}
