// Vectorizable exp, log, sin and cos as LLVM IR. Branch-free: special cases are selects, so the
// loop vectorizer if-converts nothing and widens everything.
//
// Sources of the polynomials (each measured in docs/accuracy.md):
// - exp float: Cephes expf's minimax polynomial on [-ln2/2, ln2/2]; double: Taylor series to
//   degree 13 (truncation error below 2^-60 on that interval).
// - log float: Cephes logf's polynomial on [sqrt(1/2) - 1, sqrt(2) - 1]; double: the fdlibm
//   (Sun, freely distributable) Lg1..Lg7 polynomial in s = f / (2 + f).
// - sin/cos float: reduced by pi to [-pi/2, pi/2], one odd polynomial of degree 9 fitted here
//   (iteratively reweighted least squares for the least maximum relative error, 7e-9 before
//   rounding the coefficients); double: reduced by pi/2 to [-pi/4, pi/4], the fdlibm kernel
//   polynomials S1..S6 and C1..C6, with fdlibm's compensated 1 - z/2 for cos.
#include "codegen/llvm/vector_math.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>

#include <cstdint>
#include <initializer_list>
#include <limits>

namespace sinter::llvm_backend {
namespace {

using llvm::Type;
using llvm::Value;

// Largest |x| that the three-part Cody-Waite reduction by pi/2 handles accurately: the quotient k
// stays below 2^16 (float) or 2^20 (double), so k * P1 is exact inside the FMA and k * P4 (the
// neglected part of pi/2) is far below the result's last place.
constexpr double kTrigLimitF32 = 65536.0;
constexpr double kTrigLimitF64 = 1048576.0;

class Math {
 public:
  Math(llvm::IRBuilderBase& b, Value* x) : b_(b), t_(x->getType()) {
    f32_ = t_->getScalarType()->isFloatTy();
    Type* int_scalar = f32_ ? b_.getInt32Ty() : b_.getInt64Ty();
    it_ = t_->isVectorTy() ? llvm::VectorType::get(int_scalar, llvm::cast<llvm::VectorType>(t_)->getElementCount())
                           : int_scalar;
    mantissa_bits_ = f32_ ? 23 : 52;
    bias_ = f32_ ? 127 : 1023;
  }

  bool f32() const { return f32_; }
  Value* c(double v) { return llvm::ConstantFP::get(t_, v); }
  Value* ci(std::int64_t v) { return llvm::ConstantInt::get(it_, static_cast<std::uint64_t>(v), true); }
  Value* fma(Value* a, Value* x, Value* y) { return b_.CreateIntrinsic(llvm::Intrinsic::fma, {t_}, {a, x, y}); }
  Value* add(Value* a, Value* x) { return b_.CreateFAdd(a, x); }
  Value* sub(Value* a, Value* x) { return b_.CreateFSub(a, x); }
  Value* mul(Value* a, Value* x) { return b_.CreateFMul(a, x); }
  Value* div(Value* a, Value* x) { return b_.CreateFDiv(a, x); }
  Value* select(Value* cond, Value* a, Value* x) { return b_.CreateSelect(cond, a, x); }
  Value* fabs(Value* x) { return b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x); }
  Value* round(Value* x) { return b_.CreateUnaryIntrinsic(llvm::Intrinsic::roundeven, x); }
  Value* is_nan(Value* x) { return b_.CreateFCmpUNO(x, x); }
  Value* to_int(Value* x) { return b_.CreateFPToSI(x, it_); }
  Value* to_float(Value* k) { return b_.CreateSIToFP(k, t_); }
  Value* bits(Value* x) { return b_.CreateBitCast(x, it_); }
  Value* from_bits(Value* k) { return b_.CreateBitCast(k, t_); }

  /// Horner's rule, coefficients from the highest degree down.
  Value* horner(Value* x, std::initializer_list<double> coefficients) {
    auto it = coefficients.begin();
    Value* p = c(*it++);
    for (; it != coefficients.end(); ++it) p = fma(p, x, c(*it));
    return p;
  }

  /// 2^k for an integer k of the normal exponent range.
  Value* pow2(Value* k) { return from_bits(b_.CreateShl(b_.CreateAdd(k, ci(bias_)), ci(mantissa_bits_))); }

