// A pointer -> int map for the planner's walks (plan.cpp, foreign.cpp).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace sinter::fuse {

// A pointer -> int map for the planner's walks: an inline array searched linearly while small
// (the usual expression has a handful of nodes, and a hash map's allocation per entry dominated
// the planning of a cache-hit call), a hash map once it grows.
template <class K> class PointerMap {
 public:
  /// The value for `key`, or nullptr.
  std::int32_t* find(const K* key) {
    std::int32_t* v = find_any(key);
    return v && *v != kErased ? v : nullptr;
  }
  /// Inserts (key, value) unless key is present; returns the stored value and whether it is new.
  std::pair<std::int32_t, bool> emplace(const K* key, std::int32_t value) {
    if (std::int32_t* v = find_any(key)) {
      if (*v != kErased) return {*v, false};
      *v = value;  // erased: takes the new value
      return {value, true};
    }
    if (size_ < kSmall) {
      small_[size_] = {key, value};
    } else {
      if (size_ == kSmall) large_.insert(small_.begin(), small_.end());
      large_.emplace(key, value);
    }
    ++size_;
    return {value, true};
  }
  /// Forgets `key` (an instruction emitted inside a loop or a branch that has ended).
  void erase(const K* key) {
    if (std::int32_t* v = find_any(key)) *v = kErased;
  }

 private:
  static constexpr std::int32_t kErased = INT32_MIN;
  std::int32_t* find_any(const K* key) {
    if (size_ > kSmall) {
      auto it = large_.find(key);
      return it == large_.end() ? nullptr : &it->second;
    }
    for (std::size_t i = 0; i < size_; ++i)
      if (small_[i].first == key) return &small_[i].second;
    return nullptr;
  }

  static constexpr std::size_t kSmall = 24;
  std::size_t size_ = 0;
  std::array<std::pair<const K*, std::int32_t>, kSmall> small_;
  std::unordered_map<const K*, std::int32_t> large_;
};

}  // namespace sinter::fuse
