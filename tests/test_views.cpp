// Read-only views (docs/views.md): slices, integer indices, transposes, permutations,
// broadcast_to, expand_dims and squeeze against NumPy (tests/fixtures/views.txt, written by
// make_view_fixtures.py) and the reference interpreter on every device; a stencil of shifted
// slices is one kernel with no copies (counters); errors by message.
#include <cstdlib>

#include "support.h"
#include "view_steps.h"

using namespace sinter;
using doctest::Contains;
using test::apply_step;
using test::base_array;
using test::parse;

namespace {

struct ViewFixture {
  std::string name, dtype;
  Shape base;
  std::vector<std::string> steps;
  Shape out;
  std::vector<std::string> values;
  std::string error;    // "IndexError" or "ValueError" when NumPy raises
  bool copied = false;  // NumPy's reshape copied: no view was possible
};

const std::vector<ViewFixture>& fixtures() {
  static const std::vector<ViewFixture> all = [] {
    std::vector<ViewFixture> cases;
    test::read_fixture_lines("views.txt", [&](const std::string& kind, std::istream& line) {
      if (kind == "case") {
        cases.emplace_back();
        line >> cases.back().name >> cases.back().dtype;
        cases.back().base = test::read_shape(line);
      } else if (kind == "step") {
        std::string rest;
        std::getline(line, rest);
        cases.back().steps.push_back(rest.substr(1));
      } else if (kind == "out") {
        cases.back().out = test::read_shape(line);
        std::string word;
        line >> word;  // ":"
        while (line >> word) cases.back().values.push_back(word);
      } else if (kind == "copied") {
        cases.back().copied = true;
      } else if (kind == "error") {
        line >> cases.back().error;
      }
    });
    return cases;
  }();
  return all;
}

template <class T> void run_fixture(const ViewFixture& f, Device device) {
  CAPTURE(f.name);
  Array<T> v = base_array<T>(f.base, device);
  const std::uint64_t launches = counters().kernel_launches;
  for (const auto& s : f.steps) v = apply_step(v, s);
  // Views copy nothing; reshape copies exactly where NumPy's does.
  if (f.copied) CHECK_MESSAGE(counters().kernel_launches > launches, "reshape made a view where NumPy copies");
  else CHECK_MESSAGE(counters().kernel_launches == launches, "making a view ran a kernel");
  REQUIRE_MESSAGE(v.shape() == f.out, "shape " << v.shape().to_string() << ", NumPy's " << f.out.to_string());
  std::vector<T> want;
  for (const auto& s : f.values) want.push_back(parse<T>(s));
  reset_counters();
  test::check_close(v.to_vector(), want, 0, f.name + " against NumPy");
  const bool stencil = f.steps.back() == "stencil";
  CHECK(counters().kernel_launches == (stencil || v.is_strided_view() ? 1u : 0u));
  // Fused into an expression: a strided read in the kernel, checked against the interpreter too.
  std::vector<T> want2 = want;
  if constexpr (std::is_same_v<T, bool>) {
    for (std::size_t i = 0; i < want.size(); ++i) want2[i] = !want[i];
    Array<bool> r = !v;
    test::check_close(test::reference(r), want2, 0, f.name + " interpreter");
    test::check_close(r.to_vector(), want2, 0, f.name + " fused");
  } else {
    for (auto& x : want2) x = static_cast<T>(x * T(2) + T(1));
    Array<T> r = v * T(2) + T(1);
    test::check_close(test::reference(r), want2, 0, f.name + " interpreter");
    test::check_close(r.to_vector(), want2, 0, f.name + " fused");
  }
}

template <class T> void run_error(const ViewFixture& f, Device device) {
  CAPTURE(f.name);
  Array<T> v = base_array<T>(f.base, device);
  auto all_steps = [&] {
    for (const auto& s : f.steps) v = apply_step(v, s);
  };
  if (f.error == "IndexError") CHECK_THROWS_AS(all_steps(), IndexError);
  else if (f.steps.back().rfind("broadcast_to", 0) == 0) CHECK_THROWS_AS(all_steps(), ShapeError);
  else CHECK_THROWS_AS(all_steps(), ValueError);
}

void run_any(const ViewFixture& f, Device device) {
  const bool error = !f.error.empty();
  if (f.dtype == "bool") error ? run_error<bool>(f, device) : run_fixture<bool>(f, device);
  else if (f.dtype == "int32") error ? run_error<std::int32_t>(f, device) : run_fixture<std::int32_t>(f, device);
  else if (f.dtype == "int64") error ? run_error<std::int64_t>(f, device) : run_fixture<std::int64_t>(f, device);
  else if (f.dtype == "float32") error ? run_error<float>(f, device) : run_fixture<float>(f, device);
  else error ? run_error<double>(f, device) : run_fixture<double>(f, device);
}

}  // namespace

