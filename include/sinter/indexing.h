// Integer-array indexing (docs/indexing.md): take, take_along_axis and x(i0, i1, ...), NumPy's
// advanced indexing. A result is a pending array whose elements are read from x at positions the
// indices give, fused as indexed loads into the kernel that consumes it; indices out of range
// raise IndexError when that kernel runs, naming the first bad index and its position.
#pragma once
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "sinter/array.h"
#include "sinter/export.h"

namespace sinter {

namespace detail {
/// Scatters (x(indices...) = v, add_at): per element of the target shape (the index arrays'
/// broadcast shape, then x's axes after the indexed ones; returned in `shape`), the row-major
/// position it writes in x, indices wrapped and checked (IndexError naming the first bad one).
/// Evaluates the indices and reads them on the host.
SINTER_API std::vector<std::int64_t> scatter_positions(const ir::NodePtr& x, std::span<const ir::NodePtr> indices,
                                                       Shape& shape, const char* call);
/// `value` converted to `dtype` and broadcast to `shape` on `device` (ShapeError, DeviceError).
SINTER_API ir::NodePtr scatter_values(const ir::NodePtr& value, DType dtype, const Shape& shape, Device device,
                                      const char* call);
/// take(x, indices, axis) as a node (include/sinter/indexing.h).
SINTER_API ir::NodePtr take_node(const ir::NodePtr& x, const ir::NodePtr& indices, std::optional<int> axis);
/// x(i_0, ..., i_{k-1}): index arrays on x's first k axes, broadcast together.
SINTER_API ir::NodePtr index_arrays_node(const ir::NodePtr& x, std::span<const ir::NodePtr> indices);
/// take_along_axis(x, indices, axis) as a node.
SINTER_API ir::NodePtr take_along_axis_node(const ir::NodePtr& x, const ir::NodePtr& indices, int axis);

/// x(indices...) = value (accumulate false: the last write of a repeated position wins) or
/// np.add.at (accumulate true: every write adds, in order): on the host, in row-major order of
/// the target, then x's new elements written back in place. Nothing is written when a check fails.
template <Element T>
void scatter(const Array<T>& x, std::span<const ir::NodePtr> indices, const ir::NodePtr& value, bool accumulate,
             const char* call) {
  Shape shape;
  const std::vector<std::int64_t> positions = scatter_positions(x.node(), indices, shape, call);
  const std::vector<T> values = Array<T>(scatter_values(value, dtype_v<T>, shape, x.device(), call)).to_vector();
  std::vector<T> data = x.to_vector();
  for (std::size_t k = 0; k < positions.size(); ++k) {
    T& at = data[static_cast<std::size_t>(positions[k])];
    if (!accumulate) at = values[k];
    else if constexpr (std::is_same_v<T, bool>) at = at || values[k];
    else if constexpr (std::is_integral_v<T>)  // wraps, as NumPy's integer addition
      at = static_cast<T>(static_cast<std::make_unsigned_t<T>>(at) + static_cast<std::make_unsigned_t<T>>(values[k]));
    else at = static_cast<T>(at + values[k]);  // in T's precision, one addition at a time
  }
  assign_node(x.node(), Array<T>(data, x.shape(), x.device()).node());
}
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
  /// NumPy's x[i0, ...] = value: `value` (a scalar, or an array or expression broadcast to the
  /// gathered shape) written at the indexed positions of x, in place. A position indexed more
  /// than once takes the last value written to it in row-major order of the indices, as NumPy's
  /// does. Computed on the host (docs/indexing.md); x is unchanged when an index is out of range
  /// (IndexError) or the value does not fit (ShapeError, DeviceError).
  template <detail::Operand V> const Indexed& operator=(const V& value) && {
    ir::NodePtr v;
    if constexpr (detail::ScalarLike<V>) {
      v = detail::scalar_node_of(dtype_v<T>, value);
    } else {
      static_assert(!is_float(detail::lazy_dtype<V>()) || is_float(dtype_v<T>),
                    "sinter: writing floating-point values into an integer array; convert with sinter::cast<T>");
      v = detail::lazy_node(value);
    }
    detail::scatter(x_, indices_, v, false, "x(indices) = value");
    return *this;
  }

 private:
  Array<T> x_;
  std::vector<ir::NodePtr> indices_;
};

/// NumPy's np.add.at(x, indices, values): adds each element of `values` (a scalar, or an array
/// or expression broadcast to the shape of x(indices)) to x at the position `indices` gives along
/// x's first axis, in place; a position indexed several times receives every addition, in
/// row-major order of the indices (deterministic, NumPy's order). bool: logical or. Computed on
/// the host (docs/indexing.md). Throws as x(indices) = values does.
template <Element T, detail::Lazy I, detail::Operand V>
void add_at(const Array<T>& x, const I& indices, const V& values) {
  ir::NodePtr v;
  if constexpr (detail::ScalarLike<V>) {
    v = detail::scalar_node_of(dtype_v<T>, values);
  } else {
    static_assert(!is_float(detail::lazy_dtype<V>()) || is_float(dtype_v<T>),
                  "sinter: adding floating-point values into an integer array; convert with sinter::cast<T>");
    v = detail::lazy_node(values);
  }
  const ir::NodePtr index[] = {detail::lazy_node(indices)};
  detail::scatter(x, index, v, true, "add_at");
}

/// scatter_add(x, indices, values) is add_at(x, indices, values) (np.add.at).
template <Element T, detail::Lazy I, detail::Operand V>
void scatter_add(const Array<T>& x, const I& indices, const V& values) {
  add_at(x, indices, values);
}

template <Element T> template <class... I>
requires(sizeof...(I) > 0 && (detail::Lazy<I> && ...) &&
         (is_integer(detail::lazy_dtype<I>()) && ...)) Indexed<T> Array<T>::operator()(const I&... indices) const {
  return Indexed<T>(*this, std::vector<ir::NodePtr>{detail::lazy_node(indices)...});
}

}  // namespace sinter
