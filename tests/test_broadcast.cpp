// N-d arrays and NumPy broadcasting: results against NumPy's (tests/fixtures/broadcast.txt,
// written by make_broadcast_fixtures.py) and the reference interpreter, on every dtype and
// device; fusion of broadcast expressions proved by the counters; shapes in errors.
#include <cstdlib>

#include "support.h"

using namespace sinter;
using doctest::Contains;

namespace {

// ---- The NumPy fixtures ----

struct FixtureArray {
  std::string dtype;
  Shape shape;
  std::vector<std::string> values;
};

struct Fixture {
  std::string name;
  std::string op;
  std::vector<FixtureArray> in;
  FixtureArray out;
  bool error = false;
};

FixtureArray parse_array(std::istream& line) {
  FixtureArray a;
  int ndim = 0;
  line >> a.dtype >> ndim;
  for (int d = 0; d < ndim; ++d) {
    std::int64_t size = 0;
    line >> size;
    a.shape.push_back(size);
  }
  std::string word;
  line >> word;  // ":"
  while (line >> word) a.values.push_back(word);
  return a;
}

const std::vector<Fixture>& fixtures() {
  static const std::vector<Fixture> all = [] {
    std::vector<Fixture> cases;
    test::read_fixture_lines("broadcast.txt", [&](const std::string& kind, std::istream& line) {
      if (kind == "case") {
        cases.emplace_back();
        line >> cases.back().name >> cases.back().op;
      } else if (kind == "in") {
        cases.back().in.push_back(parse_array(line));
      } else if (kind == "out") {
        cases.back().out = parse_array(line);
      } else if (kind == "error") {
        cases.back().error = true;
      }
    });
    return cases;
  }();
  return all;
}

template <class T> T parse(const std::string& s) {
  if constexpr (std::is_same_v<T, bool>) return s == "1";
  else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(std::strtod(s.c_str(), nullptr));
  else return static_cast<T>(std::strtoll(s.c_str(), nullptr, 10));
}

template <class T> std::vector<T> parse_values(const FixtureArray& a) {
  std::vector<T> v;
  for (const auto& s : a.values) v.push_back(parse<T>(s));
  return v;
}

template <class T> Array<T> make_array(const FixtureArray& a, Device device) {
  REQUIRE(a.dtype == std::string(name_of(dtype_v<T>)));
  return Array<T>(parse_values<T>(a), a.shape, device);
}

// The result must equal NumPy's exactly, and the interpreter's.
template <class R> void check_against_fixture(const Array<R>& r, const Fixture& f) {
  CAPTURE(f.name);
  REQUIRE(f.out.dtype == std::string(name_of(dtype_v<R>)));
  CHECK_MESSAGE(r.shape() == f.out.shape, "shape " << r.shape().to_string() << ", NumPy's " << f.out.shape.to_string());
  const std::vector<R> interpreted = test::reference(r);
  const std::vector<R> got = r.to_vector();
  const std::vector<R> want = parse_values<R>(f.out);
  test::check_close(got, want, 0, f.name + " against NumPy");
  test::check_close(interpreted, want, 0, f.name + " interpreter against NumPy");
}

template <class T> void run_fixture(const Fixture& f, Device device) {
  if (f.op == "where") {
    auto c = make_array<bool>(f.in[0], device);
    auto a = make_array<T>(f.in[1], device), b = make_array<T>(f.in[2], device);
    check_against_fixture(Array(where(c, a, b)), f);
    return;
  }
  auto a = make_array<T>(f.in[0], device), b = make_array<T>(f.in[1], device);
  if (f.op == "lt") return check_against_fixture(Array(a < b), f);
  if (f.op == "eq") return check_against_fixture(Array(a == b), f);
  if constexpr (std::is_same_v<T, bool>) {
    REQUIRE(f.op == "and");
    check_against_fixture(Array(a && b), f);
  } else {
    if (f.op == "add") check_against_fixture(Array(a + b), f);
    else if (f.op == "sub") check_against_fixture(Array(a - b), f);
    else if (f.op == "mul") check_against_fixture(Array(a * b), f);
    else if (f.op == "div") check_against_fixture(Array(a / b), f);
    else if (f.op == "minimum") check_against_fixture(Array(minimum(a, b)), f);
    else if (f.op == "maximum") check_against_fixture(Array(maximum(a, b)), f);
    else FAIL("unknown fixture op " << f.op);
  }
}

// ---- Shapes and values for the interpreter comparisons ----

std::vector<float> ramp(std::int64_t n, float scale) {
  std::vector<float> v(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = scale * static_cast<float>(static_cast<int>(i % 23) - 11) + 0.5f;
  return v;
}

template <class T> Array<T> random_array(const Shape& shape, Device device, unsigned seed) {
  auto v = test::values_with_edges<T>(static_cast<std::size_t>(shape.numel()), -50, 50, seed);
  v.resize(static_cast<std::size_t>(shape.numel()));  // the edge values come after the random ones
  return Array<T>(test::shuffled(v, seed + 1), shape, device);
}

// A fused expression over three operands of different shapes, for one dtype.
template <class T> auto mixed_expression(const Array<T>& x, const Array<T>& y, const Array<T>& z) {
  if constexpr (std::is_same_v<T, bool>) return Array<bool>(where(x && !y, z, x || y));
  else if constexpr (std::is_floating_point_v<T>)
    // Exact ops, and exp only scaled afterwards: the result is within exp's own error.
    return Array<T>(where(x > z, x * y - z / (sinter::abs(y) + T(1)), sinter::exp(y * T(0.01)) * T(2)));
  else return Array<T>(x * y - maximum(x, z) + T(3));
}

constexpr double kMathUlp = 4;  // exp and sin: docs/accuracy.md

template <class T> void check_mixed(Device device, const Shape& a, const Shape& b, const Shape& c, unsigned seed) {
  auto x = random_array<T>(a, device, seed), y = random_array<T>(b, device, seed + 10),
       z = random_array<T>(c, device, seed + 20);
  auto r = mixed_expression(x, y, z);
  const Shape want_shape = broadcast_shapes(broadcast_shapes(a, b), c);
  CHECK(r.shape() == want_shape);
  const auto want = test::reference(r);
  test::check_close(r.to_vector(), want, is_float(dtype_v<T>) ? kMathUlp : 0,
                    std::string(name_of(dtype_v<T>)) + " " + a.to_string() + " " + b.to_string() + " " + c.to_string());
}

}  // namespace

SINTER_DEVICE_TEST(numpy_fixtures,
                   "broadcasting gives NumPy's results: every op and dtype, up to 4-D, size-1 and "
                   "size-0 dimensions (tests/fixtures/broadcast.txt)") {
  int checked = 0;
  for (const Fixture& f : fixtures()) {
    if (f.error) continue;
    const std::string& t = f.op == "where" ? f.in[1].dtype : f.in[0].dtype;
    if (t == "bool") run_fixture<bool>(f, device);
    else if (t == "int32") run_fixture<std::int32_t>(f, device);
    else if (t == "int64") run_fixture<std::int64_t>(f, device);
    else if (t == "float32") run_fixture<float>(f, device);
    else run_fixture<double>(f, device);
    ++checked;
  }
  MESSAGE(checked << " NumPy fixture cases");
  CHECK(checked >= 700);
}

SINTER_DEVICE_TEST(numpy_fixture_errors,
                   "where NumPy cannot broadcast, sinter raises ShapeError naming the op and "
                   "the shapes") {
  int checked = 0;
  for (const Fixture& f : fixtures()) {
    if (!f.error) continue;
    CAPTURE(f.name);
    auto a = make_array<float>(f.in[f.op == "where" ? 1 : 0], device);
    auto b = make_array<float>(f.in[f.op == "where" ? 2 : 1], device);
    if (f.op == "where") {
      auto c = make_array<bool>(f.in[0], device);
      CHECK_THROWS_WITH_AS(Array(where(c, a, b)), Contains("where: shapes"), ShapeError);
    } else {
      const std::string message =
          f.op + ": shapes " + a.shape().to_string() + " and " + b.shape().to_string() + " cannot be broadcast";
      if (f.op == "add") CHECK_THROWS_WITH_AS(Array(a + b), message.c_str(), ShapeError);
      else if (f.op == "mul") CHECK_THROWS_WITH_AS(Array(a * b), message.c_str(), ShapeError);
      else if (f.op == "minimum") CHECK_THROWS_WITH_AS(Array(minimum(a, b)), message.c_str(), ShapeError);
      else FAIL("unknown fixture op " << f.op);
    }
    ++checked;
  }
  CHECK(checked == 5);
}

SINTER_DEVICE_TEST(interpreter_odd_shapes,
                   "fused broadcast expressions agree with the interpreter on odd shapes, "
                   "every dtype, up to 8-D and past the thread pool's threshold") {
  struct Case {
    Shape a, b, c;
  };
  const std::vector<Case> cases = {
      {{7}, {1}, {}},
      {{3, 5}, {5}, {3, 1}},
      {{1, 9}, {4, 1}, {1}},
      {{2, 3, 4}, {3, 1}, {2, 1, 4}},
      {{5, 1, 7, 3}, {6, 1, 1}, {7, 3}},
      {{2, 1, 3, 1}, {1, 4, 1, 5}, {3, 5}},
      {{300, 257}, {257}, {300, 1}},    // 77100 elements: chunks on threads, split in mid-row
      {{33, 2, 1001}, {2, 1}, {1001}},  // 66066 elements, rows of 1001
      {{4, 0, 3}, {3}, {1, 1}},
      {{64, 256}, {256}, {64, 1}},  // rows a multiple of 4: the GPU's row-group loop
      {{3, 4, 8}, {4, 1}, {8}},
      {{130, 1, 12}, {1, 7, 1}, {12}},
      {{2, 1, 3, 1, 2, 1, 3, 1}, {1, 2, 1, 2, 1, 2, 1, 2}, {3, 1}},  // 8-D, nothing merges
  };
  unsigned seed = 1;
  for (const Case& c : cases) {
    check_mixed<bool>(device, c.a, c.b, c.c, seed++);
    check_mixed<std::int32_t>(device, c.a, c.b, c.c, seed++);
    check_mixed<std::int64_t>(device, c.a, c.b, c.c, seed++);
    check_mixed<float>(device, c.a, c.b, c.c, seed++);
    check_mixed<double>(device, c.a, c.b, c.c, seed++);
  }
}

SINTER_DEVICE_TEST(broadcast_one_kernel,
                   "a broadcast expression is one kernel, copies nothing, and is reused for "
                   "other sizes of the same pattern") {
  for (int round = 0; round < 3; ++round) {
    const std::int64_t rows = 4 + 3 * round, columns = 5 + 11 * round;
    Array<float> x(ramp(rows * columns, 0.5f), Shape{rows, columns}, device);
    Array<float> y(ramp(columns, 2.0f), Shape{columns}, device);
    Array<float> z(ramp(rows, -1.0f), Shape{rows, 1}, device);
    reset_counters();
    Array<float> a = x * y;
    Array<float> r = a + z - 1.0f;
    a = Array<float>();  // a is an intermediate nobody holds: inlined
    r.eval();
    CHECK(counters().kernel_launches == 1);
    // Only the result is allocated: y and z are read in place through zero strides.
    CHECK(counters().bytes_allocated == static_cast<std::uint64_t>(rows * columns) * sizeof(float));
    if (round > 0) CHECK(counters().kernels_compiled == 0);  // sizes are parameters
    auto vx = x.to_vector(), vy = y.to_vector(), vz = z.to_vector(), vr = r.to_vector();
    for (std::int64_t i = 0; i < rows; ++i)
      for (std::int64_t j = 0; j < columns; ++j) {
        const auto k = static_cast<std::size_t>(i * columns + j);
        REQUIRE(vr[k] == vx[k] * vy[static_cast<std::size_t>(j)] + vz[static_cast<std::size_t>(i)] - 1.0f);
      }
  }
}

SINTER_DEVICE_TEST(full_with_shape_fuses,
                   "full, zeros and ones with a shape stay scalars that fuse into broadcast "
                   "consumers") {
  Array<double> x(std::vector<double>{1, 2, 3, 4, 5, 6}, Shape{2, 3}, device);
  reset_counters();
  Array<double> r = x + full<double>(Shape{3}, 0.5, device) + ones<double>(Shape{2, 1}, device);
  r.eval();
  CHECK(counters().kernel_launches == 1);
  CHECK(counters().bytes_allocated == 6 * sizeof(double));
  CHECK(r.shape() == Shape{2, 3});
  CHECK(r.to_vector() == std::vector<double>{2.5, 3.5, 4.5, 5.5, 6.5, 7.5});
  CHECK(zeros<std::int32_t>(Shape{2, 2}, device).to_vector() == std::vector<std::int32_t>{0, 0, 0, 0});
  CHECK(full<bool>(Shape{1, 3}, true, device).shape() == Shape{1, 3});
  CHECK(zeros<float>(Shape{3, 0}, device).to_vector().empty());
}

SINTER_DEVICE_TEST(contiguous_nd_fast_path,
                   "same-shape N-d operands and 1-D arrays keep the flat loop, broadcast "
                   "operands get the fewest dimensions they need") {
  Array<float> x(ramp(24, 1.0f), Shape{2, 3, 4}, device), y(ramp(24, 3.0f), Shape{2, 3, 4}, device);
  std::string ir = Array<float>(x * y).kernel_ir();
  CHECK(ir.find("iteration") == std::string::npos);
  CHECK(ir.find("in1[i]") != std::string::npos);
  // (2,3,4) with (3,4): the (3,4) operand repeats as one block of 12, so one dimension merges away.
  Array<float> b(ramp(12, 1.0f), Shape{3, 4}, device);
  ir = Array<float>(x + b).kernel_ir();
  CHECK(ir.find("iteration: 2 dimensions") != std::string::npos);
  CHECK(ir.find("inner stride unit") != std::string::npos);
  // (2,3,4) with (2,3,1): one value per row of 4.
  Array<float> c(ramp(6, 1.0f), Shape{2, 3, 1}, device);
  ir = Array<float>(x + c).kernel_ir();
  CHECK(ir.find("iteration: 2 dimensions") != std::string::npos);
  CHECK(ir.find("inner stride zero") != std::string::npos);
}

SINTER_DEVICE_TEST(nd_construction, "N-d arrays: construction, shape, reshape without a copy, 0-d arrays") {
  Array<std::int32_t> m({1, 2, 3, 4, 5, 6}, Shape{2, 3}, device);
  CHECK(m.shape() == Shape{2, 3});
  CHECK(m.ndim() == 2);
  CHECK(m.size() == 6);
  CHECK(m.at(4) == 5);  // flat, row-major
  CHECK_THROWS_WITH_AS(Array<float>({1.0f, 2.0f, 3.0f}, Shape{2, 2}, device),
                       "Array: 3 values cannot fill shape (2, 2) of 4 elements", ShapeError);

  reset_counters();
  Array<std::int32_t> t = m.reshape(Shape{3, 2});
  CHECK(t.shape() == Shape{3, 2});
  CHECK(counters().bytes_allocated == 0);  // shares m's memory
  CHECK(t.to_vector() == m.to_vector());
  Array<std::int32_t> column = t.reshape(Shape{6, 1});
  CHECK(Array<std::int32_t>(column + m.reshape(Shape{6})).shape() == Shape{6, 6});
  CHECK_THROWS_WITH_AS(m.reshape(Shape{4, 2}),
                       "reshape: cannot reshape an array of shape (2, 3) (6 elements) to (4, 2) (8 elements)",
                       ShapeError);
  // A pending array is computed first, then relabeled.
  Array<std::int32_t> p = m * 2;
  Array<std::int32_t> q = p.reshape(Shape{6});
  CHECK(q.to_vector() == std::vector<std::int32_t>{2, 4, 6, 8, 10, 12});

  Array<double> scalar({2.5}, Shape{}, device);  // 0-d: one element, no dimensions
  CHECK(scalar.ndim() == 0);
  CHECK(scalar.item() == 2.5);
  Array<double> row({1.0, 2.0}, Shape{1, 2}, device);
  Array<double> s = row * scalar;
  CHECK(s.shape() == Shape{1, 2});
  CHECK(s.to_vector() == std::vector<double>{2.5, 5.0});
  CHECK(Array<double>(scalar + scalar).shape() == Shape{});
  CHECK(Array<double>(scalar + scalar).item() == 5.0);
}

TEST_CASE("broadcast_shapes follows NumPy, and mismatches name both shapes and the op") {
  CHECK(broadcast_shapes(Shape{2, 3}, Shape{3}) == Shape{2, 3});
  CHECK(broadcast_shapes(Shape{3, 1}, Shape{1, 4}) == Shape{3, 4});
  CHECK(broadcast_shapes(Shape{}, Shape{2}) == Shape{2});
  CHECK(broadcast_shapes(Shape{0}, Shape{1}) == Shape{0});
  CHECK(broadcast_shapes(Shape{5, 1, 3}, Shape{4, 1}) == Shape{5, 4, 3});
  CHECK_THROWS_WITH_AS(broadcast_shapes(Shape{0}, Shape{2}), "shapes (0,) and (2,) cannot be broadcast", ShapeError);
  Array<float> a(ramp(6, 1.0f), Shape{2, 3}), b(ramp(4, 1.0f), Shape{4});
  CHECK_THROWS_WITH_AS(Array<float>(a + b), "add: shapes (2, 3) and (4,) cannot be broadcast", ShapeError);
  CHECK_THROWS_WITH_AS(Array<bool>(a < b), "lt: shapes (2, 3) and (4,) cannot be broadcast", ShapeError);
  // The library stays usable.
  CHECK(Array<float>(a + a).shape() == Shape{2, 3});
}

TEST_CASE("a layout with a runtime inner stride (the strided views of phase B) reads the right elements") {
  // out[i, j] = in0[j, i] + in1[i, j] over (3, 4): in0 is (4, 3) read transposed, strides (1, 3).
  ir::KernelIR k;
  k.inputs = {DType::Float64, DType::Float64};
  k.scalars = {DType::Int64, DType::Int64, DType::Int64, DType::Int64};
  k.rank = 2;
  k.shape_slot = 0;
  k.layouts = {{2, ir::InnerStride::Runtime}};
  ir::Instr load0{Op::Buffer, DType::Float64};
  load0.slot = 0;
  load0.layout = 0;
  ir::Instr load1{Op::Buffer, DType::Float64};
  load1.slot = 1;
  ir::Instr add{Op::Add, DType::Float64};
  add.num_args = 2;
  add.args = {0, 1, 0};
  k.body = {load0, load1, add};
  k.outputs = {2};
  k.seal();
  CHECK(ir::to_string(k).find("inner stride runtime") != std::string::npos);

  std::vector<double> transposed(12), plain(12), out(12, -1), interpreted(12, -1);
  for (int i = 0; i < 12; ++i) {
    transposed[static_cast<std::size_t>(i)] = 100.0 * i;
    plain[static_cast<std::size_t>(i)] = i;
  }
  ir::KernelArgs args;
  args.buffers = {transposed.data(), plain.data(), out.data()};
  args.scalars = {3, 4, 1, 3};
  args.n = 12;
  Backend& cpu_backend = backend_for(cpu());
  cpu_backend.launch(*cpu_backend.compile(k), args);
  args.buffers[2] = interpreted.data();
  interpret(k, args);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 4; ++j) {
      const std::size_t at = i * 4 + j;
      CHECK(out[at] == transposed[j * 3 + i] + plain[at]);
      CHECK(interpreted[at] == out[at]);
    }
}
