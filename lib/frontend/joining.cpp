// concatenate and pad (include/sinter/joining.h): a new array whose parts are written into views
// of it by the ordinary write path (evaluate.h), so a pending part is computed by its write
// kernel and each write gets NumPy's aliasing rules.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "backend.h"
#include "ir/node.h"
#include "sinter/detail/graph.h"
#include "sinter/error.h"
#include "sinter/joining.h"

namespace sinter::detail {
namespace {

int checked_axis(const char* what, int axis, int ndim) {
  if (axis < -ndim || axis >= ndim)
    throw IndexError(fmt::format("{}: axis {} is out of range for arrays of {} dimensions", what, axis, ndim));
  return axis < 0 ? axis + ndim : axis;
}

// Memory for a result every element of which is written next.
ir::NodePtr uninitialized(DType dtype, const Shape& shape, Device device) {
  auto buffer = backend_for(device).allocate(static_cast<std::size_t>(shape.numel()) * size_of(dtype));
  return ir::make_buffer(std::move(buffer), dtype, shape);
}

}  // namespace

ir::NodePtr axis_slice_node(const ir::NodePtr& x, int axis, std::optional<std::int64_t> start,
                            std::optional<std::int64_t> stop, std::optional<std::int64_t> step) {
  const int ndim = x->shape.ndim();
  const int a = checked_axis("flip", axis, ndim);
  std::vector<AxisIndex> index(static_cast<std::size_t>(ndim), AxisIndex(Slice{}));
  index[static_cast<std::size_t>(a)] = AxisIndex(Slice{start, stop, step});
  return slice_node(x, index);
}

ir::NodePtr concatenate_node(std::span<const ir::NodePtr> parts, int axis) {
  if (parts.empty()) throw ValueError("concatenate: needs at least one array");
  for (std::size_t k = 0; k < parts.size(); ++k)
    if (!parts[k]) throw_empty("concatenate");
  const ir::Node& first = *parts[0];
  const int ndim = first.shape.ndim();
  if (ndim == 0) throw ValueError("concatenate: 0-d arrays cannot be concatenated; stack them");
  const int a = checked_axis("concatenate", axis, ndim);
  Shape shape = first.shape;
  std::int64_t total = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const ir::Node& p = *parts[k];
    if (!(p.device == first.device))
      throw DeviceError(fmt::format("concatenate: array 0 is on {} and array {} on {}; move one with to(device)",
                                    first.device.to_string(), k, p.device.to_string()));
    if (p.dtype != first.dtype)
      throw DTypeError(
          fmt::format("concatenate: array 0 holds {} and array {} {}", name_of(first.dtype), k, name_of(p.dtype)));
    if (p.shape.ndim() != ndim)
      throw ShapeError(
          fmt::format("concatenate: array 0 has shape {} and array {} shape {}: the numbers of "
                      "dimensions differ",
                      first.shape.to_string(), k, p.shape.to_string()));
    for (int d = 0; d < ndim; ++d)
      if (d != a && p.shape[d] != first.shape[d])
        throw ShapeError(
            fmt::format("concatenate: array 0 has shape {} and array {} shape {}: sizes off the "
                        "concatenation axis {} must match, and axis {} differs",
                        first.shape.to_string(), k, p.shape.to_string(), a, d));
    total += p.shape[a];
  }
  Shape out;
  for (int d = 0; d < ndim; ++d) out.push_back(d == a ? total : shape[d]);
  ir::NodePtr result = uninitialized(first.dtype, out, first.device);
  std::int64_t at = 0;
  for (const ir::NodePtr& p : parts) {
    const std::int64_t n = p->shape[a];
    if (n > 0) assign_node(axis_slice_node(result, a, at, at + n, std::nullopt), p);
    at += n;
  }
  return result;
}

ir::NodePtr pad_node(const ir::NodePtr& x, std::span<const std::pair<std::int64_t, std::int64_t>> widths, PadMode mode,
                     const ir::NodePtr& value) {
  if (!x) throw_empty("pad");
  const int ndim = x->shape.ndim();
  if (static_cast<int>(widths.size()) != ndim)
    throw ShapeError(fmt::format("pad: {} (before, after) widths for an array of shape {} ({} dimensions)",
                                 widths.size(), x->shape.to_string(), ndim));
  for (int d = 0; d < ndim; ++d) {
    const auto [before, after] = widths[static_cast<std::size_t>(d)];
    if (before < 0 || after < 0)
      throw ValueError(fmt::format("pad: negative width ({}, {}) for axis {}", before, after, d));
    if (mode == PadMode::Edge && x->shape[d] == 0 && before + after > 0)
      throw ValueError(
          fmt::format("pad: axis {} of shape {} is empty and has no edge to repeat; pad it with a "
                      "constant",
                      d, x->shape.to_string()));
  }
  bool widens = false;
  for (const auto& [before, after] : widths) widens = widens || before > 0 || after > 0;
  if (mode == PadMode::Constant || !widens) {  // nothing to pad: a copy
    Shape out;
    for (int d = 0; d < ndim; ++d) {
      const auto [before, after] = widths[static_cast<std::size_t>(d)];
      out.push_back(x->shape[d] + before + after);
    }
    ir::NodePtr result = uninitialized(x->dtype, out, x->device);
    if (widens) assign_node(result, value);
    std::vector<AxisIndex> interior;
    for (int d = 0; d < ndim; ++d) {
      const auto [before, after] = widths[static_cast<std::size_t>(d)];
      interior.emplace_back(Slice{before, before + x->shape[d]});
    }
    if (x->shape.numel() > 0) assign_node(slice_node(result, interior), x);
    return result;
  }
  // Edge: axis by axis, the edge slices broadcast to their widths and joined around the array.
  ir::NodePtr r = x;
  for (int d = 0; d < ndim; ++d) {
    const auto [before, after] = widths[static_cast<std::size_t>(d)];
    if (before == 0 && after == 0) continue;
    const std::int64_t n = r->shape[d];
    std::vector<ir::NodePtr> parts;
    auto edge = [&](std::int64_t at, std::int64_t width) {
      Shape widened;
      for (int e = 0; e < ndim; ++e) widened.push_back(e == d ? width : r->shape[e]);
      return broadcast_to_node(axis_slice_node(r, d, at, at + 1, std::nullopt), widened);
    };
    if (before > 0) parts.push_back(edge(0, before));
    parts.push_back(r);
    if (after > 0) parts.push_back(edge(n - 1, after));
    r = concatenate_node(parts, d);
  }
  return r;
}

}  // namespace sinter::detail
