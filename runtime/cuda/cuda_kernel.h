// A kernel built for one device: generated source -> image (disk cache or NVRTC) -> module ->
// the two entry points; and its launch, which packs KernelArgs into the fixed parameter layout
// of codegen/cuda (pointers, scalars, n) on the stack, with no heap allocation.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "backend.h"
#include "runtime/cache/disk_cache.h"
#include "runtime/cuda/cuda_context.h"

namespace sinter::gpu {

class CudaKernel final : public CompiledKernel {
 public:
  CudaKernel(std::shared_ptr<const CudaContext> context, CUmodule module)
      : context_(std::move(context)), module_(module) {}
  ~CudaKernel() override;
  CudaKernel(const CudaKernel&) = delete;
  CudaKernel& operator=(const CudaKernel&) = delete;

  /// Queues the kernel over args.n elements on the context's stream and returns.
  void launch(const ir::KernelArgs& args) const;

  CUfunction entry_32 = nullptr;  // unsigned int n, for n <= kMaxElementsFor32BitIndex
  CUfunction entry_64 = nullptr;  // long long n
  std::size_t num_buffers = 0;
  std::size_t num_scalars = 0;
  std::int64_t elements_per_thread = 4;
  unsigned int max_blocks = 1;    // one full wave: resident blocks per SM x SMs
  std::string name;

 private:
  std::shared_ptr<const CudaContext> context_;  // kept alive by every kernel in the core's cache
  CUmodule module_;
};

/// Most parameters a kernel may have; larger kernels are rejected at compile time.
inline constexpr std::size_t kMaxKernelParameters = 512;

/// Lowers, compiles (or loads from `disk_cache`, which may be null) and loads `kernel`.
/// Throws CompileError when NVRTC fails or the kernel has too many parameters.
std::shared_ptr<const CudaKernel> build_cuda_kernel(const std::shared_ptr<const CudaContext>& context,
                                                    const ir::KernelIR& kernel, cache::DiskCache* disk_cache);

}  // namespace sinter::gpu
