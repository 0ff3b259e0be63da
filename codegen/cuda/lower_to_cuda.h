// Kernel IR -> CUDA C++ source for NVRTC: the codegen half of the CUDA backend.
// The source has no #include; every kernel gets two entry points sharing one body, so the
// launcher picks 32-bit indexing whenever n allows without a second compile.
#pragma once
#include <cstdint>
#include <string>

#include "ir/kernel.h"

namespace sinter::gpu {

struct CudaCodegenOptions {
  /// Elements one thread handles per trip of the vectorized loop: 1, 2, 4 or 8. With 4, a
  /// float32 operand moves as one 16-byte load, a float64 operand as two, a bool one as 4 bytes.
  /// 1 emits only the scalar loop.
  int elements_per_thread = 4;
  /// Which entry points to emit (at least one). The runtime compiles the 32-bit one first and
  /// the 64-bit one only when a launch needs it: each is a full copy of the loop, so a module
  /// with one compiles in about half the time.
  bool entry_32 = true;
  bool entry_64 = true;
  /// false (default): an element function that calls the math library (exp, sin, ...) is
  /// __noinline__, one copy in the module instead of one per unrolled element and loop (NVRTC
  /// builds an E4-like kernel in 76-85 ms instead of 160-230 on the GPU machine); one without is
  /// always inlined (a call per element cost E1 20% of the copy bandwidth on an H200,
  /// bench/results/gpu-2026-11-27b.md). true inlines every element function.
  bool inline_element = false;
  /// Loads a reduction loop issues per trip before its first fold waits (1 to 16; the flat loop
  /// issues half as many vector groups). More bytes in flight per thread, more registers.
  int reduction_batch = 4;
  /// Reduction and row kernels: the blocks of kThreadsPerBlock threads each multiprocessor should
  /// hold at once (__launch_bounds__'s second argument: it caps registers per thread). 0 leaves
  /// the register count to NVRTC.
  int min_blocks_per_multiprocessor = 0;
};

/// Threads per block the kernels are written for (__launch_bounds__) and launched with.
inline constexpr int kThreadsPerBlock = 256;

/// Largest n the 32-bit entry point accepts. Its loops count in unsigned 32-bit, and with
/// n < 2^31 and at most 2^31 threads in the grid no index can wrap before the loop ends.
inline constexpr std::int64_t kMaxElementsFor32BitIndex = 2147483647;

/// Entry point with 32-bit indexing: `KernelIR::name()`. Parameters, in order: one pointer per
/// buffer (inputs, then outputs), one value per scalar slot (in its own type), `unsigned int n`.
std::string entry_point_32(const ir::KernelIR& kernel);
/// Entry point with 64-bit indexing: name() + "_i64". Same parameters, except `long long n`.
std::string entry_point_64(const ir::KernelIR& kernel);

/// A complete translation unit: the prelude (cuda_prelude.h) followed by the kernel (a reduction
/// kernel with its own loop and parameters: lower_reduction_to_cuda.h).
/// Throws CompileError for IR that breaks the catalogue's type rules.
std::string lower_to_cuda(const ir::KernelIR& kernel, const CudaCodegenOptions& options = {});

/// The kernel's definitions without the prelude, so several kernels can share one translation
/// unit (one NVRTC call for many kernels: used by the codegen tests).
std::string lower_to_cuda_definitions(const ir::KernelIR& kernel, const CudaCodegenOptions& options = {});

}  // namespace sinter::gpu
