// A kernel built for one device: generated source -> image (disk cache or NVRTC) -> module ->
// the two entry points; and its launch, which packs KernelArgs into the fixed parameter layout
// of codegen/cuda (pointers, scalars, n) on the stack, with no heap allocation.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "backend.h"
#include "runtime/cache/disk_cache.h"
#include "runtime/cuda/cuda_context.h"

namespace sinter::gpu {

class CudaKernel final : public CompiledKernel {
 public:
  /// `module` holds the 32-bit entry point; the 64-bit one is built from `kernel` on first need.
  CudaKernel(std::shared_ptr<const CudaContext> context, CUmodule module, const ir::KernelIR& kernel,
             cache::DiskCache* disk_cache)
      : context_(std::move(context)), module_(module), kernel_(kernel), disk_cache_(disk_cache) {}
  ~CudaKernel() override;
  CudaKernel(const CudaKernel&) = delete;
  CudaKernel& operator=(const CudaKernel&) = delete;

  /// Queues the kernel over args.n elements on `stream` and returns. The first
  /// launch with n > kMaxElementsFor32BitIndex builds the 64-bit entry point (CompileError or
  /// DeviceError when that fails; the next such launch tries again).
  void launch(const ir::KernelArgs& args, CUstream stream) const;

  CUfunction entry_32 = nullptr;  // unsigned int n, for n <= kMaxElementsFor32BitIndex
  std::size_t num_buffers = 0;
  std::size_t num_scalars = 0;
  std::int64_t elements_per_thread = 4;
  unsigned int max_blocks = 1;  // grid cap (SINTER_CUDA_GRID_WAVES; default: none)
  std::string name;

 private:
  CUfunction wide_entry() const;

  std::shared_ptr<const CudaContext> context_;  // kept alive by every kernel in the core's cache
  CUmodule module_;
  ir::KernelIR kernel_;           // to build the 64-bit entry point when first needed
  cache::DiskCache* disk_cache_;  // process-wide, or null
  mutable std::once_flag wide_once_;
  mutable CUmodule wide_module_ = nullptr;
  mutable CUfunction entry_64_ = nullptr;  // long long n
};

/// Most parameters a kernel may have; larger kernels are rejected at compile time.
inline constexpr std::size_t kMaxKernelParameters = 512;

/// Lowers, compiles (or loads from `disk_cache`, which may be null) and loads `kernel`.
/// Throws CompileError when NVRTC fails or the kernel has too many parameters.
std::shared_ptr<const CudaKernel> build_cuda_kernel(const std::shared_ptr<const CudaContext>& context,
                                                    const ir::KernelIR& kernel, cache::DiskCache* disk_cache);

}  // namespace sinter::gpu
