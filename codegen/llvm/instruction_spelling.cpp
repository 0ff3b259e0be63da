// Kernel-IR instructions as LLVM values (instruction_spelling.h). No fast-math flags: results
// follow IEEE, as the reference interpreter's do; float-to-int casts saturate and `/` always
// divides in floating point, so no kernel can trap.
#include "codegen/llvm/instruction_spelling.h"

#include <llvm/IR/Module.h>

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
