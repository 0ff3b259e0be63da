// Matrix products through the CPU BLAS (lib/blas.h): each operand evaluated (its producer is one
// kernel), read in place when its matrices' strides are ones BLAS takes (row-major, or
// transposed, with a leading dimension), else copied row-major first; one sgemm/dgemm call per
// matrix of the broadcast batch, into a new row-major buffer.
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
#include "sinter/array.h"

namespace sinter::detail {
namespace {

/// How BLAS reads an operand's matrices: transposed or not, and the leading dimension.
struct MatrixLayout {
  int trans = blas::kNoTrans;
  std::int64_t ld = 1;
};

/// The layout that reads a rows x cols matrix whose elements are row_step and col_step apart,
/// if BLAS has one (unit steps along one dimension, the other at least the first's extent).
std::optional<MatrixLayout> blas_layout(std::int64_t rows, std::int64_t cols, std::int64_t row_step,
                                        std::int64_t col_step) {
  const std::int64_t wide = std::max<std::int64_t>(1, cols);
  const std::int64_t tall = std::max<std::int64_t>(1, rows);
  if (rows == 0 || cols == 0) return MatrixLayout{blas::kNoTrans, wide};  // no element is read
  if ((cols <= 1 || col_step == 1) && (rows <= 1 || row_step >= wide))
    return MatrixLayout{blas::kNoTrans, rows <= 1 ? wide : row_step};
  if ((rows <= 1 || row_step == 1) && (cols <= 1 || col_step >= tall))
    return MatrixLayout{blas::kTrans, cols <= 1 ? tall : col_step};
  return std::nullopt;
}

/// One operand as BLAS reads it.
struct BlasOperand {
  ir::NodePtr leaf;  // keeps the buffer alive
  const void* first = nullptr;
  std::int64_t rows = 0, cols = 0;
  MatrixLayout layout;
  std::array<std::int64_t, kMaxDims> batch_steps{};  // per batch dimension of the product; 0: broadcast
};

/// The evaluated buffer node of `n` (a view keeps its strides).
ir::NodePtr leaf_of(const ir::NodePtr& n) {
  std::lock_guard lock(ir::graph_mutex());
  const ir::NodePtr& leaf = ir::resolved(n);
  if (leaf->op != Op::Buffer) throw InternalError("matmul: evaluating an operand left no buffer");
  return leaf;
}

/// `leaf` as operand `first_operand ? a : b` of a product over `batch`; nullopt when its strides
/// suit no BLAS layout. A 1-D a is a row (1, k), a 1-D b a column (k, 1).
std::optional<BlasOperand> blas_operand(const ir::NodePtr& leaf, bool first_operand, const Shape& batch) {
  const Shape& shape = leaf->shape;
  const int nd = shape.ndim();
  const std::array<std::int64_t, kMaxDims> steps = leaf->is_view ? leaf->strides : ir::row_major_strides(shape);
  BlasOperand op;
  op.leaf = leaf;
  std::int64_t row_step = 0;
  std::int64_t col_step = 0;
  if (nd == 1) {
    op.rows = first_operand ? 1 : shape[0];
    op.cols = first_operand ? shape[0] : 1;
    row_step = first_operand ? shape[0] : steps[0];
    col_step = first_operand ? steps[0] : 1;
  } else {
    op.rows = shape[nd - 2];
    op.cols = shape[nd - 1];
    row_step = steps[static_cast<std::size_t>(nd - 2)];
    col_step = steps[static_cast<std::size_t>(nd - 1)];
  }
  const std::optional<MatrixLayout> layout = blas_layout(op.rows, op.cols, row_step, col_step);
  if (!layout) return std::nullopt;
  op.layout = *layout;
  const int own_batch = std::max(0, nd - 2);
  for (int d = 0; d < batch.ndim(); ++d) {
    const int i = d - (batch.ndim() - own_batch);
    op.batch_steps[static_cast<std::size_t>(d)] = i >= 0 && shape[i] != 1 ? steps[static_cast<std::size_t>(i)] : 0;
  }
  op.first =
      static_cast<const char*>(leaf->buffer->data) + leaf->offset * static_cast<std::int64_t>(size_of(leaf->dtype));
  return op;
}

/// The operand BLAS reads: `n` in place, or a row-major copy of it (one copy kernel).
BlasOperand prepared_operand(const ir::NodePtr& n, bool first_operand, const Shape& batch) {
  const ir::NodePtr leaf = leaf_of(n);
  if (std::optional<BlasOperand> in_place = blas_operand(leaf, first_operand, batch)) return *in_place;
  const ir::NodePtr copy = ir::make_broadcast(leaf, leaf->shape, leaf->device);
  evaluate_node(copy);
  const ir::NodePtr row_major = leaf_of(copy);
  if (std::optional<BlasOperand> copied = blas_operand(row_major, first_operand, batch)) return *copied;
  throw InternalError(
      fmt::format("matmul: a row-major copy of shape {} has strides BLAS does not take", row_major->shape.to_string()));
}

bool fits_blas(const BlasOperand& op) { return op.rows <= INT_MAX && op.cols <= INT_MAX && op.layout.ld <= INT_MAX; }

/// C[i] = A[i] B[i] for every matrix i of the batch (row-major, ldc = m).
template <class T, class Gemm>
void gemm_batch(Gemm gemm, const BlasOperand& a, const BlasOperand& b, const Shape& batch, T* out) {
  const auto n = static_cast<int>(a.rows);
  const auto k = static_cast<int>(a.cols);
  const auto m = static_cast<int>(b.cols);
  const std::int64_t batches = batch.numel();
  for (std::int64_t i = 0; i < batches; ++i) {
    std::int64_t rest = i;
    std::int64_t offset_a = 0;
    std::int64_t offset_b = 0;
    for (int d = batch.ndim() - 1; d >= 0; --d) {
      const std::int64_t c = rest % batch[d];
      rest /= batch[d];
      offset_a += c * a.batch_steps[static_cast<std::size_t>(d)];
      offset_b += c * b.batch_steps[static_cast<std::size_t>(d)];
    }
    gemm(blas::kRowMajor, a.layout.trans, b.layout.trans, n, m, k, T(1), static_cast<const T*>(a.first) + offset_a,
         static_cast<int>(a.layout.ld), static_cast<const T*>(b.first) + offset_b, static_cast<int>(b.layout.ld), T(0),
         out + i * a.rows * b.cols, std::max(1, m));
  }
}

}  // namespace

ir::NodePtr blas_product(const ir::NodePtr& a, const ir::NodePtr& b, const Shape& batch, const Shape& result) {
  const DType t = a->dtype;
  if (t != DType::Float32 && t != DType::Float64) return nullptr;
  const blas::CpuBlas* blas = blas::cpu_blas();
  if (!blas) return nullptr;
  const std::array<ir::NodePtr, 2> operands{a, b};
  evaluate_nodes(operands);  // the producers, before any BLAS call
  const BlasOperand left = prepared_operand(a, true, batch);
  const BlasOperand right = prepared_operand(b, false, batch);
  if (!fits_blas(left) || !fits_blas(right)) return nullptr;
  const std::size_t bytes = static_cast<std::size_t>(result.numel()) * size_of(t);
  std::shared_ptr<ir::Buffer> buffer = backend_for(a->device).allocate(bytes);
  if (bytes > 0 && left.cols == 0) std::memset(buffer->data, 0, bytes);  // an empty sum: zeros
  if (bytes > 0 && left.cols > 0) {
    if (t == DType::Float32) gemm_batch(blas->sgemm, left, right, batch, static_cast<float*>(buffer->data));
    else gemm_batch(blas->dgemm, left, right, batch, static_cast<double*>(buffer->data));
  }
  log().debug("matmul: {} {}x{}x{} x {} through {}", t == DType::Float32 ? "sgemm" : "dgemm", left.rows, left.cols,
              right.cols, batch.numel(), blas->library_path);
  return ir::make_buffer(std::move(buffer), t, result);
}

}  // namespace sinter::detail
