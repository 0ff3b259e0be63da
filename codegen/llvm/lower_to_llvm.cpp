// Kernel IR to LLVM IR: one LLVM value per kernel instruction, in a counted loop. No fast-math
// flags: results follow IEEE, as the reference interpreter's do. exp, log, sin and cos are
// sinter's own inline polynomials (vector_math.h), so they vectorize at the full width.
#include "codegen/llvm/lower_to_llvm.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Triple.h>

#include "codegen/llvm/vector_math.h"
#include "sinter/error.h"

namespace sinter::llvm_backend {
namespace {

using llvm::IRBuilder;
using llvm::Type;
using llvm::Value;

Type* value_type(llvm::LLVMContext& c, DType t) {
  switch (t) {
    case DType::Bool: return Type::getInt1Ty(c);
    case DType::Int32: return Type::getInt32Ty(c);
    case DType::Int64: return Type::getInt64Ty(c);
    case DType::Float32: return Type::getFloatTy(c);
    case DType::Float64: return Type::getDoubleTy(c);
  }
  return nullptr;
}

// In memory a bool is a byte.
Type* memory_type(llvm::LLVMContext& c, DType t) { return t == DType::Bool ? Type::getInt8Ty(c) : value_type(c, t); }

class Lowering {
 public:
  Lowering(const ir::KernelIR& k, llvm::Module& m) : k_(k), m_(m), c_(m.getContext()), b_(c_) {}

  void run(const std::string& symbol) {
    bool trig = false;
    for (const ir::Instr& in : k_.body) trig = trig || in.op == Op::Sin || in.op == Op::Cos;
    // With sin or cos: a fast body with sinter's polynomials that also reports whether any
    // argument was beyond their reduction's range, and a body with libm's sin and cos that the
    // entry runs over the same elements when one was (vector_math.h).
    llvm::Function* body = define_body("body", trig, false);
    llvm::Function* precise = trig ? define_body("body_libm", false, true) : nullptr;
    define_entry(symbol, body, precise);
  }

 private:
  // internal void body(i64 begin, i64 end, ptr noalias buf0.., scalars..); with fast_trig it
  // returns i1, true when some sin/cos argument needs libm. A rare body (the libm redo) is
  // kept scalar, out of line and small: it costs little compile time.
  llvm::Function* define_body(const char* name, bool fast_trig, bool rare) {
    fast_trig_ = fast_trig;
    std::vector<Type*> params{b_.getInt64Ty(), b_.getInt64Ty()};
    const std::size_t num_buffers = k_.inputs.size() + k_.outputs.size();
    for (std::size_t i = 0; i < num_buffers; ++i) params.push_back(b_.getPtrTy());
    for (DType t : k_.scalars) params.push_back(value_type(c_, t));
    Type* result = fast_trig ? b_.getInt1Ty() : b_.getVoidTy();
    auto* fn_type = llvm::FunctionType::get(result, params, false);
    auto* fn = llvm::Function::Create(fn_type, llvm::Function::InternalLinkage, name, m_);
    if (rare) {
      fn->addFnAttr(llvm::Attribute::NoInline);
      fn->addFnAttr(llvm::Attribute::Cold);
      fn->addFnAttr(llvm::Attribute::OptimizeForSize);
    } else {
      fn->addFnAttr(llvm::Attribute::AlwaysInline);
    }
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    for (std::size_t i = 0; i < num_buffers; ++i) {
      fn->addParamAttr(static_cast<unsigned>(2 + i), llvm::Attribute::NoAlias);
      fn->addParamAttr(static_cast<unsigned>(2 + i), llvm::Attribute::NoCapture);
    }

    auto* entry = llvm::BasicBlock::Create(c_, "entry", fn);
    if (k_.rank > 0) {
      emit_rows(fn, entry, fast_trig, rare);
      return fn;
    }
    auto* loop = llvm::BasicBlock::Create(c_, "loop", fn);
    auto* exit = llvm::BasicBlock::Create(c_, "exit", fn);
    b_.SetInsertPoint(entry);
    Value* begin = fn->getArg(0);
    Value* end = fn->getArg(1);
    b_.CreateCondBr(b_.CreateICmpSLT(begin, end), loop, exit);

    b_.SetInsertPoint(loop);
    llvm::PHINode* i = b_.CreatePHI(b_.getInt64Ty(), 2, "i");
    i->addIncoming(begin, entry);
    llvm::PHINode* huge = nullptr;
    if (fast_trig) {
      huge = b_.CreatePHI(b_.getInt1Ty(), 2, "huge");
      huge->addIncoming(b_.getFalse(), entry);
      huge_ = huge;
    }
    emit_element(fn, i);
    Value* next = b_.CreateAdd(i, b_.getInt64(1), "i.next", /*HasNUW=*/true, /*HasNSW=*/true);
    i->addIncoming(next, b_.GetInsertBlock());
    if (huge) huge->addIncoming(huge_, b_.GetInsertBlock());
    auto* latch = b_.CreateCondBr(b_.CreateICmpSLT(next, end), loop, exit);
    latch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(rare));
    b_.SetInsertPoint(exit);
    if (huge) {
      llvm::PHINode* any = b_.CreatePHI(b_.getInt1Ty(), 2, "any_huge");
      any->addIncoming(b_.getFalse(), entry);
      any->addIncoming(huge_, latch->getParent());
      b_.CreateRet(any);
    } else {
      b_.CreateRetVoid();
    }
    return fn;
  }

