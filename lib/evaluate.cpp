// Evaluation: plan under the graph lock, compile and launch outside it, then record results.
#include "evaluate.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "backend.h"
#include "counters_internal.h"
#include "frontend/trace.h"
#include "fuse/plan.h"
#include "index_errors.h"
#include "kernel_cache.h"
#include "stream_state.h"

namespace sinter {
namespace {

// Kernels of at most about this many instructions. The CPU and CUDA compilers take time that
// grows faster than the kernel's size (LLVM's machine scheduler on one long basic block: 0.1 ms
// per instruction up to about 2000, 0.16 at 8000), so a longer pending graph (possible with a
// raised SINTER_MAX_PENDING) is computed in pieces, whose compile time adds up linearly.
constexpr std::uint32_t kMaxKernelNodes = 2048;

// Pending nodes under `roots` to compute first, in order, so that each kernel has about
// kMaxKernelNodes instructions: every kMaxKernelNodes-th node of a depth-first walk (operands
// first; explicit stack, the graph may be a million nodes deep), never a root.
std::vector<ir::NodePtr> split_points(std::span<const ir::NodePtr> roots) {
  std::vector<ir::NodePtr> cuts;
  bool long_graph = false;
  for (const auto& r : roots) long_graph = long_graph || r->pending_size > kMaxKernelNodes;
  if (!long_graph) return cuts;
  std::lock_guard lock(ir::graph_mutex());
  std::unordered_set<const ir::Node*> seen;
  std::vector<std::pair<const ir::NodePtr*, std::size_t>> stack;  // a node and its next operand
  std::uint32_t since_cut = 0;
  for (const auto& r : roots) {
    const ir::NodePtr& top = ir::resolved(r);
    if (!top->is_pending() || !seen.insert(top.get()).second) continue;
    stack.emplace_back(&top, 0);
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < (*node)->num_operands) {
        const ir::NodePtr& operand = ir::resolved((*node)->operands[next++]);
        if (operand->is_pending() && seen.insert(operand.get()).second) stack.emplace_back(&operand, 0);
        continue;
      }
      const ir::NodePtr& done = *node;
      stack.pop_back();
      // Never a node inside a loop's body (it needs the loop's values) nor a region node itself.
      if (++since_cut >= kMaxKernelNodes && !stack.empty() && !done->device_free && done->param_depths == 0 &&
          done->op != Op::Loop && done->op != Op::If && done->op != Op::Fold) {
        cuts.push_back(done);
        since_cut = 0;
      }
    }
  }
  return cuts;
}

// Plans a kernel for the pending roots, first evaluating pending nodes of another shape that
// they depend on. Returns an empty plan when nothing is pending.
fuse::KernelPlan plan_pending(std::span<const ir::NodePtr> roots) {
  for (;;) {
    std::vector<ir::NodePtr> foreign;
    {
      std::lock_guard lock(ir::graph_mutex());
      // One root (the usual call) needs no filtered copy.
      std::vector<ir::NodePtr> filtered;
      std::span<const ir::NodePtr> pending = roots;
      if (roots.size() != 1 || !roots.front()->is_pending()) {
        for (const auto& r : roots)
          if (r->is_pending()) filtered.push_back(r);
        pending = filtered;
      }
      if (pending.empty()) return {};
      const ir::Node* reduction = nullptr;
      fuse::RowGeometry rows;
      const bool row_kernels = backend_for(pending.front()->device).runs_row_kernels();
      foreign =
          fuse::foreign_shaped_pending(pending, pending.front()->shape, &reduction, row_kernels ? &rows : nullptr);
      if (foreign.empty()) return fuse::plan_kernel(pending, reduction, rows);
    }
    // Loop and if results that a reduction kernel would compute per output (fuse/plan.h) form a
    // kernel of their own: with the reductions (of their shape) they would make one again.
    std::vector<ir::NodePtr> results;
    std::erase_if(foreign, [&](const ir::NodePtr& n) {
      if (n->op != Op::Result) return false;
      results.push_back(n);
      return true;
    });
    evaluate(foreign);
    evaluate(results);
  }
}

