// The control-flow structure of kernel IR (ir/control.h): one pass with a stack of open regions.
#include "ir/control.h"

#include "sinter/error.h"

namespace sinter::ir {
namespace {

using std::size_t;

enum class Phase : std::uint8_t { States, Cond, Body, Nexts, Then, Else };

struct Open {
  std::int32_t region;
  Phase phase;
  std::int32_t nexts = 0;
};

std::string type_name(DType t) { return std::string(name_of(t)); }

}  // namespace

ControlFlow control_flow(const KernelIR& k, const std::function<void(size_t, const std::string&)>& fail) {
  ControlFlow cf;
  const size_t n = k.body.size();
  cf.region_of.assign(n, -1);
  cf.inside.assign(n, -1);
  std::vector<Open> stack;
  // Whether instruction a is visible: outside every region, or in one still open.
  std::vector<bool> open;  // per region
  auto visible = [&](std::int32_t a) {
    const std::int32_t r = cf.inside[static_cast<size_t>(a)];
    return r < 0 || open[static_cast<size_t>(r)];
  };
  auto dtype = [&](std::int32_t a) { return k.body[static_cast<size_t>(a)].dtype; };
  std::int32_t closed_if = -1;  // the if whose results may follow
  for (size_t j = 0; j < n; ++j) {
    const Instr& in = k.body[j];
    const std::int32_t top = stack.empty() ? -1 : stack.back().region;
    ControlRegion* r = top < 0 ? nullptr : &cf.regions[static_cast<size_t>(top)];
    // A loop's states are followed by its condition: the region's body opens.
    if (r && stack.back().phase == Phase::States && in.op != Op::LoopState) {
      if (r->values == 0) fail(j, "a loop needs at least one state after its begin");
      stack.back().phase = Phase::Cond;
      open[static_cast<size_t>(top)] = true;
    }
    const std::int32_t here = stack.empty() || stack.back().phase == Phase::States ? (r ? r->parent : -1) : top;
    cf.inside[j] = here;
    if (in.op != Op::IfResult) closed_if = in.op == Op::IfEnd ? closed_if : -1;
    if (is_reduction(in.op) && here >= 0) fail(j, "a reduction inside a loop or an if");
    if (in.per_output && (here >= 0 || (is_control(in.op) && !is_fold_marker(in.op))))
      fail(j, "control flow in a reduction kernel's per-output instructions");
    if (r && stack.back().phase == Phase::Nexts && in.op != Op::LoopNext && in.op != Op::LoopEnd)
      fail(j, "a loop's next values must be the last instructions of its body");
    for (size_t a = 0; a < in.num_args; ++a) {
      const std::int32_t arg = in.args[a];
      if (arg < 0 || static_cast<size_t>(arg) >= j) continue;  // reported by the caller's checks
      const bool branch_value = in.op == Op::IfResult && a > 0;
      if (!branch_value && !visible(arg))
        fail(j, "operand " + std::to_string(a) + " is %" + std::to_string(arg) +
                    ", inside a loop or an if that has ended (not visible here)");
    }
    auto require = [&](bool ok, const std::string& why) {
      if (!ok) fail(j, why);
    };
    switch (in.op) {
      case Op::Param:
      case Op::Loop:
      case Op::If:
      case Op::Result:
      case Op::Fold: fail(j, "a node-graph op (region node, parameter or result) in kernel IR"); break;
      case Op::LoopBegin: {
        require(dtype(in.args[0]) == DType::Int64 && in.dtype == DType::Int64,
                "the cap and the trip count are int64, got " + type_name(dtype(in.args[0])) + " and " +
                    type_name(in.dtype));
        cf.regions.push_back({true, static_cast<std::int32_t>(j), -1, -1, 0, here});
        open.push_back(false);
        cf.region_of[j] = static_cast<std::int32_t>(cf.regions.size() - 1);
        stack.push_back({cf.region_of[j], Phase::States});
        break;
      }
      case Op::LoopState:
        require(r && stack.back().phase == Phase::States, "a loop state not right after its loop's begin or states");
        require(in.dtype == dtype(in.args[0]),
                "a state of type " + type_name(in.dtype) + " starts from a " + type_name(dtype(in.args[0])) + " value");
        cf.region_of[j] = top;
        ++r->values;
        break;
      case Op::LoopCond:
        require(r && r->loop && stack.back().phase == Phase::Cond && in.args[0] == r->begin,
                "a loop condition outside its loop, or twice");
        require(dtype(in.args[1]) == DType::Bool && in.dtype == DType::Bool, "the loop condition must be bool");
        r->middle = static_cast<std::int32_t>(j);
        cf.region_of[j] = top;
        stack.back().phase = Phase::Body;
        break;
      case Op::LoopNext: {
        require(r && r->loop && (stack.back().phase == Phase::Body || stack.back().phase == Phase::Nexts),
                "a next value outside a loop's body");
        const std::int32_t state = r->begin + 1 + stack.back().nexts;
        require(
            stack.back().nexts < r->values && in.args[1] == state,
            "next values must follow the states' order (expected the next value of %" + std::to_string(state) + ")");
        require(
            in.dtype == dtype(state) && dtype(in.args[0]) == in.dtype,
            "a next value of type " + type_name(dtype(in.args[0])) + " for a " + type_name(dtype(state)) + " state");
        ++stack.back().nexts;
        stack.back().phase = Phase::Nexts;
        cf.region_of[j] = top;
        break;
      }
      case Op::LoopEnd:
        require(r && r->loop && in.args[0] == r->begin && r->middle >= 0, "a loop end without its loop");
        require(stack.back().nexts == r->values, "a loop's body must end with one next value per state");
        r->end = static_cast<std::int32_t>(j);
        cf.region_of[j] = top;
        open[static_cast<size_t>(top)] = false;
        stack.pop_back();
        cf.inside[j] = r->parent;
        break;
      case Op::IfBegin:
        require(dtype(in.args[0]) == DType::Bool && in.dtype == DType::Bool, "the if condition must be bool");
        cf.regions.push_back({false, static_cast<std::int32_t>(j), -1, -1, 0, here});
        open.push_back(true);
        cf.region_of[j] = static_cast<std::int32_t>(cf.regions.size() - 1);
        stack.push_back({cf.region_of[j], Phase::Then});
        break;
      case Op::IfElse:
        require(r && !r->loop && stack.back().phase == Phase::Then && in.args[0] == r->begin, "an else without its if");
        r->middle = static_cast<std::int32_t>(j);
        cf.region_of[j] = top;
        stack.back().phase = Phase::Else;
        break;
      case Op::IfEnd:
        require(r && !r->loop && stack.back().phase == Phase::Else && in.args[0] == r->begin,
                "an end_if without its if and else");
        r->end = static_cast<std::int32_t>(j);
        cf.region_of[j] = top;
        open[static_cast<size_t>(top)] = false;
        stack.pop_back();
        cf.inside[j] = r->parent;
        closed_if = top;
        break;
      case Op::IfResult: {
        require(closed_if >= 0, "an if result not right after its if's end or results");
        ControlRegion& f = cf.regions[static_cast<size_t>(closed_if)];
        require(in.args[0] == f.begin && static_cast<std::int32_t>(j) == f.end + 1 + f.values,
                "an if result of another if");
        auto in_branch = [&](std::int32_t a, std::int32_t first, std::int32_t last) {
          return (a > first && a < last) || visible(a);
        };
        require(in_branch(in.args[1], f.begin, f.middle), "the then value is not the then branch's or visible");
        require(in_branch(in.args[2], f.middle, f.end), "the else value is not the else branch's or visible");
        require(in.dtype == dtype(in.args[1]) && in.dtype == dtype(in.args[2]),
                "an if result of type " + type_name(in.dtype) + " from values of types " +
                    type_name(dtype(in.args[1])) + " and " + type_name(dtype(in.args[2])));
        cf.region_of[j] = closed_if;
        ++f.values;
        break;
      }
      default: break;
    }
  }
  if (!stack.empty()) fail(n, "a loop or an if is not closed");
  return cf;
}

ControlFlow control_flow(const KernelIR& kernel) {
  return control_flow(kernel, [&](size_t j, const std::string& why) {
    throw InternalError("kernel " + kernel.name() + ": instruction %" + std::to_string(j) + ": " + why);
  });
}

}  // namespace sinter::ir
