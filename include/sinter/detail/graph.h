// The few library entry points the header-only front end calls to build and read the IR.
// Not part of the user-facing API; the IR stays opaque to users.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "sinter/detail/node_fwd.h"
#include "sinter/device.h"
#include "sinter/export.h"
#include "sinter/op.h"
#include "sinter/shape.h"
#include "sinter/slice.h"

namespace sinter::detail {

SINTER_API ir::NodePtr op_node(Op op, std::span<const ir::NodePtr> operands);
SINTER_API ir::NodePtr cast_node(const ir::NodePtr& x, DType to);
SINTER_API ir::NodePtr scalar_node_f(DType dtype, double value);
SINTER_API ir::NodePtr scalar_node_i(DType dtype, std::int64_t value);
SINTER_API ir::NodePtr index_node(std::int64_t n, Device device);
SINTER_API ir::NodePtr broadcast_node(const ir::NodePtr& x, const Shape& shape, Device device);
/// arange's elements as `dtype` (docs/ops.md): from double arguments, and exactly from integer
/// ones (an integer type only). Throw ValueError (a zero or non-finite argument, too many
/// elements, an element that does not fit the type).
SINTER_API ir::NodePtr arange_node(DType dtype, double start, double stop, double step, Device device);
SINTER_API ir::NodePtr arange_node_exact(DType dtype, std::int64_t start, std::int64_t stop, std::int64_t step,
                                         Device device);
SINTER_API ir::NodePtr host_node(DType dtype, const Shape& shape, const void* data, Device device);
/// Array::wrap: memory at `pointer` seen as an array of `shape` (strides in elements; empty:
/// row-major) on `device`, without a copy. `release` runs when sinter no longer uses it; on an
/// exception it is dropped unrun. Throws ShapeError, ValueError, DeviceError (docs/embedding.md).
SINTER_API ir::NodePtr wrap_node(DType dtype, void* pointer, bool writable, const Shape& shape,
                                 std::span<const std::int64_t> strides, Device device, std::function<void()> release);
/// data() (host) and device_pointer(): the address of the first element, evaluating `n` first.
/// `what` names the call in errors (ValueError for a strided view or const memory, DeviceError).
SINTER_API void* element_pointer(const ir::NodePtr& n, bool host, const char* what);

SINTER_API DType node_dtype(const ir::NodePtr& n);
SINTER_API const Shape& node_shape(const ir::NodePtr& n);
SINTER_API Device node_device(const ir::NodePtr& n);

SINTER_API void retain_handle(const ir::NodePtr& n);
SINTER_API void release_handle(const ir::NodePtr& n);
/// Called when an Array is made from an expression: evaluates it at once when its pending
/// graph is past the size bound (SINTER_MAX_PENDING).
SINTER_API void adopt_pending(const ir::NodePtr& n);
/// The node an Array made from a new value (an expression, a reduction) holds, with that
/// Array's handle already counted: `n` itself, unless another Array holds `n` (hash-consing
/// returned the node of an equal expression that array was made from) or `n` is an existing
/// array's memory; then a node of its own, so that a write into one array never reaches the
/// other. Evaluates it at once when its pending graph is past the size bound (adopt_pending).
SINTER_API ir::NodePtr own_value(ir::NodePtr n);
SINTER_API bool is_pending(const ir::NodePtr& n);
SINTER_API void evaluate_node(const ir::NodePtr& n);
SINTER_API void evaluate_nodes(std::span<const ir::NodePtr> nodes);
/// Evaluates `n` and copies elements [first, first + count) to host memory at `dst`.
SINTER_API void read_node(const ir::NodePtr& n, std::int64_t first, std::int64_t count, void* dst);
/// The node's elements seen with `shape` (same count, row-major): a Buffer node sharing its memory.
SINTER_API ir::NodePtr reshape_node(const ir::NodePtr& n, const Shape& shape);
/// NumPy's target[...] = value: `value` converted to target's type and broadcast to its shape,
/// written into target's elements in place (target is evaluated first). Throws ShapeError,
/// DeviceError, ValueError (a broadcast view, whose elements share memory).
SINTER_API void assign_node(const ir::NodePtr& target, const ir::NodePtr& value);
/// The node's value on another device (a copy).
SINTER_API ir::NodePtr copy_node(const ir::NodePtr& n, Device device);
// Read-only views (docs/views.md): Buffer nodes sharing the memory of `n` (evaluated first when
// pending) with other shapes, strides and offsets. No copy.
SINTER_API ir::NodePtr slice_node(const ir::NodePtr& n, std::span<const AxisIndex> index);
SINTER_API ir::NodePtr permute_node(const ir::NodePtr& n, std::span<const int> axes);
SINTER_API ir::NodePtr transpose_node(const ir::NodePtr& n);
SINTER_API ir::NodePtr broadcast_to_node(const ir::NodePtr& n, const Shape& shape);
SINTER_API ir::NodePtr expand_dims_node(const ir::NodePtr& n, int axis);
SINTER_API ir::NodePtr squeeze_node(const ir::NodePtr& n, int axis);
SINTER_API ir::NodePtr squeeze_all_node(const ir::NodePtr& n);
/// True when `n` is a view whose elements are not contiguous and row-major in memory.
SINTER_API bool is_view_node(const ir::NodePtr& n);
/// The kernel IR that evaluating `n` would run now, as text.
SINTER_API std::string describe_node(const ir::NodePtr& n);

/// The node an expression was built into, shared by the copies of an expression used as a
/// named operand (expr.h: Expr::shared). Reference counted; opaque to the header.
struct BuildMemo;
SINTER_API BuildMemo* new_build_memo();  // one reference
SINTER_API void retain_build_memo(BuildMemo* memo);
SINTER_API void release_build_memo(BuildMemo* memo);
/// The node recorded in `memo` while it is still pending (interned: what building the same
/// expression again would return), else null.
SINTER_API ir::NodePtr memo_node(BuildMemo* memo);
SINTER_API void set_memo_node(BuildMemo* memo, const ir::NodePtr& node);

[[noreturn]] SINTER_API void throw_empty(const char* what);

}  // namespace sinter::detail
