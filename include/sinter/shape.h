// Array shapes: up to eight dimensions, stored inline (no heap allocation per node).
#pragma once
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>

#include "sinter/detail/arguments.h"
#include "sinter/error.h"

namespace sinter {

/// The most dimensions an array has.
inline constexpr int kMaxDims = 8;
/// The largest element count of an array (256 Ti elements): byte counts stay within 64 bits.
inline constexpr std::int64_t kMaxElements = std::int64_t{1} << 48;

/// An array's dimensions, outermost first: Shape{1000, 3} is 1000 rows of 3 (docs/broadcasting.md).
class Shape {
 public:
  Shape() = default;  // a 0-d shape (a scalar): one element
  /// Shape{rows, columns, ...}. Throws ShapeError for more than kMaxDims dimensions, a negative
  /// one, or more than kMaxElements elements.
  Shape(std::initializer_list<std::int64_t> dims) {
    if (dims.size() > kMaxDims)
      throw ShapeError("a shape has at most " + std::to_string(kMaxDims) + " dimensions, got " +
                       std::to_string(dims.size()));
    for (auto d : dims) push_back(d);
  }
  /// A 1-D shape of `n` elements (an integer: Shape::vector(2.5) does not compile).
  template <detail::Arithmetic N> static Shape vector(N n) {
    return Shape{detail::integer_argument<detail::IntegerArgument::Length>(n)};
  }

  /// The number of dimensions.
  int ndim() const { return ndim_; }
  /// Dimension `axis` (0 to ndim() - 1; not checked).
  std::int64_t operator[](int axis) const { return dims_[static_cast<std::size_t>(axis)]; }
  /// The element count: the product of the dimensions (1 for a 0-d shape).
  std::int64_t numel() const {
    std::int64_t n = 1;
    for (int i = 0; i < ndim_; ++i) n *= dims_[static_cast<std::size_t>(i)];
    return n;
  }
  /// Appends dimension `d`, with the constructor's checks.
  void push_back(std::int64_t d) {
    if (ndim_ == kMaxDims) throw ShapeError("a shape has at most 8 dimensions");
    if (d < 0) throw ShapeError("negative dimension " + std::to_string(d) + " in a shape");
    // Bounded so that element counts times element sizes never overflow 64-bit byte counts.
    std::int64_t product = d;
    for (int i = 0; i < ndim_ && product > 0; ++i) {
      const std::int64_t e = dims_[static_cast<std::size_t>(i)];
      product = e == 0 ? 0 : (product > kMaxElements / e ? kMaxElements + 1 : product * e);
    }
    if (product > kMaxElements)
      throw ShapeError("a shape of more than 2^48 elements: dimension " + std::to_string(d) + " after " + to_string());
    dims_[static_cast<std::size_t>(ndim_++)] = d;
  }
  friend bool operator==(const Shape& a, const Shape& b) {
    if (a.ndim_ != b.ndim_) return false;
    for (int i = 0; i < a.ndim_; ++i)
      if (a.dims_[static_cast<std::size_t>(i)] != b.dims_[static_cast<std::size_t>(i)]) return false;
    return true;
  }
  /// NumPy's spelling: "(1000, 3)", "(5,)", "()".
  std::string to_string() const {
    std::string s = "(";
    for (int i = 0; i < ndim_; ++i) {
      if (i) s += ", ";
      s += std::to_string(dims_[static_cast<std::size_t>(i)]);
    }
    if (ndim_ == 1) s += ",";
    return s + ")";
  }

 private:
  std::array<std::int64_t, kMaxDims> dims_{};
  int ndim_ = 0;
};

/// True when `from` stretches to `to` under NumPy's rules: aligned at the last dimension, every
/// dimension of `from` equals the one of `to` or is 1, and `from` has no more dimensions.
inline bool broadcasts_to(const Shape& from, const Shape& to) {
  if (from.ndim() > to.ndim()) return false;
  const int lead = to.ndim() - from.ndim();
  for (int d = 0; d < from.ndim(); ++d)
    if (from[d] != 1 && from[d] != to[lead + d]) return false;
  return true;
}

/// The shape NumPy gives an elementwise operation on operands of shapes `a` and `b`: missing
/// leading dimensions count as 1, and a dimension of 1 stretches to the other's size (to 0
/// as well). Throws ShapeError naming both shapes when they differ in a dimension where
/// neither is 1.
inline Shape broadcast_shapes(const Shape& a, const Shape& b) {
  const Shape& longer = a.ndim() >= b.ndim() ? a : b;
  const Shape& shorter = a.ndim() >= b.ndim() ? b : a;
  const int lead = longer.ndim() - shorter.ndim();
  Shape out;
  for (int d = 0; d < longer.ndim(); ++d) {
    const std::int64_t x = longer[d];
    const std::int64_t y = d < lead ? 1 : shorter[d - lead];
    if (x != y && x != 1 && y != 1)
      throw ShapeError("shapes " + a.to_string() + " and " + b.to_string() + " cannot be broadcast");
    out.push_back(x == 1 ? y : x);
  }
  return out;
}

}  // namespace sinter
