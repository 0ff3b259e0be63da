// Reductions and dot products (docs/reductions.md): every reduction on every axis combination
// against NumPy (tests/fixtures/reduce.txt, written by make_reduce_fixtures.py) and the
// reference interpreter, on every device; size-1 and empty dimensions, views, NaN and ties;
// long reductions split over threads; fusion proved by the counters; the accuracy of float32
// sums; errors by message.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <sstream>

#include "support.h"
#include "view_steps.h"

using namespace sinter;
using doctest::Contains;

namespace {

// ---- The NumPy fixtures ----

struct Operand {
  std::string dtype;
  Shape shape;
  std::vector<std::string> values;
  std::vector<std::string> steps;  // view steps, as in views.txt
};

struct Reduction {
  std::string op, axes;  // axes: "all" or "2,-4"
  std::string dtype;     // NumPy's result type
  Shape shape, keep_shape;
  std::vector<std::string> values;
  std::string error;  // "IndexError" or "ValueError" when NumPy raises
};

struct Group {
  std::string name;
  Operand in;
  std::vector<Reduction> cases;
};

struct DotCase {
  std::string name;
  Operand left, right;
  std::string dtype;
  Shape shape;
  std::vector<std::string> values;
  bool error = false;
};

struct Fixtures {
  std::vector<Group> groups;
  std::vector<DotCase> dots;
};

// "DTYPE NDIM DIMS... : VALUES"
Operand read_operand(std::istream& line) {
  Operand a;
  line >> a.dtype;
  a.shape = test::read_shape(line);
  std::string word;
  line >> word;  // ":"
  while (line >> word) a.values.push_back(word);
  return a;
}

const Fixtures& fixtures() {
  static const Fixtures all = [] {
    Fixtures f;
    Operand* current = nullptr;  // the operand that step lines apply to
    bool in_dot = false;         // reading a dot block (its error line has no op and axes)
    test::read_fixture_lines("reduce.txt", [&](const std::string& kind, std::istream& line) {
      if (kind == "array") {
        f.groups.emplace_back();
        in_dot = false;
        line >> f.groups.back().name;
        f.groups.back().in = read_operand(line);
        current = &f.groups.back().in;
      } else if (kind == "step") {
        std::string rest;
        std::getline(line, rest);
        REQUIRE(current);
        current->steps.push_back(rest.substr(1));
      } else if (kind == "reduce") {
        Reduction r;
        line >> r.op >> r.axes >> r.dtype;
        r.shape = test::read_shape(line);
        std::string word;
        line >> word;  // "/"
        r.keep_shape = test::read_shape(line);
        line >> word;  // ":"
        while (line >> word) r.values.push_back(word);
        f.groups.back().cases.push_back(std::move(r));
      } else if (kind == "error" && !in_dot) {
        Reduction r;
        line >> r.op >> r.axes >> r.error;
        f.groups.back().cases.push_back(std::move(r));
      } else if (kind == "dot") {
        f.dots.emplace_back();
        line >> f.dots.back().name;
        current = nullptr;
        in_dot = true;
      } else if (kind == "left" || kind == "right") {
        Operand& side = kind == "left" ? f.dots.back().left : f.dots.back().right;
        side = read_operand(line);
        current = &side;
      } else if (kind == "out") {
        Operand out = read_operand(line);
        f.dots.back().dtype = out.dtype;
        f.dots.back().shape = out.shape;
        f.dots.back().values = std::move(out.values);
      } else if (kind == "error") {
        f.dots.back().error = true;
      }
    });
    return f;
  }();
  return all;
}

template <class T> std::vector<T> parse_values(const std::vector<std::string>& words) {
  std::vector<T> v;
  v.reserve(words.size());
  for (const auto& s : words) v.push_back(test::parse<T>(s));
  return v;
}

template <class T> Array<T> make_operand(const Operand& o, Device device) {
  REQUIRE(o.dtype == std::string(name_of(dtype_v<T>)));
  Array<T> a(parse_values<T>(o.values), o.shape, device);
  for (const auto& s : o.steps) a = test::apply_step(a, s);
  return a;
}

/// The fixture's axes: "all" is Axes{} (every axis, NumPy's axis=None), else a list of one
/// to four axes.
Axes parse_axes(const std::string& word) {
  if (word == "all") return Axes{};
  std::vector<int> v;
  std::istringstream items(word);
  std::string item;
  while (std::getline(items, item, ',')) v.push_back(std::atoi(item.c_str()));
  switch (v.size()) {
    case 1: return Axes(v[0]);
    case 2: return Axes{v[0], v[1]};
    case 3: return Axes{v[0], v[1], v[2]};
    case 4: return Axes{v[0], v[1], v[2], v[3]};
    default: FAIL("unexpected axes " << word); return Axes{};
  }
}

/// The number of elements each result reduces: the product of the reduced axes' sizes.
std::int64_t reduced_count(const Shape& shape, const std::string& axes) {
  if (axes == "all") return shape.numel();
  std::int64_t count = 1;
  std::istringstream items(axes);
  std::string item;
  while (std::getline(items, item, ',')) {
    const int axis = std::atoi(item.c_str());
    count *= shape[axis < 0 ? axis + shape.ndim() : axis];
  }
  return count;
}

/// How far a float result may be from NumPy's. Sums and means: NumPy sums float32 pairwise in
/// float32, sinter in float64 and in another order, so each may be off by a few eps times the
/// sum of magnitudes (at most count * largest); products: relative, a few eps per factor.
/// Everything else (min, max, argmin, argmax, any, all, integers) is exact.
struct Tolerance {
  double absolute = 0, relative = 0;
};

Tolerance tolerance_for(const std::string& op, DType result, std::int64_t count, double largest) {
  if (!is_float(result)) return {};
  const double eps =
      result == DType::Float32 ? std::numeric_limits<float>::epsilon() : std::numeric_limits<double>::epsilon();
  const auto n = static_cast<double>(count);
  if (op == "sum") return {2 * n * eps * largest, eps};
  if (op == "mean") return {2 * eps * largest, eps};
  if (op == "prod") return {0, 2 * (n + 1) * eps};
  return {};
}

template <class R>
void check_values(const std::vector<R>& got, const std::vector<R>& want, Tolerance tol, const std::string& what) {
  REQUIRE_MESSAGE(got.size() == want.size(), what << ": " << got.size() << " elements, want " << want.size());
  int wrong = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    bool ok = got[i] == want[i];
    if constexpr (std::is_floating_point_v<R>) {
      if (std::isnan(want[i]) || std::isnan(got[i])) ok = std::isnan(want[i]) && std::isnan(got[i]);
      else if (std::isfinite(want[i]))
        ok = std::abs(static_cast<double>(got[i]) - static_cast<double>(want[i])) <=
             tol.absolute + tol.relative * std::abs(static_cast<double>(want[i]));
    }
    if (!ok && wrong++ < 5)
      CHECK_MESSAGE(ok, what << " at " << i << ": got " << doctest::toString(static_cast<double>(got[i])) << ", want "
                             << static_cast<double>(want[i]));
  }
  CHECK_MESSAGE(wrong == 0, what << ": " << wrong << " of " << got.size() << " elements differ");
}

/// The largest finite magnitude among the operand's values (for the sum tolerance).
double largest_magnitude(const Operand& o) {
  double m = 0;
  for (const auto& s : o.values) {
    const double v = std::strtod(s.c_str(), nullptr);
    if (std::isfinite(v)) m = std::max(m, std::abs(v));
  }
  return m;
}

/// One result of a fixture reduction: made pending, its interpreter value taken before anything
/// evaluates it, compared with NumPy's after.
struct PendingCheck {
  ir::NodePtr node;
  std::function<void()> finish;
};

