// Node construction: validation of types, shapes and devices, and hash-consing, so that an
// expression built twice is one node and is computed once.
#include "ir/node.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "float_to_integer.h"
#include "process.h"
#include "sinter/error.h"

namespace sinter::ir {
namespace {

// The hash-consing table: open addressing over node pointers with their hashes beside them, so
// that interning and dropping a node allocate nothing (a node-based hash map allocated and freed
// an entry for every node of every expression). Several entries may share an identity: a node
// whose last reference is going away stays until its destructor removes it.
class InternTable {
 public:
  std::mutex mutex;

  /// A live node equal to `fresh` (same hash `h`), or null. Caller holds mutex.
  NodePtr find(std::uint64_t h, const Node& fresh, bool (*same)(const Node&, const Node&)) {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Node* n = slots_[i];
      if (!n) return nullptr;
      if (n != tombstone() && hashes_[i] == h && same(*n, fresh))
        if (NodePtr found = n->weak_from_this().lock()) return found;
    }
  }
  /// Adds `n` under hash `h`. Caller holds mutex.
  void insert(std::uint64_t h, Node* n) {
    if ((used_ + 1) * 4 > slots_.size() * 3) rebuild(std::max<std::size_t>(64, live_ * 4));
    std::size_t i = h & mask_;
    while (slots_[i] && slots_[i] != tombstone()) i = (i + 1) & mask_;
    if (!slots_[i]) ++used_;
    slots_[i] = n;
    hashes_[i] = h;
    ++live_;
  }
  /// Hands f a reference to every live node; f must keep it (dropping the last reference here
  /// would take this lock again). Caller holds mutex.
  template <class F> void for_each(F f) {
    for (Node* n : slots_)
      if (n && n != tombstone())
        if (NodePtr live = n->weak_from_this().lock()) f(std::move(live));
  }
  /// Removes `n`, which was inserted under hash `h`. Caller holds mutex.
  void erase(std::uint64_t h, const Node* n) {
    for (std::size_t i = h & mask_; slots_[i]; i = (i + 1) & mask_)
      if (slots_[i] == n) {
        slots_[i] = tombstone();
        --live_;
        // Shrink once mostly empty: pending_readers walks every slot, so a table left at the
        // size of a long lazy loop's graph would slow each later in-place write.
        if (slots_.size() > 64 && live_ * 16 < slots_.size()) rebuild(live_ * 4);
        return;
      }
  }
  std::size_t capacity() const { return slots_.size(); }

 private:
  static Node* tombstone() { return reinterpret_cast<Node*>(alignof(Node)); }
  // A table of a power-of-two size at least `capacity`, live entries only.
  void rebuild(std::size_t capacity) {
    std::size_t size = 64;
    while (size < capacity) size *= 2;
    std::vector<Node*> slots(size, nullptr);
    std::vector<std::uint64_t> hashes(size, 0);
    const std::size_t mask = size - 1;
    for (std::size_t j = 0; j < slots_.size(); ++j) {
      Node* n = slots_[j];
      if (!n || n == tombstone()) continue;
      std::size_t i = hashes_[j] & mask;
      while (slots[i]) i = (i + 1) & mask;
      slots[i] = n;
      hashes[i] = hashes_[j];
    }
    slots_.swap(slots);
    hashes_.swap(hashes);
    mask_ = mask;
    used_ = live_;
  }

