// Scans (include/sinter/scan.h, docs/scans.md): cumsum, cumprod, cummax and cummin against NumPy
// (tests/fixtures/scans.txt, written by make_scan_fixtures.py) on every device, against the
// reference interpreter on larger arrays (rows over threads, long rows in parts), against plain
// loops for float32 accuracy, and their fusion and errors.
#include <cmath>

#include "evaluate.h"
#include "support.h"
#include "view_steps.h"

using namespace sinter;
using test::base_array;
using test::parse;
using test::read_shape;

namespace {

struct ScanFixture {
  std::string name, dtype, fill, expr, op, axis, out_dtype, error;
  Shape in, out;
  std::vector<std::string> views, values;
};

std::vector<ScanFixture> fixtures() {
  std::vector<ScanFixture> all;
  test::read_fixture_lines("scans.txt", [&](const std::string& word, std::istream& in) {
    if (word == "case") {
      all.emplace_back();
      in >> all.back().name >> all.back().dtype;
      return;
    }
    ScanFixture& f = all.back();
    if (word == "in") f.in = read_shape(in);
    else if (word == "fill") in >> f.fill;
    else if (word == "view") {
      std::string step;
      for (std::string w; in >> w;) step += (step.empty() ? "" : " ") + w;
      f.views.push_back(step);
    } else if (word == "expr") in >> f.expr;
    else if (word == "op") in >> f.op >> f.axis;
    else if (word == "error") in >> f.error;
    else if (word == "out") {
      in >> f.out_dtype;
      f.out = read_shape(in);
      std::string w;
      in >> w;  // ':'
      while (in >> w) f.values.push_back(w);
    }
  });
  return all;
}

template <class T> Array<T> fixture_input(const ScanFixture& f, Device device) {
  Array<T> x = base_array<T>(f.in, device);
  if (f.fill == "nan") {
    if constexpr (std::is_floating_point_v<T>) {
      std::vector<T> v = x.to_vector();
      for (std::size_t i = 2; i < v.size(); i += 5) v[i] = std::numeric_limits<T>::quiet_NaN();
      x = Array<T>(v, f.in, device);
    } else {
      FAIL("fill nan of an integer type");
    }
  } else if (f.fill == "big") {
    if constexpr (std::is_same_v<T, std::int64_t>) x = Array<T>(x * (std::int64_t{1} << 60));
    else FAIL("fill big of a type other than int64");
  }
  for (const std::string& step : f.views) x = test::apply_step(x, step);
  return x;
}

template <class R> void check_values(const ScanFixture& f, const Array<R>& r, double max_ulp) {
  CHECK_MESSAGE(name_of(dtype_v<R>) == f.out_dtype, "type " << name_of(dtype_v<R>) << ", NumPy " << f.out_dtype);
  CHECK_MESSAGE(r.shape() == f.out, "shape " << r.shape().to_string() << ", NumPy " << f.out.to_string());
  std::vector<R> want;
  for (const std::string& v : f.values) want.push_back(parse<R>(v));
  test::check_close(r.to_vector(), want, max_ulp, f.name);
}

/// The fixture's scan of `operand` (an Array or an expression), checked against NumPy's values.
/// NumPy accumulates float32 in float32, one rounding per element; sinter in float64, rounded once
/// per element: they may differ by a rounding per element before (docs/scans.md).
template <class E> void scan_and_check(const ScanFixture& f, const E& operand, std::optional<int> axis) {
  const double float32_ulp = static_cast<double>(std::max<std::int64_t>(f.out.numel(), 1));
  if (f.op == "cumsum" || f.op == "cumprod") {
    const auto r = f.op == "cumsum" ? cumsum(operand, axis) : cumprod(operand, axis);
    if (f.error.empty()) check_values(f, r, f.out_dtype == "float32" ? float32_ulp : 0);
    return;
  }
  REQUIRE((f.op == "cummax" || f.op == "cummin"));
  const auto r = f.op == "cummax" ? cummax(operand, axis) : cummin(operand, axis);
  if (f.error.empty()) check_values(f, r, 0);
}

template <class T> void check_fixture(const ScanFixture& f, Device device) {
  const std::optional<int> axis =
      f.axis == "none" ? std::nullopt : std::optional<int>(static_cast<int>(std::strtol(f.axis.c_str(), nullptr, 10)));
  auto run = [&] {
    const Array<T> x = fixture_input<T>(f, device);
    if constexpr (!std::is_same_v<T, bool>) {
      if (f.expr == "affine") return scan_and_check(f, x * T(2) - T(1), axis);
    }
    scan_and_check(f, x, axis);
  };
  if (f.error.empty()) {
    run();
    return;
  }
  try {
    run();
    FAIL_CHECK("no error; NumPy raises " << f.error);
  } catch (const IndexError& e) {
    CHECK(f.error == "IndexError");
    CHECK_MESSAGE(std::string(e.what()).find("axis " + f.axis + " is out of range") != std::string::npos, e.what());
  }
}

/// What the reference interpreter gives for the scan by `op` of `x` along `axis` (ir/kernel.h's
/// scan kernel, planned as the library plans it).
template <class R> std::vector<R> interpreted_scan(Op op, const ir::NodePtr& x, int axis) {
  const ir::NodePtr operand = op == Op::Sum || op == Op::Prod ? ir::make_cast(x, detail::sum_dtype(x->dtype)) : x;
  const ir::NodePtr reduction = ir::make_reduce(op, operand, 1U << axis, false);
  std::vector<ir::NodePtr> first;  // what the scan's kernel reads computed (handle-held values)
  {
    std::lock_guard lock(ir::graph_mutex());
    first = fuse::foreign_shaped_pending(std::span<const ir::NodePtr>(&reduction, 1), reduction->shape);
  }
  evaluate(first);
  fuse::KernelPlan plan;
  {
    std::lock_guard lock(ir::graph_mutex());
    plan = fuse::plan_scan(reduction);
  }
  REQUIRE(plan.kernel.is_scan());
  const std::vector<std::vector<std::uint8_t>> outputs = interpret_plan(plan);
  std::vector<R> out(static_cast<std::size_t>(x->shape.numel()));
  for (std::size_t i = 0; i < out.size(); ++i) {
    if constexpr (std::is_same_v<R, bool>) out[i] = outputs[0][i] != 0;
    else std::memcpy(&out[i], outputs[0].data() + i * sizeof(R), sizeof(R));
  }
  return out;
}

template <class T> std::vector<T> random_values(std::size_t n, double lo, double hi, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<T> v(n);
  if constexpr (std::is_floating_point_v<T>) {
    std::uniform_real_distribution<double> d(lo, hi);
    for (auto& e : v) e = static_cast<T>(d(rng));
  } else {
    std::uniform_int_distribution<std::int64_t> d(static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi));
    for (auto& e : v) e = static_cast<T>(d(rng));
  }
  return v;
}

