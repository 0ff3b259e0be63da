// IR nodes: the typed, hash-consed DAG that pending array expressions build.
// A node is made only through make_* (node.cpp), which checks operand types, shapes and devices,
// so every later stage may assume a well-formed graph.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "ir/buffer.h"
#include "sinter/detail/node_fwd.h"
#include "sinter/device.h"
#include "sinter/op.h"
#include "sinter/shape.h"

namespace sinter::ir {

/// A node's operands: three inline (every op of the catalogue but the region nodes), any number
/// on the heap (a loop's or an if's: its initial values and the roots of its sub-graphs).
class Operands {
 public:
  NodePtr& operator[](std::size_t i) { return data()[i]; }
  const NodePtr& operator[](std::size_t i) const { return data()[i]; }
  NodePtr* data() { return heap_.empty() ? inline_.data() : heap_.data(); }
  const NodePtr* data() const { return heap_.empty() ? inline_.data() : heap_.data(); }
  /// Room for `n` operands (more than three: on the heap). Called once, before any is set.
  void allocate(std::size_t n) {
    if (n > inline_.size()) heap_.resize(n);
  }

 private:
  std::array<NodePtr, 3> inline_;
  std::vector<NodePtr> heap_;
};

struct Node : std::enable_shared_from_this<Node> {
  Op op;
  DType dtype;
  Shape shape;
  Device device;
  bool device_free = false;  // a scalar: combines with operands of any device
  std::uint8_t num_operands = 0;
  Operands operands;                // cleared once the node is materialized
  std::shared_ptr<Buffer> buffer;   // op == Buffer: the elements (contiguous, row-major, in `shape`, unless a view)
  // op == Buffer and is_view: a read-only view of `buffer`. The element at coordinates
  // (c_0, ..., c_{ndim-1}) is at element offset + sum c_d * strides[d] of the buffer (strides
  // may be negative or zero). A plain buffer node is contiguous and row-major from element 0.
  bool is_view = false;
  bool read_only = false;  // a view of a broadcast (docs/views.md): writes through it are refused
  std::int64_t offset = 0;
  std::array<std::int64_t, kMaxDims> strides{};
  // A reduction (is_reduction(op)): bit d is set when axis d of the operand is reduced. The
  // node's shape is the operand's without those axes, or with them as 1 (keepdims): both
  // list the results in the same row-major order.
  std::uint32_t reduce_axes = 0;
  std::uint64_t scalar_bits = 0;      // op == Scalar: the value, in the node's dtype, little-endian
  std::uint64_t structural_hash = 0;  // ignores buffer addresses and scalar values
  // The size of the pending subgraph, for the auto-evaluation bound (exceeds_pending_bound):
  // nodes and distinct buffers (the kernel's inputs). Upper bounds (the operands' sums,
  // saturating) until exceeds_pending_bound replaces them by counts of distinct ones.
  std::atomic<std::uint32_t> pending_size{1};
  std::atomic<std::uint32_t> pending_buffers{0};
  bool counted = false;  // pending_size and pending_buffers are counts (guarded by graph_mutex)
  // The pending subgraph reads memory (a buffer, or a reduction's result). A node that does not
  // is computed from scalars and indices alone (zeros, full, arange and expressions of them).
  bool reads_memory = false;
  // Control flow (ir/region.h). Bit d set: the node depends on the parameters of a loop at
  // nesting depth d (1 = a loop outside any other); 0 for a node outside every loop body.
  std::uint32_t param_depths = 0;
  std::uint8_t region_depth = 0;    // Param, Loop: the nesting depth of the loop (its parameters')
  std::uint16_t region_values = 0;  // Loop, If: values it yields; Param, Result: which value
  bool interned = false;
  std::uint64_t identity = 0;  // hash of the hash-consing key, kept while interned

  // Mutable evaluation state, guarded by graph_mutex().
  NodePtr materialized;         // once computed: the Buffer node holding the result
  std::atomic<int> handles{0};  // Array handles referring to this node

