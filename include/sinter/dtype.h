// Element types sinter arrays can hold, and the compile-time mapping from C++ types.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace sinter {

// The element types, listed once: the enum and kAllDTypes are generated from this list, so a
// loop over kAllDTypes (the op sweeps, the fuzzer, ir::verify) covers a new type by itself.
#define SINTER_DTYPES(X) X(Bool) X(Int32) X(Int64) X(Float32) X(Float64)

enum class DType : std::uint8_t {
#define SINTER_DTYPE_ENUMERATOR(name) name,
  SINTER_DTYPES(SINTER_DTYPE_ENUMERATOR)
#undef SINTER_DTYPE_ENUMERATOR
};

/// Every element type, in the enum's order (kAllDTypes[i] has the value i).
inline constexpr std::array kAllDTypes = {
#define SINTER_DTYPE_VALUE(name) DType::name,
    SINTER_DTYPES(SINTER_DTYPE_VALUE)
#undef SINTER_DTYPE_VALUE
};

constexpr std::size_t size_of(DType t) {
  switch (t) {
    case DType::Bool: return 1;
    case DType::Int32: return 4;
    case DType::Int64: return 8;
    case DType::Float32: return 4;
    case DType::Float64: return 8;
  }
  return 0;
}

constexpr std::string_view name_of(DType t) {
  switch (t) {
    case DType::Bool: return "bool";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
  }
  return "?";
}

constexpr bool is_float(DType t) { return t == DType::Float32 || t == DType::Float64; }
constexpr bool is_integer(DType t) { return t == DType::Int32 || t == DType::Int64; }

/// NumPy's promotion among the five types: bool < int32 < int64 < float32 < float64,
/// except that int64 with float32 gives float64 (float32 cannot hold every int64).
constexpr DType promote(DType a, DType b) {
  if (a == b) return a;
  auto rank = [](DType t) { return static_cast<int>(t); };
  DType hi = rank(a) > rank(b) ? a : b;
  DType lo = rank(a) > rank(b) ? b : a;
  if (hi == DType::Float32 && lo == DType::Int64) return DType::Float64;
  if (hi == DType::Float32 && lo == DType::Int32) return DType::Float64;
  return hi;
}

template <class T> struct dtype_of;
template <> struct dtype_of<bool> { static constexpr DType value = DType::Bool; };
template <> struct dtype_of<std::int32_t> { static constexpr DType value = DType::Int32; };
template <> struct dtype_of<std::int64_t> { static constexpr DType value = DType::Int64; };
template <> struct dtype_of<float> { static constexpr DType value = DType::Float32; };
template <> struct dtype_of<double> { static constexpr DType value = DType::Float64; };
template <class T> inline constexpr DType dtype_v = dtype_of<T>::value;

template <DType D> struct type_of;
template <> struct type_of<DType::Bool> { using type = bool; };
template <> struct type_of<DType::Int32> { using type = std::int32_t; };
template <> struct type_of<DType::Int64> { using type = std::int64_t; };
template <> struct type_of<DType::Float32> { using type = float; };
template <> struct type_of<DType::Float64> { using type = double; };
template <DType D> using type_t = typename type_of<D>::type;

/// The element types an Array can hold.
template <class T>
concept Element = std::is_same_v<T, bool> || std::is_same_v<T, std::int32_t> ||
                  std::is_same_v<T, std::int64_t> || std::is_same_v<T, float> ||
                  std::is_same_v<T, double>;

}  // namespace sinter
