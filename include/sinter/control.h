// Per-element control flow: sinter::while_loop and sinter::if_then_else (docs/custom-kernels.md).
// The lambdas are called once, when the loop or the branch is made, with Array handles that
// stand for one element's values; what they compute becomes a region of the IR, lowered to a
// real loop or branch inside the fused kernel. The results are pending arrays like any other.
#pragma once
#include <cstdint>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "sinter/array.h"
#include "sinter/export.h"

namespace sinter {

/// The most trips a while_loop makes per element: an element whose condition still holds after
/// that many stops there, with the state of its last trip (docs/custom-kernels.md, "The cap").
struct MaxIterations {
  std::int64_t count;  ///< the cap (0 or more)
};
/// The cap of a while_loop: while_loop(x, cond, body, max_iterations(100)) (docs/custom-kernels.md).
inline MaxIterations max_iterations(std::int64_t count) { return MaxIterations{count}; }

namespace detail {

// Library entry points (lib/frontend/control.cpp).
/// Marks the calling thread as tracing `function`'s lambdas until end_trace: evaluating a
/// pending array there throws (the values are per element; the host cannot branch on them).
SINTER_API void begin_trace(const char* function);
SINTER_API void end_trace() noexcept;
/// begin_trace for a loop over `state`: checks it and returns the loop's parameters.
SINTER_API std::vector<ir::NodePtr> begin_loop(const char* function, std::span<const ir::NodePtr> state);
SINTER_API void end_loop() noexcept;
SINTER_API std::vector<ir::NodePtr> finish_loop(const char* function, std::int64_t cap,
                                                std::span<const ir::NodePtr> state, std::span<const ir::NodePtr> params,
                                                const ir::NodePtr& cond, std::span<const ir::NodePtr> next);
SINTER_API std::vector<ir::NodePtr> finish_if(const char* function, const ir::NodePtr& cond,
                                              std::span<const ir::NodePtr> then_values,
                                              std::span<const ir::NodePtr> else_values);
/// Rethrows `e` (a sinter::Error raised inside a traced lambda) as its own type, its message
/// prefixed by "function: part: ".
[[noreturn]] SINTER_API void rethrow_in(const char* function, const char* part, const Error& e);

template <class T> struct is_tuple : std::false_type {};
template <class... T> struct is_tuple<std::tuple<T...>> : std::true_type {};

/// The Array type holding a lazy value: Array<T> for an Array<T> or an expression of T.
template <class V> using array_of = Array<typename plain<decltype(Array(std::declval<const V&>()))>::value_type>;

template <class V> ir::NodePtr value_node(const V& v) {
  static_assert(Lazy<V>,
                "sinter: a while_loop body, condition or if_then_else branch must return Arrays or array "
                "expressions (a scalar: sinter::full(shape, value), or compute it from the values)");
  return lazy_node(v);
}

/// The nodes of a lambda's result: one value, or a std::tuple of them.
template <class R> std::vector<ir::NodePtr> value_nodes(const R& r) {
  if constexpr (is_tuple<R>::value) {
    return std::apply([](const auto&... v) { return std::vector<ir::NodePtr>{value_node(v)...}; }, r);
  } else {
    return {value_node(r)};
  }
}

/// Calls f with the thread marked as tracing; an Error inside names the function and the part.
template <class F> auto traced(const char* function, const char* part, F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const Error& e) { rethrow_in(function, part, e); }
}

struct TraceScope {
  explicit TraceScope(const char* function) { begin_trace(function); }
  ~TraceScope() { end_trace(); }
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;
};

struct LoopScope {
  LoopScope(const char* function, std::span<const ir::NodePtr> state) : params(begin_loop(function, state)) {}
  ~LoopScope() { end_loop(); }
  LoopScope(const LoopScope&) = delete;
  LoopScope& operator=(const LoopScope&) = delete;
  std::vector<ir::NodePtr> params;
};

template <class... S, class Cond, class Body, std::size_t... I>
auto while_loop_impl(std::int64_t cap, const Cond& cond, const Body& body, std::index_sequence<I...>,
                     const S&... state) {
  constexpr const char* kName = "while_loop";
  const std::vector<ir::NodePtr> inits{value_node(state)...};
  std::vector<ir::NodePtr> params;
  ir::NodePtr cond_node;
  std::vector<ir::NodePtr> next;
  {
    LoopScope scope(kName, inits);
    params = scope.params;
    std::tuple<array_of<S>...> values{array_of<S>(params[I])...};
    cond_node = traced(kName, "the condition", [&] { return value_node(std::apply(cond, values)); });
    next = traced(kName, "the body", [&] { return value_nodes(std::apply(body, values)); });
  }
  std::vector<ir::NodePtr> results = finish_loop(kName, cap, inits, params, cond_node, next);
  if constexpr (sizeof...(S) == 1) return (array_of<S>(results[I]), ...);
  else return std::tuple<array_of<S>...>{array_of<S>(results[I])...};
}

template <class R, std::size_t... I>
auto arrays_of_results(const std::vector<ir::NodePtr>& r, std::index_sequence<I...>) {
  return std::tuple<array_of<std::tuple_element_t<I, R>>...>{array_of<std::tuple_element_t<I, R>>(r[I])...};
}

}  // namespace detail

