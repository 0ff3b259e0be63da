// What every part of the LLVM lowering of one kernel shares: the kernel and its reductions, the
// module and its IRBuilder, and the values of the function being written (its buffer and scalar
// parameters, each layout's element index at the current iteration, the fast sin/cos flag).
// The parts (instruction_spelling, element_loops, column_reduction, reduction_entry) take it by
// reference and write into the builder in turn; internal to codegen/llvm.
#pragma once
#include <llvm/IR/IRBuilder.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "codegen/llvm/kernel_reductions.h"
#include "ir/kernel.h"

namespace sinter::llvm_backend {

/// The LLVM type of a dtype's values in registers (a bool is an i1).
llvm::Type* value_type(llvm::LLVMContext& c, DType t);
/// In memory a bool is a byte.
llvm::Type* memory_type(llvm::LLVMContext& c, DType t);

struct LoweringContext {
  LoweringContext(const ir::KernelIR& kernel_ir, llvm::Module& into, unsigned bits);

  const ir::KernelIR& kernel;
  const KernelReductions reductions;
  llvm::Module& module;
  llvm::LLVMContext& context;
  llvm::IRBuilder<> builder;
  const unsigned vector_bits;  // lower_to_llvm's vector_bits

  // The function being written.
  std::vector<llvm::Value*> buffers;     // buffer addresses (inputs, then outputs)
  std::vector<llvm::Value*> scalars;     // scalar parameters
  std::vector<llvm::Value*> layouts_at;  // per layout: the element index of the current iteration
  bool fast_trig = false;                // sin and cos as sinter's polynomials (vector_math.h), else libm's
  llvm::Value* huge = nullptr;           // with fast_trig: the running "some argument needs libm" flag (i1)

  std::size_t num_buffers() const { return kernel.inputs.size() + kernel.outputs.size(); }
  /// A scalar parameter of the function being written (sizes and strides are scalars too).
  llvm::Value* param(std::int32_t slot) const { return scalars[static_cast<std::size_t>(slot)]; }

  /// An internal function (`leading` i64 parameters, the kernel's buffers (noalias), its
  /// scalars, then `trailing`) returning i1 when `fast` sets fast_trig (true when some sin/cos argument
  /// needs libm) else void; buffers and scalars point at its parameters. A rare body (the libm
  /// redo) is kept scalar, out of line and small: it costs little compile time.
  llvm::Function* create_body_function(const char* name, unsigned leading, const std::vector<llvm::Type*>& trailing,
                                       bool fast, bool rare);

  /// The index of a body function's first trailing parameter.
  unsigned first_trailing(unsigned leading) const {
    return static_cast<unsigned>(leading + num_buffers() + kernel.scalars.size());
  }

  /// In an entry point: buffers and scalars loaded from the arrays of buffer addresses and of
  /// 8-byte scalar slots it was called with.
  void load_parameters(llvm::Value* buffer_array, llvm::Value* scalar_array);
};

}  // namespace sinter::llvm_backend
