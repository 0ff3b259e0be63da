// CPU backend: launch splits [0, n) into chunks of whole cache lines and runs them on the pool.
#include "runtime/cpu/cpu_backend.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "interpret.h"
#include "ir/row_phases.h"
#include "ir/verify.h"
#include "runtime/cpu/cpu_allocator.h"
#if SINTER_WITH_LLVM
#include "runtime/cpu/reduce_launch.h"
#include "runtime/cpu/scan_launch.h"
#endif
#include "runtime/cpu/thread_pool.h"
#if SINTER_WITH_LLVM
#include "codegen/llvm/llvm_jit.h"
#endif

namespace sinter::runtime_cpu {
namespace {

#if SINTER_WITH_LLVM
/// What the CPU backend compiles: a native kernel, or a row kernel's phases. The kind is a field,
/// not a dynamic_cast on every launch.
struct CpuKernel : CompiledKernel {
  explicit CpuKernel(bool row) : row_kernel(row) {}
  const bool row_kernel;
};

struct NativeKernel : CpuKernel {
  std::unique_ptr<llvm_backend::CpuKernelCode> code;
  std::size_t reductions = 0;  // reduction instructions and fold states: accumulator slots per output
  bool scan = false;           // a scan kernel (scan_launch.h)
  NativeKernel(std::unique_ptr<llvm_backend::CpuKernelCode> c, const ir::KernelIR& kernel)
      : CpuKernel(false), code(std::move(c)), scan(kernel.is_scan()) {
    // A user-defined reduction's state values take one slot each (codegen/llvm/fold_kernel.h).
    for (const ir::Instr& in : kernel.body) reductions += is_reduction(in.op) || in.op == Op::FoldState ? 1 : 0;
  }
};

/// A row kernel (ir/kernel.h): one compiled kernel per phase (ir/row_phases.h).
struct RowKernel : CpuKernel {
  RowKernel() : CpuKernel(true) {}
  ir::RowPhases split;
  std::vector<std::unique_ptr<llvm_backend::CpuKernelCode>> phases;
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

#if SINTER_WITH_LLVM
/// A column-order reduction splits its rows into parts of at least this many.
constexpr std::int64_t kMinRowsPerPart = 256;

/// A reduction kernel over args.n outputs of args.reduce_n elements each. Many outputs: chunks
/// of whole outputs on the pool. Few outputs of many elements (a full reduction), or a kernel in
/// column order (`by_columns`: reducing a leading axis, which walks rows in memory order) with
/// enough rows: the elements split into parts, whose accumulators are combined in order after.
/// Parts of rows let each thread stream whole rows; chunks of columns made every thread read
/// short runs of each row (8192^2 float32 summed over axis 0: 18.7 against 25.1 GB/s).
void run_reduction(llvm_backend::CpuReduceFn fn, std::size_t reductions, bool by_columns, const ir::KernelArgs& args) {
  const ReduceLaunch launch(fn, args);
  const std::int64_t n = launch.n;
  const std::int64_t reduce_n = launch.reduce_n;
  const std::int64_t threads = launch.threads;
  if (launch.ran_serially(n * std::max<std::int64_t>(reduce_n, 1))) return;
  const bool split_rows = by_columns && reduce_n >= 2 * kMinRowsPerPart;
  if (n >= 4 * threads && !split_rows) {
    const std::int64_t per_chunk =
        std::max<std::int64_t>(1, (std::int64_t{1} << 13) / std::max<std::int64_t>(reduce_n, 1));
    const std::int64_t chunk = std::max(per_chunk, n / (2 * threads));
    launch.run_whole_chunks(chunk);
    return;
  }
  const std::int64_t parts = split_rows ? std::clamp<std::int64_t>(reduce_n / kMinRowsPerPart, 1, 2 * threads)
                                        : std::clamp<std::int64_t>(reduce_n / (std::int64_t{1} << 13), 1, 4 * threads);
  std::vector<std::uint8_t> partials(static_cast<std::size_t>(parts * n) * reductions * 16);
  launch.pool.parallel_for(parts, [&](std::int64_t p) {
    llvm_backend::ReduceCall call = launch.whole;
    call.r_begin = reduce_n * p / parts;
    call.r_end = reduce_n * (p + 1) / parts;
    call.partials = partials.data() + static_cast<std::size_t>(p * n) * reductions * 16;
    call.mode = 1;
    launch(0, n, call);
  });
  llvm_backend::ReduceCall finish = launch.whole;
  finish.partials = partials.data();
  finish.mode = 2;
  finish.parts = parts;
  launch(0, n, finish);
}
#endif

#if SINTER_WITH_LLVM
/// Elements of a block of rows that a row kernel's phases run over in turn: small enough that
/// the block's operands stay in the core's L1/L2 cache from one phase to the next, large enough
/// that a phase's call costs little beside its work.
constexpr std::int64_t kRowBlockElements = 1 << 13;

/// A row kernel over args.n rows of args.reduce_n elements: chunks of whole rows on the pool;
/// each chunk in blocks of rows, each block running its phases' kernels one after another
/// (ir/row_phases.h). A crossing value goes from its phase's kernel, which writes it at the
/// row's index into a scratch array, to the later phases, which read it there.
void run_rows(const RowKernel& row_kernel, const ir::KernelArgs& args) {
  const ir::RowPhases& split = row_kernel.split;
  const std::int64_t rows = args.n;
  const std::int64_t length = args.reduce_n;
  std::vector<std::vector<std::uint8_t>> scratch(split.crossings.size());
  for (std::size_t c = 0; c < scratch.size(); ++c)
    scratch[c].resize(static_cast<std::size_t>(rows) * size_of(split.crossings[c]));
  std::vector<std::uint64_t> scalars = args.scalars;
  const std::size_t row_inputs =
      split.phases.front().kernel.inputs.size() - split.phases.front().crossing_inputs.size();
  for (std::uint64_t v : split.extra_scalars(args.scalars, rows, length)) scalars.push_back(v);
  std::vector<std::vector<void*>> buffers(split.phases.size());
  for (std::size_t p = 0; p < split.phases.size(); ++p) {
    const ir::PhaseKernel& phase = split.phases[p];
    buffers[p].assign(args.buffers.begin(), args.buffers.begin() + static_cast<std::ptrdiff_t>(row_inputs));
    for (std::int32_t c : phase.crossing_inputs) buffers[p].push_back(scratch[static_cast<std::size_t>(c)].data());
    for (std::int32_t o : phase.outputs)
      buffers[p].push_back(o >= 0 ? args.buffers[row_inputs + static_cast<std::size_t>(o)]
                                  : scratch[static_cast<std::size_t>(-1 - o)].data());
  }
  llvm_backend::ReduceCall whole;
  whole.reduce_n = length;
  whole.r_end = length;
  const std::int64_t block = std::max<std::int64_t>(1, kRowBlockElements / std::max<std::int64_t>(length, 1));
  auto run = [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t first = begin; first < end; first += block) {
      const std::int64_t last = std::min(end, first + block);
      for (std::size_t p = 0; p < split.phases.size(); ++p) {
        const llvm_backend::CpuKernelCode& code = *row_kernel.phases[p];
        if (code.reduce_fn) code.reduce_fn(first, last, buffers[p].data(), scalars.data(), &whole);
        else code.fn(first * length, last * length, buffers[p].data(), scalars.data());
      }
    }
  };
  ThreadPool& pool = ThreadPool::global();
  if (rows * length < kParallelThreshold || pool.threads() == 1 || rows == 1) {
    run(0, rows);
    return;
  }
  const std::int64_t chunk = std::max<std::int64_t>(1, rows / (std::int64_t{4} * pool.threads()));
  const std::int64_t chunks = (rows + chunk - 1) / chunk;
  pool.parallel_for(chunks, [&](std::int64_t c) { run(c * chunk, std::min(rows, (c + 1) * chunk)); });
}
#endif

class CpuBackend final : public Backend {
 public:
  Device device() const override { return cpu(); }

