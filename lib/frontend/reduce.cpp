// The front end of reductions and dot products (include/sinter/reduce.h): axis checking,
// NumPy's result types, and the nodes that express mean and dot through sum.
#include <fmt/format.h>

#include <array>
#include <string_view>

#include "ir/node.h"
#include "sinter/reduce.h"

namespace sinter::detail {
namespace {

/// The axes as a bit mask over x's dimensions. Throws IndexError (out of range) and
/// ValueError (an axis named twice), naming the operation and x's shape.
std::uint32_t axis_mask(std::string_view what, const Shape& shape, const Axes& axes) {
  const int ndim = shape.ndim();
  if (axes.all()) return ndim == 0 ? 0U : (1U << ndim) - 1U;
  std::uint32_t mask = 0;
  for (int axis : axes.list()) {
    if (axis < -ndim || axis >= ndim)
      throw IndexError(
          fmt::format("{}: axis {} is out of range for an array of shape {}", what, axis, shape.to_string()));
    const int d = axis < 0 ? axis + ndim : axis;
    if ((mask >> d) & 1U)
      throw ValueError(fmt::format("{}: axis {} is named twice (an array of shape {})", what, axis, shape.to_string()));
    mask |= 1U << d;
  }
  return mask;
}

/// The operand in the type `op` reduces: sums and products widen bool and every narrower integer
/// to int64 (the catalogue's SumTo), any and all see "nonzero".
ir::NodePtr reduced_operand(Op op, const ir::NodePtr& x) {
  if (op == Op::Sum || op == Op::Prod) return ir::make_cast(x, sum_dtype(x->dtype));
  if (op == Op::Any || op == Op::All) return ir::make_cast(x, DType::Bool);
  return x;
}

}  // namespace

ir::NodePtr reduce_node(Op op, const ir::NodePtr& x, const Axes& axes, bool keepdims) {
  if (!x) throw EmptyArrayError(std::string(info(op).name) + ": the operand is an empty Array");
  if (x->device_free) throw DeviceError(std::string(info(op).name) + ": needs an array operand, not a scalar");
  const std::uint32_t mask = axis_mask(info(op).name, x->shape, axes);
  ir::NodePtr operand = reduced_operand(op, x);
  if (mask == 0) {  // nothing to reduce (a 0-d operand): each element is its own reduction
    if (op == Op::ArgMin || op == Op::ArgMax)
      return ir::make_broadcast(ir::make_scalar(DType::Int64, 0), x->shape, x->device);
    return operand;
  }
  ir::NodePtr n = ir::make_reduce(op, operand, mask, keepdims);
  adopt_pending(n);
  return n;
}

ir::NodePtr mean_node(const ir::NodePtr& x, const Axes& axes, bool keepdims) {
  if (!x) throw EmptyArrayError("mean: the operand is an empty Array");
  const DType t = mean_dtype(x->dtype);
  const std::uint32_t mask = axis_mask("mean", x->shape, axes);  // checked first: errors name mean
  ir::NodePtr sum = reduce_node(Op::Sum, ir::make_cast(x, t), axes, keepdims);
  std::int64_t count = 1;
  for (int d = 0; d < x->shape.ndim(); ++d)
    if ((mask >> d) & 1U) count *= x->shape[d];
  const std::array<ir::NodePtr, 2> operands{
      sum, ir::make_scalar(t, ir::scalar_bits_from_double(t, static_cast<double>(count)))};
  return ir::make_op(Op::Div, operands);
}

ir::NodePtr dot_node(const ir::NodePtr& a, const ir::NodePtr& b) {
  const Shape& sa = a->shape;
  const Shape& sb = b->shape;
  const int na = sa.ndim();
  const int nb = sb.ndim();
  if (na < 1 || na > 2 || nb < 1 || nb > 2)
    throw ShapeError(
        fmt::format("dot: needs 1-D or 2-D operands, got shapes {} and {}", sa.to_string(), sb.to_string()));
  const std::int64_t ka = sa[na - 1];
  const std::int64_t kb = sb[0];
  if (ka != kb)
    throw ShapeError(
        fmt::format("dot: shapes {} and {} are not aligned: {} (dimension {} of the first) != {} "
                    "(dimension 0 of the second)",
                    sa.to_string(), sb.to_string(), ka, na - 1, kb));
  // a's last axis meets b's first: with b 2-D, a gets a trailing axis so that the product
  // spans (..., K, N) and the sum runs over K.
  const ir::NodePtr left = nb == 2 ? expand_dims_node(a, -1) : a;
  const std::array<ir::NodePtr, 2> operands{left, b};
  const ir::NodePtr product = ir::make_op(Op::Mul, operands);
  const int axis = nb == 2 ? product->shape.ndim() - 2 : product->shape.ndim() - 1;
  return ir::make_cast(reduce_node(Op::Sum, product, Axes{axis}, false), a->dtype);
}

}  // namespace sinter::detail
