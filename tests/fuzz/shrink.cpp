// The shrinker: greedy reductions of a failing case, each kept only when the smaller case is a
// valid program (fuzz::value_shapes) and still fails the same way (a wrong value, or an
// exception). In order: only the failing node held, fewer elements (a 1-D case: a window around
// the failing element, or a shorter prefix when a reduction fails; an N-d case: smaller
// dimensions), fewer outputs and evaluations, ops replaced by an operand of the same type and
// shape, reductions over fewer axes or without keepdims, and (at most 64 elements) ops replaced
// by an input holding what the device computed, of the op's own shape.
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

bool is_op(const Step& s) {
  return s.kind == Step::Apply || s.kind == Step::Cast || s.kind == Step::Broadcast || s.kind == Step::Reduce ||
         s.kind == Step::Dot || s.kind == Step::Loop || s.kind == Step::Branch || s.kind == Step::Fold;
}

// A 1-D case: elements [first, first + count) of every input of the case's length; random
// inputs become explicit ones. Inputs of their own shape (0-d, (1,)) stay as they are.
Case window(const Case& c, std::int64_t first, std::int64_t count) {
  Case out = c;
  out.n = count;
  for (auto& s : out.steps) {
    if ((s.kind != Step::Input || s.own_shape) && s.kind != Step::RandomInput) continue;
    auto all = s.kind == Step::Input ? s.values : random_values(s.dtype, c.n, s.seed);
    s.values.assign(all.begin() + first, all.begin() + first + count);
    s.kind = Step::Input;
  }
  return out;
}

// An N-d case with dimension d of size `size`: inputs given by seeds follow (a broadcast
// input's own dimension along d too, unless it is 1); nothing when an input has explicit values
// of the case's shape.
std::optional<Case> resized(const Case& c, std::size_t d, std::int64_t size) {
  Case out = c;
  const std::int64_t old = c.dims[d];
  out.dims[d] = size;
  out.n = 1;
  for (auto x : out.dims) out.n *= x;
  for (auto& s : out.steps) {
    if (s.kind == Step::Input && !s.own_shape) return std::nullopt;
    if (s.kind != Step::BroadcastInput) continue;
    const std::size_t lead = c.dims.size() - s.dims.size();
    if (d >= lead && s.dims[d - lead] == old) s.dims[d - lead] = size;
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
      const bool simpler_reductions = simplify_reductions(c);
      const bool fewer_inputs = replace_by_inputs(c);
      progress = focused || fewer_elements || fewer_statements || fewer_ops || simpler_reductions || fewer_inputs;
    }
    return c;
  }

 private:
  bool out_of_time() const { return std::chrono::steady_clock::now() > deadline_; }

  bool still_fails(const Case& c) {
    if (out_of_time() || !value_shapes(c)) return false;
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
    if (!c.dims.empty()) return shrink_dims(c);
    if (c.n <= 1) return false;
    const auto shapes = value_shapes(c);
    const bool elementwise = failure_.node >= 0 && failure_.element >= 0 && shapes &&
                             (*shapes)[static_cast<std::size_t>(failure_.node)] == case_shape(c);
    for (std::int64_t count = 1; count < c.n; count *= 2) {
      // A failing element of the case's length: a window around it. Else (a reduction's
      // result) a shorter prefix of every input.
      const std::int64_t first = elementwise ? std::min(failure_.element, c.n - count) : 0;
      if (try_case(c, window(c, first, count))) return true;
    }
    return false;
  }

  bool shrink_dims(Case& c) {
    bool progress = false;
    for (std::size_t d = 0; d < c.dims.size(); ++d) {
      const std::int64_t size = c.dims[d];
      for (std::int64_t smaller : {std::int64_t{1}, std::int64_t{2}, size / 2, size - 1}) {
        if (smaller < 1 || smaller >= size) continue;
        auto candidate = resized(c, d, smaller);
        if (candidate && try_case(c, std::move(*candidate))) {
          progress = true;
          break;
        }
      }
    }
    return progress;
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
      if (!is_op(s)) continue;
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

  // A reduction over one axis fewer (of several), or without keepdims.
  bool simplify_reductions(Case& c) {
    bool progress = false;
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      if (c.steps[k].kind != Step::Reduce) continue;
      if (c.steps[k].keepdims) {
        Case smaller = c;
        smaller.steps[k].keepdims = false;
        if (try_case(c, std::move(smaller))) progress = true;
      }
      for (std::size_t a = 0; c.steps[k].axes.size() > 1 && a < c.steps[k].axes.size(); ++a) {
        Case smaller = c;
        auto& axes = smaller.steps[k].axes;
        axes.erase(axes.begin() + static_cast<std::ptrdiff_t>(a));
        if (try_case(c, std::move(smaller))) {
          progress = true;
          --a;
        }
      }
    }
    return progress;
  }

  // An op whose value the device computed is replaced by an input holding that value: the
  // failure stays when the bug lies downstream, and the printed case loses the upstream ops.
  bool replace_by_inputs(Case& c) {
    bool progress = false;
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      const Step& s = c.steps[k];
      if (!is_op(s) || s.device_free) continue;
      const auto shapes = value_shapes(c);
      if (!shapes) return progress;
      const sinter::Shape& shape = (*shapes)[k];
      if (shape.numel() > 64) continue;
      auto values = device_values(c, static_cast<int>(k));
      if (!values) continue;
      Case smaller = c;
      Step& r = smaller.steps[k];
      r.kind = Step::Input;
      r.op = Op::Buffer;
      r.args.clear();
      r.values = *values;
      r.own_shape = !(shape == case_shape(c));
      r.dims.clear();
      for (int d = 0; d < shape.ndim(); ++d) r.dims.push_back(shape[d]);
      if (!r.own_shape) r.dims.clear();
      r.axes.clear();
      r.keepdims = false;
      if (try_case(c, without_dead_steps(smaller))) progress = true;
    }
    return progress;
  }

  // What the device computes for value step k when it is an output of its own.
  std::optional<std::vector<std::uint64_t>> device_values(const Case& c, int k) {
    try {
      Checker checker(device_, case_shape(c), Mode::EndToEnd);
      std::vector<NodePtr> nodes(c.steps.size());
      for (std::size_t j = 0; j <= static_cast<std::size_t>(k); ++j)
        if (c.steps[j].is_value()) nodes[j] = build_value(checker, c.steps[j], nodes);
      const NodePtr& node = nodes[static_cast<std::size_t>(k)];
      checker.hold(node);
      checker.evaluate({node});
      auto bytes = device_bytes(node);
      std::vector<std::uint64_t> values(static_cast<std::size_t>(node->shape.numel()));
      for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = element_bits(node->dtype, bytes, static_cast<std::int64_t>(i));
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
