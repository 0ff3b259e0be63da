// The control-flow structure of a kernel's IR: which markers open and close each loop and if,
// and where their values are (ir/kernel.h, "Control flow"). ir::verify checks the structure
// with it; the interpreter and the CUDA lowering read it to jump and to declare variables.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ir/kernel.h"

namespace sinter::ir {

/// One loop or if of a kernel, by instruction index.
struct ControlRegion {
  bool loop = false;
  std::int32_t begin = -1;   // LoopBegin or IfBegin
  std::int32_t middle = -1;  // LoopCond or IfElse
  std::int32_t end = -1;     // LoopEnd or IfEnd
  std::int32_t values = 0;   // a loop's states (begin + 1 ..), an if's results (end + 1 ..)
  std::int32_t parent = -1;  // the enclosing region, or -1
};

struct ControlFlow {
  std::vector<ControlRegion> regions;   // in the order they open
  std::vector<std::int32_t> region_of;  // per instruction: the region it is a marker, state or result of, or -1
  std::vector<std::int32_t> inside;     // per instruction: the innermost region whose body holds it, or -1
  bool empty() const { return regions.empty(); }
  const ControlRegion& of(std::size_t instruction) const {
    return regions[static_cast<std::size_t>(region_of[instruction])];
  }
};

/// The structure of `kernel`'s markers, checked: nesting, the order of states, conditions and
/// next values, their types, and that every operand is visible where it is used (an
/// instruction inside a region is not visible after it; a loop's states are, as its results).
/// Each problem is reported through `fail(instruction, why)`, which must throw.
ControlFlow control_flow(const KernelIR& kernel, const std::function<void(std::size_t, const std::string&)>& fail);

/// The same for a kernel ir::verify has accepted: throws InternalError on a problem.
ControlFlow control_flow(const KernelIR& kernel);

}  // namespace sinter::ir
