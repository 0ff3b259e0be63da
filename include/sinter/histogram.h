// Counting into bins (docs/indexing.md): bincount and histogram, NumPy's, built on add_at. Both
// have a data-dependent length or need every element before the first count, so they evaluate
// their input and count on the host.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sinter/array.h"
#include "sinter/indexing.h"

namespace sinter {

/// NumPy's bincount: for a 1-d array of non-negative integers, how often each value 0, 1, ...,
/// max(x) occurs (int64, at least `minlength` long), on x's device. Throws DTypeError (x not of
/// an integer type), ValueError (x not 1-d, a negative element, a negative minlength).
template <Element I> Array<std::int64_t> bincount(const Array<I>& x, std::int64_t minlength = 0) {
  if (!is_integer(dtype_v<I>))
    throw DTypeError("bincount: the array must have an integer type, got " + std::string(name_of(dtype_v<I>)));
  if (x.shape().ndim() != 1) throw ValueError("bincount: the array must be 1-d, got shape " + x.shape().to_string());
  if (minlength < 0) throw ValueError("bincount: minlength must be non-negative, got " + std::to_string(minlength));
  const Array<std::int64_t> values = cast<std::int64_t>(x);
  std::int64_t length = minlength;
  for (std::int64_t v : values.to_vector()) {
    if (v < 0) throw ValueError("bincount: the array must have no negative elements, got " + std::to_string(v));
    length = std::max(length, v + 1);
  }
  Array<std::int64_t> counts = zeros<std::int64_t>(Shape{length}, x.device());
  add_at(counts, values, std::int64_t{1});
  return counts;
}

/// NumPy's histogram with `bins` equal bins over [lo, hi] (the last bin includes hi; elements
/// outside, and NaN, are not counted; lo == hi widens the range to [lo - 0.5, hi + 0.5]): the
/// counts (int64) and the bins + 1 edges (float64; float32 for float32 data, as NumPy's), on
/// a's device. Bins are found as NumPy finds them, in a's precision for floats. Throws
/// ValueError (bins < 1, lo > hi, a range that is not finite).
template <Element T>
std::pair<Array<std::int64_t>, Array<std::conditional_t<std::is_same_v<T, float>, float, double>>> histogram(
    const Array<T>& a, std::int64_t bins, double lo, double hi) {
  using F = std::conditional_t<std::is_same_v<T, float>, float, double>;
  if (bins < 1) throw ValueError("histogram: bins must be positive, got " + std::to_string(bins));
  if (!(lo <= hi)) throw ValueError("histogram: max must be larger than min in range parameter");
  if (!std::isfinite(lo) || !std::isfinite(hi))
    throw ValueError("histogram: supplied range of [" + std::to_string(lo) + ", " + std::to_string(hi) +
                     "] is not finite");
  if (lo == hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  // NumPy's linspace: start + k * step (in float64), the last edge hi, then converted to F.
  std::vector<F> edges(static_cast<std::size_t>(bins) + 1);
  const double step = (hi - lo) / static_cast<double>(bins);
  for (std::int64_t k = 0; k <= bins; ++k)
    edges[static_cast<std::size_t>(k)] = static_cast<F>(k == bins ? hi : lo + static_cast<double>(k) * step);
  // In a's precision as NumPy's ((a - lo) / (hi - lo) * bins: the range a Python float, so weak).
  const F first = static_cast<F>(lo), last = static_cast<F>(hi);
  const F denominator = static_cast<F>(hi - lo);
  std::vector<std::int64_t> picked;
  for (T element : a.to_vector()) {
    const F v = static_cast<F>(element);
    if (!(v >= first && v <= last)) continue;
    auto index = static_cast<std::int64_t>(static_cast<F>((v - first) / denominator) * static_cast<F>(bins));
    if (index == bins) --index;
    if (v < edges[static_cast<std::size_t>(index)]) --index;
    else if (index != bins - 1 && v >= edges[static_cast<std::size_t>(index) + 1]) ++index;
    picked.push_back(index);
  }
  Array<std::int64_t> counts = zeros<std::int64_t>(Shape{bins}, a.device());
  if (!picked.empty()) add_at(counts, Array<std::int64_t>(picked, a.device()), std::int64_t{1});
  return {counts, Array<F>(edges, a.device())};
}

/// histogram over [min(a), max(a)] (NumPy's default range; [0, 1] for an empty a). Throws
/// ValueError when a holds NaN (the range is not finite).
template <Element T> auto histogram(const Array<T>& a, std::int64_t bins) {
  double lo = 0.0, hi = 1.0;
  const std::vector<T> values = a.to_vector();
  if (!values.empty()) {
    lo = hi = static_cast<double>(values[0]);
    for (T v : values) {
      const auto d = static_cast<double>(v);
      if (std::isnan(d)) throw ValueError("histogram: autodetected range of [nan, nan] is not finite");
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
  }
  return histogram(a, bins, lo, hi);
}

}  // namespace sinter