template <class R>
PendingCheck pending_check(const Array<R>& r, const Reduction& c, bool keepdims, Tolerance tol, std::string what) {
  REQUIRE_MESSAGE(c.dtype == std::string(name_of(dtype_v<R>)), what << ": sinter's type " << name_of(dtype_v<R>));
  const Shape& want_shape = keepdims ? c.keep_shape : c.shape;
  REQUIRE_MESSAGE(r.shape() == want_shape,
                  what << ": shape " << r.shape().to_string() << ", NumPy's " << want_shape.to_string());
  std::vector<R> interpreted = test::reference(r);
  return {r.node(), [r, &c, tol, what = std::move(what), interpreted = std::move(interpreted)] {
            const std::vector<R> want = parse_values<R>(c.values);
            check_values(r.to_vector(), want, tol, what + " against NumPy");
            check_values(interpreted, want, tol, what + " interpreter against NumPy");
          }};
}

template <class T>
PendingCheck reduce_pending(const Array<T>& x, const Reduction& c, bool keepdims, Tolerance tol, std::string what) {
  const Axes axes = parse_axes(c.axes);
  const bool k = keepdims;
  if (c.op == "sum") return pending_check(sum(x, axes, k), c, k, tol, std::move(what));
  if (c.op == "prod") return pending_check(prod(x, axes, k), c, k, tol, std::move(what));
  if (c.op == "min") return pending_check(sinter::min(x, axes, k), c, k, tol, std::move(what));
  if (c.op == "max") return pending_check(sinter::max(x, axes, k), c, k, tol, std::move(what));
  if (c.op == "mean") return pending_check(mean(x, axes, k), c, k, tol, std::move(what));
  if (c.op == "any") return pending_check(any(x, axes, k), c, k, tol, std::move(what));
  if (c.op == "all") return pending_check(sinter::all(x, axes, k), c, k, tol, std::move(what));
  if (c.op == "argmin") return pending_check(argmin(x, axes, k), c, k, tol, std::move(what));
  REQUIRE_MESSAGE(c.op == "argmax", "unknown fixture op " << c.op);
  return pending_check(argmax(x, axes, k), c, k, tol, std::move(what));
}

template <class T> void expect_error(const Array<T>& x, const Reduction& c, const std::string& what) {
  CAPTURE(what);
  const Axes axes = parse_axes(c.axes);
  auto reduce = [&] {
    if (c.op == "sum") return sum(x, axes).eval(), 0;
    if (c.op == "prod") return prod(x, axes).eval(), 0;
    if (c.op == "min") return sinter::min(x, axes).eval(), 0;
    if (c.op == "max") return sinter::max(x, axes).eval(), 0;
    if (c.op == "mean") return mean(x, axes).eval(), 0;
    if (c.op == "any") return any(x, axes).eval(), 0;
    if (c.op == "all") return sinter::all(x, axes).eval(), 0;
    if (c.op == "argmin") return argmin(x, axes).eval(), 0;
    return argmax(x, axes).eval(), 0;
  };
  // NumPy's AxisError is both an IndexError and a ValueError; sinter raises IndexError for an
  // axis out of range, ValueError for a repeated axis and for an empty axis without identity.
  if (c.error == "IndexError") CHECK_THROWS_AS(reduce(), IndexError);
  else CHECK_THROWS_AS(reduce(), ValueError);
}

struct Tally {
  int results = 0, errors = 0, fused = 0, alone = 0;
};

/// Whether the main 4-D array's `op` of type `dtype` also runs alone (a kernel of one reduction)
/// on each axis combination. Every op does on one dtype; the rest run fused (compile time).
bool runs_alone(const std::string& group, const std::string& op) {
  static const std::vector<std::pair<std::string, std::string>> alone = {
      {"main-float32", "sum"}, {"main-int32", "prod"},     {"main-float64", "min"},
      {"main-int64", "max"},   {"main-int32", "mean"},     {"main-float32", "any"},
      {"main-bool", "all"},    {"main-float32", "argmin"}, {"main-bool", "argmax"}};
  return std::find(alone.begin(), alone.end(), std::pair{group, op}) != alone.end();
}

// Each axes spelling of the group: its reductions evaluated together, once without keepdims and
// once with, each time in one kernel (they share their geometry), and each checked against NumPy
// and the interpreter; some of them also alone (runs_alone).
/// A case where NumPy raises because min, max, argmin or argmax reduce an empty axis although
/// the result has no elements either (np.zeros((0, 0)).min(axis=1)): checked by a case of its own.
bool empty_axis_and_empty_result(const Shape& shape, const Reduction& c) {
  if (c.error != "ValueError" || (c.op != "min" && c.op != "max" && c.op != "argmin" && c.op != "argmax") ||
      c.axes == "all")
    return false;
  std::vector<bool> reduced(static_cast<std::size_t>(shape.ndim()), false);
  std::istringstream items(c.axes);
  std::string item;
  while (std::getline(items, item, ',')) {
    const int axis = std::atoi(item.c_str());
    const auto d = static_cast<std::size_t>(axis < 0 ? axis + shape.ndim() : axis);
    if (reduced[d]) return false;  // a repeated axis
    reduced[d] = true;
  }
  bool empty_axis = false;
  std::int64_t results = 1;
  for (int d = 0; d < shape.ndim(); ++d) {
    if (reduced[static_cast<std::size_t>(d)]) empty_axis |= shape[d] == 0;
    else results *= shape[d];
  }
  return empty_axis && results == 0;
}

template <class T> void run_group(const Group& g, Device device, Tally& tally, bool only_empty_results = false) {
  CAPTURE(g.name);
  const Array<T> x = make_operand<T>(g.in, device);
  const double largest = largest_magnitude(g.in);
  std::vector<std::string> spellings;
  for (const Reduction& c : g.cases)
    if (std::find(spellings.begin(), spellings.end(), c.axes) == spellings.end()) spellings.push_back(c.axes);
  for (const std::string& axes : spellings) {
    for (bool keepdims : {false, true}) {
      std::vector<PendingCheck> checks;
      for (const Reduction& c : g.cases) {
        if (c.axes != axes) continue;
        const std::string what = g.name + " " + c.op + " axes " + c.axes + (keepdims ? " keepdims" : "");
        if (empty_axis_and_empty_result(x.shape(), c) != only_empty_results) continue;
        if (!c.error.empty()) {
          if (!keepdims) expect_error(x, c, what);
          tally.errors += keepdims ? 0 : 1;
          continue;
        }
        const DType result = c.dtype == "float32"   ? DType::Float32
                             : c.dtype == "float64" ? DType::Float64
                                                    : DType::Int64;
        const Tolerance tol = tolerance_for(c.op, result, reduced_count(x.shape(), c.axes), largest);
        if (keepdims && runs_alone(g.name, c.op)) {
          PendingCheck alone = reduce_pending(x, c, keepdims, tol, what + " alone");
          const std::uint64_t launches = counters().kernel_launches;
          const ir::NodePtr node[] = {alone.node};
          detail::evaluate_nodes(node);
          CHECK(counters().kernel_launches - launches == 1);
          alone.finish();
          ++tally.alone;
        }
        checks.push_back(reduce_pending(x, c, keepdims, tol, what));
        tally.results += keepdims ? 0 : 1;
      }
      if (checks.empty()) continue;
      std::vector<ir::NodePtr> nodes;
      for (const auto& c : checks) nodes.push_back(c.node);
      const std::uint64_t launches = counters().kernel_launches;
      detail::evaluate_nodes(nodes);
      // One kernel for all the reductions of one geometry (none when there is nothing to write).
      const std::uint64_t ran = counters().kernel_launches - launches;
      if (x.ndim() > 0 && nodes.front()->shape.numel() > 0) {
        CHECK_MESSAGE(ran == 1, g.name << " axes " << axes << ": " << checks.size()
                                       << " reductions of one geometry ran in " << ran << " kernels");
        ++tally.fused;
      } else {
        CHECK(ran <= 1);
      }
      for (const auto& c : checks) c.finish();
    }
  }
}

void run_any_group(const Group& g, Device device, Tally& tally, bool only_empty_results = false) {
  const std::string& t = g.in.dtype;
  if (t == "bool") run_group<bool>(g, device, tally, only_empty_results);
  else if (t == "int32") run_group<std::int32_t>(g, device, tally, only_empty_results);
  else if (t == "int64") run_group<std::int64_t>(g, device, tally, only_empty_results);
  else if (t == "float32") run_group<float>(g, device, tally, only_empty_results);
  else run_group<double>(g, device, tally, only_empty_results);
}

