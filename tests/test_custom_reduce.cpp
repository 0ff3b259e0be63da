// sinter::reduce (docs/custom-kernels.md, "User-defined reductions"): reductions with a combine of
// the user's, over tuple states, against a plain C++ loop and the reference interpreter over every
// subset of a 3-d array's axes; fusion with producer and consumer; kernels keyed by the combine;
// the errors at trace time. CUDA: not yet supported (a clear error).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "support.h"
#if SINTER_WITH_CUDA
#include "codegen/cuda/lower_to_cuda.h"
#endif

using namespace sinter;
using test::check_close;
using test::reference;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

constexpr std::int64_t kD0 = 3, kD1 = 5, kD2 = 7;

// Small multiples of 1/4 (sums of them are exact in any order) with repeats (ties for argmin).
std::vector<double> values() {
  std::vector<double> v;
  for (std::int64_t i = 0; i < kD0 * kD1 * kD2; ++i) v.push_back(static_cast<double>((i * 37 + 11) % 23 - 9) * 0.25);
  return v;
}

// For output o of a reduction over the axes in `mask` of a (kD0, kD1, kD2) array: the flat
// indices of its elements in row-major order of the reduced axes.
std::vector<std::vector<std::int64_t>> groups(std::uint32_t mask) {
  const std::int64_t dims[3] = {kD0, kD1, kD2};
  std::int64_t outputs = 1;
  for (int d = 0; d < 3; ++d)
    if (((mask >> d) & 1U) == 0) outputs *= dims[d];
  std::vector<std::vector<std::int64_t>> g(static_cast<std::size_t>(outputs));
  for (std::int64_t i = 0; i < kD0; ++i)
    for (std::int64_t j = 0; j < kD1; ++j)
      for (std::int64_t k = 0; k < kD2; ++k) {
        const std::int64_t c[3] = {i, j, k};
        std::int64_t o = 0;
        for (int d = 0; d < 3; ++d)
          if (((mask >> d) & 1U) == 0) o = o * dims[d] + c[d];
        g[static_cast<std::size_t>(o)].push_back((i * kD1 + j) * kD2 + k);
      }
  return g;
}

Axes axes_of(std::uint32_t mask) {
  std::vector<int> list;
  for (int d = 0; d < 3; ++d)
    if ((mask >> d) & 1U) list.push_back(d);
  return Axes(list);
}

// (sum, count of positives, largest): three state values of three types.
auto stats_combine = [](const auto& a, const auto& b) {
  const auto& [sa, na, ma] = a;
  const auto& [sb, nb, mb] = b;
  return std::tuple{Array<double>(sa + sb), Array<std::int64_t>(na + nb), Array<float>(maximum(ma, mb))};
};

// (value, position) of the smallest value, the first position among equal ones.
auto argmin_combine = [](const auto& a, const auto& b) {
  const auto& [va, ia] = a;
  const auto& [vb, ib] = b;
  const Array<bool> take_b = (vb < va) || (vb == va && ib < ia);
  return std::tuple{Array<double>(where(take_b, vb, va)), Array<std::int64_t>(where(take_b, ib, ia))};
};

}  // namespace

