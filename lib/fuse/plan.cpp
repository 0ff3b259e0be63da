// Fusion planner: a depth-first walk of the pending graph that emits instructions in dependency
// order, deduplicating shared subexpressions, input buffers and scalars. A buffer of another
// shape than the iteration space (a broadcast operand) is read through a layout: strides over
// the iteration dimensions, 0 along broadcast ones. Before the kernel is sealed the dimensions
// are simplified (size-1 ones dropped, adjacent ones merged where every layout allows), so a
// kernel whose buffers all span the space contiguously reads them at the flat index, as a 1-D
// kernel does, and a broadcast kernel has the fewest dimensions its layouts need. A view
// (docs/views.md) is read through a layout of its own strides; its element offset is not part
// of the kernel: it is added to the buffer's address at launch (KernelPlan::input_offsets), so
// views that differ only in where they start share one compiled kernel.
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
        in.slot = input_slot(n);
        if (n->is_view || !(n->shape == plan_.shape))
          in.layout = layout_for(n->shape, n->is_view ? n->strides : ir::row_major_strides(n->shape));
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

  /// Gives the layouts their final form (see the file comment) and their sizes and strides
  /// scalar slots. Called once, after every root is visited.
  void finish_layouts() {
    if (layouts_.empty()) return;
    const Shape& space = plan_.shape;
    std::vector<std::int64_t> sizes;
    std::vector<std::vector<std::int64_t>> strides(layouts_.size());
    for (int d = 0; d < space.ndim(); ++d) {
      if (space[d] == 1) continue;
      // Dimension d continues the previous one for a layout when stepping the previous one
      // is the same as stepping d through all its size (the flat index always does).
      bool merge = !sizes.empty();
      for (std::size_t l = 0; merge && l < layouts_.size(); ++l)
        merge = strides[l].back() == layouts_[l][static_cast<std::size_t>(d)] * space[d];
      if (merge) sizes.back() *= space[d];
      else sizes.push_back(space[d]);
      for (std::size_t l = 0; l < layouts_.size(); ++l) {
        const std::int64_t stride = layouts_[l][static_cast<std::size_t>(d)];
        if (merge) strides[l].back() = stride;
        else strides[l].push_back(stride);
      }
    }
    if (sizes.empty()) {  // a one-element space
      sizes.push_back(1);
      for (auto& s : strides) s.push_back(0);
    }
    std::vector<std::int64_t> flat(sizes.size());
    std::int64_t step = 1;
    for (std::size_t d = sizes.size(); d-- > 0;) {
      flat[d] = step;
      step *= sizes[d];
    }
    // Each provisional layout becomes -1 (the flat index) or a kernel layout, shared by equal strides.
    std::vector<std::int32_t> final_index(layouts_.size(), -1);
    std::vector<std::size_t> kept;  // provisional index of each kernel layout
    for (std::size_t l = 0; l < layouts_.size(); ++l) {
      if (strides[l] == flat) continue;
      for (std::size_t k = 0; k < kept.size() && final_index[l] < 0; ++k)
        if (strides[kept[k]] == strides[l]) final_index[l] = static_cast<std::int32_t>(k);
      if (final_index[l] < 0) {
        final_index[l] = static_cast<std::int32_t>(kept.size());
        kept.push_back(l);
      }
    }
    for (ir::Instr& in : plan_.kernel.body)
      if (in.layout >= 0) in.layout = final_index[static_cast<std::size_t>(in.layout)];
    if (kept.empty()) return;
    ir::KernelIR& k = plan_.kernel;
    k.rank = static_cast<int>(sizes.size());
    k.shape_slot = push_sizes(sizes);
    for (std::size_t l : kept) {
      const std::int64_t inner = strides[l].back();
      k.layouts.push_back({push_sizes(strides[l]), inner == 1   ? ir::InnerStride::Unit
                                                   : inner == 0 ? ir::InnerStride::Zero
                                                                : ir::InnerStride::Runtime});
    }
  }

 private:
  /// Provisional layout of a buffer of `shape` and element strides `own` read over the whole
  /// iteration space: its strides aligned at the last dimension, 0 where it is broadcast.
  std::int32_t layout_for(const Shape& shape, const std::array<std::int64_t, kMaxDims>& own) {
    if (!broadcasts_to(shape, plan_.shape))
      throw Error("internal: a buffer of shape " + shape.to_string() + " in a kernel over " + plan_.shape.to_string() +
                  ", to which it does not broadcast");
    std::array<std::int64_t, kMaxDims> strides{};
    const int lead = plan_.shape.ndim() - shape.ndim();
    for (int d = shape.ndim() - 1; d >= 0; --d) {
      const int axis = lead + d;
      strides[static_cast<std::size_t>(axis)] = shape[d] == 1 ? 0 : own[static_cast<std::size_t>(d)];
    }
    for (std::size_t l = 0; l < layouts_.size(); ++l)
      if (layouts_[l] == strides) return static_cast<std::int32_t>(l);
    layouts_.push_back(strides);
    return static_cast<std::int32_t>(layouts_.size()) - 1;
  }

  std::int32_t input_slot(const ir::NodePtr& n) {
    const auto next = static_cast<std::int32_t>(plan_.inputs.size());
    if (n->offset != 0) {  // a view starting inside its buffer: one slot per (buffer, offset, type)
      for (std::size_t k = 0; k < plan_.inputs.size(); ++k)
        if (plan_.inputs[k] == n->buffer &&
            plan_.input_offsets[k] == n->offset * static_cast<std::int64_t>(size_of(n->dtype)) &&
            plan_.kernel.inputs[k] == n->dtype)
          return static_cast<std::int32_t>(k);
      add_input(n);
      return next;
    }
    auto [slot, fresh] = input_slots_.emplace(n->buffer.get(), next);
    if (fresh) add_input(n);
    return slot;
  }
  void add_input(const ir::NodePtr& n) {
    plan_.inputs.push_back(n->buffer);
    plan_.input_offsets.push_back(n->offset * static_cast<std::int64_t>(size_of(n->dtype)));
    plan_.kernel.inputs.push_back(n->dtype);
  }

  /// Appends int64 scalar parameters; returns the first one's slot.
  std::int32_t push_sizes(const std::vector<std::int64_t>& values) {
    const auto first = static_cast<std::int32_t>(plan_.scalars.size());
    for (std::int64_t v : values) {
      plan_.scalars.push_back(static_cast<std::uint64_t>(v));
      plan_.kernel.scalars.push_back(DType::Int64);
    }
    return first;
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
  std::vector<std::array<std::int64_t, kMaxDims>> layouts_;  // provisional: strides over plan_.shape
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
  planner.finish_layouts();
  plan.kernel.seal();
  return plan;
}

}  // namespace sinter::fuse
