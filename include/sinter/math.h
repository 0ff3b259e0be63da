// The operations users write: arithmetic and comparison operators, logical operators, and
// NumPy-named functions. Each returns an unevaluated expression (see expr.h). Types follow
// NumPy: operands are promoted to a common type; math functions of integers give float64;
// scalars take the type of the array they meet (2.0 * float32 array is float32).
#pragma once
#include "sinter/expr.h"

namespace sinter {

#define SINTER_BINARY_OPERATOR(symbol, op)                                          \
  template <detail::Operand A, detail::Operand B>                                   \
  requires(detail::Lazy<A> || detail::Lazy<B>) auto operator symbol(A&& a, B&& b) { \
    return detail::binary<Op::op>(std::forward<A>(a), std::forward<B>(b));          \
  }
SINTER_BINARY_OPERATOR(+, Add)
SINTER_BINARY_OPERATOR(-, Sub)
SINTER_BINARY_OPERATOR(*, Mul)
SINTER_BINARY_OPERATOR(/, Div)
SINTER_BINARY_OPERATOR(==, Eq)
SINTER_BINARY_OPERATOR(!=, Ne)
SINTER_BINARY_OPERATOR(<, Lt)
SINTER_BINARY_OPERATOR(<=, Le)
SINTER_BINARY_OPERATOR(>, Gt)
SINTER_BINARY_OPERATOR(>=, Ge)
SINTER_BINARY_OPERATOR(&&, And)
SINTER_BINARY_OPERATOR(||, Or)
#undef SINTER_BINARY_OPERATOR

#define SINTER_BINARY_FUNCTION(name, op)                                   \
  template <detail::Operand A, detail::Operand B>                          \
  requires(detail::Lazy<A> || detail::Lazy<B>) auto name(A&& a, B&& b) {   \
    return detail::binary<Op::op>(std::forward<A>(a), std::forward<B>(b)); \
  }
SINTER_BINARY_FUNCTION(minimum, Minimum)
SINTER_BINARY_FUNCTION(maximum, Maximum)
SINTER_BINARY_FUNCTION(pow, Pow)
SINTER_BINARY_FUNCTION(logical_and, And)
SINTER_BINARY_FUNCTION(logical_or, Or)
#undef SINTER_BINARY_FUNCTION

template <detail::Lazy A> auto operator-(A&& a) { return detail::unary<Op::Neg>(std::forward<A>(a)); }

template <detail::Lazy A> auto operator!(A&& a) { return detail::unary<Op::Not>(std::forward<A>(a)); }

#define SINTER_UNARY_FUNCTION(name, op) \
  template <detail::Lazy A> auto name(A&& a) { return detail::unary<Op::op>(std::forward<A>(a)); }
SINTER_UNARY_FUNCTION(abs, Abs)
SINTER_UNARY_FUNCTION(sqrt, Sqrt)
SINTER_UNARY_FUNCTION(exp, Exp)
SINTER_UNARY_FUNCTION(log, Log)
SINTER_UNARY_FUNCTION(sin, Sin)
SINTER_UNARY_FUNCTION(cos, Cos)
SINTER_UNARY_FUNCTION(tanh, Tanh)
SINTER_UNARY_FUNCTION(erf, Erf)
SINTER_UNARY_FUNCTION(floor, Floor)
SINTER_UNARY_FUNCTION(ceil, Ceil)
SINTER_UNARY_FUNCTION(logical_not, Not)
#undef SINTER_UNARY_FUNCTION

/// where(condition, a, b): a where condition holds, else b. `a` and `b` are promoted to one type.
template <detail::Lazy C, detail::Operand A, detail::Operand B> auto where(C&& condition, A&& a, B&& b) {
  auto wc = detail::wrap<DType::Bool>(std::forward<C>(condition));
  auto wa = detail::wrap<detail::partner_dtype<B, A>()>(std::forward<A>(a));
  auto wb = detail::wrap<detail::partner_dtype<A, B>()>(std::forward<B>(b));
  using E = Expr<Op::Where, decltype(wc), decltype(wa), decltype(wb)>;
  detail::check_rule<E>();
  return E{{std::move(wc), std::move(wa), std::move(wb)}};
}

/// Conversion to element type T (float to integer truncates toward zero and saturates; NaN gives 0).
template <Element T, detail::Lazy A> auto cast(const A& a) {
  auto wa = detail::wrap<detail::lazy_dtype<A>()>(a);
  return CastExpr<dtype_v<T>, decltype(wa)>{wa};
}

}  // namespace sinter
