// Evaluation: plan under the graph lock, compile and launch outside it, then record results.
#include "evaluate.h"

#include <vector>

#include "backend.h"
#include "counters_internal.h"
#include "fuse/plan.h"
#include "kernel_cache.h"
#include "stream_state.h"

namespace sinter {
namespace {

// Plans a kernel for the pending roots, first evaluating pending nodes of another shape that
// they depend on. Returns an empty plan when nothing is pending.
fuse::KernelPlan plan_pending(std::span<const ir::NodePtr> roots) {
  for (;;) {
    std::vector<ir::NodePtr> foreign;
    {
      std::lock_guard lock(ir::graph_mutex());
      auto is_pending = [](const ir::NodePtr& r) { return !r->is_leaf() && !r->materialized; };
      // One root (the usual call) needs no filtered copy.
      std::vector<ir::NodePtr> filtered;
      std::span<const ir::NodePtr> pending = roots;
      if (roots.size() != 1 || !is_pending(roots.front())) {
        for (const auto& r : roots)
          if (is_pending(r)) filtered.push_back(r);
        pending = filtered;
      }
      if (pending.empty()) return {};
      foreign = fuse::foreign_shaped_pending(pending, pending.front()->shape);
      if (foreign.empty()) return fuse::plan_kernel(pending);
    }
    evaluate(foreign);
  }
}

}  // namespace

void evaluate(std::span<const ir::NodePtr> roots) {
  // Roots of different shapes or devices go into separate kernels.
  std::vector<ir::NodePtr> group;
  std::vector<ir::NodePtr> rest;
  std::span<const ir::NodePtr> same = roots;  // one root (the usual call): no copies
  if (roots.size() > 1) {
    for (const auto& r : roots) {
      if (group.empty() || (r->shape == group.front()->shape && r->device == group.front()->device)) group.push_back(r);
      else rest.push_back(r);
    }
    if (!rest.empty()) evaluate(rest);
    same = group;
  }
  if (same.empty()) return;

  fuse::KernelPlan plan = plan_pending(same);
  if (plan.outputs.empty()) return;

  Backend& backend = backend_for(plan.device);
  const std::shared_ptr<detail::StreamState>& stream = detail::current_stream_state(plan.device);
  const ir::StreamId stream_id = stream ? stream->id : ir::kDefaultStream;
  const std::int64_t n = plan.shape.numel();
  std::vector<std::shared_ptr<ir::Buffer>> results;
  results.reserve(plan.outputs.size());
  for (std::size_t k = 0; k < plan.outputs.size(); ++k) {
    results.push_back(
        backend.allocate_on(static_cast<std::size_t>(n) * size_of(plan.kernel.output_dtype(k)), stream_id));
    results.back()->stream_owner = stream;
  }

  if (n > 0) {
    auto kernel = find_or_compile(backend, plan.kernel);
    ir::KernelArgs args;
    args.buffers.reserve(plan.inputs.size() + results.size());
    for (std::size_t k = 0; k < plan.inputs.size(); ++k)  // a view's offset moves its address
      args.buffers.push_back(static_cast<char*>(plan.inputs[k]->data) + plan.input_offsets[k]);
    for (const auto& b : results) args.buffers.push_back(b->data);
    args.scalars = std::move(plan.scalars);
    args.n = n;
    args.reduce_n = plan.reduce_n;
    args.stream = stream_id;
    backend.order_reads(plan.inputs, stream_id);
    backend.launch(*kernel, args);
    detail::count_launch();
  }

  // Record results; release the operands (and the memory they hold) outside the lock.
  std::vector<ir::NodePtr> released;
  released.reserve(plan.outputs.size() * 3);
  {
    std::lock_guard lock(ir::graph_mutex());
    for (std::size_t k = 0; k < plan.outputs.size(); ++k) {
      ir::Node& node = *plan.outputs[k];
      if (node.materialized) continue;  // another thread got there first
      node.materialized = ir::make_buffer(results[k], node.dtype, node.shape);
      ir::unintern(node);
      for (std::size_t a = 0; a < node.num_operands; ++a) released.push_back(std::move(node.operands[a]));
      node.num_operands = 0;
    }
  }
}

}  // namespace sinter