  std::shared_ptr<ir::Buffer> allocate_on(std::size_t bytes, ir::StreamId stream) override {
    auto buffer = allocate_host(bytes);
    buffer->stream = stream;
    return buffer;
  }

  std::shared_ptr<ir::Buffer> wrap_memory(void* data, std::size_t bytes, std::function<void()> release) override {
    return std::make_shared<ir::Buffer>(data, bytes, device(),
                                        [release = std::move(release)](void*, std::size_t) { release(); });
  }

  void copy_from_host(ir::Buffer& dst, const void* src, std::size_t bytes) override {
    std::memcpy(dst.data, src, bytes);
  }
  void copy_to_host(void* dst, const ir::Buffer& src, std::size_t bytes) override { std::memcpy(dst, src.data, bytes); }

  bool runs_row_kernels() const override { return true; }

  std::shared_ptr<const CompiledKernel> compile(const ir::KernelIR& kernel) override {
#if SINTER_WITH_LLVM
    if (kernel.is_row_kernel()) {
      auto row_kernel = std::make_shared<RowKernel>();
      row_kernel->split = ir::split_row_kernel(kernel);
      for (const ir::PhaseKernel& phase : row_kernel->split.phases)
        row_kernel->phases.push_back(llvm_backend::compile_cpu_kernel(phase.kernel));
      detail::fault_point("load");
      return row_kernel;
    }
    auto code = llvm_backend::compile_cpu_kernel(kernel);
    detail::fault_point("load");
    return std::make_shared<NativeKernel>(std::move(code), kernel);
#else
    ir::verify(kernel);  // as the LLVM compile does: a malformed kernel fails here, not at launch
    detail::fault_point("load");
    return std::make_shared<InterpretedKernel>(kernel);
#endif
  }

