// The reference interpreter: evaluates kernel IR one element at a time, in the simplest code,
// in double (rounded to float32 after each float32 op) and int64 (wrapped to int32). It is the
// oracle every backend is tested against. Host memory only.
#pragma once
#include "ir/kernel.h"

namespace sinter {

void interpret(const ir::KernelIR& kernel, const ir::KernelArgs& args);

}  // namespace sinter
