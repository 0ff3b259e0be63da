// A block of device memory that holds an array's elements. Owned through shared_ptr: every
// array view and pending kernel that reads it keeps it alive.
#pragma once
#include <cstddef>
#include <functional>

#include "sinter/device.h"

namespace sinter::ir {

struct Buffer {
  void* data = nullptr;
  std::size_t bytes = 0;
  Device device;
  std::function<void(void*, std::size_t)> release;  // returns the memory to its allocator

  Buffer(void* d, std::size_t n, Device dev, std::function<void(void*, std::size_t)> r)
      : data(d), bytes(n), device(dev), release(std::move(r)) {}
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() {
    if (release) release(data, bytes);
  }
};

}  // namespace sinter::ir