/// A loop per element: while cond(state...) holds, state = body(state...).
///
///   auto [x, n] = sinter::while_loop(x0, n0,
///       [](auto x, auto n) { return x > 1.0f; },
///       [](auto x, auto n) { return std::tuple{x * 0.5f, n + 1}; });
///
/// The state is one or more arrays (or expressions), broadcast to one shape. `cond` returns a
/// bool array; `body` returns as many values as the state, of the same types (a std::tuple, or
/// one value bare). Both are called once, now, with arrays standing for one element's values;
/// any elementwise op works inside, and arrays from outside may be used (read where the loop
/// runs). An optional last argument max_iterations(n) caps the trips per element. Returns the
/// final state: one Array, or a std::tuple of them, pending like any expression, computed
/// inside the kernel that reads them. Each element makes its own number of trips (none when
/// cond is false at once). Throws sinter::Error subclasses naming while_loop: a body returning
/// the wrong number or types of values, a non-bool condition, arrays of another device, a host
/// read of a pending array inside the lambdas.
template <class... Args> auto while_loop(const Args&... args) {
  constexpr std::size_t n = sizeof...(Args);
  static_assert(n >= 3,
                "sinter::while_loop(state..., cond, body[, max_iterations(n)]) needs a state, a condition "
                "and a body");
  using Last = std::tuple_element_t<n - 1, std::tuple<Args...>>;
  constexpr bool capped = std::is_same_v<Last, MaxIterations>;
  constexpr std::size_t lambdas = capped ? 3 : 2;
  static_assert(n >= lambdas + 1, "sinter::while_loop needs at least one state value before the condition and body");
  const auto arguments = std::tie(args...);
  std::int64_t cap = -1;
  if constexpr (capped) {
    cap = std::get<n - 1>(arguments).count;
    if (cap < 0) throw ValueError("while_loop: max_iterations(" + std::to_string(cap) + ") must be 0 or more");
  }
  const auto& cond = std::get<n - lambdas>(arguments);
  const auto& body = std::get<n - lambdas + 1>(arguments);
  return [&]<std::size_t... I>(std::index_sequence<I...> seq) {
    return detail::while_loop_impl(cap, cond, body, seq, std::get<I>(arguments)...);
  }
  (std::make_index_sequence<n - lambdas>{});
}

/// A branch per element: then_fn()'s values where cond holds, else_fn()'s elsewhere.
///
///   Array<float> y = sinter::if_then_else(x > 0.0f, [&] { return sqrt(x); }, [&] { return -x; });
///
/// Both lambdas take no arguments and read the arrays they capture; each returns one value or a
/// std::tuple of values, as many and of the same types in both. Unlike where(), only the taken
/// branch is computed for an element: a real branch in the kernel. Throws sinter::Error
/// subclasses naming if_then_else (a non-bool condition, branches that differ in count or types,
/// arrays of another device, a host read of a pending array inside a branch).
template <class C, class Then, class Else> auto if_then_else(const C& cond, const Then& then_fn, const Else& else_fn) {
  constexpr const char* kName = "if_then_else";
  using R = std::decay_t<decltype(then_fn())>;
  const ir::NodePtr cond_node = detail::value_node(cond);
  std::vector<ir::NodePtr> then_values;
  std::vector<ir::NodePtr> else_values;
  {
    detail::TraceScope scope(kName);
    then_values = detail::traced(kName, "the then branch", [&] { return detail::value_nodes(then_fn()); });
    else_values = detail::traced(kName, "the else branch", [&] { return detail::value_nodes(else_fn()); });
  }
  std::vector<ir::NodePtr> results = detail::finish_if(kName, cond_node, then_values, else_values);
  if constexpr (detail::is_tuple<R>::value)
    return detail::arrays_of_results<R>(results, std::make_index_sequence<std::tuple_size_v<R>>{});
  else return detail::array_of<R>(results[0]);
}

}  // namespace sinter
