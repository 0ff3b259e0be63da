// A scan kernel's launch on the CPU (scan_launch.h): rows over threads, or a long row in parts
// (a total per part, then each part's scan from the totals before it).
#if SINTER_WITH_LLVM
#include "runtime/cpu/scan_launch.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "runtime/cpu/reduce_launch.h"

namespace sinter::runtime_cpu {

namespace {
/// A part of a split row holds at least this many elements: its two calls cost little beside it.
constexpr std::int64_t kMinPartElements = std::int64_t{1} << 15;
}  // namespace

void run_scan(llvm_backend::CpuReduceFn fn, const ir::KernelArgs& args) {
  const ReduceLaunch launch(fn, args);
  const std::int64_t n = launch.n;
  const std::int64_t length = launch.reduce_n;
  const std::int64_t threads = launch.threads;
  if (launch.ran_serially(n * length)) return;
  const std::int64_t parts = std::clamp<std::int64_t>(length / kMinPartElements, 1, threads);
  if (n >= threads || parts == 1) {  // whole rows per thread, about four chunks each
    const std::int64_t chunk = std::max<std::int64_t>(1, n / (4 * threads));
    launch.run_whole_chunks(chunk);
    return;
  }
  std::vector<std::uint8_t> totals(static_cast<std::size_t>(parts * n) * 16);
  auto range = [&](llvm_backend::ReduceCall& call, std::int64_t p) {
    call.r_begin = length * p / parts;
    call.r_end = length * (p + 1) / parts;
  };
  launch.pool.parallel_for(parts - 1, [&](std::int64_t p) {  // the last part's total is never used
    llvm_backend::ReduceCall call = launch.whole;
    range(call, p);
    call.partials = totals.data() + static_cast<std::size_t>(p * n) * 16;
    call.mode = 1;
    launch(0, n, call);
  });
  launch.pool.parallel_for(parts, [&](std::int64_t p) {
    llvm_backend::ReduceCall call = launch.whole;
    range(call, p);
    call.partials = totals.data();
    call.parts = p;
    launch(0, n, call);
  });
}

}  // namespace sinter::runtime_cpu
#endif
