// Hand-built kernel IR for tests: a builder that appends one instruction at a time. The IR is
// taken as built, well-formed or not (tests/test_verify.cpp builds malformed kernels with it).
#pragma once
#include <cstdint>
#include <initializer_list>

#include "ir/kernel.h"

namespace test {

/// Builds kernel IR one instruction at a time, in dependency order.
struct KernelBuilder {
  sinter::ir::KernelIR k;
  int push(sinter::Op op, sinter::DType t, std::initializer_list<int> args = {}, int slot = -1) {
    sinter::ir::Instr in{op, t};
    in.num_args = static_cast<std::uint8_t>(args.size());
    std::size_t a = 0;
    for (int arg : args) in.args[a++] = arg;
    in.slot = slot;
    k.body.push_back(in);
    return static_cast<int>(k.body.size()) - 1;
  }
  int input(sinter::DType t) {
    k.inputs.push_back(t);
    return push(sinter::Op::Buffer, t, {}, static_cast<int>(k.inputs.size()) - 1);
  }
  int scalar(sinter::DType t) {
    k.scalars.push_back(t);
    return push(sinter::Op::Scalar, t, {}, static_cast<int>(k.scalars.size()) - 1);
  }
  /// Marks instruction i per output (a reduction kernel's).
  void per_output(int i) { k.body[static_cast<std::size_t>(i)].per_output = true; }
  sinter::ir::KernelIR finish(std::initializer_list<int> outputs) {
    k.outputs.assign(outputs.begin(), outputs.end());
    k.seal();
    return k;
  }
};

}  // namespace test
