// Writes into views (docs/views.md): x(...) = value and x(...) op= value against NumPy
// (tests/fixtures/writes.txt, written by make_write_fixtures.py), values that overlap the
// target's memory included, on every device; what the other handles see; pending readers keep
// the old elements; in-place compound assignment is one kernel; errors by message.
#include <sstream>

#include "support.h"
#include "view_steps.h"

using namespace sinter;
using doctest::Contains;
using test::apply_step;
using test::base_array;
using test::parse;

namespace {

struct WriteFixture {
  std::string name, dtype;
  Shape base;
  std::vector<std::string> target;
  std::string value_kind;          // scalar, array or self
  std::vector<std::string> value;  // scalar: one word; array: the elements; self: the steps
  Shape value_shape;               // array
  std::string op;
  std::vector<std::string> out;  // the base after the write
  bool error = false;
};

std::vector<std::string> steps_of(const std::string& text) {
  std::vector<std::string> steps;
  std::istringstream in(text);
  std::string step;
  while (std::getline(in, step, ';')) {
    const auto first = step.find_first_not_of(' ');
    if (first != std::string::npos) steps.push_back(step.substr(first));
  }
  return steps;
}

const std::vector<WriteFixture>& fixtures() {
  static const std::vector<WriteFixture> all = [] {
    std::vector<WriteFixture> cases;
    test::read_fixture_lines("writes.txt", [&](const std::string& kind, std::istream& line) {
      std::string rest, word;
      if (kind == "case") {
        cases.emplace_back();
        line >> cases.back().name >> cases.back().dtype;
        cases.back().base = test::read_shape(line);
      } else if (kind == "target") {
        std::getline(line, rest);
        cases.back().target = steps_of(rest);
      } else if (kind == "value") {
        WriteFixture& f = cases.back();
        line >> f.value_kind;
        if (f.value_kind == "self") {
          std::getline(line, rest);
          f.value = steps_of(rest);
        } else {
          if (f.value_kind == "array") {
            f.value_shape = test::read_shape(line);
            line >> word;  // ":"
          }
          while (line >> word) f.value.push_back(word);
        }
      } else if (kind == "op") {
        line >> cases.back().op;
      } else if (kind == "out") {
        test::read_shape(line);
        line >> word;  // ":"
        while (line >> word) cases.back().out.push_back(word);
      } else if (kind == "error") {
        cases.back().error = true;
      }
    });
    return cases;
  }();
  return all;
}

template <class T> Array<T> view_of(const Array<T>& base, const std::vector<std::string>& steps) {
  Array<T> v = base;
  for (const auto& s : steps) v = apply_step(v, s);
  return v;
}

template <class T, class V> void write(const Array<T>& target, const std::string& op, const V& value) {
  if (op == "assign") target.assign(value);
  else if (op == "add") target += value;
  else if (op == "sub") target -= value;
  else target *= value;
}

template <class T> void run_fixture(const WriteFixture& f, Device device) {
  CAPTURE(f.name);
  Array<T> base = base_array<T>(f.base, device);
  const Array<T> other_handle = base;  // shares the memory: sees the write, as in NumPy
  const Array<T> target = view_of(base, f.target);
  auto run = [&] {
    if (f.value_kind == "scalar") {
      write(target, f.op, parse<T>(f.value[0]));
    } else if (f.value_kind == "array") {
      std::vector<T> v;
      for (const auto& s : f.value) v.push_back(parse<T>(s));
      write(target, f.op, Array<T>(v, f.value_shape, device));
    } else {
      write(target, f.op, view_of(base, f.value));
    }
  };
  if (f.error) {
    CHECK_THROWS_AS(run(), ShapeError);
    return;
  }
  run();
  std::vector<T> want;
  for (const auto& s : f.out) want.push_back(parse<T>(s));
  test::check_close(base.to_vector(), want, 0, f.name + " against NumPy");
  test::check_close(other_handle.to_vector(), want, 0, f.name + " through another handle");
}

void run_any(const WriteFixture& f, Device device) {
  if (f.dtype == "int32") run_fixture<std::int32_t>(f, device);
  else if (f.dtype == "int64") run_fixture<std::int64_t>(f, device);
  else if (f.dtype == "float32") run_fixture<float>(f, device);
  else run_fixture<double>(f, device);
}

}  // namespace

SINTER_DEVICE_TEST(write_fixtures,
                   "writes into views give NumPy's results: scalars, broadcast arrays, compound "
                   "assignment, and values overlapping the target's memory (tests/fixtures/writes.txt)") {
  int checked = 0, errors = 0, overlapping = 0;
  for (const WriteFixture& f : fixtures()) {
    run_any(f, device);
    (f.error ? errors : checked)++;
    overlapping += f.value_kind == "self" ? 1 : 0;
  }
  MESSAGE(checked << " NumPy write cases (" << overlapping << " overlapping), " << errors << " error cases");
  CHECK(checked >= 120);
  CHECK(overlapping >= 40);
  CHECK(errors >= 5);
}

