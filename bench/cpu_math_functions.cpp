// Issue 15's throughput table on the CPU: y = f(x) for every unary math-library function, float32
// and float64, 2^24 elements by default, on one thread (SINTER_NUM_THREADS=1 is set here), as
// elements per second per core; beside a plain loop over glibc's scalar libm (what a kernel ran
// before libmvec_table.h mapped the function). NumPy's figures: bench/math_numpy.py. Every
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

namespace {

using std::int64_t;

template <class T> struct Function {
  const char* name;
  double lo, hi;  // the inputs' range
  sinter::Array<T> (*lazy)(const sinter::Array<T>&);
  T (*scalar)(T);
};

#define SINTER_BENCH_FUNCTION(name, lo, hi, std_name)                      \
  Function<T> {                                                            \
#name, lo, hi,                                                         \
        [](const sinter::Array <T>& x) -> sinter::Array < T>               \
    { return sinter::name(x); }, [](T v) -> T { return std::std_name(v); } \
  }

template <class T> std::vector<Function<T>> functions() {
  return {
      SINTER_BENCH_FUNCTION(exp, -10, 10, exp),       SINTER_BENCH_FUNCTION(log, 0.01, 100, log),
      SINTER_BENCH_FUNCTION(sin, -10, 10, sin),       SINTER_BENCH_FUNCTION(cos, -10, 10, cos),
      SINTER_BENCH_FUNCTION(tan, -10, 10, tan),       SINTER_BENCH_FUNCTION(tanh, -5, 5, tanh),
      SINTER_BENCH_FUNCTION(erf, -3, 3, erf),         SINTER_BENCH_FUNCTION(erfc, -3, 3, erfc),
      SINTER_BENCH_FUNCTION(cbrt, -100, 100, cbrt),   SINTER_BENCH_FUNCTION(exp2, -10, 10, exp2),
      SINTER_BENCH_FUNCTION(expm1, -5, 5, expm1),     SINTER_BENCH_FUNCTION(log2, 0.01, 100, log2),
      SINTER_BENCH_FUNCTION(log10, 0.01, 100, log10), SINTER_BENCH_FUNCTION(log1p, -0.9, 10, log1p),
      SINTER_BENCH_FUNCTION(arcsin, -1, 1, asin),     SINTER_BENCH_FUNCTION(arccos, -1, 1, acos),
      SINTER_BENCH_FUNCTION(arctan, -10, 10, atan),   SINTER_BENCH_FUNCTION(sinh, -5, 5, sinh),
      SINTER_BENCH_FUNCTION(cosh, -5, 5, cosh),       SINTER_BENCH_FUNCTION(arcsinh, -10, 10, asinh),
      SINTER_BENCH_FUNCTION(arccosh, 1, 10, acosh),   SINTER_BENCH_FUNCTION(arctanh, -0.99, 0.99, atanh),
  };
}
#undef SINTER_BENCH_FUNCTION

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
    std::printf("| %s | %s | %.0f | %.0f | %.2fx | %.2f%s |\n", f.name, dtype, rate_ours, rate_libm,
                rate_ours / rate_libm, worst, worst > 4 ? " (over 4 ulp)" : "");
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  setenv("SINTER_NUM_THREADS", "1", 1);  // per core
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : int64_t{1} << 24;
  std::printf("%lld elements, one thread; million elements per second (median)\n\n", static_cast<long long>(n));
  std::printf(
      "| function | dtype | sinter | scalar libm loop | ratio | max ulp from libm |\n|---|---|---|---|---|---|\n");
  run<float>("float32", n);
  run<double>("float64", n);
}
