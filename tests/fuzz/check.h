// The fuzzer's oracle, shared with its regression tests (tests/test_fuzz_regressions.cpp):
// builds an IR graph statement by statement, keeps Array handles alive, evaluates on a device
// and compares what the device computed with the reference interpreter. Two ways to compare
// (docs/testing.md says why):
//   EndToEnd  only the held nodes are outputs; each is compared with the interpreter run on the
//             same pending graph, exactly, when no inexact op (exp, log, ..., pow) lies in its
//             pending cone; otherwise it is not compared.
//   EachNode  every node is held (so every node is an output) and each is compared with the
//             interpreter applied to that one op over the device's own operand values: exact,
//             or within kMathUlp for inexact ops. A 1-ulp difference upstream cannot flip a
//             comparison or a floor downstream into a false report.
#pragma once
#include <sinter/sinter.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "backend.h"
#include "fuse/plan.h"
#include "fuzz/values.h"
#include "interpret.h"
#include "ir/node.h"

namespace fuzz {

using sinter::DType;
using sinter::Op;
using sinter::ir::NodePtr;

enum class Mode { EndToEnd, EachNode };

/// Transcendental functions are within 4 ulp on every backend (libmvec, libdevice).
inline constexpr double kMathUlp = 4;

inline bool is_inexact(Op op) {
  switch (op) {
    case Op::Exp:
    case Op::Log:
    case Op::Sin:
    case Op::Cos:
    case Op::Tanh:
    case Op::Erf:
    case Op::Pow: return true;
    default: return false;
  }
}

/// Element `i` of raw storage of `dtype`, as bits (the IR's scalar encoding).
inline std::uint64_t element_bits(DType dtype, const std::vector<std::uint8_t>& bytes, std::int64_t i) {
  std::uint64_t bits = 0;
  const std::size_t size = sinter::size_of(dtype);
  std::memcpy(&bits, bytes.data() + static_cast<std::size_t>(i) * size, size);
  if (dtype == DType::Bool) bits = bits != 0;
  return bits;
}

/// A value as C++ source text of its type (exact: floats print with round-trip precision).
inline std::string value_text(DType dtype, std::uint64_t bits) {
  std::ostringstream os;
  os.precision(dtype == DType::Float32 ? 9 : 17);
  auto floating = [&](double v, const char* suffix) {
    if (std::isnan(v)) os << "NAN";
    else if (std::isinf(v)) os << (v < 0 ? "-INFINITY" : "INFINITY");
    else {
      std::ostringstream num;
      num.precision(os.precision());
      num << v;
      std::string s = num.str();
      if (s.find_first_of(".en") == std::string::npos) s += ".0";
      os << s << suffix;
    }
  };
  switch (dtype) {
    case DType::Bool: os << (bits ? "true" : "false"); break;
    case DType::Int32: {
      auto v = static_cast<std::int32_t>(static_cast<std::uint32_t>(bits));
      if (v == INT32_MIN) os << "-2147483647 - 1";
      else os << v;
      break;
    }
    case DType::Int64: {
      auto v = static_cast<std::int64_t>(bits);
      if (v == INT64_MIN) os << "-9223372036854775807LL - 1";
      else os << v << "LL";
      break;
    }
    case DType::Float32: floating(std::bit_cast<float>(static_cast<std::uint32_t>(bits)), "f"); break;
    case DType::Float64: floating(std::bit_cast<double>(bits), ""); break;
  }
  return os.str();
}

/// Distance in ulp between two values of `dtype` (0 for NaN and NaN, exact for the rest: 0 or inf).
inline double distance(DType dtype, std::uint64_t a, std::uint64_t b) {
  auto ordered = [](auto u, auto sign) { return (u & sign) ? decltype(u)(~u) : decltype(u)(u | sign); };
  if (dtype == DType::Float32) {
    auto x = static_cast<std::uint32_t>(a), y = static_cast<std::uint32_t>(b);
    bool nx = std::isnan(std::bit_cast<float>(x)), ny = std::isnan(std::bit_cast<float>(y));
    if (nx || ny) return nx && ny ? 0 : INFINITY;
    auto ox = ordered(x, 0x80000000u), oy = ordered(y, 0x80000000u);
    return static_cast<double>(ox > oy ? ox - oy : oy - ox);
  }
  if (dtype == DType::Float64) {
    bool nx = std::isnan(std::bit_cast<double>(a)), ny = std::isnan(std::bit_cast<double>(b));
    if (nx || ny) return nx && ny ? 0 : INFINITY;
    auto ox = ordered(a, 0x8000000000000000ull), oy = ordered(b, 0x8000000000000000ull);
    return static_cast<double>(ox > oy ? ox - oy : oy - ox);
  }
  return a == b ? 0 : INFINITY;
}

/// Where and how a device disagreed with the interpreter.
struct Failure {
  int node = -1;              // index of the node (in construction order); -1: not a value
  std::int64_t element = -1;  // first element that differs
  bool exception = false;     // an exception, not a wrong value
  std::string text;
};

/// What the reference interpreter computes for pending `roots` (all of one shape and device, or
/// device-free): raw bytes per root. Caller must not hold ir::graph_mutex().
inline std::vector<std::vector<std::uint8_t>> reference_bytes(const std::vector<NodePtr>& roots) {
  using namespace sinter;
  fuse::KernelPlan plan;
  {
    std::lock_guard lock(ir::graph_mutex());
    std::vector<NodePtr> resolved;
    for (const auto& r : roots) resolved.push_back(ir::resolved(r));
    plan = fuse::plan_kernel(resolved);
  }
  const std::vector<std::vector<std::uint8_t>> outputs = interpret_plan(plan);
  std::vector<std::vector<std::uint8_t>> out;
  for (const auto& r : roots) {
    std::lock_guard lock(ir::graph_mutex());
    const NodePtr& want = ir::resolved(r);
    std::size_t k = 0;
    while (k < plan.outputs.size() && plan.outputs[k] != want) ++k;
    if (k == plan.outputs.size()) throw Error("fuzz: the reference plan does not output a root");
    out.push_back(outputs[k]);
  }
  return out;
}

/// The node's computed elements as raw bytes (evaluating it if needed).
inline std::vector<std::uint8_t> device_bytes(const NodePtr& node) {
  const std::int64_t n = node->shape.numel();
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(n) * sinter::size_of(node->dtype) + 8);
  sinter::detail::read_node(node, 0, n, bytes.data());
  return bytes;
}

