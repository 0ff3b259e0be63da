// Reductions on cuda(0) (skipped without a GPU): every op and dtype in every work sharing the
// launcher picks (runtime/cuda/reduction_launch.cpp) against the reference interpreter; a full
// float32 sum of 2^28 elements and both axes of a 16384^2 matrix against exact sums; first
// extremes and NaNs across parts; empty reductions; more than 2^31 elements; user streams. The
// data make every result exact in any summation order, so results compare bit for bit.
#include <chrono>

#include "support.h"

using namespace sinter;

namespace {

#define SINTER_REQUIRE_CUDA()                                                        \
  do {                                                                               \
    if (auto why = test::cuda_unavailable()) SINTER_SKIP("no usable GPU: " << *why); \
  } while (0)

/// Values from a small set with repeats (ties), infinities and, if `nan`, a few NaNs: sums of
/// them are exact in float64 in any order.
template <class T> std::vector<T> tie_values(std::size_t n, unsigned seed, bool nan) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> pick(0, 9);
  std::uniform_int_distribution<int> rare(0, 199);
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int k = pick(rng);
    if constexpr (std::is_floating_point_v<T>) {
      const T inf = std::numeric_limits<T>::infinity();
      const T set[] = {T(0), -T(0), T(1), T(2), T(-3), T(2), T(1), T(0.5), T(-0.5), T(4)};
      v[i] = set[k];
      const int r = rare(rng);
      if (r == 0) v[i] = inf;
      if (r == 1) v[i] = -inf;
      if (nan && r == 2) v[i] = std::numeric_limits<T>::quiet_NaN();
    } else if constexpr (std::is_same_v<T, bool>) {
      v[i] = k < 5;
    } else {
      v[i] = static_cast<T>(k % 4 - 1);
    }
  }
  return v;
}

/// Values whose products are exact in any order: powers of two, signs and zeros.
template <class T> std::vector<T> product_values(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> pick(0, 99);
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int k = pick(rng);
    if constexpr (std::is_floating_point_v<T>) v[i] = k == 0 ? T(0) : k < 45 ? T(2) : k < 90 ? T(0.5) : T(-1);
    else if constexpr (std::is_same_v<T, bool>) v[i] = k != 0;
    else v[i] = static_cast<T>(k < 40 ? 1 : k < 80 ? -1 : k < 99 ? 3 : 0);
  }
  return v;
}

/// `ulps`: the producer's own error allowance (CUDA's expf is within 2 ulps, not correctly rounded,
/// so a sum of its values may land an ulp or two from the interpreter's).
template <class T> void check_against_interpreter(const Array<T>& result, const std::string& what, int ulps = 0) {
  const std::vector<T> want = test::reference(result);
  test::check_close(result.to_vector(), want, ulps, what);
}

/// Every reduction of arrays of T on cuda(0), over shapes that give each work sharing: one long
/// output split over parts, rows (a block, a warp, a thread per row), columns (few and many),
/// a middle axis and two axes that do not merge.
template <class T> void every_reduction(Device gpu) {
  struct Geometry {
    const char* name;
    Shape shape;
    Axes axes;
  };
  const std::vector<Geometry> geometries = {
      {"full", Shape{300007}, Axes{}},
      {"long rows", Shape{9, 70001}, Axes{1}},
      {"rows", Shape{1000, 517}, Axes{1}},
      {"short rows", Shape{40000, 3}, Axes{1}},
      {"columns", Shape{4001, 600}, Axes{0}},
      {"few columns", Shape{200003, 5}, Axes{0}},
      {"middle axis", Shape{7, 3001, 5}, Axes{1}},
      {"two axes", Shape{13, 40, 570}, Axes{0, 2}},
  };
  for (const Geometry& g : geometries) {
    const std::string what = std::string(g.name) + " " + std::string(name_of(dtype_v<T>));
    CAPTURE(what);
    const auto n = static_cast<std::size_t>(g.shape.numel());
    const Array<T> x(tie_values<T>(n, 11, true), g.shape, gpu);
    const Array<T> p(product_values<T>(n, 12), g.shape, gpu);
    check_against_interpreter(sum(x, g.axes), what + " sum");
    check_against_interpreter(prod(p, g.axes), what + " prod");
    check_against_interpreter(min(x, g.axes), what + " min");
    check_against_interpreter(max(x, g.axes), what + " max");
    check_against_interpreter(argmin(x, g.axes), what + " argmin");
    check_against_interpreter(argmax(x, g.axes), what + " argmax");
    check_against_interpreter(any(x, g.axes), what + " any");
    check_against_interpreter(all(x, g.axes), what + " all");
  }
}