  // The fused expression at flat index i (layouts_at_ holds each layout's element index):
  // one LLVM value per instruction, then the stores of the outputs.
  void emit_element(llvm::Function* fn, Value* i) {
    std::vector<Value*> values(k_.body.size());
    for (std::size_t j = 0; j < k_.body.size(); ++j) values[j] = lower(k_.body[j], values, fn, i);
    for (std::size_t o = 0; o < k_.outputs.size(); ++o) {
      const DType t = k_.output_dtype(o);
      Value* v = values[static_cast<std::size_t>(k_.outputs[o])];
      if (t == DType::Bool) v = b_.CreateZExt(v, b_.getInt8Ty());
      Value* base = fn->getArg(static_cast<unsigned>(2 + k_.inputs.size() + o));
      b_.CreateStore(v, b_.CreateInBoundsGEP(memory_type(c_, t), base, i));
    }
  }

  // The loop nest of a kernel with layouts: [begin, end) walked row by row, a row being the
  // innermost dimension. The coordinates of `begin` are found once by division; after that each
  // row's layout bases are carried from the previous row by adding strides (no division per
  // element). The inner loop is a counted loop over k, with the element index of a layout at
  // base + k * inner stride (k for a unit stride, the base for a zero stride: a load the
  // optimizer hoists out of the row), so it vectorizes like the flat loop. State between rows
  // lives in stack slots that SROA turns into registers.
  void emit_rows(llvm::Function* fn, llvm::BasicBlock* entry, bool fast_trig, bool rare) {
    const int rank = k_.rank;
    const std::size_t num_layouts = k_.layouts.size();
    Type* i64 = b_.getInt64Ty();
    const unsigned first_scalar = static_cast<unsigned>(2 + k_.inputs.size() + k_.outputs.size());
    auto param = [&](std::int32_t slot) { return fn->getArg(first_scalar + static_cast<unsigned>(slot)); };
    auto size = [&](int d) { return param(k_.shape_slot + d); };
    auto stride = [&](std::size_t l, int d) { return param(k_.layouts[l].stride_slot + d); };
    Value* begin = fn->getArg(0);
    Value* end = fn->getArg(1);

    auto* start = llvm::BasicBlock::Create(c_, "start", fn);
    auto* row = llvm::BasicBlock::Create(c_, "row", fn);
    auto* inner = llvm::BasicBlock::Create(c_, "inner", fn);
    auto* row_done = llvm::BasicBlock::Create(c_, "row_done", fn);
    auto* exit = llvm::BasicBlock::Create(c_, "exit", fn);

    b_.SetInsertPoint(entry);
    std::vector<llvm::AllocaInst*> coordinate(static_cast<std::size_t>(rank));  // outer dimensions
    for (auto& slot : coordinate) slot = b_.CreateAlloca(i64, nullptr, "coordinate");
    std::vector<llvm::AllocaInst*> base(num_layouts);  // element index of column 0 of the row
    for (auto& slot : base) slot = b_.CreateAlloca(i64, nullptr, "base");
    llvm::AllocaInst* row_first = b_.CreateAlloca(i64, nullptr, "row_first");  // flat index of column 0
    llvm::AllocaInst* column = b_.CreateAlloca(i64, nullptr, "column");        // first column to compute
    llvm::AllocaInst* huge_slot = fast_trig ? b_.CreateAlloca(b_.getInt1Ty(), nullptr, "huge") : nullptr;
    if (huge_slot) b_.CreateStore(b_.getFalse(), huge_slot);
    b_.CreateCondBr(b_.CreateICmpSLT(begin, end), start, exit);

    // Coordinates of begin, innermost first.
    b_.SetInsertPoint(start);
    Value* rest = begin;
    Value* first_column = b_.CreateURem(rest, size(rank - 1));
    rest = b_.CreateUDiv(rest, size(rank - 1));
    std::vector<Value*> bases(num_layouts, b_.getInt64(0));
    for (int d = rank - 2; d >= 0; --d) {
      Value* c = d == 0 ? rest : b_.CreateURem(rest, size(d));
      if (d > 0) rest = b_.CreateUDiv(rest, size(d));
      b_.CreateStore(c, coordinate[static_cast<std::size_t>(d)]);
      for (std::size_t l = 0; l < num_layouts; ++l) bases[l] = b_.CreateAdd(bases[l], b_.CreateMul(c, stride(l, d)));
    }
    for (std::size_t l = 0; l < num_layouts; ++l) b_.CreateStore(bases[l], base[l]);
    b_.CreateStore(b_.CreateSub(begin, first_column), row_first);
    b_.CreateStore(first_column, column);
    b_.CreateBr(row);

    // One row: columns [column, min(size, end - row_first)).
    b_.SetInsertPoint(row);
    Value* first = b_.CreateLoad(i64, row_first, "first");
    Value* k0 = b_.CreateLoad(i64, column, "k0");
    Value* stop =
        b_.CreateBinaryIntrinsic(llvm::Intrinsic::smin, size(rank - 1), b_.CreateSub(end, first), nullptr, "stop");
    std::vector<Value*> row_base(num_layouts);
    for (std::size_t l = 0; l < num_layouts; ++l) row_base[l] = b_.CreateLoad(i64, base[l], "row_base");
    Value* huge_in = huge_slot ? b_.CreateLoad(b_.getInt1Ty(), huge_slot) : nullptr;
    b_.CreateBr(inner);

    b_.SetInsertPoint(inner);
    llvm::PHINode* k = b_.CreatePHI(i64, 2, "k");
    k->addIncoming(k0, row);
    llvm::PHINode* huge = nullptr;
    if (fast_trig) {
      huge = b_.CreatePHI(b_.getInt1Ty(), 2, "huge");
      huge->addIncoming(huge_in, row);
      huge_ = huge;
    }
    layouts_at_.assign(num_layouts, nullptr);
    for (std::size_t l = 0; l < num_layouts; ++l) {
      switch (k_.layouts[l].inner) {
        case ir::InnerStride::Unit: layouts_at_[l] = b_.CreateAdd(row_base[l], k); break;
        case ir::InnerStride::Zero: layouts_at_[l] = row_base[l]; break;
        case ir::InnerStride::Runtime:
          layouts_at_[l] = b_.CreateAdd(row_base[l], b_.CreateMul(k, stride(l, rank - 1)));
          break;
      }
    }
    emit_element(fn, b_.CreateAdd(first, k, "i"));
    Value* next = b_.CreateAdd(k, b_.getInt64(1), "k.next", /*HasNUW=*/true, /*HasNSW=*/true);
    llvm::BasicBlock* latch_block = b_.GetInsertBlock();
    k->addIncoming(next, latch_block);
    if (huge) huge->addIncoming(huge_, latch_block);
    auto* latch = b_.CreateCondBr(b_.CreateICmpSLT(next, stop), inner, row_done);
    latch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(rare));