  llvm::IRBuilderBase& b() { return b_; }
  double infinity() const { return std::numeric_limits<double>::infinity(); }
  double nan() const { return std::numeric_limits<double>::quiet_NaN(); }
  double trig_limit() const { return f32_ ? kTrigLimitF32 : kTrigLimitF64; }

 private:
  llvm::IRBuilderBase& b_;
  Type* t_;
  Type* it_ = nullptr;
  bool f32_ = true;
  int mantissa_bits_ = 23;
  int bias_ = 127;
};

// double reduction by pi/2: x = k * pi/2 + r with |r| <= pi/4 (slightly more when k is rounded
// from an inexact product); returns r and sets k (an integer value). Exact enough for
// |x| <= trig_limit.
Value* reduce_pi_over_2(Math& m, Value* x, Value*& k) {
  // pi/2 = P1 + P2 + P3 (+ a part below the result's precision), each rounded to double.
  Value* kf = m.round(m.mul(x, m.c(0.6366197723675814)));
  Value* r = m.fma(kf, m.c(-1.5707963267948966), x);  // exact: r is a multiple of ulp(P1) below 2
  r = m.fma(kf, m.c(-6.123233995736766e-17), r);
  r = m.fma(kf, m.c(-1.4973849048591698e-33), r);
  k = m.to_int(kf);
  return r;
}

// double sin and cos on [-pi/4, pi/4] (fdlibm's kernels).
Value* sin_poly(Math& m, Value* r, Value* z) {
  Value* p = m.f32()
                 ? m.horner(z, {-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1})
                 : m.horner(z, {1.58969099521155010221e-10, -2.50507602534068634195e-08, 2.75573137070700676789e-06,
                                -1.98412698298579493134e-04, 8.33333333332248946124e-03, -1.66666666666666324348e-01});
  return m.fma(m.mul(p, z), r, r);  // r + r^3 * p
}

Value* cos_poly(Math& m, Value* z) {
  Value* p = m.f32()
                 ? m.horner(z, {2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2})
                 : m.horner(z, {-1.13596475577881948265e-11, 2.08757232129817482790e-09, -2.75573143513906633035e-07,
                                2.48015872894767294178e-05, -1.38888888888741095749e-03, 4.16666666666666019037e-02});
  // 1 - z/2 + z^2 p, with the rounding error of 1 - z/2 carried into the small part.
  Value* hz = m.mul(m.c(0.5), z);
  Value* w = m.sub(m.c(1.0), hz);
  Value* tail = m.fma(m.mul(z, z), p, m.sub(m.sub(m.c(1.0), w), hz));
  return m.add(w, tail);
}

// sin(x + q * pi/2) from the reduced r and the quadrant q (an integer value).
Value* quadrant(Math& m, Value* r, Value* q) {
  auto& b = m.b();
  Value* z = m.mul(r, r);
  Value* s = sin_poly(m, r, z);
  Value* c = cos_poly(m, z);
  Value* one = llvm::ConstantInt::get(q->getType(), 1);
  Value* two = llvm::ConstantInt::get(q->getType(), 2);
  Value* zero = llvm::ConstantInt::get(q->getType(), 0);
  Value* odd = b.CreateICmpNE(b.CreateAnd(q, one), zero);
  Value* negative = b.CreateICmpNE(b.CreateAnd(q, two), zero);
  Value* v = m.select(odd, c, s);
  return m.select(negative, b.CreateFNeg(v), v);
}

// float: one odd polynomial of degree 9 on [-pi/2, pi/2] after a reduction by pi (x = q pi/2 + r
// with q even for sin, odd for cos), so no second polynomial and no quadrant select.
Value* trig_f32(Math& m, Value* xr, bool cosine) {
  auto& b = m.b();
  // q = 2 round(x / pi) for sin, 2 round(x / pi - 1/2) + 1 for cos: both exact in float.
  Value* half_turns =
      cosine ? m.round(m.fma(xr, m.c(0.3183098861837907), m.c(-0.5))) : m.round(m.mul(xr, m.c(0.3183098861837907)));
  Value* qf = cosine ? m.fma(half_turns, m.c(2.0), m.c(1.0)) : m.add(half_turns, half_turns);
  // r = x - q (P1 + P2 + P3), pi/2 = P1 + P2 + P3 (+ less than 2^-72) in floats.
  constexpr double p1 = 1.5707963705062866, p2 = -4.371138828673793e-08, p3 = -1.7151245100058819e-15;
  Value* r = m.fma(qf, m.c(-p1), xr);  // exact: a multiple of ulp(P1) below 2
  r = m.fma(qf, m.c(-p2), r);
  r = m.fma(qf, m.c(-p3), r);
  // sin(r) = r + r^3 P(r^2), P fitted for the least maximum relative error on [0, pi/2 + 0.02].
  Value* z = m.mul(r, r);
  Value* p = m.horner(z, {2.6020140921900747e-06, -0.00019807972421403974, 0.008333045057952404, -0.16666658222675323});
  Value* v = m.fma(m.mul(p, z), r, r);
  // sin(x) = (-1)^(q/2) sin(r); cos(x) = -(-1)^((q-1)/2) sin(r): flip when bit 1 of q (+1 for cos) is set.
  Value* q = m.to_int(qf);
  if (cosine) q = b.CreateAdd(q, llvm::ConstantInt::get(q->getType(), 1));
  Value* flip = b.CreateShl(b.CreateAnd(q, llvm::ConstantInt::get(q->getType(), 2)), 30);
  return m.from_bits(b.CreateXor(m.bits(v), flip));
}

Value* trig(llvm::IRBuilderBase& b, Value* x, bool cosine) {
  Math m(b, x);
  // Huge, infinite and NaN elements are reduced as 0 (no poison from the integer conversion);
  // huge ones are the caller's to redo, and x - x puts NaN back for NaN and infinities.
  Value* ax = m.fabs(x);
  Value* in_range = b.CreateFCmpOLE(ax, m.c(m.trig_limit()));
  Value* xr = m.select(in_range, x, m.c(0.0));
  Value* v;
  if (m.f32()) {
    v = trig_f32(m, xr, cosine);
  } else {
    Value* k = nullptr;
    Value* r = reduce_pi_over_2(m, xr, k);
    Value* q = cosine ? b.CreateAdd(k, llvm::ConstantInt::get(k->getType(), 1)) : k;
    v = quadrant(m, r, q);
  }
  if (!cosine) {
    // sin(x) rounds to x below 2^-12 (float) or 2^-26 (double): keeps -0 and denormals exact.
    Value* tiny = b.CreateFCmpOLT(ax, m.c(m.f32() ? 0x1p-12 : 0x1p-26));
    v = m.select(tiny, x, v);
  }
  return m.select(in_range, v, m.sub(x, x));
}

}  // namespace

