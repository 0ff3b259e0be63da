// Issue 5's workloads beyond E1..E7: Black-Scholes (call and put from one kernel), a degree-10
// polynomial by Horner's rule, one step of 2-D heat diffusion (a 5-point stencil of shifted
// slices), and softmax and layer normalization over the rows of a matrix, for sinter, the
// hand-written OpenMP loop and Eigen (NumPy and numexpr: peers_numpy.py).
#include <sinter/sinter.h>

#include "bench_support.h"
#include "workloads.h"
#ifdef SINTER_BENCH_EIGEN
#include <Eigen/Core>
#endif

namespace bench {
namespace {
using std::int64_t;

// ---- Black-Scholes with the Abramowitz-Stegun normal CDF (26.2.17, |error| < 7.5e-8), as in
// the classic benchmark: every peer (NumPy and numexpr have no erf) computes the same formula. ----
constexpr double kRate = 0.02, kVol = 0.30;
constexpr double kA1 = 0.319381530, kA2 = -0.356563782, kA3 = 1.781477937, kA4 = -1.821255978, kA5 = 1.330274429;
constexpr double kInvSqrt2Pi = 0.3989422804014327;

template <class T>
T cnd(T d) {
  const T k = T(1) / (T(1) + T(0.2316419) * std::abs(d));
  const T poly = k * (T(kA1) + k * (T(kA2) + k * (T(kA3) + k * (T(kA4) + k * T(kA5)))));
  const T w = T(1) - T(kInvSqrt2Pi) * std::exp(T(-0.5) * d * d) * poly;
  return d < T(0) ? T(1) - w : w;
}

template <class T>
void price(T s, T k, T t, T& call, T& put) {
  const T sqrt_t = std::sqrt(t);
  const T d1 = (std::log(s / k) + (T(kRate) + T(0.5 * kVol * kVol)) * t) / (T(kVol) * sqrt_t);
  const T d2 = d1 - T(kVol) * sqrt_t;
  const T discounted = k * std::exp(T(-kRate) * t);
  const T n1 = cnd(d1), n2 = cnd(d2);
  call = s * n1 - discounted * n2;
  put = discounted * (T(1) - n2) - s * (T(1) - n1);
}

// sinter: intermediates are expressions (auto), so only call and put are written.
template <class E>
auto sinter_cnd(const E& d) {
  auto k = 1.0f / (1.0f + 0.2316419f * sinter::abs(d));
  auto poly = k * (float(kA1) + k * (float(kA2) + k * (float(kA3) + k * (float(kA4) + k * float(kA5)))));
  auto w = 1.0f - float(kInvSqrt2Pi) * sinter::exp(-0.5f * d * d) * poly;
  return sinter::where(d < 0.0f, 1.0f - w, w);
}

void sinter_price(const sinter::Array<float>& s, const sinter::Array<float>& k, const sinter::Array<float>& t,
                  sinter::Array<float>& call, sinter::Array<float>& put) {
  auto sqrt_t = sinter::sqrt(t);
  auto d1 = (sinter::log(s / k) + float(kRate + 0.5 * kVol * kVol) * t) / (float(kVol) * sqrt_t);
  auto d2 = d1 - float(kVol) * sqrt_t;
  auto discounted = k * sinter::exp(float(-kRate) * t);
  auto n1 = sinter_cnd(d1);
  auto n2 = sinter_cnd(d2);
  call = s * n1 - discounted * n2;
  put = discounted * (1.0f - n2) - s * (1.0f - n1);
  sinter::eval(call, put);  // one kernel, two outputs
}

#ifdef SINTER_BENCH_EIGEN
using Vec = Eigen::ArrayXf;
using ConstMap = Eigen::Map<const Vec, Eigen::Aligned64>;
using Map = Eigen::Map<Vec, Eigen::Aligned64>;

// Natural Eigen: named temporaries for d1, d2 and the CDFs.
Vec eigen_cnd(const Vec& d) {
  const Vec k = 1.0f / (1.0f + 0.2316419f * d.abs());
  const Vec poly = k * (float(kA1) + k * (float(kA2) + k * (float(kA3) + k * (float(kA4) + k * float(kA5)))));
  const Vec w = 1.0f - float(kInvSqrt2Pi) * (-0.5f * d * d).exp() * poly;
  return (d < 0.0f).select(1.0f - w, w);
}

void eigen_price(const ConstMap& s, const ConstMap& k, const ConstMap& t, Map& call, Map& put) {
  const Vec sqrt_t = t.sqrt();
  const Vec d1 = ((s / k).log() + float(kRate + 0.5 * kVol * kVol) * t) / (float(kVol) * sqrt_t);
  const Vec d2 = d1 - float(kVol) * sqrt_t;
  const Vec discounted = k * (float(-kRate) * t).exp();
  const Vec n1 = eigen_cnd(d1), n2 = eigen_cnd(d2);
  call = s * n1 - discounted * n2;
  put = discounted * (1.0f - n2) - s * (1.0f - n1);
}
#endif

void run_black_scholes(const Options& o, Recorder& out, int64_t n) {
  // Spot and strike in [30, 130), maturity in [0.1, 1.1) years.
  const Buffer<float> s = uniform<float>(n, 21, 30, 130), k = uniform<float>(n, 22, 30, 130),
                           t = uniform<float>(n, 23);
  Buffer<float> call(static_cast<std::size_t>(n)), put(static_cast<std::size_t>(n));
  const double bytes = 5.0 * 4 * static_cast<double>(n);
  auto check = [&](const float* c, const float* p) {
    auto ref = [&](int64_t i, bool want_call) {
      double rc, rp;
      const auto u = static_cast<std::size_t>(i);
      price<double>(s[u], k[u], t[u], rc, rp);
      return want_call ? rc : rp;
    };
    return std::max(max_rel_error(c, n, [&](int64_t i) { return ref(i, true); }),
                    max_rel_error(p, n, [&](int64_t i) { return ref(i, false); }));
  };
  const auto ss = to_sinter(s), ks = to_sinter(k), ts = to_sinter(t);
  out.check_and_time(
      "sinter", "blackscholes", "float32", n, o.threads, bytes,
      [&] {
        sinter::Array<float> c, p;
        sinter_price(ss, ks, ts, c, p);
      },
      [&] {
        sinter::Array<float> c, p;
        sinter_price(ss, ks, ts, c, p);
        return check(c.to_vector().data(), p.to_vector().data());
      });
  const float *ps = s.data(), *pk = k.data(), *pt = t.data();
  float *pc = call.data(), *pp = put.data();
  out.check_and_time(
      "hand", "blackscholes", "float32", n, o.threads, bytes,
      [&] {
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < n; ++i) price<float>(ps[i], pk[i], pt[i], pc[i], pp[i]);
      },
      [&] { return check(pc, pp); });
#ifdef SINTER_BENCH_EIGEN
  ConstMap es(ps, n), ek(pk, n), et(pt, n);
  Map ec(pc, n), ep(pp, n);
  std::fill(call.begin(), call.end(), 0.0f);
  out.check_and_time(
      "eigen", "blackscholes", "float32", n, 1, bytes, [&] { eigen_price(es, ek, et, ec, ep); },
      [&] { return check(pc, pp); });
#endif
}

// ---- Horner's rule, degree 10: 10 multiply-adds per element (compute-heavy, memory-light) ----
constexpr double kCoefficients[11] = {1.0, -0.5, 0.25, -0.125, 0.0625, -0.03125,
                                      0.015625, -0.0078125, 0.00390625, -0.001953125, 0.0009765625};

void run_horner(const Options& o, Recorder& out, int64_t n) {
  const Buffer<float> x = uniform<float>(n, 31);
  Buffer<float> result(static_cast<std::size_t>(n));
  const double bytes = 8.0 * static_cast<double>(n);
  auto check = [&](const float* got) {
    return max_rel_error(got, n, [&](int64_t i) {
      const double v = x[static_cast<std::size_t>(i)];
      double p = kCoefficients[10];
      for (int c = 9; c >= 0; --c) p = p * v + kCoefficients[c];
      return p;
    });
  };
  const auto xs = to_sinter(x);
  auto sinter_poly = [&] {
    sinter::Array<float> p = xs * float(kCoefficients[10]) + float(kCoefficients[9]);
    for (int c = 8; c >= 0; --c) p = p * xs + float(kCoefficients[c]);  // pending: fuses into one kernel
    return p;
  };
  out.check_and_time(
      "sinter", "horner10", "float32", n, o.threads, bytes, [&] { sinter_poly().eval(); },
      [&] { return check(sinter_poly().to_vector().data()); });
  const float* px = x.data();
  float* po = result.data();
  out.check_and_time(
      "hand", "horner10", "float32", n, o.threads, bytes,
      [&] {
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < n; ++i) {
          float p = float(kCoefficients[10]);
          for (int c = 9; c >= 0; --c) p = p * px[i] + float(kCoefficients[c]);
          po[i] = p;
        }
      },
      [&] { return check(po); });
#ifdef SINTER_BENCH_EIGEN
  ConstMap ex(px, n);
  Map eo(po, n);
  std::fill(result.begin(), result.end(), 0.0f);
  auto c = [](int k) { return float(kCoefficients[k]); };
  out.check_and_time(
      "eigen", "horner10", "float32", n, 1, bytes,
      [&] {  // one expression, written out, so that Eigen makes one pass
        eo = ((((((((((c(10) * ex + c(9)) * ex + c(8)) * ex + c(7)) * ex + c(6)) * ex + c(5)) * ex + c(4)) * ex +
                  c(3)) * ex + c(2)) * ex + c(1)) * ex + c(0));
      },
      [&] { return check(po); });
#endif
}