SINTER_DEVICE_TEST(view_fixtures,
                   "views give NumPy's results without copies: slices with negative steps and "
                   "clamped bounds, integer indices, transposes, permutations, broadcast_to, "
                   "expand_dims, squeeze, reshape, stencils and chains of them (tests/fixtures/views.txt)") {
  int checked = 0, errors = 0;
  for (const ViewFixture& f : fixtures()) {
    run_any(f, device);
    (f.error.empty() ? checked : errors)++;
  }
  MESSAGE(checked << " NumPy view cases, " << errors << " error cases");
  CHECK(checked >= 140);
  CHECK(errors >= 6);
}

SINTER_DEVICE_TEST(stencil_one_kernel,
                   "a 5-point stencil of shifted slices of one 2-D array is one kernel, allocates "
                   "only its result and matches the loops") {
  // Rows of 34 - 2 = 32 elements take the GPU's row-group loop with misaligned views; 53 - 2 do not.
  for (const std::int64_t cols : {std::int64_t{34}, std::int64_t{53}}) {
    CAPTURE(cols);
    const std::int64_t rows = 37;
    std::vector<double> host(static_cast<std::size_t>(rows * cols));
    for (std::size_t i = 0; i < host.size(); ++i) host[i] = static_cast<double>((i * 7919) % 101) - 50;
    Array<double> a(host, Shape{rows, cols}, device);
    const Slice inner{1, -1}, lo{0, -2}, hi{2, std::nullopt};
    reset_counters();
    Array<double> lap = a(lo, inner) + a(hi, inner) + a(inner, lo) + a(inner, hi) - a(inner, inner) * 4.0;
    const std::vector<double> got = lap.to_vector();
    const Counters c = counters();
    CHECK(c.kernel_launches == 1);
    CHECK(c.bytes_allocated == static_cast<std::uint64_t>((rows - 2) * (cols - 2)) * sizeof(double));
    REQUIRE(lap.shape() == Shape{rows - 2, cols - 2});
    std::vector<double> want;
    auto at = [&](std::int64_t r, std::int64_t k) { return host[static_cast<std::size_t>(r * cols + k)]; };
    for (std::int64_t r = 1; r < rows - 1; ++r)
      for (std::int64_t k = 1; k < cols - 1; ++k)
        want.push_back(at(r - 1, k) + at(r + 1, k) + at(r, k - 1) + at(r, k + 1) - at(r, k) * 4.0);
    test::check_close(got, want, 0, "stencil");
  }
  const std::int64_t rows = 37, cols = 53;
  std::vector<double> host(static_cast<std::size_t>(rows * cols));
  for (std::size_t i = 0; i < host.size(); ++i) host[i] = static_cast<double>((i * 7919) % 101) - 50;
  Array<double> a(host, Shape{rows, cols}, device);
  Array<double> lap = a(Slice{0, -2}, Slice{1, -1}) + a(Slice{2, std::nullopt}, Slice{1, -1}) +
                      a(Slice{1, -1}, Slice{0, -2}) + a(Slice{1, -1}, Slice{2, std::nullopt}) -
                      a(Slice{1, -1}, Slice{1, -1}) * 4.0;
  lap.eval();
  // Views differing only in where they start share the compiled kernel: the offset is not structure.
  reset_counters();
  Array<double> shifted = a(Slice{0, -2}, Slice{0, -2}) + a(Slice{1, -1}, Slice{2, std::nullopt}) +
                          a(Slice{2, std::nullopt}, Slice{1, -1}) + a(Slice{1, -1}, Slice{0, -2}) -
                          a(Slice{0, -2}, Slice{2, std::nullopt}) * 4.0;
  shifted.eval();
  CHECK(counters().kernels_compiled == 0);
  CHECK(counters().kernel_launches == 1);
}

