// The CPU compiler: kernel IR -> optimized machine code in this process, through ORC LLJIT.
// Thread-safe. Transcendental functions are vectorized through glibc's libmvec.
#pragma once
#include <cstdint>

#include "ir/kernel.h"

namespace sinter::llvm_backend {

/// Computes elements [begin, end) of a kernel. buffers: inputs then outputs; scalars: one
/// 8-byte slot per scalar parameter.
using CpuKernelFn = void (*)(std::int64_t begin, std::int64_t end, void* const* buffers,
                             const std::uint64_t* scalars);

/// Compiles a kernel (about 10-20 ms). Throws CompileError.
CpuKernelFn compile_cpu_kernel(const ir::KernelIR& kernel);

}  // namespace sinter::llvm_backend
