#include "runtime/cuda/tile_counters.h"

#include <algorithm>
#include <string>

namespace sinter::gpu {

unsigned int* TileCounters::get(CUstream stream, std::size_t count) {
  std::lock_guard lock(mutex_);
  Counters& c = streams_[stream];
  if (c.count < count) {
    const DriverApi& api = context_.api();
    if (c.memory) {  // kernels queued before may still count in the old array
      check_cuda(api.cuStreamSynchronize(stream), "cuStreamSynchronize", context_.label());
      api.cuMemFree(c.memory);
      c = {};
    }
    const std::size_t wanted = std::max(count, kMinCounters);
    check_cuda(api.cuMemAlloc(&c.memory, wanted * sizeof(unsigned int)), "cuMemAlloc",
               context_.label() + " (" + std::to_string(wanted * sizeof(unsigned int)) + " bytes of tile counters)");
    c.count = wanted;
    check_cuda(api.cuMemsetD32Async(c.memory, 0, wanted, stream), "cuMemsetD32Async", context_.label());
  }
  return reinterpret_cast<unsigned int*>(c.memory);
}

void TileCounters::forget(CUstream stream) noexcept {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(stream);
  if (it == streams_.end()) return;
  if (context_.try_make_current() == kCudaSuccess) context_.api().cuMemFree(it->second.memory);
  streams_.erase(it);
}

}  // namespace sinter::gpu