  std::vector<Node*> slots_;  // null: never used; tombstone(): erased
  std::vector<std::uint64_t> hashes_;
  std::size_t mask_ = 0;
  std::size_t used_ = 0;  // live entries and tombstones
  std::size_t live_ = 0;
};

InternTable& intern_table() {
  static auto* table = [] {
    auto* created = new InternTable;  // never destroyed: nodes may outlive static destruction
    process::on_fork(process::LockRank::intern_table, process::mutex_handlers(created->mutex));
    return created;
  }();
  return *table;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}

std::uint64_t identity_hash(const Node& n) {
  std::uint64_t h = mix(static_cast<std::uint64_t>(n.op), static_cast<std::uint64_t>(n.dtype));
  h = mix(h, static_cast<std::uint64_t>(n.device.kind) * 131 + static_cast<std::uint64_t>(n.device.index));
  for (int i = 0; i < n.shape.ndim(); ++i) h = mix(h, static_cast<std::uint64_t>(n.shape[i]));
  for (const auto& a : n.args()) h = mix(h, reinterpret_cast<std::uintptr_t>(a.get()));
  // A region's sub-graphs are among its operands: structurally identical loops are one node.
  if (is_control(n.op)) h = mix(h, static_cast<std::uint64_t>(n.region_depth) << 16 | n.region_values);
  // A gather reads its buffer (not an operand) at its offset and base strides (ir/indexing.h).
  if (n.op == Op::Gather) {
    h = mix(mix(h, reinterpret_cast<std::uintptr_t>(n.buffer.get())), static_cast<std::uint64_t>(n.offset));
    for (int d = 0; d < n.shape.ndim(); ++d)
      h = mix(h, static_cast<std::uint64_t>(n.strides[static_cast<std::size_t>(d)]));
  }
  return mix(mix(h, n.scalar_bits), n.reduce_axes);
}

bool same_identity(const Node& a, const Node& b) {
  if (a.op != b.op || a.dtype != b.dtype || !(a.shape == b.shape) || !(a.device == b.device) ||
      a.device_free != b.device_free || a.scalar_bits != b.scalar_bits || a.reduce_axes != b.reduce_axes ||
      a.num_operands != b.num_operands || a.region_depth != b.region_depth || a.region_values != b.region_values)
    return false;
  for (int i = 0; i < a.num_operands; ++i)
    if (a.operands[static_cast<std::size_t>(i)] != b.operands[static_cast<std::size_t>(i)]) return false;
  if (a.op == Op::Gather && (a.buffer != b.buffer || a.offset != b.offset || a.strides != b.strides)) return false;
  return true;
}

std::string op_context(Op op) { return std::string(info(op).name); }

}  // namespace

NodePtr intern(std::shared_ptr<Node> fresh) {
  auto& table = intern_table();
  const std::uint64_t h = identity_hash(*fresh);
  {
    std::lock_guard lock(table.mutex);
    if (NodePtr found = table.find(h, *fresh, same_identity)) return found;
    fresh->interned = true;
    fresh->identity = h;
    table.insert(h, fresh.get());
  }
  return fresh;
}

std::mutex& graph_mutex() {
  static auto* m = [] {
    auto* created = new std::mutex;
    process::on_fork(process::LockRank::graph, process::mutex_handlers(*created));
    return created;
  }();
  return *m;
}

namespace {
// The operands released by the outermost ~Node running on this thread, or null when none runs.
thread_local std::vector<NodePtr>* t_released = nullptr;
}  // namespace

Node::~Node() {
  if (interned) {
    auto& table = intern_table();
    std::lock_guard lock(table.mutex);
    table.erase(identity, this);
  }
  // Dropping the last reference to a chain of a million pending nodes would otherwise recurse a
  // million destructors deep. The outermost destructor collects the operands of every node that
  // dies under it and drops them one at a time, so the depth stays one.
  if (t_released) {
    for (std::size_t i = 0; i < num_operands; ++i)
      if (operands[i]) t_released->push_back(std::move(operands[i]));
    return;
  }
  std::vector<NodePtr> released;
  for (std::size_t i = 0; i < num_operands; ++i)
    if (operands[i]) released.push_back(std::move(operands[i]));
  if (released.empty()) return;
  t_released = &released;
  while (!released.empty()) {
    NodePtr last = std::move(released.back());
    released.pop_back();
    last.reset();  // may push its own operands
  }
  t_released = nullptr;
}