/// Seconds per call of `f` (after one warm-up call), synchronized.
template <class F> double seconds_per_call(Device gpu, int calls, F f) {
  f();
  synchronize(gpu);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i) f();
  synchronize(gpu);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / calls;
}

}  // namespace

TEST_CASE("every reduction of every dtype matches the interpreter in every work sharing [cuda]" *
          doctest::test_suite("gpu")) {
  SINTER_REQUIRE_CUDA();
  const Device gpu = cuda(0);
  every_reduction<float>(gpu);
  every_reduction<double>(gpu);
  every_reduction<std::int32_t>(gpu);
  every_reduction<std::int64_t>(gpu);
  every_reduction<bool>(gpu);
}

TEST_CASE("fused reductions on views and broadcasts match the interpreter [cuda]" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_CUDA();
  const Device gpu = cuda(0);
  const Shape shape{3001, 257};
  const Array<float> m(tie_values<float>(static_cast<std::size_t>(shape.numel()), 21, false), shape, gpu);
  const Array<float> w(tie_values<float>(257, 22, false), Shape{257}, gpu);
  const Array<float> c(tie_values<float>(3001, 23, false), Shape{3001, 1}, gpu);
  check_against_interpreter(Array<float>(sum(m * w, {1}) * 2.0f + c(all, 0)), "producer and consumer, rows");
  check_against_interpreter(Array<float>(max(m - w, {0}) - min(m - w, {0}) + w), "two reductions, columns");
  check_against_interpreter(Array<std::int64_t>(argmax(m * c, {1}) + argmin(m, {1})), "two argmax/argmin");
  check_against_interpreter(argmin(m.transpose(), {1}), "a transposed view");
  check_against_interpreter(sum(m(Slice{1, std::nullopt}, all)), "a view starting one element in (unaligned)");
  check_against_interpreter(max(m(Slice{std::nullopt, std::nullopt, -1}, Slice{1, -1}), {1}), "reversed rows");
  check_against_interpreter(sum(m(all, Slice{std::nullopt, std::nullopt, 3}), {0}), "strided columns");
  check_against_interpreter(sum(w.broadcast_to(Shape{5000, 257}), {0}), "a broadcast along the reduced axis");
  check_against_interpreter(sum(m, {0}, true), "keepdims");
  check_against_interpreter(sum(exp(m * 0.01f), {1}), "a producer calling the math library", 4);
  check_against_interpreter(sum(arange<double>(1 << 20)), "the index");
}

TEST_CASE("a float32 sum of 2^28 elements is exact and the same bits every run [cuda]" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_CUDA();
  const Device gpu = cuda(0);
  const std::size_t n = std::size_t{1} << 28;
  std::vector<float> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = static_cast<float>(i % 1024) * 0.5f;
  const Array<float> x(values, gpu);
  values = {};
  // 2^18 runs of 0, 0.5, ..., 511.5: 1023 * 2^26, exact in float32 and in any float64 order.
  CHECK(sum(x).item() == 1023.0f * 67108864.0f);
  CHECK(mean(x).item() == 255.75f);
  CHECK(max(x).item() == 511.5f);
  CHECK(argmax(x).item() == 1023);
  CHECK(argmin(x).item() == 0);
  // Rounding that depends on the order is the same every run.
  const Array<float> y = sin(x) * 1e-3f + 0.1f;
  const float first = sum(y).item();
  for (int run = 0; run < 3; ++run)
    CHECK(std::bit_cast<std::uint32_t>(sum(y).item()) == std::bit_cast<std::uint32_t>(first));
  const double seconds = seconds_per_call(gpu, 10, [&] { Array<float>(sum(x)).eval(); });
  MESSAGE("sum of 2^28 float32 on " << gpu.to_string() << ": " << seconds * 1e3 << " ms, " << n * 4 / seconds / 1e9
                                    << " GB/s read (measured, not asserted)");
}

