// The view steps of the NumPy fixture files (views.txt, writes.txt): the base array every
// fixture starts from and one step ("slice SPEC", "transpose", "permute AXES", "reshape",
// "broadcast_to", "expand_dims", "squeeze", "stencil") applied to an array.
#pragma once
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support.h"

namespace test {

using namespace sinter;

/// NDIM DIMS... as the fixture files write a shape.
inline Shape read_shape(std::istream& in) {
  int ndim = 0;
  in >> ndim;
  Shape s;
  for (int d = 0; d < ndim; ++d) {
    std::int64_t size = 0;
    in >> size;
    s.push_back(size);
  }
  return s;
}

template <class T> T parse(const std::string& s) {
  if constexpr (std::is_same_v<T, bool>) return s == "1";
  else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(std::strtod(s.c_str(), nullptr));
  else return static_cast<T>(std::strtoll(s.c_str(), nullptr, 10));
}

// NumPy's ((arange(size) * 7 % 11) * 1.5 - 3).astype(T).
template <class T> Array<T> base_array(const Shape& shape, Device device) {
  std::vector<T> v(static_cast<std::size_t>(shape.numel()));
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double x = static_cast<double>(i * 7 % 11) * 1.5 - 3;
    if constexpr (std::is_same_v<T, bool>) v[i] = x != 0;
    else v[i] = static_cast<T>(x);
  }
  return Array<T>(v, shape, device);
}

inline std::optional<std::int64_t> bound(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return std::strtoll(s.c_str(), nullptr, 10);
}

template <class T> Array<T> apply_step(const Array<T>& a, const std::string& step) {
  std::istringstream in(step);
  std::string kind;
  in >> kind;
  if (kind == "slice") {
    std::string spec, item;
    in >> spec;
    std::vector<AxisIndex> index;
    std::istringstream items(spec);
    while (std::getline(items, item, ',')) {
      if (item.find(':') == std::string::npos) {
        index.emplace_back(std::strtoll(item.c_str(), nullptr, 10));
        continue;
      }
      std::vector<std::string> parts;
      std::istringstream p(item);
      std::string part;
      while (std::getline(p, part, ':')) parts.push_back(part);
      while (parts.size() < 3) parts.emplace_back();
      index.emplace_back(Slice{bound(parts[0]), bound(parts[1]), bound(parts[2])});
    }
    return a.slice(index);
  }
  if (kind == "transpose") return a.transpose();
  if (kind == "reshape") return a.reshape(read_shape(in));
  if (kind == "stencil") {  // pending: one kernel when read
    if constexpr (std::is_same_v<T, bool>) {
      FAIL("no stencil of bool");
    } else {
      const Slice mid{1, -1}, lo{0, -2}, hi{2, std::nullopt};
      return Array<T>(a(lo, mid) + a(hi, mid) + a(mid, lo) + a(mid, hi) - a(mid, mid) * T(4));
    }
  }
  if (kind == "permute") {
    std::vector<int> axes;
    int x = 0;
    while (in >> x) axes.push_back(x);
    return a.permute(axes);
  }
  if (kind == "broadcast_to") return a.broadcast_to(read_shape(in));
  int axis = 0;
  in >> axis;
  if (kind == "expand_dims") return a.expand_dims(axis);
  REQUIRE(kind == "squeeze");
  return a.squeeze(axis);
}

}  // namespace test