TEST_CASE("sinter::reduce: tuple states over every axis subset match a plain loop and the interpreter") {
  const std::vector<double> xs = values();
  std::vector<std::int64_t> positions(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) positions[i] = static_cast<std::int64_t>(i);
  const Shape shape{kD0, kD1, kD2};
  const Array<double> x(xs, shape);
  const Array<std::int64_t> pos(positions, shape);
  for (std::uint32_t mask = 1; mask < 8; ++mask) {
    for (const bool keepdims : {false, true}) {
      CAPTURE(mask);
      CAPTURE(keepdims);
      const auto g = groups(mask);
      // Three values of three types, the map changing the state's arity and types.
      auto [s, n, m] = sinter::reduce(
          x, axes_of(mask), std::tuple{0.0, 0, -std::numeric_limits<float>::infinity()}, stats_combine,
          [](const auto& v) {
            return std::tuple{Array<double>(v * 2.0), cast<std::int64_t>(v > 0.0), cast<float>(v)};
          },
          keepdims);
      // (value, position) from a tuple x, no map.
      auto [mv, mi] = sinter::reduce(std::tuple{x, pos}, axes_of(mask),
                                     std::tuple{std::numeric_limits<double>::infinity(), std::int64_t{-1}},
                                     argmin_combine, keepdims);
      std::vector<double> want_s, want_mv;
      std::vector<std::int64_t> want_n, want_mi;
      std::vector<float> want_m;
      for (const auto& group : g) {  // the plain loop
        double sum = 0, best = std::numeric_limits<double>::infinity();
        std::int64_t count = 0, at = -1;
        float largest = -std::numeric_limits<float>::infinity();
        for (std::int64_t i : group) {
          const double v = xs[static_cast<std::size_t>(i)];
          sum += v * 2.0;
          count += v > 0.0 ? 1 : 0;
          largest = std::max(largest, static_cast<float>(v));
          if (v < best || (v == best && i < at)) {
            best = v;
            at = i;
          }
        }
        want_s.push_back(sum);
        want_n.push_back(count);
        want_m.push_back(largest);
        want_mv.push_back(best);
        want_mi.push_back(at);
      }
      Shape want_shape;
      for (int d = 0; d < 3; ++d) {
        if (((mask >> d) & 1U) == 0) want_shape.push_back(shape[d]);
        else if (keepdims) want_shape.push_back(1);
      }
      CHECK(s.shape() == want_shape);
      CHECK(mi.shape() == want_shape);
      check_close(reference(s), want_s, 0, "interpreter sum");
      check_close(reference(n), want_n, 0, "interpreter count");
      check_close(reference(m), want_m, 0, "interpreter max");
      check_close(reference(mv), want_mv, 0, "interpreter argmin value");
      check_close(reference(mi), want_mi, 0, "interpreter argmin position");
      eval(s, n, m);
      check_close(s.to_vector(), want_s, 0, "sum");
      check_close(n.to_vector(), want_n, 0, "count");
      check_close(m.to_vector(), want_m, 0, "max");
      check_close(mv.to_vector(), want_mv, 0, "argmin value");
      check_close(mi.to_vector(), want_mi, 0, "argmin position");
    }
  }
}

TEST_CASE("sinter::reduce: Welford's mean and variance in one pass match a two-pass loop") {
  std::vector<double> xs(4000);
  for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = 1e6 + std::sin(static_cast<double>(i)) * 3.0;
  const Array<double> x(xs, Shape{40, 100});
  auto combine = [](const auto& a, const auto& b) {
    const auto& [na, ma, qa] = a;
    const auto& [nb, mb, qb] = b;
    const Array<double> count = na + nb;
    const Array<double> delta = mb - ma;
    const Array<double> share = nb / maximum(count, 1.0);  // 0 / 0 when both are empty
    return std::tuple{count, Array<double>(ma + delta * share), Array<double>(qa + qb + delta * delta * na * share)};
  };
  auto [mean, var] = sinter::reduce(
      x, 1, std::tuple{0.0, 0.0, 0.0}, combine,
      [](const auto& v) {
        return std::tuple{1.0, v, 0.0};
      },
      [](const auto& n, const auto& m, const auto& q) {
        return std::tuple{m, Array<double>(q / n)};
      });
  std::vector<double> want_mean, want_var;
  for (std::size_t r = 0; r < 40; ++r) {
    double sum = 0;
    for (std::size_t c = 0; c < 100; ++c) sum += xs[r * 100 + c];
    const double mu = sum / 100;
    double sq = 0;
    for (std::size_t c = 0; c < 100; ++c) sq += (xs[r * 100 + c] - mu) * (xs[r * 100 + c] - mu);
    want_mean.push_back(mu);
    want_var.push_back(sq / 100);
  }
  check_close(reference(mean), mean.to_vector(), 0, "interpreter mean");
  const std::vector<double> got_mean = mean.to_vector(), got_var = var.to_vector();
  for (std::size_t r = 0; r < 40; ++r) {
    CHECK(std::abs(got_mean[r] - want_mean[r]) <= 1e-9 * std::abs(want_mean[r]));
    CHECK(std::abs(got_var[r] - want_var[r]) <= 1e-6 * want_var[r]);
  }
}