/// Builds one graph statement by statement on `device` over `n` elements, and checks it.
class Checker {
 public:
  Checker(sinter::Device device, std::int64_t n, Mode mode) : Checker(device, sinter::Shape::vector(n), mode) {}
  /// Arrays of `shape` (N-d: broadcast inputs of smaller shapes stretch to it).
  Checker(sinter::Device device, const sinter::Shape& shape, Mode mode)
      : device_(device), shape_(shape), n_(shape.numel()), mode_(mode) {}
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;
  ~Checker() {
    for (const auto& h : held_) sinter::detail::release_handle(h);
  }

  /// An input array of `n` elements given as bits.
  NodePtr input(DType dtype, const std::vector<std::uint64_t>& bits) {
    std::vector<std::uint8_t> bytes(bits.size() * sinter::size_of(dtype) + 1);
    for (std::size_t i = 0; i < bits.size(); ++i)
      std::memcpy(bytes.data() + i * sinter::size_of(dtype), &bits[i], sinter::size_of(dtype));
    return made(sinter::detail::host_node(dtype, shape_, bytes.data(), device_), Op::Buffer, {});
  }
  /// An input of `shape` (fuzz::random_values(dtype, its size, seed)) broadcast to the checker's
  /// shape: the kernels read it through zero strides.
  NodePtr broadcast_input(DType dtype, std::uint64_t seed, const sinter::Shape& shape) {
    const auto bits = random_values(dtype, shape.numel(), seed);
    std::vector<std::uint8_t> bytes(bits.size() * sinter::size_of(dtype) + 1);
    for (std::size_t i = 0; i < bits.size(); ++i)
      std::memcpy(bytes.data() + i * sinter::size_of(dtype), &bits[i], sinter::size_of(dtype));
    NodePtr small = made(sinter::detail::host_node(dtype, shape, bytes.data(), device_), Op::Buffer, {});
    return made(sinter::ir::make_broadcast(small, shape_, device_), Op::Broadcast, {small});
  }
  /// An input of the checker's shape that is a read-only view of a larger array (holding
  /// fuzz::random_values of its size for `seed`): one extra leading axis picked by an integer
  /// index, per axis a start, a step of +-1 or +-2 and spare elements, and the axes permuted, all
  /// drawn from `seed`. Kernels read it through its strides and offset. Its elements are checked
  /// against the index arithmetic written out plainly before it is used (an exception if not).
  NodePtr view_input(DType dtype, std::uint64_t seed) {
    using sinter::Slice;
    const int nd = shape_.ndim();
    std::uint64_t state = seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;
    auto draw = [&state](std::int64_t bound) {
      state ^= state >> 31;
      state *= 0xbf58476d1ce4e5b9ULL;
      state ^= state >> 29;
      return static_cast<std::int64_t>(state % static_cast<std::uint64_t>(bound));
    };
    std::vector<int> perm(static_cast<std::size_t>(nd));  // base axis k + 1 holds view axis perm[k]
    for (int d = 0; d < nd; ++d) perm[static_cast<std::size_t>(d)] = d;
    for (int d = nd - 1; d > 0; --d)
      std::swap(perm[static_cast<std::size_t>(d)], perm[static_cast<std::size_t>(draw(d + 1))]);
    sinter::Shape base;
    base.push_back(1 + draw(3));
    const std::int64_t pick = draw(base[0]);
    std::vector<sinter::AxisIndex> index{pick};
    std::vector<std::int64_t> start(static_cast<std::size_t>(nd)), step(static_cast<std::size_t>(nd));
    for (int k = 0; k < nd; ++k) {
      const std::int64_t size = shape_[perm[static_cast<std::size_t>(k)]];
      const std::int64_t st = (1 + draw(2)) * (draw(2) ? -1 : 1), spare = draw(3);
      const std::int64_t extent = size == 0 ? spare : (size - 1) * (st < 0 ? -st : st) + 1 + spare;
      const std::int64_t first = st > 0 ? draw(spare + 1) : extent - 1 - draw(spare + 1);
      base.push_back(extent);
      start[static_cast<std::size_t>(k)] = first;
      step[static_cast<std::size_t>(k)] = st;
      if (size == 0) {
        index.emplace_back(Slice{0, 0});
        continue;
      }
      const std::int64_t stop = first + (size - 1) * st + (st > 0 ? 1 : -1);
      index.emplace_back(Slice{first, stop < 0 ? std::nullopt : std::optional<std::int64_t>(stop), st});
    }
    const auto bits = random_values(dtype, base.numel(), seed);
    const std::size_t size = sinter::size_of(dtype);
    std::vector<std::uint8_t> bytes(bits.size() * size + 1);
    for (std::size_t i = 0; i < bits.size(); ++i) std::memcpy(bytes.data() + i * size, &bits[i], size);
    NodePtr whole = sinter::detail::host_node(dtype, base, bytes.data(), device_);
    std::vector<int> axes(static_cast<std::size_t>(nd));  // view axis d is sliced axis axes[d]
    for (int k = 0; k < nd; ++k) axes[static_cast<std::size_t>(perm[static_cast<std::size_t>(k)])] = k;
    NodePtr view = sinter::detail::permute_node(sinter::detail::slice_node(whole, index), axes);
    if (!(view->shape == shape_)) throw sinter::Error("fuzz: view_input made shape " + view->shape.to_string());
    const auto got = device_bytes(view);
    for (std::int64_t i = 0; i < n_; ++i) {
      std::int64_t rest = i, at = 0, stride = 1;
      std::vector<std::int64_t> c(static_cast<std::size_t>(nd));
      for (int d = nd - 1; d >= 0; --d) {
        c[static_cast<std::size_t>(d)] = rest % shape_[d];
        rest /= shape_[d];
      }
      for (int k = nd - 1; k >= 0; --k) {
        const auto ku = static_cast<std::size_t>(k);
        at += (start[ku] + c[static_cast<std::size_t>(perm[ku])] * step[ku]) * stride;
        stride *= base[k + 1];
      }
      at += pick * stride;
      if (std::memcmp(got.data() + static_cast<std::size_t>(i) * size,
                      bytes.data() + static_cast<std::size_t>(at) * size, size) != 0)
        throw sinter::Error("fuzz: view_input element " + std::to_string(i) + " differs from the base's element " +
                            std::to_string(at));
    }
    return made(view, Op::Buffer, {});
  }
  template <class T> NodePtr input(std::initializer_list<T> values) {
    std::vector<std::uint64_t> bits;
    for (T v : values) bits.push_back(bits_of(v));
    return input(sinter::dtype_v<T>, bits);
  }
  /// An input of fuzz::random_values(dtype, n, seed).
  NodePtr random_input(DType dtype, std::uint64_t seed) { return input(dtype, random_values(dtype, n_, seed)); }

