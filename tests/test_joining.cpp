// Joining, repeating and creating arrays (include/sinter/joining.h) against NumPy
// (tests/fixtures/joining.txt, written by make_joining_fixtures.py) on every device; which of
// them are views and how many kernels they run.
#include "support.h"
#include "view_steps.h"

using namespace sinter;
using test::base_array;
using test::parse;
using test::read_shape;

namespace {

struct JoinFixture {
  std::string name, dtype;
  std::vector<Shape> inputs;
  std::vector<std::string> op;
  Shape out;
  std::vector<std::string> values;
  std::string error;
};

std::vector<JoinFixture> fixtures() {
  std::vector<JoinFixture> all;
  test::read_fixture_lines("joining.txt", [&](const std::string& word, std::istream& in) {
    if (word == "case") {
      all.emplace_back();
      in >> all.back().name >> all.back().dtype;
    } else if (word == "in") {
      all.back().inputs.push_back(read_shape(in));
    } else if (word == "op") {
      for (std::string w; in >> w;) all.back().op.push_back(w);
    } else if (word == "out") {
      all.back().out = read_shape(in);
      std::string colon;
      in >> colon;
      for (std::string w; in >> w;) all.back().values.push_back(w);
    } else if (word == "error") {
      in >> all.back().error;
    }
  });
  return all;
}

std::int64_t integer(const std::string& s) { return std::strtoll(s.c_str(), nullptr, 10); }
int axis_of(const std::string& s) { return static_cast<int>(integer(s)); }

template <class T> Array<T> run(const JoinFixture& f, Device device) {
  std::vector<Array<T>> in;
  for (const Shape& s : f.inputs) in.push_back(base_array<T>(s, device));
  const std::vector<std::string>& op = f.op;
  const std::string& name = op[0];
  if (name == "concatenate") return concatenate(std::span<const Array<T>>(in), axis_of(op[1]));
  if (name == "stack") return stack(std::span<const Array<T>>(in), axis_of(op[1]));
  if (name == "flip") return op[1] == "all" ? flip(in[0]) : flip(in[0], axis_of(op[1]));
  if (name == "roll")
    return op[2] == "none" ? roll(in[0], integer(op[1])) : roll(in[0], integer(op[1]), axis_of(op[2]));
  if (name == "repeat")
    return op[2] == "none" ? repeat(in[0], integer(op[1])) : repeat(in[0], integer(op[1]), axis_of(op[2]));
  if (name == "tile") {
    std::vector<std::int64_t> reps;
    for (std::size_t k = 0; k < static_cast<std::size_t>(integer(op[1])); ++k) reps.push_back(integer(op[2 + k]));
    return tile(in[0], std::span<const std::int64_t>(reps));
  }
  if (name == "pad") {
    std::vector<std::pair<std::int64_t, std::int64_t>> widths;
    for (std::size_t k = 0; k < static_cast<std::size_t>(integer(op[3])); ++k)
      widths.emplace_back(integer(op[4 + 2 * k]), integer(op[5 + 2 * k]));
    return pad(in[0], std::span<const std::pair<std::int64_t, std::int64_t>>(widths),
               op[1] == "edge" ? PadMode::Edge : PadMode::Constant, parse<T>(op[2]));
  }
  if (name == "linspace")
    return linspace<T>(std::strtod(op[1].c_str(), nullptr), std::strtod(op[2].c_str(), nullptr), integer(op[3]),
                       op[4] == "1", device);
  if (name == "eye") return eye<T>(integer(op[1]), integer(op[2]), integer(op[3]), device);
  if (name == "tril") return tril(in[0], integer(op[1]));
  if (name == "triu") return triu(in[0], integer(op[1]));
  FAIL("unknown op " << name);
  return {};
}

template <class T> void check(const JoinFixture& f, Device device) {
  if (!f.error.empty()) {
    try {
      (void)run<T>(f, device).to_vector();
      FAIL_CHECK("no error; NumPy raises " << f.error);
    } catch (const sinter::Error& e) {
      const std::string got = e.what();
      const bool kind = (f.error == "ShapeError" && dynamic_cast<const ShapeError*>(&e)) ||
                        (f.error == "IndexError" && dynamic_cast<const IndexError*>(&e)) ||
                        (f.error == "ValueError" && dynamic_cast<const ValueError*>(&e));
      CHECK_MESSAGE(kind, "expected " << f.error << ", got: " << got);
    }
    return;
  }
  const Array<T> r = run<T>(f, device);
  CHECK_MESSAGE(r.shape() == f.out, "shape " << r.shape().to_string() << ", NumPy " << f.out.to_string());
  std::vector<T> want;
  for (const std::string& v : f.values) want.push_back(parse<T>(v));
  const std::vector<T> got = r.to_vector();
  CHECK(got.size() == want.size());
  for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i)
    if (!(got[i] == want[i])) {
      FAIL_CHECK("element " << i << ": " << static_cast<double>(got[i]) << ", NumPy " << static_cast<double>(want[i]));
      break;
    }
}

}  // namespace

SINTER_DEVICE_TEST(joining_fixtures,
                   "concatenate, stack, flip, roll, repeat, tile, pad, linspace, eye, tril and "
                   "triu give NumPy's results (tests/fixtures/joining.txt)") {
  const std::vector<JoinFixture> cases = fixtures();
  CHECK(cases.size() > 60);
  for (const JoinFixture& f : cases) {
    CAPTURE(f.name);
    if (f.dtype == "float64") check<double>(f, device);
    else if (f.dtype == "float32") check<float>(f, device);
    else if (f.dtype == "int32") check<std::int32_t>(f, device);
    else if (f.dtype == "int64") check<std::int64_t>(f, device);
    else if (f.dtype == "bool") check<bool>(f, device);
    else FAIL_CHECK("unknown dtype " << f.dtype);
  }
}

SINTER_DEVICE_TEST(joining_costs,
                   "flip is a view, eye, tril and linspace are fused expressions, concatenate runs "
                   "one kernel per part, fusing a pending part into its write") {
  const Array<float> x({1, 2, 3, 4, 5, 6}, Shape{2, 3}, device);
  CHECK(flip(x, 1).is_strided_view());
  CHECK(flip(x, 1).to_vector() == std::vector<float>{3, 2, 1, 6, 5, 4});
  CHECK(eye<float>(4, device).is_pending());
  CHECK(linspace<float>(0, 1, 5, true, device).is_pending());
  CHECK(tril(x).is_pending());
  const Array<float> pending = x * 2.0f;
  reset_counters();
  const Array<float> joined = concatenate({pending, x}, 0);
  CHECK(counters().kernel_launches == 2);
  CHECK(joined.to_vector() == std::vector<float>{2, 4, 6, 8, 10, 12, 1, 2, 3, 4, 5, 6});
  CHECK_THROWS_AS(concatenate({x, Array<float>({1.0f}, cpu()).reshape(Shape{1, 1})}, 0), sinter::Error);
}
