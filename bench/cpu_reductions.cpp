// Reductions (issue 4): E6 = sum((x - y)^2), the sum of a float32 vector, and the sums of a
// float32 matrix over axis 0 and over axis 1, for sinter, the hand-written OpenMP loop and Eigen
// (NumPy and numexpr: peers_numpy.py). GB/s = bytes read / time: the result (one value, one row
// or one column) is not counted. A scalar result's error is |got - ref| / |ref| against a float64
// sum; above 1e-4 it is recorded as wrong and not timed, as everywhere in the suite.
#include <sinter/sinter.h>

#include "bench_support.h"
#include "workloads.h"
#ifdef SINTER_BENCH_EIGEN
#include <Eigen/Core>
#endif

namespace bench {
namespace {
using std::int64_t;

#ifdef SINTER_BENCH_EIGEN
using ConstVec = Eigen::Map<const Eigen::ArrayXf, Eigen::Aligned64>;
using RowMajor = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMatrix = Eigen::Map<const RowMajor, Eigen::Aligned64>;
#endif

// A user's parallel float sums: float partial sums over blocks of 4096 (an `omp simd` reduction,
// so that it vectorizes without -ffast-math), the blocks added in float by `omp parallel for`.
// Plain functions of pointers: written inside the benchmark's lambdas, reading the pointers
// through captured references, GCC vectorized the loop with gathers (a third of the speed).
__attribute__((noinline)) float hand_sum(const float* x, int64_t n) {
  float sum = 0;
#pragma omp parallel for reduction(+ : sum) schedule(static)
  for (int64_t b = 0; b < n; b += 4096) {
    float block = 0;
    const int64_t end = std::min(n, b + 4096);
#pragma omp simd reduction(+ : block)
    for (int64_t i = b; i < end; ++i) block += x[i];
    sum += block;
  }
  return sum;
}

__attribute__((noinline)) float hand_e6(const float* x, const float* y, int64_t n) {
  float sum = 0;
#pragma omp parallel for reduction(+ : sum) schedule(static)
  for (int64_t b = 0; b < n; b += 4096) {
    float block = 0;
    const int64_t end = std::min(n, b + 4096);
#pragma omp simd reduction(+ : block)
    for (int64_t i = b; i < end; ++i) block += (x[i] - y[i]) * (x[i] - y[i]);
    sum += block;
  }
  return sum;
}

void run_e6(const Options& o, Recorder& out, int64_t n) {
  Buffer<float> x = uniform<float>(n, 1), y = uniform<float>(n, 2);
  const float* px = x.data();
  const float* py = y.data();
  const double reference =
      reference_sum(n, [&](int64_t i) { return (double(px[i]) - py[i]) * (double(px[i]) - py[i]); });
  const double bytes = 8.0 * static_cast<double>(n);
  const auto xs = to_sinter(x), ys = to_sinter(y);
  out.check_and_time(
      "sinter", "E6", "float32", n, o.threads, bytes, [&] { sinter_e6(xs, ys).eval(); },
      [&] { return scalar_error(sinter_e6(xs, ys).item(), reference); });
  float total = 0;
  out.check_and_time(
      "hand", "E6", "float32", n, o.threads, bytes, [&] { keep(total = hand_e6(px, py, n)); },
      [&] { return scalar_error(total, reference); });
#ifdef SINTER_BENCH_EIGEN
  ConstVec ex(px, n), ey(py, n);
  out.check_and_time(
      "eigen", "E6", "float32", n, 1, bytes, [&] { keep(total = (ex - ey).square().sum()); },
      [&] { return scalar_error(total, reference); });
#endif
}

void run_sum(const Options& o, Recorder& out, int64_t n) {
  const Buffer<float> x = uniform<float>(n, 3);
  const float* px = x.data();
  const double reference = reference_sum(n, [&](int64_t i) { return double(px[i]); });
  const double bytes = 4.0 * static_cast<double>(n);
  const auto xs = to_sinter(x);
  out.check_and_time(
      "sinter", "sum", "float32", n, o.threads, bytes, [&] { sinter::sum(xs).eval(); },
      [&] { return scalar_error(sinter::sum(xs).item(), reference); });
  float total = 0;
  out.check_and_time(
      "hand", "sum", "float32", n, o.threads, bytes, [&] { keep(total = hand_sum(px, n)); },
      [&] { return scalar_error(total, reference); });
#ifdef SINTER_BENCH_EIGEN
  ConstVec ex(px, n);
  out.check_and_time(
      "eigen", "sum", "float32", n, 1, bytes, [&] { keep(total = ex.sum()); },
      [&] { return scalar_error(total, reference); });
#endif
}

void run_axis_sums(const Options& o, Recorder& out, int64_t n) {
  const MatrixShape s = matrix_shape(n);
  const int64_t rows = s.rows, cols = s.cols, size = s.numel();
  const Buffer<float> x = uniform<float>(size, 4);
  const float* px = x.data();
  const double bytes = 4.0 * static_cast<double>(size);
  const auto xs = to_sinter(x, sinter::Shape{rows, cols});
  const std::string shape = std::to_string(rows) + " x " + std::to_string(cols);
  Buffer<float> result(static_cast<std::size_t>(std::max(rows, cols)));
  float* pr = result.data();
  for (int axis : {0, 1}) {
    const std::string name = axis == 0 ? "sum_axis0" : "sum_axis1";
    auto check = [&](const float* got) { return axis_sum_error(got, px, s, axis); };
    out.check_and_time(
        "sinter", name, "float32", size, o.threads, bytes, [&] { sinter::sum(xs, axis).eval(); },
        [&] { return check(sinter::sum(xs, axis).to_vector().data()); }, shape);
    std::fill(result.begin(), result.end(), 0.0f);
    if (axis == 0) {
      // Rows in memory order: each thread adds its rows into its own partial row, then the
      // partial rows are added (the loop a user writes so that it vectorizes and streams).
      out.check_and_time(
          "hand", name, "float32", size, o.threads, bytes,
          [&] {
            std::fill(pr, pr + cols, 0.0f);
#pragma omp parallel
            {
              Buffer<float> part(static_cast<std::size_t>(cols), 0.0f);
              float* pp = part.data();
#pragma omp for schedule(static)
              for (int64_t r = 0; r < rows; ++r)
                for (int64_t c = 0; c < cols; ++c) pp[c] += px[r * cols + c];
#pragma omp critical
              for (int64_t c = 0; c < cols; ++c) pr[c] += pp[c];
            }
          },
          [&] { return check(pr); }, shape);
    } else {
      out.check_and_time(
          "hand", name, "float32", size, o.threads, bytes,
          [&] {
#pragma omp parallel for schedule(static)
            for (int64_t r = 0; r < rows; ++r) {
              float t = 0;
              const float* row = px + r * cols;
#pragma omp simd reduction(+ : t)
              for (int64_t c = 0; c < cols; ++c) t += row[c];
              pr[r] = t;
            }
          },
          [&] { return check(pr); }, shape);
    }
#ifdef SINTER_BENCH_EIGEN
    ConstMatrix ex(px, rows, cols);
    std::fill(result.begin(), result.end(), 0.0f);
    out.check_and_time(
        "eigen", name, "float32", size, 1, bytes,
        [&] {
          if (axis == 0) Eigen::Map<Eigen::ArrayXXf>(pr, 1, cols) = ex.colwise().sum();
          else Eigen::Map<Eigen::ArrayXf>(pr, rows) = ex.rowwise().sum();
        },
        [&] { return check(pr); }, shape);
#endif
  }
}

}  // namespace

void run_reductions(const Options& o, Recorder& out) {
  std::vector<int64_t> vector_sizes = o.sizes;
  // The sum of a vector also at 2^28 (1 GiB) in a full run, as on the GPU: where float32
  // accumulation errors show (numexpr's sum is off by 3e-2 already at 2^24).
  if (!o.quick && o.sizes_default) vector_sizes.push_back(int64_t{1} << 28);
  for (int64_t n : o.sizes) {
    run_e6(o, out, n);
    if (!o.quick || n <= (int64_t{1} << 20)) run_axis_sums(o, out, n);  // --quick: the 2-D ones to 2^20
  }
  for (int64_t n : vector_sizes) run_sum(o, out, n);
}

}  // namespace bench
