// sinter_accuracy: the measured error of every transcendental function sinter has, in ulp,
// against a long double reference (64-bit significand: 11 bits beyond double), over dense sweeps
// of each function's domain plus edge values. Prints one markdown row per function and dtype,
// the source of docs/accuracy.md.
//   sinter_accuracy [--points N]   (N inputs per sweep, default 4,000,000)
// Errors are fractional ulp of the correctly rounded result: |got - ref| / ulp(ref), where ulp(v)
// is the gap between the two representable numbers around v. Special values must match exactly
// (NaN for NaN, infinities and zeros with their signs): a mismatch there is reported as such.
#include <sinter/sinter.h>

#include <cfloat>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

using sinter::Array;

template <class T> T next_up(T v) { return std::nextafter(v, std::numeric_limits<T>::infinity()); }

/// The error of `got` in units of the last place of T around the exact value `ref`.
template <class T> double ulp_error(T got, long double ref) {
  if (std::isnan(ref)) return std::isnan(got) ? 0 : INFINITY;
  if (std::isnan(got)) return INFINITY;
  const T rounded = static_cast<T>(ref);
  if (std::isinf(rounded) || std::isinf(got)) return got == rounded ? 0 : INFINITY;
  if (got == static_cast<T>(ref) && ref == 0 && std::signbit(got) != std::signbit(ref)) return INFINITY;
  // ulp: the spacing of T at |ref| (at least the smallest denormal).
  T a = std::fabs(rounded);
  T up = next_up(a);
  const long double ulp = std::isinf(up) ? static_cast<long double>(a - std::nextafter(a, T(0))) : up - a;
  return static_cast<double>(std::fabs(static_cast<long double>(got) - ref) / ulp);
}

/// `count` values of T spread evenly over the bit patterns of [lo, hi] (same sign), so that
/// every binade in the range gets its share.
template <class T> std::vector<T> sweep_bits(T lo, T hi, std::size_t count) {
  using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  std::vector<T> v;
  U a, b;
  std::memcpy(&a, &lo, sizeof a);
  std::memcpy(&b, &hi, sizeof b);
  if (a > b) std::swap(a, b);
  const U span = b - a;
  for (std::size_t i = 0; i < count; ++i) {
    U u = static_cast<U>(a + static_cast<U>(static_cast<long double>(span) * i / (count - 1)));
    T x;
    std::memcpy(&x, &u, sizeof x);
    v.push_back(x);
  }
  return v;
}

template <class T> std::vector<T> uniform(T lo, T hi, std::size_t count, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> d(static_cast<double>(lo), static_cast<double>(hi));
  std::vector<T> v(count);
  for (auto& x : v) x = static_cast<T>(d(rng));
  return v;
}

template <class T> std::vector<T> edges() {
  using L = std::numeric_limits<T>;
  return {T(0),       -T(0),         L::denorm_min(), -L::denorm_min(), L::min(),  -L::min(), L::max(),
          -L::max(),  L::infinity(), -L::infinity(),  L::quiet_NaN(),   T(1),      T(-1),     T(0.5),
          T(2),       T(1e-30),      T(-1e-30),       T(88.72),         T(-103.9), T(709.78), T(-745.1),
          T(3e9),     T(-3e9),       T(65536.5),      T(1048576.5),     T(1e22),   T(M_PI),   T(M_PI_2),
          T(-M_PI_2), T(1e-5)};
}

template <class T> void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

struct Result {
  double max_ulp = 0;
  double at = 0;
  double mean_ulp = 0;
  std::size_t points = 0;
  std::size_t special_mismatches = 0;
};

template <class T>
Result measure(const std::vector<T>& in, const std::function<Array<T>(const Array<T>&)>& f,
               long double (*ref)(long double)) {
  Array<T> x(in);
  Array<T> y = f(x);
  const auto got = y.to_vector();
  Result r;
  r.points = in.size();
  double sum = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const long double want = ref(static_cast<long double>(in[i]));
    const double e = ulp_error<T>(got[i], want);
    if (std::isinf(e)) {
      if (r.special_mismatches++ < 3)
        std::fprintf(stderr, "  mismatch: f(%.9g) = %.9g, want %.9Lg\n", static_cast<double>(in[i]),
                     static_cast<double>(got[i]), want);
      continue;
    }
    sum += e;
    if (e > r.max_ulp) {
      r.max_ulp = e;
      r.at = static_cast<double>(in[i]);
    }
  }
  r.mean_ulp = sum / static_cast<double>(in.size());
  return r;
}

