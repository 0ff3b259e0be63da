// The shrinker: greedy reductions of a failing case, each kept only when the smaller case still
// fails the same way (a wrong value, or an exception). In order: fewer elements (a window around
// the failing element), fewer outputs and evaluations, ops replaced by an operand of the same
// type, and (at most 64 elements) ops replaced by an input holding what the device computed.
#include <chrono>

#include "fuzz/case.h"

namespace fuzz {
namespace {

// Drops value steps that no Hold or Evaluate needs; renumbers the rest.
Case without_dead_steps(const Case& c) {
  std::vector<bool> live(c.steps.size(), false);
  for (std::size_t k = c.steps.size(); k-- > 0;) {
    const Step& s = c.steps[k];
    if (!s.is_value()) live[k] = true;
    if (live[k])
      for (int a : s.args) live[static_cast<std::size_t>(a)] = true;
  }
  Case out = c;
  out.steps.clear();
  std::vector<int> renumber(c.steps.size(), -1);
  for (std::size_t k = 0; k < c.steps.size(); ++k) {
    if (!live[k]) continue;
    Step s = c.steps[k];
    for (int& a : s.args) a = renumber[static_cast<std::size_t>(a)];
    renumber[k] = static_cast<int>(out.steps.size());
    out.steps.push_back(std::move(s));
  }
  return out;
}

// Uses of value `from` now read `to` (an earlier step of the same type).
Case redirected(const Case& c, int from, int to) {
  Case out = c;
  for (std::size_t k = static_cast<std::size_t>(from) + 1; k < out.steps.size(); ++k)
    for (int& a : out.steps[k].args)
      if (a == from) a = to;
  return without_dead_steps(out);
}

// The case without step k (a Hold or an Evaluate: no value step reads it).
Case without_step(const Case& c, std::size_t k) {
  Case out = c;
  out.steps.erase(out.steps.begin() + static_cast<std::ptrdiff_t>(k));
  for (std::size_t j = k; j < out.steps.size(); ++j)
    for (int& a : out.steps[j].args)
      if (a > static_cast<int>(k)) --a;
  return out;
}

int holds(const Case& c) {
  int h = 0;
  for (const auto& s : c.steps) h += s.kind == Step::Hold;
  return h;
}

// Elements [first, first + count) of every input; random inputs become explicit ones.
Case window(const Case& c, std::int64_t first, std::int64_t count) {
  Case out = c;
  out.n = count;
  for (auto& s : out.steps) {
    if (s.kind != Step::Input && s.kind != Step::RandomInput) continue;
    auto all = s.kind == Step::Input ? s.values : random_values(s.dtype, c.n, s.seed);
    s.values.assign(all.begin() + first, all.begin() + first + count);
    s.kind = Step::Input;
  }
  return out;
}

class Shrinker {
 public:
  Shrinker(sinter::Device device, Mode mode, Failure failure, double seconds)
      : device_(device),
        mode_(mode),
        failure_(std::move(failure)),
        deadline_(std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                         std::chrono::duration<double>(seconds))) {}

  Case run(Case c) {
    c = without_dead_steps(c);
    if (!still_fails(c)) return c;  // flaky: keep the case as it is
    bool progress = true;
    while (progress && !out_of_time()) {
      // Every reduction gets its turn each round (no short-circuit).
      const bool focused = focus(c);
      const bool fewer_elements = shrink_elements(c);
      const bool fewer_statements = drop_statements(c);
      const bool fewer_ops = bypass_ops(c);
      const bool fewer_inputs = replace_by_inputs(c);
      progress = focused || fewer_elements || fewer_statements || fewer_ops || fewer_inputs;
    }
    return c;
  }

 private:
  bool out_of_time() const { return std::chrono::steady_clock::now() > deadline_; }

  bool still_fails(const Case& c) {
    if (out_of_time()) return false;
    auto f = fuzz::run(c, device_, mode_);
    if (!f || f->exception != failure_.exception) return false;
    failure_ = *f;
    return true;
  }

  bool try_case(Case& c, Case smaller) {
    if (!still_fails(smaller)) return false;
    c = std::move(smaller);
    return true;
  }

  // Only the failing node is held, and nothing is evaluated early: the rest becomes dead code.
  bool focus(Case& c) {
    if (failure_.node < 0) return false;
    Case smaller = c;
    int node = failure_.node;
    for (std::size_t k = c.steps.size(); k-- > 0;) {
      if (c.steps[k].is_value()) continue;
      smaller = without_step(smaller, k);
      if (static_cast<int>(k) < node) --node;
    }
    Step h = make_step(Step::Hold);
    h.args = {node};
    smaller.steps.push_back(h);
    smaller = without_dead_steps(smaller);
    if (smaller.steps.size() >= c.steps.size()) return false;
    return try_case(c, std::move(smaller));
  }

