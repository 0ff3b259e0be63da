// The library side of scatters (include/sinter/indexing.h: x(indices...) = v, add_at): the
// positions each element of the target writes, found on the host from the evaluated indices
// and checked before anything is written, and the values brought to the target's shape.
#include <fmt/format.h>

#include <string>

#include "backend.h"
#include "evaluate.h"
#include "ir/node.h"
#include "sinter/indexing.h"

namespace sinter::detail {
namespace {

/// The elements of an integer node broadcast to `shape`, as int64, row-major.
std::vector<std::int64_t> host_indices(const ir::NodePtr& index, const Shape& shape) {
  const ir::NodePtr copy = ir::make_broadcast(ir::make_cast(index, DType::Int64), shape, index->device);
  evaluate(std::span<const ir::NodePtr>(&copy, 1));
  std::vector<std::int64_t> values(static_cast<std::size_t>(shape.numel()));
  ir::NodePtr result;
  {
    std::lock_guard lock(ir::graph_mutex());
    result = ir::resolved(copy);
  }
  if (!values.empty())
    backend_for(result->device).copy_to_host(values.data(), *result->buffer, values.size() * sizeof(std::int64_t));
  return values;
}

std::string position_text(std::int64_t flat, const Shape& shape) {
  std::vector<std::int64_t> c(static_cast<std::size_t>(shape.ndim()));
  for (int d = shape.ndim() - 1; d >= 0; --d) {
    c[static_cast<std::size_t>(d)] = flat % shape[d];
    flat /= shape[d];
  }
  std::string s = "(";
  for (std::size_t d = 0; d < c.size(); ++d) s += (d ? ", " : "") + std::to_string(c[d]);
  return s + (c.size() == 1 ? ",)" : ")");
}

}  // namespace

std::vector<std::int64_t> scatter_positions(const ir::NodePtr& x, std::span<const ir::NodePtr> indices, Shape& shape,
                                            const char* call) {
  if (!x)
    throw EmptyArrayError(std::string(call) + ": the array is an empty Array (default-constructed or moved-from)");
  const int k = static_cast<int>(indices.size());
  if (k > x->shape.ndim())
    throw IndexError(fmt::format("{}: {} index arrays for an array of {} dimensions", call, k, x->shape.ndim()));
  Shape index_shape;
  for (const auto& i : indices) {
    if (!i) throw EmptyArrayError(std::string(call) + ": an index array is an empty Array");
    if (!is_integer(i->dtype))
      throw DTypeError(std::string(call) + ": index arrays must have an integer type, got " +
                       std::string(name_of(i->dtype)));
    if (!i->device_free && !(i->device == x->device))
      throw DeviceError(std::string(call) + ": an index array is on " + i->device.to_string() + " and the array on " +
                        x->device.to_string() + "; move one with to(device) first");
    try {
      index_shape = broadcast_shapes(index_shape, i->shape);
    } catch (const ShapeError&) {
      throw ShapeError(std::string(call) + ": index arrays of shapes that do not broadcast together (" +
                       index_shape.to_string() + " and " + i->shape.to_string() + ")");
    }
  }
  // Row-major strides of x over the indexed axes and the rest (x is written as a whole array).
  const std::array<std::int64_t, kMaxDims> strides = ir::row_major_strides(x->shape);
  std::int64_t rest = 1;
  shape = index_shape;
  for (int d = k; d < x->shape.ndim(); ++d) {
    shape.push_back(x->shape[d]);
    rest *= x->shape[d];
  }
  const std::int64_t count = index_shape.numel();
  std::vector<std::int64_t> base(static_cast<std::size_t>(count), 0);
  for (int j = 0; j < k; ++j) {
    const std::vector<std::int64_t> v = host_indices(indices[static_cast<std::size_t>(j)], index_shape);
    const std::int64_t size = x->shape[j];
    for (std::size_t e = 0; e < v.size(); ++e) {
      if (v[e] < -size || v[e] >= size)
        throw IndexError(fmt::format(
            "{}: index {} is out of bounds for axis {} of size {}, at position {} of the index "
            "arrays broadcast to shape {}",
            call, v[e], j, size, position_text(static_cast<std::int64_t>(e), index_shape), index_shape.to_string()));
      base[e] += (v[e] < 0 ? v[e] + size : v[e]) * strides[static_cast<std::size_t>(j)];
    }
  }
  std::vector<std::int64_t> positions(static_cast<std::size_t>(count * rest));
  for (std::int64_t e = 0; e < count; ++e)
    for (std::int64_t r = 0; r < rest; ++r)
      positions[static_cast<std::size_t>(e * rest + r)] = base[static_cast<std::size_t>(e)] + r;
  return positions;
}

ir::NodePtr scatter_values(const ir::NodePtr& value, DType dtype, const Shape& shape, Device device, const char* call) {
  if (!value) throw EmptyArrayError(std::string(call) + ": the value is an empty Array");
  if (!value->device_free && !(value->device == device))
    throw DeviceError(std::string(call) + ": the values are on " + value->device.to_string() + " and the array on " +
                      device.to_string() + "; move one with to(device) first");
  if (!value->device_free && !broadcasts_to(value->shape, shape))
    throw ShapeError(std::string(call) + ": values of shape " + value->shape.to_string() +
                     " cannot be broadcast to the indexed shape " + shape.to_string());
  return ir::make_broadcast(ir::make_cast(value, dtype), shape, device);
}

}  // namespace sinter::detail
