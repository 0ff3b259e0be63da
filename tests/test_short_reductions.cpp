// Reductions over short axes with many outputs (issue 14 item 4; on the CPU the short walk of
// codegen/llvm/short_reduction.h: a vector lane per output): axes of 1, 2, 3, 7, 8, 64 elements
// and 65 (past the short walk), every reduction, float32, float64, int32 and bool, contiguous and
// strided operands, broadcasts, keepdims, fused consumers and several reductions in one kernel,
// against the reference interpreter and plain loops. Outputs enough for the thread pool to split.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "support.h"

using namespace sinter;
using std::int64_t;

namespace {

constexpr int64_t kLengths[] = {1, 2, 3, 7, 8, 64, 65};

// Values with many ties (a few distinct levels), and for floats a NaN now and then and infinities.
template <class T> std::vector<T> tied_values(std::size_t n, unsigned seed) {
  std::vector<T> v(n);
  std::uint64_t state = seed;
  for (std::size_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto level = static_cast<int>((state >> 33) % 9) - 4;
    if constexpr (std::is_same_v<T, bool>) v[i] = level > 0;
    else v[i] = static_cast<T>(level);
    if constexpr (std::is_floating_point_v<T>) {
      const auto pick = (state >> 50) % 997;
      if (pick == 0) v[i] = std::numeric_limits<T>::quiet_NaN();
      if (pick == 1) v[i] = std::numeric_limits<T>::infinity();
      if (pick == 2) v[i] = -std::numeric_limits<T>::infinity();
      if (pick > 500) v[i] = static_cast<T>(v[i] + static_cast<T>(pick) / static_cast<T>(1024));
    }
  }
  return v;
}

// A plain loop over each row of a (rows, length) row-major block: argmin and argmax give the
// first extreme or the first NaN.
template <class T> int64_t loop_arg(const std::vector<T>& v, int64_t row, int64_t length, bool want_max) {
  int64_t at = 0;
  for (int64_t r = 0; r < length; ++r) {
    const T x = v[static_cast<std::size_t>(row * length + r)];
    const T best = v[static_cast<std::size_t>(row * length + at)];
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(best)) break;
      if (std::isnan(x)) {
        at = r;
        break;
      }
    }
    if (want_max ? x > best : x < best) at = r;
  }
  return at;
}

// Every reduction of `x` over axis `axis` against the interpreter; `what` names the case.
template <class T> void check_all_reductions(const Array<T>& x, int axis, const std::string& what) {
  auto same = [&](const auto& got, const std::string& op) {
    using R = typename std::decay_t<decltype(got)>::value_type;
    const std::vector<R> want = test::reference(got);
    test::check_close(got.to_vector(), want, std::is_floating_point_v<R> ? 8.0 : 0.0, what + " " + op);
  };
  same(Array(sum(x, axis)), "sum");
  same(Array(min(x, axis)), "min");
  same(Array(max(x, axis)), "max");
  same(Array(argmin(x, axis)), "argmin");
  same(Array(argmax(x, axis)), "argmax");
  same(Array(sum(x, axis, true)), "sum keepdims");
}

template <class T> void check_rows(int64_t rows, Device device) {
  for (int64_t length : kLengths) {
    const std::vector<T> v = tied_values<T>(static_cast<std::size_t>(rows * length), static_cast<unsigned>(length));
    const Array<T> x = Array<T>(v, device).reshape(Shape{rows, length});
    const std::string what =
        std::to_string(rows) + " x " + std::to_string(length) + " " + std::string(name_of(dtype_v<T>));
    check_all_reductions(x, 1, what);
    // The loops: positions and extremes exactly.
    const std::vector<int64_t> lo = argmin(x, 1).to_vector(), hi = argmax(x, 1).to_vector();
    int wrong = 0;
    for (int64_t row = 0; row < rows; ++row) {
      const bool ok = lo[static_cast<std::size_t>(row)] == loop_arg(v, row, length, false) &&
                      hi[static_cast<std::size_t>(row)] == loop_arg(v, row, length, true);
      if (!ok && wrong++ < 3) CHECK_MESSAGE(ok, what << ": row " << row);
    }
    CHECK_MESSAGE(wrong == 0, what << ": " << wrong << " rows differ from the loop");
  }
}

}  // namespace