// ---- dot ----

template <class A, class B> void run_dot(const DotCase& d, Device device) {
  CAPTURE(d.name);
  const Array<A> a = make_operand<A>(d.left, device);
  const Array<B> b = make_operand<B>(d.right, device);
  if (d.error) {
    const std::string shapes = a.shape().to_string() + " and " + b.shape().to_string();
    CHECK_THROWS_WITH_AS(dot(a, b), Contains(shapes.c_str()), ShapeError);
    return;
  }
  auto r = dot(a, b);
  using R = typename decltype(r)::value_type;
  REQUIRE_MESSAGE(d.dtype == std::string(name_of(dtype_v<R>)), "sinter's type " << name_of(dtype_v<R>));
  REQUIRE_MESSAGE(r.shape() == d.shape, "shape " << r.shape().to_string() << ", NumPy's " << d.shape.to_string());
  const std::int64_t inner = a.shape()[a.ndim() - 1];
  const Tolerance tol = tolerance_for("sum", dtype_v<R>, inner, largest_magnitude(d.left) * largest_magnitude(d.right));
  const std::vector<R> want = parse_values<R>(d.values);
  const std::vector<R> interpreted = test::reference(r);
  check_values(r.to_vector(), want, tol, d.name + " against NumPy");
  check_values(interpreted, want, tol, d.name + " interpreter against NumPy");
}

template <class A> void run_dot_right(const DotCase& d, Device device) {
  const std::string& t = d.right.dtype;
  if (t == "int32") run_dot<A, std::int32_t>(d, device);
  else if (t == "int64") run_dot<A, std::int64_t>(d, device);
  else if (t == "float32") run_dot<A, float>(d, device);
  else run_dot<A, double>(d, device);
}

void run_any_dot(const DotCase& d, Device device) {
  const std::string& t = d.left.dtype;
  if (t == "int32") run_dot_right<std::int32_t>(d, device);
  else if (t == "int64") run_dot_right<std::int64_t>(d, device);
  else if (t == "float32") run_dot_right<float>(d, device);
  else run_dot_right<double>(d, device);
}

}  // namespace

// ---- NumPy fixtures ----

SINTER_DEVICE_TEST(reduce_fixtures,
                   "reduce: reductions give NumPy's results: every reduction on every axis combination of a "
                   "3x5x2x7 array of each dtype, with and without keepdims, size-1 and empty dimensions, "
                   "0-d arrays, views, NaN, infinities and ties (tests/fixtures/reduce.txt)") {
  Tally tally;
  for (const Group& g : fixtures().groups) run_any_group(g, device, tally);
  MESSAGE(tally.results << " NumPy reductions (each with and without keepdims; " << tally.alone << " also alone), "
                        << tally.fused << " fused evaluations of one kernel, " << tally.errors
                        << " cases where NumPy raises");
  CHECK(tally.results >= 2300);
  CHECK(tally.alone >= 140);
  CHECK(tally.errors >= 400);
}

SINTER_DEVICE_TEST(reduce_fixtures_empty_results,
                   "reduce: min, max, argmin and argmax raise ValueError over an empty axis also when the "
                   "result is empty, as NumPy does (np.zeros((0, 0)).min(axis=1), tests/fixtures/reduce.txt)") {
  Tally tally;
  for (const Group& g : fixtures().groups) run_any_group(g, device, tally, true);
  MESSAGE(tally.errors << " cases");
  CHECK(tally.errors >= 8);
}

SINTER_DEVICE_TEST(dot_fixtures,
                   "reduce: dot gives NumPy's results: vectors, matrix-vector, vector-matrix, matrix-matrix, "
                   "each numeric dtype, mixed dtypes, views, empty dimensions, unaligned shapes raise "
                   "ShapeError naming both (tests/fixtures/reduce.txt)") {
  int checked = 0, errors = 0;
  for (const DotCase& d : fixtures().dots) {
    run_any_dot(d, device);
    (d.error ? errors : checked)++;
  }
  MESSAGE(checked << " NumPy dot products, " << errors << " unaligned");
  CHECK(checked >= 25);
  CHECK(errors >= 4);
}

// ---- Types, axes, the two meanings of `all` ----

static_assert(std::is_same_v<decltype(sum(std::declval<Array<bool>>())), Array<std::int64_t>>);
static_assert(std::is_same_v<decltype(sum(std::declval<Array<std::int32_t>>())), Array<std::int64_t>>);
static_assert(std::is_same_v<decltype(prod(std::declval<Array<std::int32_t>>())), Array<std::int64_t>>);
static_assert(std::is_same_v<decltype(sum(std::declval<Array<float>>())), Array<float>>);
static_assert(std::is_same_v<decltype(mean(std::declval<Array<std::int32_t>>())), Array<double>>);
static_assert(std::is_same_v<decltype(mean(std::declval<Array<float>>())), Array<float>>);
static_assert(std::is_same_v<decltype(sinter::min(std::declval<Array<std::int32_t>>())), Array<std::int32_t>>);
static_assert(std::is_same_v<decltype(any(std::declval<Array<double>>())), Array<bool>>);
static_assert(std::is_same_v<decltype(argmax(std::declval<Array<bool>>())), Array<std::int64_t>>);
static_assert(
    std::is_same_v<decltype(dot(std::declval<Array<std::int32_t>>(), std::declval<Array<float>>())), Array<double>>);

SINTER_DEVICE_TEST(reduce_axes_and_types,
                   "reduce: axes: one, several, negative, {} and the default mean every axis, int32 and bool sums "
                   "widen to int64, all() reduces while x(all, 0) slices, expressions reduce without an Array") {
  std::vector<std::int32_t> v(24);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::int32_t>(i);
  Array<std::int32_t> x(v, Shape{2, 3, 4}, device);
  CHECK(sum(x).item() == 276);
  CHECK(sum(x, {}).item() == 276);
  CHECK(sum(x, {0, 1, 2}).item() == 276);
  CHECK(sum(x, {2, 0, 1}).item() == 276);
  CHECK(sum(x, {}, true).shape() == Shape{1, 1, 1});
  CHECK(sum(x, -1).to_vector() == std::vector<std::int64_t>{6, 22, 38, 54, 70, 86});
  CHECK(sum(x, {-1, 0}).to_vector() == std::vector<std::int64_t>{60, 92, 124});
  CHECK(sum(x, {0, -1}, true).shape() == Shape{1, 3, 1});
  // argmax over axes {0, 2} indexes the (2, 4) block of axes 0 and 2 flattened row-major,
  // whatever order the axes are named in.
  CHECK(argmax(x, {2, 0}).to_vector() == std::vector<std::int64_t>{7, 7, 7});
  CHECK(argmin(x, {0, 2}, true).shape() == Shape{1, 3, 1});
  // Widening: int32 sums and products are int64 (no wrap at 2^31), bool sums count.
  Array<std::int32_t> big({2000000000, 2000000000, 2000000000}, device);
  CHECK(sum(big).item() == 6000000000LL);
  CHECK(prod(Array<std::int32_t>({100000, 100000, -3}, device)).item() == -30000000000LL);
  CHECK(sum(Array<bool>({true, false, true, true}, device)).item() == 3);
  CHECK(mean(Array<std::int32_t>({1, 2}, device)).item() == 1.5);
  // The whole-axis Slice and the reduction share a name.
  Array<bool> flags({true, true, false, true}, Shape{2, 2}, device);
  CHECK(flags(all, 0).to_vector() == std::vector<bool>{true, false});
  CHECK(sinter::all(flags, 0).to_vector() == std::vector<bool>{false, true});
  CHECK(sinter::all(flags).item() == false);
  CHECK(sinter::all(flags(all, 1)).item() == true);
  // An expression reduces directly, as does a scalar-filled array.
  CHECK(sum(x * 2 + 1, 2).to_vector() == std::vector<std::int64_t>{16, 48, 80, 112, 144, 176});
  CHECK(sum(ones<float>(Shape{3, 5}, device), 1).to_vector() == std::vector<float>{5, 5, 5});
  CHECK(any(x > 22).item() == true);
  CHECK(sinter::all(x >= 0, {0, 1}).to_vector() == std::vector<bool>{true, true, true, true});
}

