// The fuzzer's oracle, shared with its regression tests (tests/test_fuzz_regressions.cpp):
// builds an IR graph statement by statement, keeps Array handles alive, evaluates on a device
// and compares what the device computed with the reference interpreter. Arrays may have
// different shapes (reductions, broadcasting); every input has the checker's shape, or a
// shape of its own given with its values.
//
// The reference: the interpreter (lib/interpret.cpp) applied node by node, each node as a
// kernel of its one op (a reduction as a reduction kernel over its operand, kept axes first),
// its operands stretched to its shape in plain code here. It never goes through the planner,
// so a wrong fusion, layout or kernel split shows as a wrong value. Inputs are the host values
// the checker made them from; computed (materialized) nodes are read back from the device.
//
// Two ways to compare (docs/testing.md says why):
//   EndToEnd  only the held nodes are outputs; right before each evaluation, each pending held
//             node is computed by the reference from the same graph, and compared after:
//             exactly when its pending cone holds no inexact op (exp, log, ..., pow) and no
//             float sum or product; within kMathUlp when it is an inexact op over such a cone,
//             or a float min or max of such an op; within the sum tolerance (below) when it is
//             a float sum or product of either; otherwise it is not compared.
//   EachNode  every node is held (so every node is an output) and each is compared with the
//             interpreter applied to that one op over the device's own operand values: exact,
//             within kMathUlp for inexact ops, within the sum tolerance for float sums and
//             products. A 1-ulp difference upstream cannot flip a comparison or a floor
//             downstream into a false report.
//
// The sum tolerance. The interpreter adds (multiplies) a reduction's elements one by one in
// order; a backend may reassociate (vector lanes, partial accumulators, a long reduction split
// over threads and combined), so float sums and products differ by rounding. Both accumulate in
// float64 (float32 too, rounded once at the end: lib/ir/reduce.h), with unit roundoff u = 2^-53.
// Any order of n - 1 additions is within (n - 1) u S of the exact sum, S = sum |x_i|, so two
// orders are within 2 (n - 1) u S; the check allows, per output of n elements,
//   sum:      2.5 n u S + n 2^-1074 (float64 subnormal steps), plus e S + n e' when the elements
//             are themselves within k ulp (a fused exp): e = k 2^(1-p), e' = k * the smallest
//             subnormal, p = 24 or 53 for the element type;
//   product:  a relative (2.5 n u + n e) |interpreter's|;
// and then one ulp of the result type at the larger of the two (the final rounding of two
// nearly equal float64 values to float32), and one ulp always. Where order matters beyond
// rounding, the value is exactly defined or not compared: with a NaN element both must be NaN;
// a sum with infinities (and S < 2^1022, so no order overflows) is that infinity or NaN,
// exactly; a sum with S >= 2^1022 may overflow in some orders and is not compared; a product is
// compared only when no sub-product of its finite nonzero elements can overflow or underflow
// (the sums of log2|x| over |x| > 1 and over |x| < 1 within +-1000), and is then exactly +-0,
// +-inf or NaN when a zero or an infinity is among them. Integer sums and products (wrapping),
// min, max, any, all, argmin and argmax have one right answer in any order: exact.
#pragma once
#include <sinter/sinter.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "backend.h"
#include "fuse/plan.h"
#include "fuzz/values.h"
#include "interpret.h"
#include "ir/kernel.h"
#include "ir/node.h"
#include "ir/region.h"

namespace fuzz {

using sinter::DType;
using sinter::Op;
using sinter::ir::NodePtr;

enum class Mode { EndToEnd, EachNode };

/// Transcendental functions are within 4 ulp on every backend (libmvec, libdevice).
inline constexpr double kMathUlp = 4;

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
    // Small types print as int (their C++ types would print as characters); the cast in the case
    // makes them the element type again.
    case DType::Int8: os << static_cast<int>(static_cast<std::int8_t>(static_cast<std::uint8_t>(bits))); break;
    case DType::Int16: os << static_cast<int>(static_cast<std::int16_t>(static_cast<std::uint16_t>(bits))); break;
    case DType::UInt8: os << static_cast<unsigned>(static_cast<std::uint8_t>(bits)); break;
    case DType::UInt16: os << static_cast<unsigned>(static_cast<std::uint16_t>(bits)); break;
    case DType::UInt32: os << static_cast<std::uint32_t>(bits) << "U"; break;
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

/// A float sum or product: its value depends on the order of the elements by rounding.
inline bool is_float_reduction(Op op, DType dtype) {
  return (op == Op::Sum || op == Op::Prod) && sinter::is_float(dtype);
}

/// How far a device value may be from the interpreter's (see the file comment).
struct Allow {
  enum Kind : std::uint8_t {
    Exact,         // bit for bit (NaN equal to NaN, -0 differing from +0)
    Ulps,          // within `amount` ulp
    Within,        // within `amount` (absolute), or one ulp of the type
    Relative,      // within `amount` times the interpreter's magnitude, or one ulp of the type
    Any,           // not compared
    UlpsNearZero,  // within `amount` ulp, or `amount` epsilons absolute (logaddexp, whose formula
                   // cancels where the result nears 0: docs/accuracy.md)
  };
  Kind kind = Exact;
  long double amount = 0;

