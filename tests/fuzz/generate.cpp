// The generator: random well-typed programs over every op of the catalogue and every element
// type, with scalars of each type, shared subexpressions (operands drawn from all earlier
// values), long chains (operands drawn from the last few), casts wherever a type rule needs
// one, several held arrays, and evaluations between statements. A quarter of the cases are N-d
// (2 to 4 dimensions) with inputs of smaller shapes broadcast to the case's shape.
#include <array>

#include "fuzz/case.h"

namespace fuzz {
namespace {

constexpr std::array kAllTypes = {DType::Bool, DType::Int32, DType::Int64, DType::Float32, DType::Float64};
constexpr std::array kNumeric = {DType::Int32, DType::Int64, DType::Float32, DType::Float64};
constexpr std::array kFloats = {DType::Float32, DType::Float64};
constexpr std::array<std::int64_t, 13> kLengths = {1, 2, 3, 5, 8, 16, 17, 31, 64, 100, 257, 1000, 4099};

template <class A> DType pick(Rng& rng, const A& types) { return types[rng.below(types.size())]; }

class Generator {
 public:
  Generator(Case& c, Rng& rng) : c_(c), rng_(rng) {}

  void run() {
    const int inputs = 1 + static_cast<int>(rng_.below(3));
    for (int i = 0; i < inputs; ++i) add_input(pick(rng_, kAllTypes));
    const int ops = 1 + static_cast<int>(rng_.below(rng_.chance(0.2) ? 40 : 14));
    for (int k = 0; k < ops; ++k) {
      if (rng_.chance(0.08)) add_input(pick(rng_, kAllTypes));
      if (rng_.chance(0.04)) add(make_step(Step::Index, Op::Index, DType::Int64));
      if (rng_.chance(0.04)) {
        Step b = make_step(Step::Broadcast, Op::Broadcast);
        b.args = {scalar_operand(pick(rng_, kAllTypes))};
        b.dtype = c_.steps[static_cast<std::size_t>(b.args[0])].dtype;
        add(b);
      }
      int v = add_op();
      if (!c_.steps[static_cast<std::size_t>(v)].device_free && rng_.chance(0.25)) hold(v);
      if (!held_.empty() && rng_.chance(0.1)) {
        Step e = make_step(Step::Evaluate);
        e.args = {held_[rng_.below(held_.size())]};
        if (rng_.chance(0.3)) e.args.push_back(held_[rng_.below(held_.size())]);
        c_.steps.push_back(e);
      }
    }
    // The last array-valued step is always an output.
    for (int k = static_cast<int>(c_.steps.size()) - 1; k >= 0; --k) {
      const Step& s = c_.steps[static_cast<std::size_t>(k)];
      if (s.is_value() && !s.device_free && s.kind != Step::Input && s.kind != Step::RandomInput &&
          s.kind != Step::ViewInput) {
        hold(k);
        break;
      }
    }
  }

 private:
  int add(Step s) {
    c_.steps.push_back(std::move(s));
    return static_cast<int>(c_.steps.size()) - 1;
  }

  void hold(int v) {
    for (int h : held_)
      if (h == v) return;
    held_.push_back(v);
    Step s = make_step(Step::Hold);
    s.args = {v};
    c_.steps.push_back(s);
  }

  void add_input(DType t) {
    if (!c_.dims.empty() && rng_.chance(0.5)) {
      // A smaller shape that broadcasts to the case's: leading dimensions dropped, some set to 1.
      Step s = make_step(Step::BroadcastInput, Op::Broadcast, t);
      s.seed = rng_.next();
      const std::size_t drop = rng_.below(c_.dims.size() + 1);
      for (std::size_t d = drop; d < c_.dims.size(); ++d) s.dims.push_back(rng_.chance(0.5) ? 1 : c_.dims[d]);
      add(s);
      return;
    }
    // A strided view of a larger array (offset, negative steps, permuted axes).
    Step s = make_step(rng_.chance(0.25) ? Step::ViewInput : Step::RandomInput, Op::Buffer, t);
    s.seed = rng_.next();
    add(s);
  }

  int scalar_operand(DType t) {
    Step s = make_step(Step::Scalar, Op::Scalar, t);
    s.values = {random_value(t, rng_)};
    s.device_free = true;
    return add(s);
  }

  int cast_to(int v, DType t) {
    const Step& from = c_.steps[static_cast<std::size_t>(v)];
    if (from.dtype == t) return v;
    Step s = make_step(Step::Cast, Op::Cast, t);
    s.args = {v};
    s.device_free = from.device_free;
    return add(s);
  }

  // A value step: mostly one of the last few (chains), else any (sharing).
  int any_value() {
    std::vector<int> values;
    for (std::size_t k = 0; k < c_.steps.size(); ++k)
      if (c_.steps[k].is_value() && (!c_.steps[k].device_free || rng_.chance(0.1)))
        values.push_back(static_cast<int>(k));
    if (values.empty()) values.push_back(0);
    if (rng_.chance(0.5)) return values[values.size() - 1 - rng_.below(std::min<std::size_t>(3, values.size()))];
    return values[rng_.below(values.size())];
  }

