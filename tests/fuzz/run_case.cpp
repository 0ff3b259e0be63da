// Running a case: each step becomes one call on fuzz::Checker, the same calls its printed
// doctest form makes, so a printed case reproduces exactly what the fuzzer ran.
#include "fuzz/case.h"

namespace fuzz {

std::optional<Failure> run(const Case& c, sinter::Device device, Mode mode) {
  Checker checker(device, case_shape(c), mode);
  std::vector<NodePtr> nodes(c.steps.size());
  std::vector<int> checker_index(c.steps.size(), -1);
  int made = 0;
  try {
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      const Step& s = c.steps[k];
      auto arg = [&](std::size_t a) { return nodes[static_cast<std::size_t>(s.args[a])]; };
      switch (s.kind) {
        case Step::Input: nodes[k] = checker.input(s.dtype, s.values); break;
        case Step::RandomInput: nodes[k] = checker.random_input(s.dtype, s.seed); break;
        case Step::BroadcastInput: {
          sinter::Shape shape;
          for (auto d : s.dims) shape.push_back(d);
          nodes[k] = checker.broadcast_input(s.dtype, s.seed, shape);
          break;
        }
        case Step::ViewInput: nodes[k] = checker.view_input(s.dtype, s.seed); break;
        case Step::Scalar: nodes[k] = checker.scalar(s.dtype, s.values.at(0)); break;
        case Step::Index: nodes[k] = checker.index(); break;
        case Step::Broadcast: nodes[k] = checker.broadcast(arg(0)); break;
        case Step::Cast: nodes[k] = checker.cast(arg(0), s.dtype); break;
        case Step::Apply: {
          std::vector<NodePtr> operands;
          for (std::size_t a = 0; a < s.args.size(); ++a) operands.push_back(arg(a));
          nodes[k] = checker.op(s.op, operands);
          break;
        }
        case Step::Hold: checker.hold(arg(0)); break;
        case Step::Evaluate: {
          std::vector<NodePtr> which;
          for (std::size_t a = 0; a < s.args.size(); ++a) which.push_back(arg(a));
          checker.evaluate(which);
          break;
        }
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
