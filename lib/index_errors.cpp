// throw_index_error (index_errors.h): each checked index array is computed again (a copy, as
// int64) and read on the host; the first element outside [-size, size) is reported.
#include "index_errors.h"

#include <string>
#include <vector>

#include "backend.h"
#include "evaluate.h"
#include "sinter/error.h"

namespace sinter {
namespace {

std::string position_text(std::int64_t flat, const Shape& shape) {
  if (shape.ndim() == 0) return "()";
  std::vector<std::int64_t> coordinates(static_cast<std::size_t>(shape.ndim()));
  for (int d = shape.ndim() - 1; d >= 0; --d) {
    coordinates[static_cast<std::size_t>(d)] = shape[d] == 0 ? 0 : flat % shape[d];
    flat = shape[d] == 0 ? 0 : flat / shape[d];
  }
  std::string s = "(";
  for (std::size_t d = 0; d < coordinates.size(); ++d) s += (d ? ", " : "") + std::to_string(coordinates[d]);
  return s + (coordinates.size() == 1 ? ",)" : ")");
}

/// A view repeating elements (stride 0 along an axis of more than one): an index array read
/// over the result's axes (lib/frontend/indexing.cpp), its positions those of the result.
bool repeats(const ir::Node& index) {
  if (index.op != Op::Buffer || !index.is_view) return false;
  for (int d = 0; d < index.shape.ndim(); ++d)
    if (index.strides[static_cast<std::size_t>(d)] == 0 && index.shape[d] > 1) return true;
  return false;
}

/// The elements of an integer node as int64, row-major (computed into a new array first).
std::vector<std::int64_t> host_values(const ir::NodePtr& index) {
  const ir::NodePtr copy = ir::make_broadcast(ir::make_cast(index, DType::Int64), index->shape, index->device);
  evaluate(std::span<const ir::NodePtr>(&copy, 1));
  std::vector<std::int64_t> values(static_cast<std::size_t>(index->shape.numel()));
  ir::NodePtr result;
  {
    std::lock_guard lock(ir::graph_mutex());
    result = ir::resolved(copy);
  }
  if (result->op != Op::Buffer) throw InternalError("index error: the index array was not computed");
  if (!values.empty())
    backend_for(result->device).copy_to_host(values.data(), *result->buffer, values.size() * sizeof(std::int64_t));
  return values;
}

}  // namespace

void throw_index_error(const fuse::KernelPlan& plan) {
  for (const auto& check : plan.index_checks) {
    const std::vector<std::int64_t> values = host_values(check.index);
    for (std::size_t k = 0; k < values.size(); ++k) {
      const std::int64_t v = values[k];
      if (v >= -check.size && v < check.size) continue;
      throw IndexError(
          "index " + std::to_string(v) + " is out of bounds for an axis of size " + std::to_string(check.size) +
          ", at position " + position_text(static_cast<std::int64_t>(k), check.index->shape) + " of the index array " +
          (repeats(*check.index) ? "as broadcast to shape " : "of shape ") + check.index->shape.to_string());
    }
  }
  throw InternalError("a kernel reported an index out of range that none of its index arrays holds");
}

}  // namespace sinter