SINTER_DEVICE_TEST(reduce_signed_zero,
                   "reduce: min and max order -0 before +0 (as minimum and maximum do), argmin and argmax treat "
                   "them as equal (the first wins, as NumPy's)") {
  for (const auto& values : {std::vector<double>{0.0, -0.0}, std::vector<double>{-0.0, 0.0}}) {
    Array<double> z(values, device);
    CHECK(std::signbit(sinter::min(z).item()));
    CHECK(!std::signbit(sinter::max(z).item()));
    CHECK(argmin(z).item() == 0);
    CHECK(argmax(z).item() == 0);
    CHECK(test::reference(Array<double>(sinter::min(z))) == std::vector<double>{-0.0});
  }
  Array<float> f({0.0f, -0.0f, 0.0f}, Shape{1, 3}, device);
  CHECK(std::signbit(sinter::min(f, 1).item()));
  CHECK(!std::signbit(sinter::max(f * -1.0f, 1).item()));
}

// ---- Long reductions: split over threads and combined, checked against closed forms ----

SINTER_DEVICE_TEST(reduce_long,
                   "reduce: long reductions split into parts give the first extreme, the first NaN, wrapped integer "
                   "products and exact counts, many outputs and leading-axis reductions agree with loops") {
  const std::int64_t n = 100003;  // past the thread pool's threshold, odd
  std::vector<float> v(static_cast<std::size_t>(n), 0.0f);
  v[70001] = -1.0f;
  v[90000] = -1.0f;
  v[3] = 2.0f;
  v[99999] = 2.0f;
  Array<float> x(v, device);
  CHECK(argmin(x).item() == 70001);
  CHECK(argmax(x).item() == 3);
  CHECK(sinter::min(x).item() == -1.0f);
  CHECK(sum(x).item() == 2.0f);
  CHECK(argmin(Array<float>(std::vector<float>(static_cast<std::size_t>(n), 1.5f), device)).item() == 0);
  v[95000] = std::numeric_limits<float>::quiet_NaN();
  v[10] = -std::numeric_limits<float>::infinity();
  v[98000] = std::numeric_limits<float>::quiet_NaN();
  Array<float> y(v, device);
  CHECK(argmin(y).item() == 95000);
  CHECK(argmax(y).item() == 95000);
  CHECK(std::isnan(sinter::min(y).item()));
  CHECK(std::isnan(sinter::max(y).item()));
  CHECK(std::isnan(sum(y).item()));
  CHECK(any(y).item() == true);
  // In parts over rows too: 3 outputs of n elements, the NaN in a late part of row 1.
  std::vector<double> rows(static_cast<std::size_t>(3 * n));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<double>((i * 7919) % 1009);
  rows[static_cast<std::size_t>(n + 88888)] = std::numeric_limits<double>::quiet_NaN();
  Array<double> r(rows, Shape{3, n}, device);
  // The largest value 1008 first appears where i * 7919 % 1009 == 1008 in each row.
  std::vector<std::int64_t> want_argmax;
  for (std::int64_t row = 0; row < 3; ++row) {
    std::int64_t best = 0;
    for (std::int64_t j = 0; j < n; ++j)
      if (rows[static_cast<std::size_t>(row * n + j)] == 1008.0) {
        best = j;
        break;
      }
    want_argmax.push_back(row == 1 ? 88888 : best);  // a NaN beats every number
  }
  CHECK(argmax(r, 1).to_vector() == want_argmax);
  CHECK(test::reference(argmax(r, 1)) == want_argmax);
  // Integer products wrap (3^n mod 2^64), whatever the split; all/any find one odd element out.
  std::uint64_t power = 1;
  for (std::int64_t i = 0; i < n; ++i) power *= 3;
  CHECK(prod(Array<std::int64_t>(std::vector<std::int64_t>(static_cast<std::size_t>(n), 3), device)).item() ==
        static_cast<std::int64_t>(power));
  std::vector<bool> flags(static_cast<std::size_t>(n), true);
  flags[static_cast<std::size_t>(n - 2)] = false;
  CHECK(sinter::all(Array<bool>(flags, device)).item() == false);
  CHECK(any(!Array<bool>(flags, device)).item() == true);
  CHECK(sum(Array<bool>(flags, device)).item() == n - 1);

  // Many outputs (chunks of whole outputs on threads), and a leading axis (walked in memory order).
  for (const Shape& shape : {Shape{1000, 37}, Shape{37, 5001}}) {
    CAPTURE(shape.to_string());
    const std::int64_t m = shape[0], k = shape[1];
    std::vector<std::int32_t> e(static_cast<std::size_t>(m * k));
    for (std::size_t i = 0; i < e.size(); ++i) e[i] = static_cast<std::int32_t>((i * 2654435761U) % 19) - 9;
    Array<std::int32_t> a(e, shape, device);
    std::vector<std::int64_t> row_sums(static_cast<std::size_t>(m)), column_sums(static_cast<std::size_t>(k));
    std::vector<std::int64_t> column_argmin(static_cast<std::size_t>(k), 0);
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t j = 0; j < k; ++j) {
        const std::int32_t value = e[static_cast<std::size_t>(i * k + j)];
        row_sums[static_cast<std::size_t>(i)] += value;
        column_sums[static_cast<std::size_t>(j)] += value;
        if (value < e[static_cast<std::size_t>(column_argmin[static_cast<std::size_t>(j)] * k + j)])
          column_argmin[static_cast<std::size_t>(j)] = i;
      }
    CHECK(sum(a, 1).to_vector() == row_sums);
    CHECK(sum(a, 0).to_vector() == column_sums);
    CHECK(argmin(a, 0).to_vector() == column_argmin);
    CHECK(test::reference(argmin(a, 0)) == column_argmin);
    // A consumer reading a row of a (a view) per output, fused with the column sums.
    std::vector<std::int64_t> want(static_cast<std::size_t>(k));
    for (std::size_t j = 0; j < want.size(); ++j) want[j] = column_sums[j] * 2 + e[j];
    reset_counters();
    Array<std::int64_t> combined = sum(a, 0) * 2 + cast<std::int64_t>(a(0));
    CHECK(combined.to_vector() == want);
    CHECK(counters().kernel_launches == 1);
  }

  // Several reductions fused over one long axis, split into parts together.
  Array<float> s = sum(x);
  Array<std::int64_t> first_min = argmin(x), first_max = argmax(x);
  reset_counters();
  eval(s, first_min, first_max);
  CHECK(counters().kernel_launches == 1);
  CHECK(s.item() == 2.0f);
  CHECK(first_min.item() == 70001);
  CHECK(first_max.item() == 3);

  // Many outputs of empty reductions: the identities (and NaN means), in parallel chunks.
  Array<double> none(std::vector<double>{}, Shape{40000, 0}, device);
  CHECK(sum(none, 1).to_vector() == std::vector<double>(40000, 0.0));
  CHECK(prod(none, 1, true).to_vector() == std::vector<double>(40000, 1.0));
  CHECK(sinter::all(none, 1).to_vector() == std::vector<bool>(40000, true));
  CHECK(any(none, 1).to_vector() == std::vector<bool>(40000, false));
  const std::vector<double> means = mean(none, 1).to_vector();
  CHECK(std::all_of(means.begin(), means.end(), [](double m) { return std::isnan(m); }));
}

// ---- argmin and argmax over long arrays ----

