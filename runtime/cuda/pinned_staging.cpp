// Double-buffered staging through pinned memory. Buffer i is reused only after the event
// recorded behind its last copy has completed.
#include "runtime/cuda/pinned_staging.h"

#include <algorithm>
#include <cstring>

namespace sinter::gpu {

PinnedStaging::~PinnedStaging() {
  const DriverApi& api = context_.api();
  context_.try_make_current();
  for (int i = 0; i < 2; ++i) {
    if (done_[i]) {
      api.cuEventSynchronize(done_[i]);
      api.cuEventDestroy(done_[i]);
    }
    if (buffers_[i]) api.cuMemFreeHost(buffers_[i]);
  }
}

void PinnedStaging::ensure_buffers() {
  if (buffers_[0]) return;
  const DriverApi& api = context_.api();
  for (int i = 0; i < 2; ++i) {
    check_cuda(api.cuMemAllocHost(&buffers_[i], kChunkBytes), "cuMemAllocHost (pinned staging buffer)", context_.label());
    check_cuda(api.cuEventCreate(&done_[i], kEventDisableTiming), "cuEventCreate", context_.label());
  }
}

void PinnedStaging::to_device(CUdeviceptr destination, const void* source, std::size_t bytes) {
  context_.make_current();
  const DriverApi& api = context_.api();
  const std::string& label = context_.label();
  if (bytes < kStagingThreshold) {
    // The driver copies pageable memory into its own staging before returning.
    check_cuda(api.cuMemcpyHtoDAsync(destination, source, bytes, context_.stream()), "cuMemcpyHtoDAsync", label);
    return;
  }
  std::lock_guard lock(mutex_);
  ensure_buffers();
  const char* from = static_cast<const char*>(source);
  for (std::size_t offset = 0, chunk = 0; offset < bytes; offset += kChunkBytes, ++chunk) {
    const std::size_t i = chunk % 2;
    const std::size_t n = std::min(kChunkBytes, bytes - offset);
    check_cuda(api.cuEventSynchronize(done_[i]), "cuEventSynchronize", label);  // buffer i free again
    std::memcpy(buffers_[i], from + offset, n);
    check_cuda(api.cuMemcpyHtoDAsync(destination + offset, buffers_[i], n, context_.stream()), "cuMemcpyHtoDAsync",
               label);
    check_cuda(api.cuEventRecord(done_[i], context_.stream()), "cuEventRecord", label);
  }
}

void PinnedStaging::to_host(void* destination, CUdeviceptr source, std::size_t bytes) {
  context_.make_current();
  const DriverApi& api = context_.api();
  const std::string& label = context_.label();
  if (bytes < kStagingThreshold) {
    check_cuda(api.cuMemcpyDtoHAsync(destination, source, bytes, context_.stream()), "cuMemcpyDtoHAsync", label);
    check_cuda(api.cuStreamSynchronize(context_.stream()), "cuStreamSynchronize", label);
    return;
  }
  std::lock_guard lock(mutex_);
  ensure_buffers();
  char* to = static_cast<char*>(destination);
  const std::size_t chunks = (bytes + kChunkBytes - 1) / kChunkBytes;
  auto queue_chunk = [&](std::size_t chunk) {
    const std::size_t i = chunk % 2, offset = chunk * kChunkBytes;
    check_cuda(api.cuMemcpyDtoHAsync(buffers_[i], source + offset, std::min(kChunkBytes, bytes - offset),
                                     context_.stream()), "cuMemcpyDtoHAsync", label);
    check_cuda(api.cuEventRecord(done_[i], context_.stream()), "cuEventRecord", label);
  };
  queue_chunk(0);
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    // Queue the next chunk into the other buffer (emptied by the previous iteration's memcpy)
    // before waiting on this one, so the DMA runs while the host copies.
    if (chunk + 1 < chunks) queue_chunk(chunk + 1);
    const std::size_t i = chunk % 2, offset = chunk * kChunkBytes;
    check_cuda(api.cuEventSynchronize(done_[i]), "cuEventSynchronize (device to host copy)", label);
    std::memcpy(to + offset, buffers_[i], std::min(kChunkBytes, bytes - offset));
  }
}

}  // namespace sinter::gpu
