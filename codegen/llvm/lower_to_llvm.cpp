// Kernel IR to LLVM IR: which functions a kernel becomes, and the public entry points. One LLVM
// value per kernel instruction (instruction_spelling.h), in a counted loop (element_loops.h).
// No fast-math flags: results follow IEEE, as the reference interpreter's do. exp, log, sin and
// cos are sinter's own inline polynomials (vector_math.h), so they vectorize at the full width.
//
// A reduction kernel (ir/kernel.h) has the same per-element body, which folds its elements into
// accumulators instead of storing them (reduction_folds.h, accumulators.h), and an entry point
// that walks the outputs (reduction_entry.h; llvm_jit.h: ReduceCall): per output it runs the
// body over the output's elements, or combines partial accumulators, then the per-output
// instructions and the stores. Reductions of a leading axis walk memory in column order
// (column_reduction.h). What the parts share is lowering_context.h.
#include "codegen/llvm/lower_to_llvm.h"

#include <llvm/IR/DataLayout.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Triple.h>

#include <vector>

#include "codegen/llvm/column_reduction.h"
#include "codegen/llvm/element_loops.h"
#include "codegen/llvm/fold_kernel.h"
#include "codegen/llvm/instruction_spelling.h"
#include "codegen/llvm/lowering_context.h"
#include "codegen/llvm/reduction_entry.h"
#include "codegen/llvm/scan.h"
#include "sinter/error.h"

namespace sinter::llvm_backend {
namespace {

using llvm::Type;
using llvm::Value;

// void <symbol>(i64 begin, i64 end, ptr buffers, ptr scalars): unpacks and calls body (and
// `precise` over the same elements when body asks for it).
void define_entry(LoweringContext& cx, const std::string& symbol, llvm::Function* body, llvm::Function* precise) {
  auto& b = cx.builder;
  Type* i64 = b.getInt64Ty();
  auto* fn_type = llvm::FunctionType::get(b.getVoidTy(), {i64, i64, b.getPtrTy(), b.getPtrTy()}, false);
  auto* fn = llvm::Function::Create(fn_type, llvm::Function::ExternalLinkage, symbol, cx.module);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  b.SetInsertPoint(llvm::BasicBlock::Create(cx.context, "entry", fn));
  cx.load_parameters(fn->getArg(2), fn->getArg(3));
  std::vector<Value*> args{fn->getArg(0), fn->getArg(1)};
  args.insert(args.end(), cx.buffers.begin(), cx.buffers.end());
  args.insert(args.end(), cx.scalars.begin(), cx.scalars.end());
  Value* any_huge = b.CreateCall(body, args);
  if (precise) {
    auto* redo = llvm::BasicBlock::Create(cx.context, "redo", fn);
    auto* done = llvm::BasicBlock::Create(cx.context, "done", fn);
    b.CreateCondBr(any_huge, redo, done);
    b.SetInsertPoint(redo);
    b.CreateCall(precise, args);
    b.CreateBr(done);
    b.SetInsertPoint(done);
  }
  b.CreateRetVoid();
}

// With sin or cos: a fast body with sinter's polynomials that also reports whether any argument
// was beyond their reduction's range, and a body with libm's sin and cos that the entry runs
// over the same elements when one was (vector_math.h).
void lower_kernel(LoweringContext& cx, const std::string& symbol) {
  if (has_folds(cx.kernel)) {  // user-defined reductions: fold_kernel.h
    define_fold_entry(cx, symbol);
    return;
  }
  if (cx.kernel.is_scan()) {  // scan.h
    define_scan_entry(cx, symbol);
    return;
  }
  bool trig = false;
  for (const ir::Instr& in : cx.kernel.body) trig = trig || (uses_trig_polynomials(in) && !in.per_output);
  if (cx.reductions.empty()) {
    ElementLoops loops(cx);
    llvm::Function* body = loops.define_body("body", trig, false);
    llvm::Function* precise = trig ? loops.define_body("body_libm", false, true) : nullptr;
    define_entry(cx, symbol, body, precise);
  } else if (reduces_by_columns(cx.kernel)) {
    ColumnReduction columns(cx);
    llvm::Function* body = columns.define_body("columns", trig, false);
    llvm::Function* precise = trig ? columns.define_body("columns_libm", false, true) : nullptr;
    define_reduction_entry(cx, symbol, body, precise, &columns);
  } else {
    ElementLoops loops(cx);
    llvm::Function* body = loops.define_body("body", trig, false);
    llvm::Function* precise = trig ? loops.define_body("body_libm", false, true) : nullptr;
    define_reduction_entry(cx, symbol, body, precise, nullptr);
  }
}

}  // namespace

std::unique_ptr<llvm::Module> lower_to_llvm(const ir::KernelIR& kernel, const std::string& symbol,
                                            llvm::LLVMContext& context, const llvm::DataLayout& layout,
                                            const llvm::Triple& triple, unsigned vector_bits) {
  auto module = std::make_unique<llvm::Module>(symbol, context);
  module->setDataLayout(layout);
  module->setTargetTriple(triple.str());
  LoweringContext cx(kernel, *module, vector_bits);
  lower_kernel(cx, symbol);
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
