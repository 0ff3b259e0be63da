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
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> stop;
  std::optional<std::int64_t> step;

  Slice() = default;
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
  template <detail::Arithmetic I>
  AxisIndex(I index)  // NOLINT(google-explicit-constructor): x(1, ...) is x[1, ...]
      : is_slice_(false), index_(detail::integer_argument<detail::IntegerArgument::Index>(index)) {}
  AxisIndex(const Slice& s)  // NOLINT(google-explicit-constructor)
      : is_slice_(true), slice_(s) {}

  bool is_slice() const { return is_slice_; }
  std::int64_t index() const { return index_; }
  const Slice& slice() const { return slice_; }

 private:
  bool is_slice_;
  std::int64_t index_ = 0;
  Slice slice_;
};

}  // namespace sinter