  // An operand of type t: a scalar (of t, or of another type cast to t) or an earlier value.
  int operand(DType t, bool scalar_ok) {
    if (scalar_ok && rng_.chance(0.15)) {
      int s = scalar_operand(rng_.chance(0.7) ? t : pick(rng_, kAllTypes));
      return cast_to(s, t);
    }
    // Prefer a value of the right type: fewer casts, more direct op-to-op paths.
    for (int attempt = 0; attempt < 3; ++attempt) {
      int v = any_value();
      if (c_.steps[static_cast<std::size_t>(v)].dtype == t) return v;
    }
    return cast_to(any_value(), t);
  }

  int add_op() {
    // Every op of the catalogue but the leaves and Broadcast (made above).
    static constexpr std::array kOps = {
        Op::Cast, Op::Neg,   Op::Abs,  Op::Not, Op::Sqrt, Op::Exp, Op::Log, Op::Sin, Op::Cos,     Op::Tanh,
        Op::Erf,  Op::Floor, Op::Ceil, Op::Add, Op::Sub,  Op::Mul, Op::Div, Op::Pow, Op::Minimum, Op::Maximum,
        Op::Eq,   Op::Ne,    Op::Lt,   Op::Le,  Op::Gt,   Op::Ge,  Op::And, Op::Or,  Op::Where};
    const Op op = kOps[rng_.below(kOps.size())];
    if (op == Op::Cast) return cast_to(any_value(), pick(rng_, kAllTypes));
    const auto& oi = sinter::info(op);
    DType t = DType::Bool;
    switch (oi.rule) {
      case sinter::TypeRule::Arith: t = pick(rng_, kNumeric); break;
      case sinter::TypeRule::Float: t = pick(rng_, kFloats); break;
      case sinter::TypeRule::Compare:
      case sinter::TypeRule::Select: t = pick(rng_, kAllTypes); break;
      default: break;
    }
    // Often take the type of an earlier value, so that ops meet without a cast.
    if (rng_.chance(0.5)) {
      DType seen = c_.steps[static_cast<std::size_t>(any_value())].dtype;
      bool fits = oi.rule == sinter::TypeRule::Compare || oi.rule == sinter::TypeRule::Select ||
                  (oi.rule == sinter::TypeRule::Arith && seen != DType::Bool) ||
                  (oi.rule == sinter::TypeRule::Float && sinter::is_float(seen));
      if (fits) t = seen;
    }
    Step s = make_step(Step::Apply, op);
    const bool device_free_ok = rng_.chance(0.05);  // now and then a scalar subexpression
    for (int a = 0; a < oi.arity; ++a) {
      DType want =
          oi.rule == sinter::TypeRule::Logical || (oi.rule == sinter::TypeRule::Select && a == 0) ? DType::Bool : t;
      s.args.push_back(operand(want, oi.arity > 1 || device_free_ok));
    }
    s.device_free = true;
    for (int a : s.args) s.device_free = s.device_free && c_.steps[static_cast<std::size_t>(a)].device_free;
    if (s.device_free && !device_free_ok) {  // give it an array operand
      std::size_t a = rng_.below(s.args.size());
      DType want = c_.steps[static_cast<std::size_t>(s.args[a])].dtype;
      int v = any_value();
      while (c_.steps[static_cast<std::size_t>(v)].device_free) v = any_value();
      s.args[a] = cast_to(v, want);
      s.device_free = false;
    }
    s.dtype = sinter::result_dtype(op, t);
    if (oi.rule == sinter::TypeRule::Logical) s.dtype = DType::Bool;
    return add(s);
  }

  Case& c_;
  Rng& rng_;
  std::vector<int> held_;
};

}  // namespace

Case generate(std::uint64_t seed, std::uint64_t index) {
  Rng rng(seed * 0x9e3779b97f4a7c15ULL + index);
  Case c;
  c.seed = seed;
  c.index = index;
  c.n = kLengths[rng.below(kLengths.size())];
  if (rng.chance(0.03)) c.n = 40000 + static_cast<std::int64_t>(rng.below(3000));  // the thread pool's path
  if (rng.chance(0.01)) c.n = 0;
  if (rng.chance(0.25)) {
    // N-d: 2 to 4 dimensions, 1s and odd sizes among them; now and then past the thread pool's threshold.
    static constexpr std::array<std::int64_t, 9> kDims = {1, 2, 3, 4, 5, 7, 16, 33, 0};
    const std::size_t rank = 2 + rng.below(3);
    for (std::size_t d = 0; d < rank; ++d) c.dims.push_back(kDims[rng.below(rng.chance(0.05) ? 9 : 8)]);
    if (rng.chance(0.03)) c.dims = {200, rng.chance(0.5) ? 1 : 3, 257};
    c.n = 1;
    for (auto d : c.dims) c.n *= d;
  }
  Generator(c, rng).run();
  return c;
}

int count_ops(const Case& c) {
  int ops = 0;
  for (const auto& s : c.steps) ops += s.kind == Step::Apply || s.kind == Step::Cast || s.kind == Step::Broadcast;
  return ops;
}

}  // namespace fuzz
