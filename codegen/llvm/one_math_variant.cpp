#include "codegen/llvm/one_math_variant.h"

#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>

#include <optional>
#include <string>
#include <vector>

namespace sinter::llvm_backend {
namespace {

struct Variant {
  std::string scalar;  // libm's name (or the scalar intrinsic's) the variant computes
  unsigned lanes = 1;  // 1: the scalar function itself
};

// The scalar function and width of a call; nullopt for anything `library` does not vectorize.
// Vector variants are libmvec's, named by the vector function ABI (_ZGV <isa> N <lanes> <params>
// _ <scalar>), or vector intrinsics (llvm.tan.v16f32), which the SLP vectorizer makes and code
// generation turns into scalar libm calls.
std::optional<Variant> variant_of(const llvm::CallInst& call, const llvm::TargetLibraryInfoImpl& library) {
  const llvm::Function& callee = *call.getCalledFunction();
  llvm::StringRef name = callee.getName();
  Variant v{name.str(), 1};
  if (name.consume_front("_ZGV")) {
    if (name.size() < 3 || name[1] != 'N') return std::nullopt;  // masked variants are not called
    name = name.drop_front(2);
    if (name.consumeInteger(10, v.lanes) || v.lanes == 0) return std::nullopt;
    const std::size_t underscore = name.find('_');
    if (underscore == llvm::StringRef::npos) return std::nullopt;
    v.scalar = name.drop_front(underscore + 1).str();
  } else if (auto* type = llvm::dyn_cast<llvm::FixedVectorType>(call.getType()); type && callee.isIntrinsic()) {
    v.lanes = type->getNumElements();
    v.scalar = llvm::Intrinsic::getNameNoUnnamedTypes(callee.getIntrinsicID(), {type->getElementType()});
  }
  if (!library.isFunctionVectorizable(v.scalar)) return std::nullopt;
  return v;
}

// Lanes first..first+wide-1 of `v` (a vector, or a scalar when lanes == 1); lanes past its end
// repeat `first`, an argument the function handles on its fast path whenever lane `first` is.
llvm::Value* lanes_of(llvm::IRBuilder<>& b, llvm::Value* v, unsigned lanes, unsigned first, unsigned wide) {
  if (lanes == 1) return b.CreateVectorSplat(wide, v);
  std::vector<int> mask(wide);
  for (unsigned i = 0; i < wide; ++i) mask[i] = static_cast<int>(first + i < lanes ? first + i : first);
  return b.CreateShuffleVector(v, mask);
}

}  // namespace

void use_one_math_variant(llvm::Module& module, const llvm::TargetLibraryInfoImpl& library) {
  std::vector<llvm::CallInst*> calls;
  for (llvm::Function& f : module)
    for (llvm::BasicBlock& block : f)
      for (llvm::Instruction& i : block)
        if (auto* call = llvm::dyn_cast<llvm::CallInst>(&i); call && call->getCalledFunction()) calls.push_back(call);
  for (llvm::CallInst* call : calls) {
    const auto variant = variant_of(*call, library);
    if (!variant) continue;
    llvm::ElementCount fixed = llvm::ElementCount::getFixed(0), scalable = llvm::ElementCount::getScalable(0);
    library.getWidestVF(variant->scalar, fixed, scalable);
    const unsigned wide = fixed.getFixedValue(), lanes = variant->lanes;
    const llvm::StringRef name = library.getVectorizedFunction(variant->scalar, fixed, false);
    if (wide == lanes || wide == 0 || name.empty()) continue;

    // The call's lanes, `wide` at a time; then its result put together from theirs.
    llvm::IRBuilder<> b(call);
    std::vector<llvm::Value*> parts;
    for (unsigned first = 0; first < lanes; first += wide) {
      std::vector<llvm::Value*> args;
      std::vector<llvm::Type*> types;
      for (llvm::Value* a : call->args()) {
        args.push_back(lanes_of(b, a, lanes, first, wide));
        types.push_back(args.back()->getType());
      }
      llvm::Type* result = llvm::VectorType::get(call->getType()->getScalarType(), fixed);
      const llvm::FunctionCallee callee =
          module.getOrInsertFunction(name, llvm::FunctionType::get(result, types, false));
      llvm::CallInst* part = b.CreateCall(callee, args);
      if (llvm::isa<llvm::FPMathOperator>(call)) part->setFastMathFlags(call->getFastMathFlags());
      parts.push_back(part);
    }
    llvm::Value* value = nullptr;
    if (lanes == 1) {
      value = b.CreateExtractElement(parts[0], std::uint64_t{0});
    } else {
      value = llvm::PoisonValue::get(call->getType());
      for (unsigned i = 0; i < lanes; ++i)
        value = b.CreateInsertElement(value, b.CreateExtractElement(parts[i / wide], std::uint64_t{i % wide}),
                                      std::uint64_t{i});
    }
    call->replaceAllUsesWith(value);
    call->eraseFromParent();
  }
}

}  // namespace sinter::llvm_backend