TEST_CASE("the rows and the columns of a 16384 x 16384 float32 matrix sum exactly [cuda]" *
          doctest::test_suite("gpu")) {
  SINTER_REQUIRE_CUDA();
  const Device gpu = cuda(0);
  const std::int64_t side = 16384;
  const auto count = static_cast<std::size_t>(side * side);
  auto value = [](std::int64_t i, std::int64_t j) { return static_cast<float>((i * 7 + j * 13) % 64) * 0.25f; };
  std::vector<float> values(count);
  std::vector<double> row_sums(static_cast<std::size_t>(side)), column_sums(static_cast<std::size_t>(side));
  for (std::int64_t i = 0; i < side; ++i)
    for (std::int64_t j = 0; j < side; ++j) {
      const float v = value(i, j);
      values[static_cast<std::size_t>(i * side + j)] = v;
      row_sums[static_cast<std::size_t>(i)] += v;
      column_sums[static_cast<std::size_t>(j)] += v;
    }
  const Array<float> m(values, Shape{side, side}, gpu);
  values = {};
  const std::vector<float> rows = sum(m, {1}).to_vector();
  const std::vector<float> columns = sum(m, {0}).to_vector();
  const std::vector<std::int64_t> column_argmax = argmax(m, {0}).to_vector();
  int wrong = 0;
  for (std::size_t k = 0; k < static_cast<std::size_t>(side); ++k) {
    wrong += rows[k] != static_cast<float>(row_sums[k]);
    wrong += columns[k] != static_cast<float>(column_sums[k]);
    // The first row where (i * 7 + k * 13) % 64 == 63.
    std::int64_t first = 0;
    while ((first * 7 + static_cast<std::int64_t>(k) * 13) % 64 != 63) ++first;
    wrong += column_argmax[k] != first;
  }
  CHECK(wrong == 0);
  const double bytes = static_cast<double>(count) * 4;
  const double along_rows = seconds_per_call(gpu, 10, [&] { Array<float>(sum(m, {1})).eval(); });
  const double along_columns = seconds_per_call(gpu, 10, [&] { Array<float>(sum(m, {0})).eval(); });
  MESSAGE("16384^2 float32 on " << gpu.to_string() << ": sum over axis 1 " << bytes / along_rows / 1e9
                                << " GB/s, over axis 0 " << bytes / along_columns / 1e9
                                << " GB/s (measured, not asserted)");
}

TEST_CASE("argmin and argmax find the first extreme and the first NaN across blocks and parts [cuda]" *
          doctest::test_suite("gpu")) {
  SINTER_REQUIRE_CUDA();
  const Device gpu = cuda(0);
  const std::size_t n = std::size_t{1} << 24;
  std::vector<float> v(n, 1.0f);
  for (std::size_t at : {std::size_t{7777777}, std::size_t{123}, n - 1}) v[at] = 9.0f;  // ties: 123 first
  for (std::size_t at : {std::size_t{5000000}, std::size_t{16000000}}) v[at] = -9.0f;
  CHECK(argmax(Array<float>(v, gpu)).item() == 123);
  CHECK(argmin(Array<float>(v, gpu)).item() == 5000000);
  v[9999999] = std::numeric_limits<float>::quiet_NaN();
  v[3000000] = std::numeric_limits<float>::quiet_NaN();
  const Array<float> with_nan(v, gpu);
  CHECK(argmax(with_nan).item() == 3000000);
  CHECK(argmin(with_nan).item() == 3000000);
  CHECK(std::isnan(max(with_nan).item()));
  CHECK(std::isnan(min(with_nan).item()));
  // Columns: a tie at the top and the bottom of each of 3 long columns.
  const std::int64_t rows = std::int64_t{1} << 21;
  std::vector<std::int32_t> m(static_cast<std::size_t>(rows * 3), 0);
  for (std::int64_t j = 0; j < 3; ++j) {
    m[static_cast<std::size_t>((rows - 1 - j) * 3 + j)] = 5;
    m[static_cast<std::size_t>((1000 * j + 17) * 3 + j)] = 5;
  }
  const std::vector<std::int64_t> first = argmax(Array<std::int32_t>(m, Shape{rows, 3}, gpu), {0}).to_vector();
  CHECK(first == std::vector<std::int64_t>{17, 1017, 2017});
}

