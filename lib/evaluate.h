// Evaluation: materializes pending nodes by planning a kernel, finding or compiling it, and
// launching it on the nodes' device.
#pragma once
#include <span>

#include "ir/node.h"

namespace sinter {

/// Computes every pending node among `roots` (one kernel per iteration space) and records
/// the results on the nodes. Nodes already computed are skipped.
void evaluate(std::span<const ir::NodePtr> roots);

/// Runs the scan kernel of `reduction` (fuse::plan_scan: a pending sum, prod, min or max over
/// one axis, or over all axes of its operand), first computing what its operand needs; returns
/// the buffer of running values, of the operand's shape, or null when fuse::plan_scan makes no
/// scan kernel of it. The reduction node itself stays pending.
std::shared_ptr<ir::Buffer> evaluate_scan(const ir::NodePtr& reduction);

/// Writes `value` (same shape, type and device as `target`) into the elements of `target`, a
/// Buffer node (a view or a whole array), in place, as NumPy's `target[...] = value`. Pending
/// arrays that read the target's memory are computed first (they keep its old elements); a value
/// that reads the target's memory other than element by element is computed into a temporary
/// first (docs/views.md: writes and aliasing).
void write(const ir::NodePtr& target, const ir::NodePtr& value);

}  // namespace sinter
