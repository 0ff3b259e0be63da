// Matrix products with NumPy's matmul semantics (docs/matmul.md). float32 and float64 operands go
// to the CPU BLAS (sgemm/dgemm, loaded at run time); the operands' producers run first, one kernel
// each, and the result is an ordinary array, so elementwise work on it fuses as usual. Integer and
// bool operands are sinter's own fused multiply-and-sum reduction (exact, NumPy's wrapping).
#pragma once
#include "sinter/array.h"
#include "sinter/export.h"
#include "sinter/expr.h"
#include "sinter/reduce.h"

namespace sinter {

namespace detail {
/// NumPy's matmul of two nodes of one dtype: the checked shapes, then either a BLAS product
/// (an evaluated buffer) or a pending reduction; defined in lib/frontend/matmul.cpp.
SINTER_API ir::NodePtr matmul_node(const ir::NodePtr& a, const ir::NodePtr& b);
}  // namespace detail

/// NumPy's matmul (`a @ b`): 2-D (n, k) @ (k, m) -> (n, m); a 1-D first operand is a row and a
/// 1-D second operand a column, whose dimension is dropped from the result ((k,) @ (k,) is 0-d);
/// N-d operands are stacks of matrices in the last two dimensions, whose leading (batch)
/// dimensions broadcast. The operands are promoted to a common type, the result's
/// (`int32 @ float32` is float64). float32 and float64 products run through the CPU BLAS
/// (float32 accumulates in float32, as NumPy's); integer and bool products are exact sums of
/// products (bool: any of the ands), as NumPy's. Unlike other ops, a float product runs when
/// called. Throws ShapeError naming both shapes (0-d operands, inner dimensions that differ,
/// batch dimensions that do not broadcast), DeviceError for operands on two devices or on a
/// CUDA device (cuBLAS is not wired yet).
template <detail::Lazy A, detail::Lazy B>
Array<type_t<promote(detail::lazy_dtype<A>(), detail::lazy_dtype<B>())>> matmul(const A& a, const B& b) {
  constexpr DType t = promote(detail::lazy_dtype<A>(), detail::lazy_dtype<B>());
  return detail::product_array<type_t<t>>(
      detail::matmul_node(detail::cast_node(detail::lazy_node(a), t), detail::cast_node(detail::lazy_node(b), t)));
}

}  // namespace sinter
