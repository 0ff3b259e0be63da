// CPU backend: launch splits [0, n) into chunks of whole cache lines and runs them on the pool.
#include "runtime/cpu/cpu_backend.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "interpret.h"
#include "runtime/cpu/cpu_allocator.h"
#include "runtime/cpu/thread_pool.h"
#if SINTER_WITH_LLVM
#include "codegen/llvm/llvm_jit.h"
#endif

namespace sinter::runtime_cpu {
namespace {

#if SINTER_WITH_LLVM
struct NativeKernel : CompiledKernel {
  std::unique_ptr<llvm_backend::CpuKernelCode> code;
  explicit NativeKernel(std::unique_ptr<llvm_backend::CpuKernelCode> c) : code(std::move(c)) {}
};
#else
struct InterpretedKernel : CompiledKernel {
  ir::KernelIR kernel;
  explicit InterpretedKernel(const ir::KernelIR& k) : kernel(k) {}
};
#endif

/// Runs body(begin, end) over [0, n): on the calling thread for small n, else in chunks on the
/// pool, about four per thread for balance, each a multiple of 64 elements so that every chunk
/// but the last runs whole vectors.
template <class Body> void run_chunks(std::int64_t n, const Body& body) {
  if (n < kParallelThreshold) {
    body(0, n);
    return;
  }
  ThreadPool& pool = ThreadPool::global();
  const std::int64_t target = std::max<std::int64_t>(n / (std::int64_t{4} * pool.threads()), 1 << 13);
  const std::int64_t chunk = (target + 63) / 64 * 64;
  const std::int64_t chunks = (n + chunk - 1) / chunk;
  pool.parallel_for(chunks, [&](std::int64_t c) { body(c * chunk, std::min(n, (c + 1) * chunk)); });
}

class CpuBackend final : public Backend {
 public:
  Device device() const override { return cpu(); }

  std::shared_ptr<ir::Buffer> allocate_on(std::size_t bytes, ir::StreamId stream) override {
    auto buffer = allocate_host(bytes);
    buffer->stream = stream;
    return buffer;
  }

  void copy_from_host(ir::Buffer& dst, const void* src, std::size_t bytes) override {
    std::memcpy(dst.data, src, bytes);
  }
  void copy_to_host(void* dst, const ir::Buffer& src, std::size_t bytes) override { std::memcpy(dst, src.data, bytes); }

  std::shared_ptr<const CompiledKernel> compile(const ir::KernelIR& kernel) override {
#if SINTER_WITH_LLVM
    return std::make_shared<NativeKernel>(llvm_backend::compile_cpu_kernel(kernel));
#else
    return std::make_shared<InterpretedKernel>(kernel);
#endif
  }

  void launch(const CompiledKernel& compiled, const ir::KernelArgs& args) override {
#if SINTER_WITH_LLVM
    auto fn = static_cast<const NativeKernel&>(compiled).code->fn;
    void* const* buffers = args.buffers.data();
    const std::uint64_t* scalars = args.scalars.data();
    run_chunks(args.n, [=](std::int64_t begin, std::int64_t end) { fn(begin, end, buffers, scalars); });
#else
    const ir::KernelIR& kernel = static_cast<const InterpretedKernel&>(compiled).kernel;
    run_chunks(args.n, [&](std::int64_t begin, std::int64_t end) { interpret(kernel, args, begin, end); });
#endif
  }

  // CPU kernels finish before launch() returns: streams are labels, order is program order.
  void order_reads(std::span<const std::shared_ptr<ir::Buffer>>, ir::StreamId) override {}
  void synchronize() override {}
  ir::StreamId create_stream() override { return next_stream_.fetch_add(1); }
  void destroy_stream(ir::StreamId) override {}
  void synchronize_stream(ir::StreamId) override {}

  MemoryStats memory_stats() override { return HostAllocator::global().stats(); }
  void release_cached_memory() override { HostAllocator::global().release_cached(); }

 private:
  std::atomic<ir::StreamId> next_stream_{1};
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend() { return std::make_unique<CpuBackend>(); }

}  // namespace sinter::runtime_cpu
