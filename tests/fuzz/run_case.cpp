// Running a case: each step becomes one call on fuzz::Checker, the same calls its printed
// doctest form makes, so a printed case reproduces exactly what the fuzzer ran.
#include "fuzz/case.h"

namespace fuzz {

NodePtr build_value(Checker& checker, const Step& s, const std::vector<NodePtr>& nodes) {
  auto arg = [&](std::size_t a) { return nodes[static_cast<std::size_t>(s.args[a])]; };
  auto shape_of = [](const std::vector<std::int64_t>& dims) {
    sinter::Shape shape;
    for (auto d : dims) shape.push_back(d);
    return shape;
  };
  switch (s.kind) {
    case Step::Input:
      return s.own_shape ? checker.input(s.dtype, s.values, shape_of(s.dims)) : checker.input(s.dtype, s.values);
    case Step::RandomInput: return checker.random_input(s.dtype, s.seed);
    case Step::BroadcastInput: return checker.broadcast_input(s.dtype, s.seed, shape_of(s.dims));
    case Step::ViewInput: return checker.view_input(s.dtype, s.seed);
    case Step::Scalar: return checker.scalar(s.dtype, s.values.at(0));
    case Step::Index: return checker.index();
    case Step::Broadcast: return checker.broadcast(arg(0));
    case Step::Cast: return checker.cast(arg(0), s.dtype);
    case Step::Apply: {
      std::vector<NodePtr> operands;
      for (std::size_t a = 0; a < s.args.size(); ++a) operands.push_back(arg(a));
      return checker.op(s.op, operands);
    }
    case Step::Reduce: return checker.reduce(s.op, arg(0), s.axes, s.keepdims);
    case Step::Dot: return checker.dot(arg(0), arg(1));
    case Step::Loop: return checker.loop(arg(0), arg(1), s.op, static_cast<std::int64_t>(s.values.at(0)));
    case Step::Branch: return checker.branch(arg(0), arg(1), arg(2), s.op);
    case Step::Fold: return checker.fold(s.op, arg(0), s.axes, s.keepdims);
    case Step::Hold:
    case Step::Evaluate: break;
  }
  throw sinter::Error("fuzz: build_value of a step that is not a value");
}

std::optional<Failure> run(const Case& c, sinter::Device device, Mode mode) {
  // sinter::reduce runs on the CPU only for now (docs/custom-kernels.md): such a case is not run on a GPU.
  if (device.kind != sinter::DeviceKind::CPU)
    for (const Step& s : c.steps)
      if (s.kind == Step::Fold) return std::nullopt;
  Checker checker(device, case_shape(c), mode);
  std::vector<NodePtr> nodes(c.steps.size());
  std::vector<int> checker_index(c.steps.size(), -1);
  int made = 0;
  try {
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      const Step& s = c.steps[k];
      auto arg = [&](std::size_t a) { return nodes[static_cast<std::size_t>(s.args[a])]; };
      switch (s.kind) {
        case Step::Hold: checker.hold(arg(0)); break;
        case Step::Evaluate: {
          std::vector<NodePtr> which;
          for (std::size_t a = 0; a < s.args.size(); ++a) which.push_back(arg(a));
          checker.evaluate(which);
          break;
        }
        default: nodes[k] = build_value(checker, s, nodes);
      }
      if (s.kind == Step::BroadcastInput) ++made;  // its smaller buffer is a checker node of its own
      if (s.is_value()) checker_index[k] = made++;
    }
  } catch (const std::exception& e) { return Failure{-1, -1, true, std::string("exception: ") + e.what()}; }
  auto failure = checker.check();
  if (failure && failure->node >= 0) {
    // Report the step, not the checker's node number.
    for (std::size_t k = 0; k < c.steps.size(); ++k)
      if (checker_index[k] == failure->node) {
        failure->node = static_cast<int>(k);
        break;
      }
  }
  return failure;
}

}  // namespace fuzz