namespace {

/// NumPy's argmax (argmin with `min`) of v, written out: the first NaN, else the first extreme.
template <class T> std::int64_t first_extreme(const std::vector<T>& v, bool min) {
  std::int64_t best = 0;
  for (std::size_t i = 1; i < v.size(); ++i) {
    const T x = v[i], b = v[static_cast<std::size_t>(best)];
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(b)) break;
      if (std::isnan(x)) return static_cast<std::int64_t>(i);
    }
    if (min ? x < b : x > b) best = static_cast<std::int64_t>(i);
  }
  return best;
}

template <class T> void check_arg_extremes(const std::vector<T>& v, Device device, const std::string& what) {
  const Array<T> x(v, device);
  CHECK_MESSAGE(argmax(x).item() == first_extreme(v, false), what << ": argmax");
  CHECK_MESSAGE(argmin(x).item() == first_extreme(v, true), what << ": argmin");
}

}  // namespace

SINTER_DEVICE_TEST(reduce_arg_extremes_long,
                   "reduce: argmin and argmax of long arrays are the first extreme or the first NaN, "
                   "also across blocks and parts of the elements (ties, ascending, NaN, -0 and +0, "
                   "infinities, integers, bools, rows, a fused producer)") {
  const std::int64_t n = 100003;  // many blocks, and split into parts on the CPU
  std::vector<float> random(static_cast<std::size_t>(n));
  std::uint64_t state = 7;
  for (float& f : random) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    f = static_cast<float>(state >> 40) * 0x1p-24f - 0.5f;
  }
  check_arg_extremes(random, device, "random");
  std::vector<float> ties = random;  // the extremes again, later, in other blocks and parts
  const auto hi = static_cast<std::size_t>(first_extreme(random, false));
  const auto lo = static_cast<std::size_t>(first_extreme(random, true));
  for (std::size_t at : {std::size_t{511}, std::size_t{512}, std::size_t{70001}, std::size_t{99999}}) {
    ties[(hi + at) % ties.size()] = random[hi];
    ties[(lo + at + 1) % ties.size()] = random[lo];
  }
  check_arg_extremes(ties, device, "ties");
  std::vector<float> ascending(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < ascending.size(); ++i) ascending[i] = static_cast<float>(i) * 0.25f;
  check_arg_extremes(ascending, device, "ascending");
  std::vector<float> steps(static_cast<std::size_t>(n));  // ascending runs of equal values
  for (std::size_t i = 0; i < steps.size(); ++i) steps[i] = std::floor(static_cast<float>(i) / 1000.0f);
  check_arg_extremes(steps, device, "steps");
  std::vector<float> nan = random;
  nan[60000] = std::numeric_limits<float>::quiet_NaN();
  nan[60001] = std::numeric_limits<float>::quiet_NaN();
  nan[90000] = std::numeric_limits<float>::quiet_NaN();
  check_arg_extremes(nan, device, "NaN");
  std::vector<float> zeros(static_cast<std::size_t>(n), -1.0f);  // -0 first, then +0: equal, first wins
  zeros[3000] = -0.0f;
  zeros[3001] = 0.0f;
  zeros[80000] = 0.0f;
  check_arg_extremes(zeros, device, "-0 and +0");
  const float inf = std::numeric_limits<float>::infinity();
  check_arg_extremes(std::vector<float>(static_cast<std::size_t>(n), -inf), device, "all -inf");
  check_arg_extremes(std::vector<float>(static_cast<std::size_t>(n), inf), device, "all +inf");
  std::vector<double> wide(random.begin(), random.end());
  wide[77777] = 2.0;
  check_arg_extremes(wide, device, "float64");
  std::vector<std::int32_t> ints(static_cast<std::size_t>(n), std::numeric_limits<std::int32_t>::min());
  check_arg_extremes(ints, device, "int32 all smallest");
  ints[4321] = 5;
  ints[54321] = 5;
  ints[600] = std::numeric_limits<std::int32_t>::max();
  check_arg_extremes(ints, device, "int32");
  std::vector<std::int64_t> longs(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < longs.size(); ++i) longs[i] = static_cast<std::int64_t>((i * 7919) % 100000);
  check_arg_extremes(longs, device, "int64");
  std::vector<bool> flags(static_cast<std::size_t>(n), false);
  const Array<bool> none(flags, device);
  CHECK(argmax(none).item() == 0);
  flags[1000] = true;
  flags[99000] = true;
  const Array<bool> some(flags, device);
  CHECK(argmax(some).item() == 1000);
  flags.assign(flags.size(), true);
  flags[2048] = false;
  CHECK(argmin(Array<bool>(flags, device)).item() == 2048);

  // A fused producer, and rows (one output per row, each over several blocks).
  const Array<float> x(random, device);
  CHECK(argmax(x * -1.0f).item() == first_extreme(random, true));
  const std::int64_t rows = 7, cols = n / rows;
  const std::vector<std::int64_t> got = argmax(x(Slice(0, rows * cols)).reshape(Shape{rows, cols}), 1).to_vector();
  for (std::int64_t r = 0; r < rows; ++r) {
    const std::vector<float> row(random.begin() + r * cols, random.begin() + (r + 1) * cols);
    CHECK_MESSAGE(got[static_cast<std::size_t>(r)] == first_extreme(row, false), "row " << r);
  }
}

SINTER_DEVICE_TEST(reduce_leading_axis_large,
                   "reduce: sums, extremes and their positions over the leading axis of large matrices "
                   "(split over row parts, several column blocks) match the loops") {
  // Odd row counts leave rows over after the CPU's passes of four rows.
  for (const auto& shape : {std::pair<std::int64_t, std::int64_t>{3000, 700}, {600, 9000}, {1001, 333}, {7, 5000}}) {
    const std::int64_t rows = shape.first, cols = shape.second;
    std::vector<float> v(static_cast<std::size_t>(rows * cols));
    std::uint64_t state = 11;
    for (float& f : v) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      f = static_cast<float>(state >> 40) * 0x1p-24f - 0.5f;
    }
    const Array<float> m = Array<float>(v, device).reshape(Shape{rows, cols});
    Array<float> s = sum(m, 0), hi = max(m, 0);
    Array<std::int64_t> at = argmax(m, 0);
    eval(s, hi, at);  // one kernel, three reductions
    const std::vector<float> got_sum = s.to_vector(), got_max = hi.to_vector(), got_min = min(m, 0).to_vector();
    const std::vector<std::int64_t> got_at = at.to_vector();
    int wrong = 0;
    for (std::int64_t c = 0; c < cols; ++c) {
      double want_sum = 0;
      float want_max = v[static_cast<std::size_t>(c)], want_min = want_max;
      std::int64_t want_at = 0;
      for (std::int64_t r = 0; r < rows; ++r) {
        const float x = v[static_cast<std::size_t>(r * cols + c)];
        want_sum += x;
        if (x > want_max) {
          want_max = x;
          want_at = r;
        }
        want_min = std::min(want_min, x);
      }
      const auto k = static_cast<std::size_t>(c);
      const bool ok = std::abs(static_cast<double>(got_sum[k]) - want_sum) <= 1e-6 * static_cast<double>(rows) &&
                      got_max[k] == want_max && got_min[k] == want_min && got_at[k] == want_at;
      if (!ok && wrong++ < 5)
        CHECK_MESSAGE(ok, rows << " x " << cols << ", column " << c << ": sum " << got_sum[k] << " (want " << want_sum
                               << "), max " << got_max[k] << " (" << want_max << "), min " << got_min[k] << " ("
                               << want_min << "), argmax " << got_at[k] << " (" << want_at << ")");
    }
    CHECK_MESSAGE(wrong == 0, rows << " x " << cols << ": " << wrong << " columns differ");
  }
}

// ---- Accuracy ----

