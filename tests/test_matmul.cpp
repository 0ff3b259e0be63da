// matmul (docs/matmul.md) against a plain triple loop in double precision: NumPy's shape rules
// (1-D operands, broadcast batch dimensions, empty dimensions), strided views read in place or
// copied, mixed dtypes, the integer and bool reductions, dot through BLAS, and the errors.
#include <cstdint>
#include <vector>

#include "support.h"

using namespace sinter;

namespace {

/// NumPy's matmul of row-major values in double: the oracle (no BLAS, no sinter).
std::vector<double> reference_matmul(const std::vector<double>& a, const Shape& sa, const std::vector<double>& b,
                                     const Shape& sb, Shape& result) {
  const int na = sa.ndim();
  const int nb = sb.ndim();
  const std::int64_t n = na == 1 ? 1 : sa[na - 2];
  const std::int64_t k = sa[na - 1];
  const std::int64_t m = nb == 1 ? 1 : sb[nb - 1];
  const int ba = std::max(0, na - 2);
  const int bb = std::max(0, nb - 2);
  const int batch_nd = std::max(ba, bb);
  Shape batch;
  for (int d = 0; d < batch_nd; ++d) {
    const std::int64_t da = d - (batch_nd - ba) >= 0 ? sa[d - (batch_nd - ba)] : 1;
    const std::int64_t db = d - (batch_nd - bb) >= 0 ? sb[d - (batch_nd - bb)] : 1;
    batch.push_back(da == 1 ? db : da);
  }
  result = batch;
  if (na >= 2) result.push_back(n);
  if (nb >= 2) result.push_back(m);
  std::vector<double> out(static_cast<std::size_t>(result.numel()), 0.0);
  for (std::int64_t i = 0; i < batch.numel(); ++i) {
    std::int64_t rest = i, offset_a = 0, offset_b = 0, step_a = n * k, step_b = k * m;
    for (int d = batch_nd - 1; d >= 0; --d) {
      const std::int64_t c = rest % batch[d];
      rest /= batch[d];
      const int ia = d - (batch_nd - ba);
      const int ib = d - (batch_nd - bb);
      if (ia >= 0) {
        if (sa[ia] != 1) offset_a += c * step_a;
        step_a *= sa[ia];
      }
      if (ib >= 0) {
        if (sb[ib] != 1) offset_b += c * step_b;
        step_b *= sb[ib];
      }
    }
    for (std::int64_t r = 0; r < n; ++r)
      for (std::int64_t c = 0; c < m; ++c) {
        double s = 0;
        for (std::int64_t p = 0; p < k; ++p)
          s += a[static_cast<std::size_t>(offset_a + r * k + p)] * b[static_cast<std::size_t>(offset_b + p * m + c)];
        out[static_cast<std::size_t>(i * n * m + r * m + c)] = s;
      }
  }
  return out;
}

/// Small integers (exact products and sums in float32), a fixed pattern per seed.
template <class T> std::vector<T> small_values(const Shape& shape, int seed) {
  std::vector<T> v(static_cast<std::size_t>(shape.numel()));
  std::uint32_t x = 2463534242U + static_cast<std::uint32_t>(seed) * 7919U;
  for (T& e : v) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    e = static_cast<T>(static_cast<int>(x % 9U) - 4);
  }
  return v;
}

template <class T> std::vector<double> as_double(const std::vector<T>& v) { return {v.begin(), v.end()}; }

/// matmul of two fresh arrays of small integers against the oracle, exactly.
template <class TA, class TB> void check_exact(const Shape& sa, const Shape& sb) {
  CAPTURE(sa.to_string());
  CAPTURE(sb.to_string());
  const auto va = small_values<TA>(sa, 1);
  const auto vb = small_values<TB>(sb, 2);
  Shape expected_shape;
  const auto expected = reference_matmul(as_double(va), sa, as_double(vb), sb, expected_shape);
  auto r = matmul(Array<TA>(va, sa), Array<TB>(vb, sb));
  CHECK(r.shape() == expected_shape);
  CHECK(as_double(r.to_vector()) == expected);
}

}  // namespace

