// Row kernels (ir/kernel.h; docs/reductions.md, "Row kernels"): an elementwise consumer of
// reductions over the trailing axes, planned as one kernel with phases. Each case against the
// reference interpreter running the same row kernel, against the three-kernel plan (the per-row
// values evaluated first, as before row kernels) and against a plain loop in double precision.
#include <cmath>
#include <limits>

#include "support.h"

using namespace sinter;

namespace {

std::vector<float> row_data(std::int64_t rows, std::int64_t length, unsigned seed) {
  std::vector<float> v(static_cast<std::size_t>(rows * length));
  std::uint32_t state = seed * 2654435761U + 1;
  for (float& x : v) {
    state = state * 1664525U + 1013904223U;
    x = static_cast<float>(static_cast<double>(state >> 8) / 16777216.0 * 8.0 - 4.0);
  }
  return v;
}

/// Softmax of each row of a rows x length matrix, in double.
std::vector<double> softmax_loop(const std::vector<float>& x, std::int64_t rows, std::int64_t length) {
  std::vector<double> out(x.size());
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* row = x.data() + r * length;
    double mx = -std::numeric_limits<double>::infinity();
    for (std::int64_t k = 0; k < length; ++k) mx = std::max(mx, static_cast<double>(row[k]));
    double total = 0;
    for (std::int64_t k = 0; k < length; ++k) total += std::exp(static_cast<double>(row[k]) - mx);
    for (std::int64_t k = 0; k < length; ++k)
      out[static_cast<std::size_t>(r * length + k)] = std::exp(static_cast<double>(row[k]) - mx) / total;
  }
  return out;
}

/// The same values (NaN equal to NaN) within `ulps` units in the last place.
void check_same(const std::vector<float>& got, const std::vector<float>& want, double ulps, const std::string& what) {
  REQUIRE(got.size() == want.size());
  std::size_t bad = 0;
  for (std::size_t i = 0; i < got.size(); ++i)
    if (test::ulp_distance(got[i], want[i]) > ulps && bad++ < 5)
      FAIL_CHECK(what << ": element " << i << " is " << got[i] << ", expected " << want[i]);
  CHECK_MESSAGE(bad == 0, what << ": " << bad << " elements differ");
}

/// The number of phases of the kernel that evaluating `a` would run now (0: not a row kernel,
/// always on a device whose backend does not run them).
template <class T> int planned_phases(const Array<T>& a) {
  if (!backend_for(a.device()).runs_row_kernels()) return 0;
  std::lock_guard lock(ir::graph_mutex());
  const ir::NodePtr roots[] = {ir::resolved(a.node())};
  const ir::Node* reduction = nullptr;
  fuse::RowGeometry rows;
  const std::vector<ir::NodePtr> foreign = fuse::foreign_shaped_pending(roots, roots[0]->shape, &reduction, &rows);
  if (!foreign.empty() || rows.from < 0) return 0;
  return fuse::plan_kernel(roots, reduction, rows).kernel.phases;
}

}  // namespace

SINTER_DEVICE_TEST(row_softmax,
                   "softmax over rows of 1 to 65536 elements is one row kernel of three phases, "
                   "as the interpreter, the three-kernel plan and a loop give it") {
  const bool row_kernels = backend_for(device).runs_row_kernels();
  for (const std::int64_t length : {1, 31, 32, 33, 1000, 4096, 65536}) {
    const std::int64_t rows = length >= 4096 ? 3 : 37;
    CAPTURE(length);
    const std::vector<float> host = row_data(rows, length, static_cast<unsigned>(length));
    Array<float> x(host, Shape{rows, length}, device);
    auto softmax = [&] {
      auto shifted = sinter::exp(x - max(x, 1, true));
      return Array<float>(shifted / sum(shifted, 1, true));
    };
    Array<float> fused = softmax();
    // Rows of one element: the reductions have the result's shape, a reduction kernel's case.
    const bool one_kernel = row_kernels && length > 1;
    CHECK(planned_phases(fused) == (one_kernel ? 3 : 0));
    const std::vector<float> interpreted = one_kernel ? test::reference(fused) : std::vector<float>{};
    reset_counters();
    const std::vector<float> got = fused.to_vector();
    if (length > 1) CHECK(counters().kernel_launches == (row_kernels ? 1 : 3));

    // The three-kernel plan: each per-row value computed by a kernel of its own first.
    Array<float> m = max(x, 1, true);
    m.eval();
    Array<float> s = sum(sinter::exp(x - m), 1, true);
    s.eval();
    const std::vector<float> three = Array<float>(sinter::exp(x - m) / s).to_vector();
    if (one_kernel) check_same(got, interpreted, 4, "against the interpreter (exp: libm there)");
    check_same(got, three, 1, "against the three-kernel plan");
    const std::vector<double> loop = softmax_loop(host, rows, length);
    double worst = 0;
    for (std::size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::abs(got[i] - loop[i]) / loop[i]);
    CHECK(worst < 1e-5);
  }
}

