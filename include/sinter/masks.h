// Boolean masks (docs/masks.md): counting, positions, selection and masked writes. Counting and
// masked writes are fused expressions; selection and positions have a data-dependent length, so
// they evaluate the mask and build their result from its elements.
#pragma once
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "sinter/array.h"
#include "sinter/export.h"
#include "sinter/math.h"
#include "sinter/reduce.h"

namespace sinter {

/// NumPy's count_nonzero: the elements over `axes` (all by default) that are not zero (NaN
/// counts, as bool(nan) is true), as int64. One reduction, fused with what produces x.
template <detail::Lazy E>
Array<std::int64_t> count_nonzero(const E& x, const Axes& axes = {}, detail::KeepDims keepdims = false) {
  return sum(cast<bool>(x), axes, keepdims);
}

namespace detail {
/// The row-major positions of the true elements of a bool node (evaluated), and its shape.
SINTER_API std::vector<std::int64_t> true_positions(const ir::NodePtr& mask, Shape& shape);
/// Refuses a mask whose shape or device differs from the array's it indexes.
SINTER_API void check_mask(const ir::NodePtr& x, const ir::NodePtr& mask, const char* call);
}  // namespace detail

/// NumPy's nonzero: per axis of x, the coordinates of its nonzero elements in row-major order
/// (one int64 array per axis, all of one length; a 0-d x is taken as 1-d). Evaluates x.
template <detail::Lazy E> std::vector<Array<std::int64_t>> nonzero(const E& x) {
  const Array<bool> mask = cast<bool>(x);
  Shape shape;
  const std::vector<std::int64_t> flat = detail::true_positions(mask.node(), shape);
  const int ndim = std::max(1, shape.ndim());
  std::vector<std::vector<std::int64_t>> coordinates(static_cast<std::size_t>(ndim),
                                                     std::vector<std::int64_t>(flat.size()));
  for (std::size_t k = 0; k < flat.size(); ++k) {
    std::int64_t rest = flat[k];
    for (int d = ndim - 1; d >= 0; --d) {
      const std::int64_t size = shape.ndim() == 0 ? 1 : shape[d];
      coordinates[static_cast<std::size_t>(d)][k] = rest % size;
      rest /= size;
    }
  }
  std::vector<Array<std::int64_t>> out;
  for (const auto& c : coordinates) out.emplace_back(c, mask.device());
  return out;
}

/// NumPy's extract(mask, x), x[mask]: the elements of x where `mask` is true, in row-major order,
/// as a new 1-d array. `mask` must have x's shape and device (ShapeError, DeviceError).
/// Evaluates the mask and reads x's selected elements through the host.
template <Element T> Array<T> extract(const Array<bool>& mask, const Array<T>& x) {
  detail::check_mask(x.node(), mask.node(), "extract(mask, x)");
  Shape shape;
  const std::vector<std::int64_t> positions = detail::true_positions(mask.node(), shape);
  const std::vector<T> elements = x.to_vector();
  std::vector<T> picked;
  picked.reserve(positions.size());
  for (std::int64_t p : positions) picked.push_back(elements[static_cast<std::size_t>(p)]);
  return Array<T>(picked, x.device());
}

/// What x(mask) returns: read as an Array, the selected elements (extract); assigned to, a masked
/// write into x in place. It holds the mask as an expression, not as an Array: a mask written in
/// place (`x(x < 0) = 0`) fuses into the write, while a mask kept in an Array that reads x is
/// computed first, before x changes.
template <Element T> class Masked {
 public:
  /// x(mask) makes one (library use). Throws ShapeError or DeviceError for a mask whose shape or
  /// device differs from x's.
  Masked(Array<T> x, ir::NodePtr mask) : x_(std::move(x)), mask_(std::move(mask)) {
    detail::check_mask(x_.node(), mask_, "x(mask)");
  }
  /// The selected elements, in row-major order (extract(mask, x)).
  operator Array<T>() const { return values(); }  // NOLINT(google-explicit-constructor)
  /// The selected elements, in row-major order: a new 1-D array (docs/masks.md).
  Array<T> values() const { return extract(Array<bool>(mask_), x_); }
  /// Writes `value` (a scalar, or an array or expression broadcast to x's shape) into x where
  /// the mask is true: x = where(mask, value, x), in place and fused, one kernel. An array value
  /// is read at the same positions (NumPy's x[mask] = value[mask]), not in order of the selection.
  template <detail::Operand V> const Masked& operator=(const V& value) && {
    ir::NodePtr v;
    if constexpr (detail::ScalarLike<V>) {
      v = detail::scalar_node_of(dtype_v<T>, value);
    } else {
      static_assert(!is_float(detail::lazy_dtype<V>()) || is_float(dtype_v<T>),
                    "sinter: writing floating-point values into an integer array; convert with sinter::cast<T>");
      v = detail::lazy_node(cast<T>(value));
    }
    // The where node is made without an Array handle, so no pending array reading x is left
    // to compute before the write.
    const ir::NodePtr operands[] = {mask_, std::move(v), x_.node()};
    detail::assign_node(x_.node(), detail::op_node(Op::Where, operands));
    return *this;
  }

 private:
  Array<T> x_;
  ir::NodePtr mask_;
};

}  // namespace sinter
