// sinter::memory_stats and release_cached_memory (include/sinter/memory.h): the public view of
// the CUDA caching allocator. The CPU and no-GPU cases run everywhere; the rest needs a GPU.
#include <doctest/doctest.h>
#include <sinter/memory.h>
#include <sinter/sinter.h>

#include <string>
#include <vector>

#include "support.h"

using namespace sinter;

TEST_CASE("memory stats: the CPU has no caching allocator, and a missing GPU says why") {
  CHECK_THROWS_AS(memory_stats(cpu()), DeviceError);
  try {
    memory_stats(cpu());
  } catch (const DeviceError& e) { CHECK(std::string(e.what()).find("cpu") != std::string::npos); }
  CHECK_THROWS_AS(release_cached_memory(cpu()), DeviceError);
  if (auto why = test::cuda_unavailable()) {
    CHECK_THROWS_AS(memory_stats(cuda(0)), DeviceUnavailable);
    CHECK_THROWS_AS(release_cached_memory(cuda(0)), DeviceUnavailable);
  }
}

TEST_CASE("gpu: memory stats follow arrays through use then release then reuse then release_cached_memory" *
          doctest::test_suite("gpu")) {
  if (auto why = test::cuda_unavailable()) { SINTER_SKIP("no usable GPU: " << *why); }
  constexpr std::int64_t n = 1 << 20;  // 4 MiB of float32: its own size class
  const std::vector<float> values(static_cast<std::size_t>(n), 1.5f);
  const MemoryStats before = memory_stats(cuda(0));
  {
    Array<float> x(values, cuda(0));
    Array<float> y = x * 2.0f;
    y.eval();
    const MemoryStats live = memory_stats(cuda(0));
    CHECK(live.bytes_in_use >= before.bytes_in_use + 2 * 4 * static_cast<std::uint64_t>(n));
    CHECK(live.allocations >= before.allocations + 2);
    CHECK(live.peak_bytes_in_use >= live.bytes_in_use);
    CHECK(y.to_vector()[7] == 3.0f);
  }
  const MemoryStats released = memory_stats(cuda(0));
  CHECK(released.bytes_in_use == before.bytes_in_use);
  CHECK(released.bytes_cached >= 2 * 4 * static_cast<std::uint64_t>(n));
  {
    Array<float> again(values, cuda(0));  // the same size class, the same stream: from the cache
    again.eval();
    CHECK(memory_stats(cuda(0)).cache_hits >= released.cache_hits + 1);
  }
  release_cached_memory(cuda(0));
  const MemoryStats flushed = memory_stats(cuda(0));
  CHECK(flushed.bytes_cached == 0);
  CHECK(flushed.device_frees > released.device_frees);
  MESSAGE(flushed.to_string());
}
