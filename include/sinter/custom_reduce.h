// User-defined reductions: sinter::reduce(x, axes, identity, combine, [map], [finalize], [keepdims])
// (docs/custom-kernels.md, "User-defined reductions"). combine is called once, when the reduction
// is made, with Array handles standing for two states; what it computes becomes the reduction's
// combine, run inside the fused kernel wherever two states meet. map and finalize are ordinary
// elementwise code: the producer and the consumer the reduction fuses with.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "sinter/array.h"
#include "sinter/axes.h"
#include "sinter/control.h"
#include "sinter/export.h"

namespace sinter {

namespace detail {

// Library entry points (lib/frontend/reduce.cpp).
/// Checks the states (one device, shapes that broadcast, not inside a traced lambda, not on a
/// CUDA device yet), marks the thread as tracing reduce's combine until end_fold, and returns
/// the combine's 2k parameters: the states a (0 .. k-1) and b (k .. 2k-1), 0-d.
SINTER_API std::vector<ir::NodePtr> begin_fold(std::span<const ir::NodePtr> states);
SINTER_API void end_fold() noexcept;
/// The reduction's value nodes, one per state value (the states themselves over no axes).
SINTER_API std::vector<ir::NodePtr> finish_fold(std::span<const ir::NodePtr> states, const Axes& axes, bool keepdims,
                                                std::span<const ir::NodePtr> identities,
                                                std::span<const ir::NodePtr> combine,
                                                std::span<const ir::NodePtr> params);
/// A scalar node of type `t` holding `v` (an identity or a map's constant).
SINTER_API ir::NodePtr fold_scalar(DType t, double v, std::int64_t i, bool floating);

/// The element type of one state value: an array's or expression's, or a C++ scalar's own type
/// (a map may return constants, which are broadcast: Welford maps x to (1.0, x, 0.0)).
template <class V> struct state_element { using type = V; };
template <class V>
requires Lazy<V>
struct state_element<V> {
  using type = typename array_of<V>::value_type;
};
template <class V> using state_element_t = typename state_element<std::decay_t<V>>::type;

template <class V> constexpr bool is_state_value = Lazy<V> || std::is_arithmetic_v<std::decay_t<V>>;

template <class T> ir::NodePtr scalar_of(DType t, const T& v) {
  static_assert(std::is_arithmetic_v<T>,
                "sinter::reduce: an identity must be a scalar (a number), or a std::tuple of them, one per state "
                "value");
  // A float's integer value is never read (and converting inf or 1e30 to int64 is undefined).
  if constexpr (std::is_floating_point_v<T>) return fold_scalar(t, static_cast<double>(v), 0, true);
  else return fold_scalar(t, static_cast<double>(v), static_cast<std::int64_t>(v), false);
}

template <class V> ir::NodePtr state_node(const V& v) {
  if constexpr (Lazy<V>) return lazy_node(v);
  else return scalar_of(dtype_v<V>, v);
}

/// A value or a std::tuple of values as a tuple.
template <class V> auto as_tuple(const V& v) {
  if constexpr (is_tuple<V>::value) return v;
  else return std::tuple<V>{v};
}

/// The states' element types of a tuple of state values.
template <class Tuple> struct element_types;
template <class... V> struct element_types<std::tuple<V...>> { using type = std::tuple<state_element_t<V>...>; };

/// What combine receives for one state: an Array, or a tuple of Arrays for a state of several values.
template <class Types> struct state_handles;
template <class T> struct state_handles<std::tuple<T>> { using type = Array<T>; };
template <class T0, class T1, class... T> struct state_handles<std::tuple<T0, T1, T...>> {
  using type = std::tuple<Array<T0>, Array<T1>, Array<T>...>;
};

template <class R> constexpr bool returns_arrays() {
  if constexpr (is_tuple<R>::value) return []<std::size_t... I>(std::index_sequence<I...>) {
      return (Lazy<std::tuple_element_t<I, R>> && ...);
    }
  (std::make_index_sequence<std::tuple_size_v<R>>{});
  else return Lazy<R>; }

template <class R> constexpr std::size_t value_count() {
  if constexpr (is_tuple<R>::value) return std::tuple_size_v<R>;
  else return 1;
}

struct FoldScope {
  explicit FoldScope(std::span<const ir::NodePtr> states) : params(begin_fold(states)) {}
  ~FoldScope() { end_fold(); }
  FoldScope(const FoldScope&) = delete;
  FoldScope& operator=(const FoldScope&) = delete;
  std::vector<ir::NodePtr> params;
};

/// The result of a reduction: one Array, or a tuple of them.
template <class Types, std::size_t... I>
auto fold_results(const std::vector<ir::NodePtr>& r, std::index_sequence<I...>) {
  if constexpr (sizeof...(I) == 1) return (Array<std::tuple_element_t<I, Types>>::from_value(r[I]), ...);
  else
    return std::tuple<Array<std::tuple_element_t<I, Types>>...>{
        Array<std::tuple_element_t<I, Types>>::from_value(r[I])...};
}

/// finalize's result as Arrays.
template <class R> auto as_arrays(const R& r) {
  static_assert(returns_arrays<R>(),
                "sinter::reduce: finalize must return an Array (or array expression), or a std::tuple of them");
  if constexpr (is_tuple<R>::value)
    return std::apply([](const auto&... v) { return std::tuple{array_of<std::decay_t<decltype(v)>>(v)...}; }, r);
  else return array_of<R>(r);
}

template <class X, class Identity, class Combine, class Map, class Finalize>
auto reduce_impl(const X& x, const Axes& axes, const Identity& identity, const Combine& combine, const Map& map,
                 const Finalize& finalize, bool keepdims) {
  constexpr const char* kName = "sinter::reduce";
  // The states: x's values, or map's of them.
  auto inputs = as_tuple(x);
  static_assert(
      []<std::size_t... I>(std::index_sequence<I...>) {
        return (Lazy<std::tuple_element_t<I, std::decay_t<decltype(inputs)>>> && ...);
      }(std::make_index_sequence<std::tuple_size_v<std::decay_t<decltype(inputs)>>>{}),
      "sinter::reduce: x must be an Array or an array expression, or a std::tuple of them");
  auto mapped = [&] {
    if constexpr (std::is_same_v<Map, std::nullptr_t>) {
      return inputs;
    } else {
      return as_tuple(std::apply(map, inputs));
    }
  }();
  using Mapped = std::decay_t<decltype(mapped)>;
  constexpr std::size_t k = std::tuple_size_v<Mapped>;
  static_assert(
      []<std::size_t... I>(std::index_sequence<I...>) {
        return (is_state_value<std::tuple_element_t<I, Mapped>> && ...);
      }(std::make_index_sequence<k>{}),
      "sinter::reduce: map must return Arrays, array expressions or scalars, or a std::tuple of them");
  using Types = typename element_types<Mapped>::type;
  using Ids = std::decay_t<decltype(as_tuple(identity))>;
  static_assert(std::tuple_size_v<Ids> == k,
                "sinter::reduce: identity must have one value per state value (a std::tuple for a state of "
                "several)");
  using Handle = typename state_handles<Types>::type;
  static_assert(std::is_invocable_v<const Combine&, const Handle&, const Handle&>,
                "sinter::reduce: combine must be a function of two states, combine(a, b): each an Array, or a "
                "std::tuple of Arrays for a state of several values");
  using R = std::decay_t<std::invoke_result_t<const Combine&, const Handle&, const Handle&>>;
  static_assert(returns_arrays<R>(),
                "sinter::reduce: combine must return an Array (or array expression), or a std::tuple of them, one "
                "per state value");
  static_assert(value_count<R>() == k, "sinter::reduce: combine must return one value per state value");

  return [&]<std::size_t... I>(std::index_sequence<I...> seq) {
    const std::vector<ir::NodePtr> states{state_node(std::get<I>(mapped))...};
    const std::vector<ir::NodePtr> ids{
        scalar_of(dtype_v<std::tuple_element_t<I, Types>>, std::get<I>(as_tuple(identity)))...};
    std::vector<ir::NodePtr> params;
    std::vector<ir::NodePtr> combined;
    {
      FoldScope scope(states);
      params = scope.params;
      auto handle = [&](std::size_t first) {
        if constexpr (k == 1) return Array<std::tuple_element_t<0, Types>>(params[first]);
        else return Handle{Array<std::tuple_element_t<I, Types>>(params[first + I])...};
      };
      const Handle a = handle(0);
      const Handle b = handle(k);
      combined = traced(kName, "combine", [&] { return value_nodes(combine(a, b)); });
    }
    const std::vector<ir::NodePtr> results = finish_fold(states, axes, keepdims, ids, combined, params);
    auto arrays = fold_results<Types>(results, seq);
    if constexpr (std::is_same_v<Finalize, std::nullptr_t>) {
      return arrays;
    } else {
      if constexpr (k == 1) return as_arrays(finalize(arrays));
      else return as_arrays(std::apply(finalize, arrays));
    }
  }
  (std::make_index_sequence<k>{});
}

template <class T>
constexpr bool is_keepdims = std::is_same_v<std::decay_t<T>, bool> || std::is_same_v<std::decay_t<T>, KeepDims>;

}  // namespace detail

/// A user-defined reduction (docs/custom-kernels.md, "User-defined reductions"):
///
///   auto [n, mean, m2] = sinter::reduce(x, {0}, std::tuple{0.0, 0.0, 0.0}, welford_combine,
///                                       [](const auto& v) { return std::tuple{1.0, v, 0.0}; });
///
/// `x` is an Array or expression, or a std::tuple of them (broadcast to one shape); `map`
/// (optional; nullptr for none) turns x's values into the state of one element (Arrays,
/// expressions or scalars; it may change the state's arity); `identity` is a scalar or a
/// std::tuple of scalars, one per state value, converted to the state's types; `combine(a, b)`
/// returns the state of a's elements followed by b's (an Array or a std::tuple of them, of the
/// state's types), and must be associative with `identity` as its identity; `finalize`
/// (optional) is applied to the reduced states. A trailing bool keeps the reduced axes as size 1
/// (as sum's keepdims). Returns one Array, or a std::tuple of them, pending and fused with its
/// producer and consumers. Throws sinter::Error subclasses naming reduce (combine returning
/// other types, reading arrays other than its states, control flow in combine, a call inside a
/// traced lambda, a CUDA device: not yet supported there); the wrong number of arguments or
/// values is a compile error.
template <class X, class Identity, class Combine, class... Rest>
auto reduce(const X& x, const Axes& axes, const Identity& identity, const Combine& combine, const Rest&... rest) {
  constexpr std::size_t n = sizeof...(Rest);
  const auto tail = std::tie(rest...);
  constexpr bool keep = [] {
    if constexpr (n == 0) return false;
    else return detail::is_keepdims<std::tuple_element_t<n - 1, std::tuple<Rest...>>>;
  }();
  constexpr std::size_t callables = keep ? n - 1 : n;
  static_assert(callables <= 2,
                "sinter::reduce(x, axes, identity, combine[, map[, finalize]][, keepdims]): at most a map and a "
                "finalize after combine");
  bool keepdims = false;
  if constexpr (keep) keepdims = static_cast<bool>(std::get<n - 1>(tail));
  if constexpr (callables == 0) return detail::reduce_impl(x, axes, identity, combine, nullptr, nullptr, keepdims);
  else if constexpr (callables == 1)
    return detail::reduce_impl(x, axes, identity, combine, std::get<0>(tail), nullptr, keepdims);
  else return detail::reduce_impl(x, axes, identity, combine, std::get<0>(tail), std::get<1>(tail), keepdims);
}

}  // namespace sinter
