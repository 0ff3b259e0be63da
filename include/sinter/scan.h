// Scans (NumPy's cumsum and cumprod, and np.maximum.accumulate / np.minimum.accumulate as cummax
// and cummin): the running sum, product, maximum or minimum along one axis, or over the
// flattened array when no axis is given. The scanned operand is computed inside the scan's
// kernel (cumsum(x * y, 1) reads x and y once and stores only the result); the scan itself runs
// when it is called, like matmul, and its result is a computed array (docs/scans.md).
#pragma once
#include <optional>

#include "sinter/array.h"
#include "sinter/export.h"
#include "sinter/expr.h"
#include "sinter/reduce.h"

namespace sinter {

namespace detail {
/// The scan of `x` by `op` (Sum, Prod, Max or Min) along `axis` (none: x flattened), computed
/// now; `what` names the function in errors (IndexError for an axis out of range). Defined in
/// lib/frontend/scan.cpp.
SINTER_API ir::NodePtr scan_node(Op op, const ir::NodePtr& x, std::optional<int> axis, const char* what);
}  // namespace detail

/// NumPy's cumsum(x, axis): running sums along `axis` (negative counts from the end), of x's
/// shape; without an axis, of the flattened x (1-D). Types as sum's: bool and narrower integers
/// give int64, integers wrap; float32 accumulates in float64, rounded at each element.
template <detail::Lazy E>
Array<type_t<detail::sum_dtype(detail::lazy_dtype<E>())>> cumsum(const E& x, std::optional<int> axis = std::nullopt) {
  return detail::product_array<type_t<detail::sum_dtype(detail::lazy_dtype<E>())>>(
      detail::scan_node(Op::Sum, detail::lazy_node(x), axis, "cumsum"));
}

/// NumPy's cumprod(x, axis): running products, types and axes as cumsum's.
template <detail::Lazy E>
Array<type_t<detail::sum_dtype(detail::lazy_dtype<E>())>> cumprod(const E& x, std::optional<int> axis = std::nullopt) {
  return detail::product_array<type_t<detail::sum_dtype(detail::lazy_dtype<E>())>>(
      detail::scan_node(Op::Prod, detail::lazy_node(x), axis, "cumprod"));
}

/// NumPy's maximum.accumulate(x, axis): the running maximum, of x's type; NaN from the first NaN
/// on. Without an axis, of the flattened x (as cumsum; NumPy's accumulate takes axis 0 instead).
template <detail::Lazy E>
Array<type_t<detail::lazy_dtype<E>()>> cummax(const E& x, std::optional<int> axis = std::nullopt) {
  return detail::product_array<type_t<detail::lazy_dtype<E>()>>(
      detail::scan_node(Op::Max, detail::lazy_node(x), axis, "cummax"));
}

/// NumPy's minimum.accumulate(x, axis): the running minimum, as cummax.
template <detail::Lazy E>
Array<type_t<detail::lazy_dtype<E>()>> cummin(const E& x, std::optional<int> axis = std::nullopt) {
  return detail::product_array<type_t<detail::lazy_dtype<E>()>>(
      detail::scan_node(Op::Min, detail::lazy_node(x), axis, "cummin"));
}

}  // namespace sinter
