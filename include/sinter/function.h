// Traced functions: sinter::function (docs/custom-kernels.md, "Traced functions"). A C++
// callable over arrays and scalars is traced into IR on its first call for a signature; later
// calls with that signature bind their arrays and scalars to the recorded graph without
// running the callable, building expressions or compiling. The results are pending arrays.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "sinter/control.h"
#include "sinter/export.h"

namespace sinter {
namespace detail {

/// One argument of a call: an array's node, or a scalar's C++ type and value.
struct FunctionArg {
  bool array = false;         // an Array or an expression (else a scalar)
  ir::NodePtr node;           // the array's node (null: an empty Array)
  DType dtype = DType::Bool;  // a scalar's C++ type (dtype_v<S>)
  bool integral = false;      // a scalar of integral (or bool) C++ type: `i` holds it, else `f`
  double f = 0;
  std::int64_t i = 0;
};

struct FunctionState;  // lib/frontend/function.cpp: the traces of one sinter::function
SINTER_API std::shared_ptr<FunctionState> new_function_state(std::string name);
SINTER_API const char* function_name(const FunctionState& state);
/// Whether the calling thread is tracing (a function, a loop or a branch).
SINTER_API bool inside_trace();
/// A cache hit: true, with `out` the results of replaying the trace that matches `args`.
/// Checks the arguments (an empty Array is an EmptyArrayError naming the function).
SINTER_API bool function_lookup(FunctionState& state, std::span<const FunctionArg> args, std::vector<ir::NodePtr>& out);
/// The placeholder (parameter) nodes the callable is traced over: one per array, null for a scalar.
SINTER_API std::vector<ir::NodePtr> function_placeholders(std::span<const FunctionArg> args);
/// Records a trace from the callable's results over `args` (`outs`) and over `probe` (the same
/// arrays, other scalar values: `probe_outs`, empty when that trace failed); returns the results
/// for `args`.
SINTER_API std::vector<ir::NodePtr> function_record(FunctionState& state, std::span<const FunctionArg> args,
                                                    std::span<const FunctionArg> probe,
                                                    std::span<const ir::NodePtr> outs,
                                                    std::span<const ir::NodePtr> probe_outs);
SINTER_API std::size_t function_traces(const FunctionState& state);
/// Throws the Error a callable's result of the wrong kind gets.
[[noreturn]] SINTER_API void function_result_error(const char* function, std::size_t count);

template <class A>
concept FunctionArgument = Lazy<A> || ScalarLike<A>;

/// What the callable receives for an argument of type A: an Array, or the scalar itself.
template <class A> struct trace_arg { using type = plain<A>; };
template <Lazy A> struct trace_arg<A> { using type = array_of<plain<A>>; };
template <class A> using trace_arg_t = typename trace_arg<A>::type;

template <class A> FunctionArg function_arg(const A& a) {
  FunctionArg r;
  if constexpr (ArrayLike<A>) {
    r.array = true;
    if (!a.empty_handle()) r.node = a.node();  // an empty one: an error naming the function (function_lookup)
  } else if constexpr (Lazy<A>) {
    r.array = true;
    r.node = lazy_node(a);
  } else {
    using S = plain<A>;
    r.dtype = dtype_v<S>;
    r.integral = std::is_integral_v<S>;
    if constexpr (std::is_integral_v<S>) r.i = integer_scalar(a);
    else r.f = static_cast<double>(a);
  }
  return r;
}

/// Another value of scalar `a` (the k-th argument): the trace over it tells which scalar
/// nodes are the argument itself. Equal to `a` when there is none (a bool, an extreme value).
template <class S> S probe_value(S a, std::size_t k) {
  if constexpr (std::is_same_v<S, bool>) {
    return !a;
  } else if constexpr (std::is_integral_v<S>) {
    const auto step = static_cast<S>(k % 7 + 1);
    return a <= std::numeric_limits<S>::max() - step ? static_cast<S>(a + step) : static_cast<S>(a - step);
  } else {
    if (!std::isfinite(a)) return a;
    return static_cast<S>(a * S(1.5) + S(1.25) + static_cast<S>(k));
  }
}

template <class A> FunctionArg probe_arg(const FunctionArg& actual, const A& a, std::size_t k) {
  if constexpr (Lazy<A>) {
    return actual;
  } else {
    return function_arg(probe_value(static_cast<plain<A>>(a), k));
  }
}

template <class A> trace_arg_t<A> traced_value(const ir::NodePtr& placeholder, const FunctionArg& v) {
  if constexpr (Lazy<A>) {
    return trace_arg_t<A>(placeholder);
  } else {
    using S = plain<A>;
    if constexpr (std::is_integral_v<S>) return static_cast<S>(v.i);
    else return static_cast<S>(v.f);
  }
}

template <class R> constexpr std::size_t result_count() {
  if constexpr (is_tuple<R>::value) return std::tuple_size_v<R>;
  else return 1;
}

template <class R> auto function_results(const char* name, const std::vector<ir::NodePtr>& out) {
  if (out.size() != result_count<R>()) function_result_error(name, out.size());
  if constexpr (is_tuple<R>::value) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::tuple<array_of<std::tuple_element_t<I, R>>...>{
          array_of<std::tuple_element_t<I, R>>::from_value(out[I])...};
    }
    (std::make_index_sequence<std::tuple_size_v<R>>{});
  } else {
    return array_of<R>::from_value(out[0]);
  }
}

}  // namespace detail