SINTER_DEVICE_TEST(short_reduce_rows,
                   "short reductions: every reduction over rows of 1, 2, 3, 7, 8, 64 and 65 "
                   "elements of float32, float64, int32 and bool matches the interpreter and loops") {
  for (int64_t rows : {int64_t{1}, int64_t{129}, int64_t{20000}}) {
    check_rows<float>(rows, device);
    check_rows<double>(rows, device);
    check_rows<std::int32_t>(rows, device);
    check_rows<bool>(rows, device);
  }
}

SINTER_DEVICE_TEST(short_reduce_views,
                   "short reductions: strided, transposed, sliced and broadcast operands and "
                   "three-dimensional spaces match the interpreter") {
  for (int64_t length : kLengths) {
    const std::string n = std::to_string(length);
    const std::vector<float> v = tied_values<float>(static_cast<std::size_t>(3000 * length), 7);
    const Array<float> m = Array<float>(v, device).reshape(Shape{length, 3000});
    check_all_reductions(Array<float>(m.transpose()), 1, "transposed (3000, " + n + ")");
    check_all_reductions(Array<float>(m(all, Slice{1, std::nullopt, 2}).transpose()), 1, "strided (1500, " + n + ")");
    const Array<float> cube = Array<float>(v, device).reshape(Shape{30, 100, length});
    check_all_reductions(Array<float>(cube(Slice{std::nullopt, std::nullopt, -1}, Slice{3, 97}, all)), 2,
                         "reversed, sliced (30, 94, " + n + ")");
    check_all_reductions(cube, 2, "(30, 100, " + n + ")");
  }
  // The k-means distances: points (n, 1, 2) against centroids (8, 2) broadcast, summed over 2.
  const std::vector<float> p = tied_values<float>(std::size_t{2} * 5000, 3), c = tied_values<float>(16, 4);
  const Array<float> points = Array<float>(p, device).reshape(Shape{5000, 2});
  const Array<float> centroids = Array<float>(c, device).reshape(Shape{8, 2});
  auto d = points.expand_dims(1) - centroids;
  const Array<float> dist = sum(d * d, 2);
  test::check_close(dist.to_vector(), test::reference(dist), 0.0, "k-means distances");
  // argmin(sum(...)) is two kernels (the inner reduction first): against the interpreter's
  // argmin of the distances.
  const Array<std::int64_t> labels = argmin(sum(d * d, 2), 1);
  CHECK(labels.to_vector() == test::reference(Array<std::int64_t>(argmin(dist, 1))));
}

SINTER_DEVICE_TEST(short_reduce_fused,
                   "short reductions: consumers of the outputs and several reductions of one "
                   "geometry in one kernel match the interpreter") {
  for (int64_t length : kLengths) {
    const std::vector<double> v = tied_values<double>(static_cast<std::size_t>(40000 * length), 9);
    const Array<double> x = Array<double>(v, device).reshape(Shape{40000, length});
    const Array<double> y = Array<double>(tied_values<double>(40000, 10), device);
    const std::string what = "40000 x " + std::to_string(length);
    Array<double> scaled = sum(x * 2.0 + 1.0, 1) * y + 1.0;
    Array<double> spread = max(x, 1) - min(x, 1);
    Array<std::int64_t> at = argmax(x * x, 1);
    Array<bool> any_big = any(x > 3.0, 1);
    test::check_close(scaled.to_vector(), test::reference(scaled), 8.0, what + " consumer");
    reset_counters();
    eval(spread, at, any_big);
    if (device == cpu()) CHECK(counters().kernel_launches == 1);
    test::check_close(spread.to_vector(), test::reference(spread), 0.0, what + " max - min");
    CHECK_MESSAGE(at.to_vector() == test::reference(at), what << " argmax");
    CHECK_MESSAGE(any_big.to_vector() == test::reference(any_big), what << " any");
  }
}