// ---- 2-D workloads on a rows x cols matrix (bench::matrix_shape): bytes = input read once +
// output written once ----

#ifdef SINTER_BENCH_EIGEN
using RowMajor = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMatrix = Eigen::Map<const RowMajor, Eigen::Aligned64>;
using MatrixMap = Eigen::Map<RowMajor, Eigen::Aligned64>;
#endif

/// heat2d: the new interior of the grid, (rows-2) x (cols-2), from the old grid (sinter has no
/// writes into views yet: every implementation writes the interior into its own array).
void run_heat2d(const Options& o, Recorder& out, int64_t size) {
  const MatrixShape s = matrix_shape(size);
  const int64_t rows = s.rows, cols = s.cols, n = s.numel(), mr = rows - 2, mc = cols - 2;
  const Buffer<float> u = uniform<float>(n, 41);
  Buffer<float> result(static_cast<std::size_t>(mr * mc));
  const float* pu = u.data();
  float* po = result.data();
  const double bytes = 4.0 * static_cast<double>(n + mr * mc);
  const std::string shape = std::to_string(rows) + " x " + std::to_string(cols) + " grid";
  const auto us = to_sinter(u, sinter::Shape{rows, cols});
  out.check_and_time(
      "sinter", "heat2d", "float32", n, o.threads, bytes, [&] { sinter_heat2d(us).eval(); },
      [&] { return heat2d_error(sinter_heat2d(us).to_vector().data(), pu, s); }, shape);
  const float k = kHeat;
  out.check_and_time(
      "hand", "heat2d", "float32", n, o.threads, bytes,
      [&] {
#pragma omp parallel for schedule(static)
        for (int64_t i = 1; i < rows - 1; ++i)
          for (int64_t j = 1; j < cols - 1; ++j) {
            const float c = pu[i * cols + j];
            po[(i - 1) * mc + (j - 1)] = c + k * (pu[(i - 1) * cols + j] + pu[(i + 1) * cols + j] +
                                                  pu[i * cols + j - 1] + pu[i * cols + j + 1] - 4.0f * c);
          }
      },
      [&] { return heat2d_error(po, pu, s); }, shape);
#ifdef SINTER_BENCH_EIGEN
  std::fill(result.begin(), result.end(), 0.0f);
  ConstMatrix eu(pu, rows, cols);
  MatrixMap eo(po, mr, mc);
  out.check_and_time(
      "eigen", "heat2d", "float32", n, 1, bytes,
      [&] {
        eo = eu.block(1, 1, mr, mc) + k * (eu.block(0, 1, mr, mc) + eu.block(2, 1, mr, mc) + eu.block(1, 0, mr, mc) +
                                           eu.block(1, 2, mr, mc) - 4.0f * eu.block(1, 1, mr, mc));
      },
      [&] { return heat2d_error(po, pu, s); }, shape);
#endif
}