TEST_CASE("sinter::reduce: fuses with its producer and consumer in one kernel keyed by the combine") {
  const std::vector<float> xs = test::spread(1000, -3.0f, 5.0f);
  const Array<float> x(xs, Shape{10, 100});
  auto plus = [](const auto& a, const auto& b) { return Array<float>(a + b); };
  auto larger = [](const auto& a, const auto& b) { return Array<float>(maximum(a, b)); };
  reset_counters();
  Array<float> sums = sinter::reduce(Array<float>(x * 2.0f + 1.0f), 1, 0.0f, plus, nullptr,
                                     [](const auto& s) { return Array<float>(s * 0.5f); });
  CHECK(contains(sums.kernel_ir(), "fold_begin"));
  const std::vector<float> got_sums = sums.to_vector();
  CHECK(counters().kernel_launches == 1);
  CHECK(counters().kernels_compiled == 1);
  Array<float> maxes = sinter::reduce(Array<float>(x * 2.0f + 1.0f), 1, -1e30f, larger, nullptr,
                                      [](const auto& s) { return Array<float>(s * 0.5f); });
  const std::vector<float> got_maxes = maxes.to_vector();
  CHECK(counters().kernels_compiled == 2);  // another combine: another kernel
  std::vector<float> want_sums, want_maxes;
  for (std::size_t r = 0; r < 10; ++r) {
    float s = 0, m = -1e30f;
    for (std::size_t c = 0; c < 100; ++c) {
      const float v = xs[r * 100 + c] * 2.0f + 1.0f;
      s += v;
      m = std::max(m, v);
    }
    want_sums.push_back(s * 0.5f);
    want_maxes.push_back(m * 0.5f);
  }
  check_close(got_sums, want_sums, 0, "sums");
  check_close(got_maxes, want_maxes, 0, "maxes");
  // The same combine again, on other data: the compiled kernel is reused.
  const Array<float> y(test::spread(1000, 0.0f, 1.0f), Shape{10, 100});
  Array<float> again = sinter::reduce(Array<float>(y * 2.0f + 1.0f), 1, 0.0f, plus, nullptr,
                                      [](const auto& s) { return Array<float>(s * 0.5f); });
  again.eval();
  CHECK(counters().kernels_compiled == 2);
}

TEST_CASE("sinter::reduce: over an empty axis each output is the identity and over a 0-d array the element") {
  const Array<float> x(std::vector<float>{}, Shape{3, 0});
  auto plus = [](const auto& a, const auto& b) { return Array<float>(a + b); };
  Array<float> r = sinter::reduce(x, 1, 7.0f, plus);
  check_close(r.to_vector(), std::vector<float>{7.0f, 7.0f, 7.0f}, 0, "empty axis");
  const Array<float> s(std::vector<float>{2.5f}, Shape{});
  Array<float> t = sinter::reduce(s, {}, 0.0f, plus);
  CHECK(t.item() == 2.5f);
}