/// A traced function: see sinter::function.
template <class F> class Function {
 public:
  /// Wraps callable `f`; `name` appears in error messages and logs (sinter::function makes one).
  Function(F f, std::string name) : f_(std::move(f)), state_(detail::new_function_state(std::move(name))) {}

  /// Calls the function: arrays (or array expressions) and arithmetic scalars, in the order the
  /// callable takes them. Returns one Array or a std::tuple of them, pending.
  template <class... A> auto operator()(const A&... args) const {
    static_assert((detail::FunctionArgument<A> && ...),
                  "sinter::function: every argument must be an Array, an array expression or an arithmetic scalar");
    static_assert(std::is_invocable_v<const F&, detail::trace_arg_t<A>...>,
                  "sinter::function: the callable cannot be called with these arguments (their count or types); it "
                  "receives an Array<T> for each array argument and the scalar itself for each scalar");
    using R = std::decay_t<std::invoke_result_t<const F&, detail::trace_arg_t<A>...>>;
    const char* name = detail::function_name(*state_);
    if (detail::inside_trace()) {  // inside another trace: the callable is part of that one
      return detail::function_results<R>(name, detail::value_nodes(f_(detail::trace_arg_t<A>(args)...)));
    }
    const std::array<detail::FunctionArg, sizeof...(A)> actual{detail::function_arg(args)...};
    std::vector<ir::NodePtr> out;
    if (!detail::function_lookup(*state_, actual, out)) {
      const std::array<detail::FunctionArg, sizeof...(A)> probe = [&]<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<detail::FunctionArg, sizeof...(A)>{detail::probe_arg(actual[I], args, I)...};
      }
      (std::index_sequence_for<A...>{});
      const std::vector<ir::NodePtr> placeholders = detail::function_placeholders(actual);
      std::vector<ir::NodePtr> outs = trace<A...>(name, placeholders, actual);
      std::vector<ir::NodePtr> probe_outs;
      try {
        probe_outs = trace<A...>(name, placeholders, probe);
      } catch (const Error&) {
        probe_outs.clear();  // the other values are not valid here: the trace keeps the values
      }
      out = detail::function_record(*state_, actual, probe, outs, probe_outs);
    }
    return detail::function_results<R>(name, out);
  }

  /// How many times the callable has been traced (once per new signature; tests, diagnostics).
  std::size_t traces() const { return detail::function_traces(*state_); }

 private:
  template <class... A>
  std::vector<ir::NodePtr> trace(const char* name, const std::vector<ir::NodePtr>& placeholders,
                                 std::span<const detail::FunctionArg> values) const {
    detail::TraceScope scope(name);
    return detail::traced(name, "the body", [&] {
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return detail::value_nodes(f_(detail::traced_value<A>(placeholders[I], values[I])...));
      }
      (std::index_sequence_for<A...>{});
    });
  }

  F f_;
  std::shared_ptr<detail::FunctionState> state_;
};

/// A traced function over arrays and scalars:
///
///   auto f = sinter::function([](auto x, auto y, float a) {
///     auto u = sqrt(x * x + y * y) * a;
///     return std::tuple{Array<float>(u), Array<float>(u - x)};
///   });
///   auto [u, v] = f(x, y, 2.0f);
///
/// The first call for a signature (each argument's dtype, shape and device, each scalar's C++
/// type) runs the callable over placeholder arrays and records what it builds; a later call
/// with that signature binds its arrays and scalar values to the record, without running the
/// callable or compiling anything new. Scalars are kernel parameters. Inside the callable, as
/// in a while_loop body, a host read of a pending array throws (docs/custom-kernels.md).
template <class F> Function<std::decay_t<F>> function(F&& f, std::string name = "sinter::function") {
  return Function<std::decay_t<F>>(std::forward<F>(f), std::move(name));
}

}  // namespace sinter
