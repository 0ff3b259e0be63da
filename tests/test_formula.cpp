// Formula strings (include/sinter/formula.h, docs/formulas.md): each formula against the same
// expression written in C++ (bit-identical values and the same kernel: the C++ version, run
// second, is a kernel-cache hit), typing as the C++ API types, and parse and type errors with a
// caret under the offending column.
#include <cstring>
#include <functional>

#include "support.h"

using namespace sinter;
using doctest::Contains;

namespace {

// Bit for bit (NaN included); `same_kernel`: the C++ version, run second, compiles nothing.
template <class T>
void check_same(const Array<T>& formula, const Array<T>& cpp, const std::string& what, bool same_kernel = true) {
  formula.eval();
  reset_counters();
  const std::vector<T> want = cpp.to_vector();
  if (same_kernel)
    CHECK_MESSAGE(counters().kernels_compiled == 0, what << ": the C++ expression needed another kernel");
  const std::vector<T> got = formula.to_vector();
  REQUIRE(got.size() == want.size());
  bool equal = true;
  for (std::size_t k = 0; k < got.size(); ++k) {
    const T a = got[k], b = want[k];  // copies: std::vector<bool> has no element addresses
    equal = equal && std::memcmp(&a, &b, sizeof(T)) == 0;
  }
  CHECK_MESSAGE(equal, what);
}

}  // namespace

SINTER_DEVICE_TEST(formulas_match_cpp, "formulas give the values and the kernels of the same C++ expressions") {
  const Array<float> x = arange<float>(-20, 20, 1, device) * 0.25f;
  const Array<float> t = arange<float>(40, device) * 0.01f + 0.5f;
  const Array<std::int32_t> i = arange<std::int32_t>(40, device) - 7;
  const Array<double> d = arange<double>(40, device) * 0.125;
  const Array<float> m = arange<float>(12, device).reshape(Shape{3, 4});

  check_same(evaluate<float>("where(x > k, x - k, 0) * exp(-r * t)", {{"x", x}, {"k", 1.5f}, {"r", 0.05f}, {"t", t}}),
             Array<float>(where(x > 1.5f, x - 1.5f, 0) * sinter::exp(-0.05f * t)), "option payoff");
  check_same(evaluate<float>("-x**2 + 3*t / (1 + abs(x))", {{"x", x}, {"t", t}}),
             Array<float>(-sinter::pow(x, 2) + 3 * t / (1 + sinter::abs(x))), "power and precedence");
  check_same(evaluate<double>("i * 2 + d", {{"i", i}, {"d", d}}), Array<double>(i * 2 + d), "int32 with float64");
  check_same(evaluate<std::int32_t>("maximum(i, 3) - 1", {{"i", i}}), Array<std::int32_t>(sinter::maximum(i, 3) - 1),
             "int32 stays int32 with integer literals");
  check_same(evaluate<bool>("(x > 1) & ~(x > 3) | (t == 0.5)", {{"x", x}, {"t", t}}),
             Array<bool>(((x > 1.0f) && !(x > 3.0f)) || (t == 0.5f)), "logical operators");
  check_same(
      evaluate<float>("sqrt(exp(sin(x) * cos(t)) + tanh(x) * erf(t)) + floor(x) - ceil(t)", {{"x", x}, {"t", t}}),
      Array<float>(sinter::sqrt(sinter::exp(sinter::sin(x) * sinter::cos(t)) + sinter::tanh(x) * sinter::erf(t)) +
                   sinter::floor(x) - sinter::ceil(t)),
      "math functions");
  check_same(evaluate<float>("sum(m * m, 1)", {{"m", m}}), Array<float>(sum(m * m, 1)), "a row reduction");
  // The C++ reductions are Arrays, so their results are kernel outputs too: values compared only.
  check_same(evaluate<float>("max(m, 0) + min(m, 0)", {{"m", m}}), Array<float>(max(m, 0) + min(m, 0)),
             "column reductions", false);
  check_same(evaluate<double>("mean(i)", {{"i", i}}), mean(i), "mean of int32 is float64");
  check_same(evaluate<std::int64_t>("argmax(m, 1)", {{"m", m}}), argmax(m, 1), "argmax");
  check_same(evaluate<bool>("any(x > 4) | all(t > 0)", {{"x", x}, {"t", t}}),
             Array<bool>(any(x > 4.0f) || all(t > 0.0f)), "any and all", false);

  // Parsed once, called with other values: each call types and fuses like the C++ API.
  const Formula scaled("a * s + 1", {"a", "s"});
  CHECK(scaled.call<float>({x, 2.0f}).to_vector() == Array<float>(x * 2.0f + 1).to_vector());
  CHECK(scaled.call<double>({d, 0.5}).to_vector() == Array<double>(d * 0.5 + 1).to_vector());
  CHECK(scaled.call<float>({x, 3}).to_vector() == Array<float>(x * 3 + 1).to_vector());
  // A formula's result fuses with the C++ expression that uses it: one kernel.
  const Array<float> f = scaled.call<float>({x, 2.0f});
  reset_counters();
  const Array<float> g = sinter::exp(f) * 2.0f;
  g.eval();
  CHECK(counters().kernel_launches == 1);
}