Value* emit_exp(llvm::IRBuilderBase& b, Value* x) {
  Math m(b, x);
  // Beyond these the result is +inf or +0 anyway; clamping keeps k in range. NaN goes through as 0.
  const double hi = m.f32() ? 89.0 : 710.0;
  const double lo = m.f32() ? -104.0 : -746.0;
  Value* nan = m.is_nan(x);
  Value* xc = m.select(b.CreateFCmpOGT(x, m.c(hi)), m.c(hi), x);
  xc = m.select(b.CreateFCmpOLT(xc, m.c(lo)), m.c(lo), xc);
  xc = m.select(nan, m.c(0.0), xc);
  // x = k ln2 + r, |r| <= ln2/2, with ln2 = L1 + L2.
  Value* kf = m.round(m.mul(xc, m.c(1.4426950408889634)));
  const double l1 = m.f32() ? 0.6931471824645996 : 6.93147180369123816490e-01;
  const double l2 = m.f32() ? -1.9046542121259336e-09 : 1.90821492927058770002e-10;
  Value* r = m.fma(kf, m.c(-l1), xc);
  r = m.fma(kf, m.c(-l2), r);
  Value* p;
  if (m.f32()) {
    Value* q = m.horner(
        r, {1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1});
    p = m.add(m.fma(q, m.mul(r, r), r), m.c(1.0));
  } else {
    Value* q = m.horner(r, {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
                            1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0});
    p = m.fma(q, r, m.c(1.0));
  }
  // p * 2^k in two steps, so that k below the normal range gives a correctly rounded denormal
  // and k = max + 1 overflows to inf.
  Value* k = m.to_int(kf);
  Value* k1 = b.CreateAShr(k, m.ci(1));
  Value* k2 = b.CreateSub(k, k1);
  Value* y = m.mul(m.mul(p, m.pow2(k1)), m.pow2(k2));
  return m.select(nan, x, y);
}

