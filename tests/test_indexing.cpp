// Integer-array indexing (include/sinter/indexing.h): take, x(i0, i1, ...) and take_along_axis
// against NumPy (tests/fixtures/indexing.txt, written by make_indexing_fixtures.py) and the
// reference interpreter on every device; fusion of gathers into their consumers; out-of-range
// indices (IndexError naming the first bad index and its position) and other bad input.
#include <random>

#include "support.h"
#include "view_steps.h"

using namespace sinter;
using test::base_array;
using test::parse;
using test::read_shape;

namespace {

struct IndexFixture {
  std::string name, dtype;
  std::optional<Shape> in;
  std::vector<std::pair<Shape, std::vector<std::int64_t>>> indices;
  std::pair<Shape, std::vector<std::string>> value;
  std::vector<std::string> op;
  Shape out;
  std::vector<std::string> values;
  std::string error;
};

std::pair<Shape, std::vector<std::string>> read_array(std::istream& in) {
  std::pair<Shape, std::vector<std::string>> a;
  a.first = read_shape(in);
  std::string word;
  in >> word;  // ':'
  for (std::string w; in >> w;) a.second.push_back(w);
  return a;
}

std::vector<IndexFixture> fixtures() {
  std::vector<IndexFixture> all;
  test::read_fixture_lines("indexing.txt", [&](const std::string& word, std::istream& in) {
    if (word == "case") {
      all.emplace_back();
      in >> all.back().name >> all.back().dtype;
    } else if (word == "in") {
      all.back().in = read_shape(in);
    } else if (word == "index") {
      auto [shape, words] = read_array(in);
      std::vector<std::int64_t> v;
      for (const auto& w : words) v.push_back(parse<std::int64_t>(w));
      all.back().indices.emplace_back(shape, v);
    } else if (word == "value") {
      all.back().value = read_array(in);
    } else if (word == "op") {
      for (std::string w; in >> w;) all.back().op.push_back(w);
    } else if (word == "out") {
      auto [shape, words] = read_array(in);
      all.back().out = shape;
      all.back().values = words;
    } else if (word == "error") {
      in >> all.back().error;
    }
  });
  return all;
}

template <class T> Array<T> gather(const IndexFixture& f, Device device) {
  const Array<T> x = base_array<T>(*f.in, device);
  std::vector<Array<std::int64_t>> idx;
  for (const auto& [shape, v] : f.indices) idx.emplace_back(v, shape, device);
  const std::string& name = f.op[0];
  if (name == "take") {
    if (f.op[1] == "none") return take(x, idx[0]);
    return take(x, idx[0], static_cast<int>(parse<std::int64_t>(f.op[1])));
  }
  if (name == "take_along_axis") return take_along_axis(x, idx[0], static_cast<int>(parse<std::int64_t>(f.op[1])));
  if (name == "index") {
    if (idx.size() == 1) return x(idx[0]);
    if (idx.size() == 2) return x(idx[0], idx[1]);
    return x(idx[0], idx[1], idx[2]);
  }
  FAIL("unknown op " << name);
  return {};
}

bool error_of_kind(const sinter::Error& e, const std::string& kind) {
  return (kind == "ShapeError" && dynamic_cast<const ShapeError*>(&e)) ||
         (kind == "IndexError" && dynamic_cast<const IndexError*>(&e)) ||
         (kind == "DTypeError" && dynamic_cast<const DTypeError*>(&e)) ||
         (kind == "ValueError" && dynamic_cast<const ValueError*>(&e));
}

template <class T> void check_gather(const IndexFixture& f, Device device) {
  if (!f.error.empty()) {
    try {
      (void)gather<T>(f, device).to_vector();
      FAIL_CHECK("no error; NumPy raises " << f.error);
    } catch (const sinter::Error& e) {
      CHECK_MESSAGE(error_of_kind(e, f.error), "expected " << f.error << ", got: " << e.what());
    }
    return;
  }
  const Array<T> r = gather<T>(f, device);
  CHECK_MESSAGE(r.shape() == f.out, "shape " << r.shape().to_string() << ", NumPy " << f.out.to_string());
  std::vector<T> want;
  for (const std::string& v : f.values) want.push_back(parse<T>(v));
  if (device == cpu()) CHECK(test::reference(r) == want);  // the interpreter, the oracle
  CHECK(r.to_vector() == want);
}

}  // namespace

