// The axes argument of reductions (include/sinter/reduce.h).
#pragma once
#include <initializer_list>
#include <utility>
#include <vector>

namespace sinter {

/// The axes a reduction runs over, NumPy's `axis` argument: one axis, a list of distinct axes
/// (negative ones count from the end), or every axis (the default; `{}` also means every axis).
class Axes {
 public:
  Axes() = default;
  Axes(int axis) : list_{axis}, all_(false) {}  // NOLINT(google-explicit-constructor): sum(x, 1) reads as NumPy
  Axes(std::initializer_list<int> axes) : list_(axes), all_(axes.size() == 0) {}
  /// A list known at run time (an empty one also means every axis).
  explicit Axes(std::vector<int> axes) : list_(std::move(axes)), all_(list_.empty()) {}
  bool all() const { return all_; }
  const std::vector<int>& list() const { return list_; }

 private:
  std::vector<int> list_;
  bool all_ = true;
};

}  // namespace sinter
