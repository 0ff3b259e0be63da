// Region nodes: construction and validation of while loops and ifs (ir/region.h). Every check
// runs when the user's lambdas have been traced, so bad input is a sinter::Error at trace time
// naming the function (while_loop, if_then_else) and what is wrong.
#include "ir/region.h"

#include <algorithm>

#include "sinter/error.h"

namespace sinter::ir {
namespace {

std::string type_name(DType t) { return std::string(name_of(t)); }

// `x` with `shape` on `device`: broadcast when it has another shape or none (a scalar).
NodePtr to_shape(const std::string& what, const NodePtr& x, const Shape& shape, Device device) {
  if (!x) throw EmptyArrayError(what + " is an empty Array (default-constructed or moved-from)");
  if (!x->device_free && !(x->device == device))
    throw DeviceError(what + " is on " + x->device.to_string() + ", the other values on " + device.to_string() +
                      "; every array a body or branch uses must be on one device (move it with to(device))");
  if (!x->device_free && x->shape == shape) return x;
  if (!broadcasts_to(x->shape, shape))
    throw ShapeError(what + " has shape " + x->shape.to_string() + ", which does not broadcast to the values' shape " +
                     shape.to_string());
  return make_broadcast(x, shape, device);
}

// Makes the region node `n` (op, operands set) and its Result nodes.
std::vector<NodePtr> finish_region(std::shared_ptr<Node> n, std::span<const DType> types) {
  {
    std::lock_guard lock(graph_mutex());
    for (std::size_t i = 0; i < n->num_operands; ++i) n->operands[i] = resolved(n->operands[i]);
  }
  take_sizes_from_operands(*n);
  if (n->op == Op::Loop) n->param_depths &= ~(1U << n->region_depth);  // its own parameters are inside
  if (n->op == Op::Fold) {
    n->param_depths &= ~(1U << kFoldDepth);  // its combine's parameters are inside
    n->reads_memory = true;                  // as make_reduce: computing it once and reading it is the point
  }
  NodePtr region = intern(std::move(n));
  std::vector<NodePtr> results;
  for (std::size_t i = 0; i < types.size(); ++i) {
    auto r = std::make_shared<Node>();
    r->op = Op::Result;
    r->dtype = types[i];
    r->shape = region->shape;
    r->device = region->device;
    r->num_operands = 1;
    r->operands[0] = region;
    r->region_values = static_cast<std::uint16_t>(i);
    take_sizes_from_operands(*r);
    results.push_back(intern(std::move(r)));
  }
  return results;
}

// A region node of `op` with `count` operands.
std::shared_ptr<Node> region_node(Op op, const Shape& shape, Device device, std::size_t count, std::size_t values) {
  auto n = std::make_shared<Node>();
  n->op = op;
  n->dtype = DType::Bool;  // unused: a region's values are its Results'
  n->shape = shape;
  n->device = device;
  n->num_operands = static_cast<std::uint8_t>(count);
  n->operands.allocate(count);
  n->region_values = static_cast<std::uint16_t>(values);
  return n;
}

// At most this many values per region: a node has at most 255 operands.
constexpr std::size_t kMaxRegionValues = 120;

void check_count(const std::string& function, const char* what, std::size_t count) {
  if (count == 0) throw Error(function + ": " + what + " has no values");
  if (count > kMaxRegionValues)
    throw Error(function + ": " + what + " has " + std::to_string(count) + " values; at most " +
                std::to_string(kMaxRegionValues) + " are supported");
}

}  // namespace

NodePtr make_param(DType dtype, const Shape& shape, Device device, int depth, int index) {
  auto n = std::make_shared<Node>();
  n->op = Op::Param;
  n->dtype = dtype;
  n->shape = shape;
  n->device = device;
  n->region_depth = static_cast<std::uint8_t>(depth);
  n->region_values = static_cast<std::uint16_t>(index);
  n->param_depths = 1U << depth;
  n->pending_size = 0;
  return intern(std::move(n));
}

void state_shape_and_device(const std::string& function, std::span<const NodePtr> values, Shape& shape,
                            Device& device) {
  bool have = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const NodePtr& v = values[i];
    if (!v)
      throw EmptyArrayError(function + ": value " + std::to_string(i) +
                            " is an empty Array (default-constructed or moved-from)");
    if (v->device_free) continue;
    if (have && !(v->device == device))
      throw DeviceError(function + ": value " + std::to_string(i) + " is on " + v->device.to_string() +
                        ", value 0 on " + device.to_string() + "; move one with to(device) first");
    if (have) {
      try {
        shape = broadcast_shapes(shape, v->shape);
      } catch (const ShapeError& e) { throw ShapeError(function + ": the values' shapes: " + e.what()); }
    } else {
      shape = v->shape;
      device = v->device;
    }
    have = true;
  }
  if (!have)
    throw DeviceError(function + ": needs at least one array (not only scalars) to give it a device and shape");
}