std::size_t intern_table_capacity() {
  auto& table = intern_table();
  std::lock_guard lock(table.mutex);
  return table.capacity();
}

NodePtr if_interned(const NodePtr& node) {
  auto& table = intern_table();
  std::lock_guard lock(table.mutex);
  return node->interned ? node : nullptr;
}

NodePtr make_distinct(const Node& n) {
  if (n.is_leaf()) throw InternalError("make_distinct: " + op_context(n.op) + " is a leaf, not a pending node");
  auto d = std::make_shared<Node>();
  // Everything is read under the graph lock: evaluating n (on another thread) clears its
  // operands and operand count and uninterns it.
  std::lock_guard lock(graph_mutex());
  if (n.materialized) return nullptr;  // computed meanwhile (by another thread): the caller copies its memory
  d->op = n.op;
  d->dtype = n.dtype;
  d->shape = n.shape;
  d->device = n.device;
  d->device_free = n.device_free;
  d->num_operands = n.num_operands;
  d->operands = n.operands;
  d->reduce_axes = n.reduce_axes;
  d->scalar_bits = n.scalar_bits;
  d->structural_hash = n.structural_hash;
  d->pending_size = n.pending_size.load();
  d->pending_buffers = n.pending_buffers.load();
  d->reads_memory = n.reads_memory;
  d->param_depths = n.param_depths;
  d->region_depth = n.region_depth;
  d->region_values = n.region_values;
  d->buffer = n.buffer;  // a gather's source (ir/indexing.h)
  d->offset = n.offset;
  d->strides = n.strides;
  return d;
}

void unintern(Node& node) {
  if (!node.interned) return;
  auto& table = intern_table();
  std::lock_guard lock(table.mutex);
  table.erase(node.identity, &node);
  node.interned = false;
}

std::uint64_t scalar_bits_from_double(DType dtype, double v) {
  std::uint64_t bits = 0;
  switch (dtype) {
    case DType::Bool: bits = v != 0.0 ? 1 : 0; break;
    // As cast converts (the front end refuses what does not fit before it gets here).
    case DType::Int32:
      bits = static_cast<std::uint32_t>(static_cast<std::int32_t>(float_to_integer(v, dtype, OutOfRange::Saturate)));
      break;
    case DType::Int64: bits = static_cast<std::uint64_t>(float_to_integer(v, dtype, OutOfRange::Saturate)); break;
    case DType::Int8:
    case DType::Int16:
    case DType::UInt8:
    case DType::UInt16:
    case DType::UInt32: bits = scalar_bits_from_int(dtype, float_to_integer(v, dtype, OutOfRange::Saturate)); break;
    case DType::Float32: bits = std::bit_cast<std::uint32_t>(static_cast<float>(v)); break;
    case DType::Float64: bits = std::bit_cast<std::uint64_t>(v); break;
  }
  return bits;
}

std::uint64_t scalar_bits_from_int(DType dtype, std::int64_t v) {
  switch (dtype) {
    case DType::Bool: return v != 0 ? 1 : 0;
    case DType::Int32: return static_cast<std::uint32_t>(static_cast<std::int32_t>(v));
    case DType::Int64: return static_cast<std::uint64_t>(v);
    // The element's bytes, zero-extended (kernels and the interpreter read the low bytes).
    case DType::Int8: return static_cast<std::uint8_t>(static_cast<std::int8_t>(v));
    case DType::Int16: return static_cast<std::uint16_t>(static_cast<std::int16_t>(v));
    case DType::UInt8: return static_cast<std::uint8_t>(v);
    case DType::UInt16: return static_cast<std::uint16_t>(v);
    case DType::UInt32: return static_cast<std::uint32_t>(v);
    case DType::Float32: return std::bit_cast<std::uint32_t>(static_cast<float>(v));
    case DType::Float64: return std::bit_cast<std::uint64_t>(static_cast<double>(v));
  }
  return 0;
}