TEST_CASE("formula parse errors show the formula with a caret under the problem") {
  const Array<float> x = {1, 2, 3};
  CHECK_THROWS_WITH_AS(evaluate<float>("x + y", {{"x", x}}),
                       "formula: unknown name 'y' (the formula's names: x)\n  x + y\n      ^", ParseError);
  CHECK_THROWS_WITH_AS(evaluate<float>("x +", {{"x", x}}), Contains("expected a number, a name or '('"), ParseError);
  CHECK_THROWS_WITH_AS(evaluate<float>("(x + 1", {{"x", x}}), Contains("expected ')'"), ParseError);
  CHECK_THROWS_WITH_AS(evaluate<float>("x 1", {{"x", x}}),
                       "formula: unexpected '1': expected an operator or the end\n  x 1\n    ^", ParseError);
  CHECK_THROWS_WITH_AS(evaluate<float>("2 * expo(x)", {{"x", x}}), Contains("unknown function 'expo'"), ParseError);
  CHECK_THROWS_WITH_AS(evaluate<float>("2 * expo(x)", {{"x", x}}), Contains("\n  2 * expo(x)\n      ^"), ParseError);
  CHECK_THROWS_WITH_AS(evaluate<float>("where(x > 1, x)", {{"x", x}}),
                       Contains("where() takes 3 arguments (condition, a, b), got 2 arguments"), ParseError);
  CHECK_THROWS_WITH_AS(evaluate<float>("sum(x, 0.5)", {{"x", x}}),
                       "formula: sum()'s axis must be an integer literal\n  sum(x, 0.5)\n         ^", ParseError);
  CHECK_THROWS_WITH_AS(evaluate<float>("x $ 2", {{"x", x}}), Contains("unexpected '$'"), ParseError);
}

TEST_CASE("formula type errors name the operator, point at it, and the process stays usable") {
  const Array<float> x = {1, 2, 3};
  const Array<bool> b = {true, false, true};
  CHECK_THROWS_WITH_AS(evaluate<bool>("x & b", {{"x", x}, {"b", b}}),
                       "formula: '&' needs bool operands, got float32; compare first, e.g. x > 0\n  x & b\n    ^",
                       ParseError);
  CHECK_THROWS_WITH_AS(evaluate<float>("where(x, x, 0)", {{"x", x}}), Contains("where()'s condition is float32"),
                       ParseError);
  CHECK_THROWS_WITH_AS(evaluate<bool>("b + b", {{"b", b}}), Contains("'+' of bool values"), ParseError);
  CHECK_THROWS_WITH_AS(evaluate<double>("x * 2", {{"x", x}}),
                       Contains("the result is float32, not float64; ask for call<float32>"), DTypeError);
  CHECK_THROWS_WITH_AS(evaluate<float>("1 + 2", {}), Contains("the formula has no array in it"), ParseError);
  CHECK_THROWS_WITH_AS(Formula("a + b", {"a", "b"}).call<float>({x}), Contains("1 values for 2 names"), ValueError);
  CHECK(evaluate<float>("x * 2", {{"x", x}}).to_vector() == std::vector<float>{2, 4, 6});
}

