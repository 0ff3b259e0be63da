// Building a kernel (with the disk cache in front of NVRTC) and launching it.
#include "runtime/cuda/cuda_kernel.h"

#include <algorithm>
#include <chrono>

#include "codegen/cuda/lower_to_cuda.h"
#include "config.h"
#include "runtime/cuda/logger.h"
#include "runtime/cuda/nvrtc.h"
#include "sinter/error.h"

namespace sinter::gpu {
namespace {

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

CudaKernel::~CudaKernel() {
  // Best effort: the driver may be gone at process exit.
  if (context_->try_make_current() == kCudaSuccess) context_->api().cuModuleUnload(module_);
}

std::shared_ptr<const CudaKernel> build_cuda_kernel(const std::shared_ptr<const CudaContext>& shared_context,
                                                    const ir::KernelIR& kernel, cache::DiskCache* disk_cache) {
  const CudaContext& context = *shared_context;
  const auto start = std::chrono::steady_clock::now();
  const std::size_t num_buffers = kernel.inputs.size() + kernel.outputs.size();
  if (num_buffers + kernel.scalars.size() + 1 > kMaxKernelParameters)
    throw CompileError(context.label() + ": kernel " + kernel.name() + " has " + std::to_string(num_buffers) +
                       " buffers and " + std::to_string(kernel.scalars.size()) + " scalars; at most " +
                       std::to_string(kMaxKernelParameters - 1) + " parameters are supported");
  const CudaCodegenOptions codegen;
  const std::string source = lower_to_cuda(kernel, codegen);
  config::dump(kernel.name() + ".cu", source);

  const std::string& target = context.nvrtc_target();
  const std::vector<std::string> options = nvrtc_options(target);
  const cache::Hash128 key = cache::kernel_cache_key(source, nvrtc_version(), target, options);
  std::vector<char> image;
  bool from_disk = false;
  if (disk_cache) {
    if (auto cached = disk_cache->load(key)) {
      image = std::move(*cached);
      from_disk = true;
    }
  }
  auto compile_now = [&] {
    image = compile_cuda(source, kernel.name() + ".cu", target).data;
    from_disk = false;
    if (disk_cache) disk_cache->store(key, image);
  };
  if (image.empty()) compile_now();

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

  auto built = std::make_shared<CudaKernel>(shared_context, module);
  built->name = kernel.name();
  built->num_buffers = num_buffers;
  built->num_scalars = kernel.scalars.size();
  built->elements_per_thread = codegen.elements_per_thread;
  check_cuda(api.cuModuleGetFunction(&built->entry_32, module, entry_point_32(kernel).c_str()), "cuModuleGetFunction",
             context.label());
  check_cuda(api.cuModuleGetFunction(&built->entry_64, module, entry_point_64(kernel).c_str()), "cuModuleGetFunction",
             context.label());
  int blocks_per_sm = 0;
  check_cuda(api.cuOccupancyMaxActiveBlocksPerMultiprocessor(&blocks_per_sm, built->entry_32, kThreadsPerBlock, 0),
             "cuOccupancyMaxActiveBlocksPerMultiprocessor", context.label());
  built->max_blocks = static_cast<unsigned int>(std::max(1, blocks_per_sm) * context.multiprocessors());
  logger()->debug("{}: kernel {} ready in {:.1f} ms (image from {}, {} bytes; grid up to {} blocks of {})",
                  context.label(), kernel.name(), milliseconds_since(start), from_disk ? "the disk cache" : "NVRTC", image.size(), built->max_blocks,
                  kThreadsPerBlock);
  return built;
}

void CudaKernel::launch(const ir::KernelArgs& args) const {
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
  const bool narrow = args.n <= kMaxElementsFor32BitIndex;
  unsigned int n32 = narrow ? static_cast<unsigned int>(args.n) : 0u;
  long long n64 = args.n;
  parameters[p] = narrow ? static_cast<void*>(&n32) : static_cast<void*>(&n64);

  const std::int64_t groups = (args.n + elements_per_thread - 1) / elements_per_thread;
  const std::int64_t wanted_blocks = (groups + kThreadsPerBlock - 1) / kThreadsPerBlock;
  const auto blocks = static_cast<unsigned int>(std::min<std::int64_t>(wanted_blocks, max_blocks));
  check_cuda(context_->api().cuLaunchKernel(narrow ? entry_32 : entry_64, blocks, 1, 1, kThreadsPerBlock, 1, 1, 0,
                                           context_->stream(), parameters, nullptr),
             "cuLaunchKernel", context_->label());
}

}  // namespace sinter::gpu
