// Host memory for CPU arrays: 64-byte aligned (a cache line, and a full AVX-512 vector).
#pragma once
#include <cstddef>
#include <memory>

#include "ir/buffer.h"

namespace sinter::runtime_cpu {

std::shared_ptr<ir::Buffer> allocate_host(std::size_t bytes);

}  // namespace sinter::runtime_cpu