TEST_CASE("matmul: 2-D, 1-D, batched and broadcast shapes give NumPy's shapes and the triple loop's values") {
  const std::vector<std::pair<Shape, Shape>> cases = {{{3, 4}, {4, 5}},
                                                      {{1, 1}, {1, 1}},
                                                      {{4}, {4, 5}},
                                                      {{3, 4}, {4}},
                                                      {{4}, {4}},
                                                      {{2, 3, 4}, {4, 5}},
                                                      {{3, 4}, {2, 4, 5}},
                                                      {{2, 1, 3, 4}, {3, 4, 2}},
                                                      {{5, 3, 4}, {4}},
                                                      {{4}, {2, 4, 3}},
                                                      {{1, 3, 4}, {6, 4, 2}},
                                                      {{70, 130}, {130, 90}},
                                                      {{0, 4}, {4, 5}},
                                                      {{3, 0}, {0, 5}},
                                                      {{0}, {0}},
                                                      {{2, 0, 3, 4}, {4, 5}},
                                                      {{3, 4}, {4, 0}},
                                                      {{2, 3, 0}, {2, 0, 2}}};
  for (const auto& [sa, sb] : cases) {
    check_exact<float, float>(sa, sb);
    check_exact<double, double>(sa, sb);
    check_exact<std::int32_t, std::int32_t>(sa, sb);
  }
}

TEST_CASE("matmul: mixed dtypes promote as NumPy 2 (int32 @ float32 is float64, int8 @ int16 is int16)") {
  static_assert(std::is_same_v<decltype(matmul(Array<std::int32_t>{}, Array<float>{})), Array<double>>);
  static_assert(std::is_same_v<decltype(matmul(Array<float>{}, Array<double>{})), Array<double>>);
  static_assert(std::is_same_v<decltype(matmul(Array<std::int8_t>{}, Array<std::int16_t>{})), Array<std::int16_t>>);
  static_assert(std::is_same_v<decltype(matmul(Array<bool>{}, Array<bool>{})), Array<bool>>);
  check_exact<std::int32_t, float>({3, 4}, {4, 2});
  check_exact<float, double>({2, 3, 4}, {4, 2});
  check_exact<std::int8_t, std::int16_t>({3, 4}, {4, 2});
  check_exact<std::int64_t, std::uint8_t>({3, 4}, {4});
}

TEST_CASE("matmul: integer products wrap as NumPy's, bool products are any-of-ands") {
  // int8: 100 * 2 + 100 * 1 = 300, which is 44 modulo 256.
  auto r = matmul(Array<std::int8_t>({100, 100}, Shape{1, 2}), Array<std::int8_t>({2, 1}, Shape{2, 1}));
  CHECK(r.to_vector() == std::vector<std::int8_t>{44});
  const Array<bool> a({true, false, false, false}, Shape{2, 2});
  const Array<bool> b({false, true, true, false}, Shape{2, 2});
  CHECK(matmul(a, b).to_vector() == std::vector<bool>{false, true, false, false});
}

TEST_CASE("matmul: strided views (transposes, row steps, column steps, reversals, broadcasts) give the same values") {
  const Shape s{6, 8};
  const auto va = small_values<float>(s, 3);
  const auto vb = small_values<float>(s, 4);
  const Array<float> a(va, s);
  const Array<float> b(vb, s);
  auto check = [](const Array<float>& x, const Array<float>& y) {
    Shape expected_shape;
    const auto expected =
        reference_matmul(as_double(x.to_vector()), x.shape(), as_double(y.to_vector()), y.shape(), expected_shape);
    auto r = matmul(x, y);
    CHECK(r.shape() == expected_shape);
    CHECK(as_double(r.to_vector()) == expected);
  };
  SUBCASE("transposed: read in place as BLAS's transposed layout") { check(a, b.transpose()); }
  SUBCASE("both transposed") { check(a.transpose(), b); }
  SUBCASE("every other row: a leading dimension") { check(a(Slice{0, std::nullopt, 2}, all), b.transpose()); }
  SUBCASE("every other column: copied") { check(a(all, Slice{0, std::nullopt, 2}), b(Slice{0, 4}, all)); }
  SUBCASE("reversed rows: copied") { check(a(Slice{std::nullopt, std::nullopt, -1}, all), b.transpose()); }
  SUBCASE("a column of a matrix as a 1-D operand") { check(a(all, 3), b); }
  SUBCASE("a broadcast operand (zero strides)") { check(Array<float>({1, 2, 3, 4, 5, 6}).broadcast_to({4, 6}), a); }
  SUBCASE("batched transposes: a permuted 3-D view") {
    const Array<float> c(small_values<float>({2, 3, 4}, 5), Shape{2, 3, 4});
    check(c.permute({0, 2, 1}), c);
  }
}

TEST_CASE("matmul: producers run first, consumers fuse after it, the operands are unchanged") {
  const Array<double> a(small_values<double>({3, 4}, 6), Shape{3, 4});
  const Array<double> b(small_values<double>({4, 2}, 7), Shape{4, 2});
  const std::vector<double> a_before = a.to_vector();
  Array<double> r = matmul(a * 2.0 + 1.0, b - 1.0) * 0.5 + 3.0;
  Shape shape;
  std::vector<double> twice(a_before.size()), minus(b.to_vector().size());
  for (std::size_t i = 0; i < twice.size(); ++i) twice[i] = a_before[i] * 2 + 1;
  const auto vb = b.to_vector();
  for (std::size_t i = 0; i < minus.size(); ++i) minus[i] = vb[i] - 1;
  auto expected = reference_matmul(twice, {3, 4}, minus, {4, 2}, shape);
  for (double& e : expected) e = e * 0.5 + 3;
  CHECK(r.to_vector() == expected);
  CHECK(a.to_vector() == a_before);
}

