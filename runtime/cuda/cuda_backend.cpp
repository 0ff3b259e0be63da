// CudaBackend: wires the context, allocator, staging copies and kernel builder into the
// Backend interface. The device state lives until the process ends (deliberately never freed),
// so arrays that outlive the backend during static destruction still release safely, and a
// buffer's release callback is one raw pointer (std::function stores it without allocating).
#include "runtime/cuda/cuda_backend.h"

#include "counters_internal.h"
#include "runtime/cache/disk_cache.h"
#include "runtime/cuda/cuda_context.h"
#include "runtime/cuda/cuda_kernel.h"
#include "runtime/cuda/logger.h"
#include "runtime/cuda/pinned_staging.h"
#include "sinter/error.h"
#include "sinter/memory.h"

namespace sinter::gpu {
namespace {

CUdeviceptr device_pointer(const void* p) { return reinterpret_cast<CUdeviceptr>(p); }

/// DeviceMemory through the driver API.
class DriverDeviceMemory final : public DeviceMemory {
 public:
  explicit DriverDeviceMemory(const CudaContext& context) : context_(context) {}

  void* allocate(std::size_t bytes) override {
    context_.make_current();
    CUdeviceptr p = 0;
    const CUresult r = context_.api().cuMemAlloc(&p, bytes);
    if (r == kCudaErrorOutOfMemory) return nullptr;
    check_cuda(r, "cuMemAlloc", context_.label() + " (" + std::to_string(bytes) + " bytes)");
    return reinterpret_cast<void*>(p);
  }
  void free(void* block, std::size_t) override {
    // Best effort and never throwing: this also runs while the process shuts down.
    if (context_.try_make_current() == kCudaSuccess) context_.api().cuMemFree(device_pointer(block));
  }
  void synchronize() override {
    context_.make_current();
    check_cuda(context_.api().cuCtxSynchronize(), "cuCtxSynchronize", context_.label());
  }
  std::pair<std::size_t, std::size_t> free_and_total() override {
    context_.make_current();
    std::size_t free_bytes = 0, total_bytes = 0;
    context_.api().cuMemGetInfo(&free_bytes, &total_bytes);
    return {free_bytes, total_bytes};
  }

 private:
  const CudaContext& context_;
};

/// What buffers share with the backend. Never destroyed: see the file comment.
struct DeviceState {
  explicit DeviceState(std::shared_ptr<CudaContext> c)
      : context(std::move(c)), memory(*context), allocator(memory, context->label()), staging(*context) {}
  StreamId stream_id() const { return reinterpret_cast<StreamId>(context->stream()); }

  std::shared_ptr<CudaContext> context;
  DriverDeviceMemory memory;
  CachingAllocator allocator;
  PinnedStaging staging;
};

class CudaBackend final : public Backend {
 public:
  CudaBackend(int index, std::shared_ptr<CudaContext> context, cache::DiskCache* disk_cache)
      : index_(index), state_(new DeviceState(std::move(context))), disk_cache_(disk_cache) {}

  ~CudaBackend() override {
    try {
      state_->context->synchronize();
      state_->allocator.release_cached();
    } catch (...) {  // the driver may be shutting down at process exit
    }
  }

  Device device() const override { return cuda(index_); }

  std::shared_ptr<ir::Buffer> allocate(std::size_t bytes) override {
    if (bytes == 0) return std::make_shared<ir::Buffer>(nullptr, 0, device(), nullptr);
    void* p = state_->allocator.allocate(bytes, state_->stream_id());
    detail::count_bytes_allocated(bytes);
    // The release keeps the device state alive and returns the block to the stream's cache.
    return std::make_shared<ir::Buffer>(p, bytes, device(), [state = state_](void* block, std::size_t n) noexcept {
      state->allocator.release(block, n, state->stream_id());
    });
  }

  void copy_from_host(ir::Buffer& dst, const void* src, std::size_t bytes) override {
    check_buffer(dst, bytes, "copy_from_host");
    if (bytes) state_->staging.to_device(device_pointer(dst.data), src, bytes);
  }

  void copy_to_host(void* dst, const ir::Buffer& src, std::size_t bytes) override {
    check_buffer(src, bytes, "copy_to_host");
    if (bytes) state_->staging.to_host(dst, device_pointer(src.data), bytes);
  }