SINTER_DEVICE_TEST(indexing_fixtures,
                   "take, x(i0, i1, ...) and take_along_axis give NumPy's results and errors, and the "
                   "interpreter's (tests/fixtures/indexing.txt)") {
  if (device != cpu()) SINTER_SKIP("gathers have no CUDA lowering yet (docs/indexing.md, \"Not there yet\")");
  int gathers = 0;
  for (const IndexFixture& f : fixtures()) {
    const std::string& op = f.op[0];
    if (op != "take" && op != "index" && op != "take_along_axis") continue;
    CAPTURE(f.name);
    ++gathers;
    if (f.dtype == "float64") check_gather<double>(f, device);
    else if (f.dtype == "float32") check_gather<float>(f, device);
    else if (f.dtype == "int32") check_gather<std::int32_t>(f, device);
    else if (f.dtype == "int64") check_gather<std::int64_t>(f, device);
    else if (f.dtype == "bool") check_gather<bool>(f, device);
    else FAIL_CHECK("unknown dtype " << f.dtype);
  }
  CHECK(gathers > 25);
}

SINTER_DEVICE_TEST(indexing_large,
                   "take of many random indices (negative ones among them) over threads equals a "
                   "plain loop and the interpreter, for index types int32, int64 and uint16") {
  if (device != cpu()) SINTER_SKIP("gathers have no CUDA lowering yet (docs/indexing.md, \"Not there yet\")");
  const std::size_t n = 1 << 17, m = 3 << 16;
  std::mt19937_64 rng(17);
  std::vector<float> xv(n);
  for (auto& v : xv) v = static_cast<float>(rng() % 100000) * 0.25f;
  std::vector<std::int64_t> iv(m);
  for (auto& i : iv) i = static_cast<std::int64_t>(rng() % (2 * n)) - static_cast<std::int64_t>(n);
  std::vector<float> want(m);
  for (std::size_t k = 0; k < m; ++k)
    want[k] = xv[static_cast<std::size_t>(iv[k] < 0 ? iv[k] + std::int64_t(n) : iv[k])];
  const Array<float> x(xv, device);
  const Array<std::int64_t> idx(iv, device);
  const Array<float> y = take(x, idx);
  if (device == cpu()) CHECK(test::reference(y) == want);
  CHECK(y.to_vector() == want);
  const Array<std::int32_t> idx32 = cast<std::int32_t>(idx);
  CHECK(take(x, idx32).to_vector() == want);
  std::vector<std::uint16_t> small(m);
  std::vector<float> want_small(m);
  for (std::size_t k = 0; k < m; ++k) {
    small[k] = static_cast<std::uint16_t>(rng() % 65536);
    want_small[k] = xv[small[k]];
  }
  CHECK(take(x, Array<std::uint16_t>(small, device)).to_vector() == want_small);
}

