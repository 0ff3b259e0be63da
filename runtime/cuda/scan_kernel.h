// A scan kernel (ir/kernel.h; codegen/cuda/lower_scan_to_cuda.h) built for one device, and its
// launch: a thread per row for many short rows, the single-pass tile scan with decoupled
// look-back for long rows or few rows.
#pragma once
#include <memory>
#include <string>

#include "backend.h"
#include "runtime/cuda/caching_allocator.h"
#include "runtime/cuda/cuda_context.h"

namespace sinter::gpu {

class CudaScanKernel final : public CompiledKernel {
 public:
  CudaScanKernel(std::shared_ptr<const CudaContext> context, CUmodule module)
      : context_(std::move(context)), module_(module) {}
  ~CudaScanKernel() override;
  CudaScanKernel(const CudaScanKernel&) = delete;
  CudaScanKernel& operator=(const CudaScanKernel&) = delete;

  /// Queues the scan of args.n rows of args.reduce_n elements on `stream`. The tile scan takes
  /// its look-back state from `allocator` (zeroed on the stream first) and gives it back once
  /// queued.
  void launch(const ir::KernelArgs& args, CUstream stream, CachingAllocator& allocator) const;

  std::string name;
  std::size_t num_buffers = 0;
  std::size_t num_scalars = 0;
  CUfunction rows_32 = nullptr, rows_64 = nullptr, tiles_32 = nullptr, tiles_64 = nullptr;

 private:
  std::shared_ptr<const CudaContext> context_;
  CUmodule module_;
};

/// Whether a scan of n rows of `length` elements runs as the tile scan (else a thread per row):
/// rows of at least a tile, or too few rows to give every resident thread of the device one.
bool scan_uses_tiles(std::int64_t n, std::int64_t length, int multiprocessors);

/// Lowers, compiles with NVRTC and loads a scan kernel. Throws CompileError when NVRTC fails.
std::shared_ptr<const CudaScanKernel> build_cuda_scan_kernel(const std::shared_ptr<const CudaContext>& context,
                                                             const ir::KernelIR& kernel);

}  // namespace sinter::gpu