TEST_CASE("sinter::reduce: bad combines are sinter::Errors naming reduce, at trace time") {
  const Array<float> x(test::spread(12, 0.0f, 1.0f), Shape{3, 4});
  const Array<float> other(test::spread(12, 0.0f, 1.0f), Shape{3, 4});
  auto message = [](const auto& f) -> std::string {
    try {
      f();
    } catch (const Error& e) { return e.what(); }
    return "no error";
  };
  // A value of another type than the state's.
  const std::string wrong_type = message([&] {
    (void)sinter::reduce(x, 1, 0.0f, [](const auto& a, const auto& b) { return Array<double>(cast<double>(a + b)); });
  });
  CHECK(contains(wrong_type, "sinter::reduce"));
  CHECK(contains(wrong_type, "float64"));
  CHECK_THROWS_AS(
      (void)sinter::reduce(x, 1, 0.0f, [](const auto& a, const auto& b) { return Array<double>(cast<double>(a + b)); }),
      DTypeError);
  // Reading an array other than the two states.
  const std::string reads = message([&] {
    (void)sinter::reduce(x, 1, 0.0f, [&](const auto& a, const auto& b) { return Array<float>(a + b + other); });
  });
  CHECK(contains(reads, "sinter::reduce"));
  // Control flow inside combine (where() is the way to choose).
  const std::string loop = message([&] {
    (void)sinter::reduce(x, 1, 0.0f, [&](const auto& a, const auto& b) {
      return Array<float>(while_loop(
          Array<float>(a + b), [](const auto& v) { return v > 1.0f; },
          [](const auto& v) { return Array<float>(v * 0.5f); }));
    });
  });
  CHECK(contains(loop, "sinter::reduce"));
  CHECK(contains(loop, "elementwise"));
  const std::string branch = message([&] {
    (void)sinter::reduce(x, 1, 0.0f, [&](const auto& a, const auto& b) {
      return sinter::if_then_else(
          a > b, [&] { return a; }, [&] { return b; });
    });
  });
  CHECK(contains(branch, "sinter::reduce"));
  CHECK(contains(branch, "elementwise"));
  // A host read of a state inside combine.
  const std::string host_read = message([&] {
    (void)sinter::reduce(x, 1, 0.0f, [&](const auto& a, const auto& b) {
      (void)a.item();
      return Array<float>(a + b);
    });
  });
  CHECK(contains(host_read, "sinter::reduce"));
  // Inside a while_loop body.
  const std::string in_loop = message([&] {
    (void)while_loop(
        x, [](const auto& v) { return v < 1.0f; },
        [](const auto& v) {
          return Array<float>(
              v + sinter::reduce(v, 1, 0.0f, [](const auto& a, const auto& b) { return Array<float>(a + b); }));
        });
  });
  CHECK(contains(in_loop, "sinter::reduce"));
  // Axes out of range.
  CHECK_THROWS_AS((void)sinter::reduce(x, 2, 0.0f, [](const auto& a, const auto& b) { return Array<float>(a + b); }),
                  IndexError);
}

#if SINTER_WITH_CUDA
TEST_CASE("sinter::reduce: the CUDA lowering refuses a fold kernel with a clear error (not yet supported)") {
  const Array<float> x(test::spread(12, 0.0f, 1.0f), Shape{3, 4});
  Array<float> r = sinter::reduce(x, 1, 0.0f, [](const auto& a, const auto& b) { return Array<float>(a + b); });
  fuse::KernelPlan plan;
  {
    std::lock_guard lock(ir::graph_mutex());
    const ir::NodePtr roots[] = {r.node()};
    plan = fuse::plan_kernel(roots);
  }
  try {
    (void)gpu::lower_to_cuda(plan.kernel, {});
    FAIL("lower_to_cuda took a fold kernel");
  } catch (const Error& e) { CHECK(contains(e.what(), "sinter::reduce: not yet supported on cuda")); }
}
#endif

