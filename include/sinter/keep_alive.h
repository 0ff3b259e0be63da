// sinter::KeepAlive: how memory the application lends to sinter (Array::wrap, from_dlpack)
// stays valid for as long as sinter uses it.
#pragma once
#include <concepts>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace sinter {

/// The owner of lent memory: a shared_ptr to whatever owns it (held until sinter no longer uses
/// the memory, then dropped), or a function run once at that moment (a deleter). Empty: the
/// application guarantees the memory outlives every array and pending kernel that uses it.
class KeepAlive {
 public:
  /// No owner: the application keeps the memory alive itself.
  KeepAlive() = default;
  /// Holds `owner` (any shared_ptr) until sinter no longer uses the memory.
  template <class U>
  KeepAlive(std::shared_ptr<U> owner)  // NOLINT(google-explicit-constructor): wrap(p, shape, cpu(), owner)
      : release_([owner = std::shared_ptr<const void>(std::move(owner))] {}) {}
  /// Runs `on_release` once, when sinter no longer uses the memory (a deleter).
  template <class F>
  requires(std::invocable<F&> && !std::is_same_v<std::decay_t<F>, KeepAlive>)
      KeepAlive(F on_release)  // NOLINT(google-explicit-constructor): wrap(p, shape, cpu(), [] { free(p); })
      : release_(std::move(on_release)) {}

  /// The function sinter runs when it no longer uses the memory (library use).
  std::function<void()> take() && {
    if (!release_) return [] {};
    return std::move(release_);
  }

 private:
  std::function<void()> release_;
};

}  // namespace sinter