/// Every scan of every axis of `x` against the interpreter: exact for integers, min and max; for
/// float sums and products within `float_ulp` (a long row in parts adds its parts' float64
/// totals in another order than the interpreter's one running sum).
template <class T> void check_against_interpreter(const Array<T>& x, double float_ulp) {
  for (int axis = 0; axis < x.ndim(); ++axis) {
    CAPTURE(axis);
    using S = type_t<detail::sum_dtype(dtype_v<T>)>;
    test::check_close(cumsum(x, axis).to_vector(), interpreted_scan<S>(Op::Sum, x.node(), axis), float_ulp, "cumsum");
    test::check_close(cumprod(x, axis).to_vector(), interpreted_scan<S>(Op::Prod, x.node(), axis), float_ulp,
                      "cumprod");
    test::check_close(cummax(x, axis).to_vector(), interpreted_scan<T>(Op::Max, x.node(), axis), 0, "cummax");
    test::check_close(cummin(x, axis).to_vector(), interpreted_scan<T>(Op::Min, x.node(), axis), 0, "cummin");
  }
}

}  // namespace

SINTER_DEVICE_TEST(scan_fixtures,
                   "cumsum, cumprod, cummax and cummin give NumPy's results along every axis, of views and "
                   "expressions, with NaN, wrapping integers and empty arrays (tests/fixtures/scans.txt)") {
  const std::vector<ScanFixture> cases = fixtures();
  CHECK(cases.size() > 400);
  for (const ScanFixture& f : cases) {
    CAPTURE(f.name);
    test::with_type(test::dtype_named(f.dtype), [&](auto value) { check_fixture<decltype(value)>(f, device); });
  }
}

SINTER_DEVICE_TEST(scan_interpreter,
                   "scans of every axis of 1-3-d arrays match the interpreter, rows over threads and long "
                   "rows in parts included") {
  for (const Shape& shape : {Shape{100000}, Shape{3, 70001}, Shape{257, 129}, Shape{5, 7, 301}, Shape{40000, 3}}) {
    CAPTURE(shape.to_string());
    const auto n = static_cast<std::size_t>(shape.numel());
    check_against_interpreter(Array<float>(random_values<float>(n, 0.5, 1.5, 1), shape, device), 1);
    check_against_interpreter(Array<double>(random_values<double>(n, 0.5, 1.5, 2), shape, device), 4096);
    check_against_interpreter(Array<std::int32_t>(random_values<std::int32_t>(n, -1000, 1000, 3), shape, device), 0);
    check_against_interpreter(Array<std::int8_t>(random_values<std::int8_t>(n, -100, 100, 4), shape, device), 0);
  }
}

