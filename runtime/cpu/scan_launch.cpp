// A scan kernel's launch on the CPU (scan_launch.h): rows over threads, or a long row in parts
// (a total per part, then each part's scan from the totals before it).
#if SINTER_WITH_LLVM
#include "runtime/cpu/scan_launch.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "runtime/cpu/cpu_backend.h"
#include "runtime/cpu/thread_pool.h"

namespace sinter::runtime_cpu {

namespace {
/// A part of a split row holds at least this many elements: its two calls cost little beside it.
constexpr std::int64_t kMinPartElements = std::int64_t{1} << 15;
}  // namespace

void run_scan(llvm_backend::CpuReduceFn fn, const ir::KernelArgs& args) {
  void* const* buffers = args.buffers.data();
  const std::uint64_t* scalars = args.scalars.data();
  const std::int64_t n = args.n;
  const std::int64_t length = args.reduce_n;
  ThreadPool& pool = ThreadPool::global();
  const std::int64_t threads = pool.threads();
  llvm_backend::ReduceCall whole;
  whole.reduce_n = length;
  whole.r_end = length;
  if (n * length < kParallelThreshold || threads == 1) {
    fn(0, n, buffers, scalars, &whole);
    return;
  }
  const std::int64_t parts = std::clamp<std::int64_t>(length / kMinPartElements, 1, threads);
  if (n >= threads || parts == 1) {  // whole rows per thread, about four chunks each
    const std::int64_t chunk = std::max<std::int64_t>(1, n / (4 * threads));
    const std::int64_t chunks = (n + chunk - 1) / chunk;
    pool.parallel_for(chunks,
                      [&](std::int64_t c) { fn(c * chunk, std::min(n, (c + 1) * chunk), buffers, scalars, &whole); });
    return;
  }
  std::vector<std::uint8_t> totals(static_cast<std::size_t>(parts * n) * 16);
  auto range = [&](llvm_backend::ReduceCall& call, std::int64_t p) {
    call.r_begin = length * p / parts;
    call.r_end = length * (p + 1) / parts;
  };
  pool.parallel_for(parts - 1, [&](std::int64_t p) {  // the last part's total is never used
    llvm_backend::ReduceCall call = whole;
    range(call, p);
    call.partials = totals.data() + static_cast<std::size_t>(p * n) * 16;
    call.mode = 1;
    fn(0, n, buffers, scalars, &call);
  });
  pool.parallel_for(parts, [&](std::int64_t p) {
    llvm_backend::ReduceCall call = whole;
    range(call, p);
    call.partials = totals.data();
    call.parts = p;
    fn(0, n, buffers, scalars, &call);
  });
}

}  // namespace sinter::runtime_cpu
#endif