SINTER_DEVICE_TEST(write_semantics,
                   "a write is seen by every handle and view of the memory, not by pending arrays "
                   "made before it, and x += y in place is one kernel that allocates nothing") {
  std::vector<float> host(12);
  for (std::size_t i = 0; i < host.size(); ++i) host[i] = static_cast<float>(i);
  Array<float> x(host, Shape{3, 4}, device);
  const Array<float> column = x(all, 1);
  const Array<float> before = x * 2.0f;  // pending: computed before the write, with the old elements
  x(1, all) = 7.0f;
  test::check_close(column.to_vector(), std::vector<float>{1, 7, 9}, 0, "a view sees the write");
  test::check_close(before.to_vector(), std::vector<float>{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22}, 0,
                    "a pending array keeps the old elements");

  const Array<float> y = full<float>(Shape{3, 4}, 0.5f, device) + 0.0f;
  y.eval();
  reset_counters();
  x += y;
  Counters c = counters();
  CHECK(c.kernel_launches == 1);
  CHECK(c.bytes_allocated == 0);
  test::check_close(x.to_vector(),
                    std::vector<float>{0.5f, 1.5f, 2.5f, 3.5f, 7.5f, 7.5f, 7.5f, 7.5f, 8.5f, 9.5f, 10.5f, 11.5f}, 0,
                    "x += y");

  // A pending target is computed first; its other handles see the write.
  Array<float> p = x * 1.0f;
  const Array<float> q = p;  // NOLINT(performance-unnecessary-copy-initialization): a second handle
  p(0, 0) = -1.0f;
  CHECK(q.at(0) == -1.0f);
  CHECK(x.at(0) == 0.5f);

  // A write through a transposed view lands where NumPy's does.
  Array<float> t = Array<float>(host, Shape{3, 4}, device);
  t.transpose()(1, all) = Array<float>({-1, -2, -3}, device);
  test::check_close(t.to_vector(), std::vector<float>{0, -1, 2, 3, 4, -2, 6, 7, 8, -3, 10, 11}, 0, "transposed view");
}

SINTER_DEVICE_TEST(separate_arrays_stay_separate,
                   "arrays made separately from equal expressions, factories or reductions are distinct: a write "
                   "into one never reaches the other (hash-consing shared their node once)") {
  const Array<float> x({1, 2, 3}, device);
  // Each pair would share one node through hash-consing; writing a must leave b as NumPy does.
  auto check_separate = [](const Array<float>& a, const Array<float>& b, float b0, const char* what) {
    a.assign(-7.0f);
    CHECK_MESSAGE(a.at(0) == -7.0f, what);
    CHECK_MESSAGE(b.at(0) == b0, what);
  };
  {
    Array<float> a = x + 1.0f, b = x + 1.0f;
    check_separate(a, b, 2.0f, "equal expressions");
  }
  {
    auto named = x * 2.0f;  // one expression object adopted twice (the build memo returns one node)
    Array<float> a = named, b = named;
    check_separate(a, b, 2.0f, "one named expression");
  }
  check_separate(zeros<float>(3, device), zeros<float>(3, device), 0.0f, "zeros");
  check_separate(full<float>(Shape{3}, 2.5f, device), full<float>(Shape{3}, 2.5f, device), 2.5f, "full");
  check_separate(arange<float>(3, device), arange<float>(3, device), 0.0f, "arange");
  check_separate(sum(x, {0}, true), sum(x, {0}, true), 6.0f, "equal reductions");
  {
    // A value that is an existing array's memory is copied: sum over a 0-d array, a cast to the
    // same type. Writing the result leaves the operand alone.
    Array<float> scalar = Array<float>({4.0f}, device).reshape(Shape{});
    check_separate(sum(scalar), scalar, 4.0f, "sum of a 0-d array");
    check_separate(cast<float>(x), x, 1.0f, "cast to the array's own type");
  }
  {
    // Handles of one array still share it (b = a is NumPy's aliasing), pending or computed.
    Array<float> a = x - 1.0f;
    const Array<float> alias = a;  // NOLINT(performance-unnecessary-copy-initialization): a second handle
    a.assign(5.0f);
    CHECK(alias.at(2) == 5.0f);
  }
  // Arrays of equal expressions still compute together: one kernel for both.
  Array<float> a = sinter::exp(x) + 1.0f, b = sinter::exp(x) + 1.0f;
  reset_counters();
  eval(a, b);
  CHECK(counters().kernel_launches == 1);
  test::check_close(a.to_vector(), b.to_vector(), 0, "equal expressions, equal values");
}

SINTER_DEVICE_TEST(write_errors, "bad writes raise sinter errors naming what was wrong") {
  Array<float> x = full<float>(Shape{3, 4}, 1.0f, device) + 0.0f;
  CHECK_THROWS_WITH_AS(x(0, all) = Array<float>({1, 2}, device),
                       Contains("a value of shape (2,) cannot be broadcast into a target of shape (4,)"), ShapeError);
  Array<float> row = Array<float>({1, 2, 3, 4}, device);
  const Array<float> b = row.broadcast_to(Shape{3, 4});
  CHECK_THROWS_WITH_AS(b(0, all) = 5.0f, Contains("read-only"), ValueError);
  CHECK_THROWS_WITH_AS(b.assign(5.0f), Contains("broadcast view"), ValueError);
  CHECK(row.at(0) == 1.0f);
  if (device == cpu() && !test::cuda_unavailable()) {
    CHECK_THROWS_WITH_AS(x(0, all) = Array<float>({1, 2, 3, 4}, cuda(0)), Contains("cuda(0)"), DeviceError);
  }
  Array<float> empty;
  CHECK_THROWS_AS(empty.assign(1.0f), EmptyArrayError);
}