SINTER_DEVICE_TEST(scan_fused_producer,
                   "a scan computes its operand in its own kernel, views and broadcast operands read in place") {
  const std::vector<float> xs = random_values<float>(600, -2, 2, 5);
  const std::vector<float> ys = random_values<float>(30, -2, 2, 6);
  const Array<float> x(xs, Shape{20, 30}, device);
  const Array<float> y(ys, Shape{30}, device);
  reset_counters();
  const Array<float> r = cumsum(sin(x) * y + 1.0f, 0);
  CHECK(counters().kernel_launches == 1);
  CHECK(counters().bytes_allocated == 600 * sizeof(float));  // the result only
  std::vector<float> want(600);
  for (std::size_t j = 0; j < 30; ++j) {
    double running = 0;
    for (std::size_t i = 0; i < 20; ++i) {
      running += static_cast<double>(std::sin(xs[i * 30 + j]) * ys[j] + 1.0f);
      want[i * 30 + j] = static_cast<float>(running);
    }
  }
  test::check_close(r.to_vector(), want, 4, "cumsum(sin(x) * y + 1, 0)");
  // Without an axis, a matrix expression is scanned flat in one kernel too (its axes merge).
  reset_counters();
  const Array<float> flat = cumsum(x * 2.0f);
  CHECK(counters().kernel_launches == 1);
  CHECK(flat.shape() == Shape{600});
  double running = 0;
  std::vector<float> flat_want(600);
  for (std::size_t i = 0; i < 600; ++i) flat_want[i] = static_cast<float>(running += 2.0 * xs[i]);
  test::check_close(flat.to_vector(), flat_want, 1, "cumsum(x * 2)");
  // A transposed, reversed view, scanned along each axis, against the interpreter.
  const Array<float> v = x.transpose()(Slice{std::nullopt, std::nullopt, -1}, all);
  for (int axis = 0; axis < 2; ++axis)
    test::check_close(cummax(v * 2.0f, axis).to_vector(),
                      interpreted_scan<float>(Op::Max, Array<float>(v * 2.0f).node(), axis), 0, "cummax of a view");
}

TEST_CASE("cumsum of 2^22 float32 accumulates in float64: within one rounding of the exact running sum [cpu]") {
  const std::size_t n = std::size_t{1} << 22;
  const std::vector<float> xs = random_values<float>(n, 0, 1, 7);
  const std::vector<float> got = cumsum(Array<float>(xs)).to_vector();
  long double exact = 0;  // 64-bit mantissa: exact enough for 2^22 terms of 24 bits
  float running32 = 0;
  double worst = 0, worst32 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    exact += xs[i];
    running32 += xs[i];
    const double e = static_cast<double>(exact);
    worst = std::max(worst, std::abs(static_cast<double>(got[i]) - e) / e);
    worst32 = std::max(worst32, std::abs(static_cast<double>(running32) - e) / e);
  }
  // One float32 rounding: half an ulp, 2^-24 relative (plus float64's far smaller error).
  CHECK(worst <= 0x1p-24 * 1.0001);
  MESSAGE("largest relative error: sinter " << worst << ", a float32 running sum " << worst32);
  CHECK(worst32 > 100 * worst);  // the plain float32 loop NumPy runs is far off at this length
}

TEST_CASE("scan errors name the function and the axis [cpu]") {
  const Array<float> x(std::vector<float>(12, 1.0f), Shape{3, 4});
  CHECK_THROWS_WITH_AS(cumsum(x, 2), "cumsum: axis 2 is out of range for an array of shape (3, 4)", IndexError);
  CHECK_THROWS_WITH_AS(cummin(x, -3), "cummin: axis -3 is out of range for an array of shape (3, 4)", IndexError);
  CHECK_THROWS_AS(cumprod(Array<float>{}), EmptyArrayError);
}

// Run only in a child process by the case below, with SINTER_NUM_THREADS=8 (read once per
// process): with more threads than rows, long rows are split into parts on both walks.
TEST_CASE("child: scans split into parts match the interpreter" * doctest::skip()) {
  for (const Shape& shape : {Shape{3, 70001}, Shape{70001, 3}, Shape{200000}}) {
    CAPTURE(shape.to_string());
    const auto n = static_cast<std::size_t>(shape.numel());
    check_against_interpreter(Array<float>(random_values<float>(n, 0.5, 1.5, 8)).reshape(shape), 1);
    check_against_interpreter(Array<std::int32_t>(random_values<std::int32_t>(n, -1000, 1000, 9)).reshape(shape), 0);
  }
  std::printf("child: scans done\n");
}

TEST_CASE("scans split over 8 threads (rows in parts, by rows and by columns) match the interpreter [cpu]") {
  const test::ChildRun child = test::run_child("SINTER_NUM_THREADS=8", "child: scans split*", 600);
  CAPTURE(child.output);
  CHECK(child.exit_code == 0);
  CHECK(child.output.find("child: scans done") != std::string::npos);
  CHECK(child.output.find("ERROR") == std::string::npos);
}
