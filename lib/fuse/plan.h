// The fusion planner: turns the pending subgraph under a set of roots into one kernel.
// Input: nodes to materialize. Output: kernel IR (the cache key) plus the run-time bindings
// (buffers, scalar values, size) and the nodes each output materializes.
#pragma once
#include <memory>
#include <span>
#include <vector>

#include "ir/kernel.h"
#include "ir/node.h"

namespace sinter::fuse {

struct KernelPlan {
  ir::KernelIR kernel;
  std::vector<std::shared_ptr<ir::Buffer>> inputs;  // kept alive until the launch is done
  std::vector<std::int64_t> input_offsets;          // bytes added to each input's address (views)
  std::vector<std::uint64_t> scalars;
  std::vector<ir::NodePtr> outputs;  // node materialized by each output
  Shape shape;                       // the iteration space
  Device device;
};

/// Pending nodes under `roots` whose shape differs from `shape`: they must be materialized by a
/// kernel of their own before `roots` can be planned. Caller holds ir::graph_mutex().
std::vector<ir::NodePtr> foreign_shaped_pending(std::span<const ir::NodePtr> roots, const Shape& shape);

/// Plans one kernel computing every pending root. Every pending interior node that an Array
/// handle still refers to becomes an extra output (computed once, written once). Materialized
/// nodes and buffers become inputs. Caller holds ir::graph_mutex().
KernelPlan plan_kernel(std::span<const ir::NodePtr> roots);

}  // namespace sinter::fuse
