// sinter::precompile: pay for compiling a computation's kernels at start-up, not at its first
// real call (docs/caching.md, "Compiling ahead").
#pragma once
#include <cstdint>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sinter/array.h"
#include "sinter/control.h"
#include "sinter/counters.h"

namespace sinter {
namespace detail {

/// Evaluates what a callable returned: an Array, an expression, or a tuple of them.
template <class R> void evaluate_result(const R& result) {
  if constexpr (Lazy<R>) {
    Array(result).eval();
  } else if constexpr (is_tuple<R>::value) {
    std::apply([](const auto&... parts) { (evaluate_result(parts), ...); }, result);
  } else {
    static_assert(Lazy<R> || is_tuple<R>::value,
                  "sinter::precompile: the callable must return an Array, an expression, or a tuple of them");
  }
}

}  // namespace detail

/// Compiles every kernel `f(args...)` needs, so that later calls with arguments of the same
/// dtypes, shapes, layouts and devices find them compiled (in this process's kernel cache and,
/// when it is on, the disk cache, for later processes too). It calls `f` once on the example
/// arguments and evaluates what it returns (an Array, an expression, or a tuple of them): the kernels run once on the
/// examples, whose values do not matter. Pass arguments as the real calls will: a kernel's structure depends on whether
/// an input is an evaluated array, a view (its strides) or a pending expression (fused in), not on its values or its
/// length (docs/caching.md). `f` may be a sinter::function, which is traced for the examples' signature here too.
/// Returns the number of kernels compiled, or loaded from the disk cache, during the call (process-wide counters:
/// kernels other threads compile meanwhile are counted too).
template <class F, class... Args> std::uint64_t precompile(F&& f, Args&&... args) {
  const std::uint64_t before = counters().kernels_compiled;
  using Result = std::invoke_result_t<F, Args...>;
  static_assert(!std::is_void_v<Result>,
                "sinter::precompile: the callable returns nothing, so there is nothing to evaluate");
  detail::evaluate_result(std::invoke(std::forward<F>(f), std::forward<Args>(args)...));
  return counters().kernels_compiled - before;
}

}  // namespace sinter
