// How each IR op is written in CUDA C++: one expression per instruction, from a table keyed by
// op and operand type. The table is also the CUDA backend's statement of which dtypes each op
// accepts: a pair missing from it is rejected with CompileError rather than miscompiled.
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ir/kernel.h"

namespace sinter::gpu {

/// The CUDA C++ type holding one element of `t`: bool, int, long long, float or double.
std::string_view cuda_type(DType t);

/// The catalogue's short tag of `t` (b8, i32, i64, f32, f64): the member of the prelude's
/// sinter_slot union holding a `t`, and the middle of its vector structs' names.
std::string_view cuda_short_name(DType t);

/// The prelude's helper converting `from` to a narrower type `to` of the same kind
/// (sinter_float64_to_float32, sinter_int64_to_int32), or nullopt where a C++ cast is right.
std::optional<std::string> narrowing_cast_helper(DType from, DType to);

/// Name of the prelude's struct of `elements` values of `t`, e.g. "sinter_f32x4".
std::string vector_struct_name(DType t, int elements);

/// That struct's alignment in bytes, which a vector access's address must have: its size, capped
/// at 16 (the widest global load on sm_90; wider structs load as several 16-byte parts).
std::size_t vector_alignment(DType t, int elements);

/// `pattern` with $0, $1, ... replaced by operands[0], operands[1], ...
std::string substitute_operands(std::string_view pattern, std::span<const std::string> operands);

/// The right-hand side computing the non-leaf instruction `instr`, whose operands are the
/// named values `operands` of types `operand_types`. Throws CompileError for an op/dtype pair
/// outside the catalogue's type rules.
std::string spell_instruction(const ir::Instr& instr, std::span<const DType> operand_types,
                              std::span<const std::string> operands);

}  // namespace sinter::gpu
