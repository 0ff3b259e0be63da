// Building a kernel (with the disk cache in front of NVRTC) and launching it.
#include "runtime/cuda/cuda_kernel.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "backend.h"
#include "codegen/cuda/lower_to_cuda.h"
#include "config.h"
#include "counters_internal.h"
#include "runtime/cuda/logger.h"
#include "runtime/cuda/nvrtc.h"
#include "runtime/cuda/reduction_launch.h"
#include "runtime/cuda/tuning.h"
#include "sinter/error.h"

namespace sinter::gpu {
namespace {

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

CudaKernel::~CudaKernel() {
  // Best effort: the driver may be gone at process exit.
  if (context_->try_make_current() != kCudaSuccess) return;
  context_->api().cuModuleUnload(module_);
  if (wide_module_) context_->api().cuModuleUnload(wide_module_);
}

namespace {

/// A row kernel's later phases re-read each row from L1, which shares its memory with shared
/// memory: asks for the smallest shared carveout that still holds the resident blocks' shared
/// memory (the driver rounds up to a size it has), leaving the rest to L1. Returns the percentage.
int row_carveout(const CudaContext& context, CUfunction function, int blocks_per_multiprocessor) {
  const DriverApi& api = context.api();
  int shared = 0;
  check_cuda(api.cuFuncGetAttribute(&shared, kFunctionAttributeSharedBytes, function), "cuFuncGetAttribute",
             context.label());
  constexpr int kReservedPerBlock = 1024;  // the driver's own shared memory per resident block
  const long long wanted = static_cast<long long>(blocks_per_multiprocessor) * (shared + kReservedPerBlock);
  const int most = std::max(context.shared_per_multiprocessor(), 1);
  const int percent = static_cast<int>(std::clamp<long long>((100 * wanted + most - 1) / most, 0, 100));
  check_cuda(api.cuFuncSetAttribute(function, kFunctionAttributePreferredCarveout, percent), "cuFuncSetAttribute",
             context.label());
  return percent;
}

/// Generates the source with the entry points `codegen` asks for, gets its image from the disk
/// cache or NVRTC, and loads it. Returns the module; `from_disk` says where the image came from.
CUmodule build_module(const CudaContext& context, const ir::KernelIR& kernel, const CudaCodegenOptions& codegen,
                      cache::DiskCache* disk_cache, bool& from_disk, std::size_t& image_bytes) {
  const std::string source = lower_to_cuda(kernel, codegen);
  const std::string file = kernel.name() + (codegen.entry_32 ? "" : "_i64") + ".cu";
  config::dump(file, source);
  const std::string& target = context.nvrtc_target();
  const std::vector<std::string> options = nvrtc_options(target);
  const cache::Hash128 key = cache::kernel_cache_key(source, nvrtc_version(), target, options);
  std::vector<char> image;
  from_disk = false;
  if (disk_cache) {
    if (auto cached = disk_cache->load(key)) {
      image = std::move(*cached);
      from_disk = true;
      detail::count_disk_hit();
    }
  }
  auto compile_now = [&] {
    image = compile_cuda(source, file, target).data;
    from_disk = false;
    if (disk_cache) disk_cache->store(key, cuda_cache_target(target), image);
  };
  if (image.empty()) compile_now();

  detail::fault_point("load");
  context.make_current();
  const DriverApi& api = context.api();
  CUmodule module = nullptr;
  CUresult loaded = api.cuModuleLoadData(&module, image.data());
  if (loaded != kCudaSuccess && from_disk) {
    // A cached image the driver refuses (e.g. from a driver update that the key cannot see): rebuild it.
    logger()->warn("{}: cached image of {} does not load ({}); recompiling", context.label(), kernel.name(),
                   cuda_error_text(loaded));
    compile_now();
    loaded = api.cuModuleLoadData(&module, image.data());
  }
  check_cuda(loaded, "cuModuleLoadData", context.label() + ": kernel " + kernel.name());
  image_bytes = image.size();
  return module;
}

}  // namespace

std::shared_ptr<const CudaKernel> build_cuda_kernel(const std::shared_ptr<const CudaContext>& shared_context,
                                                    const ir::KernelIR& kernel, cache::DiskCache* disk_cache) {
  const CudaContext& context = *shared_context;
  const auto start = std::chrono::steady_clock::now();
  const std::size_t num_buffers = kernel.inputs.size() + kernel.outputs.size();
  const bool reduction = kernel.is_reduction();
  const std::size_t sizes = reduction ? kReductionParameters : 1;  // n, or a reduction's sizes and sharing
  if (num_buffers + kernel.scalars.size() + sizes > kMaxKernelParameters)
    throw CompileError(context.label() + ": kernel " + kernel.name() + " has " + std::to_string(num_buffers) +
                       " buffers and " + std::to_string(kernel.scalars.size()) + " scalars; at most " +
                       std::to_string(kMaxKernelParameters - sizes) + " parameters are supported");
  CudaCodegenOptions codegen = codegen_options();
  codegen.entry_64 = false;  // built on first need (CudaKernel::wide_entry)
  bool from_disk = false;
  std::size_t image_bytes = 0;
  CUmodule module = build_module(context, kernel, codegen, disk_cache, from_disk, image_bytes);

  const DriverApi& api = context.api();
  auto built = std::make_shared<CudaKernel>(shared_context, module, kernel, disk_cache);
  built->name = kernel.name();
  built->num_buffers = num_buffers;
  built->num_scalars = kernel.scalars.size();
  built->elements_per_thread = codegen.elements_per_thread;
  check_cuda(api.cuModuleGetFunction(&built->entry_32, module, entry_point_32(kernel).c_str()), "cuModuleGetFunction",
             context.label());
  if (reduction) {
    built->reduction = true;
    built->reduction_reads = reduction_reads(kernel);
    check_cuda(api.cuOccupancyMaxActiveBlocksPerMultiprocessor(&built->blocks_per_multiprocessor, built->entry_32,
                                                               kThreadsPerBlock, 0),
               "cuOccupancyMaxActiveBlocksPerMultiprocessor", context.label());
    built->blocks_per_multiprocessor = std::max(1, built->blocks_per_multiprocessor);
    if (kernel.is_row_kernel()) {
      built->row_kernel = true;
      built->row_carveout = row_carveout(context, built->entry_32, built->blocks_per_multiprocessor);
    }
  }
  const int waves = grid_waves();
  if (waves == 0) {
    built->max_blocks = 0x7fffffffu;  // the grid's x dimension limit
  } else {
    int blocks_per_sm = 0;
    check_cuda(api.cuOccupancyMaxActiveBlocksPerMultiprocessor(&blocks_per_sm, built->entry_32, kThreadsPerBlock, 0),
               "cuOccupancyMaxActiveBlocksPerMultiprocessor", context.label());
    built->max_blocks = static_cast<unsigned int>(std::max(1, blocks_per_sm) * context.multiprocessors() * waves);
  }
  logger()->debug("{}: kernel {} ready in {:.1f} ms (image from {}, {} bytes; grid up to {} blocks of {})",
                  context.label(), kernel.name(), milliseconds_since(start), from_disk ? "the disk cache" : "NVRTC",
                  image_bytes, built->max_blocks, kThreadsPerBlock);
  return built;
}

CUfunction CudaKernel::wide_entry() const {
  std::call_once(wide_once_, [&] {
    const auto start = std::chrono::steady_clock::now();
    CudaCodegenOptions codegen = codegen_options();
    codegen.entry_32 = false;
    bool from_disk = false;
    std::size_t image_bytes = 0;
    CUmodule module = build_module(*context_, kernel_, codegen, disk_cache_, from_disk, image_bytes);
    CUfunction function = nullptr;
    const CUresult r = context_->api().cuModuleGetFunction(&function, module, entry_point_64(kernel_).c_str());
    if (r != kCudaSuccess) {
      context_->api().cuModuleUnload(module);
      check_cuda(r, "cuModuleGetFunction", context_->label());
    }
    if (row_kernel) {
      const CUresult set =
          context_->api().cuFuncSetAttribute(function, kFunctionAttributePreferredCarveout, row_carveout);
      if (set != kCudaSuccess) {
        context_->api().cuModuleUnload(module);
        check_cuda(set, "cuFuncSetAttribute", context_->label());
      }
    }
    wide_module_ = module;
    entry_64_ = function;
    logger()->debug("{}: 64-bit entry point of {} ready in {:.1f} ms (image from {}, {} bytes)", context_->label(),
                    name, milliseconds_since(start), from_disk ? "the disk cache" : "NVRTC", image_bytes);
  });
  return entry_64_;
}

void CudaKernel::launch(const ir::KernelArgs& args, CUstream stream, CachingAllocator& allocator,
                        TileCounters& counters) const {
  if (args.buffers.size() != num_buffers || args.scalars.size() != num_scalars)
    throw Error(context_->label() + ": kernel " + name + " expects " + std::to_string(num_buffers) + " buffers and " +
                std::to_string(num_scalars) + " scalars, got " + std::to_string(args.buffers.size()) + " and " +
                std::to_string(args.scalars.size()));
  if (args.n <= 0) return;
  context_->make_current();

  // cuLaunchKernel reads each parameter through a pointer, as many bytes as the parameter's type:
  // buffers point at the void* in args, scalars at the uint64 whose low bytes hold the value.
  void* parameters[kMaxKernelParameters];
  std::size_t p = 0;
  for (void* const& buffer : args.buffers) parameters[p++] = const_cast<void**>(&buffer);
  for (const std::uint64_t& scalar : args.scalars) parameters[p++] = const_cast<std::uint64_t*>(&scalar);
  if (reduction) {
    launch_reduction(args, stream, allocator, counters, parameters, p);
    return;
  }
  const bool narrow = args.n <= kMaxElementsFor32BitIndex;
  const CUfunction function = narrow ? entry_32 : wide_entry();
  unsigned int n32 = narrow ? static_cast<unsigned int>(args.n) : 0u;
  long long n64 = args.n;
  parameters[p] = narrow ? static_cast<void*>(&n32) : static_cast<void*>(&n64);

  const std::int64_t groups = (args.n + elements_per_thread - 1) / elements_per_thread;
  const std::int64_t wanted_blocks = (groups + kThreadsPerBlock - 1) / kThreadsPerBlock;
  const auto blocks = static_cast<unsigned int>(std::min<std::int64_t>(wanted_blocks, max_blocks));
  check_cuda(
      context_->api().cuLaunchKernel(function, blocks, 1, 1, kThreadsPerBlock, 1, 1, 0, stream, parameters, nullptr),
      "cuLaunchKernel", context_->label());
}

namespace {

/// Gives a scratch block back to its stream's cache when the launch is queued (or has failed).
class ScratchBlock {
 public:
  ScratchBlock(CachingAllocator& allocator, std::size_t bytes, CUstream stream)
      : allocator_(allocator), bytes_(bytes), stream_(reinterpret_cast<StreamId>(stream)) {
    if (bytes_ > 0) block_ = allocator_.allocate(bytes_, stream_);
  }
  ~ScratchBlock() {
    if (block_) allocator_.release(block_, bytes_, stream_);
  }
  ScratchBlock(const ScratchBlock&) = delete;
  ScratchBlock& operator=(const ScratchBlock&) = delete;
  void* get() const { return block_; }

