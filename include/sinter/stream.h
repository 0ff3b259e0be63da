// Streams: ordered queues of work on one device. Evaluations issued while a stream is current
// on the calling thread (StreamGuard) are queued on it; work on different streams may overlap
// on a GPU. sinter orders what must be ordered: a kernel that reads an array computed on another
// stream waits for it, a host read waits for the array's stream, and memory read by another
// stream is not reused before that stream has read it. On the CPU, work runs to completion on the
// calling thread in program order, so streams there only label work.
#pragma once
#include <memory>

#include "sinter/device.h"
#include "sinter/export.h"

struct CUstream_st;  // the CUDA driver's CUstream and the runtime's cudaStream_t point to one

namespace sinter {

namespace detail {
struct StreamState;
}

/// An ordered queue of work on one device (docs/streams.md); on the GPU, a CUDA stream.
class SINTER_API Stream {
 public:
  /// A new stream on `device`. Throws DeviceUnavailable when the device cannot be used.
  explicit Stream(Device device);
  /// The application's own CUDA stream (a CUstream or cudaStream_t; no CUDA header needed) as a
  /// sinter stream of `device`: while it is current (StreamGuard), sinter's kernels and the
  /// allocations they make are queued on it, in order with the application's own work there,
  /// with no synchronization (docs/embedding.md). sinter never destroys it: the application
  /// keeps it alive while this Stream, its copies, or arrays computed on it live. Throws
  /// ValueError (a null stream: the legacy default stream), DeviceError (cpu(); a stream of
  /// another CUDA context than the device's primary one) and DeviceUnavailable.
  static Stream wrap(CUstream_st* stream, Device device = cuda(0));
  /// The stream work goes to when no other is current: the one all threads share.
  static Stream default_stream(Device device);

  /// The device the stream belongs to.
  Device device() const;
  /// True for the device's default stream.
  bool is_default() const { return state_ == nullptr; }
  /// Waits until all work queued on this stream has finished.
  void synchronize() const;

  friend bool operator==(const Stream& a, const Stream& b) { return a.device_ == b.device_ && a.state_ == b.state_; }

 private:
  friend class StreamGuard;
  friend Stream current_stream(Device device);
  Stream(Device device, std::shared_ptr<detail::StreamState> state) : device_(device), state_(std::move(state)) {}

  Device device_;
  std::shared_ptr<detail::StreamState> state_;  // null: the default stream
};

/// Makes `stream` the current stream of its device on this thread until the guard is
/// destroyed; guards nest. Other devices and other threads are not affected.
class SINTER_API StreamGuard {
 public:
  /// Makes `stream` current on this thread (for its device).
  explicit StreamGuard(const Stream& stream);
  ~StreamGuard();
  StreamGuard(const StreamGuard&) = delete;
  StreamGuard& operator=(const StreamGuard&) = delete;

 private:
  Stream previous_;
};

/// The stream evaluations on `device` go to from this thread.
SINTER_API Stream current_stream(Device device);

}  // namespace sinter
