// The math functions the loop vectorizer may call glibc's libmvec for, and at which widths: SSE
// (b), AVX2 (d) and, on hosts with AVX-512, AVX-512 (e) variants of every libm function sinter
// calls that libmvec has (glibc 2.35 or later). LLVM 19's own LIBMVEC_X86 table has only sin, cos,
// tan, exp, log and pow at the SSE and AVX2 widths. Vector loops call the variant of their width;
// use_one_math_variant (one_math_variant.h) routes all other calls through the widest one.
#pragma once

#include <llvm/Analysis/TargetLibraryInfo.h>

#include <deque>
#include <string>
#include <vector>

namespace sinter::llvm_backend {

class LibmvecTable {
 public:
  /// `avx512`: whether the host runs AVX-512F code (the e variants are added).
  explicit LibmvecTable(bool avx512);
  llvm::ArrayRef<llvm::VecDesc> entries() const { return entries_; }

 private:
  std::deque<std::string> names_;  // the entries' names (VecDesc holds StringRefs)
  std::vector<llvm::VecDesc> entries_;
};

}  // namespace sinter::llvm_backend