  NodePtr scalar(DType dtype, std::uint64_t bits) { return made(sinter::ir::make_scalar(dtype, bits), Op::Scalar, {}); }
  template <class T> NodePtr scalar(T value) { return scalar(sinter::dtype_v<T>, bits_of(value)); }
  NodePtr index() { return made(sinter::ir::make_index(shape_, device_), Op::Index, {}); }
  /// A 0-d value repeated over the n elements.
  NodePtr broadcast(const NodePtr& x) {
    return made(sinter::ir::make_broadcast(x, shape_, device_), Op::Broadcast, {x});
  }
  NodePtr cast(const NodePtr& x, DType to) { return made(sinter::ir::make_cast(x, to), Op::Cast, {x}); }
  NodePtr op(Op o, std::initializer_list<NodePtr> operands) { return op(o, std::vector<NodePtr>(operands)); }
  NodePtr op(Op o, const std::vector<NodePtr>& operands) { return made(sinter::ir::make_op(o, operands), o, operands); }

  /// Keeps an Array handle on `x` alive from now on (it becomes an output of every kernel that computes it).
  void hold(const NodePtr& x) {
    if (!x || x->device_free || is_held(x)) return;
    sinter::detail::retain_handle(x);
    held_.push_back(x);
  }

  /// Evaluates `nodes` now (as sinter::eval does), with every held handle still alive.
  void evaluate(std::initializer_list<NodePtr> nodes) { evaluate(std::vector<NodePtr>(nodes)); }
  void evaluate(const std::vector<NodePtr>& nodes) {
    std::vector<NodePtr> bound;
    for (const auto& x : nodes)
      if (!x->device_free) bound.push_back(x);
    take_references();
    sinter::detail::evaluate_nodes(bound);
  }