/// Allocates the plan's outputs (output 0 of a write is its target), compiles or finds its
/// kernel and launches it. Returns the output buffers.
std::vector<std::shared_ptr<ir::Buffer>> launch(fuse::KernelPlan& plan) {
  Backend& backend = backend_for(plan.device);
  const std::shared_ptr<detail::StreamState>& stream = detail::current_stream_state(plan.device);
  const ir::StreamId stream_id = stream ? stream->id : ir::kDefaultStream;
  const std::int64_t n = plan.shape.numel();
  std::vector<std::shared_ptr<ir::Buffer>> results;
  results.reserve(plan.outputs.size());
  for (std::size_t k = 0; k < plan.outputs.size(); ++k) {
    if (k == 0 && plan.write_target) {
      results.push_back(plan.write_target);
      continue;
    }
    // Each output has its node's shape: the kernel's, or a row kernel's per-row shape; a scan
    // writes an element per element of its rows.
    const std::int64_t elements = plan.kernel.is_scan() ? n * plan.reduce_n : plan.outputs[k]->shape.numel();
    results.push_back(
        backend.allocate_on(static_cast<std::size_t>(elements) * size_of(plan.kernel.output_dtype(k)), stream_id));
    results.back()->stream_owner = stream;
  }

  if (n > 0) {
    auto kernel = find_or_compile(backend, plan.kernel);
    std::shared_ptr<ir::Buffer> error_word;  // index checks (ir/indexing.h): zero, set by a bad index
    if (plan.error_slot >= 0) {
      error_word = backend.allocate_on(sizeof(std::int32_t), stream_id);
      const std::int32_t zero = 0;
      backend.copy_from_host(*error_word, &zero, sizeof zero);
      plan.inputs[static_cast<std::size_t>(plan.error_slot)] = error_word;
    }
    ir::KernelArgs args;
    args.buffers.reserve(plan.inputs.size() + results.size());
    for (std::size_t k = 0; k < plan.inputs.size(); ++k)  // a view's offset moves its address
      args.buffers.push_back(static_cast<char*>(plan.inputs[k]->data) + plan.input_offsets[k]);
    for (std::size_t k = 0; k < results.size(); ++k)
      args.buffers.push_back(static_cast<char*>(results[k]->data) + (k == 0 ? plan.write_offset : 0));
    args.scalars = std::move(plan.scalars);
    args.n = plan.kernel.is_row_kernel() ? plan.rows : n;  // a row kernel's unit is the row
    args.reduce_n = plan.reduce_n;
    args.stream = stream_id;
    if (plan.write_target) {  // the write also waits for the work that wrote its target
      std::vector<std::shared_ptr<ir::Buffer>> reads = plan.inputs;
      reads.push_back(plan.write_target);
      backend.order_reads(reads, stream_id);
    } else {
      backend.order_reads(plan.inputs, stream_id);
    }
    backend.launch(*kernel, args);
    detail::count_launch();
    if (error_word) {  // waits for the kernel: its results must not be used when an index was bad
      std::int32_t bad = 0;
      backend.copy_to_host(&bad, *error_word, sizeof bad);
      if (bad != 0) throw_index_error(plan);
    }
  }
  return results;
}

// Inside a traced while_loop or if_then_else (include/sinter/control.h) no kernel may run: the
// arrays there stand for per-element values, and computing one on the host to decide what to
// trace would be data-dependent host control flow.
void refuse_inside_trace(const char* what) {
  const char* function = detail::tracing_function();
  if (!function) return;
  throw Error(std::string(function) + ": " + what +
              " inside its lambdas: they are traced once and run per element, so the host cannot read or compute "
              "their values (data-dependent host control flow); branch per element with if_then_else or where, "
              "and read results after the " +
              function + " call");
}

}  // namespace

