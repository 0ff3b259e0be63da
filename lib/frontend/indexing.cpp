// The library side of include/sinter/indexing.h: gathers by integer index arrays. Each result is
// one gather node (ir/indexing.h) reading the source array in memory at a position computed per
// element from the checked indices, so it fuses into the kernel of whatever consumes it.
#include "sinter/indexing.h"

#include <fmt/format.h>

#include <string>

#include "evaluate.h"
#include "ir/indexing.h"
#include "ir/node.h"

namespace sinter::detail {
namespace {

/// x as a Buffer node (an array in memory or a view of one), evaluating a pending x first: a
/// gather reads it at positions that only the indices know.
ir::NodePtr in_memory(const ir::NodePtr& x) {
  if (x->op == Op::Buffer) return x;
  evaluate(std::span<const ir::NodePtr>(&x, 1));
  std::lock_guard lock(ir::graph_mutex());
  const ir::NodePtr& leaf = ir::resolved(x);
  if (leaf->op != Op::Buffer)
    throw InternalError("evaluating an array of shape " + x->shape.to_string() + " left no buffer");
  return leaf;
}

std::array<std::int64_t, kMaxDims> strides_of(const ir::Node& leaf) {
  return leaf.is_view ? leaf.strides : ir::row_major_strides(leaf.shape);
}

int checked_axis(const char* call, int axis, int ndim) {
  if (axis < -ndim || axis >= ndim)
    throw IndexError(fmt::format("{}: axis {} is out of range for an array of {} dimensions", call, axis, ndim));
  return axis < 0 ? axis + ndim : axis;
}

void check_operands(const char* call, const ir::NodePtr& x, std::span<const ir::NodePtr> indices) {
  if (!x)
    throw EmptyArrayError(std::string(call) + ": the array is an empty Array (default-constructed or moved-from)");
  for (const auto& i : indices) {
    if (!i)
      throw EmptyArrayError(std::string(call) +
                            ": an index array is an empty Array (default-constructed or moved-from)");
    if (!is_integer(i->dtype))
      throw DTypeError(std::string(call) + ": index arrays must have an integer type, got " +
                       std::string(name_of(i->dtype)));
    if (!i->device_free && !(i->device == x->device))
      throw DeviceError(std::string(call) + ": an index array is on " + i->device.to_string() + " and the array on " +
                        x->device.to_string() + "; move one with to(device) first");
  }
  if (x->device.kind != DeviceKind::CPU)  // refused here rather than by the CUDA compile of a fused kernel
    throw DeviceError(std::string(call) + ": gathers have no CUDA lowering yet (docs/indexing.md); the array is on " +
                      x->device.to_string() + ", copy it and the indices with to(cpu()) first");
}

/// `n` (of shape s) as shape s + (1,) * trailing: a view of it in memory, so that it broadcasts
/// against axes after its own (evaluates n).
ir::NodePtr with_trailing_axes(const ir::NodePtr& n, int trailing) {
  if (trailing == 0) return n;
  const ir::NodePtr leaf = in_memory(n);
  Shape shape = n->shape;
  std::array<std::int64_t, kMaxDims> strides = strides_of(*leaf);
  for (int t = 0; t < trailing; ++t) {
    strides[static_cast<std::size_t>(shape.ndim())] = 0;
    shape.push_back(1);
  }
  return ir::make_view(leaf->buffer, leaf->dtype, shape, strides, leaf->offset);
}

/// An index array in memory (a Buffer node) read over `shape`, the result's: its axes are the
/// broadcast index axes from `first` on (index_shape), the others are read with stride 0.
ir::NodePtr spread_over(const ir::NodePtr& index, int first, const Shape& index_shape, const Shape& shape) {
  const std::array<std::int64_t, kMaxDims> own = strides_of(*index);
  std::array<std::int64_t, kMaxDims> strides{};
  const int lead = index_shape.ndim() - index->shape.ndim();  // broadcast against the other index arrays
  for (int d = 0; d < index->shape.ndim(); ++d) {
    const int axis = first + lead + d;
    strides[static_cast<std::size_t>(axis)] = index->shape[d] == 1 ? 0 : own[static_cast<std::size_t>(d)];
  }
  return ir::make_view(index->buffer, index->dtype, shape, strides, index->offset);
}

/// NumPy's x[..., i_0, ..., i_{k-1}, ...] with the k index arrays on the consecutive axes from
/// `first`: the result has x's axes before them, the index arrays' broadcast shape, then x's
/// axes after them.
ir::NodePtr gather_axes(const char* call, const ir::NodePtr& x_node, int first, std::span<const ir::NodePtr> indices) {
  check_operands(call, x_node, indices);
  const ir::NodePtr x = in_memory(x_node);
  const int k = static_cast<int>(indices.size());
  if (first + k > x->shape.ndim())
    throw IndexError(fmt::format("{}: {} index arrays for an array of {} dimensions", call, k, x->shape.ndim()));
  Shape index_shape;
  for (const auto& i : indices) {
    try {
      index_shape = broadcast_shapes(index_shape, i->shape);
    } catch (const ShapeError&) {
      throw ShapeError(std::string(call) + ": index arrays of shapes that do not broadcast together (" +
                       index_shape.to_string() + " and " + i->shape.to_string() + ")");
    }
  }
  const std::array<std::int64_t, kMaxDims> x_strides = strides_of(*x);
  Shape shape;
  std::array<std::int64_t, kMaxDims> base{};
  for (int d = 0; d < first; ++d) {
    base[static_cast<std::size_t>(shape.ndim())] = x_strides[static_cast<std::size_t>(d)];
    shape.push_back(x->shape[d]);
  }
  for (int d = 0; d < index_shape.ndim(); ++d) shape.push_back(index_shape[d]);  // base stride 0
  const int trailing = x->shape.ndim() - first - k;
  for (int d = first + k; d < x->shape.ndim(); ++d) {
    base[static_cast<std::size_t>(shape.ndim())] = x_strides[static_cast<std::size_t>(d)];
    shape.push_back(x->shape[d]);
  }
  if (shape.ndim() > kMaxDims)
    throw ShapeError(fmt::format("{}: a result of {} dimensions (at most {})", call, shape.ndim(), kMaxDims));
  // The position along the indexed axes: the sum of each checked index times its axis's stride,
  // per element of the result.
  ir::NodePtr position;
  for (int j = 0; j < k; ++j) {
    const std::int64_t size = x->shape[first + j];
    if (size == 0 && index_shape.numel() > 0)
      throw IndexError(fmt::format("{}: cannot take elements from axis {} of size 0", call, first + j));
    const ir::NodePtr stride = ir::make_scalar(
        DType::Int64,
        static_cast<std::uint64_t>(x_strides[static_cast<std::size_t>(first) + static_cast<std::size_t>(j)]));
    ir::NodePtr index;
    {
      std::lock_guard lock(ir::graph_mutex());
      index = ir::resolved(indices[static_cast<std::size_t>(j)]);
    }
    ir::NodePtr term;
    if (index->op == Op::Buffer && !(index->shape == shape)) {
      // In memory: read through a view of the result's shape (zero strides off its own axes),
      // checked per element in the gather's kernel.
      const ir::NodePtr operands[] = {ir::make_index_check(spread_over(index, first, index_shape, shape), size),
                                      stride};
      term = ir::make_op(Op::Mul, operands);
    } else {
      // Pending (or of the result's shape already): checked over its own shape, fused when that is
      // the result's, else computed first as any operand of another shape.
      const ir::NodePtr operands[] = {ir::make_index_check(index, size), stride};
      term = ir::make_op(Op::Mul, operands);
      if (!(term->shape == index_shape)) term = ir::make_broadcast(term, index_shape, x->device);
      term = with_trailing_axes(term, trailing);
      if (!(term->shape == shape)) term = ir::make_broadcast(term, shape, x->device);
    }
    if (!position) {
      position = term;
    } else {
      const ir::NodePtr sum[] = {position, term};
      position = ir::make_op(Op::Add, sum);
    }
  }
  return ir::make_gather(x, position, base);
}

}  // namespace

ir::NodePtr take_node(const ir::NodePtr& x, const ir::NodePtr& indices, std::optional<int> axis) {
  const ir::NodePtr operands[] = {indices};
  check_operands("take", x, operands);
  if (!axis) {  // NumPy's take without an axis: of the flattened array
    Shape flat;
    flat.push_back(x->shape.numel());
    return gather_axes("take", reshape_node(x, flat), 0, operands);
  }
  return gather_axes("take", x, checked_axis("take", *axis, x->shape.ndim()), operands);
}

ir::NodePtr index_arrays_node(const ir::NodePtr& x, std::span<const ir::NodePtr> indices) {
  return gather_axes("x(indices)", x, 0, indices);
}

ir::NodePtr take_along_axis_node(const ir::NodePtr& x_node, const ir::NodePtr& indices, int axis_arg) {
  const char* call = "take_along_axis";
  const ir::NodePtr operands[] = {indices};
  check_operands(call, x_node, operands);
  const int ndim = x_node->shape.ndim();
  if (indices->shape.ndim() != ndim)
    throw ShapeError(fmt::format("{}: the indices have {} dimensions and the array {}; they must have as many", call,
                                 indices->shape.ndim(), ndim));
  const int axis = checked_axis(call, axis_arg, ndim);
  // The result: x's shape and the indices' broadcast together, but along `axis` the indices' length.
  Shape x_shape;
  Shape i_shape;
  for (int d = 0; d < ndim; ++d) {
    x_shape.push_back(d == axis ? 1 : x_node->shape[d]);
    i_shape.push_back(d == axis ? 1 : indices->shape[d]);
  }
  Shape off_axis;
  try {
    off_axis = broadcast_shapes(x_shape, i_shape);
  } catch (const ShapeError&) {
    throw ShapeError(std::string(call) + ": indices of shape " + indices->shape.to_string() +
                     " do not broadcast against an array of shape " + x_node->shape.to_string() + " off axis " +
                     std::to_string(axis));
  }
  Shape shape;
  for (int d = 0; d < ndim; ++d) shape.push_back(d == axis ? indices->shape[d] : off_axis[d]);
  const ir::NodePtr x = in_memory(x_node);
  const std::int64_t size = x->shape[axis];
  if (size == 0 && shape.numel() > 0)
    throw IndexError(fmt::format("{}: cannot take elements from axis {} of size 0", call, axis));
  const std::array<std::int64_t, kMaxDims> x_strides = strides_of(*x);
  std::array<std::int64_t, kMaxDims> base{};
  for (int d = 0; d < ndim; ++d)
    base[static_cast<std::size_t>(d)] = d == axis || x->shape[d] == 1 ? 0 : x_strides[static_cast<std::size_t>(d)];
  const ir::NodePtr stride =
      ir::make_scalar(DType::Int64, static_cast<std::uint64_t>(x_strides[static_cast<std::size_t>(axis)]));
  const ir::NodePtr product[] = {ir::make_index_check(indices, size), stride};
  ir::NodePtr position = ir::make_op(Op::Mul, product);
  if (!(position->shape == shape)) position = ir::make_broadcast(position, shape, x->device);
  return ir::make_gather(x, position, base);
}

}  // namespace sinter::detail
