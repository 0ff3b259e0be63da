// Streams: a user stream is a backend stream owned through StreamState; the current stream of
// each device is thread-local; evaluation asks for it through stream_state.h.
#include "sinter/stream.h"

#include <vector>

#include "backend.h"
#include "sinter/error.h"
#include "stream_state.h"

namespace sinter {
namespace detail {

StreamState::~StreamState() {
  // Never throws: a stream may die while the process shuts down.
  try {
    backend_for(device).destroy_stream(id, owned);
  } catch (...) {}
}

namespace {

/// This thread's current streams, one entry per device that has a non-default one.
struct CurrentStream {
  Device device;
  std::shared_ptr<StreamState> state;
};
thread_local std::vector<CurrentStream> current;

std::shared_ptr<StreamState>* find_current(Device device) {
  for (auto& c : current)
    if (c.device == device) return &c.state;
  return nullptr;
}

}  // namespace

const std::shared_ptr<StreamState>& current_stream_state(Device device) {
  static const std::shared_ptr<StreamState> none;
  auto* state = find_current(device);
  return state ? *state : none;
}

}  // namespace detail

Stream::Stream(Device device) : device_(device) {
  Backend& backend = backend_for(device);
  state_ = std::make_shared<detail::StreamState>(device, backend.create_stream());
}

Stream Stream::wrap(CUstream_st* stream, Device device) {
  if (!stream)
    throw ValueError(
        "Stream::wrap: a null stream is CUDA's legacy default stream, which sinter does not use; wrap a "
        "stream the application created");
  Backend& backend = backend_for(device);
  return Stream(device, std::make_shared<detail::StreamState>(device, backend.adopt_stream(stream), false));
}

Stream Stream::default_stream(Device device) {
  backend_for(device);  // the device must be usable
  return Stream(device, nullptr);
}

Device Stream::device() const { return device_; }

void Stream::synchronize() const {
  Backend& backend = backend_for(device_);
  backend.synchronize_stream(state_ ? state_->id : ir::kDefaultStream);
}

StreamGuard::StreamGuard(const Stream& stream) : previous_(current_stream(stream.device())) {
  auto* slot = detail::find_current(stream.device());
  if (slot) *slot = stream.state_;
  else detail::current.push_back({stream.device(), stream.state_});
}

StreamGuard::~StreamGuard() { *detail::find_current(previous_.device()) = previous_.state_; }

Stream current_stream(Device device) { return Stream(device, detail::current_stream_state(device)); }

}  // namespace sinter