TEST_CASE("empty reductions write identities and empty results launch nothing [cuda]" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_CUDA();
  const Device gpu = cuda(0);
  const Array<float> rows_of_nothing(std::vector<float>{}, Shape{7, 0}, gpu);
  CHECK(sum(rows_of_nothing, {1}).to_vector() == std::vector<float>(7, 0.0f));
  CHECK(prod(rows_of_nothing, {1}).to_vector() == std::vector<float>(7, 1.0f));
  CHECK(any(rows_of_nothing, {1}).to_vector() == std::vector<bool>(7, false));
  CHECK(all(rows_of_nothing, {1}).to_vector() == std::vector<bool>(7, true));
  CHECK(sum(rows_of_nothing).item() == 0.0f);
  const Array<std::int64_t> no_rows(std::vector<std::int64_t>{}, Shape{0, 5}, gpu);
  CHECK(sum(no_rows, {0}).to_vector() == std::vector<std::int64_t>(5, 0));
  CHECK(prod(no_rows, {0}).to_vector() == std::vector<std::int64_t>(5, 1));
  const std::uint64_t launches = counters().kernel_launches;
  CHECK(sum(no_rows, {1}).to_vector().empty());
  CHECK(counters().kernel_launches == launches);
}

TEST_CASE("reductions over more than 2^31 elements use the 64-bit entry point [cuda]" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_CUDA();
  const Device gpu = cuda(0);
  std::vector<std::int64_t> v(4096);
  std::int64_t total = 0;
  for (std::size_t j = 0; j < v.size(); ++j) total += v[j] = static_cast<std::int64_t>(j % 7) - 3;
  const std::int64_t rows = std::int64_t{1} << 20;  // 2^32 elements, none of them in memory twice
  const Array<std::int64_t> big = Array<std::int64_t>(v, gpu).broadcast_to(Shape{rows, 4096});
  CHECK(sum(big).item() == total * rows);
  const std::vector<std::int64_t> columns = sum(big, {0}).to_vector();
  int wrong = 0;
  for (std::size_t j = 0; j < v.size(); ++j) wrong += columns[j] != v[j] * rows;
  CHECK(wrong == 0);
  const std::vector<std::int64_t> row_sums = sum(big, {1}).to_vector();
  CHECK(std::count(row_sums.begin(), row_sums.end(), total) == rows);
  CHECK(argmax(big).item() == 6);
}

TEST_CASE("a reduction on a user stream takes its scratch memory on that stream [cuda]" * doctest::test_suite("gpu")) {
  SINTER_REQUIRE_CUDA();
  const Device gpu = cuda(0);
  const std::size_t n = std::size_t{1} << 22;
  std::vector<double> v(n);
  double total = 0;  // integers: exact in any order
  for (std::size_t i = 0; i < n; ++i) total += v[i] = static_cast<double>(i % 100);
  const Array<double> x(v, gpu);
  Stream stream(gpu);
  Array<double> s;
  {
    StreamGuard guard(stream);
    s = sum(x * 2.0);
    s.eval();
  }
  CHECK(s.item() == 2 * total);
}
