// The reductions and 2-D workloads of issues 4 and 5, shared by the CPU suite (cpu_reductions.cpp,
// cpu_workloads.cpp) and the GPU suite (gpu_expressions.cpp): sinter's natural code for each, the
// matrix shape used at each size, and the float64 references every result is checked against.
#pragma once
#include <sinter/sinter.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "bench_support.h"

namespace bench {

constexpr float kHeat = 0.1f;           ///< heat2d's diffusion number k (the explicit step is stable for k <= 1/4)
constexpr float kLayerNormEps = 1e-5f;  ///< layernorm_rows: y = (x - mean) / sqrt(var + eps), no affine

/// The 2-D workloads' matrix for `n` elements: rows = the largest power of two <= sqrt(n), cols =
/// n / rows. Square for even powers of two: 2^16 is 256 x 256, 2^24 4096 x 4096, 2^26 8192 x 8192,
/// 2^28 16384 x 16384.
struct MatrixShape {
  std::int64_t rows = 1, cols = 1;
  std::int64_t numel() const { return rows * cols; }
};
inline MatrixShape matrix_shape(std::int64_t n) {
  std::int64_t rows = 1;
  while ((rows * 2) * (rows * 2) <= n) rows *= 2;
  return {rows, n / rows};
}

// ---- sinter: what a user writes (each returns a pending array; eval() runs it) ----

using FloatArray = sinter::Array<float>;

/// E6: sum((x - y)^2), one fused reduction (float32 sums accumulate in float64).
inline FloatArray sinter_e6(const FloatArray& x, const FloatArray& y) {
  auto d = x - y;
  return sinter::sum(d * d);
}

/// One explicit step of 2-D heat diffusion on the interior of a grid, written with shifted
/// slices of one array: NumPy's u[1:-1, 1:-1] + k * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] +
/// u[1:-1, 2:] - 4 u[1:-1, 1:-1]). sinter has no writes into views yet, so the result is the new
/// interior, (rows-2) x (cols-2), as its own array (one kernel, five strided reads of u).
inline FloatArray sinter_heat2d(const FloatArray& u) {
  const sinter::Slice in{1, -1}, lo{0, -2}, hi{2, std::nullopt};
  const FloatArray c = u(in, in);
  return c + kHeat * (u(lo, in) + u(hi, in) + u(in, lo) + u(in, hi) - 4.0f * c);
}

/// Softmax over each row: max, exp, sum, divide.
inline FloatArray sinter_softmax_rows(const FloatArray& x) {
  auto m = sinter::max(x, 1, true);
  auto e = sinter::exp(x - m);
  return e / sinter::sum(e, 1, true);
}

/// Layer normalization over each row, no affine: (x - mean) / sqrt(var + eps), the variance as the
/// mean of squared deviations (two passes, as NumPy's var).
inline FloatArray sinter_layernorm_rows(const FloatArray& x) {
  auto mu = sinter::mean(x, 1, true);
  auto d = x - mu;
  auto var = sinter::mean(d * d, 1, true);
  return d / sinter::sqrt(var + kLayerNormEps);
}

/// Log-sum-exp over each row (one value per row, keepdims): m + log(sum(exp(x - m))), m the row's max.
inline FloatArray sinter_logsumexp_rows(const FloatArray& x) {
  auto m = sinter::max(x, 1, true);
  return sinter::log(sinter::sum(sinter::exp(x - m), 1, true)) + m;
}

constexpr float kRmsNormEps = 1e-6f;  ///< rmsnorm_rows: y = x / sqrt(mean(x^2) + eps), no affine

/// RMS normalization over each row, no affine.
inline FloatArray sinter_rmsnorm_rows(const FloatArray& x) {
  return x / sinter::sqrt(sinter::mean(x * x, 1, true) + kRmsNormEps);
}

/// Row-wise L2 normalization: x / ||row||_2.
inline FloatArray sinter_l2norm_rows(const FloatArray& x) { return x / sinter::sqrt(sinter::sum(x * x, 1, true)); }

// ---- float64 references ----

/// sum of f(i) for i < n in float64 (OpenMP).
template <class F> double reference_sum(std::int64_t n, F&& f) {
  double total = 0;
#pragma omp parallel for reduction(+ : total) schedule(static)
  for (std::int64_t i = 0; i < n; ++i) total += f(i);
  return total;
}

/// |got - ref| / |ref|: the error of a scalar result (a sum of positive values: never near 0).
inline double scalar_error(double got, double ref) {
  return std::isnan(got) ? INFINITY : std::abs(got - ref) / std::abs(ref);
}

/// The error of a sum over axis 0 (one value per column) or axis 1 (one per row) of a row-major
/// rows x cols float32 matrix, against float64 sums: max relative error over the outputs.
inline double axis_sum_error(const float* got, const float* x, MatrixShape s, int axis) {
  const std::int64_t outputs = axis == 0 ? s.cols : s.rows;
  std::vector<double> ref(static_cast<std::size_t>(outputs), 0.0);
  if (axis == 1) {
#pragma omp parallel for schedule(static)
    for (std::int64_t r = 0; r < s.rows; ++r) {
      double t = 0;
      for (std::int64_t c = 0; c < s.cols; ++c) t += x[r * s.cols + c];
      ref[static_cast<std::size_t>(r)] = t;
    }
  } else {
#pragma omp parallel for schedule(static)
    for (std::int64_t c0 = 0; c0 < s.cols; c0 += 256) {  // blocks of columns, rows in order
      const std::int64_t c1 = std::min(s.cols, c0 + 256);
      for (std::int64_t r = 0; r < s.rows; ++r)
        for (std::int64_t c = c0; c < c1; ++c) ref[static_cast<std::size_t>(c)] += x[r * s.cols + c];
    }
  }
  return max_rel_error(
      got, outputs, [&](std::int64_t i) { return ref[static_cast<std::size_t>(i)]; }, 0.0);
}

/// heat2d's interior element (i, j) (0-based in the (rows-2) x (cols-2) result) of the grid `u`.
inline double heat2d_reference(const float* u, MatrixShape s, std::int64_t i, std::int64_t j) {
  const auto at = [&](std::int64_t r, std::int64_t c) { return static_cast<double>(u[r * s.cols + c]); };
  const double c = at(i + 1, j + 1);
  return c + static_cast<double>(kHeat) * (at(i, j + 1) + at(i + 2, j + 1) + at(i + 1, j) + at(i + 1, j + 2) - 4 * c);
}

inline double heat2d_error(const float* got, const float* u, MatrixShape s) {
  const std::int64_t m = s.cols - 2;
  return max_rel_error(got, (s.rows - 2) * m, [&](std::int64_t k) { return heat2d_reference(u, s, k / m, k % m); });
}

/// Softmax over rows: the error relative to each element (every output is positive and about
/// 1/cols, so an absolute floor would hide any error).
inline double softmax_rows_error(const float* got, const float* x, MatrixShape s) {
  std::vector<double> row_max(static_cast<std::size_t>(s.rows)), row_sum(static_cast<std::size_t>(s.rows));
#pragma omp parallel for schedule(static)
  for (std::int64_t r = 0; r < s.rows; ++r) {
    const float* row = x + r * s.cols;
    double m = row[0], t = 0;
    for (std::int64_t c = 1; c < s.cols; ++c) m = std::max(m, static_cast<double>(row[c]));
    for (std::int64_t c = 0; c < s.cols; ++c) t += std::exp(row[c] - m);
    row_max[static_cast<std::size_t>(r)] = m;
    row_sum[static_cast<std::size_t>(r)] = t;
  }
  return max_rel_error(
      got, s.numel(),
      [&](std::int64_t i) {
        const auto r = static_cast<std::size_t>(i / s.cols);
        return std::exp(static_cast<double>(x[i]) - row_max[r]) / row_sum[r];
      },
      0.0);
}

/// Layer normalization over rows (outputs of order 1, crossing zero: the usual absolute floor of 1).
inline double layernorm_rows_error(const float* got, const float* x, MatrixShape s) {
  std::vector<double> mean(static_cast<std::size_t>(s.rows)), rstd(static_cast<std::size_t>(s.rows));
#pragma omp parallel for schedule(static)
  for (std::int64_t r = 0; r < s.rows; ++r) {
    const float* row = x + r * s.cols;
    double t = 0, v = 0;
    for (std::int64_t c = 0; c < s.cols; ++c) t += row[c];
    const double mu = t / static_cast<double>(s.cols);
    for (std::int64_t c = 0; c < s.cols; ++c) v += (row[c] - mu) * (row[c] - mu);
    mean[static_cast<std::size_t>(r)] = mu;
    rstd[static_cast<std::size_t>(r)] = 1.0 / std::sqrt(v / static_cast<double>(s.cols) + kLayerNormEps);
  }
  return max_rel_error(got, s.numel(), [&](std::int64_t i) {
    const auto r = static_cast<std::size_t>(i / s.cols);
    return (static_cast<double>(x[i]) - mean[r]) * rstd[r];
  });
}

/// Log-sum-exp over rows (one output per row, of order log(cols): relative error).
inline double logsumexp_rows_error(const float* got, const float* x, MatrixShape s) {
  std::vector<double> ref(static_cast<std::size_t>(s.rows));
#pragma omp parallel for schedule(static)
  for (std::int64_t r = 0; r < s.rows; ++r) {
    const float* row = x + r * s.cols;
    double m = row[0], t = 0;
    for (std::int64_t c = 1; c < s.cols; ++c) m = std::max(m, static_cast<double>(row[c]));
    for (std::int64_t c = 0; c < s.cols; ++c) t += std::exp(row[c] - m);
    ref[static_cast<std::size_t>(r)] = m + std::log(t);
  }
  return max_rel_error(
      got, s.rows, [&](std::int64_t r) { return ref[static_cast<std::size_t>(r)]; }, 0.0);
}

/// x * scale(row) for a float64 per-row scale, with the error measure's floor (1: outputs of order
/// 1 crossing zero, as layer norm; 0: purely relative).
template <class Scale>
double row_scaled_error(const float* got, const float* x, MatrixShape s, Scale&& scale, double floor) {
  std::vector<double> k(static_cast<std::size_t>(s.rows));
#pragma omp parallel for schedule(static)
  for (std::int64_t r = 0; r < s.rows; ++r) {
    const float* row = x + r * s.cols;
    double t = 0;
    for (std::int64_t c = 0; c < s.cols; ++c) t += static_cast<double>(row[c]) * row[c];
    k[static_cast<std::size_t>(r)] = scale(t);
  }
  return max_rel_error(
      got, s.numel(),
      [&](std::int64_t i) { return static_cast<double>(x[i]) * k[static_cast<std::size_t>(i / s.cols)]; }, floor);
}

/// RMS norm over rows (outputs of order 1 crossing zero: the absolute floor of 1, as layer norm).
inline double rmsnorm_rows_error(const float* got, const float* x, MatrixShape s) {
  const double n = static_cast<double>(s.cols);
  return row_scaled_error(
      got, x, s, [&](double sum_sq) { return 1.0 / std::sqrt(sum_sq / n + kRmsNormEps); }, 1.0);
}

/// L2 normalization over rows (outputs of order 1/sqrt(cols): relative error).
inline double l2norm_rows_error(const float* got, const float* x, MatrixShape s) {
  return row_scaled_error(
      got, x, s, [](double sum_sq) { return 1.0 / std::sqrt(sum_sq); }, 0.0);
}

}  // namespace bench