template <class T> Result measure2(const std::vector<T>& a, const std::vector<T>& b) {
  Array<T> x(a), y(b);
  Array<T> z = sinter::pow(x, y);
  const auto got = z.to_vector();
  Result r;
  r.points = a.size();
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const long double want = std::pow(static_cast<long double>(a[i]), static_cast<long double>(b[i]));
    const double e = ulp_error<T>(got[i], want);
    if (std::isinf(e)) {
      ++r.special_mismatches;
      continue;
    }
    sum += e;
    if (e > r.max_ulp) {
      r.max_ulp = e;
      r.at = static_cast<double>(a[i]);
    }
  }
  r.mean_ulp = sum / static_cast<double>(a.size());
  return r;
}

void row(const char* fn, const char* dtype, const char* domain, const Result& r) {
  std::printf("| %s | %s | %s | %zu | %.3f | %.3f | %.9g | %s |\n", fn, dtype, domain, r.points, r.max_ulp, r.mean_ulp,
              r.at, r.special_mismatches ? std::to_string(r.special_mismatches).c_str() : "none");
  std::fflush(stdout);
}

long double ref_sqrt(long double x) { return sqrtl(x); }
long double ref_exp(long double x) { return expl(x); }
long double ref_log(long double x) { return logl(x); }
long double ref_sin(long double x) { return sinl(x); }
long double ref_cos(long double x) { return cosl(x); }
long double ref_tanh(long double x) { return tanhl(x); }
long double ref_erf(long double x) { return erfl(x); }
long double ref_sigmoid(long double x) { return x >= 0 ? 1.0L / (1.0L + expl(-x)) : expl(x) / (1.0L + expl(x)); }

/// A function of the math library (issue 15, item 2) over one range: a bit sweep of [lo, hi] and
/// of [-lo, -hi] when `both_signs` (lo > 0), else uniform over [lo, hi]; edges added.
template <class T> struct Sweep {
  const char* name;
  Array<T> (*f)(const Array<T>&);
  long double (*ref)(long double);
  T lo, hi;
  enum Kind { Uniform, Bits, BothSigns } kind;
  const char* domain;
};

