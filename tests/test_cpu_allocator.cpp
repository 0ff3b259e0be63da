// The caching host allocator (runtime/cpu/cpu_allocator.h): reuse, alignment, the bound on cached
// bytes, concurrent use, and what the public counters report through it.
#include <cstdint>
#include <random>
#include <thread>

#include "runtime/cpu/cpu_allocator.h"
#include "support.h"

using namespace sinter;
using runtime_cpu::HostAllocator;

namespace {

bool aligned_to(const void* p, std::size_t alignment) { return reinterpret_cast<std::uintptr_t>(p) % alignment == 0; }

constexpr std::size_t kMiB = std::size_t{1} << 20;

}  // namespace

TEST_CASE("cpu allocator: size classes cover the request with at most 25% slack (plus 64 B or 2 MiB rounding)") {
  for (std::size_t bytes : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{64}, std::size_t{65},
                            std::size_t{4095}, std::size_t{4096}, std::size_t{4097}, std::size_t{5000},
                            std::size_t{123457}, kMiB - 1, kMiB, kMiB + 1, 3 * kMiB + 5, 64 * kMiB, 100 * kMiB + 3}) {
    const std::size_t c = HostAllocator::size_class(bytes);
    CAPTURE(bytes);
    CHECK(c >= bytes);
    CHECK(c % 64 == 0);
    if (c >= HostAllocator::kMapThreshold) {
      CHECK(c % (2 * kMiB) == 0);
      CHECK(c <= bytes + bytes / 4 + 2 * kMiB);
    } else {
      CHECK(c <= bytes + bytes / 4 + 64);
    }
    CHECK(HostAllocator::size_class(c) == c);  // a class is its own class
  }
}

TEST_CASE("cpu allocator: a released block is reused by the next request of its class, without the system") {
  HostAllocator a(64 * kMiB);
  for (std::size_t bytes : {std::size_t{100}, std::size_t{4096}, std::size_t{40000}, 3 * kMiB}) {
    CAPTURE(bytes);
    void* p = a.allocate(bytes);
    const auto before = a.stats();
    a.release(p, bytes);
    CHECK(a.stats().bytes_cached == before.bytes_cached + HostAllocator::size_class(bytes));
    const std::size_t again = bytes - 1;
    REQUIRE(HostAllocator::size_class(again) == HostAllocator::size_class(bytes));
    void* q = a.allocate(again);
    CHECK(q == p);
    const auto after = a.stats();
    CHECK(after.cache_hits == before.cache_hits + 1);
    CHECK(after.system_allocations == before.system_allocations);
    CHECK(after.bytes_cached == before.bytes_cached);
    a.release(q, again);
  }
  CHECK(a.stats().bytes_in_use == 0);
  a.release_cached();
  CHECK(a.stats().bytes_cached == 0);
  CHECK(a.stats().system_frees == a.stats().system_allocations);
}

TEST_CASE("cpu allocator: blocks are 64-byte aligned, large ones 2 MiB aligned, and fully writable") {
  HostAllocator a(16 * kMiB);
  std::vector<std::pair<void*, std::size_t>> blocks;
  for (std::size_t bytes : {std::size_t{1}, std::size_t{64}, std::size_t{100}, std::size_t{4097}, std::size_t{70000},
                            kMiB, 5 * kMiB + 17}) {
    void* p = a.allocate(bytes);
    CAPTURE(bytes);
    CHECK(aligned_to(p, 64));
    if (HostAllocator::size_class(bytes) >= HostAllocator::kMapThreshold) CHECK(aligned_to(p, 2 * kMiB));
    std::memset(p, 0xab, HostAllocator::size_class(bytes));
    blocks.emplace_back(p, bytes);
  }
  for (auto [p, bytes] : blocks) a.release(p, bytes);
  CHECK(a.stats().bytes_in_use == 0);
}

TEST_CASE("cpu allocator: cached bytes never pass the bound, 0 turns caching off") {
  HostAllocator a(8 * kMiB);
  std::vector<void*> blocks;
  for (int i = 0; i < 6; ++i) blocks.push_back(a.allocate(2 * kMiB));
  for (void* p : blocks) {
    a.release(p, 2 * kMiB);
    CHECK(a.stats().bytes_cached <= 8 * kMiB);
  }
  CHECK(a.stats().bytes_cached == 8 * kMiB);
  CHECK(a.stats().system_frees == 2);
  // A block larger than the whole bound goes straight back to the system.
  void* big = a.allocate(16 * kMiB);
  a.release(big, 16 * kMiB);
  CHECK(a.stats().bytes_cached == 8 * kMiB);
  // Releasing a small block when the cache is full evicts (largest first) to make room.
  void* small = a.allocate(1000);
  a.release(small, 1000);
  CHECK(a.stats().bytes_cached <= 8 * kMiB);
  CHECK(a.stats().bytes_cached == 6 * kMiB + HostAllocator::size_class(1000));

  HostAllocator off(0);
  void* p = off.allocate(1000);
  off.release(p, 1000);
  CHECK(off.stats().bytes_cached == 0);
  CHECK(off.stats().system_frees == 1);
}

TEST_CASE("cpu allocator: many threads allocating, writing and releasing never share a block" *
          doctest::test_suite("concurrency")) {
  HostAllocator a(4 * kMiB);
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      std::uniform_int_distribution<std::size_t> size(1, 300000);
      std::vector<std::pair<std::uint8_t*, std::size_t>> held;
      for (int i = 0; i < 2000; ++i) {
        const std::size_t bytes = size(rng);
        auto* p = static_cast<std::uint8_t*>(a.allocate(bytes));
        std::memset(p, t + 1, bytes);
        held.emplace_back(p, bytes);
        if (held.size() > 4 || (i % 3) == 0) {
          auto [q, n] = held.front();
          for (std::size_t k = 0; k < n; k += 997)
            if (q[k] != t + 1) bad.fetch_add(1);
          a.release(q, n);
          held.erase(held.begin());
        }
      }
      for (auto [q, n] : held) a.release(q, n);
    });
  for (auto& th : threads) th.join();
  CHECK(bad.load() == 0);
  const auto s = a.stats();
  CHECK(s.bytes_in_use == 0);
  CHECK(s.bytes_cached <= 4 * kMiB);
  CHECK(s.cache_hits > 0);
  CHECK(s.allocations == s.cache_hits + s.system_allocations);
}

TEST_CASE("cpu allocator: evaluations reuse released outputs, bytes_allocated still counts every array") {
  const std::int64_t n = 1 << 20;  // 4 MiB outputs: the mmap path
  std::vector<float> v(static_cast<std::size_t>(n), 1.5f);
  Array<float> x(v), y(v);
  {
    Array<float> warm = x + y;
    warm.eval();
  }  // one block of the class now cached
  auto& global = HostAllocator::global();
  const auto before = global.stats();
  reset_counters();
  for (int i = 0; i < 5; ++i) {
    Array<float> z = x * y + 1.0f;
    z.eval();
    CHECK(z.at(n - 1) == 1.5f * 1.5f + 1.0f);
  }
  const auto after = global.stats();
  CHECK(counters().bytes_allocated == 5 * static_cast<std::uint64_t>(n) * sizeof(float));
  if (global.stats().cache_limit >= HostAllocator::size_class(static_cast<std::size_t>(n) * sizeof(float))) {
    CHECK(after.system_allocations == before.system_allocations);
    CHECK(after.cache_hits >= before.cache_hits + 5);
  }
}
