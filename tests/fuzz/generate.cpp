// The generator: random well-typed programs over every op of the catalogue and every element
// type, with scalars of each type, shared subexpressions (operands drawn from all earlier
// values), long chains (operands drawn from the last few), casts wherever a type rule needs
// one, several held arrays, and evaluations between statements. A quarter of the cases (half of
// those with reductions) are N-d (2 to 4 dimensions) with inputs of smaller shapes broadcast to
// the case's shape.
//
// Two cases in five mix in reductions (sum, prod, min, max, any, all, argmin, argmax over a
// random subset of the axes, or all of them, with or without keepdims; mean and dot as the front
// end builds them) and the patterns that use them: x - mean(x, axes, keepdims), softmax, layer
// norm, several reductions of one geometry combined, reductions of reductions, results broadcast
// back against their operands; the consumers reduce the trailing axes half the time, which the CPU
// plans as row kernels (ir/kernel.h). Operands of an elementwise op are drawn among the values whose shapes
// broadcast together. Now and then such a case has a shape whose reductions are long enough for
// the CPU backend to split them into parts over the thread pool (reduce_n >= 2^13, few outputs).
#include <array>
#include <initializer_list>
#include <vector>

#include "fuzz/case.h"

namespace fuzz {
namespace {

using sinter::Shape;

constexpr auto kAllTypes = sinter::kAllDTypes;
constexpr auto kNumeric = sinter::dtypes_where<sinter::is_numeric>();
constexpr auto kFloats = sinter::dtypes_where<sinter::is_float>();
constexpr std::array<std::int64_t, 13> kLengths = {1, 2, 3, 5, 8, 16, 17, 31, 64, 100, 257, 1000, 4099};

template <class A> auto pick(Rng& rng, const A& items) { return items[rng.below(items.size())]; }

/// The ops of the catalogue (kOpInfo) whose rule is one of `rules`, in catalogue order: a new
/// row of ops.def is drawn without anyone adding it here.
std::vector<Op> catalogue_ops(std::initializer_list<sinter::TypeRule> rules) {
  std::vector<Op> ops;
  for (std::size_t o = 0; o < sinter::kOpInfo.size(); ++o)
    for (sinter::TypeRule rule : rules)
      if (sinter::kOpInfo[o].rule == rule) ops.push_back(static_cast<Op>(o));
  return ops;
}

/// The element types `op` accepts (op.h), from kAllDTypes.
std::vector<DType> accepted_types(Op op) {
  std::vector<DType> types;
  for (DType t : kAllTypes)
    if (sinter::accepts(op, t)) types.push_back(t);
  return types;
}

/// The shape after reducing `in` over the axes in `mask`.
Shape reduced_shape(const Shape& in, std::uint32_t mask, bool keepdims) {
  Shape out;
  for (int d = 0; d < in.ndim(); ++d) {
    if (!((mask >> d) & 1U)) out.push_back(in[d]);
    else if (keepdims) out.push_back(1);
  }
  return out;
}

/// NumPy's broadcast of two shapes, or nothing.
std::optional<Shape> broadcast(const Shape& a, const Shape& b) {
  const int nd = std::max(a.ndim(), b.ndim());
  Shape out;
  for (int d = 0; d < nd; ++d) {
    const int da = d - (nd - a.ndim()), db = d - (nd - b.ndim());
    const std::int64_t x = da < 0 ? 1 : a[da], y = db < 0 ? 1 : b[db];
    if (x != y && x != 1 && y != 1) return std::nullopt;
    out.push_back(x == 1 ? y : x);
  }
  return out;
}

/// True when `op` has no identity and so cannot reduce an empty axis.
bool needs_elements(Op op) { return op == Op::Min || op == Op::Max || op == Op::ArgMin || op == Op::ArgMax; }

/// True when an axis in `mask` is empty (NumPy: min, max, argmin and argmax raise, even when the
/// result is empty too).
bool reduces_empty(const Shape& in, std::uint32_t mask) {
  bool empty = false;
  for (int d = 0; d < in.ndim(); ++d) empty = empty || (((mask >> d) & 1U) && in[d] == 0);
  return empty;
}

DType reduce_dtype(Op op, DType operand) {
  switch (op) {
    case Op::Sum:
    case Op::Prod: return sinter::detail::sum_dtype(operand);
    case Op::Any:
    case Op::All: return DType::Bool;
    case Op::ArgMin:
    case Op::ArgMax: return DType::Int64;
    default: return operand;
  }
}

/// Whether `op` may be a fuzzed loop's body or branch over values of type t: exact (no math
/// library: over many trips a few ulp would grow past any tolerance), keeping the type, unary
/// only for a branch.
bool control_flow_op(Op op, DType t, bool unary) {
  const auto& oi = sinter::info(op);
  const bool rule =
      oi.rule == sinter::TypeRule::Arith || oi.rule == sinter::TypeRule::Float || oi.rule == sinter::TypeRule::Logical;
  return rule && (oi.arity == 1 || (!unary && oi.arity == 2)) && sinter::accepts(op, t) &&
         sinter::result_dtype(op, t) == t && !sinter::calls_math_library(op);
}

/// A combine for a fold (Checker::fold) of type t: a binary op that keeps the type and is exactly
/// associative there (no float sums or products: their rounding depends on the split).
bool fold_op(Op op, DType t) {
  switch (op) {
    case Op::Minimum:
    case Op::Maximum: return t != DType::Bool;
    case Op::Fmin:
    case Op::Fmax: return sinter::is_float(t);
    case Op::Add:
    case Op::Mul: return sinter::is_integer(t);
    case Op::BitAnd:
    case Op::BitOr:
    case Op::BitXor: return !sinter::is_float(t);
    case Op::And:
    case Op::Or: return t == DType::Bool;
    default: return false;
  }
}

class Generator {
 public:
  Generator(Case& c, Rng& rng, bool reductions) : c_(c), rng_(rng), reductions_(reductions), shape_(case_shape(c)) {
    limit_ = std::max<std::int64_t>(2 * shape_.numel(), 4096);
  }