SINTER_DEVICE_TEST(row_long, "rows longer than kMaxRowLength are planned as before: a kernel per reduction") {
  const std::int64_t length = fuse::kMaxRowLength + 1;
  const std::vector<float> host = row_data(2, length, 7);
  Array<float> x(host, Shape{2, length}, device);
  Array<float> centered = x - mean(x, 1, true);
  CHECK(planned_phases(centered) == 0);
  reset_counters();
  const std::vector<float> got = centered.to_vector();
  CHECK(counters().kernel_launches == 2);
  for (std::int64_t r = 0; r < 2; ++r) {
    double total = 0;
    for (std::int64_t k = 0; k < length; ++k) total += host[static_cast<std::size_t>(r * length + k)];
    const double mu = total / static_cast<double>(length);
    for (std::int64_t k = 0; k < length; k += 4099) {
      const auto i = static_cast<std::size_t>(r * length + k);
      CHECK(std::abs(got[i] - (host[i] - mu)) < 1e-5);
    }
  }
}

SINTER_DEVICE_TEST(row_layer_norm,
                   "layer norm (mean, variance of the centered rows, normalize) is one row kernel "
                   "of three phases, rows over the last two axes of a 3-D array") {
  const bool row_kernels = backend_for(device).runs_row_kernels();
  const std::int64_t a = 5, b = 6, c = 70;
  const std::vector<float> host = row_data(a, b * c, 3);
  Array<float> x(host, Shape{a, b, c}, device);
  Array<float> gamma(row_data(1, c, 4), Shape{c}, device);  // broadcast along the rows' last axis
  auto centered = x - mean(x, {1, 2}, true);
  Array<float> y = centered / sinter::sqrt(mean(centered * centered, {1, 2}, true) + 1e-5f) * gamma;
  CHECK(planned_phases(y) == (row_kernels ? 3 : 0));
  const std::vector<float> interpreted = test::reference(y);
  reset_counters();
  const std::vector<float> got = y.to_vector();
  CHECK(counters().kernel_launches == (row_kernels ? 1 : 3));
  check_same(got, interpreted, 4, "against the interpreter (sqrt, division: rounding of the float64 sums)");
  const std::vector<float> g = gamma.to_vector();
  for (std::int64_t r = 0; r < a; ++r) {
    const float* row = host.data() + r * b * c;
    double mu = 0, var = 0;
    for (std::int64_t k = 0; k < b * c; ++k) mu += row[k];
    mu /= static_cast<double>(b * c);
    for (std::int64_t k = 0; k < b * c; ++k) var += (row[k] - mu) * (row[k] - mu);
    var /= static_cast<double>(b * c);
    for (std::int64_t k = 0; k < b * c; ++k) {
      const double want = (row[k] - mu) / std::sqrt(var + 1e-5) * g[static_cast<std::size_t>(k % c)];
      CHECK(std::abs(got[static_cast<std::size_t>(r * b * c + k)] - want) < 1e-4);
    }
  }
}

SINTER_DEVICE_TEST(row_views,
                   "row kernels read views and broadcast operands in place: a transposed matrix's rows, "
                   "a column broadcast along them, and rows of a strided slice") {
  const std::int64_t rows = 40, length = 33;
  const std::vector<float> host = row_data(length, rows, 11);  // (length, rows): its transpose has the rows
  Array<float> stored(host, Shape{length, rows}, device);
  Array<float> x = stored.transpose();  // (rows, length), strided
  Array<float> bias(row_data(rows, 1, 12), Shape{rows, 1}, device);
  // The last term is a reduction of another geometry (every other column): computed first.
  auto expression = [&](const Array<float>& other) {
    return Array<float>((x + bias) - max(x + bias, 1, true) + other);
  };
  Array<float> other = sum(x(all, Slice{0, std::nullopt, 2}) * 0.0f, 1, true);
  const std::vector<float> got = expression(other).to_vector();  // other pending: evaluated first
  CHECK(planned_phases(expression(other)) == (backend_for(device).runs_row_kernels() ? 2 : 0));
  check_same(got, test::reference(expression(other)), 0, "against the interpreter");
  const std::vector<float> hb = bias.to_vector();
  for (std::int64_t r = 0; r < rows; ++r) {
    float mx = -INFINITY;
    for (std::int64_t k = 0; k < length; ++k)
      mx = std::max(mx, host[static_cast<std::size_t>(k * rows + r)] + hb[static_cast<std::size_t>(r)]);
    for (std::int64_t k = 0; k < length; ++k)
      CHECK(got[static_cast<std::size_t>(r * length + k)] ==
            host[static_cast<std::size_t>(k * rows + r)] + hb[static_cast<std::size_t>(r)] - mx);
  }
}

