// The operations users write: arithmetic and comparison operators, logical operators, and
// NumPy-named functions. Each returns an unevaluated expression (see expr.h). Types follow
// NumPy: operands are promoted to a common type; math functions of integers give float64;
// scalars take the type of the array they meet (2.0 * float32 array is float32).
#pragma once
#include <utility>

#include "sinter/array.h"
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
SINTER_BINARY_OPERATOR(%, Remainder)
SINTER_BINARY_OPERATOR(&, BitAnd)
SINTER_BINARY_OPERATOR(|, BitOr)
SINTER_BINARY_OPERATOR(^, BitXor)
SINTER_BINARY_OPERATOR(<<, LeftShift)
SINTER_BINARY_OPERATOR(>>, RightShift)
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
SINTER_BINARY_FUNCTION(remainder, Remainder)
SINTER_BINARY_FUNCTION(mod, Remainder)
SINTER_BINARY_FUNCTION(fmod, Fmod)
SINTER_BINARY_FUNCTION(floor_divide, FloorDivide)
SINTER_BINARY_FUNCTION(bitwise_and, BitAnd)
SINTER_BINARY_FUNCTION(bitwise_or, BitOr)
SINTER_BINARY_FUNCTION(bitwise_xor, BitXor)
SINTER_BINARY_FUNCTION(left_shift, LeftShift)
SINTER_BINARY_FUNCTION(right_shift, RightShift)
SINTER_BINARY_FUNCTION(fmax, Fmax)
SINTER_BINARY_FUNCTION(fmin, Fmin)
SINTER_BINARY_FUNCTION(copysign, Copysign)
SINTER_BINARY_FUNCTION(arctan2, Arctan2)
SINTER_BINARY_FUNCTION(atan2, Arctan2)
SINTER_BINARY_FUNCTION(hypot, Hypot)
SINTER_BINARY_FUNCTION(logaddexp, Logaddexp)
SINTER_BINARY_FUNCTION(logaddexp2, Logaddexp2)
SINTER_BINARY_FUNCTION(float_power, FloatPower)
SINTER_BINARY_FUNCTION(power, Pow)
#undef SINTER_BINARY_FUNCTION

/// -x: negation (wraps around for unsigned integers, as NumPy's; docs/ops.md).
template <detail::Lazy A> auto operator-(A&& a) { return detail::unary<Op::Neg>(std::forward<A>(a)); }

/// !x: the logical not of bool values (x == false).
template <detail::Lazy A> auto operator!(A&& a) { return detail::unary<Op::Not>(std::forward<A>(a)); }

/// ~x: the bitwise complement of integers, the logical not of bool (NumPy's invert).
template <detail::Lazy A> auto operator~(A&& a) { return detail::unary<Op::Invert>(std::forward<A>(a)); }

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
SINTER_UNARY_FUNCTION(invert, Invert)
SINTER_UNARY_FUNCTION(bitwise_not, Invert)
SINTER_UNARY_FUNCTION(reciprocal, Reciprocal)
SINTER_UNARY_FUNCTION(square, Square)
SINTER_UNARY_FUNCTION(sign, Sign)
SINTER_UNARY_FUNCTION(cbrt, Cbrt)
SINTER_UNARY_FUNCTION(exp2, Exp2)
SINTER_UNARY_FUNCTION(expm1, Expm1)
SINTER_UNARY_FUNCTION(log2, Log2)
SINTER_UNARY_FUNCTION(log10, Log10)
SINTER_UNARY_FUNCTION(log1p, Log1p)
SINTER_UNARY_FUNCTION(tan, Tan)
SINTER_UNARY_FUNCTION(arcsin, Arcsin)
SINTER_UNARY_FUNCTION(asin, Arcsin)
SINTER_UNARY_FUNCTION(arccos, Arccos)
SINTER_UNARY_FUNCTION(acos, Arccos)
SINTER_UNARY_FUNCTION(arctan, Arctan)
SINTER_UNARY_FUNCTION(atan, Arctan)
SINTER_UNARY_FUNCTION(sinh, Sinh)
SINTER_UNARY_FUNCTION(cosh, Cosh)
SINTER_UNARY_FUNCTION(arcsinh, Arcsinh)
SINTER_UNARY_FUNCTION(asinh, Arcsinh)
SINTER_UNARY_FUNCTION(arccosh, Arccosh)
SINTER_UNARY_FUNCTION(acosh, Arccosh)
SINTER_UNARY_FUNCTION(arctanh, Arctanh)
SINTER_UNARY_FUNCTION(atanh, Arctanh)
SINTER_UNARY_FUNCTION(erfc, Erfc)
SINTER_UNARY_FUNCTION(trunc, Trunc)
SINTER_UNARY_FUNCTION(rint, Rint)
SINTER_UNARY_FUNCTION(deg2rad, Deg2rad)
SINTER_UNARY_FUNCTION(radians, Deg2rad)
SINTER_UNARY_FUNCTION(rad2deg, Rad2deg)
SINTER_UNARY_FUNCTION(degrees, Rad2deg)
SINTER_UNARY_FUNCTION(sigmoid, Sigmoid)
SINTER_UNARY_FUNCTION(expit, Sigmoid)
SINTER_UNARY_FUNCTION(signbit, Signbit)
SINTER_UNARY_FUNCTION(isnan, Isnan)
SINTER_UNARY_FUNCTION(isinf, Isinf)
SINTER_UNARY_FUNCTION(isfinite, Isfinite)
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

/// NumPy's divmod(a, b): the pair (floor_divide(a, b), remainder(a, b)), two expressions that
/// evaluate in one kernel when they are evaluated together (sinter::eval(q, r)).
template <detail::Operand A, detail::Operand B>
requires(detail::Lazy<A> || detail::Lazy<B>) auto divmod(const A& a, const B& b) {
  return std::pair{floor_divide(a, b), remainder(a, b)};
}

/// NumPy's clip(x, lo, hi): minimum(maximum(x, lo), hi), NaN wherever an operand is NaN; with
/// lo > hi every element is hi, as NumPy's.
template <detail::Operand X, detail::Operand L, detail::Operand H>
requires(detail::Lazy<X> || detail::Lazy<L> || detail::Lazy<H>) auto clip(const X& x, const L& lo, const H& hi) {
  return minimum(maximum(x, lo), hi);
}

/// NumPy's round(x, decimals): half to even. For floats rint(x * 10^d) / 10^d (d >= 0) or
/// rint(x / 10^-d) * 10^-d (d < 0), with 10^d in x's type, as NumPy computes it. Integers are
/// their own value for d >= 0; for d < 0 the result is computed in float64 and converted back
/// through int64 (so it wraps in narrow types as NumPy's: int8 round(127, -1) is -126).
template <detail::Lazy A> auto round(const A& a, int decimals = 0) {
  constexpr DType D = detail::lazy_dtype<A>();
  using T = type_t<D>;
  static_assert(D != DType::Bool, "sinter: round of bool values; convert first, e.g. sinter::cast<int32_t>(mask)");
  double factor = 1;
  for (int k = 0; k < (decimals < 0 ? -decimals : decimals); ++k) factor *= 10;
  if constexpr (is_float(D)) {
    if (decimals == 0) return Array<T>(rint(a));
    if (decimals > 0) return Array<T>(rint(a * factor) / factor);
    return Array<T>(rint(a / factor) * factor);
  } else {
    if (decimals >= 0) return Array<T>(cast<T>(a));
    return Array<T>(cast<T>(cast<std::int64_t>(rint(a / factor) * factor)));
  }
}

}  // namespace sinter
