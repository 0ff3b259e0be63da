// A block of device memory that holds an array's elements. Owned through shared_ptr: every
// array view and pending kernel that reads it keeps it alive.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "sinter/device.h"

namespace sinter::ir {

/// A backend's queue of work: 0 is the device's default stream; others come from
/// Backend::create_stream. On the CPU, streams only label work (it runs synchronously).
using StreamId = std::uintptr_t;
inline constexpr StreamId kDefaultStream = 0;

struct Buffer {
  void* data = nullptr;
  std::size_t bytes = 0;
  Device device;
  std::function<void(void*, std::size_t)> release;  // returns the memory to its allocator
  StreamId stream = kDefaultStream;                 // the stream whose work writes it
  // Memory the application gave as const (Array::wrap of a const pointer): nothing writes it.
  bool read_only = false;
  std::shared_ptr<const void> stream_owner;         // keeps a user stream alive while it may write here

  Buffer(void* d, std::size_t n, Device dev, std::function<void(void*, std::size_t)> r)
      : data(d), bytes(n), device(dev), release(std::move(r)) {}
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() {
    if (release) release(data, bytes);
  }
};

}  // namespace sinter::ir