  std::shared_ptr<const CompiledKernel> compile(const ir::KernelIR& kernel) override {
    return build_cuda_kernel(state_->context, kernel, disk_cache_);
  }

  void launch(const CompiledKernel& kernel, const ir::KernelArgs& args) override {
    static_cast<const CudaKernel&>(kernel).launch(args);
  }

  void synchronize() override { state_->context->synchronize(); }

  CachingAllocator& allocator() { return state_->allocator; }
  CUstream stream() const { return state_->context->stream(); }

 private:
  void check_buffer(const ir::Buffer& buffer, std::size_t bytes, const char* what) const {
    if (buffer.device != device())
      throw DeviceError(std::string(what) + ": the buffer is on " + buffer.device.to_string() + ", not on " +
                        device().to_string());
    if (bytes > buffer.bytes)
      throw Error(std::string(what) + " on " + device().to_string() + ": " + std::to_string(bytes) +
                  " bytes requested from a buffer of " + std::to_string(buffer.bytes));
  }

  int index_;
  DeviceState* state_;            // intentionally leaked: buffers may release into it at any time
  cache::DiskCache* disk_cache_;  // process-wide; null when the disk cache is off
};

CudaBackend& as_cuda_backend(Backend& backend) {
  auto* cuda_backend = dynamic_cast<CudaBackend*>(&backend);
  if (!cuda_backend) throw DeviceError(backend.device().to_string() + " is not a CUDA device");
  return *cuda_backend;
}

}  // namespace

CachingAllocatorStats allocator_stats(Backend& backend) { return as_cuda_backend(backend).allocator().stats(); }

void release_cached_memory(Backend& backend) { as_cuda_backend(backend).allocator().release_cached(); }

CUstream backend_stream(Backend& backend) { return as_cuda_backend(backend).stream(); }

}  // namespace sinter::gpu

namespace sinter {

std::unique_ptr<Backend> make_cuda_backend(int index) {
  std::shared_ptr<gpu::CudaContext> context = gpu::CudaContext::open(index);  // throws DeviceUnavailable
  cache::DiskCache* disk_cache = cache::process_disk_cache();                 // throws ConfigError
  gpu::logger()->info("{}: {}", context->label(), context->description());
  return std::make_unique<gpu::CudaBackend>(index, std::move(context), disk_cache);
}

namespace {

Backend& gpu_backend_for_memory(Device device, const char* call) {
  if (device.kind != DeviceKind::CUDA)
    throw DeviceError(std::string(call) + ": " + device.to_string() +
                      " has no caching allocator (CPU arrays use the C++ heap); ask a cuda(i) device");
  return backend_for(device);  // throws DeviceUnavailable, saying why
}

}  // namespace

MemoryStats memory_stats(Device device) {
  const gpu::CachingAllocatorStats s = gpu::allocator_stats(gpu_backend_for_memory(device, "memory_stats"));
  MemoryStats out;
  out.bytes_in_use = s.bytes_in_use;
  out.bytes_cached = s.bytes_cached;
  out.peak_bytes_in_use = s.peak_bytes_in_use;
  out.peak_bytes_reserved = s.peak_bytes_reserved;
  out.allocations = s.allocations;
  out.cache_hits = s.cache_hits;
  out.device_allocations = s.device_allocations;
  out.device_frees = s.device_frees;
  out.cache_flushes = s.cache_flushes;
  return out;
}

void release_cached_memory(Device device) {
  gpu::release_cached_memory(gpu_backend_for_memory(device, "release_cached_memory"));
}

std::string MemoryStats::to_string() const {
  return "in use " + std::to_string(bytes_in_use) + " B, cached " + std::to_string(bytes_cached) + " B, peak in use " +
         std::to_string(peak_bytes_in_use) + " B, peak reserved " + std::to_string(peak_bytes_reserved) + " B; " +
         std::to_string(allocations) + " allocations (" + std::to_string(cache_hits) + " from the cache), " +
         std::to_string(device_allocations) + " driver allocations, " + std::to_string(device_frees) +
         " driver frees, " + std::to_string(cache_flushes) + " cache flushes";
}

}  // namespace sinter