 private:
  CachingAllocator& allocator_;
  std::size_t bytes_;
  StreamId stream_;
  void* block_ = nullptr;
};

}  // namespace

void CudaKernel::launch_reduction(const ir::KernelArgs& args, CUstream stream, CachingAllocator& allocator,
                                  TileCounters& counters, void** parameters, std::size_t p) const {
  const std::int64_t n = args.n;
  const std::int64_t reduce_n = std::max<std::int64_t>(args.reduce_n, 0);
  // 32-bit indexing when every flat element index o * reduce_n + r fits.
  const bool narrow = n <= kMaxElementsFor32BitIndex && reduce_n <= kMaxElementsFor32BitIndex / n;
  const CUfunction function = narrow ? entry_32 : wide_entry();
  const ReductionGrid grid =
      row_kernel ? plan_row_grid(reduction_reads, n, reduce_n, args.scalars, context_->multiprocessors(),
                                 blocks_per_multiprocessor, reduction_tuning())
                 : plan_reduction_grid(reduction_reads, n, reduce_n, args.scalars, context_->multiprocessors(),
                                       blocks_per_multiprocessor, reduction_tuning());
  const ScratchBlock scratch(allocator, grid.scratch_bytes, stream);
  unsigned int* tile_counters = grid.counters > 0 ? counters.get(stream, grid.counters) : nullptr;
  auto n32 = static_cast<unsigned int>(n);
  auto reduce_n32 = static_cast<unsigned int>(reduce_n);
  long long n64 = n;
  long long reduce_n64 = reduce_n;
  unsigned int lanes = grid.lanes;
  unsigned int outputs_inner = grid.outputs_inner ? 1u : 0u;
  void* scratch_pointer = scratch.get();
  parameters[p] = narrow ? static_cast<void*>(&n32) : static_cast<void*>(&n64);
  parameters[p + 1] = narrow ? static_cast<void*>(&reduce_n32) : static_cast<void*>(&reduce_n64);
  parameters[p + 2] = &lanes;
  parameters[p + 3] = &outputs_inner;
  parameters[p + 4] = &tile_counters;
  parameters[p + 5] = &scratch_pointer;
  check_cuda(context_->api().cuLaunchKernel(function, grid.blocks, grid.parts, 1, kThreadsPerBlock, 1, 1, 0, stream,
                                            parameters, nullptr),
             "cuLaunchKernel", context_->label());
}

}  // namespace sinter::gpu
