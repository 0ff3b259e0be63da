// The reduction table: identities and combining statements per op and accumulator type. The
// helpers named here (sinter_minimum, sinter_wrapping_add, sinter_arg_combine, ...) are in the
// prelude (cuda_prelude.cpp).
#include "codegen/cuda/reduction_spelling.h"

#include "codegen/cuda/cuda_spelling.h"
#include "ir/reduce.h"
#include "sinter/error.h"

namespace sinter::gpu {
namespace {

[[noreturn]] void reject(const ir::Instr& instr, DType operand, const char* why) {
  throw CompileError("lower_to_cuda: reduction '" + std::string(info(instr.op).name) + "' over " +
                     std::string(name_of(operand)) + " with result type " + std::string(name_of(instr.dtype)) + ": " +
                     why);
}

// The extremes of each type, as min and max start from them (bool: false < true).
std::string highest(DType t) {
  switch (t) {
    case DType::Bool: return "true";
    case DType::Int32: return "2147483647";
    case DType::Int64: return "9223372036854775807ll";
    case DType::Int8: return "(signed char)127";
    case DType::Int16: return "(short)32767";
    case DType::UInt8: return "(unsigned char)255";
    case DType::UInt16: return "(unsigned short)65535";
    case DType::UInt32: return "4294967295u";
    case DType::Float32: return "__int_as_float(0x7f800000)";
    case DType::Float64: return "__longlong_as_double(0x7ff0000000000000ll)";
  }
  return "?";
}

std::string lowest(DType t) {
  switch (t) {
    case DType::Bool: return "false";
    case DType::Int32: return "(-2147483647 - 1)";
    case DType::Int64: return "(-9223372036854775807ll - 1)";
    case DType::Int8: return "(signed char)(-128)";
    case DType::Int16: return "(short)(-32768)";
    case DType::UInt8: return "(unsigned char)0";
    case DType::UInt16: return "(unsigned short)0";
    case DType::UInt32: return "0u";
    case DType::Float32: return "(-__int_as_float(0x7f800000))";
    case DType::Float64: return "(-__longlong_as_double(0x7ff0000000000000ll))";
  }
  return "?";
}

std::string zero(DType t) {
  switch (t) {
    case DType::Bool: return "false";
    case DType::Int32: return "0";
    case DType::Int64: return "0ll";
    case DType::Int8:
    case DType::Int16:
    case DType::UInt8:
    case DType::UInt16: return "(" + std::string(cuda_type(t)) + ")0";
    case DType::UInt32: return "0u";
    case DType::Float32: return "0.0f";
    case DType::Float64: return "0.0";
  }
  return "?";
}

std::string one(DType t) {
  switch (t) {
    case DType::Bool: return "true";
    case DType::Int32: return "1";
    case DType::Int64: return "1ll";
    case DType::Int8:
    case DType::Int16:
    case DType::UInt8:
    case DType::UInt16: return "(" + std::string(cuda_type(t)) + ")1";
    case DType::UInt32: return "1u";
    case DType::Float32: return "1.0f";
    case DType::Float64: return "1.0";
  }
  return "?";
}

}  // namespace

ReductionSpelling spell_reduction(const ir::Instr& instr, DType operand) {
  const Op op = instr.op;
  if (!is_reduction(op)) reject(instr, operand, "not a reduction");  // the type rule: ir::verify
  ReductionSpelling s;
  const DType t = ir::accumulator_dtype(op, operand);
  s.accumulator = t;
  const bool fp = is_float(t);
  const bool boolean = t == DType::Bool;  // sums and maxima of bools are "any", products and minima "all"
  // Unsigned types wrap by themselves and have no NaN: plain C++, as their elementwise spellings
  // (a uint16 product is taken as unsigned int, where int would overflow).
  const bool unsigned_ = kind_of(t) == DTypeKind::Unsigned;
  switch (op) {
    case Op::Sum:
      s.identity = zero(t);
      s.combine = fp          ? "$0 += $2;"
                  : boolean   ? "$0 = $0 || $2;"
                  : unsigned_ ? "$0 = $0 + $2;"
                              : "$0 = sinter_wrapping_add($0, $2);";
      break;
    case Op::Prod:
      s.identity = one(t);
      s.combine = fp          ? "$0 *= $2;"
                  : boolean   ? "$0 = $0 && $2;"
                  : unsigned_ ? "$0 = (unsigned int)$0 * $2;"
                              : "$0 = sinter_wrapping_mul($0, $2);";
      break;
    case Op::Min:
      s.identity = highest(t);
      s.combine = boolean ? "$0 = $0 && $2;" : unsigned_ ? "$0 = $2 < $0 ? $2 : $0;" : "$0 = sinter_minimum($0, $2);";
      break;
    case Op::Max:
      s.identity = lowest(t);
      s.combine = boolean ? "$0 = $0 || $2;" : unsigned_ ? "$0 = $2 > $0 ? $2 : $0;" : "$0 = sinter_maximum($0, $2);";
      break;
    case Op::Any:
      s.identity = "false";
      s.combine = "$0 = $0 || $2;";
      break;
    case Op::All:
      s.identity = "true";
      s.combine = "$0 = $0 && $2;";
      break;
    case Op::ArgMin:
    case Op::ArgMax: {
      const bool min = op == Op::ArgMin;
      s.identity = min ? highest(t) : lowest(t);
      s.has_position = true;
      s.combine = std::string("sinter_arg_combine<") + (min ? "true" : "false") + ">($0, $1, $2, $3);";
      break;
    }
#include "sinter/detail/elementwise_cases.inc"
      reject(instr, operand, "not a reduction");
  }
  s.element = t == operand ? "$0" : "(" + std::string(cuda_type(t)) + ")$0";
  // float32 sums and products accumulate in float64 and round once, at the end.
  s.result = s.has_position ? "$1" : t == instr.dtype ? "$0" : "sinter_float64_to_float32($0)";
  return s;
}

}  // namespace sinter::gpu
