// Memory crossing the boundary with the application, without copies: memory it owns seen as an
// array (Array::wrap, from_dlpack) and an array's memory handed to it (data(), device_pointer(),
// to_dlpack). docs/embedding.md has the rules this file enforces.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "backend.h"
#include "evaluate.h"
#include "frontend/foreign_memory.h"
#include "ir/node.h"
#include "sinter/detail/graph.h"
#include "sinter/error.h"
#include "stream_state.h"

namespace sinter::detail {
namespace {

__extension__ using Wide = __int128;  // offsets of any shape times any strides, exactly

std::string strides_text(std::span<const std::int64_t> strides) {
  std::string s = "(";
  for (std::size_t d = 0; d < strides.size(); ++d) s += (d ? ", " : "") + std::to_string(strides[d]);
  return s + (strides.size() == 1 ? ",)" : ")");
}

// True when no two coordinates of `shape` reach one element through `strides`: with the axes
// ordered by |stride|, each stride steps past everything the axes inside it reach. A sufficient
// test (NumPy's solve_may_share_memory is exact and costlier); arrays it cannot prove are
// treated as overlapping, which only makes them read-only.
bool provably_disjoint(const Shape& shape, std::span<const std::int64_t> strides) {
  std::vector<std::pair<std::int64_t, std::int64_t>> axes;  // |stride|, size
  for (int d = 0; d < shape.ndim(); ++d)
    if (shape[d] > 1) axes.emplace_back(std::abs(strides[static_cast<std::size_t>(d)]), shape[d]);
  std::sort(axes.begin(), axes.end());
  Wide reach = 0;  // the largest offset the inner axes reach
  for (const auto& [stride, size] : axes) {
    if (stride <= reach) return false;
    reach += static_cast<Wide>(stride) * (size - 1);
  }
  return true;
}

}  // namespace

ir::NodePtr wrap_node(DType dtype, void* pointer, bool writable, const Shape& shape,
                      std::span<const std::int64_t> strides, Device device, std::function<void()> release) {
  const int ndim = shape.ndim();
  if (!strides.empty() && static_cast<int>(strides.size()) != ndim)
    throw ShapeError(fmt::format("wrap: {} strides {} for shape {} of {} dimensions", strides.size(),
                                 strides_text(strides), shape.to_string(), ndim));
  const std::int64_t count = shape.numel();
  const auto element = static_cast<std::int64_t>(size_of(dtype));
  if (count > 0 && pointer == nullptr)
    throw ValueError(fmt::format("wrap: a null pointer for shape {} ({} elements)", shape.to_string(), count));
  const auto address = reinterpret_cast<std::uintptr_t>(pointer);
  if (address % static_cast<std::uintptr_t>(element) != 0)
    throw ValueError(fmt::format("wrap: the pointer {} is not aligned to the {}-byte elements of {}", pointer, element,
                                 name_of(dtype)));
  const std::array<std::int64_t, kMaxDims> row_major = ir::row_major_strides(shape);
  std::array<std::int64_t, kMaxDims> steps = row_major;
  if (!strides.empty()) std::copy(strides.begin(), strides.end(), steps.begin());

  // The elements reached lie in [lowest, highest] (element offsets from `pointer`).
  Wide lowest = 0, highest = 0;
  if (count > 0)
    for (int d = 0; d < ndim; ++d) {
      const Wide reach = static_cast<Wide>(shape[d] - 1) * steps[static_cast<std::size_t>(d)];
      (reach < 0 ? lowest : highest) += reach;
    }
  const Wide span_bytes = count > 0 ? (highest - lowest + 1) * element : 0;
  if (span_bytes > (Wide{1} << 62) || -lowest * element > static_cast<Wide>(address))
    throw ValueError(
        fmt::format("wrap: shape {} with strides {} reaches {} elements before and {} after the pointer {}, "
                    "outside any addressable memory",
                    shape.to_string(), strides_text({steps.data(), static_cast<std::size_t>(ndim)}),
                    static_cast<std::int64_t>(-lowest), static_cast<std::int64_t>(highest), pointer));
  const auto offset = static_cast<std::int64_t>(-lowest);
  void* base = static_cast<char*>(pointer) - offset * element;
  auto buffer = backend_for(device).wrap_memory(count > 0 ? base : pointer, static_cast<std::size_t>(span_bytes),
                                                std::move(release));
  buffer->read_only = !writable;
  const bool plain = offset == 0 && writable &&
                     std::equal(steps.begin(), steps.begin() + ndim, row_major.begin(), row_major.begin() + ndim);
  if (plain) return ir::make_buffer(std::move(buffer), dtype, shape);
  ir::NodePtr view = ir::make_view(std::move(buffer), dtype, shape, steps, offset);
  view->read_only = !writable || !provably_disjoint(shape, {steps.data(), static_cast<std::size_t>(ndim)});
  return view;
}

ir::NodePtr lent_leaf(const ir::NodePtr& n, const char* what) {
  ir::NodePtr leaf = n;
  if (n->op != Op::Buffer) {
    evaluate_node(n);
    std::lock_guard lock(ir::graph_mutex());
    leaf = ir::resolved(n);
  }
  if (leaf->op != Op::Buffer) throw InternalError(fmt::format("{}: evaluating the array left no buffer", what));
  if (leaf->buffer->read_only)
    throw ValueError(
        fmt::format("{}: the array of shape {} wraps memory given as const; use the pointer it was made "
                    "from",
                    what, leaf->shape.to_string()));
  if (leaf->read_only)
    throw ValueError(
        fmt::format("{}: the array of shape {} is read-only (a broadcast view, or memory wrapped with "
                    "strides that may reach one element twice); copy() it first",
                    what, leaf->shape.to_string()));
  // The application may write through the pointer: pending arrays that read this memory are
  // computed now, with the elements as they are (as before a write by sinter).
  std::vector<ir::NodePtr> readers;
  {
    std::lock_guard lock(ir::graph_mutex());
    readers = ir::pending_readers(*leaf->buffer);
  }
  evaluate(readers);
  // Work queued next on this thread's current stream sees the elements.
  const auto& stream = current_stream_state(leaf->device);
  const std::shared_ptr<ir::Buffer> buffers[] = {leaf->buffer};
  backend_for(leaf->device).order_reads(buffers, stream ? stream->id : ir::kDefaultStream);
  return leaf;
}

std::string strides_of(const ir::Node& leaf) {
  const std::array<std::int64_t, kMaxDims> steps = leaf.is_view ? leaf.strides : ir::row_major_strides(leaf.shape);
  return strides_text({steps.data(), static_cast<std::size_t>(leaf.shape.ndim())});
}

void* element_pointer(const ir::NodePtr& n, bool host, const char* what) {
  if (host && n->device.kind != DeviceKind::CPU)
    throw DeviceError(
        fmt::format("{}: the array is on {}, and data() is host memory; use device_pointer(), or "
                    "to(cpu()) first",
                    what, n->device.to_string()));
  const ir::NodePtr leaf = lent_leaf(n, what);
  if (leaf->is_view) {
    // Contiguous from its offset (a slice of whole rows, a reshape), or there is no one pointer.
    std::int64_t step = 1;
    for (int d = leaf->shape.ndim() - 1; d >= 0 && leaf->shape.numel() > 0; --d) {
      if (leaf->shape[d] != 1 && leaf->strides[static_cast<std::size_t>(d)] != step)
        throw ValueError(
            fmt::format("{}: the array of shape {} is a strided view (strides {}), not contiguous "
                        "row-major memory; copy() it first",
                        what, leaf->shape.to_string(), strides_of(*leaf)));
      step *= leaf->shape[d];
    }
  }
  return static_cast<char*>(leaf->buffer->data) + leaf->offset * static_cast<std::int64_t>(size_of(leaf->dtype));
}

}  // namespace sinter::detail
