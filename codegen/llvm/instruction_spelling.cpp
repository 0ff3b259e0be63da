// Kernel-IR instructions as LLVM values (instruction_spelling.h). No fast-math flags: results
// follow IEEE, as the reference interpreter's do; float-to-int casts saturate and `/` always
// divides in floating point, so no kernel can trap.
#include "codegen/llvm/instruction_spelling.h"

#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>

#include <cstdint>
#include <limits>
#include <string>

#include "codegen/llvm/vector_math.h"
#include "sinter/error.h"

namespace sinter::llvm_backend {
namespace {

using llvm::Type;
using llvm::Value;

// sin or cos: sinter's polynomial, flagging arguments beyond its range, or libm's.
Value* trig(LoweringContext& cx, bool cosine, Type* ty, Value* x) {
  if (!cx.fast_trig) return intrinsic(cx, cosine ? llvm::Intrinsic::cos : llvm::Intrinsic::sin, ty, {x});
  cx.huge = cx.builder.CreateOr(cx.huge, huge_trig_argument(cx.builder, x));
  return cosine ? emit_cos(cx.builder, x) : emit_sin(cx.builder, x);
}

// tan of a float: sin / cos of the argument widened to double (sinter's double polynomials, or
// libm's on the precise pass), rounded once to float: within 0.5 ulp plus the double quotient's
// error, where every vector tanf available is 3 ulp off (docs/accuracy.md).
Value* float_tan(LoweringContext& cx, Value* x) {
  auto& b = cx.builder;
  Type* d = b.getDoubleTy();
  Value* wide = b.CreateFPExt(x, d);
  return b.CreateFPTrunc(b.CreateFDiv(trig(cx, false, d, wide), trig(cx, true, d, wide)), b.getFloatTy());
}

// A libm function with no side effects (errno is not read), so it can be vectorized.
Value* libm(LoweringContext& cx, const char* f32_name, const char* f64_name, Type* t, Value* x) {
  const char* name = t->isFloatTy() ? f32_name : f64_name;
  llvm::FunctionCallee callee = cx.module.getOrInsertFunction(name, llvm::FunctionType::get(t, {t}, false));
  auto* f = llvm::cast<llvm::Function>(callee.getCallee());
  f->setDoesNotAccessMemory();
  f->setDoesNotThrow();
  f->addFnAttr(llvm::Attribute::WillReturn);
  auto* call = cx.builder.CreateCall(callee, {x});
  call->setDoesNotAccessMemory();
  return call;
}

// A two-operand libm function (atan2, hypot), as `libm`.
Value* libm2(LoweringContext& cx, const char* f32_name, const char* f64_name, Type* t, Value* x, Value* y) {
  const char* name = t->isFloatTy() ? f32_name : f64_name;
  llvm::FunctionCallee callee = cx.module.getOrInsertFunction(name, llvm::FunctionType::get(t, {t, t}, false));
  auto* f = llvm::cast<llvm::Function>(callee.getCallee());
  f->setDoesNotAccessMemory();
  f->setDoesNotThrow();
  f->addFnAttr(llvm::Attribute::WillReturn);
  auto* call = cx.builder.CreateCall(callee, {x, y});
  call->setDoesNotAccessMemory();
  return call;
}

Value* fconst(Type* t, double v) { return llvm::ConstantFP::get(t, v); }
Value* iconst(Type* t, std::int64_t v) { return llvm::ConstantInt::get(t, static_cast<std::uint64_t>(v), true); }

// NumPy's floor_divide (`remainder` false) or remainder of floats (npy_divmod; lib/interpret.cpp,
// float_divmod, is the same steps in C++). frem is C's fmod.
Value* float_floor_division(LoweringContext& cx, Type* t, Value* a, Value* b, bool remainder) {
  auto& B = cx.builder;
  Value* zero = fconst(t, 0.0);
  Value* mod = B.CreateFRem(a, b);
  Value* div = B.CreateFDiv(B.CreateFSub(a, mod), b);
  Value* mod_nonzero = B.CreateFCmpUNE(mod, zero);  // NaN counts as nonzero, as C's `if (mod)`
  Value* adjust = B.CreateAnd(mod_nonzero, B.CreateXor(B.CreateFCmpOLT(b, zero), B.CreateFCmpOLT(mod, zero)));
  Value* mod1 = B.CreateSelect(adjust, B.CreateFAdd(mod, b), mod);
  Value* div1 = B.CreateSelect(adjust, B.CreateFSub(div, fconst(t, 1.0)), div);
  Value* signed_zero_b = intrinsic(cx, llvm::Intrinsic::copysign, t, {zero, b});
  Value* mod2 = B.CreateSelect(mod_nonzero, mod1, signed_zero_b);
  Value* floor = intrinsic(cx, llvm::Intrinsic::floor, t, {div1});
  Value* snapped = B.CreateSelect(B.CreateFCmpOGT(B.CreateFSub(div1, floor), fconst(t, 0.5)),
                                  B.CreateFAdd(floor, fconst(t, 1.0)), floor);
  Value* quotient = B.CreateFDiv(a, b);
  Value* q = B.CreateSelect(B.CreateFCmpUNE(div1, zero), snapped,
                            intrinsic(cx, llvm::Intrinsic::copysign, t, {zero, quotient}));
  Value* by_zero = B.CreateFCmpOEQ(b, zero);
  return remainder ? B.CreateSelect(by_zero, mod, mod2) : B.CreateSelect(by_zero, quotient, q);
}

enum class IntegerDivision { Floor, Remainder, Fmod };

// Integer floor_divide, remainder (sign of the divisor) or fmod (sign of the dividend) with
// NumPy's results and no undefined behaviour: the divisor 0 (result 0) and, for signed types, -1
// (x // -1 is -x wrapping, the remainders 0) never reach the division instruction.
Value* integer_division(LoweringContext& cx, Type* t, bool is_signed, Value* a, Value* b, IntegerDivision what) {
  auto& B = cx.builder;
  Value* zero = iconst(t, 0);
  Value* by_zero = B.CreateICmpEQ(b, zero);
  if (!is_signed) {
    Value* safe = B.CreateSelect(by_zero, iconst(t, 1), b);
    Value* r = what == IntegerDivision::Floor ? B.CreateUDiv(a, safe) : B.CreateURem(a, safe);
    return B.CreateSelect(by_zero, zero, r);  // x % 1 is already 0
  }
  Value* by_minus_one = B.CreateICmpEQ(b, iconst(t, -1));
  Value* safe = B.CreateSelect(B.CreateOr(by_zero, by_minus_one), iconst(t, 1), b);
  Value* q = B.CreateSDiv(a, safe);
  Value* r = B.CreateSRem(a, safe);  // 0 where safe is 1
  if (what == IntegerDivision::Fmod) return r;
  // Toward -inf: one less where the remainder is nonzero and its sign differs from the divisor's.
  Value* adjust = B.CreateAnd(B.CreateICmpNE(r, zero), B.CreateICmpSLT(B.CreateXor(r, b), zero));
  if (what == IntegerDivision::Remainder) return B.CreateSelect(adjust, B.CreateAdd(r, b), r);
  q = B.CreateSelect(adjust, B.CreateSub(q, iconst(t, 1)), q);
  q = B.CreateSelect(by_minus_one, B.CreateSub(zero, a), q);
  return B.CreateSelect(by_zero, zero, q);
}

// NumPy's logaddexp (`base2` false) or logaddexp2 in t's precision.
Value* log_add_exp(LoweringContext& cx, Type* t, Value* x, Value* y, bool base2) {
  auto& B = cx.builder;
  Value* d = B.CreateFSub(x, y);
  Value* hi = B.CreateSelect(B.CreateFCmpOGT(d, fconst(t, 0.0)), x, y);
  Value* e = B.CreateFNeg(intrinsic(cx, llvm::Intrinsic::fabs, t, {d}));  // NaN stays NaN
  Value* tail = base2 ? B.CreateFMul(libm(cx, "log1pf", "log1p", t, libm(cx, "exp2f", "exp2", t, e)),
                                     fconst(t, 1.4426950408889634))
                      : libm(cx, "log1pf", "log1p", t, emit_exp(B, e));
  Value* equal = B.CreateFAdd(x, fconst(t, base2 ? 1.0 : 0.6931471805599453));  // equal infinities stay
  return B.CreateSelect(B.CreateFCmpOEQ(x, y), equal, B.CreateFAdd(hi, tail));
}

// NumPy's index wrapping (ir/indexing.h): index + size where negative. An index outside
// [-size, size) gives 0 and sets the kernel's error word, in a block of its own that only bad
// indices reach.
Value* index_check(LoweringContext& cx, const ir::Instr& in, Value* index, DType index_type, Value* size) {
  auto& b = cx.builder;
  Value* x = index_type == DType::Int64                   ? index
             : kind_of(index_type) == DTypeKind::Unsigned ? b.CreateZExt(index, b.getInt64Ty())
                                                          : b.CreateSExt(index, b.getInt64Ty());
  Value* wrapped = b.CreateSelect(b.CreateICmpSLT(x, b.getInt64(0)), b.CreateAdd(x, size), x);
  Value* bad = b.CreateICmpUGE(wrapped, size);  // negative after wrapping, or size and beyond
  llvm::BasicBlock* here = b.GetInsertBlock();
  llvm::Function* fn = here->getParent();
  auto* report = llvm::BasicBlock::Create(cx.context, "bad_index", fn);
  auto* after = llvm::BasicBlock::Create(cx.context, "index_checked", fn);
  b.CreateCondBr(bad, report, after, llvm::MDBuilder(cx.context).createBranchWeights(1, 1 << 20));
  b.SetInsertPoint(report);
  // Threads running chunks of one launch may all report: a relaxed atomic store each.
  llvm::StoreInst* flag = b.CreateStore(b.getInt32(1), cx.buffers[static_cast<std::size_t>(in.slot)]);
  flag->setAlignment(llvm::Align(4));
  flag->setAtomic(llvm::AtomicOrdering::Monotonic);
  b.CreateBr(after);
  b.SetInsertPoint(after);
  return b.CreateSelect(bad, b.getInt64(0), wrapped);
}

Value* cast(LoweringContext& cx, Value* x, DType from, DType to) {
  auto& b = cx.builder;
  Type* t = value_type(cx.context, to);
  if (from == to) return x;
  if (to == DType::Bool)
    return is_float(from) ? b.CreateFCmpUNE(x, llvm::ConstantFP::get(x->getType(), 0.0))
                          : b.CreateICmpNE(x, llvm::ConstantInt::get(x->getType(), 0));
  // Bool and unsigned values widen with zeros, signed ones with their sign.
  const bool from_unsigned = kind_of(from) == DTypeKind::Bool || kind_of(from) == DTypeKind::Unsigned;
  if (is_float(from) && is_float(to)) return b.CreateFPCast(x, t);
  if (is_float(to)) return from_unsigned ? b.CreateUIToFP(x, t) : b.CreateSIToFP(x, t);
  if (is_float(from)) {
    const auto saturating =
        kind_of(to) == DTypeKind::Unsigned ? llvm::Intrinsic::fptoui_sat : llvm::Intrinsic::fptosi_sat;
    return b.CreateIntrinsic(saturating, {t, x->getType()}, {x});
  }
  return from_unsigned ? b.CreateZExtOrTrunc(x, t) : b.CreateSExtOrTrunc(x, t);
}

Value* compare(LoweringContext& cx, Op op, DType t, Value* a, Value* b) {
  using P = llvm::CmpInst::Predicate;
  if (is_float(t)) {
    P p = op == Op::Eq   ? P::FCMP_OEQ
          : op == Op::Ne ? P::FCMP_UNE
          : op == Op::Lt ? P::FCMP_OLT
          : op == Op::Le ? P::FCMP_OLE
          : op == Op::Gt ? P::FCMP_OGT
                         : P::FCMP_OGE;
    return cx.builder.CreateFCmp(p, a, b);
  }
  const bool u = kind_of(t) != DTypeKind::Signed;  // bool: false < true
  P p = op == Op::Eq   ? P::ICMP_EQ
        : op == Op::Ne ? P::ICMP_NE
        : op == Op::Lt ? (u ? P::ICMP_ULT : P::ICMP_SLT)
        : op == Op::Le ? (u ? P::ICMP_ULE : P::ICMP_SLE)
        : op == Op::Gt ? (u ? P::ICMP_UGT : P::ICMP_SGT)
                       : (u ? P::ICMP_UGE : P::ICMP_SGE);
  return cx.builder.CreateICmp(p, a, b);
}

// Word 0 of Philox-4x32-10 (sinter::random::philox4x32_10): the 32x32 -> 64-bit products widen
// to i64, which the vectorizer turns into the CPU's unsigned even-lane multiplies.
Value* philox(llvm::IRBuilder<>& b, Value* counter, Value* counter_high, Value* key) {
  Type* i32 = b.getInt32Ty();
  Type* i64 = b.getInt64Ty();
  auto lo = [&](Value* v) { return b.CreateTrunc(v, i32); };
  auto hi = [&](Value* v) { return b.CreateTrunc(b.CreateLShr(v, 32), i32); };
  std::array<Value*, 4> c = {lo(counter), hi(counter), lo(counter_high), hi(counter_high)};
  std::array<Value*, 2> k = {lo(key), hi(key)};
  auto wide_product = [&](std::uint64_t m, Value* x) { return b.CreateMul(b.getInt64(m), b.CreateZExt(x, i64)); };
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k[0] = b.CreateAdd(k[0], b.getInt32(0x9E3779B9));
      k[1] = b.CreateAdd(k[1], b.getInt32(0xBB67AE85));
    }
    Value* p0 = wide_product(0xD2511F53, c[0]);
    Value* p1 = wide_product(0xCD9E8D57, c[2]);
    c = {b.CreateXor(b.CreateXor(hi(p1), c[1]), k[0]), lo(p1), b.CreateXor(b.CreateXor(hi(p0), c[3]), k[1]), lo(p0)};
  }
  return c[0];
}

}  // namespace