template <class T> void math_library(const char* dtype, std::size_t n) {
  using L = std::numeric_limits<T>;
  using S = Sweep<T>;
  const bool f32 = sizeof(T) == 4;
  const T dmin = L::denorm_min(), big = L::max();
  const S sweeps[] = {
      {"tan", [](const Array<T>& x) -> Array<T> { return sinter::tan(x); }, [](long double x) { return tanl(x); },
       T(-10), T(10), S::Uniform, "[-10, 10] (uniform), edges"},
      {"tan", [](const Array<T>& x) -> Array<T> { return sinter::tan(x); }, [](long double x) { return tanl(x); }, dmin,
       big, S::BothSigns, "all finite (bit sweep), edges"},
      {"cbrt", [](const Array<T>& x) -> Array<T> { return sinter::cbrt(x); }, [](long double x) { return cbrtl(x); },
       dmin, big, S::BothSigns, "all finite (bit sweep), edges"},
      {"exp2", [](const Array<T>& x) -> Array<T> { return sinter::exp2(x); }, [](long double x) { return exp2l(x); },
       f32 ? T(-150) : T(-1075), f32 ? T(128) : T(1024), S::Uniform, "underflow to overflow (uniform), edges"},
      {"expm1", [](const Array<T>& x) -> Array<T> { return sinter::expm1(x); }, [](long double x) { return expm1l(x); },
       dmin, f32 ? T(89) : T(710), S::BothSigns, "[-89, 89] or [-710, 710] (bit sweep), edges"},
      {"log2", [](const Array<T>& x) -> Array<T> { return sinter::log2(x); }, [](long double x) { return log2l(x); },
       dmin, big, S::Bits, "all positive (bit sweep), edges"},
      {"log10", [](const Array<T>& x) -> Array<T> { return sinter::log10(x); }, [](long double x) { return log10l(x); },
       dmin, big, S::Bits, "all positive (bit sweep), edges"},
      {"log1p", [](const Array<T>& x) -> Array<T> { return sinter::log1p(x); }, [](long double x) { return log1pl(x); },
       T(-1), T(10), S::Uniform, "[-1, 10] (uniform), edges"},
      {"arcsin", [](const Array<T>& x) -> Array<T> { return sinter::arcsin(x); },
       [](long double x) { return asinl(x); }, T(-1), T(1), S::Uniform, "[-1, 1] (uniform), edges"},
      {"arccos", [](const Array<T>& x) -> Array<T> { return sinter::arccos(x); },
       [](long double x) { return acosl(x); }, T(-1), T(1), S::Uniform, "[-1, 1] (uniform), edges"},
      {"arctan", [](const Array<T>& x) -> Array<T> { return sinter::arctan(x); },
       [](long double x) { return atanl(x); }, dmin, big, S::BothSigns, "all finite (bit sweep), edges"},
      {"sinh", [](const Array<T>& x) -> Array<T> { return sinter::sinh(x); }, [](long double x) { return sinhl(x); },
       f32 ? T(-90) : T(-711), f32 ? T(90) : T(711), S::Uniform, "to overflow (uniform), edges"},
      {"cosh", [](const Array<T>& x) -> Array<T> { return sinter::cosh(x); }, [](long double x) { return coshl(x); },
       f32 ? T(-90) : T(-711), f32 ? T(90) : T(711), S::Uniform, "to overflow (uniform), edges"},
      {"arcsinh", [](const Array<T>& x) -> Array<T> { return sinter::arcsinh(x); },
       [](long double x) { return asinhl(x); }, dmin, big, S::BothSigns, "all finite (bit sweep), edges"},
      {"arccosh", [](const Array<T>& x) -> Array<T> { return sinter::arccosh(x); },
       [](long double x) { return acoshl(x); }, T(1), big, S::Bits, "[1, max] (bit sweep), edges"},
      {"arctanh", [](const Array<T>& x) -> Array<T> { return sinter::arctanh(x); },
       [](long double x) { return atanhl(x); }, T(-1), T(1), S::Uniform, "[-1, 1] (uniform), edges"},
      {"erfc", [](const Array<T>& x) -> Array<T> { return sinter::erfc(x); }, [](long double x) { return erfcl(x); },
       T(-6), f32 ? T(11) : T(27), S::Uniform, "[-6, 11] or [-6, 27] (uniform), edges"},
      {"sigmoid", [](const Array<T>& x) -> Array<T> { return sinter::sigmoid(x); }, ref_sigmoid,
       f32 ? T(-110) : T(-750), f32 ? T(20) : T(40), S::Uniform, "underflow to 1 (uniform), edges"},
  };
  unsigned seed = 100;
  for (const S& sw : sweeps) {
    std::vector<T> in;
    if (sw.kind == S::Uniform) {
      in = uniform<T>(sw.lo, sw.hi, n, seed++);
    } else {
      in = sweep_bits<T>(sw.lo, sw.hi, sw.kind == S::BothSigns ? n / 2 : n);
      if (sw.kind == S::BothSigns) append(in, sweep_bits<T>(T(-sw.lo), T(-sw.hi), n / 2));
    }
    append(in, edges<T>());
    row(sw.name, dtype, sw.domain, measure<T>(in, sw.f, sw.ref));
  }
}