SINTER_DEVICE_TEST(row_special_values, "NaN and infinities in rows give what the three-kernel plan gives") {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // Rows: ordinary, one NaN, one +inf, one -inf, all -inf, +inf and -inf, all equal.
  const std::vector<float> host{1, 2, 3,    4,    1,    nan,  3,   4,    1, inf, 3, 4, 1, -inf,
                                3, 4, -inf, -inf, -inf, -inf, inf, -inf, 0, 0,   2, 2, 2, 2};
  Array<float> x(host, Shape{7, 4}, device);
  Array<float> shifted = sinter::exp(x - max(x, 1, true));
  Array<float> y = shifted / sum(shifted, 1, true);
  Array<float> z = x - min(x, 1, true) * mean(x, 1, true);
  const std::vector<float> got_y = y.to_vector();
  const std::vector<float> got_z = z.to_vector();
  Array<float> m = max(x, 1, true);
  Array<float> lo = min(x, 1, true);
  Array<float> mu = mean(x, 1, true);
  for (Array<float>* a : {&m, &lo, &mu}) a->eval();
  Array<float> e = sinter::exp(x - m);
  Array<float> s = sum(e, 1, true);
  s.eval();
  check_same(got_y, Array<float>(e / s).to_vector(), 1, "softmax");
  check_same(got_z, Array<float>(x - lo * mu).to_vector(), 0, "x - min * mean");
  for (int k = 0; k < 4; ++k) {
    CHECK(std::isnan(got_y[static_cast<std::size_t>(4 + k)]));  // a NaN in the row
    CHECK(got_y[static_cast<std::size_t>(24 + k)] == 0.25f);    // equal values
  }
}

SINTER_DEVICE_TEST(row_handles,
                   "a row kernel writes the intermediates that handles hold: per-element ones from its "
                   "last phase, per-row ones (the max, the sum) at their row") {
  const bool row_kernels = backend_for(device).runs_row_kernels();
  const std::int64_t rows = 9, length = 50;
  const std::vector<float> host = row_data(rows, length, 5);
  Array<float> x(host, Shape{rows, length}, device);
  Array<float> m = max(x, 1, true);
  Array<float> e = sinter::exp(x - m);
  Array<float> s = sum(e, 1, true);
  Array<float> y = e / s;
  reset_counters();
  y.eval();
  const std::uint64_t launches = counters().kernel_launches;
  // Elsewhere: m, then e (held, so computed before the sum that reads it), s, y.
  CHECK(launches == (row_kernels ? 1 : 4));
  const std::vector<float> hm = m.to_vector();
  const std::vector<float> he = e.to_vector();
  const std::vector<float> hs = s.to_vector();
  const std::vector<float> hy = y.to_vector();
  CHECK(counters().kernel_launches == launches);  // all written by the kernel(s) above
  REQUIRE(hm.size() == static_cast<std::size_t>(rows));
  for (std::int64_t r = 0; r < rows; ++r) {
    float mx = -INFINITY;
    for (std::int64_t k = 0; k < length; ++k) mx = std::max(mx, host[static_cast<std::size_t>(r * length + k)]);
    CHECK(hm[static_cast<std::size_t>(r)] == mx);
    double total = 0;
    for (std::int64_t k = 0; k < length; ++k) total += he[static_cast<std::size_t>(r * length + k)];
    CHECK(std::abs(hs[static_cast<std::size_t>(r)] - total) <= 1e-6 * total);
    for (std::int64_t k = 0; k < length; ++k) {
      const auto i = static_cast<std::size_t>(r * length + k);
      CHECK(std::abs(he[i] - std::exp(static_cast<double>(host[i]) - mx)) <= 2e-7 * std::max(1.0, double(he[i])));
      CHECK(test::ulp_distance(hy[i], he[i] / hs[static_cast<std::size_t>(r)]) <= 1);
    }
  }
}