Value* intrinsic(LoweringContext& cx, llvm::Intrinsic::ID id, Type* t, std::initializer_list<Value*> args) {
  return cx.builder.CreateIntrinsic(id, {t}, args);
}

Value* spell_instruction(LoweringContext& cx, const ir::Instr& in, const std::vector<Value*>& v, Value* i) {
  auto& b = cx.builder;
  auto arg = [&](int a) { return v[static_cast<std::size_t>(in.args[static_cast<std::size_t>(a)])]; };
  auto arg_dtype = [&](int a) {
    return cx.kernel.body[static_cast<std::size_t>(in.args[static_cast<std::size_t>(a)])].dtype;
  };
  const DType t = in.dtype;
  Type* ty = value_type(cx.context, t);
  const bool fp = is_float(t);
  const bool unsigned_ = kind_of(t) == DTypeKind::Unsigned;  // umin, zero-extension, no abs
  namespace I = llvm::Intrinsic;
  switch (in.op) {
    case Op::Buffer: {
      Value* base = cx.buffers[static_cast<std::size_t>(in.slot)];
      Value* at = in.layout < 0 ? i : cx.layouts_at[static_cast<std::size_t>(in.layout)];
      Type* memory = memory_type(cx.context, t);
      Value* x = b.CreateLoad(memory, b.CreateInBoundsGEP(memory, base, at));
      return t == DType::Bool ? b.CreateICmpNE(x, b.getInt8(0)) : x;
    }
    case Op::Gather: {  // the source at the base layout's element plus the position (ir/indexing.h)
      Value* base = cx.buffers[static_cast<std::size_t>(in.slot)];
      Value* at = b.CreateAdd(in.layout < 0 ? i : cx.layouts_at[static_cast<std::size_t>(in.layout)], arg(0));
      Type* memory = memory_type(cx.context, t);
      Value* x = b.CreateLoad(memory, b.CreateInBoundsGEP(memory, base, at));
      return t == DType::Bool ? b.CreateICmpNE(x, b.getInt8(0)) : x;
    }
    case Op::IndexCheck: return index_check(cx, in, arg(0), arg_dtype(0), arg(1));
    case Op::Scalar: return cx.scalars[static_cast<std::size_t>(in.slot)];
    case Op::Index: return i;
    case Op::Cast: return cast(cx, arg(0), arg_dtype(0), t);
    case Op::Broadcast: return arg(0);
    case Op::Neg: return fp ? b.CreateFNeg(arg(0)) : b.CreateSub(llvm::ConstantInt::get(ty, 0), arg(0));
    case Op::Abs:
      if (fp) return intrinsic(cx, I::fabs, ty, {arg(0)});
      return unsigned_ ? arg(0) : intrinsic(cx, I::abs, ty, {arg(0), b.getFalse()});
    case Op::Not: return b.CreateNot(arg(0));
    case Op::Sqrt: return intrinsic(cx, I::sqrt, ty, {arg(0)});
    case Op::Exp: return emit_exp(b, arg(0));
    case Op::Log: return emit_log(b, arg(0));
    case Op::Sin: return trig(cx, false, ty, arg(0));
    case Op::Cos: return trig(cx, true, ty, arg(0));
    case Op::Tanh: return libm(cx, "tanhf", "tanh", ty, arg(0));
    case Op::Erf: return libm(cx, "erff", "erf", ty, arg(0));
    case Op::Floor: return intrinsic(cx, I::floor, ty, {arg(0)});
    case Op::Ceil: return intrinsic(cx, I::ceil, ty, {arg(0)});
    case Op::Invert: return b.CreateNot(arg(0));
    case Op::Reciprocal: {
      if (fp) return b.CreateFDiv(fconst(ty, 1.0), arg(0));
      // 1/x toward zero: 1 for 1, -1 for -1 (signed), else 0 (1/0 too).
      Value* r = b.CreateSelect(b.CreateICmpEQ(arg(0), iconst(ty, 1)), iconst(ty, 1), iconst(ty, 0));
      if (unsigned_) return r;
      return b.CreateSelect(b.CreateICmpEQ(arg(0), iconst(ty, -1)), iconst(ty, -1), r);
    }
    case Op::Square: return fp ? b.CreateFMul(arg(0), arg(0)) : b.CreateMul(arg(0), arg(0));
    case Op::Sign: {
      Value* x = arg(0);
      if (!fp) {
        Value* positive = b.CreateZExt(
            b.CreateICmp(unsigned_ ? llvm::CmpInst::ICMP_NE : llvm::CmpInst::ICMP_SGT, x, iconst(ty, 0)), ty);
        if (unsigned_) return positive;
        return b.CreateSub(positive, b.CreateZExt(b.CreateICmpSLT(x, iconst(ty, 0)), ty));
      }
      Value* s = b.CreateSelect(b.CreateFCmpOGT(x, fconst(ty, 0.0)), fconst(ty, 1.0),
                                b.CreateSelect(b.CreateFCmpOLT(x, fconst(ty, 0.0)), fconst(ty, -1.0), fconst(ty, 0.0)));
      return b.CreateSelect(b.CreateFCmpUNO(x, x), x, s);
    }
    case Op::Cbrt: return libm(cx, "cbrtf", "cbrt", ty, arg(0));
    case Op::Exp2: return libm(cx, "exp2f", "exp2", ty, arg(0));
    case Op::Expm1: return libm(cx, "expm1f", "expm1", ty, arg(0));
    case Op::Log2: return libm(cx, "log2f", "log2", ty, arg(0));
    case Op::Log10: return libm(cx, "log10f", "log10", ty, arg(0));
    case Op::Log1p: return libm(cx, "log1pf", "log1p", ty, arg(0));
    case Op::Tan: return ty->isFloatTy() ? float_tan(cx, arg(0)) : libm(cx, "tanf", "tan", ty, arg(0));
    case Op::Arcsin: return libm(cx, "asinf", "asin", ty, arg(0));
    case Op::Arccos: return libm(cx, "acosf", "acos", ty, arg(0));
    case Op::Arctan: return libm(cx, "atanf", "atan", ty, arg(0));
    case Op::Sinh: return libm(cx, "sinhf", "sinh", ty, arg(0));
    case Op::Cosh: return libm(cx, "coshf", "cosh", ty, arg(0));
    case Op::Arcsinh: return libm(cx, "asinhf", "asinh", ty, arg(0));
    case Op::Arccosh: return libm(cx, "acoshf", "acosh", ty, arg(0));
    case Op::Arctanh: return libm(cx, "atanhf", "atanh", ty, arg(0));
    case Op::Erfc: return libm(cx, "erfcf", "erfc", ty, arg(0));
    case Op::Trunc: return intrinsic(cx, I::trunc, ty, {arg(0)});
    case Op::Rint: return intrinsic(cx, I::roundeven, ty, {arg(0)});
    case Op::Deg2rad:
    case Op::Rad2deg: {
      // NumPy's constants: pi/180 rounded to the type; for float32 180/pi is 180.0f / (float)pi.
      constexpr double pi = 3.141592653589793;
      const bool f32 = t == DType::Float32;
      const double c = in.op == Op::Deg2rad ? (f32 ? static_cast<double>(static_cast<float>(pi / 180.0)) : pi / 180.0)
                                            : (f32 ? static_cast<double>(180.0f / static_cast<float>(pi)) : 180.0 / pi);
      return b.CreateFMul(arg(0), fconst(ty, c));
    }
    case Op::Sigmoid: {
      // 1 / (1 + exp(-x)) for x >= 0, exp(x) / (1 + exp(x)) below: exp(-|x|) never overflows.
      Value* x = arg(0);
      Value* e = emit_exp(b, b.CreateFNeg(intrinsic(cx, I::fabs, ty, {x})));
      Value* denominator = b.CreateFAdd(fconst(ty, 1.0), e);
      return b.CreateSelect(b.CreateFCmpOGE(x, fconst(ty, 0.0)), b.CreateFDiv(fconst(ty, 1.0), denominator),
                            b.CreateFDiv(e, denominator));
    }
    case Op::Signbit:
    case Op::Isnan:
    case Op::Isinf:
    case Op::Isfinite: {
      const DType from = arg_dtype(0);
      Value* x = arg(0);
      if (!is_float(from)) {
        if (in.op == Op::Signbit && kind_of(from) == DTypeKind::Signed)
          return b.CreateICmpSLT(x, llvm::ConstantInt::get(x->getType(), 0));
        return b.getInt1(in.op == Op::Isfinite);  // integers are finite numbers
      }
      Type* xt = x->getType();
      if (in.op == Op::Signbit) {
        Type* bits = b.getIntNTy(static_cast<unsigned>(xt->getPrimitiveSizeInBits().getFixedValue()));
        return b.CreateICmpSLT(b.CreateBitCast(x, bits), llvm::ConstantInt::get(bits, 0));
      }
      if (in.op == Op::Isnan) return b.CreateFCmpUNO(x, x);
      Value* magnitude = intrinsic(cx, I::fabs, xt, {x});
      Value* inf = fconst(xt, std::numeric_limits<double>::infinity());
      return in.op == Op::Isinf ? b.CreateFCmpOEQ(magnitude, inf) : b.CreateFCmpOLT(magnitude, inf);
    }
    case Op::Add: return fp ? b.CreateFAdd(arg(0), arg(1)) : b.CreateAdd(arg(0), arg(1));
    case Op::Sub: return fp ? b.CreateFSub(arg(0), arg(1)) : b.CreateSub(arg(0), arg(1));
    case Op::Mul: return fp ? b.CreateFMul(arg(0), arg(1)) : b.CreateMul(arg(0), arg(1));
    case Op::Div: return b.CreateFDiv(arg(0), arg(1));
    case Op::Pow: return intrinsic(cx, I::pow, ty, {arg(0), arg(1)});
    case Op::Minimum: return intrinsic(cx, fp ? I::minimum : unsigned_ ? I::umin : I::smin, ty, {arg(0), arg(1)});
    case Op::Maximum: return intrinsic(cx, fp ? I::maximum : unsigned_ ? I::umax : I::smax, ty, {arg(0), arg(1)});
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: return compare(cx, in.op, arg_dtype(0), arg(0), arg(1));
    case Op::And: return b.CreateAnd(arg(0), arg(1));
    case Op::Or: return b.CreateOr(arg(0), arg(1));
    case Op::Where: return b.CreateSelect(arg(0), arg(1), arg(2));
    case Op::Philox: return philox(b, arg(0), arg(1), arg(2));
    case Op::BitAnd: return b.CreateAnd(arg(0), arg(1));
    case Op::BitOr: return b.CreateOr(arg(0), arg(1));
    case Op::BitXor: return b.CreateXor(arg(0), arg(1));
    case Op::LeftShift:
    case Op::RightShift: {
      // shl/lshr/ashr by the width or more are poison: shift counts outside [0, width) are
      // replaced first, giving NumPy's results (0, or -1 for a negative x shifted right).
      const auto width = static_cast<std::int64_t>(size_of(t)) * 8;
      Value* in_range = b.CreateICmpULT(arg(1), iconst(ty, width));
      if (in.op == Op::RightShift && !unsigned_)
        return b.CreateAShr(arg(0), b.CreateSelect(in_range, arg(1), iconst(ty, width - 1)));
      Value* by = b.CreateSelect(in_range, arg(1), iconst(ty, 0));
      Value* shifted = in.op == Op::LeftShift ? b.CreateShl(arg(0), by) : b.CreateLShr(arg(0), by);
      return b.CreateSelect(in_range, shifted, iconst(ty, 0));
    }
    case Op::Remainder:
    case Op::FloorDivide:
      if (fp) return float_floor_division(cx, ty, arg(0), arg(1), in.op == Op::Remainder);
      return integer_division(cx, ty, !unsigned_, arg(0), arg(1),
                              in.op == Op::Remainder ? IntegerDivision::Remainder : IntegerDivision::Floor);
    case Op::Fmod:
      if (fp) return b.CreateFRem(arg(0), arg(1));
      return integer_division(cx, ty, !unsigned_, arg(0), arg(1), IntegerDivision::Fmod);
    case Op::Fmax:
    case Op::Fmin: {
      const bool max = in.op == Op::Fmax;
      if (!fp)
        return intrinsic(cx, max ? (unsigned_ ? I::umax : I::smax) : (unsigned_ ? I::umin : I::smin), ty,
                         {arg(0), arg(1)});
      // maximum/minimum (which order -0 below +0), or the other operand where one is NaN.
      Value* m = intrinsic(cx, max ? I::maximum : I::minimum, ty, {arg(0), arg(1)});
      m = b.CreateSelect(b.CreateFCmpUNO(arg(1), arg(1)), arg(0), m);
      return b.CreateSelect(b.CreateFCmpUNO(arg(0), arg(0)), arg(1), m);
    }
    case Op::Copysign: return intrinsic(cx, I::copysign, ty, {arg(0), arg(1)});
    case Op::Arctan2: return libm2(cx, "atan2f", "atan2", ty, arg(0), arg(1));
    case Op::Hypot: return libm2(cx, "hypotf", "hypot", ty, arg(0), arg(1));
    case Op::Logaddexp: return log_add_exp(cx, ty, arg(0), arg(1), false);
    case Op::Logaddexp2: return log_add_exp(cx, ty, arg(0), arg(1), true);
    case Op::FloatPower: return intrinsic(cx, I::pow, ty, {arg(0), arg(1)});
#include "sinter/detail/reduction_cases.inc"
      break;  // folded by reduction_folds.h, never lowered one element at a time
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
    case Op::IfResult: break;  // control flow: blocks and phis (control_flow.h)
    case Op::Fold:
    case Op::FoldBegin:
    case Op::FoldState:
    case Op::FoldOperand:
    case Op::FoldNext:
    case Op::FoldEnd: break;  // user-defined reductions: fold_kernel.h
  }
  throw InternalError("lower_to_llvm: " + std::string(info(in.op).name) + " lowered as an elementwise op");
}

void store_outputs(LoweringContext& cx, const std::vector<Value*>& values, Value* i) {
  auto& b = cx.builder;
  const ir::KernelIR& k = cx.kernel;
  for (std::size_t o = 0; o < k.outputs.size(); ++o) {
    const DType t = k.output_dtype(o);
    Value* v = values[static_cast<std::size_t>(k.outputs[o])];
    if (t == DType::Bool) v = b.CreateZExt(v, b.getInt8Ty());
    Value* base = cx.buffers[k.inputs.size() + o];
    const std::int32_t layout = k.output_layout(o);  // a write into a strided view
    Value* at = layout < 0 ? i : cx.layouts_at[static_cast<std::size_t>(layout)];
    b.CreateStore(v, b.CreateInBoundsGEP(memory_type(cx.context, t), base, at));
  }
}

}  // namespace sinter::llvm_backend
