// Integer-array indexing (docs/indexing.md): take, take_along_axis and x(i0, i1, ...), NumPy's
// advanced indexing. A result is a pending array whose elements are read from x at positions the
// indices give, fused as indexed loads into the kernel that consumes it; indices out of range
// raise IndexError when that kernel runs, naming the first bad index and its position.
#pragma once
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "sinter/array.h"
#include "sinter/export.h"

namespace sinter {

namespace detail {
/// take(x, indices, axis) as a node (include/sinter/indexing.h).
SINTER_API ir::NodePtr take_node(const ir::NodePtr& x, const ir::NodePtr& indices, std::optional<int> axis);
/// x(i_0, ..., i_{k-1}): index arrays on x's first k axes, broadcast together.
SINTER_API ir::NodePtr index_arrays_node(const ir::NodePtr& x, std::span<const ir::NodePtr> indices);
/// take_along_axis(x, indices, axis) as a node.
SINTER_API ir::NodePtr take_along_axis_node(const ir::NodePtr& x, const ir::NodePtr& indices, int axis);

}  // namespace detail

/// NumPy's take: the elements of x at `indices` (an array or expression of any integer type)
/// along `axis`; the result has x's axes before `axis`, the indices' shape, then x's axes after
/// it. Without an axis, x is taken as flattened (row-major). Negative indices count from the end
/// of the axis. A pending x is computed first; pending indices of the result's shape fuse with it.
/// Throws DTypeError (indices not of an integer type), DeviceError (indices on another device),
/// IndexError (an axis out of range; an index out of range, when the result is computed).
template <Element T, detail::Lazy I>
Array<T> take(const Array<T>& x, const I& indices, std::optional<int> axis = std::nullopt) {
  return Array<T>::from_value(detail::take_node(x.node(), detail::lazy_node(indices), axis));
}

/// NumPy's take_along_axis: result[..., j, ...] = x[..., indices[..., j, ...], ...] along
/// `axis`, `indices` having x's number of dimensions and broadcasting against x off that axis
/// (the result has the broadcast shape, with the indices' length along `axis`). The pair of
/// argsort-like indices and sort-like results. Throws as take does, and ShapeError when the
/// shapes do not fit.
template <Element T, detail::Lazy I> Array<T> take_along_axis(const Array<T>& x, const I& indices, int axis) {
  return Array<T>::from_value(detail::take_along_axis_node(x.node(), detail::lazy_node(indices), axis));
}

/// What x(i0, i1, ...) with integer index arrays returns (NumPy's advanced indexing: one index
/// array per leading axis of x, broadcast together): read as an Array, the gathered elements.
template <Element T> class Indexed {
 public:
  /// x(indices...) makes one (library use).
  Indexed(Array<T> x, std::vector<ir::NodePtr> indices) : x_(std::move(x)), indices_(std::move(indices)) {}
  /// The gathered elements (values()).
  operator Array<T>() const { return values(); }  // NOLINT(google-explicit-constructor)
  /// The gathered elements: shape of the index arrays broadcast together, then x's axes after
  /// the indexed ones. A pending array, fused into its consumer's kernel.
  Array<T> values() const { return Array<T>::from_value(detail::index_arrays_node(x_.node(), indices_)); }

 private:
  Array<T> x_;
  std::vector<ir::NodePtr> indices_;
};

template <Element T> template <class... I>
requires(sizeof...(I) > 0 && (detail::Lazy<I> && ...) &&
         (is_integer(detail::lazy_dtype<I>()) && ...)) Indexed<T> Array<T>::operator()(const I&... indices) const {
  return Indexed<T>(*this, std::vector<ir::NodePtr>{detail::lazy_node(indices)...});
}

}  // namespace sinter
