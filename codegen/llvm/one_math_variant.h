// Every call of a vectorizable math-library function in a module goes through one variant: the
// widest vector one. The loop vectorizer maps a libm call to libmvec's variant of the loop's
// width and leaves libm's scalar function in the remainder; libm's tanf and libmvec's differ by
// an ulp on some inputs, and so can libmvec's SSE and AVX2 widths. Then one element's value
// depends on its position, and the phases of a row kernel, which each compute the same value
// again, disagree (softmax's max is not the largest stored element). After this pass the value of
// f(x) depends on x only, wherever and however often a kernel computes it.
#pragma once

namespace llvm {
class Module;
class TargetLibraryInfoImpl;
}  // namespace llvm

namespace sinter::llvm_backend {

/// Rewrites scalar and narrower vector calls of the functions `library` vectorizes into calls of
/// the widest variant (the arguments padded with copies of their first lane, the result's extra
/// lanes dropped). Run it after the optimization pipeline.
void use_one_math_variant(llvm::Module& module, const llvm::TargetLibraryInfoImpl& library);

}  // namespace sinter::llvm_backend
