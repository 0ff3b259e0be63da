// Identities and folds of the reductions (reduction_folds.h). Both switch over the catalogue
// without a default: a new reduction in ops.def is a -Wswitch error here.
#include "codegen/llvm/reduction_folds.h"

#include <string>

#include "codegen/llvm/instruction_spelling.h"
#include "ir/reduce.h"
#include "sinter/error.h"

namespace sinter::llvm_backend {

using llvm::Type;
using llvm::Value;

Value* identity(LoweringContext& cx, Op op, DType operand) {
  const DType t = ir::accumulator_dtype(op, operand);
  Type* ty = value_type(cx.context, t);
  const bool lowest = op == Op::Max || op == Op::ArgMax;
  switch (op) {
    case Op::Sum:
    case Op::Any: return llvm::Constant::getNullValue(ty);
    case Op::Prod: return is_float(t) ? llvm::ConstantFP::get(ty, 1.0) : llvm::ConstantInt::get(ty, 1);
    case Op::All: return cx.builder.getTrue();
    case Op::Min:
    case Op::Max:
    case Op::ArgMin:
    case Op::ArgMax: break;
#include "sinter/detail/elementwise_cases.inc"
      throw InternalError("lower_to_llvm: " + std::string(info(op).name) + " is not a reduction");
  }
  if (is_float(t)) return llvm::ConstantFP::getInfinity(ty, lowest);
  if (t == DType::Bool) return lowest ? cx.builder.getFalse() : cx.builder.getTrue();
  const unsigned bits = ty->getIntegerBitWidth();
  if (kind_of(t) == DTypeKind::Unsigned)
    return llvm::ConstantInt::get(cx.context, lowest ? llvm::APInt::getMinValue(bits) : llvm::APInt::getMaxValue(bits));
  return llvm::ConstantInt::get(cx.context,
                                lowest ? llvm::APInt::getSignedMinValue(bits) : llvm::APInt::getSignedMaxValue(bits));
}

Value* arg_takes(LoweringContext& cx, Op op, DType t, Value* value, Value* position, Value* x) {
  auto& b = cx.builder;
  using P = llvm::CmpInst::Predicate;
  const bool min = op == Op::ArgMin;
  Value* better;
  if (is_float(t)) {
    Value* value_nan = b.CreateFCmpUNO(value, value);
    Value* x_nan = b.CreateFCmpUNO(x, x);
    Value* ordered = b.CreateFCmp(min ? P::FCMP_OLT : P::FCMP_OGT, x, value);
    better = b.CreateOr(b.CreateAnd(x_nan, b.CreateNot(value_nan)), b.CreateAnd(b.CreateNot(value_nan), ordered));
  } else {
    const bool u = kind_of(t) != DTypeKind::Signed;  // bool and unsigned compare unsigned
    better = b.CreateICmp(min ? (u ? P::ICMP_ULT : P::ICMP_SLT) : (u ? P::ICMP_UGT : P::ICMP_SGT), x, value);
  }
  return b.CreateOr(b.CreateICmpSLT(position, b.getInt64(0)), better);
}

void fold(LoweringContext& cx, Op op, DType operand, Value*& value, Value*& position, Value* x, Value* x_position) {
  auto& b = cx.builder;
  const DType t = ir::accumulator_dtype(op, operand);
  Type* ty = value_type(cx.context, t);
  const bool fp = is_float(t);
  const bool u = kind_of(t) == DTypeKind::Unsigned;
  auto reassociable = [](Value* v) {
    llvm::FastMathFlags flags;
    flags.setAllowReassoc();
    llvm::cast<llvm::Instruction>(v)->setFastMathFlags(flags);
    return v;
  };
  namespace I = llvm::Intrinsic;
  switch (op) {
    // A bool sum is "any" and a bool product "all", as the interpreter folds them (i1 addition
    // would wrap: true + true false).
    case Op::Sum:
      value = fp                 ? reassociable(b.CreateFAdd(value, x))
              : t == DType::Bool ? b.CreateOr(value, x)
                                 : b.CreateAdd(value, x);
      return;
    case Op::Prod:
      value = fp                 ? reassociable(b.CreateFMul(value, x))
              : t == DType::Bool ? b.CreateAnd(value, x)
                                 : b.CreateMul(value, x);
      return;
    case Op::Min:
      value = t == DType::Bool ? b.CreateAnd(value, x)
                               : intrinsic(cx,
                                           fp  ? I::minimum
                                           : u ? I::umin
                                               : I::smin,
                                           ty, {value, x});
      return;
    case Op::Max:
      value = t == DType::Bool ? b.CreateOr(value, x)
                               : intrinsic(cx,
                                           fp  ? I::maximum
                                           : u ? I::umax
                                               : I::smax,
                                           ty, {value, x});
      return;
    case Op::Any: value = b.CreateOr(value, x); return;
    case Op::All: value = b.CreateAnd(value, x); return;
    case Op::ArgMin:
    case Op::ArgMax: {
      Value* take = arg_takes(cx, op, t, value, position, x);
      value = b.CreateSelect(take, x, value);
      position = b.CreateSelect(take, x_position, position);
      return;
    }
#include "sinter/detail/elementwise_cases.inc"
      throw InternalError("lower_to_llvm: " + std::string(info(op).name) + " is not a reduction");
  }
}

}  // namespace sinter::llvm_backend