TEST_CASE("sinter::reduce: few long rows, split into parts combined by the combine, match a plain loop") {
  const std::int64_t rows = 2, length = 200000;
  std::vector<std::int32_t> xs(static_cast<std::size_t>(rows * length));
  for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = static_cast<std::int32_t>((i * 7919) % 100003) - 50000;
  xs[123457] = -60000;  // one smallest per row, and a tie for the first row's
  xs[1234] = -60000;
  xs[length + 5] = -70000;
  const Array<std::int32_t> x(xs, Shape{rows, length});
  // (smallest, its position along the row, sum as int64, count): no rounding, every split the same.
  auto combine = [](const auto& a, const auto& b) {
    const auto& [va, ia, sa, na] = a;
    const auto& [vb, ib, sb, nb] = b;
    const Array<bool> take_b = vb < va;  // ties keep a's, the earlier position
    return std::tuple{Array<std::int32_t>(where(take_b, vb, va)), Array<std::int64_t>(where(take_b, ib, ia)),
                      Array<std::int64_t>(sa + sb), Array<std::int64_t>(na + nb)};
  };
  std::vector<std::int64_t> along(static_cast<std::size_t>(rows * length));
  for (std::size_t i = 0; i < along.size(); ++i) along[i] = static_cast<std::int64_t>(i) % length;
  const Array<std::int64_t> position(along, Shape{rows, length});
  auto [v, at, total, count] = sinter::reduce(
      std::tuple{x, position}, 1,
      std::tuple{std::numeric_limits<std::int32_t>::max(), std::int64_t{-1}, std::int64_t{0}, std::int64_t{0}}, combine,
      [](const auto& value, const auto& p) {
        return std::tuple{value, p, cast<std::int64_t>(value), std::int64_t{1}};
      });
  eval(v, at, total, count);
  for (std::int64_t r = 0; r < rows; ++r) {
    std::int32_t best = std::numeric_limits<std::int32_t>::max();
    std::int64_t best_at = -1, sum = 0;
    for (std::int64_t c = 0; c < length; ++c) {
      const std::int32_t e = xs[static_cast<std::size_t>(r * length + c)];
      if (e < best) {
        best = e;
        best_at = c;
      }
      sum += e;
    }
    CHECK(v.at(r) == best);
    CHECK(at.at(r) == best_at);
    CHECK(total.at(r) == sum);
    CHECK(count.at(r) == length);
  }
}

TEST_CASE("sinter::reduce: beside built-in reductions, inside one, and broadcast back over its operand") {
  const std::vector<float> xs = test::spread(60, -2.0f, 3.0f);
  const Array<float> x(xs, Shape{6, 10});
  auto plus = [](const auto& a, const auto& b) { return Array<float>(a + b); };
  // An expression as x; keepdims; the result broadcast against x (a row kernel would take a
  // built-in reduction here: a fold is computed first instead).
  Array<float> rows = sinter::reduce(x * 0.5f, 1, 0.0f, plus, true);
  Array<float> centered = x - rows;
  // Beside sum over the same axes (a kernel each), and reduced again by sum.
  Array<float> mixed = sinter::reduce(x, 1, 0.0f, plus) + sum(x, 1);
  Array<float> total = sum(sinter::reduce(x, 1, 0.0f, plus));
  std::vector<float> want_centered, want_mixed;
  float want_total = 0;
  for (std::size_t r = 0; r < 6; ++r) {
    float half = 0, whole = 0;
    double wide = 0;  // sum accumulates float32 in float64
    for (std::size_t c = 0; c < 10; ++c) {
      half += xs[r * 10 + c] * 0.5f;
      whole += xs[r * 10 + c];
      wide += xs[r * 10 + c];
    }
    for (std::size_t c = 0; c < 10; ++c) want_centered.push_back(xs[r * 10 + c] - half);
    want_mixed.push_back(whole + static_cast<float>(wide));
    want_total += whole;
  }
  check_close(centered.to_vector(), want_centered, 0, "centered");
  check_close(mixed.to_vector(), want_mixed, 0, "mixed");
  CHECK(std::abs(total.item() - want_total) <= 1e-5f * 60);
}

TEST_CASE("sinter::reduce: evaluated together with a built-in reduction of the same output shape") {
  // Found by the fuzzer: the fold beside all() was taken apart from its result (evaluation never ended).
  const std::vector<std::int8_t> bs = {3, 0, -2};
  const std::vector<float> xs = {2.5f, -1.0f, 4.0f};
  const Array<std::int8_t> b(bs);
  const Array<float> x(xs);
  Array<bool> every = all(b != std::int8_t{0}, 0);
  Array<float> smallest = sinter::reduce(
      x, 0, std::numeric_limits<float>::infinity(),
      [](const auto& p, const auto& q) { return Array<float>(minimum(p, q)); }, nullptr,
      [](const auto& m) { return Array<float>(m * 2.0f); });
  eval(every, smallest);
  CHECK(every.item() == false);
  CHECK(smallest.item() == -2.0f);
}
