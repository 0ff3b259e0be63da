// How each reduction op is written in CUDA C++, by the rules of ir/reduce.h: the type of its
// running state, its identity, how an element or another partial state is combined into the
// state, and the result. Like cuda_spelling.h, the table is also the statement of which operand
// types each reduction accepts: a pair missing from it is a CompileError.
#pragma once
#include <string>

#include "ir/kernel.h"

namespace sinter::gpu {

struct ReductionSpelling {
  DType accumulator = DType::Float64;  // the state's value type (ir::accumulator_dtype)
  bool has_position = false;           // argmin, argmax: the state also holds the extreme's position
  std::string identity;                // the value before any element (the position starts at -1)
  /// Statement combining (value $2, position $3) into the state (value $0, position $1). Used for
  /// elements (at their position) and partial states alike: argmin and argmax compare (value,
  /// position), so states combine in any order to the first extreme, as the interpreter finds it.
  std::string combine;
  std::string element;  // an element $0 (of the operand type) as a state value
  std::string result;   // the reduction's value from the state (value $0, position $1)
};

/// The spelling of reduction `instr` over operands of type `operand`. Throws CompileError when
/// the op is not a reduction or the types break its rule (any/all: bool -> bool; argmin/argmax:
/// -> int64; the others keep the operand's type).
ReductionSpelling spell_reduction(const ir::Instr& instr, DType operand);

}  // namespace sinter::gpu
