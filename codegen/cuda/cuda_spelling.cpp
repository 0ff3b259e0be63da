// The op -> CUDA C++ spelling table. Patterns use $0, $1, $2 for the operands; the helpers they
// call (sinter_wrapping_*, sinter_minimum, ...) are defined in cuda_prelude.cpp.
#include "codegen/cuda/cuda_spelling.h"

#include <algorithm>
#include <array>
#include <cstddef>

#include "sinter/error.h"

namespace sinter::gpu {
namespace {

/// One row per op: the pattern for each operand type class, or nullptr where the op does not
/// take that type. Leaves and Cast are spelled separately (they depend on more than one type).
struct Spelling {
  Op op;
  const char* on_float32;
  const char* on_float64;
  const char* on_integer;   // the signed integer types (the helpers are overloaded for int and long long)
  const char* on_unsigned;  // the unsigned ones: C++'s unsigned arithmetic wraps, and needs no helper
  const char* on_bool;
};

constexpr std::array kSpellings = {
    // Unary. Broadcast is the identity inside a kernel: the planner has already mapped indices.
    Spelling{Op::Broadcast, "$0", "$0", "$0", "$0", "$0"},
    Spelling{Op::Neg, "-$0", "-$0", "sinter_wrapping_neg($0)", "0u - $0", nullptr},
    Spelling{Op::Abs, "fabsf($0)", "fabs($0)", "sinter_wrapping_abs($0)", "$0", nullptr},
    Spelling{Op::Not, nullptr, nullptr, nullptr, nullptr, "!$0"},
    Spelling{Op::Sqrt, "sqrtf($0)", "sqrt($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Exp, "expf($0)", "exp($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Log, "logf($0)", "log($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Sin, "sinf($0)", "sin($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Cos, "cosf($0)", "cos($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Tanh, "tanhf($0)", "tanh($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Erf, "erff($0)", "erf($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Floor, "floorf($0)", "floor($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Ceil, "ceilf($0)", "ceil($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Invert, nullptr, nullptr, "~$0", "~$0", "!$0"},
    Spelling{Op::Reciprocal, "1.0f / $0", "1.0 / $0", "($0 == 1 ? 1 : $0 == -1 ? -1 : 0)", "($0 == 1u ? 1u : 0u)",
             nullptr},
    Spelling{Op::Square, "$0 * $0", "$0 * $0", "sinter_wrapping_mul($0, $0)", "(unsigned int)$0 * $0", nullptr},
    Spelling{Op::Sign, "sinter_sign($0)", "sinter_sign($0)", "(($0 > 0) - ($0 < 0))", "($0 != 0u)", nullptr},
    Spelling{Op::Cbrt, "cbrtf($0)", "cbrt($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Exp2, "exp2f($0)", "exp2($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Expm1, "expm1f($0)", "expm1($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Log2, "log2f($0)", "log2($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Log10, "log10f($0)", "log10($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Log1p, "log1pf($0)", "log1p($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Tan, "tanf($0)", "tan($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Arcsin, "asinf($0)", "asin($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Arccos, "acosf($0)", "acos($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Arctan, "atanf($0)", "atan($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Sinh, "sinhf($0)", "sinh($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Cosh, "coshf($0)", "cosh($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Arcsinh, "asinhf($0)", "asinh($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Arccosh, "acoshf($0)", "acosh($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Arctanh, "atanhf($0)", "atanh($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Erfc, "erfcf($0)", "erfc($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Trunc, "truncf($0)", "trunc($0)", nullptr, nullptr, nullptr},
    Spelling{Op::Rint, "rintf($0)", "rint($0)", nullptr, nullptr, nullptr},
    // NumPy's constants: pi/180 rounded to the type; for float32 180/pi is 180.0f / (float)pi.
    Spelling{Op::Deg2rad, "$0 * (float)(3.141592653589793 / 180.0)", "$0 * (3.141592653589793 / 180.0)", nullptr,
             nullptr, nullptr},
    Spelling{Op::Rad2deg, "$0 * (180.0f / (float)3.141592653589793)", "$0 * (180.0 / 3.141592653589793)", nullptr,
             nullptr, nullptr},
    Spelling{Op::Sigmoid, "sinter_sigmoid($0)", "sinter_sigmoid($0)", nullptr, nullptr, nullptr},
    // Constant for integers, written with the operand so that NVRTC sees it used.
    Spelling{Op::Signbit, "(signbit($0) != 0)", "(signbit($0) != 0)", "($0 < 0)", "($0 != $0)", "($0 != $0)"},
    Spelling{Op::Isnan, "(isnan($0) != 0)", "(isnan($0) != 0)", "($0 != $0)", "($0 != $0)", "($0 != $0)"},
    Spelling{Op::Isinf, "(isinf($0) != 0)", "(isinf($0) != 0)", "($0 != $0)", "($0 != $0)", "($0 != $0)"},
    Spelling{Op::Isfinite, "(isfinite($0) != 0)", "(isfinite($0) != 0)", "($0 == $0)", "($0 == $0)", "($0 == $0)"},
    // Binary
    Spelling{Op::Add, "$0 + $1", "$0 + $1", "sinter_wrapping_add($0, $1)", "$0 + $1", nullptr},
    Spelling{Op::Sub, "$0 - $1", "$0 - $1", "sinter_wrapping_sub($0, $1)", "$0 - $1", nullptr},
    Spelling{Op::Mul, "$0 * $1", "$0 * $1", "sinter_wrapping_mul($0, $1)", "(unsigned int)$0 * $1", nullptr},
    Spelling{Op::Div, "$0 / $1", "$0 / $1", nullptr, nullptr, nullptr},
    Spelling{Op::Pow, "powf($0, $1)", "pow($0, $1)", nullptr, nullptr, nullptr},
    Spelling{Op::Minimum, "sinter_minimum($0, $1)", "sinter_minimum($0, $1)", "sinter_minimum($0, $1)",
             "($0 < $1 ? $0 : $1)", nullptr},
    Spelling{Op::Maximum, "sinter_maximum($0, $1)", "sinter_maximum($0, $1)", "sinter_maximum($0, $1)",
             "($0 > $1 ? $0 : $1)", nullptr},
    Spelling{Op::Eq, "$0 == $1", "$0 == $1", "$0 == $1", "$0 == $1", "$0 == $1"},
    Spelling{Op::Ne, "$0 != $1", "$0 != $1", "$0 != $1", "$0 != $1", "$0 != $1"},
    Spelling{Op::Lt, "$0 < $1", "$0 < $1", "$0 < $1", "$0 < $1", "$0 < $1"},
    Spelling{Op::Le, "$0 <= $1", "$0 <= $1", "$0 <= $1", "$0 <= $1", "$0 <= $1"},
    Spelling{Op::Gt, "$0 > $1", "$0 > $1", "$0 > $1", "$0 > $1", "$0 > $1"},
    Spelling{Op::Ge, "$0 >= $1", "$0 >= $1", "$0 >= $1", "$0 >= $1", "$0 >= $1"},
    Spelling{Op::And, nullptr, nullptr, nullptr, nullptr, "$0 && $1"},
    Spelling{Op::Or, nullptr, nullptr, nullptr, nullptr, "$0 || $1"},
    Spelling{Op::BitAnd, nullptr, nullptr, "$0 & $1", "$0 & $1", "$0 & $1"},
    Spelling{Op::BitOr, nullptr, nullptr, "$0 | $1", "$0 | $1", "$0 | $1"},
    Spelling{Op::BitXor, nullptr, nullptr, "$0 ^ $1", "$0 ^ $1", "$0 ^ $1"},
    Spelling{Op::LeftShift, nullptr, nullptr, "sinter_left_shift($0, $1)", "sinter_left_shift($0, $1)", nullptr},
    Spelling{Op::RightShift, nullptr, nullptr, "sinter_right_shift($0, $1)", "sinter_right_shift_unsigned($0, $1)",
             nullptr},
    Spelling{Op::Remainder, "sinter_remainder($0, $1)", "sinter_remainder($0, $1)", "sinter_remainder_signed($0, $1)",
             "sinter_remainder_unsigned($0, $1)", nullptr},
    Spelling{Op::Fmod, "fmodf($0, $1)", "fmod($0, $1)", "sinter_fmod_signed($0, $1)",
             "sinter_remainder_unsigned($0, $1)", nullptr},
    Spelling{Op::FloorDivide, "sinter_floor_divide($0, $1)", "sinter_floor_divide($0, $1)",
             "sinter_floor_divide_signed($0, $1)", "sinter_floor_divide_unsigned($0, $1)", nullptr},
    Spelling{Op::Fmax, "sinter_fmax($0, $1)", "sinter_fmax($0, $1)", "sinter_maximum($0, $1)", "($0 > $1 ? $0 : $1)",
             nullptr},
    Spelling{Op::Fmin, "sinter_fmin($0, $1)", "sinter_fmin($0, $1)", "sinter_minimum($0, $1)", "($0 < $1 ? $0 : $1)",
             nullptr},
    Spelling{Op::Copysign, "copysignf($0, $1)", "copysign($0, $1)", nullptr, nullptr, nullptr},
    Spelling{Op::Arctan2, "atan2f($0, $1)", "atan2($0, $1)", nullptr, nullptr, nullptr},
    Spelling{Op::Hypot, "hypotf($0, $1)", "hypot($0, $1)", nullptr, nullptr, nullptr},
    Spelling{Op::Logaddexp, "sinter_logaddexp($0, $1)", "sinter_logaddexp($0, $1)", nullptr, nullptr, nullptr},
    Spelling{Op::Logaddexp2, "sinter_logaddexp2($0, $1)", "sinter_logaddexp2($0, $1)", nullptr, nullptr, nullptr},
    Spelling{Op::FloatPower, nullptr, "pow($0, $1)", nullptr, nullptr, nullptr},
    // Ternary: the column is the type of the two values
    Spelling{Op::Where, "$0 ? $1 : $2", "$0 ? $1 : $2", "$0 ? $1 : $2", "$0 ? $1 : $2", "$0 ? $1 : $2"},
    // Random numbers: int64 counters and key.
    Spelling{Op::Philox, nullptr, nullptr, "sinter_philox($0, $1, $2)", nullptr, nullptr},
};

const Spelling* find_spelling(Op op) {
  for (const Spelling& s : kSpellings)
    if (s.op == op) return &s;
  return nullptr;
}

const char* pattern_for(const Spelling& s, DType t) {
  switch (t) {
    case DType::Float32: return s.on_float32;
    case DType::Float64: return s.on_float64;
    case DType::Int8:
    case DType::Int16:
    case DType::Int32:
    case DType::Int64: return s.on_integer;
    case DType::UInt8:
    case DType::UInt16:
    case DType::UInt32: return s.on_unsigned;
    case DType::Bool: return s.on_bool;
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> narrowing_cast_helper(DType from, DType to) {
  if (kind_of(from) != kind_of(to) || size_of(to) >= size_of(from) || kind_of(to) == DTypeKind::Bool)
    return std::nullopt;
  return "sinter_" + std::string(name_of(from)) + "_to_" + std::string(name_of(to));
}

namespace {

/// Conversions with defined results for every input (see the prelude for the helpers).
std::string spell_cast(DType from, DType to, const std::string& x) {
  if (from == to) return x;
  if (to == DType::Bool) return x + " != 0";  // NaN != 0 is true, as NumPy's bool(nan)
  if (from == DType::Bool) return "(" + std::string(cuda_type(to)) + ")" + x;
  // One prelude helper per target integer type, and one per narrowing pair of a kind, named from
  // the catalogue's names (a new dtype without its helper fails NVRTC in the CUDA op sweep).
  if (is_float(from) && is_integer(to)) return "sinter_saturating_" + std::string(name_of(to)) + "(" + x + ")";
  if (narrowing_cast_helper(from, to)) return *narrowing_cast_helper(from, to) + "(" + x + ")";
  // Widening, and int -> float (round to nearest): exact or correctly rounded as written.
  return "(" + std::string(cuda_type(to)) + ")" + x;
}

[[noreturn]] void reject(const ir::Instr& instr, std::span<const DType> operand_types, const char* why) {
  std::string types;
  for (DType t : operand_types) types += (types.empty() ? "" : ", ") + std::string(name_of(t));
  throw CompileError("lower_to_cuda: op '" + std::string(info(instr.op).name) + "' with operand types (" + types +
                     ") and result type " + std::string(name_of(instr.dtype)) + ": " + why);
}

}  // namespace

std::string substitute_operands(std::string_view pattern, std::span<const std::string> operands) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '$' && i + 1 < pattern.size()) {
      out += operands[static_cast<std::size_t>(pattern[i + 1] - '0')];
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

// The two spellings of each dtype are columns of the catalogue (include/sinter/dtypes.def).
std::string_view cuda_type(DType t) {
  switch (t) {
#define SINTER_DTYPE(name, spelling, cpp_type, kind, bytes, sum_to, sum_accumulator, cuda, short_name, ...) \
  case DType::name:                                                                                         \
    return cuda;
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
  }
  throw InternalError("cuda_type of a dtype outside the catalogue");
}

std::string_view cuda_short_name(DType t) {
  switch (t) {
#define SINTER_DTYPE(name, spelling, cpp_type, kind, bytes, sum_to, sum_accumulator, cuda, short_name, ...) \
  case DType::name:                                                                                         \
    return #short_name;
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
  }
  throw InternalError("cuda_short_name of a dtype outside the catalogue");
}

std::string vector_struct_name(DType t, int elements) {
  return "sinter_" + std::string(cuda_short_name(t)) + "x" + std::to_string(elements);
}

std::size_t vector_alignment(DType t, int elements) {
  return std::min<std::size_t>(16, size_of(t) * static_cast<std::size_t>(elements));
}

std::string spell_instruction(const ir::Instr& instr, std::span<const DType> operand_types,
                              std::span<const std::string> operands) {
  // ir::verify (run by analyse) has checked the operand count and the type rules.
  if (instr.op == Op::Cast) return spell_cast(operand_types[0], instr.dtype, operands[0]);
  const Spelling* spelling = find_spelling(instr.op);
  if (spelling == nullptr) reject(instr, operand_types, "the CUDA backend has no spelling for this op");
  const DType column = instr.op == Op::Where ? operand_types[1] : operand_types[0];
  const char* pattern = pattern_for(*spelling, column);
  if (pattern == nullptr) reject(instr, operand_types, "the op does not accept this type");
  return substitute_operands(pattern, operands);
}

}  // namespace sinter::gpu