void evaluate(std::span<const ir::NodePtr> roots) {
  if (detail::tracing_function()) {
    bool pending = false;
    {
      std::lock_guard lock(ir::graph_mutex());
      // A loop's or a traced function's parameter is a leaf, but stands for values the host cannot read.
      for (const auto& r : roots)
        pending = pending || ir::resolved(r)->is_pending() || ir::resolved(r)->op == Op::Param;
    }
    if (pending) refuse_inside_trace("evaluating an array (to_vector, at, item, eval, a view of a pending array)");
  }
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
  for (const ir::NodePtr& cut : split_points(same)) evaluate(std::span<const ir::NodePtr>(&cut, 1));

  fuse::KernelPlan plan = plan_pending(same);
  if (plan.outputs.empty()) return;

  const std::vector<std::shared_ptr<ir::Buffer>> results = launch(plan);
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
      if (node.op == Op::Gather) node.buffer.reset();  // its source, no longer read
    }
  }
}

std::shared_ptr<ir::Buffer> evaluate_scan(const ir::NodePtr& reduction) {
  refuse_inside_trace("a scan (cumsum, cumprod, cummax, cummin)");
  for (const ir::NodePtr& cut : split_points(std::span<const ir::NodePtr>(&reduction, 1)))
    evaluate(std::span<const ir::NodePtr>(&cut, 1));
  for (;;) {
    std::vector<ir::NodePtr> foreign;
    fuse::KernelPlan plan;
    {
      std::lock_guard lock(ir::graph_mutex());
      foreign = fuse::foreign_shaped_pending(std::span<const ir::NodePtr>(&reduction, 1), reduction->shape);
      if (foreign.empty()) plan = fuse::plan_scan(reduction);
    }
    if (!foreign.empty()) {
      evaluate(foreign);
      continue;
    }
    if (plan.outputs.empty()) return nullptr;  // fuse::plan_scan found no scan kernel
    return launch(plan).front();
  }
}

void write(const ir::NodePtr& target, const ir::NodePtr& value) {
  refuse_inside_trace("writing into an array");
  std::vector<ir::NodePtr> readers;
  {
    std::lock_guard lock(ir::graph_mutex());
    readers = ir::pending_readers(*target->buffer);
  }
  evaluate(readers);
  for (const ir::NodePtr& cut : split_points(std::span<const ir::NodePtr>(&value, 1)))
    evaluate(std::span<const ir::NodePtr>(&cut, 1));
  ir::NodePtr source = value;
  for (;;) {
    std::vector<ir::NodePtr> foreign;
    fuse::KernelPlan plan;
    bool copy_first = false;
    {
      std::lock_guard lock(ir::graph_mutex());
      const ir::NodePtr pending_root = source->is_leaf() || source->materialized ? nullptr : source;
      if (pending_root)
        foreign = fuse::foreign_shaped_pending(std::span<const ir::NodePtr>(&pending_root, 1), source->shape);
      if (foreign.empty()) {
        plan = fuse::plan_write(target, source);
        // A value with index checks is computed first too: a bad index must leave the target as it was.
        copy_first = !fuse::write_reads_only_its_own_elements(plan) || plan.error_slot >= 0;
      }
    }
    if (!foreign.empty()) {
      evaluate(foreign);
      continue;
    }
    if (copy_first) {  // NumPy's rule for overlapping memory: the value as it was, then the write
      source = ir::make_broadcast(source, source->shape, source->device);
      evaluate(std::span<const ir::NodePtr>(&source, 1));
      continue;
    }
    const std::vector<std::shared_ptr<ir::Buffer>> results = launch(plan);
    std::vector<ir::NodePtr> released;
    {
      std::lock_guard lock(ir::graph_mutex());
      for (std::size_t k = 1; k < plan.outputs.size(); ++k) {
        ir::Node& node = *plan.outputs[k];
        if (node.materialized) continue;
        node.materialized = ir::make_buffer(results[k], node.dtype, node.shape);
        ir::unintern(node);
        for (std::size_t a = 0; a < node.num_operands; ++a) released.push_back(std::move(node.operands[a]));
        node.num_operands = 0;
      }
    }
    return;
  }
}

}  // namespace sinter