Value* emit_log(llvm::IRBuilderBase& b, Value* x) {
  Math m(b, x);
  const bool f32 = m.f32();
  const int mantissa_bits = f32 ? 23 : 52;
  // Denormals: scale into the normal range first.
  const double smallest_normal =
      f32 ? static_cast<double>(std::numeric_limits<float>::min()) : std::numeric_limits<double>::min();
  Value* denormal = b.CreateFCmpOLT(x, m.c(smallest_normal));
  const int scale_bits = f32 ? 25 : 54;
  Value* xs = m.select(denormal, m.mul(x, m.c(f32 ? 0x1p25 : 0x1p54)), x);
  Value* bits = m.bits(xs);
  // x = 2^e * mant with mant in [0.5, 1).
  Value* e = b.CreateSub(b.CreateLShr(bits, m.ci(mantissa_bits)), m.ci(f32 ? 126 : 1022));
  e = b.CreateSub(e, m.select(denormal, m.ci(scale_bits), m.ci(0)));
  const std::int64_t mantissa_mask = (std::int64_t{1} << mantissa_bits) - 1;
  Value* half_bits = m.bits(m.c(0.5));
  Value* mant = m.from_bits(b.CreateOr(b.CreateAnd(bits, m.ci(mantissa_mask)), half_bits));
  // Into [sqrt(1/2), sqrt(2)): f = mant - 1 (or 2 mant - 1, one exponent less).
  Value* low = b.CreateFCmpOLT(mant, m.c(0.7071067811865476));
  e = b.CreateSub(e, m.select(low, m.ci(1), m.ci(0)));
  Value* f = m.sub(m.select(low, m.add(mant, mant), mant), m.c(1.0));
  Value* ef = m.to_float(e);
  Value* y;
  if (f32) {
    Value* z = m.mul(f, f);
    Value* p = m.horner(f, {7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
                            -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1});
    Value* t = m.mul(m.mul(p, f), z);
    t = m.fma(ef, m.c(-2.12194440e-4), t);
    t = m.fma(z, m.c(-0.5), t);
    y = m.add(f, t);
    y = m.fma(ef, m.c(0.693359375), y);
  } else {
    Value* s = m.div(f, m.add(m.c(2.0), f));
    Value* z = m.mul(s, s);
    Value* w = m.mul(z, z);
    Value* t1 = m.mul(w, m.horner(w, {1.531383769920937332e-01, 2.222219843214978396e-01, 3.999999999940941908e-01}));
    Value* t2 = m.mul(z, m.horner(w, {1.479819860511658591e-01, 1.818357216161805012e-01, 2.857142874366239149e-01,
                                      6.666666666666735130e-01}));
    Value* rr = m.add(t2, t1);
    Value* hfsq = m.mul(m.mul(m.c(0.5), f), f);
    // log(x) = e ln2_hi - ((hfsq - (s (hfsq + R) + e ln2_lo)) - f)
    Value* inner = m.fma(s, m.add(hfsq, rr), m.mul(ef, m.c(1.90821492927058770002e-10)));
    y = m.sub(m.mul(ef, m.c(6.93147180369123816490e-01)), m.sub(m.sub(hfsq, inner), f));
  }
  y = m.select(b.CreateFCmpOEQ(x, m.c(m.infinity())), m.c(m.infinity()), y);
  y = m.select(b.CreateFCmpOEQ(x, m.c(0.0)), m.c(-m.infinity()), y);
  y = m.select(b.CreateFCmpOLT(x, m.c(0.0)), m.c(m.nan()), y);
  return m.select(m.is_nan(x), x, y);
}

Value* emit_sin(llvm::IRBuilderBase& b, Value* x) { return trig(b, x, false); }
Value* emit_cos(llvm::IRBuilderBase& b, Value* x) { return trig(b, x, true); }

Value* huge_trig_argument(llvm::IRBuilderBase& b, Value* x) {
  Math m(b, x);
  return b.CreateFCmpOGT(m.fabs(x), m.c(m.trig_limit()));
}

}  // namespace sinter::llvm_backend