TEST_CASE("matmul: float32 products of random values are within BLAS's float32 rounding of the float64 loop") {
  const Shape sa{64, 300};
  const Shape sb{300, 40};
  std::mt19937 rng(17);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> va(static_cast<std::size_t>(sa.numel())), vb(static_cast<std::size_t>(sb.numel()));
  for (float& e : va) e = u(rng);
  for (float& e : vb) e = u(rng);
  Shape shape;
  const auto expected = reference_matmul(as_double(va), sa, as_double(vb), sb, shape);
  const auto got = matmul(Array<float>(va, sa), Array<float>(vb, sb)).to_vector();
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(std::abs(got[i] - expected[i]) <= 300 * 6e-8 * 300);
}

TEST_CASE("dot: a large float32 matrix product (through BLAS in float64) is the float64 loop rounded once") {
  const Shape s{80, 80};  // 80^3 multiply-adds: past the BLAS threshold
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> va(static_cast<std::size_t>(s.numel())), vb(va.size());
  for (float& e : va) e = u(rng);
  for (float& e : vb) e = u(rng);
  Shape shape;
  const auto expected = reference_matmul(as_double(va), s, as_double(vb), s, shape);
  const Array<float> a(va, s);
  const Array<float> b(vb, s);
  const auto got = dot(a, b).to_vector();
  const auto got_t = dot(a.transpose(), b.transpose()).to_vector();  // views: in place
  int off = 0;
  for (std::size_t i = 0; i < got.size(); ++i) off += got[i] != static_cast<float>(expected[i]);
  CHECK(off == 0);
  const auto expected_t =
      reference_matmul(as_double(a.transpose().to_vector()), s, as_double(b.transpose().to_vector()), s, shape);
  for (std::size_t i = 0; i < got_t.size(); ++i) off += got_t[i] != static_cast<float>(expected_t[i]);
  CHECK(off == 0);
  const Array<double> d = dot(Array<double>(as_double(va), s), Array<double>(as_double(vb), s)) + 1.0;
  const auto dv = d.to_vector();
  for (std::size_t i = 0; i < dv.size(); ++i) CHECK(std::abs(dv[i] - (expected[i] + 1)) <= 1e-12);
}

TEST_CASE("matmul: bad shapes raise ShapeError naming both shapes") {
  const Array<float> a(std::vector<float>(6), Shape{2, 3});
  const Array<float> b(std::vector<float>(20), Shape{4, 5});
  CHECK_THROWS_WITH_AS((void)matmul(a, b),
                       doctest::Contains("matmul: shapes (2, 3) and (4, 5) are not aligned: 3 (dimension 1 of the "
                                         "first) != 4 (dimension 0 of the second)"),
                       ShapeError);
  CHECK_THROWS_WITH_AS((void)matmul(a, Array<float>(std::vector<float>(4), Shape{4})),
                       doctest::Contains("shapes (2, 3) and (4,) are not aligned"), ShapeError);
  const Array<float> c(std::vector<float>(24), Shape{2, 3, 4});
  const Array<float> d(std::vector<float>(60), Shape{3, 4, 5});
  CHECK_THROWS_WITH_AS((void)matmul(c, d),
                       doctest::Contains("matmul: shapes (2, 3, 4) and (3, 4, 5): the batch dimensions (all but the "
                                         "last two) do not broadcast: 2 != 3"),
                       ShapeError);
  const Array<float> scalar(std::vector<float>{1}, Shape{});
  CHECK_THROWS_WITH_AS((void)matmul(scalar, a), doctest::Contains("shapes () and (2, 3): a 0-d operand"), ShapeError);
  CHECK_THROWS_AS((void)matmul(Array<float>{}, a), EmptyArrayError);
}

SINTER_DEVICE_TEST(matmul_device, "matmul: on the CPU a product, on a CUDA device a DeviceError naming cuBLAS") {
  const Array<float> a({1, 2, 3, 4}, Shape{2, 2}, device);
  if (device.kind == DeviceKind::CPU) {
    CHECK(matmul(a, a).to_vector() == std::vector<float>{7, 10, 15, 22});
  } else {
    CHECK_THROWS_WITH_AS((void)matmul(a, a), doctest::Contains("cuBLAS"), DeviceError);
    CHECK_THROWS_WITH_AS((void)matmul(a, a.to(cpu())), doctest::Contains("the operands are on"), DeviceError);
  }
}