NodePtr make_buffer(std::shared_ptr<Buffer> buffer, DType dtype, const Shape& shape) {
  auto n = std::make_shared<Node>();
  n->op = Op::Buffer;
  n->dtype = dtype;
  n->shape = shape;
  n->device = buffer->device;
  n->buffer = std::move(buffer);
  n->pending_size = 0;
  n->pending_buffers = 1;
  n->reads_memory = true;
  return n;
}

NodePtr make_view(std::shared_ptr<Buffer> buffer, DType dtype, const Shape& shape,
                  const std::array<std::int64_t, kMaxDims>& strides, std::int64_t offset) {
  NodePtr n = make_buffer(std::move(buffer), dtype, shape);
  n->is_view = true;
  n->offset = offset;
  n->strides = strides;
  for (int d = shape.ndim(); d < kMaxDims; ++d) n->strides[static_cast<std::size_t>(d)] = 0;
  return n;
}

std::vector<NodePtr> pending_readers(const Buffer& buffer) {
  // Whether a pending node reads `buffer`, memoized over the walks (pending graphs share nodes).
  // Each walk uses an explicit stack: a pending chain may be far deeper than the thread's stack.
  std::unordered_map<const Node*, bool> memo;
  std::vector<std::pair<const Node*, std::size_t>> stack;  // a node and its next operand
  auto reads = [&](const Node* top) {
    stack.assign(1, {top, 0});
    while (!stack.empty()) {
      auto& [n, next] = stack.back();
      bool answer = false;
      if (next < n->num_operands) {
        const Node* a = resolved(n->operands[next++]).get();
        if (a->op == Op::Buffer) answer = a->buffer.get() == &buffer;
        else if (a->op == Op::Gather && a->is_pending() && a->buffer.get() == &buffer) answer = true;
        else if (a->is_leaf()) answer = false;
        else if (auto it = memo.find(a); it != memo.end()) answer = it->second;
        else {
          stack.emplace_back(a, 0);
          continue;
        }
        if (!answer) continue;
      }
      // n is answered: it reads the buffer if the operand just seen does, else (all seen) not.
      memo.emplace(n, answer);
      stack.pop_back();
      if (answer) {  // so do all the nodes on the way to it
        for (const auto& frame : stack) memo.emplace(frame.first, true);
        stack.clear();
      }
    }
    return memo.at(top);
  };
  // Every live node is collected under the table's lock and examined after it: dropping the
  // last reference to a node takes that lock (~Node), so no reference may end inside it.
  std::vector<NodePtr> live;
  {
    auto& table = intern_table();
    std::lock_guard lock(table.mutex);
    table.for_each([&](NodePtr n) { live.push_back(std::move(n)); });
  }
  std::vector<NodePtr> out;
  for (const NodePtr& n : live)
    if (n->is_pending() && n->handles.load(std::memory_order_relaxed) > 0 &&
        ((n->op == Op::Gather && n->buffer.get() == &buffer) || reads(n.get())))
      out.push_back(n);
  return out;
}

namespace {

/// The pending nodes and buffers under `top`, counting at most just past `limit`. A node counted
/// before (other than top) is taken at its recorded counts when `trust_counted`, which is cheap
/// (a loop's statement costs only its new nodes) but overestimates where two such nodes share
/// nodes; otherwise every distinct node is visited. Caller holds graph_mutex().
PendingCount count_under(const Node* top, PendingCount limit, bool trust_counted) {
  std::uint64_t nodes = 0;
  std::uint64_t buffers = 0;
  std::unordered_set<const Node*> seen{top};
  std::vector<const Node*> stack{top};
  while (!stack.empty() && nodes <= limit.nodes && buffers <= limit.buffers) {
    const Node* n = stack.back();
    stack.pop_back();
    if (n->is_leaf()) {
      buffers += n->op == Op::Buffer ? 1 : 0;
    } else if (trust_counted && n->counted && n != top) {
      nodes += n->pending_size;
      buffers += n->pending_buffers;
    } else {
      ++nodes;
      for (const auto& a : n->args())
        if (seen.insert(resolved(a).get()).second) stack.push_back(resolved(a).get());
    }
  }
  return {static_cast<std::uint32_t>(std::min<std::uint64_t>(nodes, UINT32_MAX)),
          static_cast<std::uint32_t>(std::min<std::uint64_t>(buffers, UINT32_MAX))};
}

}  // namespace

