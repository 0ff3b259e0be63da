// The library side of memory lent to the application (data(), device_pointer(), to_dlpack).
#pragma once
#include <string>

#include "ir/node.h"

namespace sinter::detail {

/// The Buffer node holding `n`'s elements (evaluated first), made ready for the application to
/// read and write: pending arrays that read its memory are computed, and this thread's current
/// stream is ordered after its writer. Throws ValueError for const or read-only memory; `what`
/// names the call.
ir::NodePtr lent_leaf(const ir::NodePtr& n, const char* what);

/// "(4, 1)": the strides of Buffer node `leaf` in elements, for messages.
std::string strides_of(const ir::Node& leaf);

}  // namespace sinter::detail
