// The library side of matmul (include/sinter/matmul.h): NumPy's shape rules, then the product
// through the CPU BLAS (float32, float64) or as a fused multiply-and-sum reduction (integers,
// bool, and floats when no BLAS loads).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <optional>

#include "backend.h"
#include "blas.h"
#include "frontend/matmul_blas.h"
#include "logging.h"
#include "sinter/matmul.h"
#include "sinter/reduce.h"

namespace sinter::detail {
namespace {

/// The checked shapes of a product: the broadcast batch dimensions and the result's shape.
struct ProductShape {
  Shape batch;
  Shape result;
};

ProductShape product_shape(const Shape& sa, const Shape& sb) {
  const int na = sa.ndim();
  const int nb = sb.ndim();
  if (na == 0 || nb == 0)
    throw ShapeError(
        fmt::format("matmul: shapes {} and {}: a 0-d operand has no matrix dimensions (multiply by a scalar with *)",
                    sa.to_string(), sb.to_string()));
  const std::int64_t k = sa[na - 1];
  const int kb_axis = nb == 1 ? 0 : nb - 2;
  if (k != sb[kb_axis])
    throw ShapeError(
        fmt::format("matmul: shapes {} and {} are not aligned: {} (dimension {} of the first) != {} "
                    "(dimension {} of the second)",
                    sa.to_string(), sb.to_string(), k, na - 1, sb[kb_axis], kb_axis));
  // Batch dimensions: all but the last two of an operand of 3 or more dimensions, right-aligned.
  const int ba = std::max(0, na - 2);
  const int bb = std::max(0, nb - 2);
  ProductShape s;
  for (int d = 0; d < std::max(ba, bb); ++d) {
    const int ia = d - (std::max(ba, bb) - ba);
    const int ib = d - (std::max(ba, bb) - bb);
    const std::int64_t da = ia >= 0 ? sa[ia] : 1;
    const std::int64_t db = ib >= 0 ? sb[ib] : 1;
    if (da != db && da != 1 && db != 1)
      throw ShapeError(fmt::format(
          "matmul: shapes {} and {}: the batch dimensions (all but the last two) do not broadcast: {} != {}",
          sa.to_string(), sb.to_string(), da, db));
    s.batch.push_back(da == 1 ? db : da);
  }
  s.result = s.batch;
  if (na >= 2) s.result.push_back(sa[na - 2]);
  if (nb >= 2) s.result.push_back(sb[nb - 1]);
  return s;
}

/// The product as sinter's own reduction: a[..., n, k, None] * b[..., None, k, m] summed over k
/// (for bool, any of the ands), one fused kernel, exact for integers up to their wrapping.
ir::NodePtr reduction_product(const ir::NodePtr& a, const ir::NodePtr& b) {
  const DType t = a->dtype;
  const bool logical = t == DType::Bool;
  ir::NodePtr left = a;
  ir::NodePtr right = b;
  int axis = -1;  // b 1-D: the product spans (..., n, k), summed over k
  if (b->shape.ndim() >= 2) {
    left = expand_dims_node(a, -1);                             // (..., n, k, 1), or (k, 1)
    if (a->shape.ndim() >= 2) right = expand_dims_node(b, -3);  // (..., 1, k, m)
    axis = -2;
  }
  const std::array<ir::NodePtr, 2> operands{left, right};
  const ir::NodePtr product = ir::make_op(logical ? Op::And : Op::Mul, operands);
  const Axes k{product->shape.ndim() + axis};
  if (logical) return reduce_node(Op::Any, product, k, false);
  return ir::make_cast(reduce_node(Op::Sum, product, k, false), t);
}

}  // namespace

bool is_new_buffer(const ir::NodePtr& n) {
  return n && n->op == Op::Buffer && !n->is_view && n->handles.load(std::memory_order_relaxed) == 0;
}

ir::NodePtr matmul_node(const ir::NodePtr& a, const ir::NodePtr& b) {
  if (!a || !b) throw EmptyArrayError("matmul: an operand is an empty Array (default-constructed or moved-from)");
  if (a->device_free || b->device_free)
    throw DeviceError("matmul: needs two array operands, not a scalar (multiply by a scalar with *)");
  const ProductShape shape = product_shape(a->shape, b->shape);
  if (!(a->device == b->device))
    throw DeviceError(fmt::format("matmul: the operands are on {} and {}; copy one with to(device)",
                                  a->device.to_string(), b->device.to_string()));
  if (a->device.kind != DeviceKind::CPU)
    throw DeviceError(
        fmt::format("matmul: matrix products on {} need cuBLAS, which sinter does not load yet; "
                    "copy the operands to the CPU with to(sinter::cpu())",
                    a->device.to_string()));
  if (is_float(a->dtype))
    if (ir::NodePtr product = blas_product(a, b, shape.batch, shape.result)) return product;
  return reduction_product(a, b);  // pending: the Array made of it counts it (own_value)
}

}  // namespace sinter::detail