  void launch(const CompiledKernel& compiled, const ir::KernelArgs& args) override {
#if SINTER_WITH_LLVM
    if (static_cast<const CpuKernel&>(compiled).row_kernel) {
      run_rows(static_cast<const RowKernel&>(compiled), args);
      return;
    }
    const auto& native = static_cast<const NativeKernel&>(compiled);
    if (native.scan) {
      run_scan(native.code->reduce_fn, args);
      return;
    }
    if (native.code->reduce_fn) {
      run_reduction(native.code->reduce_fn, native.reductions, native.code->by_columns, args);
      return;
    }
    auto fn = native.code->fn;
    void* const* buffers = args.buffers.data();
    const std::uint64_t* scalars = args.scalars.data();
    run_chunks(args.n, [=](std::int64_t begin, std::int64_t end) { fn(begin, end, buffers, scalars); });
#else
    const ir::KernelIR& kernel = static_cast<const InterpretedKernel&>(compiled).kernel;
    if (kernel.is_reduction()) {  // chunks of whole outputs
      const std::int64_t per_output = std::max<std::int64_t>(args.reduce_n, 1);
      const std::int64_t outputs_per_chunk = std::max<std::int64_t>(1, kParallelThreshold / 4 / per_output);
      const std::int64_t chunks = (args.n + outputs_per_chunk - 1) / outputs_per_chunk;
      if (chunks <= 1 || args.n * per_output < kParallelThreshold) {
        interpret(kernel, args, 0, args.n);
        return;
      }
      ThreadPool::global().parallel_for(chunks, [&](std::int64_t c) {
        interpret(kernel, args, c * outputs_per_chunk, std::min(args.n, (c + 1) * outputs_per_chunk));
      });
      return;
    }
    run_chunks(args.n, [&](std::int64_t begin, std::int64_t end) { interpret(kernel, args, begin, end); });
#endif
  }

  // CPU kernels finish before launch() returns: streams are labels, order is program order.
  void order_reads(std::span<const std::shared_ptr<ir::Buffer>>, ir::StreamId) override {}
  void synchronize() override {}
  ir::StreamId create_stream() override { return next_stream_.fetch_add(1); }
  ir::StreamId adopt_stream(void*) override {
    throw DeviceError("Stream::wrap: a CUDA stream belongs to a cuda(i) device; cpu() runs work on the calling thread");
  }
  void destroy_stream(ir::StreamId, bool) override {}
  void synchronize_stream(ir::StreamId) override {}

  MemoryStats memory_stats() override { return HostAllocator::global().stats(); }
  void release_cached_memory() override { HostAllocator::global().release_cached(); }

 private:
  std::atomic<ir::StreamId> next_stream_{1};
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend() { return std::make_unique<CpuBackend>(); }

}  // namespace sinter::runtime_cpu
