// Reference interpreter. Each value is a double (floats) or an int64 (integers and bools).
// Float32 results are rounded to float after every op: for + - * / sqrt this is exactly IEEE
// float32 arithmetic, since double has more than twice float's precision.
// Over 700 lines: this is the oracle every test compares the backends with, and each op's
// semantics (apply), the reductions' rules (identity, fold, finish) and the walks that use them
// stay in one file so that a reader checks an op against NumPy in one place.
#include "interpret.h"

#include "index_errors.h"

#include "sinter/random.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "backend.h"
#include "float_to_integer.h"
#include "ir/control.h"
#include "ir/reduce.h"
#include "ir/verify.h"

namespace sinter {
namespace {

struct Value {
  double f = 0;
  std::int64_t i = 0;
};

// The per-dtype arithmetic below switches over every dtype of the catalogue (dtypes.def) with no
// default: a new dtype does not compile until its semantics are written here.
[[noreturn]] void not_for(const char* what, DType t) {
  throw InternalError(std::string("interpreter: ") + what + " of " + std::string(name_of(t)));
}

/// A float result rounded to float type t.
double round_to(DType t, double v) {
  switch (t) {
    case DType::Float32: return static_cast<double>(static_cast<float>(v));
    case DType::Float64: return v;
    case DType::Bool:
    case DType::Int32:
    case DType::Int64:
    case DType::Int8:
    case DType::Int16:
    case DType::UInt8:
    case DType::UInt16:
    case DType::UInt32: break;
  }
  not_for("float rounding", t);
}

/// An integer converted to float type t, rounded once to nearest.
double integer_to_float(DType t, std::int64_t v) {
  switch (t) {
    case DType::Float32: return static_cast<double>(static_cast<float>(v));
    case DType::Float64: return static_cast<double>(v);
    case DType::Bool:
    case DType::Int32:
    case DType::Int64:
    case DType::Int8:
    case DType::Int16:
    case DType::UInt8:
    case DType::UInt16:
    case DType::UInt32: break;
  }
  not_for("conversion from an integer", t);
}

/// An integer result wrapped modulo 2^bits of integer type t (bool: nonzero is true).
std::int64_t wrap_to(DType t, std::uint64_t v) {
  switch (t) {
    case DType::Bool: return v != 0;
    case DType::Int32: return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    case DType::Int64: return static_cast<std::int64_t>(v);
    case DType::Int8: return static_cast<std::int8_t>(static_cast<std::uint8_t>(v));
    case DType::Int16: return static_cast<std::int16_t>(static_cast<std::uint16_t>(v));
    case DType::UInt8: return static_cast<std::uint8_t>(v);
    case DType::UInt16: return static_cast<std::uint16_t>(v);
    case DType::UInt32: return static_cast<std::uint32_t>(v);
    case DType::Float32:
    case DType::Float64: break;
  }
  not_for("integer wrapping", t);
}

/// An element of integer type I at p, as int64 (sign- or zero-extended by I's signedness).
template <class I> std::int64_t load_integer(const char* p) {
  I x;
  std::memcpy(&x, p, sizeof(I));
  return static_cast<std::int64_t>(x);
}

/// v's low bytes as an element of integer type I at p (v already wrapped to I by the op).
template <class I> void store_integer(char* p, std::int64_t v) {
  const auto x = static_cast<I>(v);
  std::memcpy(p, &x, sizeof(I));
}

Value load(DType t, const void* base, std::int64_t i) {
  const char* p = static_cast<const char*>(base) + static_cast<std::size_t>(i) * size_of(t);
  Value v;
  switch (t) {
    case DType::Bool: v.i = *reinterpret_cast<const std::uint8_t*>(p) != 0; break;
    case DType::Int32: {
      std::int32_t x;
      std::memcpy(&x, p, 4);
      v.i = x;
      break;
    }
    case DType::Int64: std::memcpy(&v.i, p, 8); break;
    case DType::Int8: v.i = load_integer<std::int8_t>(p); break;
    case DType::Int16: v.i = load_integer<std::int16_t>(p); break;
    case DType::UInt8: v.i = load_integer<std::uint8_t>(p); break;
    case DType::UInt16: v.i = load_integer<std::uint16_t>(p); break;
    case DType::UInt32: v.i = load_integer<std::uint32_t>(p); break;
    case DType::Float32: {
      float x;
      std::memcpy(&x, p, 4);
      v.f = x;
      break;
    }
    case DType::Float64: std::memcpy(&v.f, p, 8); break;
  }
  return v;
}

void store(DType t, void* base, std::int64_t i, Value v) {
  char* p = static_cast<char*>(base) + static_cast<std::size_t>(i) * size_of(t);
  switch (t) {
    case DType::Bool: *reinterpret_cast<std::uint8_t*>(p) = v.i != 0; break;
    case DType::Int32: {
      auto x = static_cast<std::int32_t>(v.i);
      std::memcpy(p, &x, 4);
      break;
    }
    case DType::Int64: std::memcpy(p, &v.i, 8); break;
    case DType::Int8: store_integer<std::int8_t>(p, v.i); break;
    case DType::Int16: store_integer<std::int16_t>(p, v.i); break;
    case DType::UInt8: store_integer<std::uint8_t>(p, v.i); break;
    case DType::UInt16: store_integer<std::uint16_t>(p, v.i); break;
    case DType::UInt32: store_integer<std::uint32_t>(p, v.i); break;
    case DType::Float32: {
      auto x = static_cast<float>(v.f);
      std::memcpy(p, &x, 4);
      break;
    }
    case DType::Float64: std::memcpy(p, &v.f, 8); break;
  }
}

Value decode_scalar(DType t, std::uint64_t bits) {
  Value v;
  switch (t) {
    case DType::Bool: v.i = (bits & 0xff) != 0; break;
    case DType::Int32: v.i = static_cast<std::int32_t>(static_cast<std::uint32_t>(bits)); break;
    case DType::Int64: v.i = static_cast<std::int64_t>(bits); break;
    case DType::Int8:
    case DType::Int16:
    case DType::UInt8:
    case DType::UInt16:
    case DType::UInt32: v.i = wrap_to(t, bits); break;  // the low bytes, as the kernels load them
    case DType::Float32: v.f = std::bit_cast<float>(static_cast<std::uint32_t>(bits)); break;
    case DType::Float64: v.f = std::bit_cast<double>(bits); break;
  }
  return v;
}

Value cast(DType from, DType to, Value v) {
  Value r;
  if (to == DType::Bool) {
    r.i = is_float(from) ? (v.f != 0.0 || std::isnan(v.f)) : v.i != 0;
  } else if (is_float(to)) {
    if (is_float(from)) r.f = round_to(to, v.f);
    else r.f = integer_to_float(to, v.i);
  } else {
    r.i =
        is_float(from) ? float_to_integer(v.f, to, OutOfRange::Saturate) : wrap_to(to, static_cast<std::uint64_t>(v.i));
  }
  return r;
}

double float_min(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::quiet_NaN();
  if (a == b) return std::signbit(a) ? a : b;  // minimum(-0, +0) is -0
  return a < b ? a : b;
}

double float_max(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::quiet_NaN();
  if (a == b) return std::signbit(a) ? b : a;  // maximum(-0, +0) is +0
  return a > b ? a : b;
}

/// NumPy's floor division of floats (npy_divmod, in T's own arithmetic): the quotient rounded
/// toward -inf, and in `mod` the remainder with the divisor's sign (Python's %). By zero: the
/// quotient is a / b (+-inf or NaN) and the remainder fmod's NaN.
template <class T> T float_divmod(T a, T b, T& mod) {
  mod = std::fmod(a, b);
  if (b == 0) return a / b;
  T div = (a - mod) / b;  // very nearly an integer
  if (mod != 0) {
    if ((b < 0) != (mod < 0)) {
      mod += b;
      div -= T(1);
    }
  } else {
    mod = std::copysign(T(0), b);
  }
  if (div == 0) return std::copysign(T(0), a / b);
  T floor_div = std::floor(div);
  if (div - floor_div > T(0.5)) floor_div += T(1);
  return floor_div;
}

/// floor_divide (`remainder` false) or remainder of two floats of type t.
double float_floor_division(DType t, double a, double b, bool remainder) {
  if (t == DType::Float32) {
    float mod = 0;
    const float div = float_divmod(static_cast<float>(a), static_cast<float>(b), mod);
    return remainder ? mod : div;
  }
  double mod = 0;
  const double div = float_divmod(a, b, mod);
  return remainder ? mod : div;
}

/// NumPy's integer floor_divide (`remainder` false) or remainder of a and b (held in int64,
/// sign- or zero-extended): by zero both give 0; INT_MIN // -1 wraps to INT_MIN, INT_MIN % -1 is 0.
std::uint64_t integer_floor_division(std::int64_t a, std::int64_t b, bool remainder) {
  if (b == 0) return 0;
  if (b == -1) return remainder ? 0 : 0 - static_cast<std::uint64_t>(a);
  std::int64_t q = a / b, r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) {
    q -= 1;
    r += b;
  }
  return static_cast<std::uint64_t>(remainder ? r : q);
}

/// fmax or fmin: the other operand where one is NaN, else maximum or minimum.
double float_fmax(double a, double b, bool max) {
  if (std::isnan(a)) return b;
  if (std::isnan(b)) return a;
  return max ? float_max(a, b) : float_min(a, b);
}

/// NumPy's logaddexp (base e) or logaddexp2, in double.
double log_add_exp(double x, double y, bool base2) {
  if (x == y) return base2 ? x + 1.0 : x + std::log(2.0);  // equal infinities give themselves
  const double d = x - y;
  if (std::isnan(d)) return d;
  const double hi = d > 0 ? x : y;
  const double e = -std::fabs(d);
  return base2 ? hi + std::log1p(std::exp2(e)) / std::log(2.0) : hi + std::log1p(std::exp(e));
}

/// SciPy's expit, computed without overflow: 1 / (1 + exp(-x)), or exp(x) / (1 + exp(x)) below 0.
double sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

/// The constant of deg2rad (`to_radians`) or rad2deg in float type t, as NumPy writes it.
double angle_factor(DType t, bool to_radians) {
  constexpr double pi = 3.141592653589793;
  if (t == DType::Float32)
    return to_radians ? static_cast<double>(static_cast<float>(pi / 180.0))
                      : static_cast<double>(180.0f / static_cast<float>(pi));
  return to_radians ? pi / 180.0 : 180.0 / pi;
}

bool compare(Op op, bool floating, Value a, Value b) {
  if (floating) {
    switch (op) {
      case Op::Eq: return a.f == b.f;
      case Op::Ne: return a.f != b.f;
      case Op::Lt: return a.f < b.f;
      case Op::Le: return a.f <= b.f;
      case Op::Gt: return a.f > b.f;
      case Op::Ge: return a.f >= b.f;
      default: break;
    }
    throw InternalError(std::string("interpreter: ") + std::string(info(op).name) + " is not a comparison");
  }
  switch (op) {
    case Op::Eq: return a.i == b.i;
    case Op::Ne: return a.i != b.i;
    case Op::Lt: return a.i < b.i;
    case Op::Le: return a.i <= b.i;
    case Op::Gt: return a.i > b.i;
    case Op::Ge: return a.i >= b.i;
    default: break;
  }
  throw InternalError(std::string("interpreter: ") + std::string(info(op).name) + " is not a comparison");
}

// The element index of each layout at flat index i: i's coordinates in the iteration space
// (row-major) times the layout's strides. With `per_output`, i is a reduction kernel's output
// index, and the per-output layouts are done over the kept dimensions; else the per-element ones
// over all.
void layout_offsets(const ir::KernelIR& k, const ir::KernelArgs& args, std::int64_t i, bool per_output,
                    std::vector<std::int64_t>& offsets) {
  auto param = [&](std::int32_t slot) {
    return static_cast<std::int64_t>(args.scalars[static_cast<std::size_t>(slot)]);
  };
  std::fill(offsets.begin(), offsets.end(), 0);
  std::int64_t rest = i;
  const int dims = per_output ? k.rank - k.reduce_rank : k.rank;
  for (int d = dims - 1; d >= 0; --d) {
    const std::int64_t size = param(k.shape_slot + d);
    const std::int64_t c = rest % size;
    rest /= size;
    for (std::size_t l = 0; l < k.layouts.size(); ++l)
      if (k.layouts[l].per_output == per_output) offsets[l] += c * param(k.layouts[l].stride_slot + d);
  }
}

// A reduction's running state (ir/reduce.h): the value in the accumulator type, and for
// argmin/argmax the position of the current extreme (-1 before the first element).
struct Accumulator {
  Value v;
  std::int64_t position = -1;
};

Accumulator identity(Op op, DType t) {
  Accumulator a;
  const bool fl = is_float(t);
  const double inf = std::numeric_limits<double>::infinity();
  // Floats start from -inf and +inf (the integer half of a float Value is unused).
  const IntegerRange range =
      fl ? IntegerRange{std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}
         : integer_range(t);
  const std::int64_t lo = range.lo, hi = range.hi;
  switch (op) {
    case Op::Sum:
    case Op::Any: break;  // 0
    case Op::Prod:
      a.v.f = 1;
      a.v.i = 1;
      break;
    case Op::All: a.v.i = 1; break;
    case Op::Min:
    case Op::ArgMin:
      a.v.f = inf;
      a.v.i = hi;
      break;
    case Op::Max:
    case Op::ArgMax:
      a.v.f = -inf;
      a.v.i = lo;
      break;
#include "sinter/detail/elementwise_cases.inc"
      throw InternalError(std::string("interpreter: ") + std::string(info(op).name) + " is not a reduction");
  }
  if (!fl) a.v.f = 0;
  return a;
}

void fold(Op op, DType t, Accumulator& a, Value x, std::int64_t position) {
  const bool fl = is_float(t);
  auto u = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
  switch (op) {
    case Op::Sum:
      if (fl) a.v.f = round_to(ir::accumulator_dtype(op, t), a.v.f + x.f);
      else a.v.i = wrap_to(t, u(a.v.i) + u(x.i));
      return;
    case Op::Prod:
      if (fl) a.v.f = round_to(ir::accumulator_dtype(op, t), a.v.f * x.f);
      else a.v.i = wrap_to(t, u(a.v.i) * u(x.i));
      return;
    case Op::Min:
      if (fl) a.v.f = float_min(a.v.f, x.f);
      else a.v.i = std::min(a.v.i, x.i);
      return;
    case Op::Max:
      if (fl) a.v.f = float_max(a.v.f, x.f);
      else a.v.i = std::max(a.v.i, x.i);
      return;
    case Op::Any: a.v.i = a.v.i || x.i; return;
    case Op::All: a.v.i = a.v.i && x.i; return;
    case Op::ArgMin:
    case Op::ArgMax: {
      const bool min = op == Op::ArgMin;
      bool take = a.position < 0;
      if (fl && !take) {
        const bool a_nan = std::isnan(a.v.f), x_nan = std::isnan(x.f);
        take = (x_nan && !a_nan) || (!a_nan && !x_nan && (min ? x.f < a.v.f : x.f > a.v.f));
      } else if (!take) {
        take = min ? x.i < a.v.i : x.i > a.v.i;
      }
      if (take) {
        a.v = x;
        a.position = position;
      }
      return;
    }
#include "sinter/detail/elementwise_cases.inc"
      throw InternalError(std::string("interpreter: ") + std::string(info(op).name) + " is not a reduction");
  }
}

Value finish(Op op, DType t, const Accumulator& a) {
  Value r = a.v;
  if (op == Op::ArgMin || op == Op::ArgMax) {
    r = Value{};
    r.i = a.position;
  } else if (is_float(t)) {
    r.f = round_to(t, a.v.f);
  }
  return r;
}

Value apply(const ir::Instr& in, const ir::KernelIR& k, const std::vector<Value>& v, const ir::KernelArgs& args,
            std::int64_t i, const std::vector<std::int64_t>& offsets) {
  auto arg = [&](int a) { return v[static_cast<std::size_t>(in.args[static_cast<std::size_t>(a)])]; };
  auto arg_dtype = [&](int a) { return k.body[static_cast<std::size_t>(in.args[static_cast<std::size_t>(a)])].dtype; };
  const DType t = in.dtype;
  Value r;
  auto fl = [&](double x) {
    r.f = round_to(t, x);
    return r;
  };
  auto in_ = [&](std::uint64_t x) {
    r.i = wrap_to(t, x);
    return r;
  };
  auto u = [](Value x) { return static_cast<std::uint64_t>(x.i); };
  switch (in.op) {
    case Op::Buffer:
      return load(t, args.buffers[static_cast<std::size_t>(in.slot)],
                  in.layout < 0 ? i : offsets[static_cast<std::size_t>(in.layout)]);
    case Op::Gather:  // the source at the base layout's element plus the position
      return load(t, args.buffers[static_cast<std::size_t>(in.slot)],
                  (in.layout < 0 ? i : offsets[static_cast<std::size_t>(in.layout)]) + arg(0).i);
    case Op::IndexCheck: {  // NumPy's wrapping; out of range: position 0 and the error word set
      const std::int64_t index = arg(0).i, size = arg(1).i;
      if (index < -size || index >= size) {
        // Threads running chunks of one launch may all report: one relaxed atomic store each.
        std::atomic_ref<std::int32_t>(*static_cast<std::int32_t*>(args.buffers[static_cast<std::size_t>(in.slot)]))
            .store(1, std::memory_order_relaxed);
        r.i = 0;
      } else {
        r.i = index < 0 ? index + size : index;
      }
      return r;
    }
    case Op::Scalar: return decode_scalar(t, args.scalars[static_cast<std::size_t>(in.slot)]);
    case Op::Index: r.i = i; return r;
    case Op::Cast: return cast(arg_dtype(0), t, arg(0));
    case Op::Broadcast: return arg(0);
    case Op::Neg: return is_float(t) ? fl(-arg(0).f) : in_(0 - u(arg(0)));
    case Op::Abs: return is_float(t) ? fl(std::fabs(arg(0).f)) : in_(arg(0).i < 0 ? 0 - u(arg(0)) : u(arg(0)));
    case Op::Not: r.i = !arg(0).i; return r;
    case Op::Sqrt: return fl(std::sqrt(arg(0).f));
    case Op::Exp: return fl(std::exp(arg(0).f));
    case Op::Log: return fl(std::log(arg(0).f));
    case Op::Sin: return fl(std::sin(arg(0).f));
    case Op::Cos: return fl(std::cos(arg(0).f));
    case Op::Tanh: return fl(std::tanh(arg(0).f));
    case Op::Erf: return fl(std::erf(arg(0).f));
    case Op::Floor: return fl(std::floor(arg(0).f));
    case Op::Ceil: return fl(std::ceil(arg(0).f));
    case Op::Invert: return t == DType::Bool ? in_(!arg(0).i) : in_(~u(arg(0)));
    case Op::Reciprocal:
      if (is_float(t)) return fl(1.0 / arg(0).f);
      return in_(arg(0).i == 0 ? 0 : static_cast<std::uint64_t>(1 / arg(0).i));
    case Op::Square: return is_float(t) ? fl(arg(0).f * arg(0).f) : in_(u(arg(0)) * u(arg(0)));
    case Op::Sign:
      if (is_float(t)) {
        const double x = arg(0).f;
        return fl(std::isnan(x) ? x : x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);
      }
      return in_(static_cast<std::uint64_t>((arg(0).i > 0) - (arg(0).i < 0)));
    case Op::Cbrt: return fl(std::cbrt(arg(0).f));
    case Op::Exp2: return fl(std::exp2(arg(0).f));
    case Op::Expm1: return fl(std::expm1(arg(0).f));
    case Op::Log2: return fl(std::log2(arg(0).f));
    case Op::Log10: return fl(std::log10(arg(0).f));
    case Op::Log1p: return fl(std::log1p(arg(0).f));
    case Op::Tan: return fl(std::tan(arg(0).f));
    case Op::Arcsin: return fl(std::asin(arg(0).f));
    case Op::Arccos: return fl(std::acos(arg(0).f));
    case Op::Arctan: return fl(std::atan(arg(0).f));
    case Op::Sinh: return fl(std::sinh(arg(0).f));
    case Op::Cosh: return fl(std::cosh(arg(0).f));
    case Op::Arcsinh: return fl(std::asinh(arg(0).f));
    case Op::Arccosh: return fl(std::acosh(arg(0).f));
    case Op::Arctanh: return fl(std::atanh(arg(0).f));
    case Op::Erfc: return fl(std::erfc(arg(0).f));
    case Op::Trunc: return fl(std::trunc(arg(0).f));
    case Op::Rint: return fl(std::nearbyint(arg(0).f));
    case Op::Deg2rad: return fl(arg(0).f * angle_factor(t, true));
    case Op::Rad2deg: return fl(arg(0).f * angle_factor(t, false));
    case Op::Sigmoid: return fl(sigmoid(arg(0).f));
    case Op::Signbit: r.i = is_float(arg_dtype(0)) ? std::signbit(arg(0).f) : arg(0).i < 0; return r;
    case Op::Isnan: r.i = is_float(arg_dtype(0)) && std::isnan(arg(0).f); return r;
    case Op::Isinf: r.i = is_float(arg_dtype(0)) && std::isinf(arg(0).f); return r;
    case Op::Isfinite: r.i = !is_float(arg_dtype(0)) || std::isfinite(arg(0).f); return r;
    case Op::Add: return is_float(t) ? fl(arg(0).f + arg(1).f) : in_(u(arg(0)) + u(arg(1)));
    case Op::Sub: return is_float(t) ? fl(arg(0).f - arg(1).f) : in_(u(arg(0)) - u(arg(1)));
    case Op::Mul: return is_float(t) ? fl(arg(0).f * arg(1).f) : in_(u(arg(0)) * u(arg(1)));
    case Op::Div: return fl(arg(0).f / arg(1).f);
    case Op::Pow: return fl(std::pow(arg(0).f, arg(1).f));
    case Op::Minimum:
      return is_float(t) ? fl(float_min(arg(0).f, arg(1).f)) : in_(u(arg(0).i < arg(1).i ? arg(0) : arg(1)));
    case Op::Maximum:
      return is_float(t) ? fl(float_max(arg(0).f, arg(1).f)) : in_(u(arg(0).i > arg(1).i ? arg(0) : arg(1)));
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: r.i = compare(in.op, is_float(arg_dtype(0)), arg(0), arg(1)); return r;
    case Op::And: r.i = arg(0).i && arg(1).i; return r;
    case Op::Or: r.i = arg(0).i || arg(1).i; return r;
    case Op::Where: return arg(0).i ? arg(1) : arg(2);
    case Op::Philox: r.i = random::philox_bits(u(arg(2)), u(arg(0)), u(arg(1))); return r;
    case Op::BitAnd: return in_(u(arg(0)) & u(arg(1)));
    case Op::BitOr: return in_(u(arg(0)) | u(arg(1)));
    case Op::BitXor: return in_(u(arg(0)) ^ u(arg(1)));
    case Op::LeftShift:
    case Op::RightShift: {
      // Values are sign- or zero-extended in int64, so >> of the wide value is the type's own.
      const std::int64_t x = arg(0).i, by = arg(1).i, width = static_cast<std::int64_t>(size_of(t)) * 8;
      const bool in_range = by >= 0 && by < width;
      if (in.op == Op::LeftShift) return in_(in_range ? u(arg(0)) << by : 0);
      return in_(static_cast<std::uint64_t>(in_range ? x >> by : x < 0 ? -1 : 0));
    }
    case Op::Remainder:
    case Op::FloorDivide: {
      const bool remainder = in.op == Op::Remainder;
      if (is_float(t)) return fl(float_floor_division(t, arg(0).f, arg(1).f, remainder));
      return in_(integer_floor_division(arg(0).i, arg(1).i, remainder));
    }
    case Op::Fmod:
      if (is_float(t)) return fl(std::fmod(arg(0).f, arg(1).f));
      return in_(arg(1).i == 0 || arg(1).i == -1 ? 0 : static_cast<std::uint64_t>(arg(0).i % arg(1).i));
    case Op::Fmax:
    case Op::Fmin: {
      const bool max = in.op == Op::Fmax;
      if (is_float(t)) return fl(float_fmax(arg(0).f, arg(1).f, max));
      return in_(u(max == (arg(0).i > arg(1).i) ? arg(0) : arg(1)));
    }
    case Op::Copysign: return fl(std::copysign(arg(0).f, arg(1).f));
    case Op::Arctan2: return fl(std::atan2(arg(0).f, arg(1).f));
    case Op::Hypot: return fl(std::hypot(arg(0).f, arg(1).f));
    case Op::Logaddexp: return fl(log_add_exp(arg(0).f, arg(1).f, false));
    case Op::Logaddexp2: return fl(log_add_exp(arg(0).f, arg(1).f, true));
    case Op::FloatPower: return fl(std::pow(arg(0).f, arg(1).f));
#include "sinter/detail/reduction_cases.inc"
      break;  // folded by interpret_reduction, never applied one element at a time
    case Op::Param:
    case Op::Loop:
    case Op::If:
    case Op::Result:
    case Op::LoopBegin:
    case Op::LoopState:
    case Op::LoopCond:
    case Op::LoopNext:
    case Op::LoopEnd:
    case Op::IfBegin:
    case Op::IfElse:
    case Op::IfEnd:
    case Op::IfResult:
    case Op::Fold:
    case Op::FoldBegin:
    case Op::FoldState:
    case Op::FoldOperand:
    case Op::FoldNext:
    case Op::FoldEnd: break;  // control flow: run_instructions; folds: interpret_reduction
  }
  throw InternalError(std::string("interpreter: ") + std::string(info(in.op).name) + " applied as an elementwise op");
}

// The instructions of one element (per element, or a reduction kernel's per output), in order,
// with control flow (ir/kernel.h): a loop's trip count lives in its begin's value, its states in
// theirs; a marker jumps by the structure `cf` records.
void run_instructions(const ir::KernelIR& k, const ir::ControlFlow& cf, std::vector<Value>& v,
                      const ir::KernelArgs& args, std::int64_t i, const std::vector<std::int64_t>& offsets,
                      bool per_output, int phase = 0) {
  const std::size_t n = k.body.size();
  auto at = [&](std::int32_t j) -> Value& { return v[static_cast<std::size_t>(j)]; };
  for (std::size_t j = 0; j < n;) {
    const ir::Instr& in = k.body[j];
    if (in.per_output != per_output || in.phase != phase) {
      ++j;
      continue;
    }
    switch (in.op) {
      case Op::LoopBegin: v[j].i = 0; break;
      case Op::LoopState:
      case Op::LoopNext: v[j] = at(in.args[0]); break;
      case Op::LoopCond: {
        const ir::ControlRegion& r = cf.of(j);
        const Value& count = at(r.begin);
        if (!at(in.args[1]).i || count.i >= at(k.body[static_cast<std::size_t>(r.begin)].args[0]).i) {
          j = static_cast<std::size_t>(r.end) + 1;  // the states hold the final values
          continue;
        }
        break;
      }
      case Op::LoopEnd: {
        const ir::ControlRegion& r = cf.of(j);
        for (std::int32_t s = 0; s < r.values; ++s) at(r.begin + 1 + s) = at(r.end - r.values + s);
        ++at(r.begin).i;
        j = static_cast<std::size_t>(r.begin) + 1 + static_cast<std::size_t>(r.values);  // the condition again
        continue;
      }
      case Op::IfBegin:
        if (!at(in.args[0]).i) {
          j = static_cast<std::size_t>(cf.of(j).middle) + 1;
          continue;
        }
        break;
      case Op::IfElse: j = static_cast<std::size_t>(cf.of(j).end); continue;
      case Op::IfEnd: break;
      case Op::IfResult: {
        const bool taken = at(k.body[static_cast<std::size_t>(in.args[0])].args[0]).i != 0;
        v[j] = at(in.args[taken ? 1 : 2]);
        break;
      }
      default:
        if (!is_reduction(in.op)) v[j] = apply(in, k, v, args, i, offsets);
    }
    ++j;
  }
}

// A user-defined reduction's instructions (ir/kernel.h, "User-defined reductions").
struct FoldRegion {
  std::size_t begin, states, end;  // its fold_begin, state count and fold_end
};

std::vector<FoldRegion> fold_regions(const ir::KernelIR& k) {
  std::vector<FoldRegion> folds;
  for (std::size_t j = 0; j < k.body.size(); ++j) {
    if (k.body[j].op == Op::FoldBegin) folds.push_back({j, 0, j});
    if (k.body[j].op == Op::FoldState) ++folds.back().states;
    if (k.body[j].op == Op::FoldEnd) folds.back().end = j;
  }
  return folds;
}

// Folds the b values (the fold_operand instructions' values, set by the caller) into the states:
// runs the combine, then moves each next value into its state.
void combine_fold(const ir::KernelIR& k, const FoldRegion& f, std::vector<Value>& v, const ir::KernelArgs& args,
                  std::int64_t o, const std::vector<std::int64_t>& offsets) {
  for (std::size_t j = f.begin + 1 + 2 * f.states; j < f.end; ++j)
    if (k.body[j].op != Op::FoldNext) v[j] = apply(k.body[j], k, v, args, o, offsets);
  for (std::size_t s = 0; s < f.states; ++s)
    v[f.begin + 1 + s] = v[static_cast<std::size_t>(k.body[f.end - f.states + s].args[0])];
}

// A reduction kernel (ir/kernel.h): for each output in [begin, end), phase by phase (a row
// kernel's; one for any other), its elements one by one in order (folding the phase's reductions;
// the last phase stores a row kernel's per-element outputs), then the phase's per-output
// instructions; the per-output values are stored after the last phase.
void interpret_reduction(const ir::KernelIR& kernel, const ir::KernelArgs& args, std::int64_t begin, std::int64_t end) {
  std::vector<Value> values(kernel.body.size());
  std::vector<Accumulator> acc(kernel.body.size());
  const std::size_t first_output = kernel.inputs.size();
  std::vector<std::int64_t> offsets(kernel.layouts.size());
  const ir::ControlFlow cf = ir::control_flow(kernel);
  auto operand_dtype = [&](const ir::Instr& in) { return kernel.body[static_cast<std::size_t>(in.args[0])].dtype; };
  const std::vector<FoldRegion> folds = fold_regions(kernel);
  std::vector<bool> in_fold(kernel.body.size(), false);  // a fold's marker or combine: not run per output
  for (const FoldRegion& f : folds)
    for (std::size_t j = f.begin; j <= f.end; ++j) in_fold[j] = true;
  for (std::int64_t o = begin; o < end; ++o) {
    const int phases = std::max(kernel.phases, 1);
    for (int phase = 0; phase < phases; ++phase) {
      const bool last = phase + 1 == phases;
      for (std::size_t j = 0; j < kernel.body.size(); ++j)
        if (is_reduction(kernel.body[j].op) && kernel.body[j].phase == phase)
          acc[j] = identity(kernel.body[j].op, operand_dtype(kernel.body[j]));
      for (const FoldRegion& f : folds)  // each state from its identity (a scalar)
        for (std::size_t s = 0; s < f.states; ++s) {
          const auto id = static_cast<std::size_t>(kernel.body[f.begin + 1 + s].args[0]);
          values[f.begin + 1 + s] = apply(kernel.body[id], kernel, values, args, o, offsets);
        }
      for (std::int64_t r = 0; r < args.reduce_n; ++r) {
        const std::int64_t i = o * args.reduce_n + r;
        layout_offsets(kernel, args, i, false, offsets);
        run_instructions(kernel, cf, values, args, i, offsets, false, phase);
        for (std::size_t j = 0; j < kernel.body.size(); ++j) {
          const ir::Instr& in = kernel.body[j];
          if (is_reduction(in.op) && in.phase == phase)
            fold(in.op, operand_dtype(in), acc[j], values[static_cast<std::size_t>(in.args[0])], r);
        }
        for (const FoldRegion& f : folds) {  // state = combine(state, the element's values)
          for (std::size_t s = 0; s < f.states; ++s) {
            const std::size_t b = f.begin + 1 + f.states + s;
            values[b] = values[static_cast<std::size_t>(kernel.body[b].args[0])];
          }
          combine_fold(kernel, f, values, args, o, offsets);
        }
        if (kernel.is_scan()) {  // the running value after element r, at its position (ir/kernel.h)
          const auto j = static_cast<std::size_t>(kernel.outputs[0]);
          const std::int32_t layout = kernel.output_layout(0);
          store(kernel.body[j].dtype, args.buffers[first_output],
                layout < 0 ? i : offsets[static_cast<std::size_t>(layout)],
                finish(kernel.body[j].op, operand_dtype(kernel.body[j]), acc[j]));
          continue;
        }
        for (std::size_t k = 0; last && k < kernel.outputs.size(); ++k) {
          const ir::Instr& out = kernel.body[static_cast<std::size_t>(kernel.outputs[k])];
          if (!out.per_output)
            store(out.dtype, args.buffers[first_output + k], i, values[static_cast<std::size_t>(kernel.outputs[k])]);
        }
      }
      layout_offsets(kernel, args, o, true, offsets);
      for (std::size_t j = 0; j < kernel.body.size(); ++j) {
        const ir::Instr& in = kernel.body[j];
        if (!in.per_output || in.phase != phase || in_fold[j]) continue;
        values[j] = is_reduction(in.op) ? finish(in.op, operand_dtype(in), acc[j])
                                        : apply(in, kernel, values, args, o, offsets);
      }
    }
    for (std::size_t k = 0; k < kernel.outputs.size() && !kernel.is_scan(); ++k) {
      const ir::Instr& out = kernel.body[static_cast<std::size_t>(kernel.outputs[k])];
      if (out.per_output)
        store(out.dtype, args.buffers[first_output + k], o, values[static_cast<std::size_t>(kernel.outputs[k])]);
    }
  }
}

}  // namespace

