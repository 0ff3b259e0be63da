// Hand-built kernel IR shared by the CUDA tests: one kernel for every op of the catalogue with
// every dtype it accepts (op.h's accepts over kAllDTypes, so a new op or type is covered).
#pragma once
#include <initializer_list>
#include <vector>

#include "ir/kernel.h"
#include "kernel_builder.h"

namespace cuda_test {

using namespace sinter;

using test::KernelBuilder;

/// The dtypes an op's operands may have, from its type rule (op.h: accepts).
inline std::vector<DType> accepted_types(Op op) {
  std::vector<DType> types;
  for (DType t : kAllDTypes)
    if (accepts(op, t)) types.push_back(t);
  return types;
}

/// One kernel per (op, accepted dtype), reading its operands from input buffers; casts for every
/// (from, to) pair; leaves as kernels of their own.
inline std::vector<ir::KernelIR> kernels_for_every_op_and_dtype() {
  std::vector<ir::KernelIR> kernels;
  for (std::size_t o = 0; o < kOpInfo.size(); ++o) {
    const Op op = static_cast<Op>(o);
    const TypeRule rule = kOpInfo[o].rule;
    if (rule == TypeRule::Reduce) continue;  // reduction kernels: test_cuda_reduce_codegen.cpp
    if (rule == TypeRule::Control) continue;  // loops and ifs: test_control_flow.cpp
    if (op == Op::Buffer || op == Op::Scalar) {
      for (DType t : kAllDTypes) {
        KernelBuilder b;
        const int leaf = op == Op::Buffer ? b.input(t) : b.scalar(t);
        kernels.push_back(b.finish({leaf}));
      }
    } else if (op == Op::Index) {
      KernelBuilder b;
      kernels.push_back(b.finish({b.push(Op::Index, DType::Int64)}));
    } else if (rule == TypeRule::Cast) {
      for (DType from : kAllDTypes)
        for (DType to : kAllDTypes) {
          KernelBuilder b;
          const int x = b.input(from);
          kernels.push_back(b.finish({b.push(Op::Cast, to, {x})}));
        }
    } else if (rule == TypeRule::Select) {
      for (DType t : kAllDTypes) {
        KernelBuilder b;
        const int c = b.input(DType::Bool), x = b.input(t), y = b.input(t);
        kernels.push_back(b.finish({b.push(op, t, {c, x, y})}));
      }
    } else {
      for (DType t : accepted_types(op)) {
        KernelBuilder b;
        const DType result = result_dtype(op, t);
        const int x = b.input(t);
        const int r = kOpInfo[o].arity == 1   ? b.push(op, result, {x})
                      : kOpInfo[o].arity == 2 ? b.push(op, result, {x, b.input(t)})
                                              : b.push(op, result, {x, b.input(t), b.input(t)});
        kernels.push_back(b.finish({r}));
      }
    }
  }
  return kernels;
}

/// One reduction kernel per (reduction op, accepted operand dtype): a full reduction of input 0
/// (flat, rank 0) written as it is. The reductions of the catalogue come from its type rules.
inline std::vector<ir::KernelIR> reduction_kernels_for_every_op_and_dtype() {
  std::vector<ir::KernelIR> kernels;
  for (std::size_t o = 0; o < kOpInfo.size(); ++o) {
    if (kOpInfo[o].rule != TypeRule::Reduce) continue;
    const Op op = static_cast<Op>(o);
    for (DType t : accepted_types(op)) {
      KernelBuilder b;
      const int x = b.input(t);
      const int r = b.push(op, result_dtype(op, t), {x});
      b.k.body[static_cast<std::size_t>(r)].per_output = true;
      kernels.push_back(b.finish({r}));
    }
  }
  return kernels;
}

/// A fused kernel using scalars, the index, two outputs of different widths and an unused input.
inline ir::KernelIR mixed_kernel() {
  KernelBuilder b;
  const int x = b.input(DType::Float32);
  const int y = b.input(DType::Float64);
  const int mask = b.input(DType::Bool);
  b.input(DType::Int32);  // never read
  const int scale = b.scalar(DType::Float32);
  const int offset = b.scalar(DType::Int64);
  const int scaled = b.push(Op::Mul, DType::Float32, {x, scale});
  const int widened = b.push(Op::Cast, DType::Float64, {scaled});
  const int sum = b.push(Op::Add, DType::Float64, {widened, y});
  const int i = b.push(Op::Index, DType::Int64);
  const int shifted = b.push(Op::Add, DType::Int64, {i, offset});
  const int as_float = b.push(Op::Cast, DType::Float64, {shifted});
  const int chosen = b.push(Op::Where, DType::Float64, {mask, sum, as_float});
  const int smallest = b.push(Op::Minimum, DType::Float64, {chosen, y});
  const int positive = b.push(Op::Gt, DType::Bool, {smallest, y});
  return b.finish({smallest, scaled, positive});
}

}  // namespace cuda_test
