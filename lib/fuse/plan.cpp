// Fusion planner: a depth-first walk of the pending graph that emits instructions in dependency
// order, deduplicating shared subexpressions, input buffers and scalars.
#include "fuse/plan.h"

#include <unordered_map>

#include "sinter/error.h"

namespace sinter::fuse {
namespace {

bool is_pending(const ir::Node& n) { return !n.is_leaf() && !n.materialized; }

class Planner {
 public:
  explicit Planner(KernelPlan& plan) : plan_(plan) {}

  std::int32_t visit(const ir::NodePtr& node, bool is_root) {
    const ir::NodePtr& n = ir::resolved(node);
    if (auto it = emitted_.find(n.get()); it != emitted_.end()) {
      if (is_root) add_output(n, it->second);
      return it->second;
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
    auto [it, fresh] = input_slots_.emplace(n->buffer.get(), static_cast<std::int32_t>(plan_.inputs.size()));
    if (fresh) {
      plan_.inputs.push_back(n->buffer);
      plan_.kernel.inputs.push_back(n->dtype);
    }
    return it->second;
  }

  void add_output(const ir::NodePtr& n, std::int32_t index) {
    if (!is_pending(*n)) return;
    for (const auto& o : plan_.outputs)
      if (o == n) return;
    plan_.outputs.push_back(n);
    plan_.kernel.outputs.push_back(index);
  }

  KernelPlan& plan_;
  std::unordered_map<const ir::Node*, std::int32_t> emitted_;
  std::unordered_map<const ir::Buffer*, std::int32_t> input_slots_;
};

void collect_foreign(const ir::NodePtr& node, const Shape& shape, std::unordered_map<const ir::Node*, bool>& seen,
                     std::vector<ir::NodePtr>& out) {
  const ir::NodePtr& n = ir::resolved(node);
  // Scalar expressions (device-free) are computed inline in any kernel.
  if (!is_pending(*n) || n->device_free || !seen.emplace(n.get(), true).second) return;
  if (!(n->shape == shape)) {
    out.push_back(n);
    return;
  }
  for (const auto& a : n->args()) collect_foreign(a, shape, seen, out);
}

}  // namespace

std::vector<ir::NodePtr> foreign_shaped_pending(std::span<const ir::NodePtr> roots, const Shape& shape) {
  std::unordered_map<const ir::Node*, bool> seen;
  std::vector<ir::NodePtr> out;
  for (const auto& r : roots) {
    const ir::NodePtr& n = ir::resolved(r);
    if (!is_pending(*n)) continue;
    seen.emplace(n.get(), true);
    for (const auto& a : n->args()) collect_foreign(a, shape, seen, out);
  }
  return out;
}

KernelPlan plan_kernel(std::span<const ir::NodePtr> roots) {
  KernelPlan plan;
  plan.shape = roots.front()->shape;
  plan.device = roots.front()->device;
  Planner planner(plan);
  for (const auto& r : roots) planner.visit(r, true);
  plan.kernel.seal();
  return plan;
}

}  // namespace sinter::fuse