  std::span<const NodePtr> args() const { return {operands.data(), num_operands}; }
  bool is_leaf() const { return info(op).arity == 0; }
  /// Not yet computed: an op node without a result. Caller holds graph_mutex() (materialized).
  bool is_pending() const { return !is_leaf() && !materialized; }

  Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  ~Node();
};

/// Guards materialization state and the shape of pending graphs while a kernel is planned.
std::mutex& graph_mutex();

/// The node a reader should use for `n`: its materialized Buffer node if it has been computed.
/// Caller holds graph_mutex().
inline const NodePtr& resolved(const NodePtr& n) { return n->materialized ? n->materialized : n; }

// Constructors. They validate and throw sinter::Error subclasses with context.
NodePtr make_buffer(std::shared_ptr<Buffer> buffer, DType dtype, const Shape& shape);
/// A read-only view of `buffer` (see Node::is_view): no copy, the buffer is shared.
NodePtr make_view(std::shared_ptr<Buffer> buffer, DType dtype, const Shape& shape,
                  const std::array<std::int64_t, kMaxDims>& strides, std::int64_t offset);
/// Row-major strides of `shape`, in elements.
std::array<std::int64_t, kMaxDims> row_major_strides(const Shape& shape);
NodePtr make_scalar(DType dtype, std::uint64_t bits);
NodePtr make_index(const Shape& shape, Device device);
NodePtr make_cast(const NodePtr& x, DType to);
/// `x` stretched to `shape` on `device` by NumPy's broadcasting rules (a 0-d value repeated, or
/// an array of fewer or size-1 dimensions read with zero strides). Throws ShapeError.
NodePtr make_broadcast(const NodePtr& x, const Shape& shape, Device device);
NodePtr make_op(Op op, std::span<const NodePtr> operands);
/// `x` reduced by `op` over the axes set in `axes` (a non-empty subset of x's axes), the
/// reduced axes dropped from the shape or, with `keepdims`, kept as size 1. Throws DTypeError
/// (any/all of a non-bool operand: the front end compares first) and ValueError (min, max,
/// argmin, argmax over an empty axis).
NodePtr make_reduce(Op op, const NodePtr& x, std::uint32_t axes, bool keepdims);

/// The distinct pending nodes and leaves (buffers and scalars) under `n`, recorded in n (a
/// node counted before is taken at its recorded count, so counting after every statement of a
/// loop costs only the new nodes; where two such counts share nodes the sum overestimates).
/// Locks graph_mutex().
/// Distinct buffers a pending expression may read before it is evaluated when an Array takes
/// it: each is a kernel parameter (CUDA kernels take at most 32764 bytes of them, with the
/// scalars and the layouts' sizes and strides), and compile time grows with them. Scalars are
/// bounded by the node count (an op takes at most three operands).
inline constexpr std::uint32_t kMaxPendingBuffers = 256;

struct PendingCount {
  std::uint32_t nodes = 0;
  std::uint32_t buffers = 0;
};
/// Whether the pending graph under `n` has more distinct nodes or buffers than `bound`; when it
/// has not, the counts are recorded in n (a later count takes them as they are, so counting
/// after every statement of a loop costs only the statement's new nodes). Locks graph_mutex().
bool exceeds_pending_bound(const NodePtr& n, PendingCount bound);

/// The pending nodes that Array handles refer to and whose pending subgraph reads `buffer`: they
/// must be computed before the buffer is written in place, so that they see its old elements.
/// Caller holds graph_mutex().
std::vector<NodePtr> pending_readers(const Buffer& buffer);

/// A pending node equal to `n` (same op, operands, type, shape) but its own: not interned, so
/// making the same expression again does not return it. An Array made from a new value gets one
/// when hash-consing returned a node another Array already holds: the two arrays are distinct
/// arrays (a write into one must not reach the other) that happen to compute the same values.
/// Null when `n` has been computed meanwhile (by another thread): its value is then memory.
NodePtr make_distinct(const Node& n);

/// Removes a node from the hash-consing table; done when it is materialized and drops its
/// operands (its identity would otherwise refer to operands that may die). Caller holds graph_mutex().
void unintern(Node& node);

/// Slots of the hash-consing table (tests: it shrinks again after a large graph is gone).
std::size_t intern_table_capacity();

/// `node` while it is in the hash-consing table (pending: what making the same node again
/// returns), else null. Thread-safe.
NodePtr if_interned(const NodePtr& node);

/// Returns the live node equal to `fresh`, or registers `fresh` and returns it (hash-consing).
NodePtr intern(std::shared_ptr<Node> fresh);
/// Sets n's pending size bounds, reads_memory and param_depths from its operands.
void take_sizes_from_operands(Node& n);

/// Encodes a value of type `dtype` (given as double or int64) into scalar bits.
std::uint64_t scalar_bits_from_double(DType dtype, double v);
std::uint64_t scalar_bits_from_int(DType dtype, std::int64_t v);

}  // namespace sinter::ir
