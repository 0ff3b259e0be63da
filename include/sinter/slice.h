// Index specifications for read-only views (docs/views.md): per axis, an integer (picks one
// element and drops the axis) or a Slice (start, stop, step as in NumPy's a[start:stop:step]).
#pragma once
#include <concepts>
#include <cstdint>
#include <optional>
#include <type_traits>

#include "sinter/axes.h"
#include "sinter/detail/arguments.h"

namespace sinter {

namespace detail {
/// A bound or step of a Slice as written: an integer, or std::nullopt for NumPy's empty bound.
/// A float (Slice{0.5, 3}) does not compile instead of silently becoming 0.
class SliceBound {
 public:
  SliceBound(std::nullopt_t) {}                                     // NOLINT(google-explicit-constructor)
  SliceBound(std::optional<std::int64_t> value) : value_(value) {}  // NOLINT(google-explicit-constructor)
  template <detail::Arithmetic I>
  SliceBound(I value)  // NOLINT(google-explicit-constructor)
      : value_(integer_argument<IntegerArgument::Index>(value)) {}
  std::optional<std::int64_t> value() const { return value_; }

 private:
  std::optional<std::int64_t> value_;
};
}  // namespace detail

/// NumPy's start:stop:step. Unset bounds take NumPy's defaults for the step's sign; bounds
/// outside the axis are clamped, negative ones count from the end. A zero step is a ValueError.
struct Slice {
  std::optional<std::int64_t> start;  ///< the first index (unset: the step's end of the axis)
  std::optional<std::int64_t> stop;   ///< the index the slice stops before (unset: through the end)
  std::optional<std::int64_t> step;   ///< the stride (unset: 1)

  Slice() = default;
  /// Slice{start, stop[, step]}, each an integer or std::nullopt (docs/views.md).
  Slice(detail::SliceBound start_, detail::SliceBound stop_, detail::SliceBound step_ = std::nullopt)
      : start(start_.value()), stop(stop_.value()), step(step_.value()) {}
};

/// The type of `all`: a Slice of the whole axis that, called, is NumPy's all() reduction.
struct AllAxis : Slice {
  /// all(x, axes, keepdims): defined in reduce.h.
  template <class E> auto operator()(const E& x, const Axes& axes = {}, detail::KeepDims keepdims = false) const;
};

/// The whole axis, NumPy's `:` (x(all, 0) is x[:, 0]); all(x) is the reduction (reduce.h).
inline const AllAxis all{};

/// One axis of an index: an integer or a Slice. A float, a bool (NumPy's x[True] is a new axis,
/// not element 1) or a character does not compile.
class AxisIndex {
 public:
  /// An integer index (negative counts from the end): the axis is dropped.
  template <detail::Arithmetic I>
  AxisIndex(I index)  // NOLINT(google-explicit-constructor): x(1, ...) is x[1, ...]
      : is_slice_(false), index_(detail::integer_argument<detail::IntegerArgument::Index>(index)) {}
  /// A Slice of the axis: the axis is kept.
  AxisIndex(const Slice& s)  // NOLINT(google-explicit-constructor)
      : is_slice_(true), slice_(s) {}

  /// True for a Slice, false for an integer.
  bool is_slice() const { return is_slice_; }
  /// The integer index (when not is_slice()).
  std::int64_t index() const { return index_; }
  /// The Slice (when is_slice()).
  const Slice& slice() const { return slice_; }

 private:
  bool is_slice_;
  std::int64_t index_ = 0;
  Slice slice_;
};

}  // namespace sinter
