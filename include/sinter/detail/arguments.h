// Compile-time guards for the integer arguments of the public API (axes, indices, lengths,
// device numbers, keepdims). C++ converts a float, a bool or a character to an integer without
// a word, so sum(x, 0.7) summed axis 0 and max(x, 0.0f) reduced everything; these make such
// calls fail to compile with a sentence naming what was meant (tests/compile_fail/).
#pragma once
#include <concepts>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "sinter/error.h"

namespace sinter::detail {

template <class T> inline constexpr bool always_false = false;

/// Any C++ arithmetic type: the integer arguments below take one and then refuse, with a
/// message, those that are not integers (a plain `int` parameter would convert them silently).
template <class T>
concept Arithmetic = std::is_arithmetic_v<T>;

template <class T>
concept Character = std::same_as<T, char> || std::same_as<T, wchar_t> || std::same_as<T, char8_t> ||
    std::same_as<T, char16_t> || std::same_as<T, char32_t>;

/// What an integer argument is, for the compile-time message.
enum class IntegerArgument { Index, Length, DeviceNumber };

/// `value`, an integer argument of kind `Kind`, as an int64. A floating-point value, a bool or
/// a character does not compile; an unsigned value past INT64_MAX (which would wrap to a
/// negative index) throws IndexError naming it.
template <IntegerArgument Kind, class I> std::int64_t integer_argument(I value) {
  if constexpr (std::is_floating_point_v<I> || std::same_as<I, bool> || Character<I>) {
    if constexpr (Kind == IntegerArgument::Index)
      static_assert(always_false<I>,
                    "sinter: an index must be an integer (not a floating-point value, a bool or a character)");
    else if constexpr (Kind == IntegerArgument::Length)
      static_assert(always_false<I>,
                    "sinter: a length must be an integer (not a floating-point value, a bool or a character)");
    else
      static_assert(always_false<I>,
                    "sinter: a device number must be an integer (not a floating-point value, a bool or a character)");
    return 0;
  } else {
    static_assert(std::is_integral_v<I>, "sinter: an integer argument must be an integer");
    if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t)) {
      if (value > static_cast<I>(std::numeric_limits<std::int64_t>::max()))
        throw IndexError("the unsigned value " + std::to_string(value) + " is out of range for an index or a length");
    }
    return static_cast<std::int64_t>(value);
  }
}

/// The keepdims argument of reductions: exactly `true` or `false`. An integer there is more
/// likely a second axis (sum(x, 0, 1) for NumPy's sum(x, (0, 1))), so it does not compile.
class KeepDims {
 public:
  KeepDims(bool keep) : keep_(keep) {}  // NOLINT(google-explicit-constructor): sum(x, 1, true) reads as NumPy
  template <class T>
  requires(!std::same_as<T, bool>) KeepDims(T) {  // NOLINT(google-explicit-constructor)
    static_assert(always_false<T>,
                  "sinter: keepdims must be true or false; to reduce over several axes pass a list, e.g. "
                  "sum(x, {0, 1})");
  }
  operator bool() const { return keep_; }  // NOLINT(google-explicit-constructor)

 private:
  bool keep_ = false;
};

}  // namespace sinter::detail