    // Next row: flat index on by a row; the outer coordinates count up with carries.
    b_.SetInsertPoint(row_done);
    if (huge_slot) b_.CreateStore(huge_, huge_slot);
    Value* next_first = b_.CreateAdd(first, size(rank - 1));
    b_.CreateStore(next_first, row_first);
    b_.CreateStore(b_.getInt64(0), column);
    auto* carry = llvm::BasicBlock::Create(c_, "carry", fn);
    b_.CreateCondBr(b_.CreateICmpSLT(next_first, end), rank > 1 ? carry : exit, exit);
    if (rank == 1) {
      carry->eraseFromParent();
    } else {
      b_.SetInsertPoint(carry);
      for (int d = rank - 2; d >= 0; --d) {
        auto slot = coordinate[static_cast<std::size_t>(d)];
        Value* c = b_.CreateAdd(b_.CreateLoad(i64, slot), b_.getInt64(1));
        auto* step = llvm::BasicBlock::Create(c_, "step", fn);
        auto* wrap = d > 0 ? llvm::BasicBlock::Create(c_, "wrap", fn) : nullptr;
        if (wrap) b_.CreateCondBr(b_.CreateICmpSLT(c, size(d)), step, wrap);
        else b_.CreateBr(step);  // the outermost never wraps before end
        b_.SetInsertPoint(step);
        b_.CreateStore(c, slot);
        for (std::size_t l = 0; l < num_layouts; ++l)
          b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64, base[l]), stride(l, d)), base[l]);
        b_.CreateBr(row);
        if (!wrap) break;
        b_.SetInsertPoint(wrap);
        b_.CreateStore(b_.getInt64(0), slot);
        for (std::size_t l = 0; l < num_layouts; ++l) {
          Value* back = b_.CreateMul(b_.CreateSub(size(d), b_.getInt64(1)), stride(l, d));
          b_.CreateStore(b_.CreateSub(b_.CreateLoad(i64, base[l]), back), base[l]);
        }
      }
    }

    b_.SetInsertPoint(exit);
    if (huge_slot) b_.CreateRet(b_.CreateLoad(b_.getInt1Ty(), huge_slot));
    else b_.CreateRetVoid();
  }

  // Loop metadata. The rare body stays a scalar loop. The others are vectorized without
  // interleaving: the iterations are independent, so out-of-order execution overlaps them
  // anyway, and one copy of a long body halves machine-code generation time.
  llvm::MDNode* loop_hints(bool rare) {
    auto hint = [&](const char* key, Value* v) {
      return llvm::MDNode::get(
          c_, {llvm::MDString::get(c_, key), llvm::ConstantAsMetadata::get(llvm::cast<llvm::Constant>(v))});
    };
    std::vector<llvm::Metadata*> ops{nullptr};
    if (rare) {
      ops.push_back(hint("llvm.loop.vectorize.enable", b_.getFalse()));
      ops.push_back(llvm::MDNode::get(c_, {llvm::MDString::get(c_, "llvm.loop.unroll.disable")}));
    } else {
      ops.push_back(hint("llvm.loop.interleave.count", b_.getInt32(1)));
    }
    llvm::MDNode* md = llvm::MDNode::getDistinct(c_, ops);
    md->replaceOperandWith(0, md);
    return md;
  }

  // void <symbol>(i64 begin, i64 end, ptr buffers, ptr scalars): unpacks and calls body (and
  // `precise` over the same elements when body asks for it).
  void define_entry(const std::string& symbol, llvm::Function* body, llvm::Function* precise) {
    Type* i64 = b_.getInt64Ty();
    auto* fn_type = llvm::FunctionType::get(b_.getVoidTy(), {i64, i64, b_.getPtrTy(), b_.getPtrTy()}, false);
    auto* fn = llvm::Function::Create(fn_type, llvm::Function::ExternalLinkage, symbol, m_);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    b_.SetInsertPoint(llvm::BasicBlock::Create(c_, "entry", fn));
    std::vector<Value*> args{fn->getArg(0), fn->getArg(1)};
    const std::size_t num_buffers = k_.inputs.size() + k_.outputs.size();
    for (std::size_t j = 0; j < num_buffers; ++j)
      args.push_back(b_.CreateLoad(b_.getPtrTy(), b_.CreateConstInBoundsGEP1_64(b_.getPtrTy(), fn->getArg(2), j)));
    for (std::size_t j = 0; j < k_.scalars.size(); ++j) {
      Value* slot = b_.CreateConstInBoundsGEP1_64(i64, fn->getArg(3), j);
      Value* v = b_.CreateLoad(memory_type(c_, k_.scalars[j]), slot);
      if (k_.scalars[j] == DType::Bool) v = b_.CreateICmpNE(v, b_.getInt8(0));
      args.push_back(v);
    }
    Value* any_huge = b_.CreateCall(body, args);
    if (precise) {
      auto* redo = llvm::BasicBlock::Create(c_, "redo", fn);
      auto* done = llvm::BasicBlock::Create(c_, "done", fn);
      b_.CreateCondBr(any_huge, redo, done);
      b_.SetInsertPoint(redo);
      b_.CreateCall(precise, args);
      b_.CreateBr(done);
      b_.SetInsertPoint(done);
    }
    b_.CreateRetVoid();
  }

  // sin or cos: sinter's polynomial, flagging arguments beyond its range, or libm's.
  Value* trig(bool cosine, Type* ty, Value* x) {
    if (!fast_trig_) return intrinsic(cosine ? llvm::Intrinsic::cos : llvm::Intrinsic::sin, ty, {x});
    huge_ = b_.CreateOr(huge_, huge_trig_argument(b_, x));
    return cosine ? emit_cos(b_, x) : emit_sin(b_, x);
  }

  Value* intrinsic(llvm::Intrinsic::ID id, Type* t, std::initializer_list<Value*> args) {
    return b_.CreateIntrinsic(id, {t}, args);
  }

  // A libm function with no side effects (errno is not read), so it can be vectorized.
  Value* libm(const char* f32_name, const char* f64_name, Type* t, Value* x) {
    const char* name = t->isFloatTy() ? f32_name : f64_name;
    llvm::FunctionCallee callee = m_.getOrInsertFunction(name, llvm::FunctionType::get(t, {t}, false));
    auto* f = llvm::cast<llvm::Function>(callee.getCallee());
    f->setDoesNotAccessMemory();
    f->setDoesNotThrow();
    f->addFnAttr(llvm::Attribute::WillReturn);
    auto* call = b_.CreateCall(callee, {x});
    call->setDoesNotAccessMemory();
    return call;
  }

  Value* cast(Value* x, DType from, DType to) {
    Type* t = value_type(c_, to);
    if (from == to) return x;
    if (to == DType::Bool)
      return is_float(from) ? b_.CreateFCmpUNE(x, llvm::ConstantFP::get(x->getType(), 0.0))
                            : b_.CreateICmpNE(x, llvm::ConstantInt::get(x->getType(), 0));
    if (from == DType::Bool) return is_float(to) ? b_.CreateUIToFP(x, t) : b_.CreateZExt(x, t);
    if (is_float(from) && is_float(to)) return b_.CreateFPCast(x, t);
    if (is_float(to)) return b_.CreateSIToFP(x, t);
    if (is_float(from)) return b_.CreateIntrinsic(llvm::Intrinsic::fptosi_sat, {t, x->getType()}, {x});
    return b_.CreateSExtOrTrunc(x, t);
  }

  Value* compare(Op op, DType t, Value* a, Value* b) {
    using P = llvm::CmpInst::Predicate;
    if (is_float(t)) {
      P p = op == Op::Eq   ? P::FCMP_OEQ
            : op == Op::Ne ? P::FCMP_UNE
            : op == Op::Lt ? P::FCMP_OLT
            : op == Op::Le ? P::FCMP_OLE
            : op == Op::Gt ? P::FCMP_OGT
                           : P::FCMP_OGE;
      return b_.CreateFCmp(p, a, b);
    }
    const bool u = t == DType::Bool;  // false < true
    P p = op == Op::Eq   ? P::ICMP_EQ
          : op == Op::Ne ? P::ICMP_NE
          : op == Op::Lt ? (u ? P::ICMP_ULT : P::ICMP_SLT)
          : op == Op::Le ? (u ? P::ICMP_ULE : P::ICMP_SLE)
          : op == Op::Gt ? (u ? P::ICMP_UGT : P::ICMP_SGT)
                         : (u ? P::ICMP_UGE : P::ICMP_SGE);
    return b_.CreateICmp(p, a, b);
  }

  Value* lower(const ir::Instr& in, const std::vector<Value*>& v, llvm::Function* fn, Value* i) {
    auto arg = [&](int a) { return v[static_cast<std::size_t>(in.args[static_cast<std::size_t>(a)])]; };
    auto arg_dtype = [&](int a) {
      return k_.body[static_cast<std::size_t>(in.args[static_cast<std::size_t>(a)])].dtype;
    };
    const DType t = in.dtype;
    Type* ty = value_type(c_, t);
    const bool fp = is_float(t);
    using llvm::Intrinsic::ID;
    namespace I = llvm::Intrinsic;
    switch (in.op) {
      case Op::Buffer: {
        Value* base = fn->getArg(static_cast<unsigned>(2 + in.slot));
        Value* at = in.layout < 0 ? i : layouts_at_[static_cast<std::size_t>(in.layout)];
        Value* x = b_.CreateLoad(memory_type(c_, t), b_.CreateInBoundsGEP(memory_type(c_, t), base, at));
        return t == DType::Bool ? b_.CreateICmpNE(x, b_.getInt8(0)) : x;
      }
      case Op::Scalar:
        return fn->getArg(static_cast<unsigned>(2 + k_.inputs.size() + k_.outputs.size()) +
                          static_cast<unsigned>(in.slot));
      case Op::Index: return i;
      case Op::Cast: return cast(arg(0), arg_dtype(0), t);
      case Op::Broadcast: return arg(0);
      case Op::Neg: return fp ? b_.CreateFNeg(arg(0)) : b_.CreateSub(llvm::ConstantInt::get(ty, 0), arg(0));
      case Op::Abs: return fp ? intrinsic(I::fabs, ty, {arg(0)}) : intrinsic(I::abs, ty, {arg(0), b_.getFalse()});
      case Op::Not: return b_.CreateNot(arg(0));
      case Op::Sqrt: return intrinsic(I::sqrt, ty, {arg(0)});
      case Op::Exp: return emit_exp(b_, arg(0));
      case Op::Log: return emit_log(b_, arg(0));
      case Op::Sin: return trig(false, ty, arg(0));
      case Op::Cos: return trig(true, ty, arg(0));
      case Op::Tanh: return libm("tanhf", "tanh", ty, arg(0));
      case Op::Erf: return libm("erff", "erf", ty, arg(0));
      case Op::Floor: return intrinsic(I::floor, ty, {arg(0)});
      case Op::Ceil: return intrinsic(I::ceil, ty, {arg(0)});
      case Op::Add: return fp ? b_.CreateFAdd(arg(0), arg(1)) : b_.CreateAdd(arg(0), arg(1));
      case Op::Sub: return fp ? b_.CreateFSub(arg(0), arg(1)) : b_.CreateSub(arg(0), arg(1));
      case Op::Mul: return fp ? b_.CreateFMul(arg(0), arg(1)) : b_.CreateMul(arg(0), arg(1));
      case Op::Div: return b_.CreateFDiv(arg(0), arg(1));
      case Op::Pow: return intrinsic(I::pow, ty, {arg(0), arg(1)});
      case Op::Minimum: return intrinsic(fp ? I::minimum : I::smin, ty, {arg(0), arg(1)});
      case Op::Maximum: return intrinsic(fp ? I::maximum : I::smax, ty, {arg(0), arg(1)});
      case Op::Eq:
      case Op::Ne:
      case Op::Lt:
      case Op::Le:
      case Op::Gt:
      case Op::Ge: return compare(in.op, arg_dtype(0), arg(0), arg(1));
      case Op::And: return b_.CreateAnd(arg(0), arg(1));
      case Op::Or: return b_.CreateOr(arg(0), arg(1));
      case Op::Where: return b_.CreateSelect(arg(0), arg(1), arg(2));
    }
    throw Error("lower_to_llvm: no lowering for op " + std::string(info(in.op).name));
  }

  const ir::KernelIR& k_;
  llvm::Module& m_;
  llvm::LLVMContext& c_;
  IRBuilder<> b_;
  bool fast_trig_ = false;
  Value* huge_ = nullptr;           // the running "some sin/cos argument needs libm" flag (i1)
  std::vector<Value*> layouts_at_;  // per layout: the element index of the current iteration
};

}  // namespace

std::unique_ptr<llvm::Module> lower_to_llvm(const ir::KernelIR& kernel, const std::string& symbol,
                                            llvm::LLVMContext& context, const llvm::DataLayout& layout,
                                            const llvm::Triple& triple) {
  auto module = std::make_unique<llvm::Module>(symbol, context);
  module->setDataLayout(layout);
  module->setTargetTriple(triple.str());
  Lowering(kernel, *module).run(symbol);
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*module, &os))
    throw CompileError("lower_to_llvm produced invalid IR for " + kernel.name() + ":\n" + os.str() + "\n" +
                       ir::to_string(kernel));
  return module;
}

}  // namespace sinter::llvm_backend