  void run() {
    const int inputs = 1 + static_cast<int>(rng_.below(3));
    for (int i = 0; i < inputs; ++i) add_input(pick(rng_, kAllTypes));
    const int ops = 1 + static_cast<int>(rng_.below(rng_.chance(0.2) ? 40 : 14));
    // An index is 1-D in the front end; the planner does not reorder an N-d one into a reduction.
    const bool index_ok = !reductions_ || shape_.ndim() <= 1;
    for (int k = 0; k < ops; ++k) {
      if (rng_.chance(0.08)) add_input(pick(rng_, kAllTypes));
      if (index_ok && rng_.chance(0.04)) add(make_step(Step::Index, Op::Index, DType::Int64), shape_);
      if (rng_.chance(0.04)) {
        Step b = make_step(Step::Broadcast, Op::Broadcast);
        b.args = {scalar_operand(pick(rng_, kAllTypes))};
        b.dtype = step(b.args[0]).dtype;
        add(b, shape_);
      }
      const bool reduction = reductions_ && rng_.chance(0.3);
      int v = reduction ? add_reduction() : -1;
      if (v < 0 && rng_.chance(0.08)) v = add_control_flow();
      if (v < 0) v = add_op();
      if (!step(v).device_free && rng_.chance(reduction ? 0.4 : 0.25)) hold(v);
      if (!held_.empty() && rng_.chance(0.1)) {
        Step e = make_step(Step::Evaluate);
        e.args = {held_[rng_.below(held_.size())]};
        if (rng_.chance(0.3)) e.args.push_back(held_[rng_.below(held_.size())]);
        add(e, {});
      }
    }
    // The last array-valued step is always an output.
    for (int k = static_cast<int>(c_.steps.size()) - 1; k >= 0; --k) {
      const Step& s = step(k);
      if (s.is_value() && !s.device_free && s.kind != Step::Input && s.kind != Step::RandomInput &&
          s.kind != Step::ViewInput) {
        hold(k);
        break;
      }
    }
  }

 private:
  const Step& step(int k) const { return c_.steps[static_cast<std::size_t>(k)]; }
  const Shape& shape(int k) const { return shapes_[static_cast<std::size_t>(k)]; }

  int add(Step s, Shape shape) {
    c_.steps.push_back(std::move(s));
    shapes_.push_back(shape);
    return static_cast<int>(c_.steps.size()) - 1;
  }

  void hold(int v) {
    for (int h : held_)
      if (h == v) return;
    held_.push_back(v);
    Step s = make_step(Step::Hold);
    s.args = {v};
    add(s, {});
  }