SINTER_DEVICE_TEST(strided_rows_in_groups,
                   "reversed, transposed, offset and broadcast operands with rows a multiple of 4 "
                   "long match the loops (the GPU's row-group loop), also with unaligned starts") {
  const std::int64_t rows = 6, cols = 8;
  std::vector<float> xs(static_cast<std::size_t>(rows * cols)), ys(xs.size()), zs(static_cast<std::size_t>(rows));
  for (std::size_t i = 0; i < xs.size(); ++i) {
    xs[i] = static_cast<float>(i) * 0.5f - 7.0f;
    ys[i] = static_cast<float>((i * 13) % 29) - 3.0f;
  }
  for (std::size_t i = 0; i < zs.size(); ++i) zs[i] = 100.0f * static_cast<float>(i);
  Array<float> x(xs, Shape{rows, cols}, device), y(ys, Shape{cols, rows}, device), z(zs, Shape{rows, 1}, device);
  Array<float> wide(std::vector<float>(static_cast<std::size_t>(rows * (cols + 1)), 1.0f), Shape{rows, cols + 1},
                    device);
  auto xv = [&](std::int64_t r, std::int64_t c) { return xs[static_cast<std::size_t>(r * cols + c)]; };
  auto yv = [&](std::int64_t r, std::int64_t c) { return ys[static_cast<std::size_t>(r * rows + c)]; };
  // x reversed along its rows (inner stride -1), y transposed (inner stride 6), z broadcast along
  // the rows, and a slice of `wide` starting one element in (its rows' starts are not aligned).
  Array<float> r =
      x(all, Slice{std::nullopt, std::nullopt, -1}) * 2.0f + y.transpose() - z + wide(all, Slice{1, std::nullopt}) * x;
  const std::vector<float> got = r.to_vector();
  REQUIRE(got.size() == xs.size());
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < cols; ++j) {
      CAPTURE(i);
      CAPTURE(j);
      const float want = xv(i, cols - 1 - j) * 2.0f + yv(j, i) - zs[static_cast<std::size_t>(i)] + 1.0f * xv(i, j);
      CHECK(got[static_cast<std::size_t>(i * cols + j)] == want);
    }
  // A write through a reversed view of rows a multiple of 4 long, from an offset slice.
  Array<float> target(std::vector<float>(xs.size(), 0.0f), Shape{rows, cols}, device);
  target(all, Slice{std::nullopt, std::nullopt, -1}) = wide(all, Slice{1, std::nullopt}) + x;
  const std::vector<float> written = target.to_vector();
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < cols; ++j)
      CHECK(written[static_cast<std::size_t>(i * cols + cols - 1 - j)] == 1.0f + xv(i, j));
}

SINTER_DEVICE_TEST(view_lifetime_and_copies,
                   "a view keeps its buffer alive, reshape of a transposed view copies and of a "
                   "row does not, and a view of a pending array evaluates it") {
  Array<std::int64_t> v;
  {
    Array<std::int64_t> a(std::vector<std::int64_t>{0, 1, 2, 3, 4, 5}, Shape{2, 3}, device);
    v = a.transpose();
  }
  CHECK(v.to_vector() == std::vector<std::int64_t>{0, 3, 1, 4, 2, 5});
  CHECK(v.is_strided_view());

  reset_counters();
  Array<std::int64_t> r = v.reshape(Shape{6});  // a copy kernel
  CHECK(counters().kernel_launches == 1);
  CHECK(!r.is_strided_view());
  CHECK(r.to_vector() == std::vector<std::int64_t>{0, 3, 1, 4, 2, 5});

  Array<float> m(std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, Shape{3, 4}, device);
  reset_counters();
  Array<float> row = m(1);  // contiguous: reshape and reads need no kernel
  CHECK(!row.is_strided_view());
  CHECK(row.reshape(Shape{2, 2}).to_vector() == std::vector<float>{4, 5, 6, 7});
  CHECK(row.at(-1) == 7.0f);
  CHECK(m(2, 3).item() == 11.0f);
  CHECK(counters().kernel_launches == 0);
  CHECK(m(Slice{}, 2).to_vector() == std::vector<float>{2, 6, 10});

  // A view broadcast against a larger operand: a row of m added to every row, and a reversed column.
  Array<float> sum = m + m(0) + m(Slice{std::nullopt, std::nullopt, -1}, 0).expand_dims(1);
  CHECK(sum.to_vector() == std::vector<float>{8, 10, 12, 14, 8, 10, 12, 14, 8, 10, 12, 14});
  CHECK(test::reference(sum) == sum.to_vector());
  CHECK(m.transpose().to(cpu()).to_vector() == std::vector<float>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11});

  Array<float> pending = m * 2.0f;
  Array<float> t = pending.transpose();  // evaluates m * 2 once
  CHECK(!pending.is_pending());
  CHECK(t.shape() == Shape{4, 3});
  CHECK(t(0).to_vector() == std::vector<float>{0, 8, 16});
  CHECK(t.squeeze().shape() == Shape{4, 3});
  CHECK(t.expand_dims(0).squeeze().shape() == Shape{4, 3});
  CHECK(full<float>(Shape{2, 1}, 3.0f, device).broadcast_to(Shape{2, 2, 5}).to_vector() ==
        std::vector<float>(20, 3.0f));
}

