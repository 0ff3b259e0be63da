// The library side of the front end: the entry points that include/sinter/detail/graph.h
// declares, and the explicit instantiations of Array<T>.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>

#include "backend.h"
#include "config.h"
#include "evaluate.h"
#include "float_to_integer.h"
#include "frontend/trace.h"
#include "fuse/plan.h"
#include "ir/node.h"
#include "sinter/array.h"
#include "sinter/math.h"

namespace sinter {
namespace detail {

ir::NodePtr op_node(Op op, std::span<const ir::NodePtr> operands) { return ir::make_op(op, operands); }
ir::NodePtr cast_node(const ir::NodePtr& x, DType to) { return ir::make_cast(x, to); }
ir::NodePtr scalar_node_f(DType dtype, double value) {
  // A C++ float written into an integer array (assignment, full): docs/ops.md, "Float to integer".
  if (is_integer(dtype)) return scalar_node_i(dtype, float_to_integer(value, dtype, OutOfRange::Refuse, "the scalar"));
  return ir::make_scalar(dtype, ir::scalar_bits_from_double(dtype, value));
}
ir::NodePtr scalar_node_i(DType dtype, std::int64_t value) {
  // An integer scalar takes the integer array's type (NumPy's rule for Python ints); one that
  // does not fit would wrap silently, so it is refused, as NumPy 2 does.
  if (is_integer(dtype) && (value < integer_range(dtype).lo || value > integer_range(dtype).hi))
    throw ValueError(
        fmt::format("the scalar {} does not fit the {} array it is combined with; cast the array to int64 first", value,
                    name_of(dtype)));
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
  // The sizes kept with each node are cheap upper bounds; only past a bound are the distinct
  // nodes and buffers counted, which is what the bounds are about.
  const ir::PendingCount bound{static_cast<std::uint32_t>(config::max_pending_nodes()), ir::kMaxPendingBuffers};
  if (n->pending_size <= bound.nodes && n->pending_buffers <= bound.buffers) return;
  if (tracing_function()) return;  // inside a traced body no kernel runs (lib/evaluate.cpp)
  if (ir::exceeds_pending_bound(n, bound)) evaluate_node(n);
}

ir::NodePtr own_value(ir::NodePtr n) {
  if (n->device_free) throw DeviceError("an Array needs at least one array operand to give it a device and shape");
  for (;;) {
    {
      std::unique_lock lock(ir::graph_mutex());
      if (n->op == Op::Buffer || n->materialized) {
        // Memory of an existing array (cast<T> of an array of type T, a 0-d sum): a new array
        // is a copy, as NumPy's astype and sum return new arrays.
        ir::NodePtr memory = ir::resolved(n);
        lock.unlock();
        n = ir::make_broadcast(memory, memory->shape, memory->device);  // a copy kernel, pending
      }
    }
    // Counting this handle and seeing whether another Array holds the node is one atomic step,
    // so two threads making the same expression at once also get distinct arrays.
    if (n->is_leaf() || n->handles.fetch_add(1, std::memory_order_relaxed) == 0) {
      if (n->is_leaf()) n->handles.fetch_add(1, std::memory_order_relaxed);  // an index: no memory
      break;
    }
    n->handles.fetch_sub(1, std::memory_order_relaxed);
    if (ir::NodePtr distinct = ir::make_distinct(*n)) {
      n = std::move(distinct);
      n->handles.fetch_add(1, std::memory_order_relaxed);
      break;
    }  // else computed meanwhile: copy its memory
  }
  try {
    adopt_pending(n);
  } catch (...) {
    n->handles.fetch_sub(1, std::memory_order_relaxed);
    throw;
  }
  return n;
}

bool is_pending(const ir::NodePtr& n) {
  std::lock_guard lock(ir::graph_mutex());
  return n->is_pending();
}

void evaluate_node(const ir::NodePtr& n) { evaluate(std::span<const ir::NodePtr>(&n, 1)); }
void evaluate_nodes(std::span<const ir::NodePtr> nodes) { evaluate(nodes); }

namespace {
// True when the elements of Buffer node `n` lie row-major one after another (from its offset).
bool is_contiguous(const ir::Node& n) {
  if (!n.is_view) return true;
  std::int64_t step = 1;
  for (int d = n.shape.ndim() - 1; d >= 0; --d) {
    if (n.shape[d] != 1 && n.strides[static_cast<std::size_t>(d)] != step) return n.shape.numel() == 0;
    step *= n.shape[d];
  }
  return true;
}

// Strides that show view `n` with `shape` (same element count) without a copy, or nothing: NumPy's
// _attempt_nocopy_reshape. Size-1 axes of the view are dropped; then each run of view axes that
// multiplies out to a run of new axes must be contiguous among itself, and the new axes of the run
// step through it row-major.
std::optional<std::array<std::int64_t, kMaxDims>> reshaped_strides(const ir::Node& n, const Shape& shape) {
  std::array<std::int64_t, kMaxDims> out{};
  if (shape.numel() == 0) return ir::row_major_strides(shape);  // nothing is ever read
  std::array<std::int64_t, kMaxDims> dims{}, strides{};
  int old_nd = 0;
  for (int d = 0; d < n.shape.ndim(); ++d)
    if (n.shape[d] != 1) {
      dims[static_cast<std::size_t>(old_nd)] = n.shape[d];
      strides[static_cast<std::size_t>(old_nd++)] = n.strides[static_cast<std::size_t>(d)];
    }
  const int new_nd = shape.ndim();
  int oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < new_nd && oi < old_nd) {
    std::int64_t np = shape[ni], op = dims[static_cast<std::size_t>(oi)];
    while (np != op) {
      if (np < op) np *= shape[nj++];
      else op *= dims[static_cast<std::size_t>(oj++)];
    }
    for (int ok = oi; ok < oj - 1; ++ok) {
      const auto k = static_cast<std::size_t>(ok);
      if (strides[k] != dims[k + 1] * strides[k + 1]) return std::nullopt;
    }
    out[static_cast<std::size_t>(nj - 1)] = strides[static_cast<std::size_t>(oj - 1)];
    for (int nk = nj - 1; nk > ni; --nk)
      out[static_cast<std::size_t>(nk - 1)] = out[static_cast<std::size_t>(nk)] * shape[nk];
    ni = nj++;
    oi = oj++;
  }
  // Trailing new axes are of size 1 (their stride is never stepped).
  return out;
}

// The strided description of a value: its buffer, strides and offset in elements.
struct Strided {
  ir::NodePtr leaf;
  std::array<std::int64_t, kMaxDims> strides{};
  std::int64_t offset = 0;
};

ir::NodePtr materialized(const ir::NodePtr& n);

Strided strided(const ir::NodePtr& n) {
  ir::NodePtr leaf = n;
  if (n->op != Op::Buffer) leaf = materialized(n);
  Strided s{leaf};
  if (leaf->is_view) {
    s.strides = leaf->strides;
    s.offset = leaf->offset;
  } else {
    s.strides = ir::row_major_strides(leaf->shape);
  }
  return s;
}

// True when some axis of the view repeats one element (stride 0 over more than one).
bool repeats_elements(const Shape& shape, const std::array<std::int64_t, kMaxDims>& strides) {
  for (int d = 0; d < shape.ndim(); ++d)
    if (strides[static_cast<std::size_t>(d)] == 0 && shape[d] > 1) return true;
  return false;
}

ir::NodePtr make_view(const Strided& s, const Shape& shape, const std::array<std::int64_t, kMaxDims>& strides,
                      std::int64_t offset) {
  ir::NodePtr view = ir::make_view(s.leaf->buffer, s.leaf->dtype, shape, strides, offset);
  // A view of a broadcast stays read-only, as NumPy's: writing through it would reach elements
  // that other positions of the broadcast share.
  view->read_only = s.leaf->read_only || repeats_elements(shape, strides);
  return view;
}

// `axis` (negative counts from the end) as an index into `ndim` axes, or IndexError.
int normalized_axis(const char* what, int axis, int ndim) {
  if (axis < -ndim || axis >= ndim)
    throw IndexError(fmt::format("{}: axis {} is out of range for an array of {} dimensions", what, axis, ndim));
  return axis < 0 ? axis + ndim : axis;
}
}  // namespace

ir::NodePtr slice_node(const ir::NodePtr& n, std::span<const AxisIndex> index) {
  const Shape& in_shape = n->shape;
  if (static_cast<int>(index.size()) > in_shape.ndim())
    throw IndexError(fmt::format("slice: {} indices for an array of shape {} ({} dimensions)", index.size(),
                                 in_shape.to_string(), in_shape.ndim()));
  // Validate everything before evaluating anything.
  struct Axis {
    std::int64_t size, start, step;
    bool keep;
  };
  std::array<Axis, kMaxDims> axes{};
  for (int d = 0; d < in_shape.ndim(); ++d) {
    const std::int64_t size = in_shape[d];
    Axis& a = axes[static_cast<std::size_t>(d)];
    if (static_cast<std::size_t>(d) >= index.size()) {
      a = {size, 0, 1, true};
      continue;
    }
    const AxisIndex& ix = index[static_cast<std::size_t>(d)];
    if (!ix.is_slice()) {
      std::int64_t i = ix.index();
      if (i < -size || i >= size)
        throw IndexError(fmt::format("slice: index {} is out of range for axis {} with size {}", i, d, size));
      if (i < 0) i += size;
      a = {1, i, 1, false};
      continue;
    }
    const Slice& sl = ix.slice();
    // The most negative step is taken as -INT64_MAX (as CPython clamps it), so -step cannot overflow.
    const std::int64_t step = std::max(sl.step.value_or(1), -INT64_MAX);
    if (step == 0) throw ValueError(fmt::format("slice: the step of axis {} is zero", d));
    // NumPy's (CPython's) PySlice_AdjustIndices.
    auto clamp = [&](std::optional<std::int64_t> v, std::int64_t fallback) {
      if (!v) return fallback;
      std::int64_t x = *v;
      if (x < 0) {
        x = x < -size ? -1 : x + size;  // below the axis
        if (x < 0) x = step < 0 ? -1 : 0;
      } else if (x >= size) {
        x = step < 0 ? size - 1 : size;
      }
      return x;
    };
    const std::int64_t start = clamp(sl.start, step < 0 ? size - 1 : 0);
    const std::int64_t stop = clamp(sl.stop, step < 0 ? -1 : size);
    std::int64_t length = 0;
    if (step > 0 && start < stop) length = (stop - start - 1) / step + 1;
    if (step < 0 && start > stop) length = (start - stop - 1) / (-step) + 1;
    // With at most one element the step is never taken (and a huge one must not overflow the stride).
    a = {length, length > 0 ? start : 0, length > 1 ? step : 1, true};
  }
  Strided s = strided(n);
  Shape shape;
  std::array<std::int64_t, kMaxDims> strides{};
  std::int64_t offset = s.offset;
  int out = 0;
  for (int d = 0; d < in_shape.ndim(); ++d) {
    const Axis& a = axes[static_cast<std::size_t>(d)];
    const std::int64_t stride = s.strides[static_cast<std::size_t>(d)];
    offset += a.start * stride;
    if (!a.keep) continue;
    shape.push_back(a.size);
    strides[static_cast<std::size_t>(out++)] = stride * a.step;
  }
  return make_view(s, shape, strides, offset);
}

ir::NodePtr permute_node(const ir::NodePtr& n, std::span<const int> axes) {
  const int ndim = n->shape.ndim();
  auto describe = [&] {
    std::string list;
    for (int a : axes) list += (list.empty() ? "" : ", ") + std::to_string(a);
    return "(" + list + ")";
  };
  std::array<bool, kMaxDims> used{};
  std::array<int, kMaxDims> from{};
  bool ok = static_cast<int>(axes.size()) == ndim;
  for (std::size_t d = 0; ok && d < axes.size(); ++d) {
    const int a = axes[d] < 0 ? axes[d] + ndim : axes[d];
    ok = a >= 0 && a < ndim && !used[static_cast<std::size_t>(a)];
    if (ok) {
      used[static_cast<std::size_t>(a)] = true;
      from[d] = a;
    }
  }
  if (!ok)
    throw ValueError(fmt::format("permute: axes {} are not a permutation of the {} axes of an array of shape {}",
                                 describe(), ndim, n->shape.to_string()));
  Strided s = strided(n);
  Shape shape;
  std::array<std::int64_t, kMaxDims> strides{};
  for (int d = 0; d < ndim; ++d) {
    const auto a = static_cast<std::size_t>(from[static_cast<std::size_t>(d)]);
    shape.push_back(n->shape[static_cast<int>(a)]);
    strides[static_cast<std::size_t>(d)] = s.strides[a];
  }
  return make_view(s, shape, strides, s.offset);
}

ir::NodePtr transpose_node(const ir::NodePtr& n) {
  std::array<int, kMaxDims> axes{};
  const int ndim = n->shape.ndim();
  for (int d = 0; d < ndim; ++d) axes[static_cast<std::size_t>(d)] = ndim - 1 - d;
  return permute_node(n, std::span<const int>(axes.data(), static_cast<std::size_t>(ndim)));
}

ir::NodePtr broadcast_to_node(const ir::NodePtr& n, const Shape& shape) {
  if (!broadcasts_to(n->shape, shape))
    throw ShapeError("broadcast_to: cannot broadcast an array of shape " + n->shape.to_string() + " to shape " +
                     shape.to_string());
  Strided s = strided(n);
  std::array<std::int64_t, kMaxDims> strides{};
  const int lead = shape.ndim() - n->shape.ndim();
  for (int d = 0; d < n->shape.ndim(); ++d) {
    const int axis = lead + d;
    strides[static_cast<std::size_t>(axis)] =
        n->shape[d] == 1 && shape[axis] != 1 ? 0 : s.strides[static_cast<std::size_t>(d)];
  }
  return make_view(s, shape, strides, s.offset);
}

ir::NodePtr expand_dims_node(const ir::NodePtr& n, int axis) {
  const int ndim = n->shape.ndim();
  if (ndim == kMaxDims)
    throw ShapeError(fmt::format("expand_dims: an array of shape {} already has {} dimensions, the most there are",
                                 n->shape.to_string(), kMaxDims));
  const int at = normalized_axis("expand_dims", axis, ndim + 1);
  Strided s = strided(n);
  Shape shape;
  std::array<std::int64_t, kMaxDims> strides{};
  for (int d = 0, src = 0; d <= ndim; ++d) {
    if (d == at) {
      shape.push_back(1);
      continue;
    }
    shape.push_back(n->shape[src]);
    strides[static_cast<std::size_t>(d)] = s.strides[static_cast<std::size_t>(src++)];
  }
  return make_view(s, shape, strides, s.offset);
}

ir::NodePtr squeeze_node(const ir::NodePtr& n, int axis) {
  const int ndim = n->shape.ndim();
  const int at = normalized_axis("squeeze", axis, ndim);
  if (n->shape[at] != 1)
    throw ValueError(fmt::format("squeeze: axis {} of an array of shape {} has size {}, not 1", axis,
                                 n->shape.to_string(), n->shape[at]));
  Strided s = strided(n);
  Shape shape;
  std::array<std::int64_t, kMaxDims> strides{};
  for (int d = 0; d < ndim; ++d) {
    if (d == at) continue;
    strides[static_cast<std::size_t>(shape.ndim())] = s.strides[static_cast<std::size_t>(d)];
    shape.push_back(n->shape[d]);
  }
  return make_view(s, shape, strides, s.offset);
}

ir::NodePtr squeeze_all_node(const ir::NodePtr& n) {
  ir::NodePtr r = n;
  for (int d = n->shape.ndim() - 1; d >= 0; --d)
    if (n->shape[d] == 1) r = squeeze_node(r, d);
  return r;
}

bool is_view_node(const ir::NodePtr& n) {
  std::lock_guard lock(ir::graph_mutex());
  const ir::NodePtr& r = ir::resolved(n);
  return r->op == Op::Buffer && r->is_view && !is_contiguous(*r);
}

namespace {
// A Buffer node holding n's value contiguously and row-major from its buffer's start,
// evaluating n first if needed. A view is copied by a kernel that reads it through its strides.
ir::NodePtr materialized(const ir::NodePtr& n) {
  if (n->op == Op::Buffer && !n->is_view) return n;
  ir::NodePtr source = n;
  if (n->op == Op::Buffer) source = ir::make_broadcast(n, n->shape, n->device);  // a copy kernel
  evaluate_node(source);
  std::lock_guard lock(ir::graph_mutex());
  ir::NodePtr leaf = ir::resolved(source);
  if (leaf->op != Op::Buffer)
    throw InternalError("evaluating an array of shape " + n->shape.to_string() + " left no buffer");
  return leaf;
}
}  // namespace

void read_node(const ir::NodePtr& n, std::int64_t first, std::int64_t count, void* dst) {
  if (count == 0) return;
  // A contiguous view is read in place; any other view is copied by a kernel first.
  const bool in_place = n->op == Op::Buffer && n->is_view && is_contiguous(*n);
  ir::NodePtr leaf = in_place ? n : materialized(n);
  if (in_place) first += n->offset;
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
  // Buffers are contiguous and row-major, so a new shape of the same count is a relabeling. A
  // view stays a view when NumPy's rule finds strides for the new shape; otherwise it is copied.
  if (n->op == Op::Buffer && n->is_view)
    if (auto strides = reshaped_strides(*n, shape))
      return make_view(Strided{n, n->strides, n->offset}, shape, *strides, n->offset);
  ir::NodePtr leaf = materialized(n);
  return ir::make_buffer(leaf->buffer, leaf->dtype, shape);
}

void assign_node(const ir::NodePtr& target, const ir::NodePtr& value) {
  if (!target) throw_empty("assignment target");
  if (!value) throw_empty("assigned value");
  // The target's memory: its buffer, computing a pending target first (its handles then see the write).
  ir::NodePtr leaf = target;
  if (target->op != Op::Buffer) {
    evaluate_node(target);
    std::lock_guard lock(ir::graph_mutex());
    leaf = ir::resolved(target);
  }
  if (leaf->op != Op::Buffer)
    throw InternalError("an assignment target of shape " + target->shape.to_string() + " left no buffer");
  const Shape& shape = leaf->shape;
  if (leaf->buffer->read_only)
    throw ValueError(
        fmt::format("assignment: the target of shape {} wraps memory given as const (Array::wrap of a "
                    "const pointer), so it is read-only",
                    shape.to_string()));
  if (leaf->read_only)
    throw ValueError(fmt::format(
        "assignment: the target of shape {} is (a view of) a broadcast view, or of memory wrapped with strides that "
        "may reach one element twice: its elements share memory, so it is read-only; write into the array it was "
        "broadcast from, or copy it first",
        shape.to_string()));
  if (!value->device_free && !(value->device == leaf->device))
    throw DeviceError(fmt::format("assignment: the value is on {} and the target on {}; move one with to(device) first",
                                  value->device.to_string(), leaf->device.to_string()));
  if (!value->device_free && !broadcasts_to(value->shape, shape))
    throw ShapeError(fmt::format("assignment: a value of shape {} cannot be broadcast into a target of shape {}",
                                 value->shape.to_string(), shape.to_string()));
  ir::NodePtr source = ir::make_cast(value, leaf->dtype);
  if (source->device_free || !(source->shape == shape)) source = ir::make_broadcast(source, shape, leaf->device);
  write(leaf, source);
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

namespace {

// Integer arithmetic for arange's bounds: exact past int64, where start + (n - 1) * step may go.
__extension__ using Wide = __int128;

std::int64_t checked_count(double count, const std::string& call) {
  if (count > 0x1p62) throw ValueError(fmt::format("{}: {} elements is more than an array can hold", call, count));
  return count > 0 ? static_cast<std::int64_t>(count) : 0;  // an integral double below 2^62
}

// The array of first + i * step for i in [0, n), as `dtype` (an integer type); every element
// fits the type (the caller checked both ends).
ir::NodePtr integer_progression(DType dtype, std::int64_t first, std::int64_t step, std::int64_t n, Device device) {
  // int64 arithmetic wraps in kernels, so index * step + first is exact whenever the result fits.
  Array<std::int64_t> index(index_node(n, device));
  Array<std::int64_t> values = index * step + first;
  return dtype == DType::Int64 ? values.node() : cast_node(values.node(), dtype);
}

// Refuses a progression whose last element does not fit `dtype` (NumPy wraps it).
void check_last(DType dtype, Wide last, const std::string& call) {
  const Wide lo = integer_range(dtype).lo;
  const Wide hi = integer_range(dtype).hi;
  if (last < lo || last > hi) {
    // Printed through double when it is past int64 (the only such values are far outside).
    const std::string value = last >= INT64_MIN && last <= INT64_MAX ? std::to_string(static_cast<std::int64_t>(last))
                                                                     : fmt::format("{}", static_cast<double>(last));
    throw ValueError(fmt::format("{}: the element {} does not fit {} [{}, {}]", call, value, name_of(dtype),
                                 static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi)));
  }
}

}  // namespace

ir::NodePtr arange_node(DType dtype, double start, double stop, double step, Device device) {
  const std::string call = fmt::format("arange({}, {}, {})", start, stop, step);
  if (step == 0.0 || !std::isfinite(step) || !std::isfinite(start) || !std::isfinite(stop))
    throw ValueError(call + ": the step must be nonzero and all three finite");
  const std::int64_t n = checked_count(std::ceil((stop - start) / step), call);
  if (is_float(dtype)) {
    // Computed in double, as NumPy does, then rounded to the type.
    Array<double> values = cast<double>(Array<std::int64_t>(index_node(n, device))) * step + start;
    return cast_node(values.node(), dtype);
  }
  // NumPy's rule for an integer type: the first two elements are start and start + step
  // converted to the type, and the step actually taken is their difference.
  const std::int64_t first = n > 0 ? float_to_integer(start, dtype, OutOfRange::Refuse, call + ": the start") : 0;
  const std::int64_t second =
      n > 1 ? float_to_integer(start + step, dtype, OutOfRange::Refuse, call + ": the second element") : first;
  const Wide taken = Wide{second} - Wide{first};
  if (n > 1) check_last(dtype, Wide{first} + Wide{n - 1} * taken, call);
  // Past int64 (from -2^62 to 2^62, say) the step wraps, and so does the kernel's arithmetic:
  // every element fits, so the wrapped sums are the exact ones.
  return integer_progression(dtype, first, static_cast<std::int64_t>(taken), n, device);
}

ir::NodePtr arange_node_exact(DType dtype, std::int64_t start, std::int64_t stop, std::int64_t step, Device device) {
  const std::string call = fmt::format("arange({}, {}, {})", start, stop, step);
  if (step == 0) throw ValueError(call + ": the step must be nonzero");
  const Wide distance = Wide{stop} - Wide{start};
  const Wide count = (distance > 0) != (step > 0) || distance == 0 ? 0 : (distance + step + (step > 0 ? -1 : 1)) / step;
  if (count > (Wide{1} << 62)) throw ValueError(fmt::format("{}: more elements than an array can hold", call));
  const auto n = static_cast<std::int64_t>(count);
  if (n > 0) {
    check_last(dtype, start, call);
    check_last(dtype, Wide{start} + Wide{n - 1} * Wide{step}, call);
  }
  return integer_progression(dtype, start, step, n, device);
}

}  // namespace detail

#define SINTER_DTYPE(name, spelling, cpp_type, ...) template class Array<cpp_type>;
#include "sinter/dtypes.def"
#undef SINTER_DTYPE

}  // namespace sinter