  void add_input(DType t) {
    if (shape_.ndim() > 1 && rng_.chance(0.5)) {
      // A smaller shape that broadcasts to the case's: leading dimensions dropped, some set to 1.
      Step s = make_step(Step::BroadcastInput, Op::Broadcast, t);
      s.seed = rng_.next();
      const std::size_t drop = rng_.below(c_.dims.size() + 1);
      for (std::size_t d = drop; d < c_.dims.size(); ++d) s.dims.push_back(rng_.chance(0.5) ? 1 : c_.dims[d]);
      add(s, shape_);
      return;
    }
    // A strided view of a larger array (offset, negative steps, permuted axes).
    Step s = make_step(rng_.chance(0.25) ? Step::ViewInput : Step::RandomInput, Op::Buffer, t);
    s.seed = rng_.next();
    add(s, shape_);
  }

  int scalar_operand(DType t) {
    Step s = make_step(Step::Scalar, Op::Scalar, t);
    s.values = {random_value(t, rng_)};
    s.device_free = true;
    return add(s, {});
  }

  int scalar_of(DType t, double v) {
    Step s = make_step(Step::Scalar, Op::Scalar, t);
    s.values = {t == DType::Float32   ? std::bit_cast<std::uint32_t>(static_cast<float>(v))
                : t == DType::Float64 ? std::bit_cast<std::uint64_t>(v)
                                      : static_cast<std::uint64_t>(static_cast<std::int64_t>(v))};
    if (t == DType::Int32) s.values[0] &= 0xffffffffULL;
    if (t == DType::Bool) s.values[0] = v != 0;
    s.device_free = true;
    return add(s, {});
  }

  int cast_to(int v, DType t) {
    const Step& from = step(v);
    if (from.dtype == t) return v;
    Step s = make_step(Step::Cast, Op::Cast, t);
    s.args = {v};
    s.device_free = from.device_free;
    return add(s, shape(v));
  }

  int apply(Op op, std::vector<int> args) {
    Step s = make_step(Step::Apply, op);
    s.args = std::move(args);
    std::optional<Shape> out;
    s.device_free = true;
    for (int a : s.args) {
      if (step(a).device_free) continue;
      s.device_free = false;
      out = out ? broadcast(*out, shape(a)) : shape(a);
      if (!out) throw sinter::Error("fuzz: the generator combined shapes that do not broadcast");
    }
    const DType t = step(s.args.back()).dtype;
    s.dtype = sinter::result_dtype(op, t);
    if (sinter::info(op).rule == sinter::TypeRule::Logical) s.dtype = DType::Bool;
    return add(s, out ? *out : Shape{});
  }

  // A value step among those `ok` accepts: mostly one of the last few (chains), else any
  // (sharing); -1 when there is none.
  template <class Ok> int any_value(const Ok& ok) {
    std::vector<int> values;
    for (std::size_t k = 0; k < c_.steps.size(); ++k)
      if (c_.steps[k].is_value() && (!c_.steps[k].device_free || rng_.chance(0.1)) && ok(static_cast<int>(k)))
        values.push_back(static_cast<int>(k));
    if (values.empty()) return -1;
    if (rng_.chance(0.5)) return values[values.size() - 1 - rng_.below(std::min<std::size_t>(3, values.size()))];
    return values[rng_.below(values.size())];
  }
  int any_value() {
    const int v = any_value([](int) { return true; });
    return v < 0 ? 0 : v;
  }
  int any_array() {
    int v = any_value([&](int k) { return !step(k).device_free; });
    return v < 0 ? 0 : v;
  }

  // True when value k may join an elementwise op whose array operands so far broadcast to `cur`.
  bool fits(int k, const std::optional<Shape>& cur) const {
    if (step(k).device_free || !cur) return true;
    auto b = broadcast(*cur, shape(k));
    return b && b->numel() <= limit_;
  }

  // An operand of type t: a scalar (of t, or of another type cast to t) or an earlier value
  // whose shape broadcasts with `cur`.
  int operand(DType t, bool scalar_ok, const std::optional<Shape>& cur) {
    if (scalar_ok && rng_.chance(0.15)) {
      int s = scalar_operand(rng_.chance(0.7) ? t : pick(rng_, kAllTypes));
      return cast_to(s, t);
    }
    auto ok = [&](int k) { return fits(k, cur); };
    // Prefer a value of the right type: fewer casts, more direct op-to-op paths.
    for (int attempt = 0; attempt < 3; ++attempt) {
      int v = any_value(ok);
      if (v >= 0 && step(v).dtype == t) return v;
    }
    int v = any_value(ok);
    if (v < 0) v = any_value([&](int k) { return !step(k).device_free && fits(k, cur); });
    if (v < 0) throw sinter::Error("fuzz: no operand fits the shape " + (cur ? cur->to_string() : "()"));
    return cast_to(v, t);
  }

