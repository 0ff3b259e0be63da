// Joining, repeating and creating arrays (NumPy's concatenate, stack, flip, roll, repeat, tile,
// pad, linspace, eye, tril, triu). Which of them are views, fused expressions or copies is said
// at each function and in docs/joining.md; results match NumPy (tests/fixtures/joining.txt).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "sinter/array.h"
#include "sinter/export.h"
#include "sinter/math.h"

namespace sinter {

/// How pad fills the new elements: with a constant (NumPy's mode="constant"), or with the
/// nearest edge element of each axis (mode="edge").
enum class PadMode { Constant, Edge };

namespace detail {
SINTER_API ir::NodePtr concatenate_node(std::span<const ir::NodePtr> parts, int axis);
SINTER_API ir::NodePtr pad_node(const ir::NodePtr& x, std::span<const std::pair<std::int64_t, std::int64_t>> widths,
                                PadMode mode, const ir::NodePtr& value);
/// x(all, ..., Slice{start, stop}, all, ...) along `axis` of an array of `ndim` axes.
SINTER_API ir::NodePtr axis_slice_node(const ir::NodePtr& x, int axis, std::optional<std::int64_t> start,
                                       std::optional<std::int64_t> stop, std::optional<std::int64_t> step);
}  // namespace detail

/// The arrays joined along `axis` (negative counts from the end), NumPy's concatenate: a new
/// array, each part written into it by one kernel (a pending part is computed in that kernel).
/// Throws ValueError (no arrays, 0-d arrays), ShapeError (other sizes off the axis, other ranks),
/// IndexError (the axis), DeviceError (arrays on several devices).
template <Element T> Array<T> concatenate(std::span<const Array<T>> parts, int axis = 0) {
  std::vector<ir::NodePtr> nodes;
  nodes.reserve(parts.size());
  for (const Array<T>& p : parts) nodes.push_back(p.node());
  return Array<T>(detail::concatenate_node(nodes, axis));
}
/// concatenate({a, b, c}, axis): as concatenate of a span (docs/joining.md).
template <Element T> Array<T> concatenate(std::initializer_list<Array<T>> parts, int axis = 0) {
  return concatenate(std::span<const Array<T>>(parts.begin(), parts.size()), axis);
}

/// The arrays (of one shape) joined along a new axis `axis` (in [-ndim-1, ndim]), NumPy's stack:
/// concatenate of their expand_dims. Throws as concatenate, and ShapeError for unequal shapes.
template <Element T> Array<T> stack(std::span<const Array<T>> parts, int axis = 0) {
  std::vector<ir::NodePtr> nodes;
  nodes.reserve(parts.size());
  for (const Array<T>& p : parts) {
    if (p.shape() != parts[0].shape())
      throw ShapeError("stack: all arrays must have one shape, got " + parts[0].shape().to_string() + " and " +
                       p.shape().to_string());
    nodes.push_back(p.expand_dims(axis).node());
  }
  if (nodes.empty()) throw ValueError("stack: needs at least one array");
  return Array<T>(detail::concatenate_node(nodes, axis));  // the new axis, counted in ndim + 1 axes
}
/// stack({a, b, c}, axis): as stack of a span (docs/joining.md).
template <Element T> Array<T> stack(std::initializer_list<Array<T>> parts, int axis = 0) {
  return stack(std::span<const Array<T>>(parts.begin(), parts.size()), axis);
}

/// The elements in reverse order along `axis`, NumPy's flip: a view (no copy).
template <Element T> Array<T> flip(const Array<T>& x, int axis) {
  return Array<T>(detail::axis_slice_node(x.node(), axis, std::nullopt, std::nullopt, -1));
}
/// Reversed along every axis: a view.
template <Element T> Array<T> flip(const Array<T>& x) {
  Array<T> r = x;
  for (int d = 0; d < x.ndim(); ++d) r = flip(r, d);
  return r;
}

/// The elements shifted by `shift` along `axis` (those past the end come back at the start),
/// NumPy's roll: a new array, the two pieces written by one kernel each.
template <Element T> Array<T> roll(const Array<T>& x, std::int64_t shift, int axis) {
  if (x.ndim() == 0) throw IndexError("roll: a 0-d array has no axis " + std::to_string(axis));
  const int a = axis < 0 ? axis + x.ndim() : axis;
  if (a < 0 || a >= x.ndim())
    throw IndexError("roll: axis " + std::to_string(axis) + " is out of range for an array of shape " +
                     x.shape().to_string());
  const std::int64_t n = x.shape()[a];
  const std::int64_t s = n == 0 ? 0 : ((shift % n) + n) % n;
  const Array<T> tail(detail::axis_slice_node(x.node(), a, n - s, std::nullopt, std::nullopt));
  const Array<T> head(detail::axis_slice_node(x.node(), a, std::nullopt, n - s, std::nullopt));
  return concatenate({tail, head}, a);
}
/// roll of the flattened elements, then the original shape (NumPy's roll without an axis).
template <Element T> Array<T> roll(const Array<T>& x, std::int64_t shift) {
  return roll(x.reshape(Shape{x.size()}), shift, 0).reshape(x.shape());
}

/// Each element repeated `repeats` times along `axis`, NumPy's repeat with one count: a new
/// array (a broadcast view copied into place by one kernel). Throws ValueError (a negative count).
template <Element T> Array<T> repeat(const Array<T>& x, std::int64_t repeats, int axis) {
  if (repeats < 0) throw ValueError("repeat: negative count " + std::to_string(repeats));
  const int a = axis < 0 ? axis + x.ndim() : axis;
  if (a < 0 || a >= x.ndim())
    throw IndexError("repeat: axis " + std::to_string(axis) + " is out of range for an array of shape " +
                     x.shape().to_string());
  Shape wide, out;
  for (int d = 0; d < x.ndim(); ++d) {
    wide.push_back(x.shape()[d]);
    if (d == a) wide.push_back(repeats);
    out.push_back(d == a ? x.shape()[d] * repeats : x.shape()[d]);
  }
  return x.expand_dims(a + 1).broadcast_to(wide).copy().reshape(out);
}
/// repeat of the flattened elements (NumPy's repeat without an axis).
template <Element T> Array<T> repeat(const Array<T>& x, std::int64_t repeats) {
  return repeat(x.reshape(Shape{x.size()}), repeats, 0);
}

/// The array repeated `reps[d]` times along each axis d, NumPy's tile (an array of fewer axes
/// than reps gains leading ones; fewer reps than axes repeat the trailing axes): a new array, one
/// kernel. Throws ValueError (a negative count), ShapeError (more than 4 axes: tile works through
/// a view of twice as many).
template <Element T> Array<T> tile(const Array<T>& x, std::span<const std::int64_t> reps) {
  const int ndim = std::max(x.ndim(), static_cast<int>(reps.size()));
  if (2 * ndim > kMaxDims)
    throw ShapeError("tile: at most " + std::to_string(kMaxDims / 2) + " axes, got " + std::to_string(ndim));
  Shape padded, split, wide, out;
  for (int d = 0; d < ndim; ++d) {
    const int xd = d - (ndim - x.ndim()), rd = d - (ndim - static_cast<int>(reps.size()));
    const std::int64_t n = xd >= 0 ? x.shape()[xd] : 1;
    const std::int64_t r = rd >= 0 ? reps[static_cast<std::size_t>(rd)] : 1;
    if (r < 0) throw ValueError("tile: negative count " + std::to_string(r));
    padded.push_back(n);
    split.push_back(1);
    split.push_back(n);
    wide.push_back(r);
    wide.push_back(n);
    out.push_back(r * n);
  }
  return x.reshape(padded).reshape(split).broadcast_to(wide).copy().reshape(out);
}
/// tile(x, {2, 3}): as tile with a span of repetitions (docs/joining.md).
template <Element T> Array<T> tile(const Array<T>& x, std::initializer_list<std::int64_t> reps) {
  return tile(x, std::span<const std::int64_t>(reps.begin(), reps.size()));
}

/// `x` with widths[d] = (before, after) new elements on each side of axis d (one pair: the same
/// for every axis), filled by `mode`: `value` (Constant) or the edge element (Edge); NumPy's pad.
/// A new array. Throws ValueError (negative widths, edge padding of an empty axis), ShapeError
/// (widths for another number of axes).
template <Element T>
Array<T> pad(const Array<T>& x, std::span<const std::pair<std::int64_t, std::int64_t>> widths,
             PadMode mode = PadMode::Constant, T value = T{}) {
  return Array<T>(detail::pad_node(x.node(), widths, mode, detail::scalar_node_of(dtype_v<T>, value)));
}
/// pad(x, before, after): the same widths (before, after) on every axis (docs/joining.md).
template <Element T>
Array<T> pad(const Array<T>& x, std::int64_t before, std::int64_t after, PadMode mode = PadMode::Constant,
             T value = T{}) {
  std::vector<std::pair<std::int64_t, std::int64_t>> widths(static_cast<std::size_t>(x.ndim()), {before, after});
  return pad(x, std::span<const std::pair<std::int64_t, std::int64_t>>(widths), mode, value);
}

/// `num` evenly spaced values from `start` to `stop` (included unless `endpoint` is false),
/// NumPy's linspace: computed in float64 as start + i * step and converted to T, the last one
/// exactly `stop`. Pending and fused: no memory until evaluated. Throws ValueError (num < 0).
template <Element T>
Array<T> linspace(double start, double stop, std::int64_t num, bool endpoint = true, Device device = cpu()) {
  if (num < 0) throw ValueError("linspace: negative number of samples " + std::to_string(num));
  const double div = static_cast<double>(endpoint ? num - 1 : num);
  const double step = div > 0 ? (stop - start) / div : 0.0;
  const Array<double> i = arange<double>(num, device);
  Array<double> values = i * step + start;
  if (endpoint && num > 1) values = where(i == static_cast<double>(num - 1), stop, values);
  return Array<T>(cast<T>(values));
}

/// The n x m matrix with ones on diagonal k (0: the main one, positive: above), NumPy's eye:
/// pending and fused (no memory until evaluated).
template <Element T> Array<T> eye(std::int64_t n, std::int64_t m, std::int64_t k = 0, Device device = cpu()) {
  const Array<std::int64_t> row = arange<std::int64_t>(n, device).reshape(Shape{n, 1});
  const Array<std::int64_t> col = arange<std::int64_t>(m, device).reshape(Shape{1, m});
  return Array<T>(cast<T>(col - row == k));
}
/// The n x n identity matrix (eye(n, n, 0)).
template <Element T> Array<T> eye(std::int64_t n, Device device = cpu()) { return eye<T>(n, n, 0, device); }

/// The elements on and below diagonal k of the last two axes, zeros above (NumPy's tril);
/// triu keeps those on and above. Pending and fused. Throws ValueError for fewer than 2 axes.
template <Element T> Array<T> tril(const Array<T>& x, std::int64_t k = 0) {
  if (x.ndim() < 2) throw ValueError("tril: needs at least 2 axes, got shape " + x.shape().to_string());
  const std::int64_t rows = x.shape()[x.ndim() - 2], cols = x.shape()[x.ndim() - 1];
  const Array<std::int64_t> row = arange<std::int64_t>(rows, x.device()).reshape(Shape{rows, 1});
  const Array<std::int64_t> col = arange<std::int64_t>(cols, x.device()).reshape(Shape{1, cols});
  return Array<T>(where(col - row <= k, x, T{0}));
}
/// The elements on and above diagonal k of the last two axes, zeros below (NumPy's triu).
template <Element T> Array<T> triu(const Array<T>& x, std::int64_t k = 0) {
  if (x.ndim() < 2) throw ValueError("triu: needs at least 2 axes, got shape " + x.shape().to_string());
  const std::int64_t rows = x.shape()[x.ndim() - 2], cols = x.shape()[x.ndim() - 1];
  const Array<std::int64_t> row = arange<std::int64_t>(rows, x.device()).reshape(Shape{rows, 1});
  const Array<std::int64_t> col = arange<std::int64_t>(cols, x.device()).reshape(Shape{1, cols});
  return Array<T>(where(col - row >= k, x, T{0}));
}

}  // namespace sinter
