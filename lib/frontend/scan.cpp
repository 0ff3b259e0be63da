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
  ir::NodePtr operand = x;
  int d = 0;
  if (!axis) {  // NumPy's axis=None: the flattened array (a pending expression of 2 or more axes is computed first)
    if (x->shape.ndim() != 1) operand = reshape_node(x, Shape{x->shape.numel()});
  } else {
    const int ndim = x->shape.ndim();
    if (*axis < -ndim || *axis >= ndim)
      throw IndexError(
          fmt::format("{}: axis {} is out of range for an array of shape {}", what, *axis, x->shape.to_string()));
    d = *axis < 0 ? *axis + ndim : *axis;
  }
  if (op == Op::Sum || op == Op::Prod) operand = ir::make_cast(operand, sum_dtype(operand->dtype));
  if (operand->shape.numel() == 0)  // nothing to scan: an empty array of the result's type
    return ir::make_broadcast(ir::make_scalar(operand->dtype, 0), operand->shape, operand->device);
  const ir::NodePtr reduction = ir::make_reduce(op, operand, 1U << d, false);
  return ir::make_buffer(evaluate_scan(reduction), operand->dtype, operand->shape);
}

}  // namespace sinter::detail
