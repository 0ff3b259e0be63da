// Reductions (NumPy's sum, prod, min, max, mean, any, all, argmin, argmax) and dot products.
// Each takes an Array or an unevaluated expression and returns a pending Array: the reduction
// fuses with the expression that produces its operand (sum((x - y) * (x - y)) reads x and y once)
// and with elementwise work on its result (docs/reductions.md).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "sinter/array.h"
#include "sinter/axes.h"
#include "sinter/export.h"
#include "sinter/expr.h"

namespace sinter {

namespace detail {
/// `x` reduced by `op` over `axes` (checked against x's shape: IndexError out of range,
/// ValueError repeated), with NumPy's result types; defined in lib/frontend/reduce.cpp.
SINTER_API ir::NodePtr reduce_node(Op op, const ir::NodePtr& x, const Axes& axes, bool keepdims);
SINTER_API ir::NodePtr mean_node(const ir::NodePtr& x, const Axes& axes, bool keepdims);
SINTER_API ir::NodePtr dot_node(const ir::NodePtr& a, const ir::NodePtr& b);

/// True for a buffer that no Array holds yet (a BLAS product's result, lib/frontend/matmul.cpp).
SINTER_API bool is_new_buffer(const ir::NodePtr& n);

/// The Array for a matrix product's node: a new buffer (a BLAS result) as it is; anything else
/// (a pending reduction) as a new value, as every op's result.
template <Element T> Array<T> product_array(ir::NodePtr n) {
  return is_new_buffer(n) ? Array<T>(std::move(n)) : Array<T>::from_value(std::move(n));
}

/// NumPy's result type of a sum or product (the catalogue's SumTo: bool and narrower integers widen to int64).
constexpr DType sum_dtype(DType t) { return dtype_info(t).sum_to; }
constexpr DType mean_dtype(DType t) { return is_float(t) ? t : DType::Float64; }
}  // namespace detail

/// Sum over `axes` (NumPy's sum; bool and narrower integers sum as int64; float32 sums accumulate in
/// float64 and round once). The sum over no elements is 0.
template <detail::Lazy E>
Array<type_t<detail::sum_dtype(detail::lazy_dtype<E>())>> sum(const E& x, const Axes& axes = {},
                                                              detail::KeepDims keepdims = false) {
  return Array<type_t<detail::sum_dtype(detail::lazy_dtype<E>())>>::from_value(
      detail::reduce_node(Op::Sum, detail::lazy_node(x), axes, keepdims));
}

/// Product over `axes` (types as sum). The product over no elements is 1.
template <detail::Lazy E>
Array<type_t<detail::sum_dtype(detail::lazy_dtype<E>())>> prod(const E& x, const Axes& axes = {},
                                                               detail::KeepDims keepdims = false) {
  return Array<type_t<detail::sum_dtype(detail::lazy_dtype<E>())>>::from_value(
      detail::reduce_node(Op::Prod, detail::lazy_node(x), axes, keepdims));
}

/// Smallest element over `axes`; NaN if any is NaN. Throws ValueError over an empty axis.
template <detail::Lazy E>
Array<type_t<detail::lazy_dtype<E>()>> min(const E& x, const Axes& axes = {}, detail::KeepDims keepdims = false) {
  return Array<type_t<detail::lazy_dtype<E>()>>::from_value(
      detail::reduce_node(Op::Min, detail::lazy_node(x), axes, keepdims));
}

/// Largest element over `axes`; NaN if any is NaN. Throws ValueError over an empty axis.
template <detail::Lazy E>
Array<type_t<detail::lazy_dtype<E>()>> max(const E& x, const Axes& axes = {}, detail::KeepDims keepdims = false) {
  return Array<type_t<detail::lazy_dtype<E>()>>::from_value(
      detail::reduce_node(Op::Max, detail::lazy_node(x), axes, keepdims));
}

/// Arithmetic mean over `axes` (integers give float64). Over no elements: NaN, as NumPy's
/// (which also warns).
template <detail::Lazy E>
Array<type_t<detail::mean_dtype(detail::lazy_dtype<E>())>> mean(const E& x, const Axes& axes = {},
                                                                detail::KeepDims keepdims = false) {
  return Array<type_t<detail::mean_dtype(detail::lazy_dtype<E>())>>::from_value(
      detail::mean_node(detail::lazy_node(x), axes, keepdims));
}

/// True where any element over `axes` is nonzero (NaN counts as nonzero); false over no elements.
template <detail::Lazy E> Array<bool> any(const E& x, const Axes& axes = {}, detail::KeepDims keepdims = false) {
  return Array<bool>::from_value(detail::reduce_node(Op::Any, detail::lazy_node(x), axes, keepdims));
}

/// all(x, axes, keepdims): true where every element over `axes` is nonzero; true over no
/// elements. (`all` is also the whole-axis Slice, NumPy's `:`: see slice.h.)
template <class E> auto AllAxis::operator()(const E& x, const Axes& axes, detail::KeepDims keepdims) const {
  static_assert(detail::Lazy<E>, "sinter::all(x): x must be an Array or an array expression");
  return Array<bool>::from_value(detail::reduce_node(Op::All, detail::lazy_node(x), axes, keepdims));
}

/// Position of the first smallest element over `axes` (of the first NaN, if any): an index
/// into the reduced axes flattened in row-major order (for one axis, NumPy's argmin).
/// Throws ValueError over an empty axis.
template <detail::Lazy E>
Array<std::int64_t> argmin(const E& x, const Axes& axes = {}, detail::KeepDims keepdims = false) {
  return Array<std::int64_t>::from_value(detail::reduce_node(Op::ArgMin, detail::lazy_node(x), axes, keepdims));
}

/// Position of the first largest element over `axes` (of the first NaN, if any), as argmin.
template <detail::Lazy E>
Array<std::int64_t> argmax(const E& x, const Axes& axes = {}, detail::KeepDims keepdims = false) {
  return Array<std::int64_t>::from_value(detail::reduce_node(Op::ArgMax, detail::lazy_node(x), axes, keepdims));
}

/// NumPy's dot for 1-D and 2-D operands: the inner product of two vectors, a matrix-vector,
/// vector-matrix or matrix-matrix product, as one fused multiply-and-sum kernel; a large float
/// matrix-matrix product on the CPU runs through BLAS in float64 instead (docs/matmul.md).
/// Operands are promoted to a common numeric type, which is the result's. Throws ShapeError when
/// the inner dimensions differ or an operand is not 1-D or 2-D.
template <detail::Lazy A, detail::Lazy B>
Array<type_t<promote(detail::lazy_dtype<A>(), detail::lazy_dtype<B>())>> dot(const A& a, const B& b) {
  constexpr DType t = promote(detail::lazy_dtype<A>(), detail::lazy_dtype<B>());
  static_assert(t != DType::Bool, "sinter: dot of bool arrays; convert first, e.g. sinter::cast<int32_t>(mask)");
  return detail::product_array<type_t<t>>(
      detail::dot_node(detail::cast_node(detail::lazy_node(a), t), detail::cast_node(detail::lazy_node(b), t)));
}

}  // namespace sinter
