// Fusion planner: a depth-first walk of the pending graph that emits instructions in dependency
// order, deduplicating shared subexpressions, input buffers and scalars.
#include "fuse/plan.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <utility>

#include "sinter/error.h"

namespace sinter::fuse {
namespace {

bool is_pending(const ir::Node& n) { return !n.is_leaf() && !n.materialized; }

// A pointer -> int map for the planner's walks: an inline array searched linearly while small
// (the usual expression has a handful of nodes, and a hash map's allocation per entry dominated
// the planning of a cache-hit call), a hash map once it grows.
template <class K> class PointerMap {
 public:
  /// The value for `key`, or nullptr.
  std::int32_t* find(const K* key) {
    if (size_ > kSmall) {
      auto it = large_.find(key);
      return it == large_.end() ? nullptr : &it->second;
    }
    for (std::size_t i = 0; i < size_; ++i)
      if (small_[i].first == key) return &small_[i].second;
    return nullptr;
  }
  /// Inserts (key, value) unless key is present; returns the stored value and whether it is new.
  std::pair<std::int32_t, bool> emplace(const K* key, std::int32_t value) {
    if (std::int32_t* v = find(key)) return {*v, false};
    if (size_ < kSmall) {
      small_[size_] = {key, value};
    } else {
      if (size_ == kSmall) large_.insert(small_.begin(), small_.end());
      large_.emplace(key, value);
    }
    ++size_;
    return {value, true};
  }

 private:
  static constexpr std::size_t kSmall = 24;
  std::size_t size_ = 0;
  std::array<std::pair<const K*, std::int32_t>, kSmall> small_;
  std::unordered_map<const K*, std::int32_t> large_;
};

class Planner {
 public:
  explicit Planner(KernelPlan& plan) : plan_(plan) {}

  std::int32_t visit(const ir::NodePtr& node, bool is_root) {
    const ir::NodePtr& n = ir::resolved(node);
    if (const std::int32_t* found = emitted_.find(n.get())) {
      if (is_root) add_output(n, *found);
      return *found;
    }
    ir::Instr in{n->op, n->dtype};
    switch (n->op) {
      case Op::Buffer:
        // Buffers are read at the flat index: they must span the whole iteration space.
        if (!(n->shape == plan_.shape))
          throw Error("internal: a buffer of shape " + n->shape.to_string() + " in a kernel over " +
                      plan_.shape.to_string() + " needs a strided load, which this build lacks");
        in.slot = input_slot(n);
        break;
      case Op::Scalar:
        in.slot = static_cast<std::int32_t>(plan_.scalars.size());
        plan_.scalars.push_back(n->scalar_bits);
        plan_.kernel.scalars.push_back(n->dtype);
        break;
      default:
        in.num_args = n->num_operands;
        for (std::size_t a = 0; a < n->num_operands; ++a) in.args[a] = visit(n->operands[a], false);
    }
    auto index = static_cast<std::int32_t>(plan_.kernel.body.size());
    plan_.kernel.body.push_back(in);
    emitted_.emplace(n.get(), index);
    if (is_pending(*n) && (is_root || n->handles.load(std::memory_order_relaxed) > 0)) add_output(n, index);
    return index;
  }

 private:
  std::int32_t input_slot(const ir::NodePtr& n) {
    auto [slot, fresh] = input_slots_.emplace(n->buffer.get(), static_cast<std::int32_t>(plan_.inputs.size()));
    if (fresh) {
      plan_.inputs.push_back(n->buffer);
      plan_.kernel.inputs.push_back(n->dtype);
    }
    return slot;
  }

  void add_output(const ir::NodePtr& n, std::int32_t index) {
    if (!is_pending(*n)) return;
    for (const auto& o : plan_.outputs)
      if (o == n) return;
    plan_.outputs.push_back(n);
    plan_.kernel.outputs.push_back(index);
  }

  KernelPlan& plan_;
  PointerMap<ir::Node> emitted_;
  PointerMap<ir::Buffer> input_slots_;
};

void collect_foreign(const ir::NodePtr& node, const Shape& shape, PointerMap<ir::Node>& seen,
                     std::vector<ir::NodePtr>& out) {
  const ir::NodePtr& n = ir::resolved(node);
  // Scalar expressions (device-free) are computed inline in any kernel.
  if (!is_pending(*n) || n->device_free || !seen.emplace(n.get(), 0).second) return;
  if (!(n->shape == shape)) {
    out.push_back(n);
    return;
  }
  for (const auto& a : n->args()) collect_foreign(a, shape, seen, out);
}

}  // namespace

std::vector<ir::NodePtr> foreign_shaped_pending(std::span<const ir::NodePtr> roots, const Shape& shape) {
  PointerMap<ir::Node> seen;
  std::vector<ir::NodePtr> out;
  for (const auto& r : roots) {
    const ir::NodePtr& n = ir::resolved(r);
    if (!is_pending(*n)) continue;
    seen.emplace(n.get(), 0);
    for (const auto& a : n->args()) collect_foreign(a, shape, seen, out);
  }
  return out;
}

KernelPlan plan_kernel(std::span<const ir::NodePtr> roots) {
  KernelPlan plan;
  plan.shape = roots.front()->shape;
  plan.device = roots.front()->device;
  // The pending sizes bound the instructions (shared subexpressions make it an overestimate).
  std::size_t bound = 0;
  for (const auto& r : roots) bound += ir::resolved(r)->pending_size;
  plan.kernel.body.reserve(std::min<std::size_t>(bound, 1024));
  for (auto* v : {&plan.kernel.inputs, &plan.kernel.scalars}) v->reserve(8);
  plan.kernel.outputs.reserve(4);
  plan.inputs.reserve(8);
  plan.scalars.reserve(8);
  plan.outputs.reserve(4);
  Planner planner(plan);
  for (const auto& r : roots) planner.visit(r, true);
  plan.kernel.seal();
  return plan;
}

}  // namespace sinter::fuse