SINTER_DEVICE_TEST(indexing_fusion,
                   "a gather fuses into its consumer's kernel, with a pending index expression of "
                   "the result's shape, into reductions too") {
  if (device != cpu()) SINTER_SKIP("gathers have no CUDA lowering yet (docs/indexing.md, \"Not there yet\")");
  const Array<double> x = base_array<double>(Shape{6, 4}, device);
  const std::vector<double> xv = x.to_vector();
  const Array<std::int64_t> idx(std::vector<std::int64_t>{5, 0, -1, 2, 2}, device);
  (void)x.to_vector();
  (void)idx.to_vector();
  // Rows of x (an embedding lookup): the index array in memory is read over the result's axes,
  // checked per element: the gather and its consumer are one kernel, and take() runs nothing.
  reset_counters();
  const Array<double> rows = take(x, idx, 0) * 2.0;
  CHECK(counters().kernel_launches == 0);
  const std::vector<double> got = rows.to_vector();
  CHECK(counters().kernel_launches == 1);
  REQUIRE(got.size() == 20);
  const std::int64_t picks[] = {5, 0, 5, 2, 2};
  for (std::size_t r = 0; r < 5; ++r)
    for (std::size_t c = 0; c < 4; ++c) CHECK(got[r * 4 + c] == 2.0 * xv[static_cast<std::size_t>(picks[r]) * 4 + c]);
  // A pending index expression of the index shape, with x's axes after it: checked and made
  // positions first (at take(): they are stored with trailing axes of size 1), then one kernel.
  reset_counters();
  const Array<double> shifted = take(x, idx - 1, 0);
  CHECK(counters().kernel_launches == 1);
  const std::vector<double> shifted_rows = shifted.to_vector();
  CHECK(counters().kernel_launches == 2);
  REQUIRE(shifted_rows.size() == 20);
  const std::size_t shifted_picks[] = {4, 5, 4, 1, 1};  // idx - 1 = {4, -1, -2, 1, 1} of 6 rows
  for (std::size_t r = 0; r < 5; ++r)
    for (std::size_t c = 0; c < 4; ++c) CHECK(shifted_rows[r * 4 + c] == xv[shifted_picks[r] * 4 + c]);
  // Flat take of a pending index expression, in a reduction: one kernel.
  reset_counters();
  const Array<double> total = sum(take(x, idx + 1) * 3.0);
  double want = 0;
  for (std::int64_t p : {6, 1, 0, 3, 3}) want += 3.0 * xv[static_cast<std::size_t>(p)];
  CHECK(total.item() == want);
  CHECK(counters().kernel_launches == 1);
  // The planned kernel reads x through a gather.
  const Array<double> pending = take(x, idx + 1) + 1.0;
  const std::string listing = ir::to_string(test::planned_kernel(pending.node()));
  CHECK(listing.find("gather") != std::string::npos);
  CHECK(listing.find("index_check") != std::string::npos);
}

SINTER_DEVICE_TEST(indexing_errors,
                   "an index out of range raises IndexError naming it and its position, when the kernel runs, "
                   "and leaves every array as it was, bad index types, shapes and axes are refused") {
  if (device != cpu()) SINTER_SKIP("gathers have no CUDA lowering yet (docs/indexing.md, \"Not there yet\")");
  const Array<float> x({1, 2, 3, 4, 5, 6}, Shape{2, 3}, device);
  const Array<std::int64_t> idx(std::vector<std::int64_t>{0, -6, 5, 9, 2, -7}, Shape{2, 3}, device);
  // Fused with a pending index expression: the message names the index array's element.
  const Array<float> y = take(x, idx) + 1.0f;
  try {
    (void)y.to_vector();
    FAIL_CHECK("no IndexError");
  } catch (const IndexError& e) {
    const std::string what = e.what();
    CHECK_MESSAGE(what.find("index 9 is out of bounds for an axis of size 6") != std::string::npos, what);
    CHECK_MESSAGE(what.find("position (1, 0)") != std::string::npos, what);
  }
  CHECK_THROWS_AS((void)y.to_vector(), IndexError);  // still pending, still wrong: never a value
  // Rows by an index array in memory, checked over the result's axes: the position is the result's.
  try {
    (void)take(x, Array<std::int64_t>(std::vector<std::int64_t>{1, 2}, device), 0).to_vector();
    FAIL_CHECK("no IndexError");
  } catch (const IndexError& e) {
    const std::string what = e.what();
    CHECK_MESSAGE(what.find("index 2 is out of bounds for an axis of size 2, at position (1, 0) of the index array "
                            "as broadcast to shape (2, 3)") != std::string::npos,
                  what);
  }
  // A write of a bad gather leaves its target as it was.
  Array<float> target({10, 20, 30, 40, 50, 60}, Shape{2, 3}, device);
  CHECK_THROWS_AS(target.slice({0}) = take(x, Array<std::int64_t>(std::vector<std::int64_t>{0, 1, 7}, device)),
                  IndexError);
  CHECK(target.to_vector() == std::vector<float>{10, 20, 30, 40, 50, 60});
  CHECK(x.to_vector() == std::vector<float>{1, 2, 3, 4, 5, 6});
  // Index types, axes, shapes.
  CHECK_THROWS_AS((void)take(x, Array<float>(std::vector<float>{0.0f}, device)), DTypeError);
  CHECK_THROWS_AS((void)take(x, Array<bool>(std::vector<bool>{true}, device), 0), DTypeError);
  CHECK_THROWS_AS((void)take(x, idx, 2), IndexError);
  CHECK_THROWS_AS((void)take(x, idx, -3), IndexError);
  CHECK_THROWS_AS((void)take_along_axis(x, Array<std::int64_t>(std::vector<std::int64_t>{0}, device), 0), ShapeError);
  CHECK_THROWS_AS((void)take(zeros<float>(Shape{0, 3}, device), idx, 0), IndexError);
  CHECK(take(zeros<float>(Shape{0, 3}, device), zeros<std::int64_t>(Shape{0}, device), 0).shape() == Shape{0, 3});
  try {
    (void)take(x, Array<double>(std::vector<double>{1.0}, device));
  } catch (const DTypeError& e) { CHECK(std::string(e.what()).find("integer") != std::string::npos); }
}