  std::string text() const {
    std::ostringstream os;
    os.precision(3);
    switch (kind) {
      case Exact: return "exact";
      case Ulps: os << amount << " ulp"; break;
      case Within: os << "+-" << static_cast<double>(amount) << " (sum tolerance)"; break;
      case Relative: os << "relative " << static_cast<double>(amount) << " (product tolerance)"; break;
      case Any: return "any";
      case UlpsNearZero: os << amount << " ulp or epsilons"; break;
    }
    return os.str();
  }
};

/// How far a math-library op's device result may be from the interpreter's over the same operands.
inline Allow math_allowance(Op op) {
  if (op == Op::Logaddexp || op == Op::Logaddexp2) return Allow{Allow::UlpsNearZero, kMathUlp};
  return Allow{Allow::Ulps, kMathUlp};
}

/// A value of a float type from its bits.
inline long double float_value(DType dtype, std::uint64_t bits) {
  if (dtype == DType::Float32) return std::bit_cast<float>(static_cast<std::uint32_t>(bits));
  return std::bit_cast<double>(bits);
}

/// The facts about the elements of one output of a float sum or product that bound how much
/// two orders of it may differ.
struct ReduceStats {
  std::int64_t count = 0;
  long double abs_sum = 0;     // sum of |x| over the finite elements
  long double log2_big = 0;    // sum of log2 |x| over the finite |x| > 1
  long double log2_small = 0;  // over the finite 0 < |x| < 1
  bool nan = false, pos_inf = false, neg_inf = false, zero = false, subnormal = false;
  bool near_overflow = false;  // |x| beyond half the type's largest value

  void add(DType dtype, std::uint64_t bits) {
    ++count;
    const long double x = float_value(dtype, bits);
    if (std::isnan(x)) {
      nan = true;
      return;
    }
    if (std::isinf(x)) {
      (x > 0 ? pos_inf : neg_inf) = true;
      near_overflow = true;
      return;
    }
    const long double a = std::fabs(x);
    const long double smallest_normal =
        dtype == DType::Float32 ? std::numeric_limits<float>::min() : std::numeric_limits<double>::min();
    const long double largest =
        dtype == DType::Float32 ? std::numeric_limits<float>::max() : std::numeric_limits<double>::max();
    abs_sum += a;
    if (a == 0) zero = true;
    else if (a < smallest_normal) subnormal = true;
    if (a > largest / 2) near_overflow = true;
    if (a > 1) log2_big += std::log2(a);
    else if (a > 0 && a < 1) log2_small += std::log2(a);
  }
};

/// What one output of a float sum or product (`op`) may differ by, given its elements' stats,
/// when each element itself is within `element_ulps` ulp of the interpreter's (0: exact).
inline Allow reduction_allowance(Op op, DType element, const ReduceStats& s, double element_ulps) {
  const long double u = 0x1p-53L;  // float64 accumulators, float32 sums and products included
  const long double n = static_cast<long double>(s.count);
  const bool f32 = element == DType::Float32;
  const long double e = element_ulps * (f32 ? 0x1p-23L : 0x1p-52L);         // ulp(y) <= 2^(1-p) |y|
  const long double e_abs = element_ulps * (f32 ? 0x1p-149L : 0x1p-1074L);  // subnormal y
  if (s.nan) return {Allow::Exact, 0};
  // An element near the top of its range that is k ulp off may be infinite on one side only.
  if (element_ulps > 0 && s.near_overflow) return {Allow::Any, 0};
  if (op == Op::Sum) {
    if (s.abs_sum >= 0x1p1022L) return {Allow::Any, 0};    // some order may overflow
    if (s.pos_inf || s.neg_inf) return {Allow::Exact, 0};  // inf, or NaN with both signs
    return {Allow::Within, 2.5L * n * u * s.abs_sum + e * s.abs_sum + n * (0x1p-1074L + e_abs)};
  }
  if (element_ulps > 0 && (s.zero || s.subnormal)) return {Allow::Any, 0};
  if (s.zero && (s.pos_inf || s.neg_inf)) return {Allow::Exact, 0};  // NaN in every order
  if (s.log2_big > 1000 || s.log2_small < -1000) return {Allow::Any, 0};
  if (s.zero || s.pos_inf || s.neg_inf) return {Allow::Exact, 0};  // +-0 or +-inf, sign by parity
  return {Allow::Relative, 2.5L * n * u + n * e};
}

/// One ulp of `dtype` at magnitude |v| (a float type).
inline long double ulp_at(DType dtype, long double v) {
  v = std::fabs(v);
  if (dtype == DType::Float32) {
    const auto f = static_cast<float>(v);
    return static_cast<long double>(std::nextafter(f, std::numeric_limits<float>::infinity())) - f;
  }
  const auto d = static_cast<double>(v);
  return static_cast<long double>(std::nextafter(d, std::numeric_limits<double>::infinity())) - d;
}

/// True when device value `got` may stand for the interpreter's `want` under `allow`.
inline bool allowed(DType dtype, std::uint64_t got, std::uint64_t want, const Allow& allow) {
  const double d = distance(dtype, got, want);
  if (d == 0 || allow.kind == Allow::Any) return true;
  if (allow.kind == Allow::Exact) return false;
  if (allow.kind == Allow::Ulps) return d <= static_cast<double>(allow.amount);
  if (d <= 1) return true;
  const long double g = float_value(dtype, got), w = float_value(dtype, want);
  if (allow.kind == Allow::UlpsNearZero) {
    const long double epsilon = dtype == DType::Float32 ? 0x1p-23L : 0x1p-52L;
    return d <= static_cast<double>(allow.amount) ||
           (!std::isnan(g) && !std::isnan(w) && std::fabs(g - w) <= allow.amount * epsilon);
  }
  if (std::isnan(g) || std::isnan(w)) return false;
  const long double tolerance = allow.kind == Allow::Within ? allow.amount : allow.amount * std::fabs(w);
  if (std::isinf(g) || std::isinf(w)) {  // rounded past the largest value on one side only?
    if (std::isinf(g) && std::isinf(w)) return false;
    const long double finite = std::isinf(g) ? w : g, infinite = std::isinf(g) ? g : w;
    if (std::signbit(finite) != std::signbit(infinite)) return false;
    const long double largest =
        dtype == DType::Float32 ? std::numeric_limits<float>::max() : std::numeric_limits<double>::max();
    return std::fabs(finite) + tolerance + ulp_at(dtype, finite) >= largest;
  }
  return std::fabs(g - w) <= tolerance + ulp_at(dtype, std::max(std::fabs(g), std::fabs(w)));
}

/// The elements of one array on the host: row-major, in `shape` (8 spare bytes: an empty array
/// still has an address).
struct Values {
  DType dtype = DType::Bool;
  sinter::Shape shape;
  std::vector<std::uint8_t> bytes;