bool exceeds_pending_bound(const NodePtr& root, PendingCount bound) {
  std::lock_guard lock(graph_mutex());
  Node& top = *resolved(root);
  if (top.is_leaf()) return false;
  auto within = [&](PendingCount c) { return c.nodes <= bound.nodes && c.buffers <= bound.buffers; };
  PendingCount count = count_under(&top, bound, true);
  if (!within(count)) count = count_under(&top, bound, false);  // the estimate may be too high
  if (!within(count)) return true;
  top.pending_size = count.nodes;
  top.pending_buffers = count.buffers;
  top.counted = true;
  return false;
}

std::array<std::int64_t, kMaxDims> row_major_strides(const Shape& shape) {
  std::array<std::int64_t, kMaxDims> strides{};
  std::int64_t step = 1;
  for (int d = shape.ndim() - 1; d >= 0; --d) {
    strides[static_cast<std::size_t>(d)] = step;
    step *= shape[d];
  }
  return strides;
}

NodePtr make_scalar(DType dtype, std::uint64_t bits) {
  auto n = std::make_shared<Node>();
  n->op = Op::Scalar;
  n->dtype = dtype;
  n->device_free = true;
  n->scalar_bits = bits;
  n->pending_size = 0;
  return intern(std::move(n));
}

NodePtr make_index(const Shape& shape, Device device) {
  auto n = std::make_shared<Node>();
  n->op = Op::Index;
  n->dtype = DType::Int64;
  n->shape = shape;
  n->device = device;
  return intern(std::move(n));
}

// The pending size bounds of `n` (Node::pending_size) from its operands' (saturating sums),
// whether its graph reads memory and the loops whose parameters it depends on.
void take_sizes_from_operands(Node& n) {
  std::uint64_t size = 1;
  std::uint64_t buffers = 0;
  for (const auto& a : n.args()) {
    size += a->pending_size;
    buffers += a->pending_buffers;
    n.reads_memory = n.reads_memory || a->reads_memory;
    n.param_depths |= a->param_depths;
  }
  n.pending_size = static_cast<std::uint32_t>(std::min<std::uint64_t>(size, UINT32_MAX));
  n.pending_buffers = static_cast<std::uint32_t>(std::min<std::uint64_t>(buffers, UINT32_MAX));
}

namespace {

// Fills in device, shape and pending size of `n` from its operands, checking that they combine.
// Shapes combine by NumPy broadcasting: an array operand of another shape than the result is
// wrapped in a Broadcast node (no copy: the kernel reads it with zero strides). Device-free
// operands (scalar expressions) have no shape of their own and are left as they are.
void combine_operands(Node& n) {
  bool have_device = false;
  bool have_shape = false;
  for (const auto& a : n.args()) {
    if (a->device_free) continue;
    if (have_device && !(a->device == n.device))
      throw DeviceError(op_context(n.op) + ": operands are on different devices, " + n.device.to_string() + " and " +
                        a->device.to_string() + "; move one with to(device) first");
    n.device = a->device;
    have_device = true;
    if (have_shape && !(a->shape == n.shape)) {
      try {
        n.shape = broadcast_shapes(n.shape, a->shape);
      } catch (const ShapeError& e) { throw ShapeError(op_context(n.op) + ": " + e.what()); }
    } else {
      n.shape = a->shape;
    }
    have_shape = true;
  }
  n.device_free = !have_device;
  for (std::size_t i = 0; i < n.num_operands; ++i) {
    NodePtr& a = n.operands[i];
    if (!a->device_free && !(a->shape == n.shape)) a = make_broadcast(a, n.shape, n.device);
  }
  take_sizes_from_operands(n);
}

}  // namespace