  /// Evaluates every held node and compares. Returns the first disagreement.
  std::optional<Failure> check() {
    try {
      evaluate(held_);
      return mode_ == Mode::EndToEnd ? compare_end_to_end() : compare_each_node();
    } catch (const std::exception& e) { return Failure{-1, -1, true, std::string("exception: ") + e.what()}; }
  }
  /// check() for doctest: "" when the device agrees with the interpreter.
  std::string finish() {
    auto f = check();
    return f ? f->text : std::string();
  }

 private:
  struct Made {
    NodePtr node;
    Op op;
    std::vector<NodePtr> args;
  };
  struct Reference {
    NodePtr node;
    std::vector<std::uint8_t> bytes;
    bool exact;
  };

  template <class T> static std::uint64_t bits_of(T v) {
    if constexpr (std::is_same_v<T, bool>) return v ? 1 : 0;
    else if constexpr (std::is_same_v<T, float>) return std::bit_cast<std::uint32_t>(v);
    else if constexpr (std::is_same_v<T, double>) return std::bit_cast<std::uint64_t>(v);
    else if constexpr (sizeof(T) == 4) return static_cast<std::uint32_t>(v);
    else return static_cast<std::uint64_t>(v);
  }

  NodePtr made(NodePtr node, Op o, std::vector<NodePtr> args) {
    names_.emplace(node.get(), static_cast<int>(made_.size()));
    made_.push_back(Made{node, o, std::move(args)});
    if (mode_ == Mode::EachNode && !node->is_leaf()) hold(node);
    return node;
  }

