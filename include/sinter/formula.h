// Formulas from strings (docs/formulas.md): numexpr-style expressions parsed at run time into
// the same IR as the C++ API, so they fuse with C++ expressions and run on every device.
//
//   auto y = sinter::evaluate<float>("where(x > k, x - k, 0) * exp(-r * t)",
//                                    {{"x", x}, {"k", 100.0f}, {"r", 0.05f}, {"t", t}});
//   sinter::Formula payoff("where(x > k, x - k, 0)", {"x", "k"});   // parsed once
//   auto p = payoff.call<float>({x, 100.0f});                        // called many times
#pragma once
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sinter/array.h"
#include "sinter/export.h"

namespace sinter {

/// A value a formula's name stands for: an array of any element type, or a C++ scalar, which
/// types as the same scalar written in a C++ expression does (a float scalar with a float32
/// array stays float32).
class FormulaValue {
 public:
  /// An array (or, through Array's constructor, an expression) of any element type.
  template <Element T> FormulaValue(const Array<T>& a) : node_(a.node()) {}  // NOLINT(google-explicit-constructor)
  /// A C++ number: weak as a scalar in a C++ expression (docs/formulas.md).
  template <detail::Arithmetic S>
  FormulaValue(S v)  // NOLINT(google-explicit-constructor)
      : kind_(std::is_same_v<S, bool>       ? Kind::Bool
              : std::is_floating_point_v<S> ? Kind::Float
                                            : Kind::Integer),
        f_(static_cast<double>(v)) {
    if constexpr (std::is_integral_v<S>) i_ = detail::integer_scalar(v);
  }

  /// What the value is: an array, or a scalar of C++ type bool, integer or floating-point.
  enum class Kind { Array, Bool, Integer, Float };
  /// Which of the kinds this value is.
  Kind kind() const { return kind_; }
  /// The array's IR node (library use); null for a scalar.
  const ir::NodePtr& node() const { return node_; }
  /// A scalar's value as a double (any scalar kind).
  double float_value() const { return f_; }
  /// An integer or bool scalar's exact value.
  std::int64_t integer_value() const { return i_; }

 private:
  Kind kind_ = Kind::Array;
  ir::NodePtr node_;
  double f_ = 0;
  std::int64_t i_ = 0;
};

namespace detail {
struct FormulaProgram;
SINTER_API ir::NodePtr formula_node(const FormulaProgram& program, std::span<const FormulaValue> values);
}  // namespace detail

/// A formula parsed once and called many times. Grammar (docs/formulas.md): numbers, names,
/// + - * / ** (power), comparisons < <= > >= == !=, & | ~ (logical and, or, not on bool
/// values), parentheses, True, False, the math functions (sqrt exp log sin cos tanh erf floor
/// ceil abs), minimum, maximum, pow, where(c, a, b), and the reductions sum prod min max any
/// all argmin argmax mean with an optional integer axis: sum(x, 1).
class SINTER_API Formula {
 public:
  /// Parses `text` over the names `names` (the order of call's values). Throws ParseError,
  /// showing the text with a caret under the problem: a syntax error, an unknown name or
  /// function, a wrong number of arguments, a float where an integer axis is needed.
  Formula(std::string text, std::vector<std::string> names);

  /// The formula's value for `values` (one per name, in order): a pending array that fuses with
  /// what uses it. Types follow the C++ API's rules. Throws ParseError for a type error (showing
  /// where), DTypeError when the result is not of type T, and the C++ API's errors (shapes, devices).
  template <Element T> Array<T> call(std::initializer_list<FormulaValue> values) const {
    return call<T>(std::span<const FormulaValue>(values.begin(), values.size()));
  }
  /// As call(std::initializer_list<FormulaValue>), with the values in a span.
  template <Element T> Array<T> call(std::span<const FormulaValue> values) const {
    return Array<T>::from_value(checked(detail::formula_node(*program_, values), dtype_v<T>));
  }

  /// The formula as given to the constructor.
  const std::string& text() const;
  /// The names the formula's values are bound to, in call's order.
  const std::vector<std::string>& names() const;

 private:
  static ir::NodePtr checked(ir::NodePtr n, DType want);
  std::shared_ptr<const detail::FormulaProgram> program_;
};

/// Parses and evaluates `formula` with `values` bound to its names: Formula(formula, names)
/// .call<T>(values). The result type T is the formula's (DTypeError otherwise).
template <Element T>
Array<T> evaluate(std::string_view formula, std::initializer_list<std::pair<std::string_view, FormulaValue>> values) {
  std::vector<std::string> names;
  std::vector<FormulaValue> bound;
  for (const auto& [name, value] : values) {
    names.emplace_back(name);
    bound.push_back(value);
  }
  return Formula(std::string(formula), std::move(names)).call<T>(std::span<const FormulaValue>(bound));
}

}  // namespace sinter
