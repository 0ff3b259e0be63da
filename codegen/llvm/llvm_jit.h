// The CPU compiler: kernel IR -> optimized machine code in this process, through ORC LLJIT.
// exp, log, sin and cos are inline polynomials (vector_math.h); tanh, erf and pow are vectorized
// through glibc's libmvec.
#pragma once
#include <cstdint>
#include <memory>

#include "ir/kernel.h"

namespace sinter::llvm_backend {

/// Computes elements [begin, end) of a kernel. buffers: inputs then outputs; scalars: one
/// 8-byte slot per scalar parameter.
using CpuKernelFn = void (*)(std::int64_t begin, std::int64_t end, void* const* buffers, const std::uint64_t* scalars);

/// The machine code of one compiled kernel. Destroying it gives the code memory back to the
/// process (a long-running program may meet any number of distinct kernels).
class CpuKernelCode {
 public:
  virtual ~CpuKernelCode() = default;
  CpuKernelFn fn = nullptr;
};

/// Compiles a kernel (about 10-20 ms). Thread-safe. Throws CompileError.
std::unique_ptr<CpuKernelCode> compile_cpu_kernel(const ir::KernelIR& kernel);

}  // namespace sinter::llvm_backend
