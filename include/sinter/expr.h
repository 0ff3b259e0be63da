// Expression templates: operators and math functions on arrays and scalars build small,
// unevaluated expression objects whose type records the tree. They cost nothing until an Array
// is made from them; then the tree becomes IR nodes, one per operation.
//
// An expression used as an operand is copied into the expression that uses it. A named
// intermediate used several times (`auto d = ...;` then `d * d + abs(d)`) would then be walked
// and built once per copy, and copies of copies multiply: Black-Scholes written with `auto`
// built about a thousand nodes per call for a few dozen distinct ones. So an expression used as
// an operand while it is an lvalue shares a build memo with its copies: the first build records
// its node, later ones return it while it is pending (exactly what interning would return).
// Temporaries are moved into their parent and get no memo.
#pragma once
#include <array>
#include <atomic>
#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sinter/detail/arguments.h"
#include "sinter/detail/graph.h"
#include "sinter/dtype.h"
#include "sinter/error.h"
#include "sinter/op.h"

namespace sinter {

template <Element T> class Array;

namespace detail {

/// An Array inside an expression: a reference to its node (not a user handle).
template <class T> struct ArrayOperand {
  ir::NodePtr node;
  static constexpr DType dtype = dtype_v<T>;
  const ir::NodePtr& build() const { return node; }
};

/// A scalar inside an expression, already given the type it takes against its array operand.
template <DType D> struct ScalarOperand {
  double f;
  std::int64_t i;
  static constexpr DType dtype = D;
  ir::NodePtr build() const { return is_float(D) ? scalar_node_f(D, f) : scalar_node_i(D, i); }
};

/// An expression's link to its BuildMemo (none until it is first used as an lvalue operand).
/// Copies share the memo; thread-safe, so that a const expression may be used from several threads.
class MemoSlot {
 public:
  MemoSlot() = default;
  MemoSlot(const MemoSlot& other) : memo_(other.get()) {
    if (BuildMemo* m = memo_.load(std::memory_order_relaxed)) retain_build_memo(m);
  }
  MemoSlot(MemoSlot&& other) noexcept : memo_(other.memo_.exchange(nullptr, std::memory_order_acq_rel)) {}
  MemoSlot& operator=(MemoSlot other) noexcept {
    BuildMemo* mine = memo_.exchange(other.memo_.load(std::memory_order_relaxed), std::memory_order_acq_rel);
    other.memo_.store(mine, std::memory_order_relaxed);
    return *this;
  }
  ~MemoSlot() {
    if (BuildMemo* m = memo_.load(std::memory_order_relaxed)) release_build_memo(m);
  }
  BuildMemo* get() const { return memo_.load(std::memory_order_acquire); }
  /// Gives the slot a memo if it has none (the first of several racing threads wins).
  void ensure() const {
    if (get()) return;
    BuildMemo* fresh = new_build_memo();
    BuildMemo* expected = nullptr;
    if (!memo_.compare_exchange_strong(expected, fresh, std::memory_order_acq_rel)) release_build_memo(fresh);
  }

