// The front end of scans (include/sinter/scan.h): the axis, NumPy's result types, and the scan
// kernel's run (evaluate_scan: the reduction node over the axis, planned as a scan kernel).
#include <fmt/format.h>

#include "evaluate.h"
#include "ir/node.h"
#include "sinter/detail/graph.h"
#include "sinter/scan.h"

namespace sinter::detail {

ir::NodePtr scan_node(Op op, const ir::NodePtr& x, std::optional<int> axis, const char* what) {
  if (!x)
    throw EmptyArrayError(fmt::format("{}: the operand is an empty Array (default-constructed or moved-from)", what));
  if (x->device_free) throw DeviceError(fmt::format("{}: needs an array operand, not a scalar", what));
  const auto widened = [&](const ir::NodePtr& n) {
    return op == Op::Sum || op == Op::Prod ? ir::make_cast(n, sum_dtype(n->dtype)) : n;
  };
  ir::NodePtr operand = x;
  int d = 0;
  if (!axis) {  // NumPy's axis=None: the flattened array
    const int ndim = x->shape.ndim();
    const Shape flat{x->shape.numel()};
    if (flat[0] == 0)  // nothing to scan: an empty 1-D array of the result's type
      return ir::make_broadcast(ir::make_scalar(widened(x)->dtype, 0), flat, x->device);
    if (ndim >= 2) {  // every axis at once, where they merge into one dimension
      const ir::NodePtr all_axes = ir::make_reduce(op, widened(x), (1U << ndim) - 1U, false);
      if (std::shared_ptr<ir::Buffer> buffer = evaluate_scan(all_axes))
        return ir::make_buffer(std::move(buffer), all_axes->dtype, flat);
    }
    if (ndim != 1) operand = reshape_node(x, flat);  // else a copy in row-major order first
  } else {
    const int ndim = x->shape.ndim();
    if (*axis < -ndim || *axis >= ndim)
      throw IndexError(
          fmt::format("{}: axis {} is out of range for an array of shape {}", what, *axis, x->shape.to_string()));
    d = *axis < 0 ? *axis + ndim : *axis;
  }
  operand = widened(operand);
  if (operand->shape.numel() == 0)  // nothing to scan: an empty array of the result's type
    return ir::make_broadcast(ir::make_scalar(operand->dtype, 0), operand->shape, operand->device);
  const ir::NodePtr reduction = ir::make_reduce(op, operand, 1U << d, false);
  std::shared_ptr<ir::Buffer> buffer = evaluate_scan(reduction);
  if (!buffer)
    throw InternalError(fmt::format("{}: no scan kernel for one axis of {}", what, operand->shape.to_string()));
  return ir::make_buffer(std::move(buffer), operand->dtype, operand->shape);
}

}  // namespace sinter::detail