template <class T> void run(const char* dtype, std::size_t n) {
  using L = std::numeric_limits<T>;
  const bool f32 = sizeof(T) == 4;
  auto both_signs = [&](T lo, T hi) {
    auto v = sweep_bits<T>(lo, hi, n / 2);
    append(v, sweep_bits<T>(-lo, -hi, n / 2));
    return v;
  };
  {
    auto in = sweep_bits<T>(L::denorm_min(), L::max(), n);
    append(in, edges<T>());
    row("sqrt", dtype, "all positive (bit sweep), edges",
        measure<T>(
            in, [](const Array<T>& x) -> Array<T> { return sinter::sqrt(x); }, ref_sqrt));
  }
  {
    const T hi = f32 ? T(89) : T(710), lo = f32 ? T(-104) : T(-746);
    auto in = sweep_bits<T>(T(0), hi, n / 2);
    append(in, sweep_bits<T>(T(-0.0), lo, n / 2));
    append(in, edges<T>());
    row("exp", dtype, f32 ? "[-104, 89] (bit sweep), edges" : "[-746, 710] (bit sweep), edges",
        measure<T>(
            in, [](const Array<T>& x) -> Array<T> { return sinter::exp(x); }, ref_exp));
    auto mid = uniform<T>(T(-10), T(10), n, 1);
    row("exp", dtype, "[-10, 10] (uniform)",
        measure<T>(
            mid, [](const Array<T>& x) -> Array<T> { return sinter::exp(x); }, ref_exp));
  }
  {
    auto in = sweep_bits<T>(L::denorm_min(), L::max(), n);
    append(in, edges<T>());
    row("log", dtype, "all positive (bit sweep), edges",
        measure<T>(
            in, [](const Array<T>& x) -> Array<T> { return sinter::log(x); }, ref_log));
    auto mid = uniform<T>(T(0.5), T(2), n, 2);
    row("log", dtype, "[0.5, 2] (uniform)",
        measure<T>(
            mid, [](const Array<T>& x) -> Array<T> { return sinter::log(x); }, ref_log));
  }
  for (int c = 0; c < 2; ++c) {
    const char* name = c ? "cos" : "sin";
    auto fn =
        c ? std::function<Array<T>(const Array<T>&)>([](const Array<T>& x) -> Array<T> { return sinter::cos(x); })
          : std::function<Array<T>(const Array<T>&)>([](const Array<T>& x) -> Array<T> { return sinter::sin(x); });
    auto ref = c ? ref_cos : ref_sin;
    const T limit = f32 ? T(65536) : T(1048576);
    auto fast = uniform<T>(-limit, limit, n, 3 + static_cast<unsigned>(c));
    row(name, dtype,
        f32 ? "[-2^16, 2^16] (uniform; sinter's polynomial)" : "[-2^20, 2^20] (uniform; sinter's polynomial)",
        measure<T>(fast, fn, ref));
    auto small = uniform<T>(T(-10), T(10), n, 5 + static_cast<unsigned>(c));
    row(name, dtype, "[-10, 10] (uniform)", measure<T>(small, fn, ref));
    auto all = both_signs(L::denorm_min(), L::max());
    append(all, edges<T>());
    row(name, dtype, "all finite (bit sweep; libm beyond the limit), edges", measure<T>(all, fn, ref));
  }
  {
    auto in = uniform<T>(T(-20), T(20), n, 7);
    append(in, edges<T>());
    row("tanh", dtype, "[-20, 20] (uniform), edges",
        measure<T>(
            in, [](const Array<T>& x) -> Array<T> { return sinter::tanh(x); }, ref_tanh));
    auto e = uniform<T>(T(-6), T(6), n, 8);
    append(e, edges<T>());
    row("erf", dtype, "[-6, 6] (uniform), edges",
        measure<T>(
            e, [](const Array<T>& x) -> Array<T> { return sinter::erf(x); }, ref_erf));
  }
  {
    auto a = uniform<T>(T(0), T(100), n, 9), b = uniform<T>(T(-30), T(30), n, 10);
    row("pow", dtype, "x in [0, 100], y in [-30, 30] (uniform)", measure2<T>(a, b));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 4000000;
  for (int k = 1; k + 1 < argc; ++k)
    if (std::strcmp(argv[k], "--points") == 0) n = static_cast<std::size_t>(std::atoll(argv[++k]));
  std::printf("| function | dtype | inputs | points | max ulp | mean ulp | worst at | special-value mismatches |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  run<float>("float32", n);
  run<double>("float64", n);
  math_library<float>("float32", n);
  math_library<double>("float64", n);
  return 0;
}
