// The front end of reductions and dot products (include/sinter/reduce.h): axis checking,
// NumPy's result types, and the nodes that express mean and dot through sum.
#include <fmt/format.h>

#include <array>
#include <string_view>

#include "frontend/matmul_blas.h"
#include "frontend/trace.h"
#include "ir/node.h"
#include "ir/region.h"
#include "sinter/custom_reduce.h"
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

/// Multiply-adds (n k m) from which a float matrix-matrix dot on the CPU goes to BLAS: below it the
/// fused reduction wins or the difference is noise (bench/results/cpu-2026-12-07-matmul.md).
constexpr std::int64_t kDotBlasWork = std::int64_t{1} << 18;

/// A large float (n, k) . (k, m) on the CPU through dgemm: float32 operands are widened and the
/// result rounded once, as the reduction's float64 accumulation does. nullptr when not taken.
ir::NodePtr blas_dot(const ir::NodePtr& a, const ir::NodePtr& b) {
  const Shape& sa = a->shape;
  const Shape& sb = b->shape;
  if (sa.ndim() != 2 || sb.ndim() != 2 || !is_float(a->dtype) || a->device.kind != DeviceKind::CPU ||
      !(a->device == b->device) || a->device_free || b->device_free)
    return nullptr;
  if (static_cast<double>(sa[0]) * static_cast<double>(sa[1]) * static_cast<double>(sb[1]) <
      static_cast<double>(kDotBlasWork))
    return nullptr;
  const ir::NodePtr product =
      blas_product(ir::make_cast(a, DType::Float64), ir::make_cast(b, DType::Float64), Shape{}, Shape{sa[0], sb[1]});
  return product ? ir::make_cast(product, a->dtype) : nullptr;
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
  if (ir::NodePtr product = blas_dot(a, b)) return product;
  // a's last axis meets b's first: with b 2-D, a gets a trailing axis so that the product
  // spans (..., K, N) and the sum runs over K.
  const ir::NodePtr left = nb == 2 ? expand_dims_node(a, -1) : a;
  const std::array<ir::NodePtr, 2> operands{left, b};
  const ir::NodePtr product = ir::make_op(Op::Mul, operands);
  const int axis = nb == 2 ? product->shape.ndim() - 2 : product->shape.ndim() - 1;
  return ir::make_cast(reduce_node(Op::Sum, product, Axes{axis}, false), a->dtype);
}

std::vector<ir::NodePtr> begin_fold(std::span<const ir::NodePtr> states) {
  if (const char* f = tracing_function())
    throw Error(std::string("sinter::reduce: called inside ") + f +
                "'s lambdas (or another reduce's combine); a reduction of per-element values is not supported "
                "there: reduce outside and use the result");
  Shape shape;
  Device device;
  ir::state_shape_and_device("sinter::reduce", states, shape, device);
  if (device.kind != DeviceKind::CPU)
    throw Error("sinter::reduce: not yet supported on cuda (the arrays are on " + device.to_string() +
                "); reduce on cpu() and move the result with to(device)");
  std::vector<ir::NodePtr> params;
  for (std::size_t p = 0; p < 2 * states.size(); ++p)
    params.push_back(
        ir::make_param(states[p % states.size()]->dtype, Shape{}, device, ir::kFoldDepth, static_cast<int>(p)));
  begin_trace("sinter::reduce");
  return params;
}

void end_fold() noexcept { end_trace(); }

std::vector<ir::NodePtr> finish_fold(std::span<const ir::NodePtr> states, const Axes& axes, bool keepdims,
                                     std::span<const ir::NodePtr> identities, std::span<const ir::NodePtr> combine,
                                     std::span<const ir::NodePtr> params) {
  Shape shape;
  Device device;
  ir::state_shape_and_device("sinter::reduce", states, shape, device);
  const std::uint32_t mask = axis_mask("sinter::reduce", shape, axes);
  std::vector<ir::NodePtr> results =
      ir::make_fold("sinter::reduce", states, mask, keepdims, identities, combine, params);
  if (mask == 0) {  // nothing to reduce (0-d states): each element is its own reduction
    results.clear();
    for (const ir::NodePtr& s : states) results.push_back(ir::make_broadcast(s, shape, device));
    return results;
  }
  for (const ir::NodePtr& r : results) adopt_pending(r);
  return results;
}

ir::NodePtr fold_scalar(DType t, double v, std::int64_t i, bool floating) {
  return ir::make_scalar(t, floating || is_float(t)
                                ? ir::scalar_bits_from_double(t, floating ? v : static_cast<double>(i))
                                : ir::scalar_bits_from_int(t, i));
}

}  // namespace sinter::detail