  std::int64_t numel() const { return shape.numel(); }
  std::uint64_t bits(std::int64_t i) const { return element_bits(dtype, bytes, i); }
};

/// The node's computed elements as raw bytes (evaluating it if needed).
inline std::vector<std::uint8_t> device_bytes(const NodePtr& node) {
  const std::int64_t n = node->shape.numel();
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(n) * sinter::size_of(node->dtype) + 8);
  sinter::detail::read_node(node, 0, n, bytes.data());
  return bytes;
}

/// `v` stretched to `to` by NumPy's broadcasting rule, written out plainly (independent of the
/// planner's layouts). A 0-d value is repeated.
inline Values stretched(const Values& v, const sinter::Shape& to) {
  if (v.shape == to) return v;
  if (!sinter::broadcasts_to(v.shape, to))
    throw sinter::Error("fuzz: cannot stretch " + v.shape.to_string() + " to " + to.to_string());
  const std::size_t size = sinter::size_of(v.dtype);
  Values out{v.dtype, to, std::vector<std::uint8_t>(static_cast<std::size_t>(to.numel()) * size + 8)};
  const int lead = to.ndim() - v.shape.ndim();
  for (std::int64_t i = 0; i < to.numel(); ++i) {
    std::int64_t rest = i, at = 0, step = 1;
    for (int d = to.ndim() - 1; d >= 0; --d) {
      const std::int64_t c = rest % to[d];
      rest /= to[d];
      if (d < lead) continue;
      const std::int64_t own = v.shape[d - lead];
      at += (own == 1 ? 0 : c) * step;
      step *= own;
    }
    std::memcpy(out.bytes.data() + static_cast<std::size_t>(i) * size,
                v.bytes.data() + static_cast<std::size_t>(at) * size, size);
  }
  return out;
}

/// For each element of an array of `shape` (row-major), the index of the output of a reduction
/// over the axes in `mask` that it belongs to (row-major over the kept axes).
inline std::vector<std::int64_t> output_of_elements(const sinter::Shape& shape, std::uint32_t mask) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(shape.numel()));
  for (std::int64_t i = 0; i < shape.numel(); ++i) {
    std::int64_t rest = i, o = 0, step = 1;
    for (int d = shape.ndim() - 1; d >= 0; --d) {
      const std::int64_t c = rest % shape[d];
      rest /= shape[d];
      if ((mask >> d) & 1U) continue;
      o += c * step;
      step *= shape[d];
    }
    out[static_cast<std::size_t>(i)] = o;
  }
  return out;
}

/// The interpreter's reduction of `in` by `op` over the axes in `mask`, to `out_shape`: a
/// reduction kernel whose one layout walks `in` with its kept axes first, then its reduced ones.
inline Values interpret_reduction(Op op, DType out_dtype, const Values& in, std::uint32_t mask,
                                  const sinter::Shape& out_shape) {
  using namespace sinter;
  const int nd = in.shape.ndim();
  std::vector<int> perm;
  for (int pass = 0; pass < 2; ++pass)
    for (int d = 0; d < nd; ++d)
      if ((((mask >> d) & 1U) != 0) == (pass == 1)) perm.push_back(d);
  const auto row_major = ir::row_major_strides(in.shape);
  ir::KernelIR k;
  ir::Instr load{Op::Buffer, in.dtype};
  load.slot = 0;
  load.layout = 0;
  ir::Instr reduce{op, out_dtype};
  reduce.num_args = 1;
  reduce.args[0] = 0;
  reduce.per_output = true;
  k.body = {load, reduce};
  k.inputs = {in.dtype};
  k.outputs = {1};
  k.rank = nd;
  k.reduce_rank = std::popcount(mask);
  k.shape_slot = 0;
  k.layouts.push_back(ir::Layout{nd, ir::InnerStride::Runtime, false});
  ir::KernelArgs args;
  std::int64_t reduce_n = 1;
  for (int d = 0; d < nd; ++d) {
    args.scalars.push_back(static_cast<std::uint64_t>(in.shape[perm[static_cast<std::size_t>(d)]]));
    k.scalars.push_back(DType::Int64);
    if ((mask >> perm[static_cast<std::size_t>(d)]) & 1U) reduce_n *= in.shape[perm[static_cast<std::size_t>(d)]];
  }
  for (int d = 0; d < nd; ++d) {
    args.scalars.push_back(
        static_cast<std::uint64_t>(row_major[static_cast<std::size_t>(perm[static_cast<std::size_t>(d)])]));
    k.scalars.push_back(DType::Int64);
  }
  Values out{out_dtype, out_shape,
             std::vector<std::uint8_t>(static_cast<std::size_t>(out_shape.numel()) * size_of(out_dtype) + 8)};
  std::vector<std::uint8_t> input = in.bytes;
  args.buffers = {input.data(), out.bytes.data()};
  args.n = out_shape.numel();
  args.reduce_n = reduce_n;
  interpret(k, args);
  return out;
}

/// Builds one graph statement by statement on `device`, and checks it.
class Checker {
 public:
  /// Inputs of `n` elements.
  Checker(sinter::Device device, std::int64_t n, Mode mode) : Checker(device, sinter::Shape::vector(n), mode) {}
  /// Inputs of `shape` (N-d: broadcast inputs of smaller shapes stretch to it).
  Checker(sinter::Device device, const sinter::Shape& shape, Mode mode)
      : device_(device), shape_(shape), n_(shape.numel()), mode_(mode) {}
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;
  ~Checker() {
    for (const auto& h : held_) sinter::detail::release_handle(h);
  }