  int add_op() {
    // Every op of the catalogue but the leaves, Broadcast (made above) and the reductions, on a
    // type its rule accepts (op.h).
    using sinter::TypeRule;
    static const std::vector<Op> kOps =
        catalogue_ops({TypeRule::Cast, TypeRule::Arith, TypeRule::Float, TypeRule::Compare, TypeRule::Logical,
                       TypeRule::Select, TypeRule::Bitwise, TypeRule::Shift, TypeRule::Predicate, TypeRule::Float64,
                       TypeRule::Random});
    const Op op = pick(rng_, kOps);
    if (op == Op::Cast) return cast_to(any_value(), pick(rng_, kAllTypes));
    const auto& oi = sinter::info(op);
    DType t = pick(rng_, accepted_types(op));
    // Often take the type of an earlier value, so that ops meet without a cast.
    if (rng_.chance(0.5)) {
      const DType seen = step(any_value()).dtype;
      if (sinter::accepts(op, seen)) t = seen;
    }
    const bool device_free_ok = rng_.chance(0.05);  // now and then a scalar subexpression
    std::vector<int> args;
    std::optional<Shape> cur;
    for (int a = 0; a < oi.arity; ++a) {
      DType want =
          oi.rule == sinter::TypeRule::Logical || (oi.rule == sinter::TypeRule::Select && a == 0) ? DType::Bool : t;
      const int v = operand(want, oi.arity > 1 || device_free_ok, cur);
      if (!step(v).device_free) cur = cur ? broadcast(*cur, shape(v)) : shape(v);
      args.push_back(v);
    }
    if (!cur && !device_free_ok) {  // give it an array operand
      std::size_t a = rng_.below(args.size());
      args[a] = cast_to(any_array(), step(args[a]).dtype);
    }
    return apply(op, std::move(args));
  }

  // ---- Loops and branches (include/sinter/control.h) ----

  // A while loop or an if_then_else over arrays of the case's shape; -1 when none fits.
  int add_control_flow() {
    auto full_array = [&](int k) { return !step(k).device_free && shape(k) == shape_; };
    const bool loop = rng_.chance(0.5);
    const int a = any_value(full_array);
    if (a < 0) return -1;
    const DType t = step(a).dtype;
    std::vector<Op> ops;
    for (std::size_t o = 0; o < sinter::kOpInfo.size(); ++o)
      if (control_flow_op(static_cast<Op>(o), t, !loop)) ops.push_back(static_cast<Op>(o));
    if (ops.empty()) return -1;
    Step s = make_step(loop ? Step::Loop : Step::Branch, pick(rng_, ops), t);
    const int b = any_value(full_array);  // a loop's trip bound (as int64), a branch's else value
    if (loop) {
      s.args = {a, b};
      s.values = {rng_.below(7)};  // the cap: 0 to 6 trips
    } else {
      int c = any_value([&](int k) { return full_array(k) && step(k).dtype == DType::Bool; });
      if (c < 0) c = apply(Op::Gt, {a, cast_to(scalar_operand(t), t)});
      s.args = {c, a, b};
    }
    return add(s, shape_);
  }

  // ---- Reductions ----

  // An array value to reduce (not 0-d): mostly a recent one.
  int reducible() {
    return any_value([&](int k) { return !step(k).device_free && shape(k).ndim() > 0; });
  }

  // Random axes of `s` as NumPy's argument (in any order, some negative; {}: all) and as a mask.
  std::vector<int> pick_axes(const Shape& s, std::uint32_t& mask) {
    const int nd = s.ndim();
    mask = (1U << nd) - 1U;
    if (rng_.chance(0.2)) return {};
    mask = 0;
    while (mask == 0)
      for (int d = 0; d < nd; ++d)
        if (rng_.chance(0.5)) mask |= 1U << d;
    std::vector<int> axes;
    for (int d = 0; d < nd; ++d)
      if ((mask >> d) & 1U) axes.push_back(rng_.chance(0.3) ? d - nd : d);
    for (std::size_t i = axes.size(); i > 1; --i) std::swap(axes[i - 1], axes[rng_.below(i)]);
    return axes;
  }

