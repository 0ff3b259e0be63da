// sinter::memory_stats and release_cached_memory (include/sinter/memory.h): the public view of
// each device's caching allocator, on every device.
#include <doctest/doctest.h>
#include <sinter/memory.h>
#include <sinter/sinter.h>

#include <string>
#include <vector>

#include "support.h"

using namespace sinter;

TEST_CASE("memory stats: a device that cannot be used says why") {
  if (auto why = test::cuda_unavailable()) {
    CHECK_THROWS_AS(memory_stats(cuda(0)), DeviceUnavailable);
    CHECK_THROWS_AS(release_cached_memory(cuda(0)), DeviceUnavailable);
  }
  CHECK_THROWS_AS(memory_stats(cuda(1000)), DeviceUnavailable);
}

SINTER_DEVICE_TEST(memory_stats_follow_arrays,
                   "memory stats follow arrays through use, release, reuse and release_cached_memory") {
  constexpr std::int64_t n = 1 << 20;  // 4 MiB of float32: its own size class
  const std::vector<float> values(static_cast<std::size_t>(n), 1.5f);
  const MemoryStats before = memory_stats(device);
  {
    Array<float> x(values, device);
    Array<float> y = x * 2.0f;
    y.eval();
    const MemoryStats live = memory_stats(device);
    CHECK(live.bytes_in_use >= before.bytes_in_use + 2 * 4 * static_cast<std::uint64_t>(n));
    CHECK(live.allocations >= before.allocations + 2);
    CHECK(live.peak_bytes_in_use >= live.bytes_in_use);
    CHECK(live.peak_bytes_reserved >= live.bytes_in_use + live.bytes_cached);
    CHECK(y.to_vector()[7] == 3.0f);
  }
  const MemoryStats released = memory_stats(device);
  CHECK(released.bytes_in_use == before.bytes_in_use);
  CHECK(released.bytes_cached >= 2 * 4 * static_cast<std::uint64_t>(n));
  {
    Array<float> again(values, device);  // the same size class: from the cache
    again.eval();
    CHECK(memory_stats(device).cache_hits >= released.cache_hits + 1);
  }
  release_cached_memory(device);
  const MemoryStats flushed = memory_stats(device);
  CHECK(flushed.bytes_cached == 0);
  CHECK(flushed.system_frees > released.system_frees);
  MESSAGE(flushed.to_string());
}
