// Element types sinter arrays can hold, and the compile-time mapping from C++ types. All of it is
// generated from the dtype catalogue (dtypes.def) and the promotion table (promotion.def): the
// enum, kAllDTypes, the per-dtype facts, the C++ type mapping, the Element concept and
// ElementTypes, and promote(). A loop over kAllDTypes (the op sweeps, the fuzzer, ir::verify)
// covers a new type by itself.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace sinter {

/// The element types, one per row of sinter/dtypes.def: Bool, Int8 ... Int64, UInt8 ... UInt32,
/// Float32, Float64 (docs/ops.md, "Types"). dtype_v<T> gives the DType of a C++ type.
enum class DType : std::uint8_t {
#define SINTER_DTYPE(name, ...) name,
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
};

/// Every element type, in the enum's order (kAllDTypes[i] has the value i).
inline constexpr std::array kAllDTypes = {
#define SINTER_DTYPE(name, ...) DType::name,
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
};
/// The number of element types.
inline constexpr std::size_t kNumDTypes = kAllDTypes.size();

/// What kind of number a dtype holds: most per-type rules (casts, arithmetic, identities) switch
/// on this rather than on the dtype.
enum class DTypeKind : std::uint8_t { Bool, Signed, Unsigned, Float };

/// One row of dtypes.def, without the backend spellings (codegen generates those itself).
struct DTypeInfo {
  DType dtype;            ///< the type this row describes
  std::string_view name;  ///< NumPy's name: "float32", "int64", "bool"
  DTypeKind kind;         ///< bool, signed, unsigned or float
  std::size_t size;       ///< bytes in memory
  DType sum_to;           ///< the dtype of sum and prod (NumPy's)
  DType sum_accumulator;  ///< the dtype sum and prod accumulate in inside a kernel
};

/// The DTypeInfo of every element type, indexed by the DType's value.
inline constexpr std::array<DTypeInfo, kNumDTypes> kDTypeInfo = {{
#define SINTER_DTYPE(name, spelling, cpp_type, kind, bytes, sum_to, sum_accumulator, ...) \
  DTypeInfo{DType::name, spelling, DTypeKind::kind, bytes, DType::sum_to, DType::sum_accumulator},
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
}};

/// The row of kDTypeInfo describing `t`.
constexpr const DTypeInfo& dtype_info(DType t) { return kDTypeInfo[static_cast<std::size_t>(t)]; }
/// Bytes per element of `t` (bool: 1).
constexpr std::size_t size_of(DType t) { return dtype_info(t).size; }
/// NumPy's name of `t` ("float32").
constexpr std::string_view name_of(DType t) { return dtype_info(t).name; }
/// Whether `t` is bool, signed, unsigned or floating-point.
constexpr DTypeKind kind_of(DType t) { return dtype_info(t).kind; }
/// True for float32 and float64.
constexpr bool is_float(DType t) { return kind_of(t) == DTypeKind::Float; }
/// True for the signed and unsigned integer types (not bool).
constexpr bool is_integer(DType t) { return kind_of(t) == DTypeKind::Signed || kind_of(t) == DTypeKind::Unsigned; }
/// True for every type but bool.
constexpr bool is_numeric(DType t) { return kind_of(t) != DTypeKind::Bool; }

/// The dtypes for which `keep` holds, in catalogue order: dtypes_where<is_float>() is every float
/// type (tests and the fuzzer draw from such lists instead of spelling them out).
template <bool (*Keep)(DType)> constexpr auto dtypes_where() {
  constexpr std::size_t n = [] {
    std::size_t count = 0;
    for (DType t : kAllDTypes) count += Keep(t) ? 1 : 0;
    return count;
  }();
  std::array<DType, n> out{};
  std::size_t i = 0;
  for (DType t : kAllDTypes)
    if (Keep(t)) out[i++] = t;
  return out;
}

/// The smallest and largest value of a bool or integer dtype, from its C++ type (bool: 0 and 1).
struct IntegerRange {
  std::int64_t lo = 0;  ///< the smallest value
  std::int64_t hi = 0;  ///< the largest value
};

namespace detail {
template <class T> constexpr IntegerRange integer_range_of() {
  if constexpr (std::is_integral_v<T>) {
    static_assert(sizeof(T) < 8 || std::is_signed_v<T>, "sinter: IntegerRange needs a wider type for uint64");
    return {static_cast<std::int64_t>(std::numeric_limits<T>::min()),
            static_cast<std::int64_t>(std::numeric_limits<T>::max())};
  } else {
    return {};  // not an integer type: callers check is_integer first
  }
}
}  // namespace detail