  bool is_held(const NodePtr& x) const {
    for (const auto& h : held_)
      if (h == x) return true;
    return false;
  }

  std::string name(const NodePtr& x) const {
    auto it = names_.find(x.get());
    std::string s = "v";
    return it == names_.end() ? "?" : s.append(std::to_string(it->second));
  }
  int index_of(const NodePtr& x) const {
    auto it = names_.find(x.get());
    return it == names_.end() ? -1 : it->second;
  }

  // EndToEnd: before an evaluation, the interpreter's values of every held node still pending.
  void take_references() {
    if (mode_ != Mode::EndToEnd) return;
    std::vector<NodePtr> pending;
    for (const auto& h : held_) {
      bool seen = false;
      for (const auto& r : references_) seen = seen || r.node == h;
      if (!seen && sinter::detail::is_pending(h)) pending.push_back(h);
    }
    if (pending.empty()) return;
    auto bytes = reference_bytes(pending);
    for (std::size_t k = 0; k < pending.size(); ++k)
      references_.push_back(Reference{pending[k], std::move(bytes[k]), exact_cone(pending[k])});
  }

  // True when no inexact op lies between `x` and the computed values it reads.
  static bool exact_cone(const NodePtr& x) {
    std::lock_guard lock(sinter::ir::graph_mutex());
    std::vector<const sinter::ir::Node*> stack{x.get()};
    std::unordered_map<const sinter::ir::Node*, bool> seen;
    while (!stack.empty()) {
      const sinter::ir::Node* n = stack.back();
      stack.pop_back();
      if (n->materialized || !seen.emplace(n, true).second) continue;
      if (is_inexact(n->op)) return false;
      for (const auto& a : n->args()) stack.push_back(a.get());
    }
    return true;
  }

  std::optional<Failure> compare_end_to_end() {
    for (const auto& r : references_) {
      if (!r.exact) continue;
      auto got = device_bytes(r.node);
      for (std::int64_t i = 0; i < n_; ++i) {
        std::uint64_t g = element_bits(r.node->dtype, got, i), w = element_bits(r.node->dtype, r.bytes, i);
        if (distance(r.node->dtype, g, w) == 0) continue;
        std::ostringstream text;
        text << name(r.node) << " (" << describe(r.node) << ") at element " << i << ": device "
             << value_text(r.node->dtype, g) << ", interpreter " << value_text(r.node->dtype, w);
        return Failure{index_of(r.node), i, false, text.str()};
      }
    }
    return std::nullopt;
  }

  std::string describe(const NodePtr& x) const {
    for (const auto& m : made_)
      if (m.node == x) {
        std::string s = std::string(sinter::info(m.op).name) + " " + std::string(sinter::name_of(x->dtype));
        for (const auto& a : m.args) s.append(" ").append(name(a)).append(":").append(sinter::name_of(a->dtype));
        return s;
      }
    return "?";
  }

