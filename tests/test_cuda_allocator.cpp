// The caching allocator's policy, on a fake device (host memory with a byte budget), so it is
// tested on every machine: size classes, reuse without driver calls, per-stream caches,
// statistics, release-and-retry on failure, and the OutOfMemory message.
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>
#include <string>

#include "runtime/cuda/caching_allocator.h"
#include "sinter/error.h"

using sinter::gpu::CachingAllocator;

namespace {

/// Host memory standing in for a device with `budget` bytes.
class FakeDeviceMemory final : public sinter::gpu::DeviceMemory {
 public:
  explicit FakeDeviceMemory(std::size_t budget) : budget_(budget) {}
  void* allocate(std::size_t bytes) override {
    ++allocations;
    if (used_ + bytes > budget_) return nullptr;
    used_ += bytes;
    return std::aligned_alloc(256, bytes);
  }
  void free(void* block, std::size_t bytes) override {
    ++frees;
    used_ -= bytes;
    std::free(block);
  }
  void synchronize() override { ++synchronizations; }
  std::pair<std::size_t, std::size_t> free_and_total() override { return {budget_ - used_, budget_}; }

  int allocations = 0, frees = 0, synchronizations = 0;

 private:
  std::size_t budget_, used_ = 0;
};

constexpr sinter::gpu::StreamId kStream = 1, kOtherStream = 2;

}  // namespace

TEST_CASE("cuda allocator: size classes are 512-byte steps up to 1 MiB, then four per power of two") {
  CHECK(CachingAllocator::size_class(0) == 512);
  CHECK(CachingAllocator::size_class(1) == 512);
  CHECK(CachingAllocator::size_class(512) == 512);
  CHECK(CachingAllocator::size_class(513) == 1024);
  CHECK(CachingAllocator::size_class(1 << 20) == 1 << 20);
  CHECK(CachingAllocator::size_class((1 << 20) + 1) == (1 << 20) + (1 << 18));
  CHECK(CachingAllocator::size_class(std::size_t{1} << 30) == std::size_t{1} << 30);
  CHECK(CachingAllocator::size_class((std::size_t{3} << 29) + 5) == (std::size_t{7} << 28));
  for (std::size_t bytes = 1; bytes < (std::size_t{1} << 34); bytes = bytes * 3 + 7) {
    const std::size_t size = CachingAllocator::size_class(bytes);
    CHECK(size >= bytes);
    CHECK(size % 512 == 0);
    if (bytes > (1 << 20)) CHECK(static_cast<double>(size) <= static_cast<double>(bytes) * 1.25 + 1);
  }
}

TEST_CASE("cuda allocator: a released block is reused on the same stream without a driver call") {
  FakeDeviceMemory device(1 << 30);
  CachingAllocator allocator(device, "cuda(7)");
  void* a = allocator.allocate(1000, kStream);
  CHECK(device.allocations == 1);
  allocator.release(a, 1000, kStream);
  void* b = allocator.allocate(900, kStream);  // same 1024-byte class
  CHECK(b == a);
  CHECK(device.allocations == 1);
  void* c = allocator.allocate(900, kStream);  // the cached block is taken: a new one
  CHECK(c != a);
  CHECK(device.allocations == 2);

  SUBCASE("another stream does not get it (its work is not ordered after the release)") {
    allocator.release(b, 900, kStream);
    void* d = allocator.allocate(900, kOtherStream);
    CHECK(d != b);
    CHECK(device.allocations == 3);
    allocator.release(d, 900, kOtherStream);
  }
  SUBCASE("statistics") {
    allocator.release(b, 900, kStream);
    const auto stats = allocator.stats();
    CHECK(stats.allocations == 3);
    CHECK(stats.cache_hits == 1);
    CHECK(stats.system_allocations == 2);
    CHECK(stats.bytes_in_use == 1024);
    CHECK(stats.bytes_cached == 1024);
    CHECK(stats.peak_bytes_in_use == 2048);
    CHECK(stats.peak_bytes_reserved == 2048);
  }
  allocator.release(c, 900, kStream);
  allocator.release_cached();
  CHECK(device.synchronizations >= 1);  // blocks are freed only after the device is idle
  CHECK(device.frees == device.allocations);
  CHECK(allocator.stats().bytes_cached == 0);
}

TEST_CASE("cuda allocator: when the device is full, cached blocks are released and the allocation retried once") {
  FakeDeviceMemory device(4 << 20);
  CachingAllocator allocator(device, "cuda(0)");
  void* small = allocator.allocate(3 << 20, kStream);
  allocator.release(small, 3 << 20, kStream);  // cached, still held from the device
  void* big = allocator.allocate(2 << 20, kStream);  // does not fit beside the cached block
  CHECK(big != nullptr);
  const auto stats = allocator.stats();
  CHECK(stats.cache_flushes == 1);
  CHECK(stats.system_frees == 1);
  CHECK(stats.bytes_cached == 0);
  allocator.release(big, 2 << 20, kStream);
}

TEST_CASE("cuda allocator: an impossible request raises OutOfMemory naming requested, free and cached bytes") {
  FakeDeviceMemory device(8 << 20);
  CachingAllocator allocator(device, "cuda(0)");
  void* live = allocator.allocate(2 << 20, kStream);
  void* cached = allocator.allocate(1 << 20, kStream);
  allocator.release(cached, 1 << 20, kStream);
  CHECK_THROWS_AS(allocator.allocate(std::size_t{64} << 20, kStream), sinter::OutOfMemory);
  try {
    allocator.allocate(std::size_t{64} << 20, kStream);
  } catch (const sinter::OutOfMemory& e) {
    const std::string message = e.what();
    MESSAGE(message);
    CHECK(message.find("cuda(0)") != std::string::npos);
    CHECK(message.find("67108864 bytes (64.00 MiB)") != std::string::npos);  // requested
    CHECK(message.find("free of 8388608 bytes") != std::string::npos);      // free and total
    CHECK(message.find("in live arrays") != std::string::npos);
  }
  // The first failure released the cached MiB; the message of the first attempt named it.
  CHECK(allocator.stats().bytes_cached == 0);
  CHECK(allocator.stats().cache_flushes == 2);
  allocator.release(live, 2 << 20, kStream);
}
