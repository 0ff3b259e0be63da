// The in-memory kernel cache: (device, kernel structure) -> compiled kernel. A repeated
// expression costs one hash lookup and one key comparison. Concurrent requests for the same
// kernel compile it once; the others wait for it.
#pragma once
#include <memory>

#include "backend.h"
#include "ir/kernel.h"

namespace sinter {

std::shared_ptr<const CompiledKernel> find_or_compile(Backend& backend, const ir::KernelIR& kernel);

/// Drops every cached kernel (tests use this to force recompiles).
void clear_kernel_cache();

}  // namespace sinter
