// The axes argument of reductions (include/sinter/reduce.h).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sinter/detail/arguments.h"
#include "sinter/error.h"

namespace sinter {

/// The axes a reduction runs over, NumPy's `axis` argument: one axis, a list of distinct axes
/// (negative ones count from the end), or every axis (the default; `{}` also means every axis).
class Axes {
 public:
  Axes() = default;
  /// One axis. Only integers: a float here (max(x, 0.0f)) would silently become axis 0, a bool
  /// (sum(x, true)) axis 1, so they do not compile.
  template <detail::Arithmetic I>
  Axes(I axis)  // NOLINT(google-explicit-constructor): sum(x, 1) reads as NumPy
      : list_{checked_axis(axis)}, all_(false) {}
  /// Several axes: sum(x, {0, 2}); an empty list, {}, means every axis.
  Axes(std::initializer_list<int> axes) : list_(axes), all_(axes.size() == 0) {}
  /// A list known at run time (an empty one also means every axis).
  explicit Axes(std::vector<int> axes) : list_(std::move(axes)), all_(list_.empty()) {}
  /// True when the reduction is over every axis.
  bool all() const { return all_; }
  /// The axes named (as given: negative ones count from the end).
  const std::vector<int>& list() const { return list_; }

 private:
  template <class I> static int checked_axis(I axis) {
    if constexpr (std::is_floating_point_v<I>) {
      static_assert(detail::always_false<I>,
                    "sinter: an axes argument must be an integer or a list of integers, not a floating-point value; "
                    "for the elementwise maximum or minimum with a scalar write sinter::maximum(x, v) or "
                    "sinter::minimum(x, v)");
      return 0;
    } else if constexpr (std::is_same_v<I, bool> || detail::Character<I>) {
      static_assert(detail::always_false<I>,
                    "sinter: an axes argument must be an integer, not a bool or a character; keepdims is the third "
                    "argument, e.g. sum(x, {}, true)");
      return 0;
    } else {
      const std::int64_t a = detail::integer_argument<detail::IntegerArgument::Index>(axis);
      // Past int's range it would wrap to a valid axis: refused here, as NumPy refuses it.
      if (a < std::numeric_limits<int>::min() || a > std::numeric_limits<int>::max())
        throw IndexError("axis " + std::to_string(a) + " is out of range");
      return static_cast<int>(a);
    }
  }

  std::vector<int> list_;
  bool all_ = true;
};

}  // namespace sinter
