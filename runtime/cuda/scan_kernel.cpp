// Building and launching a scan kernel on a CUDA device (scan_kernel.h).
#include "runtime/cuda/scan_kernel.h"

#include <algorithm>

#include "codegen/cuda/lower_scan_to_cuda.h"
#include "config.h"
#include "runtime/cuda/nvrtc.h"
#include "runtime/cuda/tuning.h"
#include "sinter/error.h"

namespace sinter::gpu {

CudaScanKernel::~CudaScanKernel() {
  if (context_->try_make_current() != kCudaSuccess) return;  // the driver may be gone at exit
  context_->api().cuModuleUnload(module_);
}

bool scan_uses_tiles(std::int64_t n, std::int64_t length, int multiprocessors) {
  const std::int64_t resident_threads = std::int64_t{2048} * std::max(1, multiprocessors);
  return length >= kScanTile || (n < resident_threads && length > std::int64_t{2} * kScanItemsPerThread);
}

std::shared_ptr<const CudaScanKernel> build_cuda_scan_kernel(const std::shared_ptr<const CudaContext>& shared_context,
                                                             const ir::KernelIR& kernel) {
  const CudaContext& context = *shared_context;
  const std::string source = lower_to_cuda(kernel, codegen_options());
  const std::string file = kernel.name() + "_scan.cu";
  config::dump(file, source);
  const std::vector<char> image = compile_cuda(source, file, context.nvrtc_target()).data;
  context.make_current();
  const DriverApi& api = context.api();
  CUmodule module = nullptr;
  check_cuda(api.cuModuleLoadData(&module, image.data()), "cuModuleLoadData",
             context.label() + ": kernel " + kernel.name());
  auto built = std::make_shared<CudaScanKernel>(shared_context, module);
  built->name = kernel.name();
  built->num_buffers = kernel.inputs.size() + kernel.outputs.size();
  built->num_scalars = kernel.scalars.size();
  for (const bool tiles : {false, true})
    for (const bool wide : {false, true}) {
      CUfunction& f = tiles ? (wide ? built->tiles_64 : built->tiles_32) : (wide ? built->rows_64 : built->rows_32);
      check_cuda(api.cuModuleGetFunction(&f, module, scan_entry_point(kernel, tiles, wide).c_str()),
                 "cuModuleGetFunction", context.label());
    }
  return built;
}

void CudaScanKernel::launch(const ir::KernelArgs& args, CUstream stream, CachingAllocator& allocator) const {
  if (args.buffers.size() != num_buffers || args.scalars.size() != num_scalars)
    throw Error(context_->label() + ": scan kernel " + name + " expects " + std::to_string(num_buffers) +
                " buffers and " + std::to_string(num_scalars) + " scalars");
  const std::int64_t n = args.n;
  const std::int64_t length = args.reduce_n;
  if (n <= 0 || length <= 0) return;
  context_->make_current();
  const DriverApi& api = context_->api();
  void* parameters[520];
  std::size_t p = 0;
  for (void* const& buffer : args.buffers) parameters[p++] = const_cast<void**>(&buffer);
  for (const std::uint64_t& scalar : args.scalars) parameters[p++] = const_cast<std::uint64_t*>(&scalar);
  const bool narrow = n <= kMaxElementsFor32BitIndex && length <= kMaxElementsFor32BitIndex / n;
  auto n32 = static_cast<unsigned int>(n), length32 = static_cast<unsigned int>(length);
  long long n64 = n, length64 = length;
  parameters[p] = narrow ? static_cast<void*>(&n32) : static_cast<void*>(&n64);
  parameters[p + 1] = narrow ? static_cast<void*>(&length32) : static_cast<void*>(&length64);
  const auto id = reinterpret_cast<StreamId>(stream);
  if (!scan_uses_tiles(n, length, context_->multiprocessors())) {
    const std::int64_t blocks = std::min<std::int64_t>((n + kThreadsPerBlock - 1) / kThreadsPerBlock, 0x7fffffff);
    check_cuda(api.cuLaunchKernel(narrow ? rows_32 : rows_64, static_cast<unsigned int>(blocks), 1, 1, kThreadsPerBlock,
                                  1, 1, 0, stream, parameters, nullptr),
               "cuLaunchKernel", context_->label());
    return;
  }
  // Look-back state: the tile counter and a flag per tile (zeroed), then two 8-byte slots per tile.
  const std::int64_t tiles = n * ((length + kScanTile - 1) / kScanTile);
  if (tiles > 0x7fffffff) throw Error(context_->label() + ": scan kernel " + name + ": too many tiles");
  const auto words = static_cast<std::size_t>(2 + tiles + (tiles & 1));  // counter, padding, flags: 8-byte aligned
  const std::size_t bytes = words * 4 + static_cast<std::size_t>(tiles) * 16;
  void* scratch = allocator.allocate(bytes, id);
  auto* base = static_cast<char*>(scratch);
  const CUresult zeroed = api.cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(scratch), 0u, words, stream);
  void* counter = base;
  void* flags = base + 8;
  void* aggregates = base + words * 4;
  void* inclusive = base + words * 4 + static_cast<std::size_t>(tiles) * 8;
  parameters[p + 2] = &counter;
  parameters[p + 3] = &flags;
  parameters[p + 4] = &aggregates;
  parameters[p + 5] = &inclusive;
  const CUresult launched = zeroed != kCudaSuccess
                                ? zeroed
                                : api.cuLaunchKernel(narrow ? tiles_32 : tiles_64, static_cast<unsigned int>(tiles), 1,
                                                     1, kThreadsPerBlock, 1, 1, 0, stream, parameters, nullptr);
  allocator.release(scratch, bytes, id);  // stream order keeps it until the kernel is done
  check_cuda(launched, "cuLaunchKernel", context_->label());
}

}  // namespace sinter::gpu
