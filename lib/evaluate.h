// Evaluation: materializes pending nodes by planning a kernel, finding or compiling it, and
// launching it on the nodes' device.
#pragma once
#include <span>

#include "ir/node.h"

namespace sinter {

/// Computes every pending node among `roots` (one kernel per iteration space) and records
/// the results on the nodes. Nodes already computed are skipped.
void evaluate(std::span<const ir::NodePtr> roots);

}  // namespace sinter