SINTER_DEVICE_TEST(row_mixed,
                   "integer rows, argmax and comparisons against per-row values, empty matrices, and a "
                   "reduction of a row kernel's expression") {
  const std::int64_t rows = 6, length = 45;
  std::vector<std::int32_t> host(static_cast<std::size_t>(rows * length));
  for (std::size_t i = 0; i < host.size(); ++i) host[i] = static_cast<std::int32_t>((i * 7919) % 23) - 11;
  Array<std::int32_t> x(host, Shape{rows, length}, device);
  Array<bool> at_max = x == max(x, 1, true);
  Array<std::int64_t> shifted = x - sum(x, 1, true) + argmax(x, 1, true);
  const std::vector<bool> got_max = at_max.to_vector();
  const std::vector<std::int64_t> got_shifted = shifted.to_vector();
  CHECK(got_max == test::reference(at_max));
  for (std::int64_t r = 0; r < rows; ++r) {
    std::int32_t mx = INT32_MIN;
    std::int64_t total = 0, at = 0;
    for (std::int64_t k = 0; k < length; ++k) {
      const std::int32_t v = host[static_cast<std::size_t>(r * length + k)];
      total += v;
      if (v > mx) {
        mx = v;
        at = k;
      }
    }
    for (std::int64_t k = 0; k < length; ++k) {
      const auto i = static_cast<std::size_t>(r * length + k);
      CHECK(got_max[i] == (host[i] == mx));
      CHECK(got_shifted[i] == host[i] - total + at);
    }
  }
  // A reduction of an expression with per-row values: a reduction kernel, the max computed first.
  Array<float> f(row_data(rows, length, 9), Shape{rows, length}, device);
  const std::vector<float> spread = Array<float>(sum(f - max(f, 1, true), 1)).to_vector();
  const std::vector<float> hf = f.to_vector();
  for (std::int64_t r = 0; r < rows; ++r) {
    float mx = -INFINITY;
    double total = 0;
    for (std::int64_t k = 0; k < length; ++k) mx = std::max(mx, hf[static_cast<std::size_t>(r * length + k)]);
    for (std::int64_t k = 0; k < length; ++k) total += hf[static_cast<std::size_t>(r * length + k)] - mx;
    CHECK(std::abs(spread[static_cast<std::size_t>(r)] - total) < 1e-3);
  }
  Array<float> empty(std::vector<float>{}, Shape{0, 8}, device);
  CHECK(Array<float>(empty - max(empty, 1, true)).to_vector().empty());
}

SINTER_DEVICE_TEST(row_per_row_roots,
                   "per-row results whose reductions use per-row values (the variance of centered "
                   "rows, log-sum-exp) are one row kernel whose last phase reduces") {
  const bool row_kernels = backend_for(device).runs_row_kernels();
  for (const std::int64_t length : {2, 33, 4096}) {
    CAPTURE(length);
    const std::int64_t rows = length > 1000 ? 5 : 21;
    const std::vector<float> host = row_data(rows, length, static_cast<unsigned>(length + 1));
    Array<float> x(host, Shape{rows, length}, device);
    auto centered = x - mean(x, 1, true);
    Array<float> var = mean(centered * centered, 1, true);
    Array<float> m = max(x, 1, true);
    Array<float> lse = sinter::log(sum(sinter::exp(x - m), 1, true)) + m;
    CHECK(planned_phases(var) == (row_kernels ? 2 : 0));
    const std::vector<float> interpreted_var = row_kernels ? test::reference(var) : std::vector<float>{};
    reset_counters();
    const std::vector<float> got_var = var.to_vector();
    CHECK(counters().kernel_launches == (row_kernels ? 1 : 2));
    // m is held: the kernel writes it too (a per-row output of phase 0).
    reset_counters();
    const std::vector<float> got_lse = lse.to_vector();
    CHECK(counters().kernel_launches == (row_kernels ? 1 : 2));
    const std::vector<float> got_m = m.to_vector();
    CHECK(counters().kernel_launches == (row_kernels ? 1 : 2));
    if (row_kernels) check_same(got_var, interpreted_var, 4, "variance against the interpreter");
    for (std::int64_t r = 0; r < rows; ++r) {
      const float* row = host.data() + r * length;
      double mu = 0, sq = 0, mx = -INFINITY, total = 0;
      for (std::int64_t k = 0; k < length; ++k) mu += row[k];
      mu /= static_cast<double>(length);
      for (std::int64_t k = 0; k < length; ++k) sq += (row[k] - mu) * (row[k] - mu);
      for (std::int64_t k = 0; k < length; ++k) mx = std::max(mx, static_cast<double>(row[k]));
      for (std::int64_t k = 0; k < length; ++k) total += std::exp(row[k] - mx);
      const auto i = static_cast<std::size_t>(r);
      CHECK(std::abs(got_var[i] - sq / static_cast<double>(length)) <= 1e-5 * (1 + sq / static_cast<double>(length)));
      CHECK(std::abs(got_lse[i] - (std::log(total) + mx)) <= 1e-5 * (1 + std::abs(std::log(total) + mx)));
      CHECK(got_m[i] == static_cast<float>(mx));
    }
  }
}
