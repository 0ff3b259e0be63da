// Per stream, a device array of uint32 counters that is zero between launches. A reduction that
// splits each output over several blocks counts the blocks arriving at each tile in it; the last
// block resets its tile's counter to zero, so no launch pays for a memset, and kernels queued on
// one stream run in order, so they never share a counter at the same time.
#pragma once
#include <cstddef>
#include <mutex>
#include <unordered_map>

#include "runtime/cuda/cuda_context.h"

namespace sinter::gpu {

class TileCounters {
 public:
  explicit TileCounters(const CudaContext& context) : context_(context) {}
  TileCounters(const TileCounters&) = delete;
  TileCounters& operator=(const TileCounters&) = delete;

  /// At least `count` counters for kernels queued on `stream`, zero when the next kernel queued
  /// there starts. The first request on a stream (and one for more than it has) allocates and
  /// queues one memset on the stream; the context must be current.
  unsigned int* get(CUstream stream, std::size_t count);

  /// `stream` is going away and has finished its work: its counters are freed.
  void forget(CUstream stream) noexcept;

  /// Fewest counters a stream gets: more than any grid of a device with up to 256
  /// multiprocessors asks for (2 x multiprocessors x 32 resident blocks), so one allocation lasts.
  static constexpr std::size_t kMinCounters = 16384;

 private:
  struct Counters {
    CUdeviceptr memory = 0;
    std::size_t count = 0;
  };
  const CudaContext& context_;
  std::mutex mutex_;
  std::unordered_map<CUstream, Counters> streams_;
};

}  // namespace sinter::gpu
