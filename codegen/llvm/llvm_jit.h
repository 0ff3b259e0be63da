// The CPU compiler: kernel IR -> optimized machine code in this process, through ORC LLJIT.
// exp, log, sin and cos are inline polynomials (vector_math.h); tanh, erf and pow are vectorized
// through glibc's libmvec.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "ir/kernel.h"

namespace sinter::llvm_backend {

/// Computes elements [begin, end) of a kernel. buffers: inputs then outputs; scalars: one
/// 8-byte slot per scalar parameter.
using CpuKernelFn = void (*)(std::int64_t begin, std::int64_t end, void* const* buffers, const std::uint64_t* scalars);

/// How one call of a reduction kernel (ir/kernel.h) runs: it computes outputs [begin, end).
///   mode 0: each from its elements [r_begin, r_end) (all of them: 0, reduce_n), finished and
///           written to the output buffers;
///   mode 1: the accumulators of elements [r_begin, r_end) of each, written to `partials`;
///   mode 2: each from the `parts` sets of accumulators at `partials` (in the order of the
///           element ranges they cover), finished and written.
/// A set of accumulators holds (end - begin) x (reductions in the kernel) slots of 16 bytes, in
/// output-major order: the value in the accumulator type (ir/reduce.h; a bool as one byte),
/// then at byte 8 the int64 position of argmin/argmax.
struct ReduceCall {
  std::int64_t reduce_n = 0;
  std::int64_t r_begin = 0;
  std::int64_t r_end = 0;
  void* partials = nullptr;
  std::int64_t mode = 0;
  std::int64_t parts = 0;
};
using CpuReduceFn = void (*)(std::int64_t begin, std::int64_t end, void* const* buffers, const std::uint64_t* scalars,
                             const ReduceCall* call);

/// The machine code of one compiled kernel. Destroying it gives the code memory back to the
/// process (a long-running program may meet any number of distinct kernels).
class CpuKernelCode {
 public:
  virtual ~CpuKernelCode() = default;
  CpuKernelFn fn = nullptr;         // an elementwise kernel
  CpuReduceFn reduce_fn = nullptr;  // a reduction kernel
  bool by_columns = false;          // a reduction kernel in column order (lower_to_llvm.h)
};

/// Compiles a kernel (about 10-20 ms), or links its object from the disk kernel cache when an
/// earlier compile stored it there (runtime/cache; off with SINTER_CACHE=0). Thread-safe.
/// Throws CompileError, ConfigError (bad cache settings).
std::unique_ptr<CpuKernelCode> compile_cpu_kernel(const ir::KernelIR& kernel);

/// Kernels this process took from the disk cache so far (tests, diagnostics).
std::uint64_t cpu_kernels_from_disk();

/// What this process's CPU kernels are built for, as the disk cache records it in each entry:
/// LLVM's version, the target triple, CPU and features, and the code generation options.
std::string cpu_cache_target();

}  // namespace sinter::llvm_backend
