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
  // A write (plan_write): output 0 goes into this existing buffer, from this byte offset, and
  // outputs[0] is the target view (materialized already).
  std::shared_ptr<ir::Buffer> write_target;
  std::int64_t write_offset = 0;
  Shape shape;                // the outputs' shape (an elementwise kernel's iteration space)
  std::int64_t reduce_n = 1;  // a reduction kernel: elements reduced into each output; a row kernel: the row length
  std::int64_t rows = 0;      // a row kernel: its rows
  Device device;
  // Index checks (ir/indexing.h): the input slot of the kernel's error word (int32, zero before
  // the launch, set by any index out of range; inputs[error_slot] is null until launch allocates
  // it), or -1 without checks; and per check, in the kernel's order, the index it checks and the
  // size of its axis, for the message (evaluate.cpp).
  std::int32_t error_slot = -1;
  struct IndexCheck {
    ir::NodePtr index;
    std::int64_t size;
  };
  std::vector<IndexCheck> index_checks;
};

/// The longest row a row kernel (ir/kernel.h) takes: 64 K elements, 256 KiB of float32, which
/// stays in a CPU core's L2 cache between the phases. Longer rows are planned as before: each
/// reduction by a kernel of its own.
constexpr std::int64_t kMaxRowLength = std::int64_t{1} << 16;

/// Pending nodes under `roots` (of shape `shape`) that must be materialized by kernels of their
/// own before `roots` can be planned: nodes of another shape, reductions of another geometry
/// than the first one found, and, inside a reduction's operand, reductions and nodes that Array
/// handles refer to. Caller holds ir::graph_mutex().
/// `reduction`, when given, receives the reduction whose geometry the kernel would have (or null).
/// A row kernel's geometry (ir/kernel.h): the shape its rows come from and the first of the
/// trailing axes they span (-1: not a row kernel).
struct RowGeometry {
  int from = -1;
  Shape space;
};

/// `rows`, when given, allows a row kernel: per-row values (keepdims reductions over the
/// trailing axes from some axis on, and elementwise ops over them) are then not foreign, and it
/// receives the row kernel's geometry. The roots are then either of the rows' shape (softmax:
/// their last phase writes elements) or per-row values themselves (a variance of centered rows,
/// log-sum-exp: every phase reduces, the last writes per-row values).
std::vector<ir::NodePtr> foreign_shaped_pending(std::span<const ir::NodePtr> roots, const Shape& shape,
                                                const ir::Node** reduction = nullptr, RowGeometry* rows = nullptr);

/// Plans one kernel computing every pending root: a reduction kernel when they depend on
/// reductions (ir/kernel.h). Every pending interior node that an Array handle still refers to
/// becomes an extra output (computed once, written once). Materialized nodes and buffers become
/// inputs. Caller holds ir::graph_mutex().
KernelPlan plan_kernel(std::span<const ir::NodePtr> roots);
/// The same, with the reduction foreign_shaped_pending reported (saves walking the graph again),
/// or with its row geometry (from >= 0: a row kernel).
KernelPlan plan_kernel(std::span<const ir::NodePtr> roots, const ir::Node* reduction, const RowGeometry& rows = {});

/// Plans the scan kernel (ir/kernel.h; docs/scans.md) of `reduction`, a pending sum, prod, min or
/// max without keepdims: its operand's expression is computed per element and output 0 is the
/// running reduction after each element, of the operand's shape (row-major). Over one axis, or
/// over every axis (the flattened operand) where they merge into one dimension; where they do not,
/// returns an empty plan (no outputs). Caller holds ir::graph_mutex() and has evaluated the
/// reduction's foreign nodes.
KernelPlan plan_scan(const ir::NodePtr& reduction);

/// Plans the kernel that writes `value` (of the target's shape and type, pending or not) into the
/// elements of `target`, a Buffer node (a view or a whole array), in place: output 0, through the
/// target's strides. Caller holds ir::graph_mutex() and has evaluated `value`'s foreign nodes.
KernelPlan plan_write(const ir::NodePtr& target, const ir::NodePtr& value);

/// True when the write kernel `plan` reads its target's buffer only at the element each
/// iteration writes (in-place `x += y`); false when it reads it elsewhere too (an overlapping
/// view: the value must be computed into a temporary first).
bool write_reads_only_its_own_elements(const KernelPlan& plan);

}  // namespace sinter::fuse