NodePtr make_cast(const NodePtr& x, DType to) {
  if (x->dtype == to) return x;
  auto n = std::make_shared<Node>();
  n->op = Op::Cast;
  n->dtype = to;
  n->num_operands = 1;
  {
    std::lock_guard lock(graph_mutex());
    n->operands[0] = resolved(x);
  }
  combine_operands(*n);
  return intern(std::move(n));
}

NodePtr make_broadcast(const NodePtr& x, const Shape& shape, Device device) {
  if (!broadcasts_to(x->shape, shape))
    throw ShapeError("broadcast: cannot broadcast shape " + x->shape.to_string() + " to " + shape.to_string());
  if (!x->device_free && !(x->device == device))
    throw DeviceError("broadcast: operand is on " + x->device.to_string() + ", target is " + device.to_string());
  auto n = std::make_shared<Node>();
  n->op = Op::Broadcast;
  n->dtype = x->dtype;
  n->num_operands = 1;
  {
    std::lock_guard lock(graph_mutex());
    // A broadcast of a pending broadcast is one broadcast of the inner operand: broadcasting
    // composes, and full(shape, v) used with a larger array stays a fused scalar.
    NodePtr source = resolved(x);
    while (source->op == Op::Broadcast) source = resolved(source->operands[0]);
    n->operands[0] = std::move(source);
  }
  n->shape = shape;
  n->device = device;
  take_sizes_from_operands(*n);
  return intern(std::move(n));
}

NodePtr make_op(Op op, std::span<const NodePtr> operands) {
  const OpInfo& oi = info(op);
  if (static_cast<int>(operands.size()) != oi.arity || oi.arity == 0 || oi.rule == TypeRule::Cast ||
      oi.rule == TypeRule::Same)
    throw Error(std::string("make_op: ") + std::string(oi.name) + " takes " + std::to_string(oi.arity) +
                " operands, got " + std::to_string(operands.size()));
  for (const auto& a : operands)
    if (!a)
      throw EmptyArrayError(std::string(oi.name) +
                            ": an operand is an empty Array (default-constructed or moved-from)");

  // Type rule. The front end converts operands first; reaching an error here is a bug in the caller.
  DType t = operands.back()->dtype;
  auto require = [&](bool ok, const char* what) {
    if (ok) return;
    std::string types;
    for (const auto& a : operands) types += (types.empty() ? "" : ", ") + std::string(name_of(a->dtype));
    throw DTypeError(std::string(oi.name) + ": " + what + ", got (" + types + ")");
  };
  DType result = t;
  switch (oi.rule) {
    case TypeRule::Arith:
      for (const auto& a : operands) require(a->dtype == t && accepts(op, t), "needs numeric operands of one type");
      break;
    case TypeRule::Float:
      for (const auto& a : operands)
        require(a->dtype == t && accepts(op, t), "needs floating-point operands of one type");
      break;
    case TypeRule::Compare:
      for (const auto& a : operands) require(a->dtype == t, "needs operands of one type");
      result = DType::Bool;
      break;
    case TypeRule::Logical:
      for (const auto& a : operands) require(accepts(op, a->dtype), "needs bool operands");
      result = DType::Bool;
      break;
    case TypeRule::Bitwise:
      for (const auto& a : operands)
        require(a->dtype == t && accepts(op, t), "needs integer or bool operands of one type (not floating-point)");
      break;
    case TypeRule::Shift:
      for (const auto& a : operands)
        require(a->dtype == t && accepts(op, t), "needs integer operands of one type (not floating-point or bool)");
      break;
    case TypeRule::Predicate:
      for (const auto& a : operands) require(a->dtype == t, "needs operands of one type");
      result = DType::Bool;
      break;
    case TypeRule::Float64:
      for (const auto& a : operands) require(a->dtype == t && accepts(op, t), "needs float64 operands");
      break;
    case TypeRule::Select:
      require(operands[0]->dtype == DType::Bool && operands[1]->dtype == operands[2]->dtype, "needs (bool, T, T)");
      result = operands[1]->dtype;
      break;
    case TypeRule::Random:
      for (const auto& a : operands) require(accepts(op, a->dtype), "needs int64 counters and key");
      result = DType::UInt32;
      break;
    case TypeRule::Reduce: throw Error("make_op: reductions are made by make_reduce");
    case TypeRule::Control: throw Error("make_op: control flow is made by make_loop and make_if (ir/region.h)");
    case TypeRule::Indexed: throw Error("make_op: gathers and index checks are made by ir/indexing.h");
    case TypeRule::Leaf:
    case TypeRule::Same:
    case TypeRule::Cast: break;
  }

  auto n = std::make_shared<Node>();
  n->op = op;
  n->dtype = result;
  n->num_operands = static_cast<std::uint8_t>(operands.size());
  {
    std::lock_guard lock(graph_mutex());
    for (std::size_t i = 0; i < operands.size(); ++i) n->operands[i] = resolved(operands[i]);
  }
  combine_operands(*n);
  return intern(std::move(n));
}