  /// The trailing axes from a random one on (1 to ndim of them): a row kernel's reductions.
  std::vector<int> trailing_axes(const Shape& s, std::uint32_t& mask) {
    const int nd = s.ndim();
    const int from = nd - 1 - static_cast<int>(rng_.below(static_cast<std::uint64_t>(nd)));
    mask = 0;
    std::vector<int> axes;
    for (int d = from; d < nd; ++d) {
      mask |= 1U << d;
      axes.push_back(rng_.chance(0.3) ? d - nd : d);
    }
    return axes;
  }

  int reduce(Op op, int x, const std::vector<int>& axes, std::uint32_t mask, bool keepdims) {
    Step s = make_step(Step::Reduce, op, reduce_dtype(op, step(x).dtype));
    s.args = {x};
    s.axes = axes;
    s.keepdims = keepdims;
    return add(s, reduced_shape(shape(x), mask, keepdims));
  }

  // A reduction op that can reduce x over mask, its operand made ready for it (a cast to int64
  // or a comparison, else left to the front end).
  int reduce_random(int x, const std::vector<int>& axes, std::uint32_t mask, bool keepdims) {
    static const std::vector<Op> kReductions = catalogue_ops({sinter::TypeRule::Reduce});
    Op op = rng_.chance(0.1) ? Op::Sum : pick(rng_, kReductions);  // sums a little more often
    if (needs_elements(op) && reduces_empty(shape(x), mask)) op = rng_.chance(0.5) ? Op::Sum : Op::All;
    const DType t = step(x).dtype;
    if ((op == Op::Sum || op == Op::Prod) && (t == DType::Bool || t == DType::Int32) && rng_.chance(0.5))
      x = cast_to(x, DType::Int64);
    if (!sinter::accepts(op, t) && rng_.chance(0.6))  // else the front end converts it (any, all: nonzero)
      x = apply(rng_.chance(0.5) ? Op::Gt : Op::Ne, {x, cast_to(scalar_operand(t), t)});
    return reduce(op, x, axes, mask, keepdims);
  }

  // mean(x, axes, keepdims) as the front end builds it: sum(cast(x, t)) / count in t.
  int mean(int x, const std::vector<int>& axes, std::uint32_t mask, bool keepdims, int* sum_step = nullptr) {
    const DType t = sinter::is_float(step(x).dtype) ? step(x).dtype : DType::Float64;
    std::int64_t count = 1;
    for (int d = 0; d < shape(x).ndim(); ++d)
      if ((mask >> d) & 1U) count *= shape(x)[d];
    const int s = reduce(Op::Sum, cast_to(x, t), axes, mask, keepdims);
    if (sum_step) *sum_step = s;
    return apply(Op::Div, {s, scalar_of(t, static_cast<double>(count))});
  }

