// CudaBackend: wires the context, allocator, staging copies and kernel builder into the
// Backend interface. The device state lives until the process ends (deliberately never freed),
// so arrays that outlive the backend during static destruction still release safely, and a
// buffer's release callback is one raw pointer (std::function stores it without allocating).
#include "runtime/cuda/cuda_backend.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "counters_internal.h"
#include "runtime/cache/disk_cache.h"
#include "runtime/cuda/cuda_context.h"
#include "runtime/cuda/cuda_kernel.h"
#include "runtime/cuda/logger.h"
#include "runtime/cuda/pinned_staging.h"
#include "runtime/cuda/scan_kernel.h"
#include "runtime/cuda/tile_counters.h"
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
      : context(std::move(c)),
        memory(*context),
        allocator(memory, context->label()),
        staging(*context),
        counters(*context) {}

  /// The CUstream behind a core stream id (0: the context's default stream).
  CUstream cu(ir::StreamId stream) const {
    return stream == ir::kDefaultStream ? context->stream() : reinterpret_cast<CUstream>(stream);
  }
  StreamId key(ir::StreamId stream) const { return reinterpret_cast<StreamId>(cu(stream)); }

  /// Work queued next on `waiter` runs after all work queued so far on `producer`.
  void order(CUstream waiter, CUstream producer) const {
    if (waiter == producer) return;
    const DriverApi& api = context->api();
    CUevent event = nullptr;
    check_cuda(api.cuEventCreate(&event, kEventDisableTiming), "cuEventCreate", context->label());
    CUresult r = api.cuEventRecord(event, producer);
    if (r == kCudaSuccess) r = api.cuStreamWaitEvent(waiter, event, 0);
    api.cuEventDestroy(event);  // released by the driver once the wait is satisfied
    check_cuda(r, "cuStreamWaitEvent", context->label());
  }

  /// Notes that `reader` reads `block`, which belongs to another stream's cache.
  void note_reader(void* block, CUstream reader) {
    std::lock_guard lock(readers_mutex);
    auto& streams = readers[block];
    if (std::find(streams.begin(), streams.end(), reader) == streams.end()) streams.push_back(reader);
  }

  /// Returns a block to its stream's cache, first ordering that stream after every other stream
  /// that read the block, so the next user of the block cannot overwrite what they still read.
  void release(void* block, std::size_t bytes, CUstream home) noexcept {
    {
      std::lock_guard lock(readers_mutex);
      auto it = readers.find(block);
      if (it != readers.end()) {
        if (context->try_make_current() == kCudaSuccess) {
          try {
            for (CUstream reader : it->second) order(home, reader);
          } catch (...) {  // the driver is gone (process exit): nothing runs any more
          }
        }
        readers.erase(it);
      }
    }
    allocator.release(block, bytes, reinterpret_cast<StreamId>(home));
  }

  /// A stream is going away: none of its reads are pending (the caller synchronized it).
  void forget_reader(CUstream stream) {
    std::lock_guard lock(readers_mutex);
    for (auto& [block, streams] : readers) std::erase(streams, stream);
  }

  std::shared_ptr<CudaContext> context;
  DriverDeviceMemory memory;
  CachingAllocator allocator;
  PinnedStaging staging;
  TileCounters counters;  // for reductions split over blocks, per stream
  std::mutex readers_mutex;
  std::unordered_map<void*, std::vector<CUstream>> readers;  // blocks read by streams other than their own
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

  std::shared_ptr<ir::Buffer> allocate_on(std::size_t bytes, ir::StreamId stream) override {
    if (bytes == 0) {
      auto empty = std::make_shared<ir::Buffer>(nullptr, 0, device(), nullptr);
      empty->stream = stream;
      return empty;
    }
    const CUstream home = state_->cu(stream);
    void* p = state_->allocator.allocate(bytes, reinterpret_cast<StreamId>(home));
    detail::count_bytes_allocated(bytes);
    // The release keeps the device state alive and returns the block to its stream's cache.
    auto buffer = std::make_shared<ir::Buffer>(
        p, bytes, device(),
        [state = state_, home](void* block, std::size_t n) noexcept { state->release(block, n, home); });
    buffer->stream = stream;
    return buffer;
  }

  std::shared_ptr<ir::Buffer> wrap_memory(void* data, std::size_t bytes, std::function<void()> release) override {
    if (bytes > 0) check_device_memory(data);
    return std::make_shared<ir::Buffer>(data, bytes, device(),
                                        [release = std::move(release)](void*, std::size_t) { release(); });
  }

  // Host copies run on the default stream, ordered after the work that writes the buffer.
  void copy_from_host(ir::Buffer& dst, const void* src, std::size_t bytes) override {
    check_buffer(dst, bytes, "copy_from_host");
    if (!bytes) return;
    state_->context->make_current();
    state_->order(state_->context->stream(), state_->cu(dst.stream));
    state_->staging.to_device(device_pointer(dst.data), src, bytes);
    state_->order(state_->cu(dst.stream), state_->context->stream());
  }

  void copy_to_host(void* dst, const ir::Buffer& src, std::size_t bytes) override {
    check_buffer(src, bytes, "copy_to_host");
    if (!bytes) return;
    state_->context->make_current();
    state_->order(state_->context->stream(), state_->cu(src.stream));
    state_->staging.to_host(dst, device_pointer(src.data), bytes);
  }

  std::shared_ptr<const CompiledKernel> compile(const ir::KernelIR& kernel) override {
    if (kernel.is_scan()) return build_cuda_scan_kernel(state_->context, kernel);  // scan_kernel.h
    return build_cuda_kernel(state_->context, kernel, disk_cache_);
  }

  // One kernel per tile of rows, every phase in turn (codegen/cuda/lower_row_kernel_to_cuda.h).
  bool runs_row_kernels() const override { return true; }

  void launch(const CompiledKernel& kernel, const ir::KernelArgs& args) override {
    if (const auto* scan = dynamic_cast<const CudaScanKernel*>(&kernel)) {
      scan->launch(args, state_->cu(args.stream), state_->allocator);
      return;
    }
    static_cast<const CudaKernel&>(kernel).launch(args, state_->cu(args.stream), state_->allocator, state_->counters);
  }

  void order_reads(std::span<const std::shared_ptr<ir::Buffer>> inputs, ir::StreamId stream) override {
    const CUstream reader = state_->cu(stream);
    bool context_current = false;
    // One wait per distinct producing stream; almost always there is none.
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const ir::Buffer& b = *inputs[i];
      if (b.stream == stream || !b.data) continue;
      if (!context_current) {
        state_->context->make_current();
        context_current = true;
      }
      bool seen = false;
      for (std::size_t j = 0; j < i && !seen; ++j) seen = inputs[j]->stream == b.stream;
      if (!seen) state_->order(reader, state_->cu(b.stream));
      state_->note_reader(b.data, reader);
    }
  }

  void synchronize() override { state_->memory.synchronize(); }  // every stream

  ir::StreamId create_stream() override {
    state_->context->make_current();
    CUstream stream = nullptr;
    // Non-blocking, as the default stream: no implicit ordering with the legacy NULL stream.
    check_cuda(state_->context->api().cuStreamCreate(&stream, kStreamNonBlocking), "cuStreamCreate",
               state_->context->label());
    return reinterpret_cast<ir::StreamId>(stream);
  }

  ir::StreamId adopt_stream(void* handle) override {
    state_->context->make_current();
    CUcontext owner = nullptr;
    const auto stream = static_cast<CUstream>(handle);
    check_cuda(state_->context->api().cuStreamGetCtx(stream, &owner), "cuStreamGetCtx",
               state_->context->label() + ": Stream::wrap");
    if (owner != state_->context->handle())
      throw DeviceError(state_->context->label() +
                        ": Stream::wrap: the stream belongs to another CUDA context than the device's primary context "
                        "(the one the CUDA runtime and sinter use); create it in the primary context");
    return reinterpret_cast<ir::StreamId>(stream);
  }

  void destroy_stream(ir::StreamId stream, bool owned) override {
    if (stream == ir::kDefaultStream) return;
    const CUstream s = state_->cu(stream);
    if (state_->context->try_make_current() != kCudaSuccess) return;  // the driver is gone
    // Its work is done once synchronized: its cached blocks may serve the default stream, and
    // no release has to wait for its reads any more.
    state_->context->api().cuStreamSynchronize(s);
    state_->forget_reader(s);
    state_->counters.forget(s);
    state_->allocator.move_cached(reinterpret_cast<StreamId>(s), state_->key(ir::kDefaultStream));
    if (owned) state_->context->api().cuStreamDestroy(s);
  }

  void synchronize_stream(ir::StreamId stream) override {
    state_->context->make_current();
    check_cuda(state_->context->api().cuStreamSynchronize(state_->cu(stream)), "cuStreamSynchronize",
               state_->context->label());
  }

  MemoryStats memory_stats() override { return state_->allocator.stats(); }
  void release_cached_memory() override { state_->allocator.release_cached(); }

  CachingAllocator& allocator() { return state_->allocator; }
  CUstream stream() const { return state_->context->stream(); }

 private:
  // The driver's word on where `data` lives: device (or managed) memory of this device, else DeviceError.
  void check_device_memory(const void* data) const {
    state_->context->make_current();
    const DriverApi& api = state_->context->api();
    unsigned int type = 0;
    const CUresult known = api.cuPointerGetAttribute(&type, kPointerAttributeMemoryType, device_pointer(data));
    if (known != kCudaSuccess)
      throw DeviceError(fmt::format("wrap: {} is not memory the CUDA driver knows ({}); {} needs device memory", data,
                                    cuda_error_text(known), device().to_string()));
    if (type == kMemoryTypeHost)
      throw DeviceError(
          fmt::format("wrap: {} is host memory (pinned or registered); wrap it on cpu(), or copy it to {} first", data,
                      device().to_string()));
    int ordinal = -1;
    check_cuda(api.cuPointerGetAttribute(&ordinal, kPointerAttributeDeviceOrdinal, device_pointer(data)),
               "cuPointerGetAttribute", "wrap");
    if (ordinal != index_)
      throw DeviceError(fmt::format("wrap: {} is memory of cuda({}), not of {}", data, ordinal, device().to_string()));
  }

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
}  // namespace sinter
