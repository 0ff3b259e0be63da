// Host<->device copies. Small copies go straight from the caller's (pageable) memory; large
// ones run through two pinned buffers in turn, so the host memcpy of one chunk overlaps the
// DMA of the other and the transfer runs at pinned-memory speed.
#pragma once
#include <cstddef>
#include <mutex>

#include "runtime/cuda/cuda_context.h"

namespace sinter::gpu {

class PinnedStaging {
 public:
  explicit PinnedStaging(const CudaContext& context) : context_(context) {}
  ~PinnedStaging();
  PinnedStaging(const PinnedStaging&) = delete;
  PinnedStaging& operator=(const PinnedStaging&) = delete;

  /// Queues the copy on the context's stream; returns once `source` may be reused.
  void to_device(CUdeviceptr destination, const void* source, std::size_t bytes);
  /// Copies after all queued work on the stream; returns when `destination` holds the data.
  void to_host(void* destination, CUdeviceptr source, std::size_t bytes);

  /// Copies of at least this many bytes are staged.
  static constexpr std::size_t kStagingThreshold = std::size_t{1} << 20;
  /// Each of the two pinned buffers.
  static constexpr std::size_t kChunkBytes = std::size_t{8} << 20;

 private:
  void ensure_buffers();

  const CudaContext& context_;
  std::mutex mutex_;  // one staged copy at a time per device
  void* buffers_[2] = {nullptr, nullptr};
  CUevent done_[2] = {nullptr, nullptr};  // recorded after the copy that last used buffers_[i]
};

}  // namespace sinter::gpu