  int add_reduction() {
    int x = reducible();
    if (x < 0) return -1;
    const double pattern = rng_.uniform(0, 1);
    std::uint32_t mask = 0;
    // The consumer patterns below reduce the trailing axes half the time: row kernels (ir/kernel.h).
    std::vector<int> axes = pattern >= 0.55 && rng_.chance(0.5) && shape(x).ndim() > 0 ? trailing_axes(shape(x), mask)
                                                                                       : pick_axes(shape(x), mask);
    bool keepdims = rng_.chance(0.5);
    if (pattern < 0.06) {  // a user-defined reduction (sinter::reduce)
      std::vector<Op> ops;
      for (std::size_t o = 0; o < sinter::kOpInfo.size(); ++o)
        if (fold_op(static_cast<Op>(o), step(x).dtype)) ops.push_back(static_cast<Op>(o));
      Step s = make_step(Step::Fold, pick(rng_, ops), step(x).dtype);
      s.args = {x};
      s.axes = axes;
      s.keepdims = keepdims;
      return add(s, reduced_shape(shape(x), mask, keepdims));
    }
    if (pattern < 0.4) return reduce_random(x, axes, mask, keepdims);
    if (pattern < 0.55) {
      int sum = -1;
      const int m = mean(x, axes, mask, keepdims, &sum);
      if (rng_.chance(0.3)) hold(sum);
      return m;
    }
    if (pattern < 0.72) {
      // A consumer over the operand's shape: x - mean(x), x / sum(x), x == max(x), ...
      // Without keepdims the result broadcasts back only when the reduced axes lead.
      const bool leading = (mask & (mask + 1)) == 0;
      if (!leading || rng_.chance(0.6)) keepdims = true;
      static constexpr std::array kCenter = {Op::Sum, Op::Max, Op::Min, Op::Prod};
      Op op = rng_.chance(0.4) ? Op::Div : kCenter[rng_.below(kCenter.size())];  // Div: the mean
      if (needs_elements(op) && reduces_empty(shape(x), mask)) op = Op::Sum;
      if (op == Op::Div && !sinter::is_float(step(x).dtype)) x = cast_to(x, pick(rng_, kFloats));
      const int r = op == Op::Div ? mean(x, axes, mask, keepdims) : reduce(op, x, axes, mask, keepdims);
      if (rng_.chance(0.3)) hold(r);
      const DType t = step(r).dtype;
      const int xt = cast_to(x, t);
      static constexpr std::array kConsumers = {Op::Sub, Op::Sub, Op::Div, Op::Eq, Op::Ge, Op::Mul, Op::Maximum};
      Op use = kConsumers[rng_.below(kConsumers.size())];
      if (t == DType::Bool) use = Op::Eq;
      if (use == Op::Div && !sinter::is_float(t)) use = Op::Sub;
      const int y = rng_.chance(0.5) ? apply(use, {xt, r}) : apply(use, {r, xt});
      if (use == Op::Eq && rng_.chance(0.5)) return apply(Op::Where, {y, xt, cast_to(scalar_operand(t), t)});
      return y;
    }
    if (pattern < 0.86) {
      // Several reductions of one geometry (one kernel), of x or of values of x's shape, combined.
      const int count = 2 + static_cast<int>(rng_.below(2));
      std::vector<int> results;
      for (int k = 0; k < count; ++k) {
        int operand = x;
        if (k > 0 && rng_.chance(0.4)) {
          const int other = any_value([&](int j) { return !step(j).device_free && shape(j) == shape(x); });
          if (other >= 0) operand = other;
        }
        results.push_back(reduce_random(operand, axes, mask, keepdims));
        if (rng_.chance(0.2)) hold(results.back());
      }
      const DType t = step(results[0]).dtype;
      int acc = results[0];
      for (std::size_t k = 1; k < results.size(); ++k) {
        const int r = cast_to(results[k], t);
        static constexpr std::array kNumericOps = {Op::Sub, Op::Add, Op::Maximum, Op::Mul};
        const Op op = t == DType::Bool ? (rng_.chance(0.5) ? Op::And : Op::Or) : kNumericOps[rng_.below(4)];
        acc = apply(op, {acc, r});
      }
      return acc;
    }
    if (pattern < 0.9) {
      // layer norm over the axes: (x - mean) / sqrt(mean((x - mean)^2) + eps), keepdims: three phases.
      if (reduces_empty(shape(x), mask)) return reduce_random(x, axes, mask, keepdims);
      const int xf = cast_to(x, sinter::is_float(step(x).dtype) ? step(x).dtype : pick(rng_, kFloats));
      const DType t = step(xf).dtype;
      const int centered = apply(Op::Sub, {xf, mean(xf, axes, mask, true)});
      if (rng_.chance(0.3)) hold(centered);
      const int var = mean(apply(Op::Mul, {centered, centered}), axes, mask, true);
      return apply(Op::Div, {centered, apply(Op::Sqrt, {apply(Op::Add, {var, scalar_of(t, 1e-3)})})});
    }
    if (pattern < 0.95) {
      // softmax over the axes: exp(x - max(x)) / sum(exp(x - max(x))), keepdims.
      if (reduces_empty(shape(x), mask)) return reduce_random(x, axes, mask, keepdims);
      const int xf = cast_to(x, sinter::is_float(step(x).dtype) ? step(x).dtype : pick(rng_, kFloats));
      const int m = reduce(Op::Max, xf, axes, mask, true);
      const int e = apply(Op::Exp, {apply(Op::Sub, {xf, m})});
      const int s = reduce(Op::Sum, e, axes, mask, true);
      if (rng_.chance(0.3)) hold(s);
      return apply(Op::Div, {e, s});
    }
    return add_dot();
  }