SINTER_DEVICE_TEST(reduce_leading_axis_ties,
                   "reduce: over the leading axis, argmax and argmin give the first of tied extremes and the "
                   "first NaN, within one pass of rows and across passes") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // 9 rows x 4 columns: column 0 ties at rows 1 and 2, column 1 at rows 3 and 4, column 2 has
  // NaN at rows 5 and 8, column 3 ties at rows 0 and 8 (the last, left-over row).
  const std::vector<float> v = {
      0, 0, 0,   7,  //
      5, 0, 0,   0,  //
      5, 1, 0,   0,  //
      0, 6, 0,   0,  //
      0, 6, 9,   0,  //
      0, 0, nan, 0,  //
      0, 0, 0,   0,  //
      0, 0, 1,   0,  //
      0, 0, nan, 7,  //
  };
  const Array<float> m = Array<float>(v, device).reshape(Shape{9, 4});
  CHECK(argmax(m, 0).to_vector() == std::vector<std::int64_t>{1, 3, 5, 0});
  const Array<float> negated = -m;
  CHECK(argmin(negated, 0).to_vector() == std::vector<std::int64_t>{1, 3, 5, 0});
  const std::vector<float> top = max(m, 0).to_vector();
  CHECK(top[0] == 5.0f);
  CHECK(top[1] == 6.0f);
  CHECK(std::isnan(top[2]));
  CHECK(top[3] == 7.0f);
}

SINTER_DEVICE_TEST(reduce_float32_accuracy,
                   "reduce: the float32 sum of 2^24 uniform values in 0..1 is within 1e-6 of the exact sum "
                   "(accumulated in float64), where a float32 running sum is far off") {
  const std::int64_t n = std::int64_t{1} << 24;
  // Pseudo-random multiples of 2^-24 in [0, 1) (the top 24 bits of a 64-bit LCG): exact in
  // float32, and every partial sum of them is exact in float64 (a multiple of 2^-24 below 2^24).
  std::vector<float> v(static_cast<std::size_t>(n));
  std::uint64_t state = 20261127;
  for (float& f : v) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    f = static_cast<float>(state >> 40) * 0x1p-24f;
  }
  double exact = 0;
  float running = 0;
  for (float f : v) {
    exact += f;
    running += f;
  }
  REQUIRE(std::abs(exact / static_cast<double>(n) - 0.5) < 1e-3);
  CHECK(std::abs(running - exact) / exact > 1e-5);  // what a plain float32 loop gets: far outside 1e-6
  Array<float> x(v, device);
  const float s = sum(x).item();
  MESSAGE("float32 sum of 2^24 values: " << s << ", exact " << exact << ", float32 running sum " << running);
  CHECK(std::abs(static_cast<double>(s) - exact) / exact <= 1e-6);
  CHECK(std::abs(static_cast<double>(mean(x).item()) - exact / static_cast<double>(n)) <= 1e-6 * 0.5);
  // Per row: 4 rows of 2^22 (few outputs, each split into parts).
  const std::vector<float> rows = sum(x.reshape(Shape{4, n / 4}), 1).to_vector();
  for (std::size_t row = 0; row < 4; ++row) {
    double want = 0;
    for (std::int64_t j = 0; j < n / 4; ++j)
      want += v[row * static_cast<std::size_t>(n / 4) + static_cast<std::size_t>(j)];
    CHECK(std::abs(static_cast<double>(rows[row]) - want) / want <= 1e-6);
  }
}

// ---- Fusion ----

namespace {
std::vector<float> ramp(std::int64_t n, float scale) {
  std::vector<float> v(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = scale * static_cast<float>(static_cast<int>(i % 23) - 11) + 0.5f;
  return v;
}
}  // namespace

SINTER_DEVICE_TEST(reduce_fusion,
                   "reduce: a reduction fuses its producer and consumers of its shape: sum((x - y) * (x - y)) is one "
                   "kernel, x - mean(x, 1, true) at most two, mean(x*x) - mean(x)^2 one, a handle-held "
                   "intermediate is computed first, sizes reuse the kernel") {
  const std::int64_t rows = 37, cols = 101;
  const std::vector<float> hx = ramp(rows * cols, 0.25f), hy = ramp(rows * cols, -0.5f);
  Array<float> x(hx, Shape{rows, cols}, device), y(hy, Shape{rows, cols}, device);
  auto at = [&](const std::vector<float>& h, std::int64_t i, std::int64_t j) {
    return static_cast<double>(h[static_cast<std::size_t>(i * cols + j)]);
  };
  // Closed forms in double: every value here is a multiple of 1/4 below 100, so sums are exact.
  double squares = 0;
  std::vector<double> row_mean(static_cast<std::size_t>(rows)), row_var(static_cast<std::size_t>(rows));
  for (std::int64_t i = 0; i < rows; ++i) {
    double s = 0, s2 = 0;
    for (std::int64_t j = 0; j < cols; ++j) {
      const double d = at(hx, i, j) - at(hy, i, j);
      squares += d * d;
      s += at(hx, i, j);
      s2 += at(hx, i, j) * at(hx, i, j);
    }
    row_mean[static_cast<std::size_t>(i)] = s / static_cast<double>(cols);
    row_var[static_cast<std::size_t>(i)] =
        s2 / static_cast<double>(cols) - row_mean[static_cast<std::size_t>(i)] * row_mean[static_cast<std::size_t>(i)];
  }

  reset_counters();
  Array<float> ss = sum((x - y) * (x - y));
  ss.eval();
  CHECK(counters().kernel_launches == 1);
  CHECK(counters().bytes_allocated == sizeof(float));  // no intermediate array
  CHECK(ss.item() == static_cast<float>(squares));

  reset_counters();
  Array<float> centered = x - mean(x, 1, true);
  centered.eval();
  CHECK(counters().kernel_launches <= 2);
  const std::vector<float> c = centered.to_vector();
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < cols; ++j)
      REQUIRE(std::abs(c[static_cast<std::size_t>(i * cols + j)] -
                       (at(hx, i, j) - row_mean[static_cast<std::size_t>(i)])) <= 1e-5);

  reset_counters();
  Array<float> var = mean(x * x, 1) - mean(x, 1) * mean(x, 1);
  const std::vector<float> got_var = var.to_vector();
  CHECK(counters().kernel_launches == 1);
  CHECK(counters().bytes_allocated == static_cast<std::uint64_t>(rows) * sizeof(float));
  for (std::int64_t i = 0; i < rows; ++i)
    CHECK(std::abs(got_var[static_cast<std::size_t>(i)] - row_var[static_cast<std::size_t>(i)]) <= 1e-4);
  reset_counters();
  Array<double> whole = mean(cast<double>(x) * cast<double>(x)) - mean(cast<double>(x)) * mean(cast<double>(x));
  whole.eval();
  CHECK(counters().kernel_launches == 1);

  // A consumer of the result's shape fuses; a second reduction of another geometry does not.
  reset_counters();
  Array<float> scaled = sum(x, 1) * 2.0f + 1.0f;
  scaled.eval();
  CHECK(counters().kernel_launches == 1);
  CHECK(counters().bytes_allocated == static_cast<std::uint64_t>(rows) * sizeof(float));
  double grand = 0;
  for (double m : row_mean) grand += m * static_cast<double>(cols);
  reset_counters();
  Array<float> total = sum(sum(x, 1));
  CHECK(total.item() == static_cast<float>(grand));
  CHECK(counters().kernel_launches == 2);

  // An intermediate that an Array holds is computed first (one kernel), then reduced.
  reset_counters();
  Array<float> twice = x * 2.0f;
  Array<float> twice_sums = sum(twice, 1);
  twice_sums.eval();
  CHECK(counters().kernel_launches == 2);
  CHECK(!twice.is_pending());
  CHECK(twice_sums.at(0) == static_cast<float>(2 * row_mean[0] * static_cast<double>(cols)));

