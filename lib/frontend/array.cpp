// The library side of the front end: the entry points that include/sinter/detail/graph.h
// declares, and the explicit instantiations of Array<T>.
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "backend.h"
#include "config.h"
#include "evaluate.h"
#include "fuse/plan.h"
#include "ir/node.h"
#include "sinter/array.h"
#include "sinter/math.h"

namespace sinter {
namespace detail {

ir::NodePtr op_node(Op op, std::span<const ir::NodePtr> operands) { return ir::make_op(op, operands); }
ir::NodePtr cast_node(const ir::NodePtr& x, DType to) { return ir::make_cast(x, to); }
ir::NodePtr scalar_node_f(DType dtype, double value) {
  return ir::make_scalar(dtype, ir::scalar_bits_from_double(dtype, value));
}
ir::NodePtr scalar_node_i(DType dtype, std::int64_t value) {
  // An integer scalar takes the integer array's type (NumPy's rule for Python ints); one that
  // does not fit would wrap silently, so it is refused, as NumPy 2 does.
  if (dtype == DType::Int32 && (value < INT32_MIN || value > INT32_MAX))
    throw ValueError(fmt::format(
        "the scalar {} does not fit the int32 array it is combined with; cast the array to int64 first", value));
  return ir::make_scalar(dtype, ir::scalar_bits_from_int(dtype, value));
}
ir::NodePtr index_node(std::int64_t n, Device device) { return ir::make_index(Shape::vector(n), device); }
ir::NodePtr broadcast_node(const ir::NodePtr& x, const Shape& shape, Device device) {
  return ir::make_broadcast(x, shape, device);
}

ir::NodePtr host_node(DType dtype, const Shape& shape, const void* data, Device device) {
  Backend& backend = backend_for(device);
  const std::size_t bytes = static_cast<std::size_t>(shape.numel()) * size_of(dtype);
  auto buffer = backend.allocate(bytes);
  if (bytes > 0) {
    if (dtype == DType::Bool) {
      // A C++ bool may hold any nonzero byte pattern only through UB; normalise to 0/1 anyway.
      std::vector<std::uint8_t> bytes01(bytes);
      const bool* src = static_cast<const bool*>(data);
      for (std::size_t i = 0; i < bytes; ++i) bytes01[i] = src[i] ? 1 : 0;
      backend.copy_from_host(*buffer, bytes01.data(), bytes);
    } else {
      backend.copy_from_host(*buffer, data, bytes);
    }
  }
  return ir::make_buffer(std::move(buffer), dtype, shape);
}

DType node_dtype(const ir::NodePtr& n) { return n->dtype; }
const Shape& node_shape(const ir::NodePtr& n) { return n->shape; }
Device node_device(const ir::NodePtr& n) { return n->device; }

void retain_handle(const ir::NodePtr& n) { n->handles.fetch_add(1, std::memory_order_relaxed); }
void release_handle(const ir::NodePtr& n) { n->handles.fetch_sub(1, std::memory_order_relaxed); }

void adopt_pending(const ir::NodePtr& n) {
  if (n->device_free) throw DeviceError("an Array needs at least one array operand to give it a device and shape");
  if (n->pending_size > static_cast<std::uint32_t>(config::max_pending_nodes())) evaluate_node(n);
}

bool is_pending(const ir::NodePtr& n) {
  std::lock_guard lock(ir::graph_mutex());
  return !n->is_leaf() && !n->materialized;
}

void evaluate_node(const ir::NodePtr& n) { evaluate(std::span<const ir::NodePtr>(&n, 1)); }
void evaluate_nodes(std::span<const ir::NodePtr> nodes) { evaluate(nodes); }

namespace {
// The Buffer node holding n's value, evaluating n first if needed.
ir::NodePtr materialized(const ir::NodePtr& n) {
  if (n->op == Op::Buffer) return n;
  evaluate_node(n);
  std::lock_guard lock(ir::graph_mutex());
  return ir::resolved(n);
}
}  // namespace

void read_node(const ir::NodePtr& n, std::int64_t first, std::int64_t count, void* dst) {
  if (count == 0) return;
  ir::NodePtr leaf = materialized(n);
  const std::size_t element = size_of(leaf->dtype);
  Backend& backend = backend_for(leaf->device);
  if (first == 0 && static_cast<std::size_t>(count) * element == leaf->buffer->bytes) {
    backend.copy_to_host(dst, *leaf->buffer, leaf->buffer->bytes);
    return;
  }
  // A part of the buffer: copy through a sub-buffer view that does not own the memory.
  ir::Buffer part(static_cast<char*>(leaf->buffer->data) + static_cast<std::size_t>(first) * element,
                  static_cast<std::size_t>(count) * element, leaf->device, nullptr);
  part.stream = leaf->buffer->stream;
  backend.copy_to_host(dst, part, part.bytes);
}

ir::NodePtr reshape_node(const ir::NodePtr& n, const Shape& shape) {
  if (n->shape.numel() != shape.numel())
    throw ShapeError("reshape: cannot reshape an array of shape " + n->shape.to_string() + " (" +
                     std::to_string(n->shape.numel()) + " elements) to " + shape.to_string() + " (" +
                     std::to_string(shape.numel()) + " elements)");
  if (n->shape == shape) return n;
  // Buffers are contiguous and row-major, so a new shape of the same count is a relabeling.
  ir::NodePtr leaf = materialized(n);
  return ir::make_buffer(leaf->buffer, leaf->dtype, shape);
}

ir::NodePtr copy_node(const ir::NodePtr& n, Device device) {
  ir::NodePtr leaf = materialized(n);
  std::vector<std::uint8_t> host(leaf->buffer->bytes);
  if (!host.empty()) backend_for(leaf->device).copy_to_host(host.data(), *leaf->buffer, host.size());
  Backend& target = backend_for(device);
  auto buffer = target.allocate(host.size());
  if (!host.empty()) target.copy_from_host(*buffer, host.data(), host.size());
  return ir::make_buffer(std::move(buffer), leaf->dtype, leaf->shape);
}

std::string describe_node(const ir::NodePtr& n) {
  std::lock_guard lock(ir::graph_mutex());
  const ir::NodePtr& r = ir::resolved(n);
  if (r->is_leaf()) return "(no pending kernel: the array is already computed)\n";
  const ir::NodePtr roots[] = {r};
  return ir::to_string(fuse::plan_kernel(roots).kernel);
}

void throw_empty(const char* what) {
  throw EmptyArrayError(std::string(what) +
                        ": this handle is empty (default-constructed or moved-from); assign an array to it first");
}

}  // namespace detail

template <Element T> Array<T> arange(double start, double stop, double step, Device device) {
  if (step == 0.0 || !std::isfinite(step) || !std::isfinite(start) || !std::isfinite(stop))
    throw ValueError(
        fmt::format("arange({}, {}, {}): the step must be nonzero and all three finite", start, stop, step));
  const double count = std::ceil((stop - start) / step);
  if (count > 0x1p62)
    throw ValueError(
        fmt::format("arange({}, {}, {}): {} elements is more than an array can hold", start, stop, step, count));
  const auto n = count > 0 ? static_cast<std::int64_t>(count) : 0;
  Array<std::int64_t> index(detail::index_node(n, device));
  if constexpr (std::is_floating_point_v<T>) {
    // Computed in double, as NumPy does, then rounded to T.
    Array<T> values = cast<T>(cast<double>(index) * step + start);
    return values;
  } else {
    Array<T> values = cast<T>(index * static_cast<std::int64_t>(step) + static_cast<std::int64_t>(start));
    return values;
  }
}

template class Array<bool>;
template class Array<std::int32_t>;
template class Array<std::int64_t>;
template class Array<float>;
template class Array<double>;
template Array<std::int32_t> arange<std::int32_t>(double, double, double, Device);
template Array<std::int64_t> arange<std::int64_t>(double, double, double, Device);
template Array<float> arange<float>(double, double, double, Device);
template Array<double> arange<double>(double, double, double, Device);

}  // namespace sinter