  // dot(a, b) of a 1-D or 2-D a and a 1-D or 2-D b whose first dimension is a's last.
  int add_dot() {
    const int a =
        any_value([&](int k) { return !step(k).device_free && (shape(k).ndim() == 1 || shape(k).ndim() == 2); });
    if (a < 0) return -1;
    const std::int64_t inner = shape(a)[shape(a).ndim() - 1];
    const int b = any_value([&](int k) {
      return !step(k).device_free && (shape(k).ndim() == 1 || shape(k).ndim() == 2) && shape(k)[0] == inner;
    });
    if (b < 0) return -1;
    Shape out;
    if (shape(a).ndim() == 2) out.push_back(shape(a)[0]);
    if (shape(b).ndim() == 2) out.push_back(shape(b)[1]);
    if (out.numel() > limit_) return -1;
    const DType t = step(a).dtype == DType::Bool ? pick(rng_, kNumeric) : step(a).dtype;
    Step s = make_step(Step::Dot, Op::Sum, t);
    s.args = {cast_to(a, t), cast_to(b, t)};
    return add(s, out);
  }

  Case& c_;
  Rng& rng_;
  bool reductions_;
  Shape shape_;
  std::int64_t limit_ = 0;  // the most elements an elementwise result may have
  std::vector<Shape> shapes_;
  std::vector<int> held_;
};

}  // namespace

std::optional<std::vector<sinter::Shape>> value_shapes(const Case& c) {
  const Shape cs = case_shape(c);
  bool reductions = false;
  for (const auto& s : c.steps)
    reductions = reductions || s.kind == Step::Reduce || s.kind == Step::Dot || s.kind == Step::Fold;
  std::vector<Shape> shapes(c.steps.size());
  for (std::size_t k = 0; k < c.steps.size(); ++k) {
    const Step& s = c.steps[k];
    for (int a : s.args)
      if (a < 0 || static_cast<std::size_t>(a) >= k || !c.steps[static_cast<std::size_t>(a)].is_value())
        return std::nullopt;
    auto arg = [&](std::size_t a) -> const Shape& { return shapes[static_cast<std::size_t>(s.args[a])]; };
    auto arg_free = [&](std::size_t a) { return c.steps[static_cast<std::size_t>(s.args[a])].device_free; };
    Shape own;
    if (s.kind == Step::Input || s.kind == Step::BroadcastInput)
      for (auto d : s.dims) own.push_back(d);
    switch (s.kind) {
      case Step::Input:
        if (static_cast<std::int64_t>(s.values.size()) != (s.own_shape ? own : cs).numel()) return std::nullopt;
        shapes[k] = s.own_shape ? own : cs;
        break;
      case Step::BroadcastInput:
        if (!sinter::broadcasts_to(own, cs)) return std::nullopt;
        shapes[k] = cs;
        break;
      case Step::RandomInput:
      case Step::ViewInput: shapes[k] = cs; break;
      case Step::Index:
        if (reductions && cs.ndim() > 1) return std::nullopt;
        shapes[k] = cs;
        break;
      case Step::Broadcast:
        if (!sinter::broadcasts_to(arg(0), cs)) return std::nullopt;
        shapes[k] = cs;
        break;
      case Step::Scalar: break;
      case Step::Cast: shapes[k] = arg(0); break;
      case Step::Apply: {
        std::optional<Shape> out;
        for (std::size_t a = 0; a < s.args.size(); ++a) {
          if (arg_free(a)) continue;
          out = out ? broadcast(*out, arg(a)) : arg(a);
          if (!out) return std::nullopt;
        }
        if (out) shapes[k] = *out;
        break;
      }
      case Step::Reduce: {
        const Shape& in = arg(0);
        const int nd = in.ndim();
        if (arg_free(0) || nd == 0) return std::nullopt;
        std::uint32_t mask = s.axes.empty() ? (1U << nd) - 1U : 0;
        for (int axis : s.axes) {
          if (axis < -nd || axis >= nd) return std::nullopt;
          const int d = axis < 0 ? axis + nd : axis;
          if ((mask >> d) & 1U) return std::nullopt;
          mask |= 1U << d;
        }
        if (needs_elements(s.op) && reduces_empty(in, mask)) return std::nullopt;
        shapes[k] = reduced_shape(in, mask, s.keepdims);
        break;
      }
      case Step::Fold: {
        const Shape& in = arg(0);
        const int nd = in.ndim();
        if (s.args.size() != 1 || arg_free(0) || nd == 0 ||
            !fold_op(s.op, c.steps[static_cast<std::size_t>(s.args[0])].dtype))
          return std::nullopt;
        std::uint32_t mask = s.axes.empty() ? (1U << nd) - 1U : 0;
        for (int axis : s.axes) {
          if (axis < -nd || axis >= nd) return std::nullopt;
          const int d = axis < 0 ? axis + nd : axis;
          if ((mask >> d) & 1U) return std::nullopt;
          mask |= 1U << d;
        }
        shapes[k] = reduced_shape(in, mask, s.keepdims);
        break;
      }
      case Step::Dot: {
        const Shape &a = arg(0), &b = arg(1);
        if (arg_free(0) || arg_free(1) || a.ndim() < 1 || a.ndim() > 2 || b.ndim() < 1 || b.ndim() > 2 ||
            a[a.ndim() - 1] != b[0])
          return std::nullopt;
        Shape out;
        if (a.ndim() == 2) out.push_back(a[0]);
        if (b.ndim() == 2) out.push_back(b[1]);
        shapes[k] = out;
        break;
      }
      case Step::Loop:
      case Step::Branch: {  // every operand an array of one shape; an op that keeps the type
        const std::size_t count = s.kind == Step::Loop ? 2 : 3;
        if (s.args.size() != count || (s.kind == Step::Loop && s.values.size() != 1)) return std::nullopt;
        for (std::size_t a = 0; a < count; ++a)
          if (arg_free(a) || !(arg(a) == arg(0))) return std::nullopt;
        const DType t = c.steps[static_cast<std::size_t>(s.args[s.kind == Step::Loop ? 0 : 1])].dtype;
        if (!control_flow_op(s.op, t, s.kind == Step::Branch)) return std::nullopt;
        if (s.kind == Step::Branch && c.steps[static_cast<std::size_t>(s.args[0])].dtype != DType::Bool)
          return std::nullopt;
        shapes[k] = arg(0);
        break;
      }
      case Step::Hold:
      case Step::Evaluate: break;
    }
  }
  return shapes;
}

Case generate(std::uint64_t seed, std::uint64_t index) {
  Rng rng(seed * 0x9e3779b97f4a7c15ULL + index);
  Case c;
  c.seed = seed;
  c.index = index;
  c.n = kLengths[rng.below(kLengths.size())];
  if (rng.chance(0.03)) c.n = 40000 + static_cast<std::int64_t>(rng.below(3000));  // the thread pool's path
  const bool reductions = rng.chance(0.4);
  if (rng.chance(reductions ? 0.03 : 0.01)) c.n = 0;
  if (rng.chance(reductions ? 0.5 : 0.25)) {
    // N-d: 2 to 4 dimensions, 1s and odd sizes among them; now and then past the thread pool's threshold.
    static constexpr std::array<std::int64_t, 9> kDims = {1, 2, 3, 4, 5, 7, 16, 33, 0};
    const std::size_t rank = 2 + rng.below(3);
    for (std::size_t d = 0; d < rank; ++d)
      c.dims.push_back(kDims[rng.below(rng.chance(reductions ? 0.12 : 0.05) ? 9 : 8)]);
    if (rng.chance(0.03)) c.dims = {200, rng.chance(0.5) ? 1 : 3, 257};
    c.n = 1;
    for (auto d : c.dims) c.n *= d;
  }
  if (reductions && rng.chance(0.05)) {
    // Long reductions with few outputs: the CPU backend splits them into parts (reduce_n >= 2^13).
    static const std::vector<std::vector<std::int64_t>> kLong = {{2, 20000}, {3, 12000}, {20000, 3},  {5, 1, 17000},
                                                                 {1, 40000}, {9, 5000},  {3, 2, 9000}};
    c.dims = kLong[rng.below(kLong.size())];
    c.n = 1;
    for (auto d : c.dims) c.n *= d;
  }
  Generator(c, rng, reductions).run();
  if (!value_shapes(c))
    throw sinter::Error("fuzz: generated case " + std::to_string(index) + " of seed " + std::to_string(seed) +
                        " is not a valid program");
  return c;
}

int count_ops(const Case& c) {
  int ops = 0;
  for (const auto& s : c.steps)
    ops += s.kind == Step::Apply || s.kind == Step::Cast || s.kind == Step::Broadcast || s.kind == Step::Reduce ||
           s.kind == Step::Dot || s.kind == Step::Loop || s.kind == Step::Branch || s.kind == Step::Fold;
  return ops;
}

int count_reductions(const Case& c) {
  int reductions = 0;
  for (const auto& s : c.steps) reductions += s.kind == Step::Reduce || s.kind == Step::Dot || s.kind == Step::Fold;
  return reductions;
}

}  // namespace fuzz