  // dot of two arrays is one multiply-and-sum kernel that allocates only its result; so is an
  // inner product of pending vectors (both fuse: they have the product's shape).
  Array<float> left(ramp(std::int64_t{4} * 37, 0.5f), Shape{4, 37}, device);
  reset_counters();
  Array<float> product = dot(left, x);
  const std::vector<float> got_product = product.to_vector();
  CHECK(counters().kernel_launches == 1);
  CHECK(counters().bytes_allocated == static_cast<std::uint64_t>(4 * cols) * sizeof(float));
  const std::vector<float> hl = left.to_vector();
  for (std::int64_t i = 0; i < 4; ++i)
    for (std::int64_t j = 0; j < cols; ++j) {
      double want = 0;
      for (std::int64_t k = 0; k < rows; ++k)
        want += static_cast<double>(hl[static_cast<std::size_t>(i * rows + k)]) * at(hx, k, j);
      REQUIRE(got_product[static_cast<std::size_t>(i * cols + j)] == static_cast<float>(want));
    }
  Array<float> u = x(0), w = y(1);
  reset_counters();
  Array<float> inner = dot(u - w, u + w);
  CHECK(inner.item() == static_cast<float>([&] {
          double t = 0;
          for (std::int64_t j = 0; j < cols; ++j) t += (at(hx, 0, j) - at(hy, 1, j)) * (at(hx, 0, j) + at(hy, 1, j));
          return t;
        }()));
  CHECK(counters().kernel_launches == 1);

  // Other sizes of the same pattern reuse the compiled kernel (sizes are parameters).
  Array<float> other(ramp(std::int64_t{9} * 55, 0.5f), Shape{9, 55}, device),
      other_y(ramp(std::int64_t{9} * 55, 1.0f), Shape{9, 55}, device);
  sum((other - other_y) * (other - other_y)).eval();
  reset_counters();
  Array<float> again = sum((x - y) * (x - y));
  again.eval();
  CHECK(counters().kernels_compiled == 0);
  CHECK(counters().kernel_launches == 1);
}

SINTER_DEVICE_TEST(reduce_consumers,
                   "reduce: fused consumers read other arrays over the result's shape (a transposed view, "
                   "broadcasts against keepdims results) in the reduction's kernel") {
  const std::int64_t a = 6, b = 5, c = 7;
  std::vector<double> h(static_cast<std::size_t>(a * b * c));
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<double>((i * 37) % 29) - 14;
  Array<double> x(h, Shape{a, b, c}, device);
  auto X = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
    return h[static_cast<std::size_t>((i * b + j) * c + k)];
  };
  std::vector<double> hv(static_cast<std::size_t>(c * a)), hw(static_cast<std::size_t>(b));
  for (std::size_t i = 0; i < hv.size(); ++i) hv[i] = static_cast<double>(i % 5) - 2;
  for (std::size_t i = 0; i < hw.size(); ++i) hw[i] = static_cast<double>(i) * 0.5;
  Array<double> v(hv, Shape{c, a}, device);  // read transposed: (a, c)
  Array<double> w(hw, Shape{b}, device);

  // sum over axis 1 gives (a, c); the consumer adds a transposed view of v (a per-output read).
  reset_counters();
  Array<double> r = sum(x, 1) + v.transpose() * 2.0;
  const std::vector<double> interpreted = test::reference(r);
  const std::vector<double> got = r.to_vector();
  CHECK(counters().kernel_launches == 1);
  std::vector<double> want;
  for (std::int64_t i = 0; i < a; ++i)
    for (std::int64_t k = 0; k < c; ++k) {
      double s = 0;
      for (std::int64_t j = 0; j < b; ++j) s += X(i, j, k);
      want.push_back(s + hv[static_cast<std::size_t>(k * a + i)] * 2.0);
    }
  CHECK(got == want);
  CHECK(interpreted == want);

  // keepdims: a (1, b, 1) result minus w as (b, 1), and a producer that broadcasts w along axes
  // 0 and 2 inside the reduction over them.
  reset_counters();
  Array<double> m = max(x * w.expand_dims(1), {0, 2}, true) - w.expand_dims(1);
  const std::vector<double> got_m = m.to_vector();
  CHECK(counters().kernel_launches == 1);
  REQUIRE(m.shape() == Shape{1, b, 1});
  for (std::int64_t j = 0; j < b; ++j) {
    double best = -std::numeric_limits<double>::infinity();
    for (std::int64_t i = 0; i < a; ++i)
      for (std::int64_t k = 0; k < c; ++k) best = std::max(best, X(i, j, k) * hw[static_cast<std::size_t>(j)]);
    CHECK(got_m[static_cast<std::size_t>(j)] == best - hw[static_cast<std::size_t>(j)]);
  }
}

SINTER_DEVICE_TEST(reduce_producers,
                   "reduce: producers read views inside the reduction, handles to results of one geometry are "
                   "written by one kernel, softmax along rows matches a loop, pending indices reduce") {
  const std::int64_t a = 6, b = 5, c = 7;
  std::vector<double> h(static_cast<std::size_t>(a * b * c));
  for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<double>((i * 37) % 29) - 14;
  Array<double> x(h, Shape{a, b, c}, device);
  auto X = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
    return h[static_cast<std::size_t>((i * b + j) * c + k)];
  };
  // A view inside the producer: x reversed along axis 2 times itself, reduced over axis 2.
  Array<double> p = sum(x(all, all, Slice{std::nullopt, std::nullopt, -1}) * x, 2);
  std::vector<double> want_p;
  for (std::int64_t i = 0; i < a; ++i)
    for (std::int64_t j = 0; j < b; ++j) {
      double s = 0;
      for (std::int64_t k = 0; k < c; ++k) s += X(i, j, c - 1 - k) * X(i, j, k);
      want_p.push_back(s);
    }
  CHECK(test::reference(p) == want_p);
  CHECK(p.to_vector() == want_p);

  // Held results and several reductions of one geometry: one kernel writes them all.
  reset_counters();
  Array<double> s1 = sum(x, {0, 1});
  Array<double> m1 = sinter::min(x, {1, 0});
  Array<std::int64_t> i1 = argmax(x, {0, 1});
  Array<double> spread = max(x, {0, 1}) - m1;
  eval(spread, s1, i1);
  CHECK(counters().kernel_launches == 1);
  CHECK(!s1.is_pending());
  CHECK(!m1.is_pending());
  for (std::int64_t k = 0; k < c; ++k) {
    double lo = X(0, 0, k), hi = X(0, 0, k), total = 0;
    std::int64_t at_hi = 0;
    for (std::int64_t i = 0; i < a; ++i)
      for (std::int64_t j = 0; j < b; ++j) {
        total += X(i, j, k);
        lo = std::min(lo, X(i, j, k));
        if (X(i, j, k) > hi) {
          hi = X(i, j, k);
          at_hi = i * b + j;
        }
      }
    CHECK(s1.at(k) == total);
    CHECK(m1.at(k) == lo);
    CHECK(spread.at(k) == hi - lo);
    CHECK(i1.at(k) == at_hi);
  }

  // softmax along rows: the max, then exp fused into the sum, then exp again fused into the
  // division (shifted is an expression, not a held Array, so nothing else is written): one row
  // kernel with three phases on the CPU, three kernels on CUDA (docs/reductions.md, "Row kernels").
  Array<float> logits(std::vector<float>{1, 2, 3, 4, -1, 0, 1, 0.5f, 100, 101, 99, 100}, Shape{3, 4}, device);
  reset_counters();
  auto shifted = sinter::exp(logits - max(logits, 1, true));
  Array<float> softmax = shifted / sum(shifted, 1, true);
  const std::vector<float> sm = softmax.to_vector();
  CHECK(counters().kernel_launches == (backend_for(device).runs_row_kernels() ? 1 : 3));
  const std::vector<float> hl = logits.to_vector();
  for (std::size_t row = 0; row < 3; ++row) {
    double mx = -1e30, total = 0;
    for (std::size_t k = 0; k < 4; ++k) mx = std::max(mx, static_cast<double>(hl[row * 4 + k]));
    for (std::size_t k = 0; k < 4; ++k) total += std::exp(static_cast<double>(hl[row * 4 + k]) - mx);
    for (std::size_t k = 0; k < 4; ++k)
      CHECK(std::abs(sm[row * 4 + k] - std::exp(static_cast<double>(hl[row * 4 + k]) - mx) / total) <= 1e-6);
  }

  // A pending index (arange) reduces as well.
  CHECK(sum(arange<std::int64_t>(101, device)).item() == 5050);
  CHECK(argmax(arange<double>(77, device)).item() == 76);
  std::vector<double> want_columns;
  for (std::int64_t k = 0; k < c; ++k) {
    double t = 0;
    for (std::int64_t j = 0; j < b; ++j) t += X(0, j, k) + static_cast<double>(k);
    want_columns.push_back(t);
  }
  CHECK(sum(x(0) + arange<double>(c, device), 0).to_vector() == want_columns);
}

