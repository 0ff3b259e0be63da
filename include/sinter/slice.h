// Index specifications for read-only views (docs/views.md): per axis, an integer (picks one
// element and drops the axis) or a Slice (start, stop, step as in NumPy's a[start:stop:step]).
#pragma once
#include <concepts>
#include <cstdint>
#include <optional>

#include "sinter/axes.h"

namespace sinter {

/// NumPy's start:stop:step. Unset bounds take NumPy's defaults for the step's sign; bounds
/// outside the axis are clamped, negative ones count from the end. A zero step is a ValueError.
struct Slice {
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> stop;
  std::optional<std::int64_t> step;

  Slice() = default;
  Slice(std::optional<std::int64_t> start_, std::optional<std::int64_t> stop_,
        std::optional<std::int64_t> step_ = std::nullopt)
      : start(start_), stop(stop_), step(step_) {}
};

/// The type of `all`: a Slice of the whole axis that, called, is NumPy's all() reduction.
struct AllAxis : Slice {
  /// all(x, axes, keepdims): defined in reduce.h.
  template <class E> auto operator()(const E& x, const Axes& axes = {}, bool keepdims = false) const;
};

/// The whole axis, NumPy's `:` (x(all, 0) is x[:, 0]); all(x) is the reduction (reduce.h).
inline const AllAxis all{};

/// One axis of an index: an integer or a Slice.
class AxisIndex {
 public:
  template <std::integral I>
  AxisIndex(I index)  // NOLINT(google-explicit-constructor): x(1, Slice{...}) reads as NumPy's x[1, ...]
      : is_slice_(false), index_(static_cast<std::int64_t>(index)) {}
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
