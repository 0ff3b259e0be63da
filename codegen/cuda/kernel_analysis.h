// What the two CUDA lowerings (elementwise: lower_to_cuda.cpp; reductions:
// lower_reduction_to_cuda.cpp) share: the checked view of a kernel's IR (its pointer operands,
// live instructions and the buffers and scalars they read) and the spelling of one instruction
// as a named value. Internal to codegen/cuda.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codegen/cuda/lower_to_cuda.h"
#include "ir/kernel.h"

namespace sinter::gpu {

/// The pointer operands of a kernel: the inputs, then the outputs, in buffer-slot order.
struct Operand {
  std::string name;  // in0, in1, ..., out0, ...
  DType dtype;
  bool is_output;
  std::size_t slot;  // input slot, or output index
};

/// Everything the emitters need, computed once from the IR.
struct KernelShape {
  std::string name;
  std::vector<Operand> operands;
  std::vector<bool> live;        // per instruction: reachable from an output
  std::vector<bool> input_used;  // per input slot: read by a live Buffer instruction
  std::vector<bool>
      scalar_used;  // per scalar slot: read by a live Scalar instruction (per element in a reduction kernel)
  std::vector<std::pair<std::size_t, int>> reads;  // (input slot, layout) pairs read by live (per-element) instructions
  // A reduction kernel's per-output instructions: what they read, apart from the above.
  std::vector<bool> output_scalar_used;
  std::vector<std::pair<std::size_t, int>> output_reads;
  int elements = 4;  // per thread per trip of the vectorized loop
  /// Whether the element function is __forceinline__ rather than one __noinline__ copy: inlined
  /// unless a live per-element instruction calls the math library (or the options force it).
  /// Arithmetic alone is a few instructions, and a call per element costs it 20% of the copy
  /// bandwidth on an H200; math-library bodies are long and, inlined into every unrolled element
  /// and the tail, make NVRTC 2-3x slower (docs/cuda.md, "Element function").
  bool inline_element = true;

  /// The element function's qualifier: "__forceinline__" or "__noinline__".
  std::string_view element_inlining() const { return inline_element ? "__forceinline__" : "__noinline__"; }
};

/// Appends `pieces` to `s`: generated lines without a temporary string per `+`.
inline void put(std::string& s, std::initializer_list<std::string_view> pieces) {
  for (std::string_view piece : pieces) s.append(piece);
}

/// Throws CompileError naming the kernel, saying why, with its IR listing.
[[noreturn]] void invalid(const ir::KernelIR& kernel, const std::string& why);

/// Checks the IR (operand order, slots, types, layouts, options) and collects the KernelShape.
KernelShape analyse(const ir::KernelIR& kernel, const CudaCodegenOptions& options);

/// The name under which an element function receives input `slot` read through `layout` (-1: at i).
std::string read_name(std::size_t slot, int layout);

/// The named value of instruction i: "v<i>".
std::string value_name(std::size_t instruction);

/// The right-hand side of the statement defining instruction i (not a reduction).
std::string spell(const ir::KernelIR& kernel, std::size_t i);

/// The statements of one element's instructions (the live ones with this per_output), each
/// `const T v<i> = ...;` at two spaces' indent; control flow (ir/kernel.h) as a real
/// `while (true) { ... if (!going) break; ... }` and `if (c) { ... } else { ... }` with the states
/// and results as variables declared before them.
std::string element_statements(const ir::KernelIR& kernel, const KernelShape& shape, bool per_output);

/// The IR listing, one "// " line per line.
std::string ir_listing_as_comment(const ir::KernelIR& kernel);

/// The buffer and scalar parameters every entry point starts with: "const float* __restrict__ in0, ..., float s0, ".
std::string pointer_and_scalar_params(const ir::KernelIR& kernel, const KernelShape& shape);

/// The matching arguments: "in0, ..., s0, ".
std::string pointer_and_scalar_args(const ir::KernelIR& kernel, const KernelShape& shape);

}  // namespace sinter::gpu