  bool shrink_elements(Case& c) {
    if (failure_.element < 0 || c.n <= 1 || !c.dims.empty()) return false;  // a window of an N-d case is no shape
    for (std::int64_t count = 1; count < c.n; count *= 2) {
      std::int64_t first = std::min(failure_.element, c.n - count);
      if (try_case(c, window(c, first, count))) return true;
    }
    return false;
  }

  bool drop_statements(Case& c) {
    bool progress = false;
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      const Step& s = c.steps[k];
      if (s.is_value() || (s.kind == Step::Hold && holds(c) <= 1)) continue;
      if (try_case(c, without_dead_steps(without_step(c, k)))) {
        progress = true;
        --k;
      }
    }
    return progress;
  }

  bool bypass_ops(Case& c) {
    bool progress = false;
    for (std::size_t k = c.steps.size(); k-- > 0;) {
      if (k >= c.steps.size()) continue;
      const Step& s = c.steps[k];
      if (s.kind != Step::Apply && s.kind != Step::Cast && s.kind != Step::Broadcast) continue;
      for (int a : s.args) {
        if (c.steps[static_cast<std::size_t>(a)].dtype != s.dtype) continue;
        if (try_case(c, redirected(c, static_cast<int>(k), a))) {
          progress = true;
          break;
        }
      }
    }
    return progress;
  }

  // An op whose value the device computed is replaced by an input holding that value: the
  // failure stays when the bug lies downstream, and the printed case loses the upstream ops.
  bool replace_by_inputs(Case& c) {
    if (c.n > 64 || c.n == 0) return false;
    bool progress = false;
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      const Step& s = c.steps[k];
      if ((s.kind != Step::Apply && s.kind != Step::Cast && s.kind != Step::Broadcast) || s.device_free) continue;
      auto values = device_values(c, static_cast<int>(k));
      if (!values) continue;
      Case smaller = c;
      Step& r = smaller.steps[k];
      r.kind = Step::Input;
      r.op = Op::Buffer;
      r.args.clear();
      r.values = *values;
      if (try_case(c, without_dead_steps(smaller))) progress = true;
    }
    return progress;
  }

  // What the device computes for value step k when it is an output of its own.
  std::optional<std::vector<std::uint64_t>> device_values(const Case& c, int k) {
    Case probe = c;
    Step h = make_step(Step::Hold);
    h.args = {k};
    probe.steps.push_back(h);
    Step e = make_step(Step::Evaluate);
    e.args = {k};
    probe.steps.push_back(e);
    try {
      Checker checker(device_, case_shape(c), Mode::EndToEnd);
      std::vector<NodePtr> nodes(probe.steps.size());
      for (std::size_t j = 0; j <= static_cast<std::size_t>(k); ++j) {
        const Step& s = probe.steps[j];
        auto arg = [&](std::size_t a) { return nodes[static_cast<std::size_t>(s.args[a])]; };
        switch (s.kind) {
          case Step::Input: nodes[j] = checker.input(s.dtype, s.values); break;
          case Step::RandomInput: nodes[j] = checker.random_input(s.dtype, s.seed); break;
          case Step::BroadcastInput: {
            sinter::Shape shape;
            for (auto d : s.dims) shape.push_back(d);
            nodes[j] = checker.broadcast_input(s.dtype, s.seed, shape);
            break;
          }
          case Step::ViewInput: nodes[j] = checker.view_input(s.dtype, s.seed); break;
          case Step::Scalar: nodes[j] = checker.scalar(s.dtype, s.values.at(0)); break;
          case Step::Index: nodes[j] = checker.index(); break;
          case Step::Broadcast: nodes[j] = checker.broadcast(arg(0)); break;
          case Step::Cast: nodes[j] = checker.cast(arg(0), s.dtype); break;
          case Step::Apply: {
            std::vector<NodePtr> operands;
            for (std::size_t a = 0; a < s.args.size(); ++a) operands.push_back(arg(a));
            nodes[j] = checker.op(s.op, operands);
            break;
          }
          case Step::Hold:
          case Step::Evaluate: break;  // the probe evaluates k alone, as its own output
        }
      }
      const NodePtr& node = nodes[static_cast<std::size_t>(k)];
      auto bytes = device_bytes(node);
      std::vector<std::uint64_t> values(static_cast<std::size_t>(c.n));
      for (std::int64_t i = 0; i < c.n; ++i) values[static_cast<std::size_t>(i)] = element_bits(node->dtype, bytes, i);
      return values;
    } catch (const std::exception&) { return std::nullopt; }
  }

  sinter::Device device_;
  Mode mode_;
  Failure failure_;
  std::chrono::steady_clock::time_point deadline_;
};

}  // namespace

Case shrink(Case c, sinter::Device device, Mode mode, const Failure& failure, double seconds) {
  return Shrinker(device, mode, failure, seconds).run(std::move(c));
}

}  // namespace fuzz