std::vector<NodePtr> make_loop(const std::string& function, const NodePtr& cap, std::span<const NodePtr> inits,
                               const NodePtr& cond, std::span<const NodePtr> next, int depth) {
  check_count(function, "the state", inits.size());
  if (depth < 1 || depth > kMaxLoopDepth)
    throw Error(function + ": loops nested " + std::to_string(depth) + " deep; at most " +
                std::to_string(kMaxLoopDepth) + " are supported");
  if (!cap || cap->op != Op::Scalar || cap->dtype != DType::Int64)
    throw InternalError(function + ": the iteration cap must be an int64 scalar");
  if (next.size() != inits.size())
    throw Error(function + ": the body returns " + std::to_string(next.size()) + " value" +
                (next.size() == 1 ? "" : "s") + " for a state of " + std::to_string(inits.size()) +
                "; it must return one per state value, in order");
  if (!cond) throw EmptyArrayError(function + ": the condition is an empty Array");
  if (cond->dtype != DType::Bool)
    throw DTypeError(function + ": the condition must be bool, got " + type_name(cond->dtype) +
                     " (compare it: x < 4.0f, or x != 0)");
  for (std::size_t i = 0; i < inits.size(); ++i) {
    if (!next[i]) throw EmptyArrayError(function + ": the body's value " + std::to_string(i) + " is an empty Array");
    if (next[i]->dtype != inits[i]->dtype)
      throw DTypeError(function + ": the body's value " + std::to_string(i) + " is " + type_name(next[i]->dtype) +
                       ", the state's value " + std::to_string(i) + " is " + type_name(inits[i]->dtype) +
                       "; convert it with sinter::cast");
  }
  Shape shape;
  Device device;
  state_shape_and_device(function, inits, shape, device);
  auto n = region_node(Op::Loop, shape, device, 2 + 2 * inits.size(), inits.size());
  n->region_depth = static_cast<std::uint8_t>(depth);
  n->operands[0] = cap;
  auto outside = [&](const NodePtr& x, const std::string& what) {
    if ((x->param_depths >> depth) != 0)
      throw Error(function + ": " + what + " uses the per-element values of this loop or of a loop that has finished");
    return x;
  };
  auto inside = [&](const NodePtr& x, const std::string& what) {
    if ((x->param_depths >> (depth + 1)) != 0)
      throw Error(function + ": " + what + " uses the per-element values of an inner loop outside its body");
    return to_shape(function + ": " + what, x, shape, device);
  };
  std::vector<DType> types;
  for (std::size_t i = 0; i < inits.size(); ++i) {
    const std::string what = "state value " + std::to_string(i);
    std::string where = function;
    where.append(": ").append(what);
    n->operands[1 + i] = to_shape(where, outside(inits[i], what), shape, device);
    n->operands[2 + inits.size() + i] = inside(next[i], "the body's value " + std::to_string(i));
    types.push_back(inits[i]->dtype);
  }
  n->operands[1 + inits.size()] = inside(cond, "the condition");
  return finish_region(std::move(n), types);
}

std::vector<NodePtr> make_if(const std::string& function, const NodePtr& cond, std::span<const NodePtr> then_values,
                             std::span<const NodePtr> else_values) {
  check_count(function, "the then branch", then_values.size());
  if (else_values.size() != then_values.size())
    throw Error(function + ": the then branch returns " + std::to_string(then_values.size()) +
                " values, the else branch " + std::to_string(else_values.size()) + "; both must return as many");
  if (!cond) throw EmptyArrayError(function + ": the condition is an empty Array");
  if (cond->dtype != DType::Bool)
    throw DTypeError(function + ": the condition must be bool, got " + type_name(cond->dtype));
  std::vector<NodePtr> all{cond};
  std::vector<DType> types;
  auto empty_value = [&](std::size_t i) {
    return EmptyArrayError(function + ": value " + std::to_string(i) + " of a branch is an empty Array");
  };
  auto other_types = [&](std::size_t i) {
    return DTypeError(function + ": value " + std::to_string(i) + " is " + type_name(then_values[i]->dtype) +
                      " in the then branch, " + type_name(else_values[i]->dtype) +
                      " in the else branch; convert one with sinter::cast");
  };
  for (std::size_t i = 0; i < then_values.size(); ++i) {
    if (!then_values[i] || !else_values[i]) throw empty_value(i);
    if (then_values[i]->dtype != else_values[i]->dtype) throw other_types(i);
    all.push_back(then_values[i]);
    all.push_back(else_values[i]);
    types.push_back(then_values[i]->dtype);
  }
  Shape shape;
  Device device;
  state_shape_and_device(function, all, shape, device);
  const std::size_t k = then_values.size();
  auto n = region_node(Op::If, shape, device, 1 + 2 * k, k);
  n->operands[0] = to_shape(function + ": the condition", cond, shape, device);
  for (std::size_t i = 0; i < k; ++i) {
    n->operands[1 + i] = to_shape(function + ": then value " + std::to_string(i), then_values[i], shape, device);
    n->operands[1 + k + i] = to_shape(function + ": else value " + std::to_string(i), else_values[i], shape, device);
  }
  return finish_region(std::move(n), types);
}