void run_rows(const Options& o, Recorder& out, int64_t size) {
  const MatrixShape s = matrix_shape(size);
  const int64_t rows = s.rows, cols = s.cols, n = s.numel();
  const Buffer<float> x = uniform<float>(n, 51);
  Buffer<float> result(static_cast<std::size_t>(n));
  const float* px = x.data();
  float* po = result.data();
  const double bytes = 8.0 * static_cast<double>(n);
  const std::string shape = std::to_string(rows) + " x " + std::to_string(cols);
  const auto xs = to_sinter(x, sinter::Shape{rows, cols});

  // softmax over rows
  auto softmax_check = [&](const float* got) { return softmax_rows_error(got, px, s); };
  out.check_and_time(
      "sinter", "softmax_rows", "float32", n, o.threads, bytes, [&] { sinter_softmax_rows(xs).eval(); },
      [&] { return softmax_check(sinter_softmax_rows(xs).to_vector().data()); }, shape);
  out.check_and_time(
      "hand", "softmax_rows", "float32", n, o.threads, bytes,
      [&] {
#pragma omp parallel for schedule(static)
        for (int64_t r = 0; r < rows; ++r) {
          const float* row = px + r * cols;
          float* o_row = po + r * cols;
          float mx = row[0];
#pragma omp simd reduction(max : mx)
          for (int64_t c = 0; c < cols; ++c) mx = std::max(mx, row[c]);
          float total = 0;
          for (int64_t c = 0; c < cols; ++c) {
            o_row[c] = std::exp(row[c] - mx);
            total += o_row[c];
          }
          const float inv = 1.0f / total;
          for (int64_t c = 0; c < cols; ++c) o_row[c] *= inv;
        }
      },
      [&] { return softmax_check(po); }, shape);
#ifdef SINTER_BENCH_EIGEN
  ConstMatrix ex(px, rows, cols);
  MatrixMap eo(po, rows, cols);
  std::fill(result.begin(), result.end(), 0.0f);
  out.check_and_time(
      "eigen", "softmax_rows", "float32", n, 1, bytes,
      [&] {
        const Eigen::ArrayXf mx = ex.rowwise().maxCoeff();
        eo = (ex.colwise() - mx).exp();
        const Eigen::ArrayXf total = eo.rowwise().sum();
        eo.colwise() /= total;
      },
      [&] { return softmax_check(po); }, shape);
#endif

  // layer normalization over rows, no affine
  auto layernorm_check = [&](const float* got) { return layernorm_rows_error(got, px, s); };
  out.check_and_time(
      "sinter", "layernorm_rows", "float32", n, o.threads, bytes, [&] { sinter_layernorm_rows(xs).eval(); },
      [&] { return layernorm_check(sinter_layernorm_rows(xs).to_vector().data()); }, shape);
  const float inv_cols = 1.0f / static_cast<float>(cols);
  out.check_and_time(
      "hand", "layernorm_rows", "float32", n, o.threads, bytes,
      [&] {
#pragma omp parallel for schedule(static)
        for (int64_t r = 0; r < rows; ++r) {
          const float* row = px + r * cols;
          float* o_row = po + r * cols;
          float total = 0;
#pragma omp simd reduction(+ : total)
          for (int64_t c = 0; c < cols; ++c) total += row[c];
          const float mu = total * inv_cols;
          float squares = 0;
#pragma omp simd reduction(+ : squares)
          for (int64_t c = 0; c < cols; ++c) squares += (row[c] - mu) * (row[c] - mu);
          const float rstd = 1.0f / std::sqrt(squares * inv_cols + kLayerNormEps);
          for (int64_t c = 0; c < cols; ++c) o_row[c] = (row[c] - mu) * rstd;
        }
      },
      [&] { return layernorm_check(po); }, shape);
#ifdef SINTER_BENCH_EIGEN
  std::fill(result.begin(), result.end(), 0.0f);
  out.check_and_time(
      "eigen", "layernorm_rows", "float32", n, 1, bytes,
      [&] {
        const Eigen::ArrayXf mu = ex.rowwise().mean();
        eo = ex.colwise() - mu;
        const Eigen::ArrayXf rstd = (eo.square().rowwise().mean() + kLayerNormEps).rsqrt();
        eo.colwise() *= rstd;
      },
      [&] { return layernorm_check(po); }, shape);
#endif
}

}  // namespace

void run_workloads(const Options& o, Recorder& out) {
  for (int64_t n : o.sizes) {
    if (o.quick && n > (int64_t{1} << 20)) continue;  // --quick keeps its budget: these are the slow ones
    run_black_scholes(o, out, n);
    run_horner(o, out, n);
    run_heat2d(o, out, n);
    run_rows(o, out, n);
  }
}

}  // namespace bench
