// The seam between the core and the CPU BLAS (matrix products, lib/frontend/matmul.cpp): a
// table of the two GEMM entry points sinter calls. runtime/cpu/blas.cpp loads the library with
// dlopen at first use, so libsinter has no link-time BLAS dependency and exports no BLAS symbol.
#pragma once
#include <string>

namespace sinter::blas {

/// CBLAS's CBLAS_ORDER and CBLAS_TRANSPOSE values (the ABI every CBLAS shares).
enum : int { kRowMajor = 101, kNoTrans = 111, kTrans = 112 };

/// cblas_sgemm / cblas_dgemm: C = alpha * op(A) op(B) + beta * C (LP64: 32-bit sizes).
using Sgemm = void (*)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a, int lda,
                       const float* b, int ldb, float beta, float* c, int ldc);
using Dgemm = void (*)(int order, int trans_a, int trans_b, int m, int n, int k, double alpha, const double* a, int lda,
                       const double* b, int ldb, double beta, double* c, int ldc);

struct CpuBlas {
  Sgemm sgemm = nullptr;
  Dgemm dgemm = nullptr;
  std::string library_path;  // the candidate that loaded, e.g. "libopenblas.so.0"
};

/// The CPU BLAS, loaded once (thread-safe); nullptr when no candidate loads, and then `why`
/// (if given) says which libraries were tried and what dlopen answered.
const CpuBlas* cpu_blas(std::string* why = nullptr);

}  // namespace sinter::blas
