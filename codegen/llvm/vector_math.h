// sinter's own exp, log, sin and cos for float and double, emitted as straight-line LLVM IR
// (Cody-Waite range reduction with FMA, then a polynomial), so that the loop vectorizer widens
// them with the rest of a kernel to the host's full vector width, with no calls. libmvec, which
// LLVM maps these functions to otherwise, has AVX2-width entry points only and costs a call per
// function per vector.
//
// Every function follows IEEE for the special cases: NaN in, NaN out; exp overflows to +inf and
// underflows through the denormals to +0; log(+inf) = +inf, log(±0) = -inf, log(x < 0) = NaN and
// denormal inputs are exact; sin(±0) = ±0 and sin/cos of tiny and denormal inputs are correct.
// Measured accuracy: docs/accuracy.md.
//
// sin and cos reduce their argument with three parts of pi/2, which is exact enough only for
// |x| <= trig_fast_limit(type). The caller must compute the kernel again with libm's sin/cos when
// any element exceeds it (huge_trig_argument tells), as lower_to_llvm does: one flag per chunk, a
// second pass only for chunks that hold such elements (or infinities).
#pragma once

namespace llvm {
class IRBuilderBase;
class Value;
}  // namespace llvm

namespace sinter::llvm_backend {

/// x is a float or double scalar (or vector) value; the result has its type.
llvm::Value* emit_exp(llvm::IRBuilderBase& b, llvm::Value* x);
llvm::Value* emit_log(llvm::IRBuilderBase& b, llvm::Value* x);
llvm::Value* emit_sin(llvm::IRBuilderBase& b, llvm::Value* x);
llvm::Value* emit_cos(llvm::IRBuilderBase& b, llvm::Value* x);

/// An i1 (per element): true where emit_sin/emit_cos of x are not accurate (|x| above the
/// reduction's limit, or infinite); false for NaN, which they propagate.
llvm::Value* huge_trig_argument(llvm::IRBuilderBase& b, llvm::Value* x);

}  // namespace sinter::llvm_backend
