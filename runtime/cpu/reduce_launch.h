// The calls of a reduction or scan kernel (llvm_jit.h's CpuReduceFn) on the CPU: what
// run_reduction (cpu_backend.cpp) and run_scan (scan_launch.h) share.
#pragma once
#include <algorithm>
#include <cstdint>

#include "codegen/llvm/llvm_jit.h"
#include "ir/kernel.h"
#include "runtime/cpu/cpu_backend.h"
#include "runtime/cpu/thread_pool.h"

namespace sinter::runtime_cpu {

/// A CpuReduceFn with args' buffers and scalars, over args.n outputs of args.reduce_n elements.
struct ReduceLaunch {
  ReduceLaunch(llvm_backend::CpuReduceFn f, const ir::KernelArgs& args)
      : fn(f), buffers(args.buffers.data()), scalars(args.scalars.data()), n(args.n), reduce_n(args.reduce_n) {
    whole.reduce_n = reduce_n;
    whole.r_end = reduce_n;
  }

  /// fn over outputs [begin, end) with `call`.
  void operator()(std::int64_t begin, std::int64_t end, const llvm_backend::ReduceCall& call) const {
    fn(begin, end, buffers, scalars, &call);
  }

  /// True, having run every output whole on the calling thread, when `work` elements are below
  /// kParallelThreshold or the pool has one thread.
  bool ran_serially(std::int64_t work) const {
    if (work >= kParallelThreshold && threads != 1) return false;
    (*this)(0, n, whole);
    return true;
  }

  /// Every output whole, in chunks of `chunk` outputs on the pool.
  void run_whole_chunks(std::int64_t chunk) const {
    const std::int64_t chunks = (n + chunk - 1) / chunk;
    pool.parallel_for(chunks, [&](std::int64_t c) { (*this)(c * chunk, std::min(n, (c + 1) * chunk), whole); });
  }

  llvm_backend::CpuReduceFn fn;
  void* const* buffers;
  const std::uint64_t* scalars;
  std::int64_t n;
  std::int64_t reduce_n;
  ThreadPool& pool = ThreadPool::global();
  std::int64_t threads = pool.threads();
  llvm_backend::ReduceCall whole;  // every element of each output
};

}  // namespace sinter::runtime_cpu
