// Aligned host allocation; failures raise OutOfMemory with the size asked for.
#include "runtime/cpu/cpu_allocator.h"

#include <cstdlib>
#include <string>

#include "counters_internal.h"
#include "sinter/error.h"

namespace sinter::runtime_cpu {

std::shared_ptr<ir::Buffer> allocate_host(std::size_t bytes) {
  constexpr std::size_t kAlign = 64;
  const std::size_t rounded = (bytes + kAlign - 1) / kAlign * kAlign;
  void* p = std::aligned_alloc(kAlign, rounded == 0 ? kAlign : rounded);
  if (!p) throw OutOfMemory("cpu: cannot allocate " + std::to_string(bytes) + " bytes of host memory");
  detail::count_bytes_allocated(bytes);
  return std::make_shared<ir::Buffer>(p, bytes, cpu(), [](void* q, std::size_t) { std::free(q); });
}

}  // namespace sinter::runtime_cpu
