// The reduction instructions of a kernel (ir/kernel.h), numbered k = 0, 1, ... in body order,
// with what their LLVM lowering asks of each: operand and accumulator types (ir/reduce.h) and
// whether a position is kept. Empty for an elementwise kernel.
#pragma once
#include <cstddef>
#include <vector>

#include "ir/kernel.h"
#include "ir/reduce.h"

namespace sinter::llvm_backend {

class KernelReductions {
 public:
  explicit KernelReductions(const ir::KernelIR& kernel) : kernel_(kernel) {
    for (std::size_t j = 0; j < kernel.body.size(); ++j)
      if (is_reduction(kernel.body[j].op)) instructions_.push_back(j);
  }

  bool empty() const { return instructions_.empty(); }
  std::size_t size() const { return instructions_.size(); }
  const ir::Instr& instruction(std::size_t k) const { return kernel_.body[instructions_[k]]; }
  Op op(std::size_t k) const { return instruction(k).op; }
  /// The body index of the instruction reduction k folds.
  std::size_t operand(std::size_t k) const { return static_cast<std::size_t>(instruction(k).args[0]); }
  DType operand_dtype(std::size_t k) const { return kernel_.body[operand(k)].dtype; }
  DType acc_dtype(std::size_t k) const { return ir::accumulator_dtype(op(k), operand_dtype(k)); }
  /// argmin and argmax keep a position beside their value.
  bool has_position(std::size_t k) const { return op(k) == Op::ArgMin || op(k) == Op::ArgMax; }
  /// The min or max an arg reduction's block pass folds into.
  Op extreme_op(std::size_t k) const { return op(k) == Op::ArgMin ? Op::Min : Op::Max; }

  bool has_arg_reduction() const {
    for (std::size_t k = 0; k < size(); ++k)
      if (has_position(k)) return true;
    return false;
  }

  /// Whether some reduction folds float32 elements into a float64 accumulator (ir/reduce.h).
  bool widens_float32() const {
    for (std::size_t k = 0; k < size(); ++k)
      if (operand_dtype(k) == DType::Float32 && acc_dtype(k) == DType::Float64) return true;
    return false;
  }

 private:
  const ir::KernelIR& kernel_;
  std::vector<std::size_t> instructions_;
};

}  // namespace sinter::llvm_backend
