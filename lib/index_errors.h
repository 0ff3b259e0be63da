// The message of a kernel whose index checks failed (ir/indexing.h): the kernel only sets its
// error word; the first bad index and its position are found afterwards, on the host, from the
// index arrays the plan recorded. Slow, and only on the error path.
#pragma once
#include "fuse/plan.h"

namespace sinter {

/// Throws IndexError naming the first index out of range among the plan's index checks (in the
/// kernel's order), its position in its index array and the axis size. Called by the launch
/// when the kernel's error word is set; InternalError when no check finds a bad index.
[[noreturn]] void throw_index_error(const fuse::KernelPlan& plan);

}  // namespace sinter