TEST_CASE(
    "indexing: index arrays on another device than the array raise DeviceError naming both, gathers of GPU "
    "arrays are refused until gathers have a CUDA lowering") {
  if (auto why = test::cuda_unavailable()) SINTER_SKIP("no usable GPU: " << *why);
  const Array<float> x({1, 2, 3}, cuda(0));
  const Array<std::int64_t> idx(std::vector<std::int64_t>{0});
  CHECK_THROWS_AS((void)take(x, idx), DeviceError);
  // Gathers of GPU arrays are refused, saying why, until they have a CUDA lowering.
  try {
    (void)take(x, idx.to(cuda(0)));
    FAIL_CHECK("no DeviceError");
  } catch (const DeviceError& e) { CHECK(std::string(e.what()).find("no CUDA lowering") != std::string::npos); }
}

namespace {

template <class T> std::vector<T> parsed(const std::vector<std::string>& words) {
  std::vector<T> v;
  for (const std::string& w : words) v.push_back(parse<T>(w));
  return v;
}

template <class T> void check_scatter(const IndexFixture& f, Device device) {
  Array<T> x = base_array<T>(*f.in, device);
  const std::vector<T> before = x.to_vector();
  std::vector<Array<std::int64_t>> idx;
  for (const auto& [shape, v] : f.indices) idx.emplace_back(v, shape, device);
  const Array<T> value(parsed<T>(f.value.second), f.value.first, device);
  auto run = [&] {
    if (f.op[0] == "add_at") {
      add_at(x, idx[0], value);
    } else if (idx.size() == 1) {
      x(idx[0]) = value;
    } else {
      x(idx[0], idx[1]) = value;
    }
  };
  if (!f.error.empty()) {
    try {
      run();
      FAIL_CHECK("no error; NumPy raises " << f.error);
    } catch (const sinter::Error& e) {
      CHECK_MESSAGE(error_of_kind(e, f.error), "expected " << f.error << ", got: " << e.what());
    }
    CHECK(x.to_vector() == before);  // unchanged
    return;
  }
  run();
  CHECK(x.to_vector() == parsed<T>(f.values));
}

template <class T> void check_histogram(const IndexFixture& f, Device device) {
  const Array<T> a(parsed<T>(f.value.second), f.value.first, device);
  const auto bins = parse<std::int64_t>(f.op[1]);
  const double lo = std::strtod(f.op[2].c_str(), nullptr), hi = std::strtod(f.op[3].c_str(), nullptr);
  if (!f.error.empty()) {
    CHECK_THROWS_AS((void)histogram(a, bins, lo, hi), ValueError);
    return;
  }
  const auto [counts, edges] = histogram(a, bins, lo, hi);
  CHECK(counts.device() == device);
  if (f.op[0] == "histogram") {
    CHECK(counts.to_vector() == parsed<std::int64_t>(f.values));
  } else {
    using F = std::conditional_t<std::is_same_v<T, float>, float, double>;
    CHECK(edges.to_vector() == parsed<F>(f.values));
  }
}

}  // namespace