  // EachNode: every op against the interpreter over the device's own operand values.
  std::optional<Failure> compare_each_node() {
    using namespace sinter;
    std::unordered_map<const ir::Node*, bool> done;
    for (std::size_t k = 0; k < made_.size(); ++k) {
      const Made& m = made_[k];
      if (m.node->is_leaf() || m.node->device_free || !done.emplace(m.node.get(), true).second) continue;
      if (m.op == Op::Cast && m.args[0] == m.node) continue;  // a cast to the same type is no node
      ir::KernelIR kernel;
      ir::KernelArgs args;
      std::vector<std::vector<std::uint8_t>> inputs;
      ir::Instr in{m.op, m.node->dtype};
      for (const auto& a : m.args) {
        ir::Instr arg{a->op, a->dtype};
        if (a->op == Op::Index) {
        } else if (a->op == Op::Scalar || a->device_free) {
          arg.op = Op::Scalar;
          arg.slot = static_cast<std::int32_t>(args.scalars.size());
          args.scalars.push_back(a->op == Op::Scalar ? a->scalar_bits
                                                     : element_bits(a->dtype, reference_bytes({a})[0], 0));
          kernel.scalars.push_back(a->dtype);
        } else {
          arg.op = Op::Buffer;
          arg.slot = static_cast<std::int32_t>(inputs.size());
          inputs.push_back(stretched(a, device_bytes(a)));
          kernel.inputs.push_back(a->dtype);
        }
        in.args[in.num_args++] = static_cast<std::int32_t>(kernel.body.size());
        kernel.body.push_back(arg);
      }
      kernel.body.push_back(in);
      kernel.outputs.push_back(static_cast<std::int32_t>(kernel.body.size() - 1));
      std::vector<std::uint8_t> want(static_cast<std::size_t>(n_) * size_of(m.node->dtype) + 8);
      for (auto& v : inputs) args.buffers.push_back(v.data());
      args.buffers.push_back(want.data());
      args.n = n_;
      interpret(kernel, args);
      auto got = device_bytes(m.node);
      const double allowed = is_inexact(m.op) ? kMathUlp : 0;
      for (std::int64_t i = 0; i < n_; ++i) {
        std::uint64_t g = element_bits(m.node->dtype, got, i), w = element_bits(m.node->dtype, want, i);
        double d = distance(m.node->dtype, g, w);
        if (d <= allowed) continue;
        std::ostringstream text;
        text << name(m.node) << " (" << describe(m.node) << ") at element " << i << ": " << info(m.op).name << "(";
        for (std::size_t a = 0; a < m.args.size(); ++a) {
          const ir::Instr& ai = kernel.body[a];
          std::uint64_t v = ai.op == Op::Index ? static_cast<std::uint64_t>(i)
                            : ai.op == Op::Scalar
                                ? args.scalars[static_cast<std::size_t>(ai.slot)]
                                : element_bits(ai.dtype, inputs[static_cast<std::size_t>(ai.slot)], i);
          text << (a ? ", " : "") << value_text(ai.dtype, v);
        }
        text << ") is " << value_text(m.node->dtype, g) << " on the device, " << value_text(m.node->dtype, w)
             << " in the interpreter";
        if (is_float(m.node->dtype) && std::isfinite(d)) text << " (" << d << " ulp)";
        return Failure{static_cast<int>(k), i, false, text.str()};
      }
    }
    return std::nullopt;
  }

  // The elements of `a` at each of the n positions of the checker's shape: itself, or a smaller
  // operand stretched by NumPy's rule written out plainly (independent of the planner's layouts).
  std::vector<std::uint8_t> stretched(const NodePtr& a, const std::vector<std::uint8_t>& bytes) const {
    if (a->shape == shape_) return bytes;
    const std::size_t size = sinter::size_of(a->dtype);
    std::vector<std::uint8_t> out(static_cast<std::size_t>(n_) * size + 8);
    const int lead = shape_.ndim() - a->shape.ndim();
    for (std::int64_t i = 0; i < n_; ++i) {
      std::int64_t rest = i, at = 0, step = 1;
      for (int d = shape_.ndim() - 1; d >= 0; --d) {
        const std::int64_t c = rest % shape_[d];
        rest /= shape_[d];
        if (d < lead) continue;
        const std::int64_t own = a->shape[d - lead];
        at += (own == 1 ? 0 : c) * step;
        step *= own;
      }
      std::memcpy(out.data() + static_cast<std::size_t>(i) * size, bytes.data() + static_cast<std::size_t>(at) * size,
                  size);
    }
    return out;
  }

  sinter::Device device_;
  sinter::Shape shape_;
  std::int64_t n_;
  Mode mode_;
  std::vector<Made> made_;
  std::unordered_map<const sinter::ir::Node*, int> names_;
  std::vector<NodePtr> held_;
  std::vector<Reference> references_;
};

}  // namespace fuzz