 private:
  mutable std::atomic<BuildMemo*> memo_{nullptr};
};

}  // namespace detail

/// An unevaluated operation `O` over operand expressions: what `x * y + 1.0f` is before it is
/// assigned to an Array (README.md; docs/architecture.md has the path from here to a kernel).
/// Convert it to an Array to evaluate it.
template <Op O, class... Operands> struct Expr {
  boost::hana::tuple<Operands...> operands;  ///< the operand expressions, arrays and scalars
  detail::MemoSlot memo{};                   ///< see the file comment

  /// The type the operands are converted to before the op (NumPy's promotion, docs/ops.md).
  static constexpr DType operand_type = [] {
    constexpr std::array<DType, sizeof...(Operands)> types{Operands::dtype...};
    if constexpr (info(O).rule == TypeRule::Select) return operand_dtype(O, types[1], types[2]);
    else if constexpr (sizeof...(Operands) == 1) return operand_dtype(O, types[0], types[0]);
    else return operand_dtype(O, types[0], types[1]);
  }();
  /// The result's element type (bool for comparisons).
  static constexpr DType dtype = result_dtype(O, operand_type);
  /// The result's C++ element type.
  using value_type = type_t<dtype>;

  /// The IR node computing this expression (library use; the IR is opaque to users).
  ir::NodePtr build() const {
    detail::BuildMemo* m = memo.get();
    if (m)
      if (ir::NodePtr built = detail::memo_node(m)) return built;
    ir::NodePtr built = build(std::index_sequence_for<Operands...>{});
    if (m) detail::set_memo_node(m, built);
    return built;
  }
  /// A copy sharing this expression's build memo (made now if it has none).
  Expr shared() const {
    memo.ensure();
    return *this;
  }

 private:
  template <std::size_t... I> ir::NodePtr build(std::index_sequence<I...>) const {
    // Operands are converted to the op's operand type; a Select's condition stays bool.
    constexpr bool select = info(O).rule == TypeRule::Select;
    std::array<ir::NodePtr, sizeof...(Operands)> nodes{
        detail::cast_node(boost::hana::at_c<I>(operands).build(), select && I == 0 ? DType::Bool : operand_type)...};
    return detail::op_node(O, nodes);
  }
};

/// Conversion of an expression to element type `D`.
template <DType D, class Operand> struct CastExpr {
  Operand operand;                   ///< the expression converted
  static constexpr DType dtype = D;  ///< the element type converted to
  using value_type = type_t<D>;      ///< its C++ type
  /// The IR node of the conversion (library use).
  ir::NodePtr build() const { return detail::cast_node(operand.build(), D); }
};

namespace detail {

template <class T> struct is_expr : std::false_type {};
template <Op O, class... A> struct is_expr<Expr<O, A...>> : std::true_type {};
template <DType D, class A> struct is_expr<CastExpr<D, A>> : std::true_type {};
template <class T> struct is_array : std::false_type {};
template <class T> struct is_array<Array<T>> : std::true_type {};

template <class T> using plain = std::remove_cvref_t<T>;
template <class T>
concept ExprLike = is_expr<plain<T>>::value;
template <class T>
concept ArrayLike = is_array<plain<T>>::value;
template <class T>
concept Lazy = ExprLike<T> || ArrayLike<T>;
template <class T>
concept ScalarLike = std::is_arithmetic_v<plain<T>>;
template <class T>
concept Operand = Lazy<T> || ScalarLike<T>;

/// The IR node of an Array or an expression.
template <class E> ir::NodePtr lazy_node(const E& e) {
  if constexpr (ArrayLike<E>) return e.node();
  else return e.build();
}

template <class T> constexpr DType lazy_dtype() {
  if constexpr (ArrayLike<T>) return dtype_v<typename plain<T>::value_type>;
  else return plain<T>::dtype;
}

/// A scalar's type against an array of type `other`: it takes the array's type when both are
/// of one kind (int with int, float with float), as NumPy does with Python scalars; a float
/// scalar with an integer array gives float64, an integer scalar with a bool array int64.
template <class S> constexpr DType weak_scalar_dtype(DType other) {
  if constexpr (std::is_same_v<S, bool>) return DType::Bool;
  else if constexpr (std::is_floating_point_v<S>) return is_float(other) ? other : DType::Float64;
  else return other == DType::Bool ? DType::Int64 : other;
}

/// An integer or bool scalar as int64; an unsigned one past INT64_MAX (it would wrap to a
/// negative value) throws ValueError naming it.
template <class S> std::int64_t integer_scalar(S v) {
  static_assert(std::is_integral_v<S>, "sinter: integer_scalar of a non-integer");
  if constexpr (std::is_unsigned_v<S> && sizeof(S) >= sizeof(std::int64_t)) {
    if (v > static_cast<S>(std::numeric_limits<std::int64_t>::max()))
      throw ValueError("the scalar " + std::to_string(v) + " does not fit int64, the widest integer element type");
  }
  return static_cast<std::int64_t>(v);
}

/// The IR scalar of element type `d` holding the C++ value `v` (an assigned value, full's
/// value). A floating-point value for an integer type goes through the library's one
/// float-to-integer conversion (scalar_node_f: docs/ops.md, "Float to integer").
template <class S> ir::NodePtr scalar_node_of(DType d, S v) {
  static_assert(!Character<S>, "sinter: a character is not a number; write the integer you mean");
  if constexpr (std::is_floating_point_v<S>) return scalar_node_f(d, static_cast<double>(v));
  else if (is_float(d)) return scalar_node_f(d, static_cast<double>(v));
  else return scalar_node_i(d, integer_scalar(v));
}

template <class T> struct is_memo_expr : std::false_type {};
template <Op O, class... A> struct is_memo_expr<Expr<O, A...>> : std::true_type {};

/// Wraps an operand for storage in an expression; `other` is the type of the lazy operand it meets.
/// An expression is moved in when it is a temporary, copied with a shared build memo when it is
/// an lvalue (a named intermediate, which may be used again).
template <DType Other, class A> auto wrap(A&& a) {
  if constexpr (ArrayLike<A>) return ArrayOperand<typename plain<A>::value_type>{a.node()};
  else if constexpr (ExprLike<A>) {
    if constexpr (std::is_lvalue_reference_v<A> && is_memo_expr<plain<A>>::value) return a.shared();
    else return plain<A>(std::forward<A>(a));
  } else {
    static_assert(!Character<plain<A>>, "sinter: a character is not a number; write the integer you mean");
    constexpr DType D = weak_scalar_dtype<plain<A>>(Other);
    // Only the field build() reads: converting a float scalar to int64 as well was undefined
    // for NaN and values past 2^63 (x + NAN).
    if constexpr (is_float(D)) return ScalarOperand<D>{static_cast<double>(a), 0};
    else return ScalarOperand<D>{0.0, integer_scalar(a)};
  }
}

/// The type a plain C++ scalar has on its own (int -> int32, long -> int64, double -> float64).
template <class S> constexpr DType natural_dtype() {
  if constexpr (std::is_same_v<S, bool>) return DType::Bool;
  else if constexpr (std::is_floating_point_v<S>) return sizeof(S) <= 4 ? DType::Float32 : DType::Float64;
  else return sizeof(S) <= 4 ? DType::Int32 : DType::Int64;
}

/// The type that operand B meets: A's type if A is lazy, else B's own natural type.
template <class A, class B> constexpr DType partner_dtype() {
  if constexpr (Lazy<A>) return lazy_dtype<A>();
  else if constexpr (Lazy<B>) return lazy_dtype<B>();
  else return natural_dtype<plain<A>>();
}

/// Compile-time checks of the op's type rule, with a sentence instead of a template backtrace.
// The rule is accepts() (op.h), the one statement of it that make_op, ir::verify and the tests
// also use; the messages say what to write instead.
template <class E, Op O, class... A> constexpr void check_rule(const Expr<O, A...>*) {
  if constexpr (info(O).rule == TypeRule::Arith)
    static_assert(accepts(O, E::operand_type),
                  "sinter: arithmetic on bool values; convert first, e.g. sinter::cast<int32_t>(mask)");
  if constexpr (info(O).rule == TypeRule::Logical)
    static_assert((accepts(O, A::dtype) && ...),
                  "sinter: logical operators need bool operands; compare first, e.g. x > 0");
  if constexpr (info(O).rule == TypeRule::Float)  // the front end converts integers to float64
    static_assert(accepts(O, E::operand_type), "sinter: a floating-point function of a non-float operand");
  if constexpr (info(O).rule == TypeRule::Bitwise)
    static_assert(accepts(O, E::operand_type),
                  "sinter: bitwise operators (& | ^ ~) need integer or bool operands, not floating-point ones; "
                  "convert first, e.g. sinter::cast<int32_t>(x)");
  if constexpr (info(O).rule == TypeRule::Shift)
    static_assert(accepts(O, E::operand_type),
                  "sinter: shifts (<< >>) need integer operands, not floating-point or bool ones; "
                  "convert first, e.g. sinter::cast<int32_t>(x)");
  if constexpr (info(O).rule == TypeRule::Select)
    static_assert(sizeof...(A) == 3 && std::tuple_element_t<0, std::tuple<A...>>::dtype == DType::Bool,
                  "sinter: where(condition, a, b) needs a bool condition; compare first, e.g. x > 0");
}

template <class E> constexpr void check_rule() { check_rule<E>(static_cast<const E*>(nullptr)); }

template <Op O, class A> auto unary(A&& a) {
  auto wa = wrap<lazy_dtype<A>()>(std::forward<A>(a));
  using E = Expr<O, decltype(wa)>;
  check_rule<E>();
  return E{{std::move(wa)}};
}

template <Op O, class A, class B> auto binary(A&& a, B&& b) {
  auto wa = wrap<partner_dtype<B, A>()>(std::forward<A>(a));
  auto wb = wrap<partner_dtype<A, B>()>(std::forward<B>(b));
  using E = Expr<O, decltype(wa), decltype(wb)>;
  check_rule<E>();
  return E{{std::move(wa), std::move(wb)}};
}

}  // namespace detail
}  // namespace sinter