SINTER_DEVICE_TEST(view_errors, "bad view arguments raise sinter errors naming what was wrong") {
  Array<float> m(std::vector<float>(12, 1.0f), Shape{3, 4}, device);
  CHECK_THROWS_WITH_AS(m(1, 4), "slice: index 4 is out of range for axis 1 with size 4", IndexError);
  CHECK_THROWS_WITH_AS(m(-4), "slice: index -4 is out of range for axis 0 with size 3", IndexError);
  CHECK_THROWS_WITH_AS(m(0, 0, 0), "slice: 3 indices for an array of shape (3, 4) (2 dimensions)", IndexError);
  CHECK_THROWS_WITH_AS(m(all, Slice{0, 2, 0}), "slice: the step of axis 1 is zero", ValueError);
  CHECK_THROWS_WITH_AS(m.permute({0, 0}),
                       "permute: axes (0, 0) are not a permutation of the 2 axes of an array of shape (3, 4)",
                       ValueError);
  CHECK_THROWS_WITH_AS(m.permute({1, 0, 2}), Contains("are not a permutation"), ValueError);
  CHECK_THROWS_WITH_AS(m.permute({0, 2}), Contains("are not a permutation"), ValueError);
  CHECK_THROWS_WITH_AS(m.squeeze(1), "squeeze: axis 1 of an array of shape (3, 4) has size 4, not 1", ValueError);
  CHECK_THROWS_WITH_AS(m.squeeze(2), "squeeze: axis 2 is out of range for an array of 2 dimensions", IndexError);
  CHECK_THROWS_WITH_AS(m.expand_dims(3), "expand_dims: axis 3 is out of range for an array of 3 dimensions",
                       IndexError);
  CHECK_THROWS_WITH_AS(m.expand_dims(-4), Contains("axis -4 is out of range"), IndexError);
  CHECK_THROWS_WITH_AS(m.broadcast_to(Shape{4, 3}),
                       "broadcast_to: cannot broadcast an array of shape (3, 4) to shape (4, 3)", ShapeError);
  CHECK_THROWS_WITH_AS(m.broadcast_to(Shape{4}), Contains("shape (3, 4) to shape (4,)"), ShapeError);
  CHECK_THROWS_AS(Array<float>()(0), EmptyArrayError);
  // Extreme bounds and steps clamp without overflow.
  CHECK(m(Slice{INT64_MAX, INT64_MIN, -INT64_MAX}).shape() == Shape{1, 4});
  CHECK(m(all, Slice{INT64_MIN, INT64_MAX, INT64_MAX}).shape() == Shape{3, 1});
  CHECK(m(Slice{std::nullopt, std::nullopt, INT64_MIN}).shape() == Shape{1, 4});
  CHECK(m(Slice{INT64_MIN, INT64_MIN}).shape() == Shape{0, 4});
  CHECK_THROWS_WITH_AS(m(INT64_MIN), Contains("index -9223372036854775808 is out of range for axis 0 with size 3"),
                       IndexError);
}
