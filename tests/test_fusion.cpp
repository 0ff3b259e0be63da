// Fusion, laziness and kernel reuse, proved with the public counters.
#include <thread>

#include "support.h"

using namespace sinter;

namespace {

std::vector<float> iota_floats(std::size_t n, float scale) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = scale * static_cast<float>(i % 97) + 0.25f;
  return v;
}

std::size_t count(const std::string& text, const std::string& word) {
  std::size_t c = 0;
  for (auto p = text.find(word); p != std::string::npos; p = text.find(word, p + 1)) ++c;
  return c;
}

}  // namespace

SINTER_DEVICE_TEST(multi_statement_one_kernel,
                   "statements over pending arrays run as one kernel that also writes the live intermediates") {
  Array<float> x(iota_floats(1000, 1.0f), device), y(iota_floats(1000, 2.0f), device);
  reset_counters();
  Array<float> a = x + y;
  Array<float> b = a * 2.0f;
  CHECK(counters().kernel_launches == 0);  // nothing ran yet
  CHECK(a.is_pending());
  b.eval();
  CHECK(counters().kernel_launches == 1);
  CHECK_FALSE(a.is_pending());  // written by the same kernel: a is still referenced
  auto va = a.to_vector(), vb = b.to_vector();
  CHECK(counters().kernel_launches == 1);  // reading computed arrays runs nothing
  auto vx = x.to_vector(), vy = y.to_vector();
  for (std::size_t i = 0; i < vx.size(); ++i) {
    REQUIRE(va[i] == vx[i] + vy[i]);
    REQUIRE(vb[i] == (vx[i] + vy[i]) * 2.0f);
  }
  // A later expression reads a's stored result instead of recomputing x + y.
  Array<float> c = a * 3.0f;
  std::string ir = c.kernel_ir();
  CHECK(count(ir, " add ") == 0);
  CHECK(count(ir, " buffer ") == 1);
}

SINTER_DEVICE_TEST(dead_intermediates,
                   "an intermediate no handle refers to is computed inside the kernel, not stored") {
  Array<float> x(iota_floats(256, 1.0f), device);
  Array<float> b;
  {
    Array<float> a = x * x;
    b = a + 1.0f;
  }
  reset_counters();
  b.eval();
  CHECK(counters().kernel_launches == 1);
  CHECK(counters().bytes_allocated == 256 * sizeof(float));  // one output: b
}

SINTER_DEVICE_TEST(shared_subexpressions, "a subexpression built twice is one node, computed once") {
  Array<float> x(iota_floats(64, 1.0f), device), y(iota_floats(64, 3.0f), device);
  Array<float> a = x * y + 1.0f;
  Array<float> b = x * y - 1.0f;
  reset_counters();
  sinter::eval(a, b);
  CHECK(counters().kernel_launches == 1);
  Array<float> c = sqrt(x * y) + sqrt(x * y);
  CHECK(count(c.kernel_ir(), " mul ") == 1);
  CHECK(count(c.kernel_ir(), " sqrt ") == 1);
  auto va = a.to_vector(), vb = b.to_vector();
  for (std::size_t i = 0; i < va.size(); ++i) REQUIRE(va[i] - vb[i] == doctest::Approx(2.0f));
}

SINTER_DEVICE_TEST(kernel_reuse, "changing a scalar or the length reuses the compiled kernel") {
  reset_counters();
  for (int round = 0; round < 4; ++round) {
    const std::size_t n = 100 + 37 * static_cast<std::size_t>(round);
    const float k = 2.0f + static_cast<float>(round);
    Array<float> x(iota_floats(n, 0.5f), device);
    Array<float> y = x * k + static_cast<float>(round) - sinter::exp(-x);
    auto v = y.to_vector();
    auto vx = x.to_vector();
    for (std::size_t i = 0; i < n; ++i)
      REQUIRE(v[i] == doctest::Approx(vx[i] * k + static_cast<float>(round) - std::exp(-vx[i])).epsilon(1e-6));
  }
  auto c = counters();
  CHECK(c.kernel_launches == 4);
  CHECK(c.kernels_compiled <= 1);  // 0 when an earlier test compiled the same structure
  CHECK(c.cache_hits + c.kernels_compiled == 4);
}

SINTER_DEVICE_TEST(size_bound, "a long chain of statements is evaluated in pieces when it passes the size bound") {
  Array<float> x(iota_floats(100, 1.0f), device);
  Array<float> acc = x;
  reset_counters();
  for (int i = 0; i < 2000; ++i) acc = acc + 1.0f;
  CHECK(counters().kernel_launches >= 3);  // bound: 512 pending nodes
  CHECK(counters().kernel_launches <= 8);
  auto v = acc.to_vector(), vx = x.to_vector();
  for (std::size_t i = 0; i < v.size(); ++i) REQUIRE(v[i] == vx[i] + 2000.0f);
}

SINTER_DEVICE_TEST(lengths, "lengths 0, 1, around the vector width and chunk sizes, and not a multiple of the chunk") {
  for (std::int64_t n : {0,  1,  2,  3,  7,    8,    9,    15,    16,    17,    31,     32,
                         33, 63, 64, 65, 1000, 8191, 8193, 32767, 32768, 32769, 100003, (1 << 20) + 3}) {
    CAPTURE(n);
    auto in = iota_floats(static_cast<std::size_t>(n), 0.01f);
    Array<float> x(in, device);
    Array<float> y = sinter::sqrt(x * x + 1.0f) * sinter::cos(x);
    Array<std::int64_t> idx = arange<std::int64_t>(n, device) * 3;
    auto want = test::reference(y);
    auto got = y.to_vector();
    test::check_close(got, want, 4, "length " + std::to_string(n));
    auto vi = idx.to_vector();
    REQUIRE(static_cast<std::int64_t>(vi.size()) == n);
    for (std::int64_t i = 0; i < n; ++i) REQUIRE(vi[static_cast<std::size_t>(i)] == 3 * i);
  }
}

SINTER_DEVICE_TEST(concurrent_evaluation, "many threads evaluating independent expressions at once") {
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int round = 0; round < 20; ++round) {
          const std::size_t n = (round % 2) ? 50000 : 777;
          Array<float> x(iota_floats(n, 0.001f * static_cast<float>(t + 1)), device);
          Array<float> y = x * static_cast<float>(t);
          for (int k = 0; k < t % 4; ++k) y = y + x;  // a few distinct structures
          auto v = y.to_vector();
          auto vx = x.to_vector();
          for (std::size_t i = 0; i < n; i += 101)
            if (std::fabs(v[i] - vx[i] * static_cast<float>(t + t % 4)) > 1e-3f * std::fabs(v[i]) + 1e-6f) ++failures;
        }
      } catch (...) { ++failures; }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures.load() == 0);
}

TEST_CASE("factories: full, zeros, ones and arange follow NumPy") {
  CHECK(full<float>(3, 2.5f).to_vector() == std::vector<float>{2.5f, 2.5f, 2.5f});
  CHECK(zeros<std::int32_t>(2).to_vector() == std::vector<std::int32_t>{0, 0});
  CHECK(ones<bool>(2).to_vector() == std::vector<bool>{true, true});
  CHECK(arange<double>(0.0, 1.0, 0.25).to_vector() == std::vector<double>{0.0, 0.25, 0.5, 0.75});
  CHECK(arange<std::int32_t>(5.0, 0.0, -2.0).to_vector() == std::vector<std::int32_t>{5, 3, 1});
  CHECK(arange<float>(3.0, 3.0).size() == 0);
  CHECK(arange<float>(4).to_vector() == std::vector<float>{0, 1, 2, 3});
}
