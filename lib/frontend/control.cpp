// The library side of while_loop and if_then_else (include/sinter/control.h): the per-thread
// tracing state and the construction of the region nodes (ir/region.h).
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/trace.h"
#include "ir/region.h"
#include "sinter/control.h"

namespace sinter::detail {
namespace {

struct TraceState {
  std::vector<const char*> functions;  // innermost last
  int loop_depth = 0;                  // loops being traced around the current lambda
};

thread_local TraceState t_trace;

}  // namespace

const char* tracing_function() { return t_trace.functions.empty() ? nullptr : t_trace.functions.back(); }

void begin_trace(const char* function) { t_trace.functions.push_back(function); }

void end_trace() noexcept {
  if (!t_trace.functions.empty()) t_trace.functions.pop_back();
}

std::vector<ir::NodePtr> begin_loop(const char* function, std::span<const ir::NodePtr> state) {
  // sinter::reduce's combine runs wherever two states meet, with no element of its own to loop over.
  if (const char* tracing = tracing_function(); tracing && std::string_view(tracing) == "sinter::reduce")
    throw Error(
        "sinter::reduce: combine may use elementwise ops only (no reductions, while_loop or if_then_else; use "
        "sinter::where for a choice)");
  Shape shape;
  Device device;
  ir::state_shape_and_device(function, state, shape, device);
  const int depth = t_trace.loop_depth + 1;
  if (depth > ir::kMaxLoopDepth)
    throw Error(std::string(function) + ": loops nested more than " + std::to_string(ir::kMaxLoopDepth) + " deep");
  std::vector<ir::NodePtr> params;
  for (std::size_t i = 0; i < state.size(); ++i)
    params.push_back(ir::make_param(state[i]->dtype, shape, device, depth, static_cast<int>(i)));
  begin_trace(function);
  ++t_trace.loop_depth;
  return params;
}

void end_loop() noexcept {
  --t_trace.loop_depth;
  end_trace();
}

std::vector<ir::NodePtr> finish_loop(const char* function, std::int64_t cap, std::span<const ir::NodePtr> state,
                                     std::span<const ir::NodePtr> params, const ir::NodePtr& cond,
                                     std::span<const ir::NodePtr> next) {
  // No cap: the largest count, a kernel parameter like any cap, so both share one kernel.
  const ir::NodePtr cap_node = ir::make_scalar(
      DType::Int64, ir::scalar_bits_from_int(DType::Int64, cap < 0 ? std::numeric_limits<std::int64_t>::max() : cap));
  return ir::make_loop(function, cap_node, state, cond, next, params.front()->region_depth);
}

std::vector<ir::NodePtr> finish_if(const char* function, const ir::NodePtr& cond,
                                   std::span<const ir::NodePtr> then_values, std::span<const ir::NodePtr> else_values) {
  return ir::make_if(function, cond, then_values, else_values);
}

void rethrow_in(const char* function, const char* part, const Error& e) {
  const std::string what = e.what();
  // An error that names the function already (a nested loop's, the evaluation guard's) is kept.
  const std::string message =
      what.rfind(std::string(function) + ":", 0) == 0 ? what : std::string(function) + ": " + part + ": " + what;
  if (dynamic_cast<const ShapeError*>(&e)) throw ShapeError(message);
  if (dynamic_cast<const DTypeError*>(&e)) throw DTypeError(message);
  if (dynamic_cast<const IndexError*>(&e)) throw IndexError(message);
  if (dynamic_cast<const DeviceUnavailable*>(&e)) throw DeviceUnavailable(message);
  if (dynamic_cast<const DeviceError*>(&e)) throw DeviceError(message);
  if (dynamic_cast<const ValueError*>(&e)) throw ValueError(message);
  if (dynamic_cast<const EmptyArrayError*>(&e)) throw EmptyArrayError(message);
  if (dynamic_cast<const InternalError*>(&e) || dynamic_cast<const CompileError*>(&e) ||
      dynamic_cast<const OutOfMemory*>(&e) || dynamic_cast<const ConfigError*>(&e))
    throw;  // called inside the handler: the error as it was
  throw Error(message);
}

}  // namespace sinter::detail
