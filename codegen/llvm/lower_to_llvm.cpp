// Kernel IR to LLVM IR: one LLVM value per kernel instruction, in a counted loop. No fast-math
// flags: results follow IEEE, as the reference interpreter's do. exp, log, sin and cos are
// sinter's own inline polynomials (vector_math.h), so they vectorize at the full width.
//
// A reduction kernel (ir/kernel.h) has the same per-element body, which folds its elements into
// accumulators instead of storing them (sums and products reassociable, so that the loop
// vectorizes with several partial accumulators), and an entry point that walks the outputs
// (llvm_jit.h: ReduceCall): per output it runs the body over the output's elements, or combines
// partial accumulators, then the per-output instructions and the stores.
#include "codegen/llvm/lower_to_llvm.h"

#include <llvm/IR/DataLayout.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Triple.h>

#include <algorithm>
#include <bit>
#include <cstdint>

#include "codegen/llvm/vector_math.h"
#include "ir/reduce.h"
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
  Lowering(const ir::KernelIR& k, llvm::Module& m, unsigned vector_bits)
      : k_(k), m_(m), c_(m.getContext()), b_(c_), vector_bits_(vector_bits) {}

  void run(const std::string& symbol) {
    bool trig = false;
    for (const ir::Instr& in : k_.body) trig = trig || ((in.op == Op::Sin || in.op == Op::Cos) && !in.per_output);
    for (std::size_t j = 0; j < k_.body.size(); ++j)
      if (is_reduction(k_.body[j].op)) reductions_.push_back(j);
    if (!reductions_.empty()) {
      if (column_order()) {
        llvm::Function* body = define_column_body("columns", trig, false);
        llvm::Function* precise = trig ? define_column_body("columns_libm", false, true) : nullptr;
        define_reduction_entry(symbol, body, precise, true);
      } else {
        llvm::Function* body = define_body("body", trig, false);
        llvm::Function* precise = trig ? define_body("body_libm", false, true) : nullptr;
        define_reduction_entry(symbol, body, precise, false);
      }
      return;
    }
    // With sin or cos: a fast body with sinter's polynomials that also reports whether any
    // argument was beyond their reduction's range, and a body with libm's sin and cos that the
    // entry runs over the same elements when one was (vector_math.h).
    llvm::Function* body = define_body("body", trig, false);
    llvm::Function* precise = trig ? define_body("body_libm", false, true) : nullptr;
    define_entry(symbol, body, precise);
  }

 private:
  /// An internal function (`leading` i64 parameters, the kernel's buffers (noalias), its
  /// scalars, then `trailing`) returning i1 with fast_trig (true when some sin/cos argument
  /// needs libm) else void; buffer_values_ and scalar_values_ point at its parameters. A rare
  /// body (the libm redo) is kept scalar, out of line and small: it costs little compile time.
  llvm::Function* create_body_function(const char* name, unsigned leading, const std::vector<Type*>& trailing,
                                       bool fast_trig, bool rare) {
    fast_trig_ = fast_trig;
    std::vector<Type*> params(leading, b_.getInt64Ty());
    const std::size_t num_buffers = k_.inputs.size() + k_.outputs.size();
    for (std::size_t i = 0; i < num_buffers; ++i) params.push_back(b_.getPtrTy());
    for (DType t : k_.scalars) params.push_back(value_type(c_, t));
    params.insert(params.end(), trailing.begin(), trailing.end());
    Type* result = fast_trig ? b_.getInt1Ty() : b_.getVoidTy();
    auto* fn = llvm::Function::Create(llvm::FunctionType::get(result, params, false), llvm::Function::InternalLinkage,
                                      name, m_);
    if (rare) {
      fn->addFnAttr(llvm::Attribute::NoInline);
      fn->addFnAttr(llvm::Attribute::Cold);
      fn->addFnAttr(llvm::Attribute::OptimizeForSize);
    } else {
      fn->addFnAttr(llvm::Attribute::AlwaysInline);
    }
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    buffer_values_.clear();
    for (std::size_t i = 0; i < num_buffers; ++i) {
      const auto index = static_cast<unsigned>(leading + i);
      fn->addParamAttr(index, llvm::Attribute::NoAlias);
      fn->addParamAttr(index, llvm::Attribute::NoCapture);
      buffer_values_.push_back(fn->getArg(index));
    }
    scalar_values_.clear();
    for (std::size_t i = 0; i < k_.scalars.size(); ++i)
      scalar_values_.push_back(fn->getArg(static_cast<unsigned>(leading + num_buffers + i)));
    return fn;
  }

  /// The index of a body function's first trailing parameter.
  unsigned first_trailing(unsigned leading) const {
    return static_cast<unsigned>(leading + k_.inputs.size() + k_.outputs.size() + k_.scalars.size());
  }

  // body(i64 begin, i64 end, buffers.., scalars..[, ptr noalias acc, i64 position_base]): the
  // elements [begin, end), stored, or in a reduction kernel folded into the accumulators.
  llvm::Function* define_body(const char* name, bool fast_trig, bool rare) {
    const bool reduction = !reductions_.empty();
    std::vector<Type*> trailing;
    if (reduction) trailing = {b_.getPtrTy(), b_.getInt64Ty()};  // ReduceCall's 16-byte slots; flat index of position 0
    llvm::Function* fn = create_body_function(name, 2, trailing, fast_trig, rare);
    if (reduction) {
      acc_ptr_ = fn->getArg(first_trailing(2));
      position_base_ = fn->getArg(first_trailing(2) + 1);
      fn->addParamAttr(first_trailing(2), llvm::Attribute::NoAlias);
    }

    auto* entry = llvm::BasicBlock::Create(c_, "entry", fn);
    if (k_.rank > 0) {
      emit_rows(fn, entry, fast_trig, rare);
      return fn;
    }
    if (reduction && !fast_trig && !rare && has_arg_reduction()) {
      emit_arg_blocks(fn, entry);
      return fn;
    }
    auto* loop = llvm::BasicBlock::Create(c_, "loop", fn);
    auto* exit = llvm::BasicBlock::Create(c_, "exit", fn);
    b_.SetInsertPoint(entry);
    Value* begin = fn->getArg(0);
    Value* end = fn->getArg(1);
    const Accumulators initial = reduction ? load_accumulators(acc_ptr_) : Accumulators{};
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
    const Accumulators phis = accumulator_phis(initial, entry);
    acc_ = phis;
    emit_element(i);
    Value* next = b_.CreateAdd(i, b_.getInt64(1), "i.next", /*HasNUW=*/true, /*HasNSW=*/true);
    i->addIncoming(next, b_.GetInsertBlock());
    if (huge) huge->addIncoming(huge_, b_.GetInsertBlock());
    close_accumulator_phis(phis, b_.GetInsertBlock());
    const Accumulators last = acc_;
    auto* latch = b_.CreateCondBr(b_.CreateICmpSLT(next, end), loop, exit);
    latch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(rare));
    b_.SetInsertPoint(exit);
    llvm::PHINode* any = nullptr;  // phis first: the block's other instructions follow them
    if (huge) {
      any = b_.CreatePHI(b_.getInt1Ty(), 2, "any_huge");
      any->addIncoming(b_.getFalse(), entry);
      any->addIncoming(huge_, latch->getParent());
    }
    if (reduction) store_accumulators(acc_ptr_, merge_after_loop(initial, entry, last, latch->getParent()));
    if (any) b_.CreateRet(any);
    else b_.CreateRetVoid();
    return fn;
  }

  // ---- argmin and argmax in blocks ----
  // Folding one element at a time into (value, position) is a chain of compares and selects
  // that does not vectorize (about 2 GB/s). Over contiguous elements the kernel instead walks
  // blocks of kArgBlock: a vectorized pass computes the elements once, keeps each arg
  // reduction's operand in a stack array and folds it into the block's min or max (NaN wins);
  // only when that beats the running value (or nothing was seen yet) does a scalar scan find
  // its first position in the block. The result is the one-by-one fold's (ir/reduce.h): the
  // first extreme, or the first NaN.
  static constexpr std::int64_t kArgBlock = 512;

  bool has_arg_reduction() const {
    for (std::size_t k = 0; k < reductions_.size(); ++k)
      if (has_position(k)) return true;
    return false;
  }

  void emit_arg_blocks(llvm::Function* fn, llvm::BasicBlock* entry) {
    Type* i64 = b_.getInt64Ty();
    auto* outer = llvm::BasicBlock::Create(c_, "block", fn);
    auto* inner = llvm::BasicBlock::Create(c_, "element", fn);
    auto* block_done = llvm::BasicBlock::Create(c_, "block_done", fn);
    auto* exit = llvm::BasicBlock::Create(c_, "exit", fn);
    b_.SetInsertPoint(entry);
    arg_blocks_.assign(reductions_.size(), nullptr);
    for (std::size_t k = 0; k < reductions_.size(); ++k)
      if (has_position(k))
        arg_blocks_[k] = b_.CreateAlloca(memory_type(c_, operand_dtype(k)), b_.getInt64(kArgBlock), "arg_block");
    Value* begin = fn->getArg(0);
    Value* end = fn->getArg(1);
    const Accumulators initial = load_accumulators(acc_ptr_);
    b_.CreateCondBr(b_.CreateICmpSLT(begin, end), outer, exit);

    // One block: [first, last).
    b_.SetInsertPoint(outer);
    llvm::PHINode* first = b_.CreatePHI(i64, 2, "first");
    first->addIncoming(begin, entry);
    const Accumulators running = accumulator_phis(initial, entry);
    Value* last = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smin, end, b_.CreateAdd(first, b_.getInt64(kArgBlock)));
    // Inside the block an arg reduction's accumulator is the block's min or max (no position).
    Accumulators block_start = running;
    for (std::size_t k = 0; k < reductions_.size(); ++k)
      if (has_position(k)) {
        block_start.value[k] = identity(extreme_op(k), operand_dtype(k));
        block_start.position[k] = nullptr;
      }
    b_.CreateBr(inner);

    b_.SetInsertPoint(inner);
    llvm::PHINode* i = b_.CreatePHI(i64, 2, "i");
    i->addIncoming(first, outer);
    Accumulators phis;
    for (std::size_t k = 0; k < reductions_.size(); ++k) {
      llvm::PHINode* v = b_.CreatePHI(block_start.value[k]->getType(), 2, "acc");
      v->addIncoming(block_start.value[k], outer);
      phis.value.push_back(v);
      llvm::PHINode* p = nullptr;
      if (block_start.position[k]) {
        p = b_.CreatePHI(i64, 2, "acc.position");
        p->addIncoming(block_start.position[k], outer);
      }
      phis.position.push_back(p);
    }
    acc_ = phis;
    block_first_ = first;
    emit_element(i);
    block_first_ = nullptr;
    Value* next = b_.CreateAdd(i, b_.getInt64(1), "i.next", /*HasNUW=*/true, /*HasNSW=*/true);
    i->addIncoming(next, b_.GetInsertBlock());
    close_accumulator_phis(phis, b_.GetInsertBlock());
    const Accumulators folded = acc_;
    auto* latch = b_.CreateCondBr(b_.CreateICmpSLT(next, last), inner, block_done);
    latch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(false));

    // After the block: each arg reduction takes the block's extreme when it is better.
    b_.SetInsertPoint(block_done);
    Accumulators after = folded;
    for (std::size_t k = 0; k < reductions_.size(); ++k) {
      if (!has_position(k)) continue;
      Value* extreme = folded.value[k];
      Value* better =
          arg_takes(k_.body[reductions_[k]].op, operand_dtype(k), running.value[k], running.position[k], extreme);
      auto* scan = llvm::BasicBlock::Create(c_, "arg_scan", fn);
      auto* found = llvm::BasicBlock::Create(c_, "arg_found", fn);
      auto* merged = llvm::BasicBlock::Create(c_, "arg_merged", fn);
      auto* from = b_.GetInsertBlock();
      b_.CreateCondBr(better, scan, merged);
      // The first j in the block whose element is the extreme (both NaN counts as equal).
      b_.SetInsertPoint(scan);
      llvm::PHINode* j = b_.CreatePHI(i64, 2, "j");
      j->addIncoming(b_.getInt64(0), from);
      const DType t = operand_dtype(k);
      Value* x = b_.CreateLoad(memory_type(c_, t), b_.CreateInBoundsGEP(memory_type(c_, t), arg_blocks_[k], j));
      if (t == DType::Bool) x = b_.CreateICmpNE(x, b_.getInt8(0));
      Value* same = is_float(t) ? b_.CreateOr(b_.CreateFCmpOEQ(x, extreme),
                                              b_.CreateAnd(b_.CreateFCmpUNO(x, x), b_.CreateFCmpUNO(extreme, extreme)))
                                : b_.CreateICmpEQ(x, extreme);
      Value* j_next = b_.CreateAdd(j, b_.getInt64(1));
      j->addIncoming(j_next, scan);
      // The extreme is one of the block's elements; the bound only keeps the loop finite.
      b_.CreateCondBr(b_.CreateOr(same, b_.CreateICmpSGE(j_next, b_.CreateSub(last, first))), found, scan);
      b_.SetInsertPoint(found);
      Value* found_position = b_.CreateSub(b_.CreateAdd(first, j), position_base_);
      b_.CreateBr(merged);
      b_.SetInsertPoint(merged);
      llvm::PHINode* v = b_.CreatePHI(x->getType(), 2, "arg.value");
      v->addIncoming(running.value[k], from);
      v->addIncoming(x, found);
      llvm::PHINode* p = b_.CreatePHI(i64, 2, "arg.position");
      p->addIncoming(running.position[k], from);
      p->addIncoming(found_position, found);
      after.value[k] = v;
      after.position[k] = p;
    }
    acc_ = after;
    close_accumulator_phis(running, b_.GetInsertBlock());
    first->addIncoming(last, b_.GetInsertBlock());
    auto* block_latch = b_.CreateCondBr(b_.CreateICmpSLT(last, end), outer, exit);

    b_.SetInsertPoint(exit);
    store_accumulators(acc_ptr_, merge_after_loop(initial, entry, after, block_latch->getParent()));
    b_.CreateRetVoid();
    arg_blocks_.clear();
  }

  /// Whether some reduction folds float32 elements into a float64 accumulator (ir/reduce.h).
  bool widens_float32() const {
    for (std::size_t k = 0; k < reductions_.size(); ++k)
      if (operand_dtype(k) == DType::Float32 && acc_dtype(k) == DType::Float64) return true;
    return false;
  }

  /// The min or max an arg reduction's block pass folds into.
  Op extreme_op(std::size_t k) const { return k_.body[reductions_[k]].op == Op::ArgMin ? Op::Min : Op::Max; }

  // The fused expression at flat index i (layouts_at_ holds each layout's element index):
  // one LLVM value per instruction, then the stores of the outputs.
  // In a reduction kernel: the per-element instructions, folded into acc_ (position i - base);
  // inside emit_arg_blocks an arg reduction's element goes to its block array and its block's
  // min or max instead.
  void emit_element(Value* i) {
    std::vector<Value*> values(k_.body.size());
    if (!reductions_.empty()) {
      for (std::size_t j = 0; j < k_.body.size(); ++j)
        if (!k_.body[j].per_output) values[j] = lower(k_.body[j], values, i);
      Value* position = b_.CreateSub(i, position_base_);
      for (std::size_t k = 0; k < reductions_.size(); ++k) {
        const ir::Instr& in = k_.body[reductions_[k]];
        const DType operand = k_.body[static_cast<std::size_t>(in.args[0])].dtype;
        Value* x = values[static_cast<std::size_t>(in.args[0])];
        if (block_first_ && has_position(k)) {
          Value* stored = operand == DType::Bool ? b_.CreateZExt(x, b_.getInt8Ty()) : x;
          b_.CreateStore(stored,
                         b_.CreateInBoundsGEP(memory_type(c_, operand), arg_blocks_[k], b_.CreateSub(i, block_first_)));
          Value* no_position = nullptr;
          fold(extreme_op(k), operand, acc_.value[k], no_position, x, nullptr);
          continue;
        }
        const DType acc = ir::accumulator_dtype(in.op, operand);
        if (acc != operand) x = b_.CreateFPExt(x, value_type(c_, acc));
        fold(in.op, operand, acc_.value[k], acc_.position[k], x, position);
      }
      return;
    }
    for (std::size_t j = 0; j < k_.body.size(); ++j) values[j] = lower(k_.body[j], values, i);
    store_outputs(values, i);
  }

  void store_outputs(const std::vector<Value*>& values, Value* i) {
    for (std::size_t o = 0; o < k_.outputs.size(); ++o) {
      const DType t = k_.output_dtype(o);
      Value* v = values[static_cast<std::size_t>(k_.outputs[o])];
      if (t == DType::Bool) v = b_.CreateZExt(v, b_.getInt8Ty());
      Value* base = buffer_values_[k_.inputs.size() + o];
      const std::int32_t layout = k_.output_layout(o);  // a write into a strided view
      Value* at = layout < 0 ? i : layouts_at_[static_cast<std::size_t>(layout)];
      b_.CreateStore(v, b_.CreateInBoundsGEP(memory_type(c_, t), base, at));
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
    auto size = [&](int d) { return param(k_.shape_slot + d); };
    // Per-output layouts (a reduction kernel's) are not walked here: stride 0 keeps them inert.
    auto stride = [&](std::size_t l, int d) -> Value* {
      return k_.layouts[l].per_output ? b_.getInt64(0) : param(k_.layouts[l].stride_slot + d);
    };
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
    const Accumulators row_initial = reductions_.empty() ? Accumulators{} : load_accumulators(acc_ptr_);
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
    const Accumulators phis = accumulator_phis(row_initial, row);
    acc_ = phis;
    layouts_at_.assign(num_layouts, nullptr);
    for (std::size_t l = 0; l < num_layouts; ++l) {
      if (k_.layouts[l].per_output) continue;
      switch (k_.layouts[l].inner) {
        case ir::InnerStride::Unit: layouts_at_[l] = b_.CreateAdd(row_base[l], k); break;
        case ir::InnerStride::Zero: layouts_at_[l] = row_base[l]; break;
        case ir::InnerStride::Runtime:
          layouts_at_[l] = b_.CreateAdd(row_base[l], b_.CreateMul(k, stride(l, rank - 1)));
          break;
      }
    }
    emit_element(b_.CreateAdd(first, k, "i"));
    Value* next = b_.CreateAdd(k, b_.getInt64(1), "k.next", /*HasNUW=*/true, /*HasNSW=*/true);
    llvm::BasicBlock* latch_block = b_.GetInsertBlock();
    k->addIncoming(next, latch_block);
    if (huge) huge->addIncoming(huge_, latch_block);
    close_accumulator_phis(phis, latch_block);
    auto* latch = b_.CreateCondBr(b_.CreateICmpSLT(next, stop), inner, row_done);
    latch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(rare));

    // Next row: flat index on by a row; the outer coordinates count up with carries.
    b_.SetInsertPoint(row_done);
    if (!reductions_.empty()) store_accumulators(acc_ptr_, acc_);
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
  // anyway, and one copy of a long body halves machine-code generation time. A reduction loop
  // that widens float32 elements into float64 accumulators gets vector_bits / 32 lanes: LLVM
  // sizes the vector by the widest type (4 lanes with AVX2), which ran the float32 work (the
  // loads, an exp) at half width; 8 lanes make the float32 work full width and split only the
  // accumulators. Measured on 2048 x 2048 float32 (in L3, 2 cores): sum(exp(x), 1) 0.49 ->
  // 0.30 ns per element; the plain sum and sum((x-y)^2) stay at the cache's 53-55 GB/s.
  llvm::MDNode* loop_hints(bool rare) {
    auto hint = [&](const char* key, Value* v) {
      return llvm::MDNode::get(
          c_, {llvm::MDString::get(c_, key), llvm::ConstantAsMetadata::get(llvm::cast<llvm::Constant>(v))});
    };
    std::vector<llvm::Metadata*> ops{nullptr};
    if (rare) {
      ops.push_back(hint("llvm.loop.vectorize.enable", b_.getFalse()));
      ops.push_back(llvm::MDNode::get(c_, {llvm::MDString::get(c_, "llvm.loop.unroll.disable")}));
    } else if (reductions_.empty()) {  // a reduction's partial accumulators hide the adds' latency
      ops.push_back(hint("llvm.loop.interleave.count", b_.getInt32(1)));
    } else if (widens_float32() && vector_bits_ >= 64) {
      ops.push_back(hint("llvm.loop.vectorize.width", b_.getInt32(vector_bits_ / 32)));
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

  // ---- Column order ----
  // Reducing a leading axis of a row-major array (NumPy's sum(x, 0)) walks each output's
  // elements with a large stride. When the kept dimensions merge into one and no element read
  // runs along the reduced one (reduces_by_columns), the kernel walks elements in memory order
  // instead: a block of up to column_block() consecutive outputs at a time, each element row (one
  // position r) folded into the block's accumulators, which live in a stack array (16 bytes per
  // output and reduction). The block is as wide as a stack budget of kColumnStackBytes allows, so
  // that one reduction covers 8192 columns: a row of them is one sequential run in memory.

  static constexpr std::int64_t kColumnStackBytes = std::int64_t{128} << 10;

  bool column_order() const { return reduces_by_columns(k_); }

  std::uint64_t column_block() const {
    const auto reductions = static_cast<std::int64_t>(std::max<std::size_t>(reductions_.size(), 1));
    return std::bit_floor(
        static_cast<std::uint64_t>(std::max<std::int64_t>(kColumnStackBytes / (16 * reductions), 256)));
  }

  /// The accumulator arrays of a column block: per reduction column_block() values (8 bytes
  /// each), then column_block() positions.
  Value* column_values(Value* block, std::size_t k) {
    return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), block, k * 16 * column_block());
  }
  Value* column_positions(Value* block, std::size_t k) {
    return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), block, (k * 16 + 8) * column_block());
  }

  // internal body(i64 o_begin, i64 o_end, i64 r_begin, i64 r_end, ptr buffers.., scalars..,
  // ptr block): folds positions [r_begin, r_end) of outputs [o_begin, o_end) (at most
  // column_block() of them) into the block's accumulators (output o at o - o_begin). Rows go
  // kColumnRowsPerPass at a time: each output's accumulators are loaded once, the rows' elements
  // folded in row order (the same order, and so the same bits, as one row at a time) and stored
  // once, so the accumulator traffic per element read is a fraction of a row's; the rows left
  // over go one at a time.
  static constexpr int kColumnRowsPerPass = 4;

  llvm::Function* define_column_body(const char* name, bool fast_trig, bool rare) {
    llvm::Function* fn = create_body_function(name, 4, {b_.getPtrTy()}, fast_trig, rare);
    Value* block = fn->getArg(first_trailing(4));
    fn->addParamAttr(first_trailing(4), llvm::Attribute::NoAlias);
    fn->addParamAttr(first_trailing(4), llvm::Attribute::NoCapture);
    ColumnBody body{fn, block, fn->getArg(0), fn->getArg(1), nullptr, nullptr, fast_trig, rare};
    Value* r_begin = fn->getArg(2);
    Value* r_end = fn->getArg(3);

    auto* entry = llvm::BasicBlock::Create(c_, "entry", fn);
    b_.SetInsertPoint(entry);
    body.huge_slot = fast_trig ? b_.CreateAlloca(b_.getInt1Ty(), nullptr, "huge") : nullptr;
    if (body.huge_slot) b_.CreateStore(b_.getFalse(), body.huge_slot);
    body.reduced_size = b_.getInt64(1);  // elements per output: the flat index is o * that + r
    for (int d = 1; d < k_.rank; ++d) body.reduced_size = b_.CreateMul(body.reduced_size, param(k_.shape_slot + d));
    auto* start = llvm::BasicBlock::Create(c_, "start", fn);
    auto* exit = llvm::BasicBlock::Create(c_, "exit", fn);
    b_.CreateCondBr(b_.CreateICmpSLT(body.o_begin, body.o_end), start, exit);
    b_.SetInsertPoint(start);
    Value* r = emit_column_rows(body, kColumnRowsPerPass, r_begin, r_end);
    emit_column_rows(body, 1, r, r_end);
    b_.CreateBr(exit);
    b_.SetInsertPoint(exit);
    if (body.huge_slot) b_.CreateRet(b_.CreateLoad(b_.getInt1Ty(), body.huge_slot));
    else b_.CreateRetVoid();
    return fn;
  }

  /// What the row loops of one column body share.
  struct ColumnBody {
    llvm::Function* fn;
    Value* block;
    Value* o_begin;
    Value* o_end;
    Value* reduced_size;
    llvm::AllocaInst* huge_slot;  // fast trig: the "some argument needs libm" flag between rows
    bool fast_trig;
    bool rare;
  };

  Value* param(std::int32_t slot) const { return scalar_values_[static_cast<std::size_t>(slot)]; }

  /// From the current block: a loop over r = r_start, r_start + rows, ... while r + rows <= r_end,
  /// folding rows r .. r + rows - 1 into the accumulators per output. Leaves the builder in the
  /// block after the loop and returns the first position it did not fold.
  Value* emit_column_rows(const ColumnBody& body, int rows, Value* r_start, Value* r_end) {
    Type* i64 = b_.getInt64Ty();
    const std::string tag = std::to_string(rows);
    llvm::BasicBlock* before = b_.GetInsertBlock();
    auto* row = llvm::BasicBlock::Create(c_, "row" + tag, body.fn);
    auto* inner = llvm::BasicBlock::Create(c_, "inner" + tag, body.fn);
    auto* row_done = llvm::BasicBlock::Create(c_, "row_done" + tag, body.fn);
    auto* after = llvm::BasicBlock::Create(c_, "rows_done" + tag, body.fn);
    auto fits = [&](Value* at) {
      return b_.CreateICmpSLE(b_.CreateAdd(at, b_.getInt64(static_cast<std::uint64_t>(rows))), r_end);
    };
    b_.CreateCondBr(fits(r_start), row, after);

    // Positions r .. r + rows - 1: their coordinates over the reduced dimensions give each
    // layout's row offsets.
    b_.SetInsertPoint(row);
    llvm::PHINode* r = b_.CreatePHI(i64, 2, "r");
    r->addIncoming(r_start, before);
    std::vector<Value*> positions;
    std::vector<std::vector<Value*>> row_offsets;
    for (int q = 0; q < rows; ++q) {
      Value* rq = q == 0 ? static_cast<Value*>(r) : b_.CreateAdd(r, b_.getInt64(static_cast<std::uint64_t>(q)));
      positions.push_back(rq);
      std::vector<Value*> offset(k_.layouts.size(), b_.getInt64(0));
      Value* rest = rq;
      for (int d = k_.rank - 1; d >= 1; --d) {
        Value* c = d == 1 ? rest : b_.CreateURem(rest, param(k_.shape_slot + d));
        if (d > 1) rest = b_.CreateUDiv(rest, param(k_.shape_slot + d));
        for (std::size_t l = 0; l < k_.layouts.size(); ++l)
          if (!k_.layouts[l].per_output)
            offset[l] = b_.CreateAdd(offset[l], b_.CreateMul(c, param(k_.layouts[l].stride_slot + d)));
      }
      row_offsets.push_back(std::move(offset));
    }
    Value* huge_in = body.huge_slot ? b_.CreateLoad(b_.getInt1Ty(), body.huge_slot) : nullptr;
    b_.CreateBr(inner);

    // Output o of the block: the elements at (o, r), (o, r + 1), ...
    b_.SetInsertPoint(inner);
    llvm::PHINode* o = b_.CreatePHI(i64, 2, "o");
    o->addIncoming(body.o_begin, row);
    llvm::PHINode* huge = nullptr;
    if (body.fast_trig) {
      huge = b_.CreatePHI(b_.getInt1Ty(), 2, "huge");
      huge->addIncoming(huge_in, row);
      huge_ = huge;
    }
    std::vector<std::vector<Value*>> values(static_cast<std::size_t>(rows), std::vector<Value*>(k_.body.size()));
    for (int q = 0; q < rows; ++q) {
      const auto qs = static_cast<std::size_t>(q);
      layouts_at_.assign(k_.layouts.size(), nullptr);
      for (std::size_t l = 0; l < k_.layouts.size(); ++l)
        if (!k_.layouts[l].per_output)
          layouts_at_[l] = b_.CreateAdd(row_offsets[qs][l], b_.CreateMul(o, param(k_.layouts[l].stride_slot)));
      Value* i = b_.CreateAdd(b_.CreateMul(o, body.reduced_size), positions[qs]);
      for (std::size_t j = 0; j < k_.body.size(); ++j)
        if (!k_.body[j].per_output) values[qs][j] = lower(k_.body[j], values[qs], i);
    }
    Value* local = b_.CreateSub(o, body.o_begin);
    for (std::size_t k = 0; k < reductions_.size(); ++k) {
      const ir::Instr& in = k_.body[reductions_[k]];
      const DType operand = operand_dtype(k);
      const DType t = acc_dtype(k);
      Value* value_at = b_.CreateInBoundsGEP(memory_type(c_, t), column_values(body.block, k), local);
      Value* value = b_.CreateLoad(memory_type(c_, t), value_at);
      if (t == DType::Bool) value = b_.CreateICmpNE(value, b_.getInt8(0));
      Value* position_at =
          has_position(k) ? b_.CreateInBoundsGEP(i64, column_positions(body.block, k), local) : nullptr;
      Value* position = position_at ? b_.CreateLoad(i64, position_at) : nullptr;
      for (int q = 0; q < rows; ++q) {
        Value* x = values[static_cast<std::size_t>(q)][static_cast<std::size_t>(in.args[0])];
        if (t != operand) x = b_.CreateFPExt(x, value_type(c_, t));
        fold(in.op, operand, value, position, x, positions[static_cast<std::size_t>(q)]);
      }
      b_.CreateStore(t == DType::Bool ? b_.CreateZExt(value, b_.getInt8Ty()) : value, value_at);
      if (position_at) b_.CreateStore(position, position_at);
    }
    Value* next = b_.CreateAdd(o, b_.getInt64(1), "o.next", true, true);
    llvm::BasicBlock* latch_block = b_.GetInsertBlock();
    o->addIncoming(next, latch_block);
    if (huge) huge->addIncoming(huge_, latch_block);
    auto* latch = b_.CreateCondBr(b_.CreateICmpSLT(next, body.o_end), inner, row_done);
    latch->setMetadata(llvm::LLVMContext::MD_loop, loop_hints(body.rare));

    b_.SetInsertPoint(row_done);
    if (body.huge_slot) b_.CreateStore(huge_, body.huge_slot);
    Value* r_next = b_.CreateAdd(r, b_.getInt64(static_cast<std::uint64_t>(rows)));
    r->addIncoming(r_next, row_done);
    b_.CreateCondBr(fits(r_next), row, after);

    b_.SetInsertPoint(after);
    llvm::PHINode* stop = b_.CreatePHI(i64, 2, "r.stop" + tag);
    stop->addIncoming(r_start, before);
    stop->addIncoming(r_next, row_done);
    return stop;
  }

  // ---- Reductions ----

  /// The running state of the kernel's reductions: per reduction, the value in its accumulator
  /// type and, for argmin/argmax, the position (else null).
  struct Accumulators {
    std::vector<Value*> value;
    std::vector<Value*> position;
  };

  DType operand_dtype(std::size_t k) const {
    return k_.body[static_cast<std::size_t>(k_.body[reductions_[k]].args[0])].dtype;
  }
  DType acc_dtype(std::size_t k) const { return ir::accumulator_dtype(k_.body[reductions_[k]].op, operand_dtype(k)); }
  bool has_position(std::size_t k) const {
    const Op op = k_.body[reductions_[k]].op;
    return op == Op::ArgMin || op == Op::ArgMax;
  }
  Value* slot_address(Value* base, std::size_t k, int byte) {
    return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), base, k * 16 + static_cast<std::size_t>(byte));
  }

  Accumulators load_accumulators(Value* base) {
    Accumulators a;
    for (std::size_t k = 0; k < reductions_.size(); ++k) {
      const DType t = acc_dtype(k);
      Value* v = b_.CreateLoad(memory_type(c_, t), slot_address(base, k, 0));
      a.value.push_back(t == DType::Bool ? b_.CreateICmpNE(v, b_.getInt8(0)) : v);
      a.position.push_back(has_position(k) ? b_.CreateLoad(b_.getInt64Ty(), slot_address(base, k, 8)) : nullptr);
    }
    return a;
  }

  void store_accumulators(Value* base, const Accumulators& a) {
    for (std::size_t k = 0; k < reductions_.size(); ++k) {
      Value* v = a.value[k];
      if (acc_dtype(k) == DType::Bool) v = b_.CreateZExt(v, b_.getInt8Ty());
      b_.CreateStore(v, slot_address(base, k, 0));
      if (a.position[k]) b_.CreateStore(a.position[k], slot_address(base, k, 8));
    }
  }

  /// Phis for the accumulators at the top of a loop entered from `from` with `initial`.
  Accumulators accumulator_phis(const Accumulators& initial, llvm::BasicBlock* from) {
    Accumulators phis;
    for (std::size_t k = 0; k < reductions_.size(); ++k) {
      llvm::PHINode* v = b_.CreatePHI(initial.value[k]->getType(), 2, "acc");
      v->addIncoming(initial.value[k], from);
      phis.value.push_back(v);
      llvm::PHINode* p = nullptr;
      if (initial.position[k]) {
        p = b_.CreatePHI(b_.getInt64Ty(), 2, "acc.position");
        p->addIncoming(initial.position[k], from);
      }
      phis.position.push_back(p);
    }
    return phis;
  }
  /// At a loop's exit: phis giving the accumulators after the loop (`last`, from `latch`), or
  /// `initial` untouched when the loop did not run (entered the exit from `entry`).
  Accumulators merge_after_loop(const Accumulators& initial, llvm::BasicBlock* entry, const Accumulators& last,
                                llvm::BasicBlock* latch) {
    Accumulators out = initial;
    for (std::size_t k = 0; k < reductions_.size(); ++k)
      for (int part = 0; part < 2; ++part) {
        Value* before = part == 0 ? initial.value[k] : initial.position[k];
        if (!before) continue;
        llvm::PHINode* merged = b_.CreatePHI(before->getType(), 2);
        merged->addIncoming(before, entry);
        merged->addIncoming(part == 0 ? last.value[k] : last.position[k], latch);
        (part == 0 ? out.value[k] : out.position[k]) = merged;
      }
    return out;
  }

  /// Completes the phis with acc_ (the state after one iteration) coming from `latch`.
  void close_accumulator_phis(const Accumulators& phis, llvm::BasicBlock* latch) {
    for (std::size_t k = 0; k < reductions_.size(); ++k) {
      llvm::cast<llvm::PHINode>(phis.value[k])->addIncoming(acc_.value[k], latch);
      if (phis.position[k]) llvm::cast<llvm::PHINode>(phis.position[k])->addIncoming(acc_.position[k], latch);
    }
  }

  Value* identity(Op op, DType operand) {
    const DType t = ir::accumulator_dtype(op, operand);
    Type* ty = value_type(c_, t);
    const bool lowest = op == Op::Max || op == Op::ArgMax;
    switch (op) {
      case Op::Sum:
      case Op::Any: return llvm::Constant::getNullValue(ty);
      case Op::Prod: return is_float(t) ? llvm::ConstantFP::get(ty, 1.0) : llvm::ConstantInt::get(ty, 1);
      case Op::All: return b_.getTrue();
      case Op::Min:
      case Op::Max:
      case Op::ArgMin:
      case Op::ArgMax: break;
#include "sinter/detail/elementwise_cases.inc"
        throw InternalError("lower_to_llvm: " + std::string(info(op).name) + " is not a reduction");
    }
    if (is_float(t)) return llvm::ConstantFP::getInfinity(ty, lowest);
    if (t == DType::Bool) return lowest ? b_.getFalse() : b_.getTrue();
    const unsigned bits = ty->getIntegerBitWidth();
    return llvm::ConstantInt::get(c_,
                                  lowest ? llvm::APInt::getSignedMinValue(bits) : llvm::APInt::getSignedMaxValue(bits));
  }

  /// Whether argmin/argmax (`op`) over values of type t replaces its (value, position) with x:
  /// nothing seen yet (position -1), x is NaN and the value is not, or x is strictly better.
  Value* arg_takes(Op op, DType t, Value* value, Value* position, Value* x) {
    using P = llvm::CmpInst::Predicate;
    const bool min = op == Op::ArgMin;
    Value* better;
    if (is_float(t)) {
      Value* value_nan = b_.CreateFCmpUNO(value, value);
      Value* x_nan = b_.CreateFCmpUNO(x, x);
      Value* ordered = b_.CreateFCmp(min ? P::FCMP_OLT : P::FCMP_OGT, x, value);
      better =
          b_.CreateOr(b_.CreateAnd(x_nan, b_.CreateNot(value_nan)), b_.CreateAnd(b_.CreateNot(value_nan), ordered));
    } else {
      const bool u = t == DType::Bool;
      better = b_.CreateICmp(min ? (u ? P::ICMP_ULT : P::ICMP_SLT) : (u ? P::ICMP_UGT : P::ICMP_SGT), x, value);
    }
    return b_.CreateOr(b_.CreateICmpSLT(position, b_.getInt64(0)), better);
  }

  /// Folds x (in the accumulator type) at `position` into (value, position) by ir/reduce.h's rules.
  void fold(Op op, DType operand, Value*& value, Value*& position, Value* x, Value* x_position) {
    const DType t = ir::accumulator_dtype(op, operand);
    Type* ty = value_type(c_, t);
    const bool fp = is_float(t);
    auto reassociable = [](Value* v) {
      llvm::FastMathFlags flags;
      flags.setAllowReassoc();
      llvm::cast<llvm::Instruction>(v)->setFastMathFlags(flags);
      return v;
    };
    namespace I = llvm::Intrinsic;
    switch (op) {
      case Op::Sum: value = fp ? reassociable(b_.CreateFAdd(value, x)) : b_.CreateAdd(value, x); return;
      case Op::Prod: value = fp ? reassociable(b_.CreateFMul(value, x)) : b_.CreateMul(value, x); return;
      case Op::Min:
        value = t == DType::Bool ? b_.CreateAnd(value, x) : intrinsic(fp ? I::minimum : I::smin, ty, {value, x});
        return;
      case Op::Max:
        value = t == DType::Bool ? b_.CreateOr(value, x) : intrinsic(fp ? I::maximum : I::smax, ty, {value, x});
        return;
      case Op::Any: value = b_.CreateOr(value, x); return;
      case Op::All: value = b_.CreateAnd(value, x); return;
      case Op::ArgMin:
      case Op::ArgMax: {
        Value* take = arg_takes(op, t, value, position, x);
        value = b_.CreateSelect(take, x, value);
        position = b_.CreateSelect(take, x_position, position);
        return;
      }
#include "sinter/detail/elementwise_cases.inc"
        throw InternalError("lower_to_llvm: " + std::string(info(op).name) + " is not a reduction");
    }
  }

  /// At the first output of each column block (every column_block() outputs from `begin`): the
  /// block's accumulators set to the identities and the column body run over it (again with
  /// the libm body, from the identities, when it asks).
  void emit_column_block(llvm::Function* fn, llvm::Function* body, llvm::Function* precise, Value* block, Value* o,
                         Value* begin, Value* end, Value* r_begin, Value* r_end, const Accumulators& identities) {
    Type* i64 = b_.getInt64Ty();
    auto* fill = llvm::BasicBlock::Create(c_, "column_block", fn);
    auto* done = llvm::BasicBlock::Create(c_, "column_block_done", fn);
    Value* local = b_.CreateSub(o, begin);
    b_.CreateCondBr(b_.CreateICmpEQ(b_.CreateURem(local, b_.getInt64(column_block())), b_.getInt64(0)), fill, done);
    b_.SetInsertPoint(fill);
    Value* block_end =
        b_.CreateBinaryIntrinsic(llvm::Intrinsic::smin, end, b_.CreateAdd(o, b_.getInt64(column_block())));
    Value* count = b_.CreateSub(block_end, o);
    auto initialize = [&] {
      auto* head = b_.GetInsertBlock();
      auto* loop = llvm::BasicBlock::Create(c_, "column_init", fn);
      auto* after = llvm::BasicBlock::Create(c_, "column_init_done", fn);
      b_.CreateBr(loop);
      b_.SetInsertPoint(loop);
      llvm::PHINode* j = b_.CreatePHI(i64, 2, "j");
      j->addIncoming(b_.getInt64(0), head);
      for (std::size_t k = 0; k < reductions_.size(); ++k) {
        const DType t = acc_dtype(k);
        Value* v = identities.value[k];
        if (t == DType::Bool) v = b_.CreateZExt(v, b_.getInt8Ty());
        b_.CreateStore(v, b_.CreateInBoundsGEP(memory_type(c_, t), column_values(block, k), j));
        if (identities.position[k])
          b_.CreateStore(identities.position[k], b_.CreateInBoundsGEP(i64, column_positions(block, k), j));
      }
      Value* j_next = b_.CreateAdd(j, b_.getInt64(1));
      j->addIncoming(j_next, loop);
      b_.CreateCondBr(b_.CreateICmpSLT(j_next, count), loop, after);
      b_.SetInsertPoint(after);
    };
    initialize();
    std::vector<Value*> args{o, block_end, r_begin, r_end};
    args.insert(args.end(), buffer_values_.begin(), buffer_values_.end());
    args.insert(args.end(), scalar_values_.begin(), scalar_values_.end());
    args.push_back(block);
    if (precise) {
      Value* any_huge = b_.CreateCall(body, args);
      auto* redo = llvm::BasicBlock::Create(c_, "column_redo", fn);
      b_.CreateCondBr(any_huge, redo, done);
      b_.SetInsertPoint(redo);
      initialize();
      b_.CreateCall(precise, args);
    } else {
      b_.CreateCall(body, args);
    }
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
  }

  /// void <symbol>(i64 begin, i64 end, ptr buffers, ptr scalars, ptr call): see llvm_jit.h's
  /// ReduceCall. Per output: run the body (and the libm body when it asks) or combine partial
  /// accumulators, then write the partials or finish: per-output instructions and stores.
  void define_reduction_entry(const std::string& symbol, llvm::Function* body, llvm::Function* precise, bool columns) {
    Type* i64 = b_.getInt64Ty();
    Type* ptr = b_.getPtrTy();
    auto* fn_type = llvm::FunctionType::get(b_.getVoidTy(), {i64, i64, ptr, ptr, ptr}, false);
    auto* fn = llvm::Function::Create(fn_type, llvm::Function::ExternalLinkage, symbol, m_);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    auto* entry = llvm::BasicBlock::Create(c_, "entry", fn);
    auto* outer = llvm::BasicBlock::Create(c_, "output", fn);
    auto* run = llvm::BasicBlock::Create(c_, "run", fn);
    auto* combine = llvm::BasicBlock::Create(c_, "combine", fn);
    auto* combine_part = llvm::BasicBlock::Create(c_, "combine_part", fn);
    auto* after_run = llvm::BasicBlock::Create(c_, "after_run", fn);
    auto* write_partial = llvm::BasicBlock::Create(c_, "write_partial", fn);
    auto* finish = llvm::BasicBlock::Create(c_, "finish", fn);
    auto* latch = llvm::BasicBlock::Create(c_, "next_output", fn);
    auto* exit = llvm::BasicBlock::Create(c_, "exit", fn);

    b_.SetInsertPoint(entry);
    Value* begin = fn->getArg(0);
    Value* end = fn->getArg(1);
    const std::size_t num_buffers = k_.inputs.size() + k_.outputs.size();
    buffer_values_.clear();
    for (std::size_t j = 0; j < num_buffers; ++j)
      buffer_values_.push_back(b_.CreateLoad(ptr, b_.CreateConstInBoundsGEP1_64(ptr, fn->getArg(2), j)));
    scalar_values_.clear();
    for (std::size_t j = 0; j < k_.scalars.size(); ++j) {
      Value* v = b_.CreateLoad(memory_type(c_, k_.scalars[j]), b_.CreateConstInBoundsGEP1_64(i64, fn->getArg(3), j));
      scalar_values_.push_back(k_.scalars[j] == DType::Bool ? b_.CreateICmpNE(v, b_.getInt8(0)) : v);
    }
    auto field = [&](unsigned index, Type* t) {
      return b_.CreateLoad(t, b_.CreateConstInBoundsGEP1_64(i64, fn->getArg(4), index));
    };
    Value* reduce_n = field(0, i64);
    Value* r_begin = field(1, i64);
    Value* r_end = field(2, i64);
    Value* partials = field(3, ptr);
    Value* mode = field(4, i64);
    Value* parts = field(5, i64);
    const std::uint64_t slots_bytes = 16 * reductions_.size();
    auto* acc = b_.CreateAlloca(llvm::ArrayType::get(b_.getInt8Ty(), slots_bytes), nullptr, "acc");
    acc->setAlignment(llvm::Align(16));
    llvm::AllocaInst* saved = nullptr;
    if (precise && !columns) {
      saved = b_.CreateAlloca(llvm::ArrayType::get(b_.getInt8Ty(), slots_bytes), nullptr, "saved");
      saved->setAlignment(llvm::Align(16));
    }
    llvm::AllocaInst* block = nullptr;
    if (columns) {
      block = b_.CreateAlloca(llvm::ArrayType::get(b_.getInt8Ty(), 16 * column_block() * reductions_.size()), nullptr,
                              "column_block");
      block->setAlignment(llvm::Align(32));
    }
    Value* outputs = b_.CreateSub(end, begin);
    Accumulators identities;
    for (std::size_t k = 0; k < reductions_.size(); ++k) {
      identities.value.push_back(identity(k_.body[reductions_[k]].op, operand_dtype(k)));
      identities.position.push_back(has_position(k) ? llvm::ConstantInt::getSigned(b_.getInt64Ty(), -1) : nullptr);
    }
    b_.CreateCondBr(b_.CreateICmpSLT(begin, end), outer, exit);

    b_.SetInsertPoint(outer);
    llvm::PHINode* o = b_.CreatePHI(i64, 2, "o");
    o->addIncoming(begin, entry);
    Value* local = b_.CreateSub(o, begin);
    store_accumulators(acc, identities);
    b_.CreateCondBr(b_.CreateICmpEQ(mode, b_.getInt64(2)), combine, run);

    // The output's elements [r_begin, r_end): flat indices from o * reduce_n.
    b_.SetInsertPoint(run);
    if (columns) {
      emit_column_block(fn, body, precise, block, o, begin, end, r_begin, r_end, identities);
      // This output's accumulators, from the block's arrays.
      Value* local_in_block = b_.CreateURem(local, b_.getInt64(column_block()));
      Accumulators mine;
      for (std::size_t k = 0; k < reductions_.size(); ++k) {
        const DType t = acc_dtype(k);
        Value* v = b_.CreateLoad(memory_type(c_, t),
                                 b_.CreateInBoundsGEP(memory_type(c_, t), column_values(block, k), local_in_block));
        mine.value.push_back(t == DType::Bool ? b_.CreateICmpNE(v, b_.getInt8(0)) : v);
        mine.position.push_back(
            has_position(k) ? b_.CreateLoad(i64, b_.CreateInBoundsGEP(i64, column_positions(block, k), local_in_block))
                            : nullptr);
      }
      store_accumulators(acc, mine);
      b_.CreateBr(after_run);
    } else {
      Value* base = b_.CreateMul(o, reduce_n);
      std::vector<Value*> args{b_.CreateAdd(base, r_begin), b_.CreateAdd(base, r_end)};
      args.insert(args.end(), buffer_values_.begin(), buffer_values_.end());
      args.insert(args.end(), scalar_values_.begin(), scalar_values_.end());
      args.push_back(acc);
      args.push_back(base);
      if (precise) {  // the libm body redoes the range from the accumulators as they were
        b_.CreateMemCpy(saved, llvm::Align(16), acc, llvm::Align(16), slots_bytes);
        Value* any_huge = b_.CreateCall(body, args);
        auto* redo = llvm::BasicBlock::Create(c_, "redo", fn);
        b_.CreateCondBr(any_huge, redo, after_run);
        b_.SetInsertPoint(redo);
        b_.CreateMemCpy(acc, llvm::Align(16), saved, llvm::Align(16), slots_bytes);
        b_.CreateCall(precise, args);
      } else {
        b_.CreateCall(body, args);
      }
      b_.CreateBr(after_run);
    }
    b_.SetInsertPoint(after_run);
    b_.CreateCondBr(b_.CreateICmpEQ(mode, b_.getInt64(1)), write_partial, finish);

    b_.SetInsertPoint(write_partial);
    Value* destination = b_.CreateInBoundsGEP(b_.getInt8Ty(), partials, b_.CreateMul(local, b_.getInt64(slots_bytes)));
    b_.CreateMemCpy(destination, llvm::Align(8), acc, llvm::Align(16), slots_bytes);
    b_.CreateBr(latch);

    // Partial accumulators, part by part in order, folded into the identities.
    b_.SetInsertPoint(combine);
    b_.CreateCondBr(b_.CreateICmpSGT(parts, b_.getInt64(0)), combine_part, finish);
    b_.SetInsertPoint(combine_part);
    llvm::PHINode* part = b_.CreatePHI(i64, 2, "part");
    part->addIncoming(b_.getInt64(0), combine);
    {
      Value* slot = b_.CreateAdd(b_.CreateMul(part, outputs), local);
      Value* source = b_.CreateInBoundsGEP(b_.getInt8Ty(), partials, b_.CreateMul(slot, b_.getInt64(slots_bytes)));
      Accumulators current = load_accumulators(acc);
      const Accumulators partial = load_accumulators(source);
      for (std::size_t k = 0; k < reductions_.size(); ++k)
        fold(k_.body[reductions_[k]].op, operand_dtype(k), current.value[k], current.position[k], partial.value[k],
             partial.position[k]);
      store_accumulators(acc, current);
    }
    Value* next_part = b_.CreateAdd(part, b_.getInt64(1));
    part->addIncoming(next_part, b_.GetInsertBlock());
    b_.CreateCondBr(b_.CreateICmpSLT(next_part, parts), combine_part, finish);

    // Per-output instructions at output o, then the stores.
    b_.SetInsertPoint(finish);
    fast_trig_ = false;  // once per output: libm's sin and cos
    const int kept = k_.rank - k_.reduce_rank;
    layouts_at_.assign(k_.layouts.size(), nullptr);
    {
      std::vector<Value*> offsets(k_.layouts.size(), b_.getInt64(0));
      Value* rest = o;
      for (int d = kept - 1; d >= 0; --d) {
        Value* size = param(k_.shape_slot + d);
        Value* c = d == 0 ? rest : b_.CreateURem(rest, size);
        if (d > 0) rest = b_.CreateUDiv(rest, size);
        for (std::size_t l = 0; l < k_.layouts.size(); ++l)
          if (k_.layouts[l].per_output)
            offsets[l] = b_.CreateAdd(offsets[l], b_.CreateMul(c, param(k_.layouts[l].stride_slot + d)));
      }
      for (std::size_t l = 0; l < k_.layouts.size(); ++l)
        if (k_.layouts[l].per_output) layouts_at_[l] = offsets[l];
    }
    const Accumulators final_state = load_accumulators(acc);
    std::vector<Value*> values(k_.body.size());
    for (std::size_t j = 0, k = 0; j < k_.body.size(); ++j) {
      const ir::Instr& in = k_.body[j];
      if (!in.per_output) continue;
      if (!is_reduction(in.op)) {
        values[j] = lower(in, values, o);
        continue;
      }
      if (has_position(k)) values[j] = final_state.position[k];
      else if (acc_dtype(k) != in.dtype) values[j] = b_.CreateFPTrunc(final_state.value[k], value_type(c_, in.dtype));
      else values[j] = final_state.value[k];
      ++k;
    }
    store_outputs(values, o);
    b_.CreateBr(latch);

    b_.SetInsertPoint(latch);
    Value* next = b_.CreateAdd(o, b_.getInt64(1));
    o->addIncoming(next, latch);
    b_.CreateCondBr(b_.CreateICmpSLT(next, end), outer, exit);
    b_.SetInsertPoint(exit);
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

  Value* lower(const ir::Instr& in, const std::vector<Value*>& v, Value* i) {
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
        Value* base = buffer_values_[static_cast<std::size_t>(in.slot)];
        Value* at = in.layout < 0 ? i : layouts_at_[static_cast<std::size_t>(in.layout)];
        Value* x = b_.CreateLoad(memory_type(c_, t), b_.CreateInBoundsGEP(memory_type(c_, t), base, at));
        return t == DType::Bool ? b_.CreateICmpNE(x, b_.getInt8(0)) : x;
      }
      case Op::Scalar: return scalar_values_[static_cast<std::size_t>(in.slot)];
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
#include "sinter/detail/reduction_cases.inc"
        break;  // folded by fold() and finish(), never lowered one element at a time
    }
    throw InternalError("lower_to_llvm: " + std::string(info(in.op).name) + " lowered as an elementwise op");
  }

  const ir::KernelIR& k_;
  llvm::Module& m_;
  llvm::LLVMContext& c_;
  IRBuilder<> b_;
  bool fast_trig_ = false;
  Value* huge_ = nullptr;              // the running "some sin/cos argument needs libm" flag (i1)
  std::vector<Value*> layouts_at_;     // per layout: the element index of the current iteration
  std::vector<Value*> buffer_values_;  // the function being written: buffer addresses (inputs, outputs)
  std::vector<Value*> scalar_values_;  // and scalar parameters
  // A reduction kernel: its reduction instructions, the body's accumulator slots and the flat
  // index of position 0, and the accumulators' state while the body is written.
  std::vector<std::size_t> reductions_;
  Value* acc_ptr_ = nullptr;
  Value* position_base_ = nullptr;
  Accumulators acc_;
  // emit_arg_blocks: per reduction its block array (argmin/argmax) or null, and the flat index
  // of the block's first element while the block pass is written (else null).
  std::vector<Value*> arg_blocks_;
  Value* block_first_ = nullptr;
  unsigned vector_bits_ = 0;  // lower_to_llvm's vector_bits
};

}  // namespace

