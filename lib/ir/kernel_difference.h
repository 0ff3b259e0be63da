// Why a kernel was compiled when one like it was cached: the first part in which two kernel
// structures differ, in words ("instruction 3: add, not sub"), and how alike they are. The
// kernel cache logs it at debug level for every miss (docs/caching.md, "Why did it compile?").
#pragma once
#include <string>

#include "ir/kernel.h"

namespace sinter::ir {

/// The first difference between `now` and `cached` in reading order (inputs, scalars, shape,
/// layouts, instructions, outputs), or "" when the structures are equal.
std::string first_difference(const KernelIR& now, const KernelIR& cached);

/// How alike two structures are: the parts (inputs, scalars, instructions, layouts, outputs,
/// rank) equal at equal positions. The cache explains a miss against its most alike entry.
int likeness(const KernelIR& a, const KernelIR& b);

}  // namespace sinter::ir
