// A kernel built for one device: generated source -> image (disk cache or NVRTC) -> module ->
// the two entry points; and its launch, which packs KernelArgs into the fixed parameter layout
// of codegen/cuda (pointers, scalars, n; a reduction's sizes, work sharing and scratch memory)
// on the stack, with no heap allocation.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "backend.h"
#include "codegen/cuda/lower_reduction_to_cuda.h"
#include "runtime/cache/disk_cache.h"
#include "runtime/cuda/caching_allocator.h"
#include "runtime/cuda/cuda_context.h"
#include "runtime/cuda/tile_counters.h"

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

  /// Queues the kernel over args.n elements (a reduction: args.n outputs of args.reduce_n
  /// elements) on `stream` and returns. A reduction that splits its outputs over several blocks
  /// takes scratch memory for their partial states from `allocator` on `stream` and gives it back
  /// once queued (stream order keeps it until the kernel is done), and counts the blocks in the
  /// stream's `counters`. The first launch with more than
  /// kMaxElementsFor32BitIndex elements builds the 64-bit entry point (CompileError or
  /// DeviceError when that fails; the next such launch tries again).
  void launch(const ir::KernelArgs& args, CUstream stream, CachingAllocator& allocator, TileCounters& counters) const;

  CUfunction entry_32 = nullptr;  // unsigned int n, for n <= kMaxElementsFor32BitIndex
  std::size_t num_buffers = 0;
  std::size_t num_scalars = 0;
  std::int64_t elements_per_thread = 4;
  unsigned int max_blocks = 1;  // grid cap (SINTER_CUDA_GRID_WAVES; default: none)
  std::string name;
  // A reduction kernel: what its launch needs (runtime/cuda/reduction_launch.h).
  bool reduction = false;
  ReductionReads reduction_reads;
  int blocks_per_multiprocessor = 1;  // of the 32-bit entry point, at kThreadsPerBlock threads
  // A row kernel (every phase of a tile of rows in one block) and its shared memory carveout in
  // percent (row_carveout in cuda_kernel.cpp).
  bool row_kernel = false;
  int row_carveout = -1;

 private:
  CUfunction wide_entry() const;
  /// Fills parameters[p...] with a reduction's sizes, work sharing and scratch, and launches.
  void launch_reduction(const ir::KernelArgs& args, CUstream stream, CachingAllocator& allocator,
                        TileCounters& counters, void** parameters, std::size_t p) const;

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