bool reduces_by_columns(const ir::KernelIR& k) {
  if (!k.is_reduction() || k.rank - k.reduce_rank != 1 || k.reduce_rank < 1) return false;
  bool reads = false;
  for (const ir::Instr& in : k.body) {
    if (in.per_output || in.op != Op::Buffer) continue;
    if (in.layout < 0 || k.layouts[static_cast<std::size_t>(in.layout)].inner == ir::InnerStride::Unit) return false;
    reads = true;
  }
  return reads;
}

std::unique_ptr<llvm::Module> lower_to_llvm(const ir::KernelIR& kernel, const std::string& symbol,
                                            llvm::LLVMContext& context, const llvm::DataLayout& layout,
                                            const llvm::Triple& triple, unsigned vector_bits) {
  auto module = std::make_unique<llvm::Module>(symbol, context);
  module->setDataLayout(layout);
  module->setTargetTriple(triple.str());
  Lowering(kernel, *module, vector_bits).run(symbol);
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*module, &os))
    throw CompileError("lower_to_llvm produced invalid IR for " + kernel.name() + ":\n" + os.str() + "\n" +
                       ir::to_string(kernel));
  return module;
}

std::string lower_to_llvm_text(const ir::KernelIR& kernel, const std::string& symbol, const std::string& triple,
                               const std::string& data_layout, unsigned vector_bits) {
  llvm::LLVMContext context;
  const auto module =
      lower_to_llvm(kernel, symbol, context, llvm::DataLayout(data_layout), llvm::Triple(triple), vector_bits);
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, nullptr);
  return os.str();
}

}  // namespace sinter::llvm_backend