void interpret(const ir::KernelIR& kernel, const ir::KernelArgs& args) { interpret(kernel, args, 0, args.n); }

void interpret(const ir::KernelIR& kernel, const ir::KernelArgs& args, std::int64_t begin, std::int64_t end) {
  // Linear in the kernel, as interpreting one element is: the interpreter assumes what it checks.
  ir::verify(kernel);
  if (kernel.is_reduction()) {  // row kernels included
    interpret_reduction(kernel, args, begin, end);
    return;
  }
  std::vector<Value> values(kernel.body.size());
  const std::size_t first_output = kernel.inputs.size();
  std::vector<std::int64_t> offsets(kernel.layouts.size());
  const ir::ControlFlow cf = ir::control_flow(kernel);
  for (std::int64_t i = begin; i < end; ++i) {
    layout_offsets(kernel, args, i, false, offsets);
    run_instructions(kernel, cf, values, args, i, offsets, false);
    for (std::size_t o = 0; o < kernel.outputs.size(); ++o) {
      const std::int32_t layout = kernel.output_layout(o);
      store(kernel.output_dtype(o), args.buffers[first_output + o],
            layout < 0 ? i : offsets[static_cast<std::size_t>(layout)],
            values[static_cast<std::size_t>(kernel.outputs[o])]);
    }
  }
}