/// The range of values of a bool or integer `t` ({0, 0} for a floating-point type).
constexpr IntegerRange integer_range(DType t) {
  switch (t) {
#define SINTER_DTYPE(name, spelling, cpp_type, ...) \
  case DType::name:                                 \
    return detail::integer_range_of<cpp_type>();
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
  }
  return {};
}

template <class T> struct dtype_of;
#define SINTER_DTYPE(name, spelling, cpp_type, ...) \
  template <> struct dtype_of<cpp_type> { static constexpr DType value = DType::name; };
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
/// The DType of C++ element type T: dtype_v<float> is DType::Float32.
template <class T> inline constexpr DType dtype_v = dtype_of<T>::value;

template <DType D> struct type_of;
#define SINTER_DTYPE(name, spelling, cpp_type, ...) \
  template <> struct type_of<DType::name> { using type = cpp_type; };
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
/// The C++ element type of DType D: type_t<DType::Float32> is float.
template <DType D> using type_t = typename type_of<D>::type;

/// The element types an Array can hold.
template <class T>
concept Element = (false
#define SINTER_DTYPE(name, spelling, cpp_type, ...) || std::is_same_v<T, cpp_type>
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
);

/// Every element type as a std::tuple of C++ types, in catalogue order (for typed tests).
using ElementTypes = decltype(std::tuple_cat(
#define SINTER_DTYPE(name, spelling, cpp_type, ...) std::tuple<cpp_type>{},
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
    std::tuple<>{}));

// Each row maps both ways and agrees with the C++ type's size.
#define SINTER_DTYPE(name, spelling, cpp_type, ...)                                                  \
  static_assert(dtype_v<cpp_type> == DType::name && std::is_same_v<type_t<DType::name>, cpp_type> && \
                    sizeof(cpp_type) == size_of(DType::name),                                        \
                "sinter: dtypes.def row " #name ": its C++ type, its dtype and its size disagree");
#include "sinter/dtypes.def"
#undef SINTER_DTYPE

namespace detail {

/// One row of promotion.def: promote(dtype, U) for the `length` dtypes U up to dtype.
struct PromotionRow {
  DType dtype;
  std::array<DType, kNumDTypes> with{};
  std::size_t length = 0;
};

constexpr PromotionRow promotion_row(DType t, std::initializer_list<DType> with) {
  PromotionRow row{t, {}, with.size()};
  std::size_t i = 0;
  for (DType u : with)
    if (i < kNumDTypes) row.with[i++] = u;
  return row;
}

inline constexpr std::array kPromotionRows = [] {
  using enum DType;
  return std::array{
#define SINTER_PROMOTION(dtype, ...) promotion_row(dtype, {__VA_ARGS__}),
#include "sinter/promotion.def"
#undef SINTER_PROMOTION
  };
}();

static_assert(kPromotionRows.size() == kNumDTypes, "sinter: promotion.def needs one row per dtype of dtypes.def");

constexpr bool promotion_rows_in_order() {
  if (kPromotionRows.size() != kNumDTypes) return false;
  for (std::size_t i = 0; i < kNumDTypes; ++i)
    if (kPromotionRows[i].dtype != kAllDTypes[i] || kPromotionRows[i].length != i + 1) return false;
  return true;
}
static_assert(promotion_rows_in_order(),
              "sinter: row i of promotion.def names dtype i of dtypes.def and lists i + 1 results");

constexpr bool promotion_keeps_identities() {
  if (!promotion_rows_in_order()) return false;
  for (std::size_t i = 0; i < kNumDTypes; ++i) {
    const PromotionRow& row = kPromotionRows[i];
    // promote(T, T) = T, and promote(T, bool) = T (bool is the catalogue's first row).
    if (row.with[i] != row.dtype) return false;
    if (kind_of(kAllDTypes[0]) == DTypeKind::Bool && row.with[0] != row.dtype) return false;
  }
  return true;
}
static_assert(promotion_keeps_identities(), "sinter: promotion.def: promote(T, T) and promote(T, bool) must be T");

}  // namespace detail

/// The dtype NumPy 2 gives two arrays of types a and b (numpy.result_type): promotion.def.
constexpr DType promote(DType a, DType b) {
  const auto i = static_cast<std::size_t>(a), j = static_cast<std::size_t>(b);
  return i >= j ? detail::kPromotionRows[i].with[j] : detail::kPromotionRows[j].with[i];
}

}  // namespace sinter
