// The BLAS side of matrix products, shared by matmul and dot (lib/frontend/matmul.cpp,
// lib/frontend/reduce.cpp).
#pragma once
#include "ir/node.h"

namespace sinter::detail {

/// The product of two float32 or float64 CPU nodes of one dtype with checked, aligned shapes (1-D
/// operands as in NumPy's matmul, batch dimensions broadcast to `batch`) through the CPU BLAS:
/// the operands are evaluated, read in place where their strides suit BLAS, else copied
/// row-major, and the result is a new buffer of shape `result`. nullptr when the BLAS path does
/// not apply (no BLAS loaded, an integer dtype, a dimension past BLAS's 32-bit sizes).
ir::NodePtr blas_product(const ir::NodePtr& a, const ir::NodePtr& b, const Shape& batch, const Shape& result);

}  // namespace sinter::detail