  /// An input array of the checker's shape given as bits.
  NodePtr input(DType dtype, const std::vector<std::uint64_t>& bits) { return input(dtype, bits, shape_); }
  /// An input of its own `shape` (as a reduction's result may have), given as bits.
  NodePtr input(DType dtype, const std::vector<std::uint64_t>& bits, const sinter::Shape& shape) {
    if (static_cast<std::int64_t>(bits.size()) != shape.numel())
      throw sinter::Error("fuzz: " + std::to_string(bits.size()) + " values for an input of shape " +
                          shape.to_string());
    auto bytes = bytes_of(dtype, bits);
    NodePtr node = sinter::detail::host_node(dtype, shape, bytes.data(), device_);
    host_.emplace(node.get(), std::move(bytes));
    return made(node, Op::Buffer, {});
  }
  /// An input of `shape` (fuzz::random_values(dtype, its size, seed)) broadcast to the checker's
  /// shape: the kernels read it through zero strides.
  NodePtr broadcast_input(DType dtype, std::uint64_t seed, const sinter::Shape& shape) {
    NodePtr small = input(dtype, random_values(dtype, shape.numel(), seed), shape);
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
    const auto bytes = bytes_of(dtype, random_values(dtype, base.numel(), seed));
    const std::size_t size = sinter::size_of(dtype);
    NodePtr whole = sinter::detail::host_node(dtype, base, bytes.data(), device_);
    std::vector<int> axes(static_cast<std::size_t>(nd));  // view axis d is sliced axis axes[d]
    for (int k = 0; k < nd; ++k) axes[static_cast<std::size_t>(perm[static_cast<std::size_t>(k)])] = k;
    NodePtr view = sinter::detail::permute_node(sinter::detail::slice_node(whole, index), axes);
    if (!(view->shape == shape_)) throw sinter::Error("fuzz: view_input made shape " + view->shape.to_string());
    const auto got = device_bytes(view);
    std::vector<std::uint8_t> expected(static_cast<std::size_t>(n_) * size + 8);
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
      std::memcpy(expected.data() + static_cast<std::size_t>(i) * size,
                  bytes.data() + static_cast<std::size_t>(at) * size, size);
      if (std::memcmp(got.data() + static_cast<std::size_t>(i) * size,
                      bytes.data() + static_cast<std::size_t>(at) * size, size) != 0)
        throw sinter::Error("fuzz: view_input element " + std::to_string(i) + " differs from the base's element " +
                            std::to_string(at));
    }
    host_.emplace(view.get(), std::move(expected));
    return made(view, Op::Buffer, {});
  }
  template <class T> NodePtr input(std::initializer_list<T> values) { return input(values, shape_); }
  template <class T> NodePtr input(std::initializer_list<T> values, const sinter::Shape& shape) {
    std::vector<std::uint64_t> bits;
    for (T v : values) bits.push_back(bits_of(v));
    return input(sinter::dtype_v<T>, bits, shape);
  }
  /// An input of fuzz::random_values(dtype, n, seed).
  NodePtr random_input(DType dtype, std::uint64_t seed) { return input(dtype, random_values(dtype, n_, seed)); }

  NodePtr scalar(DType dtype, std::uint64_t bits) { return made(sinter::ir::make_scalar(dtype, bits), Op::Scalar, {}); }
  template <class T> NodePtr scalar(T value) { return scalar(sinter::dtype_v<T>, bits_of(value)); }
  NodePtr index() { return made(sinter::ir::make_index(shape_, device_), Op::Index, {}); }
  /// A 0-d value repeated over the checker's shape.
  NodePtr broadcast(const NodePtr& x) {
    return made(sinter::ir::make_broadcast(x, shape_, device_), Op::Broadcast, {x});
  }
  NodePtr cast(const NodePtr& x, DType to) { return made(sinter::ir::make_cast(x, to), Op::Cast, {x}); }
  NodePtr op(Op o, std::initializer_list<NodePtr> operands) { return op(o, std::vector<NodePtr>(operands)); }
  NodePtr op(Op o, const std::vector<NodePtr>& operands) { return made(sinter::ir::make_op(o, operands), o, operands); }
  /// x reduced by `o` (sum, prod, min, max, any, all, argmin, argmax) over `axes` (NumPy's axis
  /// argument, negative ones from the end; {} is every axis), through the front end
  /// (sinter::sum and the others: bool and int32 sums widen, any and all take "nonzero").
  NodePtr reduce(Op o, const NodePtr& x, const std::vector<int>& axes, bool keepdims) {
    std::string extra = "axes {";
    for (std::size_t a = 0; a < axes.size(); ++a) extra += (a ? ", " : "") + std::to_string(axes[a]);
    extra += keepdims ? "} keepdims" : "}";
    NodePtr n = sinter::detail::reduce_node(o, x, sinter::Axes(axes), keepdims);
    if (materialized(n) && !snapshots_.count(n.get())) {
      // The front end evaluated it at once (a pending graph past SINTER_MAX_PENDING), dropping
      // its operand: the reference uses the same operand, made again.
      NodePtr operand = o == Op::Sum || o == Op::Prod  ? sinter::ir::make_cast(x, sinter::detail::sum_dtype(x->dtype))
                        : o == Op::Any || o == Op::All ? sinter::ir::make_cast(x, DType::Bool)
                                                       : x;
      snapshots_.emplace(n.get(), Snapshot{{operand}});
      snapshot(operand);
    }
    return made(n, o, {x}, extra);
  }
  /// sinter::dot(a, b) of operands of one numeric type (1-D or 2-D, aligned).
  NodePtr dot(const NodePtr& a, const NodePtr& b) {
    NodePtr n = sinter::detail::dot_node(a, b);
    // Evaluated at once by the front end (see reduce): its operands are gone, it is not checked.
    if (materialized(n) && !snapshots_.count(n.get())) unknown_.emplace(n.get(), true);
    return made(n, Op::Sum, {a, b}, "(dot)");
  }

  /// A while loop (include/sinter/control.h) over the state (s, b, trips = 0) of one shape:
  /// while trips < int64(b), at most `cap` trips: s = o(s) (unary o) or o(s, T(b)), trips + 1.
  /// Its value is s's final one; each element makes its own number of trips.
  NodePtr loop(const NodePtr& s, const NodePtr& b, Op o, std::int64_t cap) {
    using namespace sinter::ir;
    const sinter::Shape shape = s->shape;
    const NodePtr zero = make_broadcast(make_scalar(DType::Int64, 0), shape, device_);
    const NodePtr inits[] = {s, b, zero};
    const NodePtr p0 = make_param(s->dtype, shape, device_, 1, 0), p1 = make_param(b->dtype, shape, device_, 1, 1),
                  p2 = make_param(DType::Int64, shape, device_, 1, 2);
    const NodePtr cond = make_op(Op::Lt, std::vector<NodePtr>{p2, make_cast(p1, DType::Int64)});
    const NodePtr next0 = sinter::info(o).arity == 1 ? make_op(o, std::vector<NodePtr>{p0})
                                                     : make_op(o, std::vector<NodePtr>{p0, make_cast(p1, s->dtype)});
    const NodePtr next[] = {next0, p1, make_op(Op::Add, std::vector<NodePtr>{p2, make_scalar(DType::Int64, 1)})};
    const auto results =
        make_loop("fuzz loop", make_scalar(DType::Int64, static_cast<std::uint64_t>(cap)), inits, cond, next, 1);
    return made(results[0], Op::Result, {s, b},
                "loop " + std::string(sinter::info(o).name) + ", cap " + std::to_string(cap));
  }

  /// if_then_else(c, o(a), T(b)) with T a's type: o is applied in the then branch, the cast in the else.
  NodePtr branch(const NodePtr& c, const NodePtr& a, const NodePtr& b, Op o) {
    using namespace sinter::ir;
    const NodePtr then_value = make_op(o, std::vector<NodePtr>{a});
    const NodePtr else_value = make_cast(b, a->dtype);
    const auto results = make_if("fuzz if", c, std::span(&then_value, 1), std::span(&else_value, 1));
    return made(results[0], Op::Result, {c, a, b}, "if, then " + std::string(sinter::info(o).name));
  }

  /// A user-defined reduction (sinter::reduce, through ir::make_fold as the front end builds it)
  /// of x over `axes` with combine o(a, b) from o's identity (fold_identity_bits); o is exact
  /// and associative on x's type (fold_op), so every split of the elements gives the same result.
  NodePtr fold(Op o, const NodePtr& x, const std::vector<int>& axes, bool keepdims) {
    using namespace sinter::ir;
    std::string extra = "axes {";
    for (std::size_t a = 0; a < axes.size(); ++a) extra += (a ? ", " : "") + std::to_string(axes[a]);
    extra += keepdims ? "} keepdims" : "}";
    const int nd = x->shape.ndim();
    std::uint32_t mask = axes.empty() ? (1U << nd) - 1U : 0;
    for (int axis : axes) mask |= 1U << (axis < 0 ? axis + nd : axis);
    const NodePtr params[] = {make_param(x->dtype, sinter::Shape{}, device_, kFoldDepth, 0),
                              make_param(x->dtype, sinter::Shape{}, device_, kFoldDepth, 1)};
    const NodePtr combine = make_op(o, std::vector<NodePtr>{params[0], params[1]});
    const NodePtr identity = make_scalar(x->dtype, fold_identity_bits(o, x->dtype));
    const auto results = make_fold("fuzz fold", std::span(&x, 1), mask, keepdims, std::span(&identity, 1),
                                   std::span(&combine, 1), params);
    return made(results[0], Op::Result, {x}, "fold " + std::string(sinter::info(o).name) + ", " + extra);
  }

  /// The identity of combine o on type t (fold): o(identity, v) == v for every v of t.
  static std::uint64_t fold_identity_bits(Op o, DType t) {
    using sinter::ir::scalar_bits_from_double;
    using sinter::ir::scalar_bits_from_int;
    const bool floating = sinter::is_float(t);
    const sinter::IntegerRange range = sinter::integer_range(t);
    switch (o) {
      case Op::Add:
      case Op::BitOr:
      case Op::BitXor:
      case Op::Or: return 0;
      case Op::Mul: return scalar_bits_from_int(t, 1);
      case Op::And: return 1;
      case Op::BitAnd: return scalar_bits_from_int(t, range.lo < 0 ? -1 : range.hi);  // every bit set
      case Op::Minimum:
        return floating ? scalar_bits_from_double(t, std::numeric_limits<double>::infinity())
                        : scalar_bits_from_int(t, range.hi);
      case Op::Maximum:
        return floating ? scalar_bits_from_double(t, -std::numeric_limits<double>::infinity())
                        : scalar_bits_from_int(t, range.lo);
      case Op::Fmin:
      case Op::Fmax: return scalar_bits_from_double(t, std::numeric_limits<double>::quiet_NaN());
      default: throw sinter::Error("fuzz: no fold identity for " + std::string(sinter::info(o).name));
    }
  }

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
    std::string extra;  // a reduction's axes
  };
  // A node as it was made: materialization drops a node's operands, the reference needs them.
  struct Snapshot {
    std::vector<NodePtr> operands;
  };
  struct Reference {
    NodePtr node;
    Values want;
    std::vector<Allow> allow;  // one for every element, or one for all
  };
  // How the end-to-end reference of a node relates to the device's: Exact; Ulps (each element
  // within `ulps`); Sum (a float sum or product whose elements are within `ulps`); None (not
  // compared: rounding differences may have been amplified on the way).
  struct Class {
    enum Kind : std::uint8_t { Exact, Ulps, Sum, None } kind = Exact;
    double ulps = 0;
  };
  using Memo = std::unordered_map<const sinter::ir::Node*, Values>;

  template <class T> static std::uint64_t bits_of(T v) {
    if constexpr (std::is_same_v<T, bool>) return v ? 1 : 0;
    else if constexpr (std::is_same_v<T, float>) return std::bit_cast<std::uint32_t>(v);
    else if constexpr (std::is_same_v<T, double>) return std::bit_cast<std::uint64_t>(v);
    else if constexpr (sizeof(T) == 4) return static_cast<std::uint32_t>(v);
    else return static_cast<std::uint64_t>(v);
  }

  static std::vector<std::uint8_t> bytes_of(DType dtype, const std::vector<std::uint64_t>& bits) {
    const std::size_t size = sinter::size_of(dtype);
    std::vector<std::uint8_t> bytes(bits.size() * size + 8);
    for (std::size_t i = 0; i < bits.size(); ++i) std::memcpy(bytes.data() + i * size, &bits[i], size);
    return bytes;
  }

  NodePtr made(NodePtr node, Op o, std::vector<NodePtr> args, std::string extra = {}) {
    names_.emplace(node.get(), static_cast<int>(made_.size()));
    made_.push_back(Made{node, o, std::move(args), std::move(extra)});
    snapshot(node);
    if (mode_ == Mode::EachNode && !node->is_leaf()) hold(node);
    return node;
  }

  // Records the operands of `x` and of the nodes under it not seen yet, as they are now.
  void snapshot(const NodePtr& x) {
    std::vector<NodePtr> stack{x};
    while (!stack.empty()) {
      NodePtr n = std::move(stack.back());
      stack.pop_back();
      if (snapshots_.count(n.get())) continue;
      Snapshot s;
      {
        std::lock_guard lock(sinter::ir::graph_mutex());
        for (const auto& a : n->args()) s.operands.push_back(a);
      }
      for (const auto& a : s.operands) stack.push_back(a);
      snapshots_.emplace(n.get(), std::move(s));
    }
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

  static NodePtr materialized(const NodePtr& x) {
    std::lock_guard lock(sinter::ir::graph_mutex());
    return x->materialized;
  }
  const std::vector<NodePtr>& operands(const NodePtr& x) const {
    auto it = snapshots_.find(x.get());
    if (it == snapshots_.end()) throw sinter::Error("fuzz: a node the checker never saw");
    return it->second.operands;
  }

  // The reference value of `x`: the host values of an input, the device's values of a computed
  // node, else computed from its operands' reference values.
  const Values& value(const NodePtr& x, Memo& memo) {
    if (auto it = memo.find(x.get()); it != memo.end()) return it->second;
    Values v;
    if (auto h = host_.find(x.get()); h != host_.end()) {
      v = Values{x->dtype, x->shape, h->second};
    } else if (NodePtr leaf = materialized(x); leaf || x->op == Op::Buffer) {
      v = Values{x->dtype, x->shape, device_bytes(leaf ? leaf : x)};
    } else {
      v = apply(x, memo);
    }
    return memo.emplace(x.get(), std::move(v)).first->second;
  }

  // The interpreter's value of x's op over its operands' reference values (x's own value, even
  // when x was computed). `stretched_operands`: the operands as the op read them.
  Values apply(const NodePtr& x, Memo& memo, std::vector<Values>* stretched_operands = nullptr) {
    using namespace sinter;
    const std::int64_t n = x->shape.numel();
    Values out{x->dtype, x->shape, std::vector<std::uint8_t>(static_cast<std::size_t>(n) * size_of(x->dtype) + 8)};
    switch (x->op) {
      case Op::Scalar: std::memcpy(out.bytes.data(), &x->scalar_bits, size_of(x->dtype)); return out;
      case Op::Index:
        for (std::int64_t i = 0; i < n; ++i) std::memcpy(out.bytes.data() + static_cast<std::size_t>(i) * 8, &i, 8);
        return out;
      case Op::Buffer: return value(x, memo);
      case Op::Result: return region_result(x, memo);
      default: break;
    }
    const std::vector<NodePtr>& args = operands(x);
    if (is_reduction(x->op)) {
      const Values& in = value(args.at(0), memo);
      if (stretched_operands) stretched_operands->push_back(in);
      return interpret_reduction(x->op, x->dtype, in, x->reduce_axes, x->shape);
    }
    std::vector<Values> in;
    for (const auto& a : args) in.push_back(stretched(value(a, memo), x->shape));
    if (x->op == Op::Broadcast) out.bytes = in.at(0).bytes;
    else {
      ir::KernelIR k;
      ir::KernelArgs kargs;
      ir::Instr instr{x->op, x->dtype};
      for (const auto& v : in) {
        ir::Instr load{Op::Buffer, v.dtype};
        load.slot = static_cast<std::int32_t>(k.inputs.size());
        k.inputs.push_back(v.dtype);
        instr.args[instr.num_args++] = static_cast<std::int32_t>(k.body.size());
        k.body.push_back(load);
        kargs.buffers.push_back(const_cast<std::uint8_t*>(v.bytes.data()));
      }
      k.body.push_back(instr);
      k.outputs.push_back(static_cast<std::int32_t>(k.body.size() - 1));
      kargs.buffers.push_back(out.bytes.data());
      kargs.n = n;
      interpret(k, kargs);
    }
    if (stretched_operands) *stretched_operands = std::move(in);
    return out;
  }

  // The interpreter's value of a loop's or an if's result. An if: each element's condition
  // picks the branch's reference value. A loop (built by loop(): its body reads its state and
  // scalars only): the same loop over new input buffers holding its initial values' references,
  // planned and interpreted.
  Values region_result(const NodePtr& x, Memo& memo) {
    using namespace sinter;
    const NodePtr& region = operands(x).at(0);
    const std::vector<NodePtr>& parts = operands(region);
    const std::size_t k = region->region_values, i = x->region_values;
    Values out{x->dtype, x->shape, {}};
    if (region->op == Op::Fold) {  // the same fold over an input holding its state's reference
      const Values v = value(parts.at(0), memo);
      const NodePtr state = sinter::detail::host_node(v.dtype, v.shape, v.bytes.data(), device_);
      const bool keepdims = region->shape.ndim() == state->shape.ndim();
      const NodePtr copy = ir::make_fold("fuzz reference", std::span(&state, 1), region->reduce_axes, keepdims,
                                         std::span(&parts.at(k), 1), std::span(&parts.at(2 * k), 1),
                                         std::span(parts).subspan(3 * k, 2 * k))
                               .at(i);
      fuse::KernelPlan plan;
      {
        std::lock_guard lock(ir::graph_mutex());
        const NodePtr roots[] = {copy};
        plan = fuse::plan_kernel(roots);
      }
      const auto outputs = interpret_plan(plan);
      for (std::size_t o = 0; o < plan.outputs.size(); ++o)
        if (plan.outputs[o] == copy) out.bytes = outputs[o];
      return out;
    }
    if (region->op == Op::If) {
      const Values c = stretched(value(parts.at(0), memo), x->shape);
      const Values t = stretched(value(parts.at(1 + i), memo), x->shape);
      const Values e = stretched(value(parts.at(1 + k + i), memo), x->shape);
      const std::size_t size = size_of(x->dtype);
      out.bytes = t.bytes;
      for (std::int64_t j = 0; j < x->shape.numel(); ++j)
        if (c.bytes[static_cast<std::size_t>(j)] == 0)
          std::memcpy(out.bytes.data() + static_cast<std::size_t>(j) * size,
                      e.bytes.data() + static_cast<std::size_t>(j) * size, size);
      return out;
    }
    std::vector<NodePtr> inits;
    for (std::size_t s = 0; s < k; ++s) {
      const Values v = stretched(value(parts.at(1 + s), memo), x->shape);
      inits.push_back(sinter::detail::host_node(v.dtype, x->shape, v.bytes.data(), device_));
    }
    std::vector<NodePtr> next(parts.begin() + static_cast<std::ptrdiff_t>(2 + k), parts.end());
    const NodePtr copy =
        ir::make_loop("fuzz reference", parts.at(0), inits, parts.at(1 + k), next, region->region_depth).at(i);
    fuse::KernelPlan plan;
    {
      std::lock_guard lock(ir::graph_mutex());
      const NodePtr roots[] = {copy};
      plan = fuse::plan_kernel(roots);
    }
    const auto outputs = interpret_plan(plan);
    for (std::size_t o = 0; o < plan.outputs.size(); ++o)
      if (plan.outputs[o] == copy) out.bytes = outputs[o];
    return out;
  }

  // The allowance for each output of a float sum or product of `in` (over x's axes).
  static std::vector<Allow> reduction_allowances(const NodePtr& x, const Values& in, double element_ulps) {
    std::vector<ReduceStats> stats(static_cast<std::size_t>(x->shape.numel()));
    const auto outputs = output_of_elements(in.shape, x->reduce_axes);
    for (std::int64_t i = 0; i < in.numel(); ++i)
      stats[static_cast<std::size_t>(outputs[static_cast<std::size_t>(i)])].add(in.dtype, in.bits(i));
    std::vector<Allow> allow;
    for (const auto& s : stats) allow.push_back(reduction_allowance(x->op, in.dtype, s, element_ulps));
    return allow;
  }

  // Whether the graph under `x` (regions included) calls the math library.
  bool reads_math_library(const NodePtr& x) {
    std::unordered_map<const sinter::ir::Node*, bool> seen;
    std::vector<NodePtr> stack{x};
    while (!stack.empty()) {
      NodePtr n = stack.back();
      stack.pop_back();
      if (n->is_leaf() || !seen.emplace(n.get(), true).second || !snapshots_.count(n.get())) continue;
      if (sinter::calls_math_library(n->op)) return true;
      for (const auto& a : operands(n)) stack.push_back(a);
    }
    return false;
  }

  Class classify(const NodePtr& x, std::unordered_map<const sinter::ir::Node*, Class>& memo) {
    if (auto it = memo.find(x.get()); it != memo.end()) return it->second;
    Class c;
    if (!x->is_leaf() && !host_.count(x.get()) && !materialized(x)) {
      std::vector<Class> in;
      for (const auto& a : operands(x)) in.push_back(classify(a, memo));
      bool exact = true;
      for (const auto& a : in) exact = exact && a.kind == Class::Exact;
      if (calls_math_library(x->op)) c = exact ? Class{Class::Ulps, kMathUlp} : Class{Class::None, 0};
      // The sign bit of a NaN an op made is the platform's (x86's default NaN is negative, CUDA's
      // and the interpreter's positive): signbit and copysign of computed values are not compared.
      else if (x->op == Op::Signbit || x->op == Op::Copysign) c = Class{Class::None, 0};
      else if (is_float_reduction(x->op, x->dtype))
        c = in[0].kind == Class::Exact || in[0].kind == Class::Ulps ? Class{Class::Sum, in[0].ulps}
                                                                    : Class{Class::None, 0};
      else if ((x->op == Op::Min || x->op == Op::Max) && in[0].kind == Class::Ulps) c = in[0];
      else if (!exact) c = Class{Class::None, 0};
    }
    memo.emplace(x.get(), c);
    return c;
  }

  // EndToEnd: before an evaluation, the reference of every held node still pending.
  void take_references() {
    if (mode_ != Mode::EndToEnd) return;
    Memo memo;
    std::unordered_map<const sinter::ir::Node*, Class> classes;
    for (const auto& h : held_) {
      bool seen = false;
      for (const auto& r : references_) seen = seen || r.node == h;
      if (seen || !sinter::detail::is_pending(h)) continue;
      const Class c = classify(h, classes);
      Reference r{h, {}, {}};
      switch (c.kind) {
        case Class::Exact: r.allow = {Allow{}}; break;
        case Class::Ulps:
          r.allow = {calls_math_library(h->op) ? math_allowance(h->op) : Allow{Allow::Ulps, c.ulps}};
          break;
        case Class::Sum: r.allow = reduction_allowances(h, value(operands(h).at(0), memo), c.ulps); break;
        case Class::None: break;
      }
      if (!r.allow.empty()) r.want = value(h, memo);
      references_.push_back(std::move(r));
    }
  }

  std::optional<Failure> compare_end_to_end() {
    for (const auto& r : references_) {
      if (r.allow.empty()) continue;
      const auto got = device_bytes(r.node);
      for (std::int64_t i = 0; i < r.want.numel(); ++i) {
        const Allow& allow = r.allow.size() == 1 ? r.allow[0] : r.allow[static_cast<std::size_t>(i)];
        const std::uint64_t g = element_bits(r.node->dtype, got, i), w = r.want.bits(i);
        if (allowed(r.node->dtype, g, w, allow)) continue;
        std::ostringstream text;
        text << name(r.node) << " (" << describe(r.node) << ") at element " << i << ": device "
             << value_text(r.node->dtype, g) << ", interpreter " << value_text(r.node->dtype, w);
        if (allow.kind != Allow::Exact) text << " (allowed: " << allow.text() << ")";
        return Failure{index_of(r.node), i, false, text.str()};
      }
    }
    return std::nullopt;
  }

  std::string describe(const NodePtr& x) const {
    for (const auto& m : made_)
      if (m.node == x) {
        std::string s = m.extra == "(dot)" ? std::string("dot") : std::string(sinter::info(m.op).name);
        s.append(" ").append(sinter::name_of(x->dtype));
        for (const auto& a : m.args) s.append(" ").append(name(a)).append(":").append(sinter::name_of(a->dtype));
        if (!m.extra.empty() && m.extra != "(dot)") s.append(" ").append(m.extra);
        return s;
      }
    return "?";
  }

  // EachNode: every op against the interpreter over the device's own operand values.
  std::optional<Failure> compare_each_node() {
    using namespace sinter;
    std::unordered_map<const ir::Node*, bool> done;
    Memo memo;
    for (std::size_t k = 0; k < made_.size(); ++k) {
      const Made& m = made_[k];
      const NodePtr& x = m.node;
      if (x->is_leaf() || x->device_free || unknown_.count(x.get()) || !done.emplace(x.get(), true).second) continue;
      std::vector<Values> in;
      const Values want = apply(x, memo, &in);
      std::vector<Allow> allow{Allow{}};
      if (calls_math_library(x->op)) allow = {math_allowance(x->op)};
      else if (is_float_reduction(x->op, x->dtype)) allow = reduction_allowances(x, in.at(0), 0);
      // A branch or loop recomputes the math-library values it reads with the CPU's scalar
      // libm (docs/custom-kernels.md), not from the stored ones the reference uses: an ulp apart
      // there, and any amount after the region's own ops. Such results are checked end to end.
      else if (x->op == Op::Result && reads_math_library(x)) continue;
      const auto got = device_bytes(x);
      for (std::int64_t i = 0; i < want.numel(); ++i) {
        const Allow& al = allow.size() == 1 ? allow[0] : allow[static_cast<std::size_t>(i)];
        const std::uint64_t g = element_bits(x->dtype, got, i), w = want.bits(i);
        if (allowed(x->dtype, g, w, al)) continue;
        std::ostringstream text;
        text << name(x) << " (" << describe(x) << ") at element " << i << ": ";
        if (is_reduction(x->op)) {
          const std::int64_t count = x->shape.numel() ? in.at(0).numel() / x->shape.numel() : 0;
          text << info(x->op).name << " of " << count << " elements of " << in.at(0).shape.to_string() << " is "
               << value_text(x->dtype, g) << " on the device, " << value_text(x->dtype, w) << " in the interpreter";
        } else {
          text << info(x->op).name << "(";
          for (std::size_t a = 0; a < in.size(); ++a) text << (a ? ", " : "") << value_text(in[a].dtype, in[a].bits(i));
          text << ") is " << value_text(x->dtype, g) << " on the device, " << value_text(x->dtype, w)
               << " in the interpreter";
        }
        const double d = distance(x->dtype, g, w);
        if (is_float(x->dtype) && std::isfinite(d)) text << " (" << d << " ulp)";
        if (al.kind != Allow::Exact) text << " (allowed: " << al.text() << ")";
        return Failure{static_cast<int>(k), i, false, text.str()};
      }
    }
    return std::nullopt;
  }

  sinter::Device device_;
  sinter::Shape shape_;
  std::int64_t n_;
  Mode mode_;
  std::vector<Made> made_;
  std::unordered_map<const sinter::ir::Node*, int> names_;
  std::unordered_map<const sinter::ir::Node*, Snapshot> snapshots_;
  std::unordered_map<const sinter::ir::Node*, std::vector<std::uint8_t>> host_;  // inputs' values
  std::unordered_map<const sinter::ir::Node*, bool> unknown_;                    // computed before the checker saw them
  std::vector<NodePtr> held_;
  std::vector<Reference> references_;
};

}  // namespace fuzz