SINTER_DEVICE_TEST(scatter_fixtures,
                   "x(idx) = v (the last write of a repeated index wins), add_at (repeated indices accumulate in "
                   "order), bincount and histogram give NumPy's results and errors, a failed scatter writes nothing") {
  int cases = 0;
  for (const IndexFixture& f : fixtures()) {
    const std::string& op = f.op[0];
    CAPTURE(f.name);
    if (op == "set" || op == "add_at") {
      ++cases;
      if (f.dtype == "float64") check_scatter<double>(f, device);
      else if (f.dtype == "float32") check_scatter<float>(f, device);
      else if (f.dtype == "int32") check_scatter<std::int32_t>(f, device);
      else if (f.dtype == "int64") check_scatter<std::int64_t>(f, device);
      else if (f.dtype == "int8") check_scatter<std::int8_t>(f, device);
      else FAIL_CHECK("unknown dtype " << f.dtype);
    } else if (op == "bincount") {
      ++cases;
      const Array<std::int64_t> x(f.indices[0].second, f.indices[0].first, device);
      const auto minlength = parse<std::int64_t>(f.op[1]);
      if (!f.error.empty()) {
        CHECK_THROWS_AS((void)bincount(x, minlength), ValueError);
        continue;
      }
      CHECK(bincount(x, minlength).to_vector() == parsed<std::int64_t>(f.values));
    } else if (op == "histogram" || op == "histogram_edges") {
      ++cases;
      if (f.dtype == "float64") check_histogram<double>(f, device);
      else if (f.dtype == "float32") check_histogram<float>(f, device);
      else if (f.dtype == "int32") check_histogram<std::int32_t>(f, device);
      else FAIL_CHECK("unknown dtype " << f.dtype);
    }
  }
  CHECK(cases > 20);
}

SINTER_DEVICE_TEST(scatter_semantics,
                   "scatters write in place (views and other handles see it), compute pending "
                   "readers first, and refuse bad index types, devices and read-only targets") {
  Array<float> x({0, 0, 0, 0, 0, 0}, Shape{2, 3}, device);
  const Array<float> alias = x;                  // NOLINT(performance-unnecessary-copy-initialization): a second handle
  const Array<float> doubled = x * 2.0f + 1.0f;  // pending: keeps x's old elements
  const Array<std::int64_t> cols(std::vector<std::int64_t>{2, 0, 2}, device);
  Array<float> row = x.slice({1});
  row(cols) = Array<float>({5, 6, 7}, device);  // into a view: row 1 of x
  CHECK(alias.to_vector() == std::vector<float>{0, 0, 0, 6, 0, 7});
  CHECK(doubled.to_vector() == std::vector<float>{1, 1, 1, 1, 1, 1});
  add_at(x, Array<std::int32_t>(std::vector<std::int32_t>{0, 0, -1}, device), 1.0f);  // rows
  CHECK(x.to_vector() == std::vector<float>{2, 2, 2, 7, 1, 8});
  // A pending index expression and a pending value.
  x(cols - 2) = x.slice({1, 1}) + 10.0f;  // rows 0, -2 (row 0), 0 of x, all x[1, 1] + 10
  CHECK(x.to_vector() == std::vector<float>{11, 11, 11, 7, 1, 8});
  scatter_add(x, Array<std::int64_t>(std::vector<std::int64_t>{1}, device), Array<float>({1, 2, 3}, device));
  CHECK(x.to_vector() == std::vector<float>{11, 11, 11, 8, 3, 11});
  CHECK_THROWS_AS(x(Array<std::int64_t>(std::vector<std::int64_t>{0}, device)) = Array<float>({1, 2}, device),
                  ShapeError);
  CHECK_THROWS_AS(
      add_at(x.broadcast_to(Shape{2, 2, 3}), Array<std::int64_t>(std::vector<std::int64_t>{0}, device), 1.0f),
      ValueError);  // a broadcast view is read-only
  CHECK(x.to_vector() == std::vector<float>{11, 11, 11, 8, 3, 11});
}
