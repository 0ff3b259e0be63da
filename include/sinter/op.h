// IR op codes and their type rules, generated from the catalogue in ops.def.
// The front end uses the rules at compile time; the IR checks them when a node is made.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

#include "sinter/dtype.h"

namespace sinter {

/// Every operation of the IR, one per row of sinter/ops.def (docs/ops.md lists them).
enum class Op : std::uint8_t {
#define SINTER_OP(name, spelling, arity, rule) name,
#include "sinter/ops.def"
#undef SINTER_OP
};

/// How an op types its operands and result.
enum class TypeRule : std::uint8_t {
  Leaf,     // no operands
  Cast,     // any -> the requested type
  Same,     // any -> the same type
  Arith,    // numeric operands of one type (not bool) -> that type; integers wrap
  Float,    // floating operands of one type -> that type (the front end converts integers to float64)
  Compare,  // operands of one type -> bool
  Logical,  // bool operands -> bool
  Select,   // (bool, T, T) -> T
  Reduce,   // over axes: sum, prod, min, max keep the type; any, all: bool -> bool; argmin, argmax -> int64
  Control,  // regions and their markers (loops, branches): typed by their own rules (ir/verify.cpp)
  Random,   // int64 operands (counters and a key) -> uint32 random bits
  // The math library's (issue 15). Bitwise: integer or bool operands of one type -> that type
  // (& | ^ ~); Shift: integer operands of one type, not bool -> that type (<< >>); Predicate: an
  // operand of any type -> bool (isnan, isinf, isfinite, signbit); Float64: operands converted to
  // float64 -> float64 (float_power).
  Bitwise,
  Shift,
  Predicate,
  Float64,
  Indexed,  // gather and index_check (ir/indexing.h): typed by their own rules (ir/verify.cpp)
};

/// One row of ops.def: an op's spelling, operand count and type rule.
struct OpInfo {
  std::string_view name;  ///< the op's name as formulas and logs spell it
  int arity;              ///< the number of operands
  TypeRule rule;          ///< how operand and result types follow from the operands'
};

/// The OpInfo of every op, indexed by the Op's value.
inline constexpr std::array kOpInfo = {
#define SINTER_OP(name, spelling, arity, rule) OpInfo{spelling, arity, TypeRule::rule},
#include "sinter/ops.def"
#undef SINTER_OP
};

/// The row of kOpInfo describing `op`.
constexpr const OpInfo& info(Op op) { return kOpInfo[static_cast<std::size_t>(op)]; }

/// True for the reductions (sum, prod, min, max, any, all, argmin, argmax).
constexpr bool is_reduction(Op op) { return info(op).rule == TypeRule::Reduce; }

/// Control flow: region nodes, their parameters and results, and the kernel-IR markers.
constexpr bool is_control(Op op) { return info(op).rule == TypeRule::Control; }

/// A user-defined reduction's kernel-IR markers (sinter::reduce; ir/kernel.h, "User-defined reductions").
constexpr bool is_fold_marker(Op op) {
  return op == Op::FoldBegin || op == Op::FoldState || op == Op::FoldOperand || op == Op::FoldNext || op == Op::FoldEnd;
}

/// A node that folds its operands' elements over axes: a reduction or a user-defined one (Fold).
constexpr bool reduces_elements(Op op) { return is_reduction(op) || op == Op::Fold; }

/// Ops every backend computes by a math-library call (libm and libmvec on the CPU, CUDA's
/// libdevice): within a few ulp of the exact result, not correctly rounded, and long bodies of
/// code where they are inlined.
constexpr bool calls_math_library(Op op) {
  switch (op) {
    case Op::Exp:
    case Op::Log:
    case Op::Sin:
    case Op::Cos:
    case Op::Tanh:
    case Op::Erf:
    case Op::Pow:
    case Op::Cbrt:
    case Op::Exp2:
    case Op::Expm1:
    case Op::Log2:
    case Op::Log10:
    case Op::Log1p:
    case Op::Tan:
    case Op::Arcsin:
    case Op::Arccos:
    case Op::Arctan:
    case Op::Sinh:
    case Op::Cosh:
    case Op::Arcsinh:
    case Op::Arccosh:
    case Op::Arctanh:
    case Op::Erfc:
    case Op::Sigmoid:
    case Op::Arctan2:
    case Op::Hypot:
    case Op::Logaddexp:
    case Op::Logaddexp2:
    case Op::FloatPower: return true;
    default: return false;
  }
}

/// The type operands are converted to before the op, given the operands' own types
/// (for Select, pass the two value operands). This is where NumPy's promotion enters.
constexpr DType operand_dtype(Op op, DType a, DType b) {
  DType common = promote(a, b);
  switch (info(op).rule) {
    case TypeRule::Float: return is_float(common) ? common : DType::Float64;
    case TypeRule::Logical: return DType::Bool;
    case TypeRule::Float64: return DType::Float64;
    default: return common;
  }
}

/// Whether an op takes operands of type `t` (already converted, as operand_dtype gives them; for
/// Select the two value operands, its condition being bool; for a reduction its operand). The one
/// statement of which types each rule accepts: make_op and make_reduce check it when a node is
/// made, ir::verify in every kernel, and the op sweeps iterate it over kAllDTypes.
constexpr bool accepts(Op op, DType t) {
  switch (info(op).rule) {
    case TypeRule::Arith: return t != DType::Bool;
    case TypeRule::Float: return is_float(t);
    case TypeRule::Logical: return t == DType::Bool;
    case TypeRule::Reduce: return (op != Op::Any && op != Op::All) || t == DType::Bool;
    case TypeRule::Control: return false;  // not an op over elements of one type
    case TypeRule::Indexed: return false;  // reads memory at computed positions: not swept alone
    case TypeRule::Random: return t == DType::Int64;
    case TypeRule::Bitwise: return is_integer(t) || t == DType::Bool;
    case TypeRule::Shift: return is_integer(t);
    case TypeRule::Float64: return t == DType::Float64;
    case TypeRule::Predicate:
    case TypeRule::Leaf:
    case TypeRule::Cast:
    case TypeRule::Same:
    case TypeRule::Compare:
    case TypeRule::Select: return true;
  }
  return false;
}

/// The result type of an op whose operands have type `operand` (already converted).
constexpr DType result_dtype(Op op, DType operand) {
  switch (info(op).rule) {
    case TypeRule::Compare:
    case TypeRule::Logical:
    case TypeRule::Predicate: return DType::Bool;
    case TypeRule::Random: return DType::UInt32;
    case TypeRule::Reduce:
      return op == Op::ArgMin || op == Op::ArgMax ? DType::Int64
             : op == Op::Any || op == Op::All     ? DType::Bool
                                                  : operand;
    default: return operand;
  }
}

}  // namespace sinter