std::vector<std::vector<std::uint8_t>> interpret_plan(const fuse::KernelPlan& plan) {
  if (plan.write_target) throw Error("interpret_plan: a write into an existing array is not interpreted");
  // 8 spare bytes per buffer: a zero-length array still has a valid address.
  std::vector<std::vector<std::uint8_t>> inputs;
  for (const auto& b : plan.inputs) {
    if (!b) {  // the error word of index checks (plan.h): zero
      inputs.emplace_back(8, 0);
      continue;
    }
    inputs.emplace_back(b->bytes + 8);
    if (b->bytes) backend_for(b->device).copy_to_host(inputs.back().data(), *b, b->bytes);
  }
  const std::int64_t n = plan.shape.numel();
  std::vector<std::vector<std::uint8_t>> outputs;
  for (std::size_t k = 0; k < plan.outputs.size(); ++k)  // a row kernel's per-row outputs are smaller
    outputs.emplace_back(
        static_cast<std::size_t>(plan.kernel.is_scan() ? n * plan.reduce_n : plan.outputs[k]->shape.numel()) *
            size_of(plan.kernel.output_dtype(k)) +
        8);
  ir::KernelArgs args;
  for (std::size_t k = 0; k < inputs.size(); ++k) args.buffers.push_back(inputs[k].data() + plan.input_offsets[k]);
  for (auto& v : outputs) args.buffers.push_back(v.data());
  args.scalars = plan.scalars;
  args.n = plan.kernel.is_row_kernel() ? plan.rows : n;
  args.reduce_n = plan.reduce_n;
  interpret(plan.kernel, args);
  if (plan.error_slot >= 0 && inputs[static_cast<std::size_t>(plan.error_slot)][0] != 0) throw_index_error(plan);
  return outputs;
}

}  // namespace sinter
