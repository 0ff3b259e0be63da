// The library side of sinter::function (include/sinter/function.h): the traces of a function,
// keyed by signature, and their replay over new arguments.
//
// A trace runs the callable over placeholders: a Param node of depth 0 per array argument
// (bit 0 of Node::param_depths: such nodes are never planned, only replayed), and each scalar
// argument's value. It is run twice, the second time with other values of the scalars (the
// probe): walking both results in step tells which scalar nodes are an argument itself (its
// value in the first, its probe value in the second). The record is a list of steps in
// topological order: an argument, a scalar argument, a constant (a node that depends on no
// argument, kept as it is), or a node to make again from the steps of its operands. A call
// whose signature has a record replays it: one new node per recorded node that depends on an
// argument, interned as make_op would, but with no type rules, broadcasting or C++ expression
// to evaluate. When the two traces differ otherwise (the callable branches on a scalar's value,
// or computes with it on the host: `a * a`), the record holds for those values only, and the
// values become part of its key: another value traces again (a new trace, not a new kernel:
// scalars are kernel parameters either way).
#include <algorithm>
#include <bit>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "frontend/trace.h"
#include "ir/region.h"
#include "logging.h"
#include "sinter/function.h"

namespace sinter::detail {

namespace {

// The most records a function keeps (a record per new scalar value, when values are keys):
// past it, the oldest is dropped.
constexpr std::size_t kMaxRecords = 64;

struct Step {
  enum Kind { Arg, ScalarArg, Const, Make } kind = Const;
  int arg = -1;               // Arg, ScalarArg: the argument
  ir::NodePtr node;           // Const: the node; Make: the node to make again; ScalarArg: its dtype's node
  std::vector<int> operands;  // Make: steps
};

// What a record was traced for: per argument, an array's type, shape and device, or a scalar's
// C++ type (and its value, where values are keys).
struct Signature {
  bool array = false;
  DType dtype = DType::Bool;
  Shape shape;
  Device device;
  FunctionArg value;
};

struct Record {
  std::vector<Signature> key;
  bool values_are_keys = false;
  std::vector<Step> steps;
  std::vector<int> outputs;
};

// The bits of scalar argument `a` in a node of `dtype`, as the expression templates encode a
// weak scalar (expr.h, scalar_node_of); none for a float argument in an integer node (a
// conversion the templates make with checks of their own: such a node is not matched).
std::optional<std::uint64_t> scalar_bits(DType dtype, const FunctionArg& a) {
  if (is_float(dtype)) return ir::scalar_bits_from_double(dtype, a.integral ? static_cast<double>(a.i) : a.f);
  if (!a.integral) return std::nullopt;
  if (is_integer(dtype) && (a.i < integer_range(dtype).lo || a.i > integer_range(dtype).hi)) return std::nullopt;
  return ir::scalar_bits_from_int(dtype, a.i);
}

bool same_value(const FunctionArg& a, const FunctionArg& b) {
  return a.integral ? a.i == b.i : std::bit_cast<std::uint64_t>(a.f) == std::bit_cast<std::uint64_t>(b.f);
}

// Whether two nodes are alike but for their operands (and a scalar's value).
bool alike(const ir::Node& a, const ir::Node& b) {
  return a.op == b.op && a.dtype == b.dtype && a.shape == b.shape && a.device == b.device &&
         a.device_free == b.device_free && a.reduce_axes == b.reduce_axes && a.num_operands == b.num_operands &&
         a.region_depth == b.region_depth && a.region_values == b.region_values && a.is_view == b.is_view &&
         a.buffer == b.buffer && a.offset == b.offset && a.strides == b.strides;
}

struct ValueDependent {};  // the two traces differ in more than the scalar arguments' nodes

class Recorder {
 public:
  Recorder(std::span<const FunctionArg> args, std::span<const FunctionArg> probe,
           std::span<const ir::NodePtr> placeholders, Record& record)
      : args_(args), probe_(probe), placeholders_(placeholders), record_(record) {}

