// The reference interpreter: evaluates kernel IR one element at a time, in the simplest code,
// in double (rounded to float32 after each float32 op) and int64 (wrapped to the integer type). It is the
// oracle every backend is tested against. Host memory only.
#pragma once
#include <cstdint>
#include <vector>

#include "fuse/plan.h"
#include "ir/kernel.h"

namespace sinter {

void interpret(const ir::KernelIR& kernel, const ir::KernelArgs& args);
/// Elements [begin, end) only (chunks of one kernel may run on several threads).
void interpret(const ir::KernelIR& kernel, const ir::KernelArgs& args, std::int64_t begin, std::int64_t end);

/// Runs a planned kernel through the interpreter on host copies of its inputs (from any
/// device) and returns each output's elements as bytes, in plan.outputs order. Used as the
/// oracle by the tests and the fuzzer.
std::vector<std::vector<std::uint8_t>> interpret_plan(const fuse::KernelPlan& plan);

}  // namespace sinter
