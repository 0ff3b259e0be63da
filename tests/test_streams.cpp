// Streams: the current stream per device and thread, guards, and the ordering sinter keeps
// between streams (an array computed on one stream and read on another, memory released while
// another stream still reads it). On a GPU the large sizes give races room to show.
#include <thread>

#include "support.h"

using namespace sinter;

SINTER_DEVICE_TEST(stream_guards, "the current stream is per device and thread, guards nest and restore it") {
  CHECK(current_stream(device).is_default());
  CHECK(current_stream(device) == Stream::default_stream(device));
  Stream s1(device), s2(device);
  CHECK_FALSE(s1 == s2);
  CHECK_FALSE(s1.is_default());
  CHECK_EQ(s1.device(), device);
  {
    StreamGuard outer(s1);
    CHECK(current_stream(device) == s1);
    {
      StreamGuard inner(s2);
      CHECK(current_stream(device) == s2);
      std::thread([&] { CHECK(current_stream(device).is_default()); }).join();  // other threads: unaffected
    }
    CHECK(current_stream(device) == s1);
    CHECK(current_stream(device == cpu() ? cuda(0) : cpu()).is_default());  // other devices: unaffected
  }
  CHECK(current_stream(device).is_default());
}

SINTER_DEVICE_TEST(stream_dependencies, "arrays computed on one stream and read on others give the right values") {
  const std::int64_t n = 1 << 22;
  Array<float> x = arange<float>(n, device);  // pending: computed on the first stream that needs it
  Stream s1(device), s2(device);
  Array<float> a, b, c;
  {
    StreamGuard g(s1);
    a = x * 2.0f;
    a.eval();
  }
  {
    StreamGuard g(s2);
    b = a + 1.0f;  // reads a, written on s1
    b.eval();
  }
  c = sinter::sqrt(b) - a;  // the default stream reads both
  for (std::int64_t i : {std::int64_t{0}, std::int64_t{1}, n / 2, n - 1}) {
    const double xi = static_cast<double>(i);
    CHECK_EQ(b.at(i), static_cast<float>(2 * xi + 1));
    CHECK(std::abs(c.at(i) - static_cast<float>(std::sqrt(2 * xi + 1) - 2 * xi)) <= 1e-6 * (2 * xi + 1));
  }
  s1.synchronize();
  s2.synchronize();
}

SINTER_DEVICE_TEST(stream_split_reductions,
                   "reductions split over many blocks, queued back to back on several streams at once, "
                   "give exact sums (each stream's block counters are its own and reset after each)") {
  const std::int64_t n = 1 << 21;  // a full sum of this many elements is split over many blocks
  Array<std::int64_t> x = arange<std::int64_t>(n, device);
  x.eval();
  Stream s1(device), s2(device);
  std::vector<Array<std::int64_t>> sums;
  for (int round = 0; round < 4; ++round) {
    for (Stream* s : {&s1, &s2}) {
      StreamGuard g(*s);
      Array<std::int64_t> total = sum(x + static_cast<std::int64_t>(round));
      total.eval();  // queued, not waited for
      sums.push_back(total);
    }
    Array<std::int64_t> total = sum(x * static_cast<std::int64_t>(round));
    total.eval();
    sums.push_back(total);
  }
  const std::int64_t base = n * (n - 1) / 2;
  for (int round = 0; round < 4; ++round) {
    CAPTURE(round);
    const std::size_t k = 3 * static_cast<std::size_t>(round);
    CHECK(sums[k].item() == base + round * n);
    CHECK(sums[k + 1].item() == base + round * n);
    CHECK(sums[k + 2].item() == base * round);
  }
}

SINTER_DEVICE_TEST(stream_release_while_read,
                   "memory released while another stream reads it is not reused before that read") {
  const std::int64_t n = 1 << 22;
  Stream producer(device), reader(device);
  for (int round = 0; round < 4; ++round) {
    Array<float> read_copy;
    {
      Array<float> t;
      {
        StreamGuard g(producer);
        t = full<float>(n, static_cast<float>(round + 1));
        t.eval();
      }
      StreamGuard g(reader);
      // Many kernels on the reader stream keep it busy while t's block goes back to the producer.
      Array<float> acc = t * 1.0f;
      for (int k = 0; k < 8; ++k) {
        acc = sinter::sqrt(acc * acc);
        acc.eval();
      }
      read_copy = acc + t;
      read_copy.eval();
    }  // t released here: its block returns to the producer stream's cache
    {
      StreamGuard g(producer);
      Array<float> overwrite = full<float>(n, -100.0f);  // same size class: may reuse t's block
      overwrite.eval();
    }
    CHECK_EQ(read_copy.at(0), static_cast<float>(2 * (round + 1)));
    CHECK_EQ(read_copy.at(n - 1), static_cast<float>(2 * (round + 1)));
  }
}

SINTER_DEVICE_TEST(stream_outlived, "arrays outlive the stream that computed them") {
  Array<double> y;
  {
    Stream s(device);
    StreamGuard g(s);
    Array<double> x = {1.0, 4.0, 9.0};
    y = sinter::sqrt(x.to(device));
    y.eval();
  }
  CHECK_EQ(y.to_vector(), std::vector<double>{1.0, 2.0, 3.0});
  synchronize(device);
}

TEST_CASE("a stream on a device that cannot be used raises DeviceUnavailable") {
  if (!test::cuda_unavailable()) return;  // with a GPU, cuda(0) streams are tested above
  CHECK_THROWS_AS(Stream(cuda(0)), DeviceUnavailable);
  CHECK_THROWS_AS(Stream::default_stream(cuda(0)), DeviceUnavailable);
}