TEST_CASE("formula fuzz: random strings and random well-formed formulas raise only sinter errors, never crash") {
  // Random strings over the grammar's own characters and words: every outcome is a value or a
  // sinter::Error (ParseError mostly); anything else (another exception, a crash) fails.
  const Array<float> x = arange<float>(6) * 0.5f - 1.0f;
  const Array<std::int32_t> y = arange<std::int32_t>(6) - 2;
  const char* const pieces[] = {
      "x",    "y",      "1",    "2.5",   "0",        "1e3",  ".5",   "+",     "-", "*", "/",           "**",
      "(",    ")",      "<",    "<=",    "==",       "!=",   ">",    "&",     "|", "~", ",",           " ",
      "exp(", "where(", "sum(", "mean(", "maximum(", "abs(", "True", "False", "z", "$", "sum(x, 1.5)", "x, 0)"};
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int values = 0, refusals = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = 1 + static_cast<int>(next() % 12);
    for (int k = 0; k < length; ++k) text += pieces[next() % (sizeof(pieces) / sizeof(pieces[0]))];
    CAPTURE(text);
    try {
      const Formula f(text, {"x", "y"});
      // The result type is unknown: try each; DTypeError says it was another.
      for (int t = 0; t < 4; ++t) {
        try {
          if (t == 0) (void)f.call<float>({x, y}).to_vector();
          if (t == 1) (void)f.call<double>({x, y}).to_vector();
          if (t == 2) (void)f.call<bool>({x, y}).to_vector();
          if (t == 3) (void)f.call<std::int32_t>({x, y}).to_vector();
          ++values;
          break;
        } catch (const DTypeError&) {}
      }
    } catch (const sinter::Error&) { ++refusals; }
  }
  // Well-formed random formulas: every one parses; most evaluate.
  std::function<std::string(int)> formula = [&](int depth) -> std::string {
    const std::uint64_t pick = depth <= 0 ? next() % 3 : next() % 9;
    switch (pick) {
      case 0: return "x";
      case 1: return "y";
      case 2: return std::to_string(static_cast<int>(next() % 7)) + (next() % 2 ? ".5" : "");
      case 3: return "-" + formula(depth - 1);
      case 4: return "abs(" + formula(depth - 1) + ")";
      case 5: return "exp(" + formula(depth - 1) + " * 0.1)";
      case 6: {
        const char* const ops[] = {" + ", " - ", " * ", " / ", " ** "};
        return "(" + formula(depth - 1) + ops[next() % 5] + formula(depth - 1) + ")";
      }
      case 7:
        return "where(" + formula(depth - 1) + " > " + formula(depth - 1) + ", " + formula(depth - 1) + ", " +
               formula(depth - 1) + ")";
      default: return "maximum(" + formula(depth - 1) + ", " + formula(depth - 1) + ")";
    }
  };
  int parsed = 0;
  for (int round = 0; round < 300; ++round) {
    const std::string text = formula(1 + static_cast<int>(next() % 4));
    CAPTURE(text);
    const Formula f(text, {"x", "y"});  // must parse
    ++parsed;
    try {
      for (int t = 0; t < 3; ++t) {
        try {
          if (t == 0) (void)f.call<float>({x, y}).to_vector();
          if (t == 1) (void)f.call<double>({x, y}).to_vector();
          if (t == 2) (void)f.call<std::int32_t>({x, y}).to_vector();
          ++values;
          break;
        } catch (const DTypeError&) {}
      }
    } catch (const sinter::Error&) { ++refusals; }
  }
  CHECK(parsed == 300);
  MESSAGE(values << " random formulas evaluated, " << refusals << " refused with a sinter::Error");
  CHECK(values > 0);
  CHECK(refusals > 0);
}
