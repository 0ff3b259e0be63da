// The shared state of one kernel's LLVM lowering (lowering_context.h): types, and the
// parameters of the functions the parts write.
#include "codegen/llvm/lowering_context.h"

#include <llvm/IR/Function.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include "sinter/error.h"

namespace sinter::llvm_backend {

using llvm::Type;
using llvm::Value;

// Both types of each dtype are columns of the catalogue (include/sinter/dtypes.def).
Type* value_type(llvm::LLVMContext& c, DType t) {
  switch (t) {
#define SINTER_DTYPE(name, spelling, cpp_type, kind, bytes, sum_to, sum_accumulator, cuda, short_name, llvm_value, \
                     llvm_memory)                                                                                  \
  case DType::name:                                                                                                \
    return Type::get##llvm_value##Ty(c);
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
  }
  throw InternalError("value_type of a dtype outside the catalogue");
}

Type* memory_type(llvm::LLVMContext& c, DType t) {
  switch (t) {
#define SINTER_DTYPE(name, spelling, cpp_type, kind, bytes, sum_to, sum_accumulator, cuda, short_name, llvm_value, \
                     llvm_memory)                                                                                  \
  case DType::name:                                                                                                \
    return Type::get##llvm_memory##Ty(c);
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
  }
  throw InternalError("memory_type of a dtype outside the catalogue");
}

LoweringContext::LoweringContext(const ir::KernelIR& kernel_ir, llvm::Module& into, unsigned bits)
    : kernel(kernel_ir),
      reductions(kernel_ir),
      module(into),
      context(into.getContext()),
      builder(context),
      vector_bits(bits) {}

llvm::Function* LoweringContext::create_body_function(const char* name, unsigned leading,
                                                      const std::vector<Type*>& trailing, bool fast, bool rare) {
  auto& b = builder;
  fast_trig = fast;
  std::vector<Type*> params(leading, b.getInt64Ty());
  for (std::size_t i = 0; i < num_buffers(); ++i) params.push_back(b.getPtrTy());
  for (DType t : kernel.scalars) params.push_back(value_type(context, t));
  params.insert(params.end(), trailing.begin(), trailing.end());
  Type* result = fast ? b.getInt1Ty() : b.getVoidTy();
  auto* fn = llvm::Function::Create(llvm::FunctionType::get(result, params, false), llvm::Function::InternalLinkage,
                                    name, module);
  if (rare) {
    fn->addFnAttr(llvm::Attribute::NoInline);
    fn->addFnAttr(llvm::Attribute::Cold);
    fn->addFnAttr(llvm::Attribute::OptimizeForSize);
  } else {
    fn->addFnAttr(llvm::Attribute::AlwaysInline);
  }
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  buffers.clear();
  for (std::size_t i = 0; i < num_buffers(); ++i) {
    const auto index = static_cast<unsigned>(leading + i);
    fn->addParamAttr(index, llvm::Attribute::NoAlias);
    fn->addParamAttr(index, llvm::Attribute::NoCapture);
    buffers.push_back(fn->getArg(index));
  }
  scalars.clear();
  for (std::size_t i = 0; i < kernel.scalars.size(); ++i)
    scalars.push_back(fn->getArg(static_cast<unsigned>(leading + num_buffers() + i)));
  return fn;
}

void LoweringContext::load_parameters(Value* buffer_array, Value* scalar_array) {
  auto& b = builder;
  buffers.clear();
  for (std::size_t j = 0; j < num_buffers(); ++j)
    buffers.push_back(b.CreateLoad(b.getPtrTy(), b.CreateConstInBoundsGEP1_64(b.getPtrTy(), buffer_array, j)));
  scalars.clear();
  for (std::size_t j = 0; j < kernel.scalars.size(); ++j) {
    Value* v = b.CreateLoad(memory_type(context, kernel.scalars[j]),
                            b.CreateConstInBoundsGEP1_64(b.getInt64Ty(), scalar_array, j));
    scalars.push_back(kernel.scalars[j] == DType::Bool ? b.CreateICmpNE(v, b.getInt8(0)) : v);
  }
}

}  // namespace sinter::llvm_backend
