// A user stream's backend handle, shared by the Stream objects that name it and by the buffers
// its work writes (so the backend stream outlives every use).
#pragma once
#include <memory>

#include "ir/buffer.h"
#include "sinter/device.h"

namespace sinter::detail {

struct StreamState {
  StreamState(Device d, ir::StreamId i, bool o = true) : device(d), id(i), owned(o) {}
  ~StreamState();
  StreamState(const StreamState&) = delete;
  StreamState& operator=(const StreamState&) = delete;

  Device device;
  ir::StreamId id;
  bool owned;  // false: the application's stream (Stream::wrap), never destroyed by sinter
};

/// The calling thread's current stream on `device`; null for the default stream.
const std::shared_ptr<StreamState>& current_stream_state(Device device);

}  // namespace sinter::detail