  int walk(const ir::NodePtr& root_a, const ir::NodePtr& root_b) {
    struct Frame {
      const ir::Node* a;
      const ir::Node* b;
      const ir::NodePtr* a_ptr;
      std::size_t next;
    };
    std::vector<Frame> stack{{root_a.get(), root_b.get(), &root_a, 0}};
    while (!stack.empty()) {
      const std::size_t top = stack.size() - 1;
      const ir::Node* a = stack[top].a;
      const ir::Node* b = stack[top].b;
      if (memo_.count({a, b})) {
        stack.pop_back();
        continue;
      }
      const bool make = !a->is_leaf() && !(a == b && (a->param_depths & 1U) == 0);
      if (!make) {
        memo_[{a, b}] = leaf(*stack[top].a_ptr, *b);
        stack.pop_back();
        continue;
      }
      if (stack[top].next == 0 && !alike(*a, *b)) throw ValueDependent{};
      if (stack[top].next < a->num_operands) {
        const std::size_t i = stack[top].next++;
        const ir::NodePtr& oa = a->operands[i];
        const ir::NodePtr& ob = b->operands[i];
        if (!memo_.count({oa.get(), ob.get()})) stack.push_back({oa.get(), ob.get(), &oa, 0});
        continue;
      }
      Step s;
      s.kind = Step::Make;
      s.node = *stack[top].a_ptr;
      for (std::size_t i = 0; i < a->num_operands; ++i)
        s.operands.push_back(memo_.at({a->operands[i].get(), b->operands[i].get()}));
      memo_[{a, b}] = add(std::move(s));
      stack.pop_back();
    }
    return memo_.at({root_a.get(), root_b.get()});
  }

 private:
  int add(Step s) {
    record_.steps.push_back(std::move(s));
    return static_cast<int>(record_.steps.size()) - 1;
  }

  int leaf(const ir::NodePtr& a, const ir::Node& b) {
    Step s;
    if (a->op == Op::Param && a->region_depth == 0) {
      const auto found = std::find(placeholders_.begin(), placeholders_.end(), a);
      if (found == placeholders_.end() || a.get() != &b)
        throw Error("a placeholder of another traced function is used (an Array kept from inside its callable)");
      s.kind = Step::Arg;
      s.arg = static_cast<int>(found - placeholders_.begin());
      return add(std::move(s));
    }
    if (a.get() == &b) {
      s.kind = Step::Const;
      s.node = a;
      return add(std::move(s));
    }
    if (a->op != Op::Scalar || b.op != Op::Scalar || a->dtype != b.dtype) throw ValueDependent{};
    int match = -1;
    for (std::size_t k = 0; k < args_.size(); ++k) {
      if (args_[k].array) continue;
      if (scalar_bits(a->dtype, args_[k]) == a->scalar_bits && scalar_bits(a->dtype, probe_[k]) == b.scalar_bits) {
        if (match >= 0) throw ValueDependent{};  // two arguments fit: which one is it?
        match = static_cast<int>(k);
      }
    }
    if (match < 0) throw ValueDependent{};  // a value computed from an argument on the host
    s.kind = Step::ScalarArg;
    s.arg = match;
    s.node = a;
    return add(std::move(s));
  }

  struct PairHash {
    std::size_t operator()(const std::pair<const ir::Node*, const ir::Node*>& p) const {
      return std::hash<const void*>()(p.first) * 31 + std::hash<const void*>()(p.second);
    }
  };

