// Array shapes: up to eight dimensions, stored inline (no heap allocation per node).
#pragma once
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>

#include "sinter/error.h"

namespace sinter {

inline constexpr int kMaxDims = 8;
/// The largest element count of an array (256 Ti elements): byte counts stay within 64 bits.
inline constexpr std::int64_t kMaxElements = std::int64_t{1} << 48;

class Shape {
 public:
  Shape() = default;  // a 0-d shape (a scalar): one element
  Shape(std::initializer_list<std::int64_t> dims) {
    if (dims.size() > kMaxDims)
      throw ShapeError("a shape has at most " + std::to_string(kMaxDims) + " dimensions, got " +
                       std::to_string(dims.size()));
    for (auto d : dims) push_back(d);
  }
  static Shape vector(std::int64_t n) { return Shape{n}; }

  int ndim() const { return ndim_; }
  std::int64_t operator[](int axis) const { return dims_[static_cast<std::size_t>(axis)]; }
  std::int64_t numel() const {
    std::int64_t n = 1;
    for (int i = 0; i < ndim_; ++i) n *= dims_[static_cast<std::size_t>(i)];
    return n;
  }
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

}  // namespace sinter