SINTER_DEVICE_TEST(reduce_extremes,
                   "reduce: argmin and argmax of arrays made only of the identity's value (+inf, -inf, integer limits, "
                   "false, true, NaN) give 0, short and long, float32 sums and products do not overflow "
                   "midway (float64 accumulation)") {
  for (std::int64_t n : {std::int64_t{1}, std::int64_t{13}, std::int64_t{100003}}) {
    CAPTURE(n);
    const auto size = static_cast<std::size_t>(n);
    const float inf = std::numeric_limits<float>::infinity();
    Array<float> pos(std::vector<float>(size, inf), device), neg(std::vector<float>(size, -inf), device);
    CHECK(argmin(pos).item() == 0);
    CHECK(argmax(neg).item() == 0);
    CHECK(sinter::min(pos).item() == inf);
    CHECK(sinter::max(neg).item() == -inf);
    Array<double> nan(std::vector<double>(size, std::numeric_limits<double>::quiet_NaN()), device);
    CHECK(argmin(nan).item() == 0);
    CHECK(argmax(nan).item() == 0);
    Array<std::int64_t> lo(std::vector<std::int64_t>(size, INT64_MIN), device);
    Array<std::int32_t> hi(std::vector<std::int32_t>(size, INT32_MAX), device);
    CHECK(argmax(lo).item() == 0);
    CHECK(argmin(hi).item() == 0);
    CHECK(sinter::max(lo).item() == INT64_MIN);
    CHECK(sinter::min(hi).item() == INT32_MAX);
    Array<bool> f(std::vector<bool>(size, false), device), t(std::vector<bool>(size, true), device);
    CHECK(argmax(f).item() == 0);
    CHECK(argmin(t).item() == 0);
    CHECK(sinter::max(f).item() == false);
    CHECK(sinter::min(t).item() == true);
    // The same per row, the identity's value in every row.
    CHECK(argmin(Array<float>(std::vector<float>(size * 3, inf), Shape{3, n}, device), 1).to_vector() ==
          std::vector<std::int64_t>{0, 0, 0});
    CHECK(argmax(Array<float>(std::vector<float>(size * 3, -inf), Shape{n, 3}, device), 0).to_vector() ==
          std::vector<std::int64_t>{0, 0, 0});
  }
  // float32 accumulates sums and products in float64: NumPy's float32 would overflow to inf here.
  const double exact = static_cast<double>(3e38f) * 2 - static_cast<double>(3e38f) - static_cast<double>(2e38f);
  CHECK(sum(Array<float>({3e38f, 3e38f, -3e38f, -2e38f}, device)).item() == static_cast<float>(exact));
  CHECK(prod(Array<float>({1e30f, 1e30f, 1e-30f, 2e-30f}, device)).item() == 2.0f);
}

// ---- Errors ----

SINTER_DEVICE_TEST(reduce_errors,
                   "reduce: bad reductions raise sinter errors naming the op, the axes and the shapes: axes out of "
                   "range, repeated axes, empty axes without identity, unaligned dot, empty handles") {
  Array<float> x(std::vector<float>(210, 1.0f), Shape{3, 5, 2, 7}, device);
  CHECK_THROWS_WITH_AS(sum(x, 4), "sum: axis 4 is out of range for an array of shape (3, 5, 2, 7)", IndexError);
  CHECK_THROWS_WITH_AS(argmax(x, {0, -5}), "argmax: axis -5 is out of range for an array of shape (3, 5, 2, 7)",
                       IndexError);
  CHECK_THROWS_WITH_AS(prod(x, {1, -3}), Contains("prod: axis -3 is named twice"), ValueError);
  CHECK_THROWS_WITH_AS(sinter::all(x, {2, 2}), Contains("all: axis 2 is named twice"), ValueError);
  CHECK_THROWS_WITH_AS(sinter::all(x, {2, 2}), Contains("(3, 5, 2, 7)"), ValueError);
  Array<float> scalar({1.5f}, Shape{}, device);
  CHECK_THROWS_WITH_AS(sum(scalar, 0), "sum: axis 0 is out of range for an array of shape ()", IndexError);

  // Over an empty axis, min, max, argmin and argmax have no value (NumPy raises ValueError too);
  // the reductions with an identity give it.
  Array<float> empty(std::vector<float>{}, Shape{3, 0}, device);
  CHECK_THROWS_WITH_AS(sinter::min(empty, 1), Contains("min"), ValueError);
  CHECK_THROWS_WITH_AS(sinter::max(empty), Contains("(3, 0)"), ValueError);
  CHECK_THROWS_WITH_AS(argmin(empty, 1), Contains("no identity"), ValueError);
  CHECK_THROWS_WITH_AS(argmax(empty, {0, 1}, true), Contains("argmax"), ValueError);
  CHECK(sinter::min(empty, 0).shape() == Shape{0});  // axis 0 has 3 elements: fine, no results
  CHECK(sum(empty, 1).to_vector() == std::vector<float>{0, 0, 0});
  CHECK(prod(empty, 1).to_vector() == std::vector<float>{1, 1, 1});
  CHECK(sinter::all(empty, 1).to_vector() == std::vector<bool>{true, true, true});
  CHECK(any(empty).item() == false);
  CHECK(std::isnan(mean(empty).item()));

  // dot: unaligned shapes and ranks other than 1 and 2 name both shapes.
  Array<double> m(std::vector<double>(6, 1.0), Shape{2, 3}, device);
  Array<double> v4(std::vector<double>(4, 1.0), device);
  CHECK_THROWS_WITH_AS(dot(m, v4),
                       "dot: shapes (2, 3) and (4,) are not aligned: 3 (dimension 1 of the first) != 4 (dimension 0 "
                       "of the second)",
                       ShapeError);
  CHECK_THROWS_WITH_AS(dot(m, m), Contains("shapes (2, 3) and (2, 3) are not aligned"), ShapeError);
  Array<double> cube(std::vector<double>(8, 1.0), Shape{2, 2, 2}, device);
  CHECK_THROWS_WITH_AS(dot(cube, m.transpose()), Contains("(2, 2, 2) and (3, 2)"), ShapeError);
  CHECK_THROWS_WITH_AS(dot(Array<double>({2.0}, Shape{}, device), v4), Contains("() and (4,)"), ShapeError);

  // Empty handles (default-constructed or moved-from).
  CHECK_THROWS_AS(sum(Array<float>()), EmptyArrayError);
  CHECK_THROWS_AS(mean(Array<double>(), 0), EmptyArrayError);
  CHECK_THROWS_AS(sinter::all(Array<bool>()), EmptyArrayError);
  CHECK_THROWS_AS(argmax(Array<std::int32_t>()), EmptyArrayError);
  CHECK_THROWS_AS(dot(Array<double>(), v4), EmptyArrayError);
  CHECK_THROWS_AS(dot(v4, Array<double>()), EmptyArrayError);
  CHECK_THROWS_WITH_AS(prod(Array<std::int64_t>()), Contains("this handle is empty"), EmptyArrayError);
}

SINTER_DEVICE_TEST(reduce_mean_errors, "reduce: mean's axis errors name mean, not the sum it is computed through") {
  Array<float> x(std::vector<float>(210, 1.0f), Shape{3, 5, 2, 7}, device);
  CHECK_THROWS_WITH_AS(mean(x, 7), "mean: axis 7 is out of range for an array of shape (3, 5, 2, 7)", IndexError);
  CHECK_THROWS_WITH_AS(mean(x, {0, 0}), Contains("mean: axis 0 is named twice"), ValueError);
  CHECK_THROWS_WITH_AS(mean(Array<double>({1.0}, Shape{}, device), 0), Contains("mean: axis 0"), IndexError);
}