  std::span<const FunctionArg> args_;
  std::span<const FunctionArg> probe_;
  std::span<const ir::NodePtr> placeholders_;
  Record& record_;
  std::unordered_map<std::pair<const ir::Node*, const ir::Node*>, int, PairHash> memo_;
};

// Node `t` made again over `operands` (the record's signature guarantees they have t's
// operands' types and shapes): what make_op and the region constructors would give.
ir::NodePtr make_again(const ir::Node& t, std::span<const ir::NodePtr> operands) {
  if (t.op == Op::Broadcast) return ir::make_broadcast(operands[0], t.shape, t.device);
  auto n = std::make_shared<ir::Node>();
  n->op = t.op;
  n->dtype = t.dtype;
  n->shape = t.shape;
  n->device = t.device;
  n->device_free = t.device_free;
  n->reduce_axes = t.reduce_axes;
  n->scalar_bits = t.scalar_bits;
  n->region_depth = t.region_depth;
  n->region_values = t.region_values;
  n->num_operands = t.num_operands;
  n->operands.allocate(operands.size());
  for (std::size_t i = 0; i < operands.size(); ++i) n->operands[i] = operands[i];
  ir::take_sizes_from_operands(*n);
  if (is_reduction(n->op)) n->reads_memory = true;                     // as make_reduce
  if (n->op == Op::Loop) n->param_depths &= ~(1U << n->region_depth);  // as make_loop
  return ir::intern(std::move(n));
}

}  // namespace

struct FunctionState {
  std::string name;
  mutable std::mutex mutex;
  std::vector<std::shared_ptr<const Record>> records;  // most recently used first
  std::size_t traces = 0;
};

std::shared_ptr<FunctionState> new_function_state(std::string name) {
  auto s = std::make_shared<FunctionState>();
  s->name = std::move(name);
  return s;
}

const char* function_name(const FunctionState& state) { return state.name.c_str(); }

bool inside_trace() { return tracing_function() != nullptr; }

std::size_t function_traces(const FunctionState& state) {
  std::lock_guard lock(state.mutex);
  return state.traces;
}

void function_result_error(const char* function, std::size_t count) {
  throw Error(std::string(function) + ": the callable returned " + std::to_string(count) +
              " values where its type says otherwise");
}

namespace {

Signature signature_of(const FunctionArg& a, bool value_is_key) {
  Signature s;
  s.array = a.array;
  if (s.array) {
    s.dtype = a.node->dtype;
    s.shape = a.node->shape;
    s.device = a.node->device;
  } else {
    s.dtype = a.dtype;
    if (value_is_key) s.value = a;
  }
  return s;
}

std::string describe(const Signature& s) {
  if (!s.array) return "a scalar of type " + std::string(name_of(s.dtype));
  return "an array of " + std::string(name_of(s.dtype)) + ", shape " + s.shape.to_string() + ", on " +
         s.device.to_string();
}

// Whether the call's argument k fits the record's; if not, `why` says how it differs.
bool fits(const Record& r, std::size_t k, const FunctionArg& a, std::string* why) {
  const Signature& s = r.key[k];
  const Signature now = signature_of(a, r.values_are_keys);
  bool same = s.array == now.array && s.dtype == now.dtype;
  if (same && s.array) same = s.shape == now.shape && s.device == now.device;
  if (same && !s.array && r.values_are_keys) {
    same = same_value(s.value, a);
    if (!same && why)
      *why =
          "a new value of a scalar the trace depends on (the callable computes with it or branches on it on "
          "the host)";
    return same;
  }
  if (!same && why) *why = describe(now) + ", was " + describe(s);
  return same;
}

bool matches(const Record& r, std::span<const FunctionArg> args) {
  if (r.key.size() != args.size()) return false;
  for (std::size_t k = 0; k < args.size(); ++k)
    if (!fits(r, k, args[k], nullptr)) return false;
  return true;
}

std::vector<ir::NodePtr> replay(const Record& r, std::span<const FunctionArg> args) {
  std::vector<ir::NodePtr> values(r.steps.size());
  {
    std::lock_guard lock(ir::graph_mutex());
    for (std::size_t s = 0; s < r.steps.size(); ++s) {
      const Step& step = r.steps[s];
      if (step.kind == Step::Arg) values[s] = ir::resolved(args[static_cast<std::size_t>(step.arg)].node);
      else if (step.kind == Step::Const) values[s] = ir::resolved(step.node);
    }
  }
  std::vector<ir::NodePtr> operands;
  for (std::size_t s = 0; s < r.steps.size(); ++s) {
    const Step& step = r.steps[s];
    if (step.kind == Step::ScalarArg) {
      values[s] =
          ir::make_scalar(step.node->dtype, *scalar_bits(step.node->dtype, args[static_cast<std::size_t>(step.arg)]));
    } else if (step.kind == Step::Make) {
      operands.clear();
      for (int o : step.operands) operands.push_back(values[static_cast<std::size_t>(o)]);
      values[s] = make_again(*step.node, operands);
    }
  }
  std::vector<ir::NodePtr> out;
  out.reserve(r.outputs.size());
  for (int o : r.outputs) out.push_back(values[static_cast<std::size_t>(o)]);
  return out;
}

}  // namespace

bool function_lookup(FunctionState& state, std::span<const FunctionArg> args, std::vector<ir::NodePtr>& out) {
  for (std::size_t k = 0; k < args.size(); ++k)
    if (args[k].array && !args[k].node)
      throw EmptyArrayError(state.name + ": argument " + std::to_string(k) +
                            " is an empty Array (default-constructed or moved-from)");
  std::shared_ptr<const Record> found;
  {
    std::lock_guard lock(state.mutex);
    for (std::size_t i = 0; i < state.records.size(); ++i) {
      if (!matches(*state.records[i], args)) continue;
      found = state.records[i];
      if (i != 0)
        std::rotate(state.records.begin(), state.records.begin() + static_cast<std::ptrdiff_t>(i),
                    state.records.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      break;
    }
    if (!found && !state.records.empty() && log().should_log(spdlog::level::debug)) {
      const Record& last = *state.records.front();
      std::string why = std::to_string(args.size()) + " arguments, was " + std::to_string(last.key.size());
      std::size_t which = 0;
      if (last.key.size() == args.size())
        for (which = 0; which < args.size(); ++which)
          if (!fits(last, which, args[which], &why)) break;
      log().debug("{}: traced again for argument {}: {}", state.name, which, why);
    }
  }
  if (!found) return false;
  out = replay(*found, args);
  return true;
}

std::vector<ir::NodePtr> function_placeholders(std::span<const FunctionArg> args) {
  std::vector<ir::NodePtr> p(args.size());
  for (std::size_t k = 0; k < args.size(); ++k)
    if (args[k].array)
      p[k] = ir::make_param(args[k].node->dtype, args[k].node->shape, args[k].node->device, 0, static_cast<int>(k));
  return p;
}

std::vector<ir::NodePtr> function_record(FunctionState& state, std::span<const FunctionArg> args,
                                         std::span<const FunctionArg> probe, std::span<const ir::NodePtr> outs,
                                         std::span<const ir::NodePtr> probe_outs) {
  const std::vector<ir::NodePtr> placeholders = function_placeholders(args);
  auto record = std::make_shared<Record>();
  auto build = [&](std::span<const ir::NodePtr> other) {
    record->steps.clear();
    record->outputs.clear();
    Recorder recorder(args, probe, placeholders, *record);
    for (std::size_t o = 0; o < outs.size(); ++o) record->outputs.push_back(recorder.walk(outs[o], other[o]));
  };
  bool with_probe = probe_outs.size() == outs.size();
  for (std::size_t k = 0; with_probe && k < args.size(); ++k)
    if (!args[k].array && same_value(args[k], probe[k])) with_probe = false;  // no other value to probe with
  try {
    if (!with_probe) throw ValueDependent{};
    build(probe_outs);
  } catch (const ValueDependent&) {
    record->values_are_keys = true;
    try {
      build(outs);  // the values' trace alone: every scalar node is a constant
    } catch (const ValueDependent&) { throw InternalError(state.name + ": a trace differs from itself"); }
  } catch (const Error& e) { rethrow_in(state.name.c_str(), "the trace", e); }
  for (const FunctionArg& a : args) record->key.push_back(signature_of(a, record->values_are_keys));
  if (log().should_log(spdlog::level::debug)) {
    const auto made =
        std::count_if(record->steps.begin(), record->steps.end(), [](const Step& s) { return s.kind == Step::Make; });
    log().debug("{}: traced: {} steps, {} nodes made per call", state.name, record->steps.size(), made);
    if (record->values_are_keys)
      log().debug("{}: the trace depends on the values of its scalar arguments; a new value traces again", state.name);
  }
  {
    std::lock_guard lock(state.mutex);
    ++state.traces;
    state.records.insert(state.records.begin(), record);
    if (state.records.size() > kMaxRecords) state.records.pop_back();
  }
  return replay(*record, args);
}

}  // namespace sinter::detail