std::vector<NodePtr> make_fold(const std::string& function, std::span<const NodePtr> x, std::uint32_t axes,
                               bool keepdims, std::span<const NodePtr> identities, std::span<const NodePtr> combine,
                               std::span<const NodePtr> params) {
  const std::size_t k = x.size();
  check_count(function, "the state", k);
  constexpr std::size_t kMaxFoldStates = 50;  // 5 operands per state, at most 255 in all
  if (k > kMaxFoldStates)
    throw Error(function + ": a state of " + std::to_string(k) + " values; at most " + std::to_string(kMaxFoldStates) +
                " are supported");
  if (identities.size() != k || params.size() != 2 * k)
    throw InternalError(function + ": " + std::to_string(identities.size()) + " identities and " +
                        std::to_string(params.size()) + " parameters for a state of " + std::to_string(k));
  if (combine.size() != k)
    throw Error(function + ": combine returns " + std::to_string(combine.size()) + " value" +
                (combine.size() == 1 ? "" : "s") + " for a state of " + std::to_string(k) +
                "; it must return one per state value, in order (a std::tuple for several)");
  Shape shape;
  Device device;
  state_shape_and_device(function, x, shape, device);
  for (std::size_t i = 0; i < k; ++i) {
    if (!identities[i] || identities[i]->op != Op::Scalar || identities[i]->dtype != x[i]->dtype)
      throw InternalError(function + ": identity " + std::to_string(i) + " is not a scalar of the state's type");
    if (!combine[i]) throw EmptyArrayError(function + ": combine's value " + std::to_string(i) + " is an empty Array");
    if (combine[i]->dtype != x[i]->dtype)
      throw DTypeError(function + ": combine's value " + std::to_string(i) + " is " + type_name(combine[i]->dtype) +
                       ", state value " + std::to_string(i) + " is " + type_name(x[i]->dtype) +
                       "; convert it with sinter::cast");
    if (!(combine[i]->shape == Shape{}))
      throw ShapeError(function + ": combine's value " + std::to_string(i) + " has shape " +
                       combine[i]->shape.to_string() +
                       "; combine works on one state at a time (0-d values) and may use no other array");
    if ((x[i]->param_depths & ~1U) != 0)
      throw Error(function + ": a reduction inside a while_loop body (of a per-element value) is not supported");
  }
  // The combine: elementwise ops over its parameters and scalars, nothing else (it runs wherever
  // two states meet, with no element to read memory for).
  {
    std::lock_guard lock(graph_mutex());
    std::vector<const Node*> stack;
    std::vector<const Node*> seen;
    for (const NodePtr& c : combine) stack.push_back(resolved(c).get());
    while (!stack.empty()) {
      const Node* n = stack.back();
      stack.pop_back();
      if (std::find(seen.begin(), seen.end(), n) != seen.end()) continue;
      seen.push_back(n);
      const bool own_param =
          std::find_if(params.begin(), params.end(), [&](const NodePtr& p) { return p.get() == n; }) != params.end();
      if (n->op == Op::Param && !own_param)
        throw Error(function + ": combine uses the per-element values of a loop or of another reduction");
      if (n->op == Op::Buffer || !n->is_pending() || n->op == Op::Index || info(n->op).rule == TypeRule::Indexed)
        if (n->op != Op::Scalar && !own_param)
          throw Error(function +
                      ": combine reads an array other than its two states (it must be a function of the states "
                      "a and b alone; pass other arrays through the state or map)");
      if (reduces_elements(n->op) || (is_control(n->op) && n->op != Op::Param))
        throw Error(function + ": combine may use elementwise ops only (no reductions, while_loop or if_then_else; " +
                    "use sinter::where for a choice)");
      if (n->is_leaf()) continue;
      for (std::size_t a = 0; a < n->num_operands; ++a) stack.push_back(resolved(n->operands[a]).get());
    }
  }
  Shape out;
  for (int d = 0; d < shape.ndim(); ++d) {
    if (((axes >> d) & 1U) == 0) out.push_back(shape[d]);
    else if (keepdims) out.push_back(1);
  }
  auto n = region_node(Op::Fold, out, device, 5 * k, k);
  n->reduce_axes = axes;
  std::vector<DType> types;
  for (std::size_t i = 0; i < k; ++i) {
    n->operands[i] = to_shape(function + ": state value " + std::to_string(i), x[i], shape, device);
    n->operands[k + i] = identities[i];
    n->operands[2 * k + i] = combine[i];
    types.push_back(x[i]->dtype);
  }
  for (std::size_t i = 0; i < 2 * k; ++i) n->operands[3 * k + i] = params[i];
  return finish_region(std::move(n), types);
}

}  // namespace sinter::ir