NodePtr make_reduce(Op op, const NodePtr& x, std::uint32_t axes, bool keepdims) {
  const std::string name(info(op).name);
  if (!is_reduction(op)) throw Error("make_reduce: " + name + " is not a reduction");
  if (!x) throw EmptyArrayError(name + ": the operand is an empty Array (default-constructed or moved-from)");
  const int ndim = x->shape.ndim();
  if (axes == 0 || (ndim < 32 && (axes >> ndim) != 0))
    throw Error("make_reduce: axis mask " + std::to_string(axes) + " for an operand of shape " + x->shape.to_string());
  if (!accepts(op, x->dtype)) throw DTypeError(name + ": needs a bool operand, got " + std::string(name_of(x->dtype)));
  // Bit 0 is a traced function's argument (lib/frontend/function.cpp): its record is replayed
  // over arrays, never planned, so a reduction of it is fine.
  if ((x->param_depths & ~1U) != 0)
    throw Error(name +
                ": a reduction inside a while_loop body (of a per-element value) is not supported; reduce "
                "the loop's results instead");
  Shape shape;
  int empty_axis = -1;  // the first reduced axis of size 0
  for (int d = 0; d < ndim; ++d) {
    const bool reduced = ((axes >> d) & 1U) != 0;
    if (reduced && x->shape[d] == 0 && empty_axis < 0) empty_axis = d;
    if (!reduced) shape.push_back(x->shape[d]);
    else if (keepdims) shape.push_back(1);
  }
  // NumPy: these have no identity, so a reduction over an empty axis has no value (NumPy raises
  // even when the result itself is empty).
  if (empty_axis >= 0 && (op == Op::Min || op == Op::Max || op == Op::ArgMin || op == Op::ArgMax))
    throw ValueError(name + ": axis " + std::to_string(empty_axis) + " of shape " + x->shape.to_string() +
                     " is empty, and " + name + " of no elements has no value (no identity)");
  auto n = std::make_shared<Node>();
  n->op = op;
  n->dtype = result_dtype(op, x->dtype);
  n->num_operands = 1;
  {
    std::lock_guard lock(graph_mutex());
    n->operands[0] = resolved(x);
  }
  n->shape = shape;
  n->device = x->device;
  n->device_free = false;
  n->reduce_axes = axes;
  take_sizes_from_operands(*n);
  n->reads_memory = true;  // computing the reduction once and reading its result is the point
  return intern(std::move(n));
}

}  // namespace sinter::ir
