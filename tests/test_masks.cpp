// Boolean masks (include/sinter/masks.h) against plain C++ loops over the same elements: counts,
// positions, selection, masked writes (one fused kernel), and bad masks.
#include <cmath>

#include "support.h"

using namespace sinter;

namespace {

std::vector<float> sample(std::size_t n) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>((i * 37) % 11) - 5.0f;  // zeros among them
  v[3] = NAN;                                                                           // nonzero, as bool(nan)
  v[4] = -0.0f;                                                                         // zero
  return v;
}

}  // namespace

SINTER_DEVICE_TEST(mask_counts,
                   "count_nonzero counts nonzero elements (NaN counts, -0 does not), over all and per axis") {
  const std::vector<float> v = sample(60);
  const Array<float> x(v, Shape{6, 10}, device);
  std::int64_t total = 0;
  std::vector<std::int64_t> per_row(6, 0), per_column(10, 0);
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] != 0.0f || std::isnan(v[i])) {
      ++total;
      ++per_row[i / 10];
      ++per_column[i % 10];
    }
  CHECK(count_nonzero(x).item() == total);
  CHECK(count_nonzero(x, 1).to_vector() == per_row);
  CHECK(count_nonzero(x, 0).to_vector() == per_column);
  CHECK(count_nonzero(x, 1, true).shape() == Shape{6, 1});
  // Of an expression: fused into one kernel.
  reset_counters();
  std::int64_t positive = 0;
  for (float f : v) positive += f > 1.0f ? 1 : 0;
  CHECK(count_nonzero(x > 1.0f).item() == positive);
  CHECK(counters().kernel_launches == 1);
}

SINTER_DEVICE_TEST(mask_positions, "nonzero and extract give the true positions and elements in row-major order") {
  const std::vector<float> v = sample(24);
  const Array<float> x(v, Shape{2, 3, 4}, device);
  const std::vector<Array<std::int64_t>> at = nonzero(x);
  REQUIRE(at.size() == 3);
  std::vector<std::int64_t> want0, want1, want2;
  std::vector<float> picked;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] > 0.0f) picked.push_back(v[i]);
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] != 0.0f || std::isnan(v[i])) {
      want0.push_back(static_cast<std::int64_t>(i / 12));
      want1.push_back(static_cast<std::int64_t>(i / 4 % 3));
      want2.push_back(static_cast<std::int64_t>(i % 4));
    }
  CHECK(at[0].to_vector() == want0);
  CHECK(at[1].to_vector() == want1);
  CHECK(at[2].to_vector() == want2);
  CHECK(at[0].device() == device);
  // Selection through extract and through x(mask), of a pending mask.
  CHECK(extract(Array<bool>(x > 0.0f), x).to_vector() == picked);
  const Array<float> selected = x(x > 0.0f);
  CHECK(selected.to_vector() == picked);
  CHECK(selected.device() == device);
  // Nothing selected: an empty array; a 0-d x counts as 1-d.
  CHECK(extract(Array<bool>(x > 100.0f), x).shape() == Shape::vector(0));
  const std::vector<Array<std::int64_t>> scalar_at = nonzero(full<float>(Shape{}, 2.0f, device));
  REQUIRE(scalar_at.size() == 1);
  CHECK(scalar_at[0].to_vector() == std::vector<std::int64_t>{0});
}

SINTER_DEVICE_TEST(mask_writes, "x(mask) = value writes only where the mask holds, in place and in one kernel") {
  const std::vector<float> v = sample(40);
  const Array<float> x(v, Shape{4, 10}, device);
  const Array<float> alias = x;  // NOLINT(performance-unnecessary-copy-initialization): a second handle
  reset_counters();
  x(x < 0.0f) = 0.0f;  // ReLU in place: the mask fuses into the write
  CHECK(counters().kernel_launches == 1);
  CHECK(counters().bytes_allocated == 0);
  std::vector<float> want = v;
  for (float& f : want)
    if (f < 0.0f) f = 0.0f;
  const std::vector<float> got = alias.to_vector();
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) CHECK(std::isnan(got[i]));
    else CHECK(got[i] == want[i]);
  }
  // An array value is read at the same positions: x[mask] = y[mask].
  const Array<float> y = arange<float>(0, 40, 1, device).reshape(Shape{4, 10});
  const Array<bool> odd_columns(arange<std::int64_t>(0, 40, 1, device).reshape(Shape{4, 10}) % 2 == 1);
  x(odd_columns) = y * 10.0f;
  const std::vector<float> after = x.to_vector();
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (i % 2 == 1) CHECK(after[i] == static_cast<float>(i) * 10.0f);
    else if (std::isnan(want[i])) CHECK(std::isnan(after[i]));
    else CHECK(after[i] == want[i]);
  }
  // Integer arrays take integer values; a broadcast row.
  const Array<std::int32_t> k(std::vector<std::int32_t>{1, 2, 3, 4, 5, 6}, Shape{2, 3}, device);
  const Array<std::int32_t> row(std::vector<std::int32_t>{-1, -2, -3}, device);
  k(k > 2) = row;
  CHECK(k.to_vector() == std::vector<std::int32_t>{1, 2, -3, -1, -2, -3});
  // A mask kept in an Array that reads k is computed before k changes: the first write
  // does not move elements into or out of it.
  const Array<bool> negative(k < 0);
  k(negative) = 7;
  k(negative) = 8;
  CHECK(k.to_vector() == std::vector<std::int32_t>{1, 2, 8, 8, 8, 8});
  // A mask from another device (only on the GPU machine: the CPU is the only device here).
  if (!(device == cpu())) {
    const Array<bool> host_mask(std::vector<bool>{true, false, true, false, true, false}, cpu());
    CHECK_THROWS_AS((void)extract(host_mask.reshape(Shape{2, 3}), k), DeviceError);
  }
}

TEST_CASE("bad masks raise ShapeError and EmptyArrayError naming both shapes, and change nothing") {
  const Array<float> x({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  const Array<bool> wrong({true, false, true}, cpu());
  CHECK_THROWS_WITH_AS((void)extract(wrong, x), doctest::Contains("the mask has shape (3,) and the array (2, 3)"),
                       ShapeError);
  CHECK_THROWS_AS(x(wrong) = 0.0f, ShapeError);
  CHECK_THROWS_AS((void)extract(Array<bool>(), x), EmptyArrayError);
  CHECK(x.to_vector() == std::vector<float>{1, 2, 3, 4, 5, 6});
}
