// Runtime stress tests for the sanitizers: the thread pool, concurrent evaluation of shared and
// independent graphs, concurrent compilation, the kernel cache, and hash-consing while nodes die.
// JIT-compiled code is outside ASan's and TSan's view; the runtime around it is what they guard.
// Each test runs under a watchdog: a deadlock fails in seconds instead of at ctest's timeout.
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "kernel_cache.h"
#include "runtime/cpu/thread_pool.h"
#include "support.h"

using namespace sinter;

namespace {

// Runs body(t) on `threads` threads at once (released together) and joins them; aborts the
// process, naming the test, when they have not all finished within `limit`.
void run_threads(int threads, const std::function<void(int)>& body,
                 std::chrono::seconds limit = std::chrono::seconds(120)) {
  std::mutex mutex;
  std::condition_variable changed;
  int finished = 0;
  bool go = false;
  std::atomic<int> failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return go; });
      }
      try {
        body(t);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "thread %d: %s\n", t, e.what());
        ++failures;
      }
      std::lock_guard lock(mutex);
      ++finished;
      changed.notify_all();
    });
  }
  {
    std::unique_lock lock(mutex);
    go = true;
    changed.notify_all();
    if (!changed.wait_for(lock, limit, [&] { return finished == threads; })) {
      std::fprintf(stderr, "test_concurrency: %d of %d threads still running after %lld s: a deadlock?\n",
                   threads - finished, threads, static_cast<long long>(limit.count()));
      std::fflush(stderr);
      std::abort();
    }
  }
  for (auto& th : pool) th.join();
  CHECK(failures.load() == 0);
}

std::vector<float> ramp(std::size_t n, float scale) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = scale * static_cast<float>(i % 1000);
  return v;
}

}  // namespace

// Suite "concurrency" (a ctest label): what scripts/ci-sanitize.sh thread runs under TSan.
TEST_SUITE_BEGIN("concurrency");

TEST_CASE("build memo: threads build arrays from one shared const expression at once") {
  const std::size_t n = 4096;
  const Array<float> x(ramp(n, 0.001f)), y(ramp(n, 0.002f));
  const auto shared = x * y + 1.0f;  // copied into each thread's expressions with its build memo
  run_threads(4, [&](int t) {
    const float scale = static_cast<float>(t + 1);
    for (int round = 0; round < 50; ++round) {
      const std::vector<float> got = Array<float>(shared * scale + shared).to_vector();
      for (std::size_t i = 0; i < n; i += 511) {
        const float s = 0.001f * static_cast<float>(i % 1000) * 0.002f * static_cast<float>(i % 1000) + 1.0f;
        if (std::abs(got[i] - (s * scale + s)) > 1e-5f * (s * scale + s))
          throw std::runtime_error("wrong value at " + std::to_string(i));
      }
    }
  });
}

TEST_CASE("thread pool: loops from many threads at once run every chunk exactly once") {
  runtime_cpu::ThreadPool pool(4);
  run_threads(8, [&](int t) {
    for (int round = 0; round < 200; ++round) {
      const std::int64_t chunks = 1 + (t * 7 + round) % 37;
      std::vector<std::atomic<int>> ran(static_cast<std::size_t>(chunks));
      pool.parallel_for(chunks, [&](std::int64_t c) { ran[static_cast<std::size_t>(c)].fetch_add(1); });
      for (auto& r : ran)
        if (r.load() != 1) throw std::runtime_error("a chunk ran " + std::to_string(r.load()) + " times");
    }
  });
}

TEST_CASE("thread pool: pools are created and destroyed repeatedly while several threads use them") {
  for (int round = 0; round < 20; ++round) {
    runtime_cpu::ThreadPool pool(1 + round % 4);
    std::atomic<std::int64_t> sum{0};
    run_threads(3, [&](int) { pool.parallel_for(64, [&](std::int64_t c) { sum += c; }); });
    CHECK(sum.load() == 3 * 63 * 64 / 2);
  }
}

SINTER_DEVICE_TEST(concurrent_reads_of_one_pending_array,
                   "threads reading one pending array at once compute it once and all see the result") {
  for (int round = 0; round < 10; ++round) {
    const std::size_t n = round % 2 ? 50000 : 1000;  // the thread pool's path and the inline one
    Array<float> x(ramp(n, 0.5f), device);
    Array<float> y = x * 3.0f + static_cast<float>(round);
    auto want = test::reference(y);
    run_threads(6, [&](int) {
      auto got = y.to_vector();
      if (got != want) throw std::runtime_error("a reader saw wrong values");
    });
  }
}

SINTER_DEVICE_TEST(concurrent_compilation, "threads compiling different kernels at once all get working kernels") {
  clear_kernel_cache();
  run_threads(4, [&](int t) {
    for (int round = 0; round < 6; ++round) {
      // A distinct structure per (thread, round): chains of different lengths and ops.
      Array<float> x(ramp(257, 0.01f * static_cast<float>(t + 1)), device);
      Array<float> y = x;
      for (int k = 0; k <= t * 6 + round; ++k) y = (k % 3 == 0) ? Array<float>(y * 1.5f) : Array<float>(y - x);
      auto want = test::reference(y);
      if (y.to_vector() != want) throw std::runtime_error("wrong values from a concurrently compiled kernel");
    }
  });
}

SINTER_DEVICE_TEST(concurrent_same_kernel, "threads asking for one uncompiled kernel at once compile it once") {
  clear_kernel_cache();
  reset_counters();
  run_threads(6, [&](int t) {
    Array<double> x(std::vector<double>(300, static_cast<double>(t)), device);
    Array<double> y = sinter::sqrt(x * x + 1.0) - x;  // one structure for every thread
    auto v = y.to_vector();
    const double want = std::sqrt(double(t) * t + 1.0) - t;
    for (double e : v)
      if (std::fabs(e - want) > 1e-12) throw std::runtime_error("wrong value");
  });
  CHECK(counters().kernels_compiled == 1);
}

SINTER_DEVICE_TEST(cache_cleared_during_evaluation, "clearing the kernel cache while other threads evaluate is safe") {
  std::atomic<bool> stop{false};
  std::thread clearer([&] {
    while (!stop) {
      clear_kernel_cache();
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  run_threads(3, [&](int t) {
    for (int round = 0; round < 30; ++round) {
      Array<std::int32_t> x(std::vector<std::int32_t>(100, t + round), device);
      Array<std::int32_t> y = x * 2 + round % 3;
      auto v = y.to_vector();
      if (v[0] != (t + round) * 2 + round % 3) throw std::runtime_error("wrong value");
    }
  });
  stop = true;
  clearer.join();
}

SINTER_DEVICE_TEST(hash_consing_while_nodes_die,
                   "threads building the same expressions while others drop them share nodes safely") {
  Array<float> x(ramp(500, 0.25f), device);
  auto want = test::reference(Array<float>(sinter::exp(x * 0.01f) + x));
  run_threads(6, [&](int t) {
    for (int round = 0; round < 100; ++round) {
      Array<float> y = sinter::exp(x * 0.01f) + x;  // one node in every thread while it lives
      if (round % 10 == t % 10) {
        auto got = y.to_vector();
        for (std::size_t i = 0; i < got.size(); ++i)
          if (test::ulp_distance(got[i], want[i]) > 4) throw std::runtime_error("wrong value");
      }
    }  // each y dies here, possibly while another thread looks the node up
  });
}

SINTER_DEVICE_TEST(statements_across_threads, "a chain of statements extended and evaluated by several threads") {
  Array<std::int64_t> base(std::vector<std::int64_t>(40000, 1), device);
  std::mutex mutex;
  Array<std::int64_t> shared = base + 0;
  run_threads(4, [&](int t) {
    for (int round = 0; round < 20; ++round) {
      Array<std::int64_t> mine;
      {
        std::lock_guard lock(mutex);
        shared = shared + 1;  // a pending chain others hold and extend
        mine = shared;
      }
      if ((round + t) % 3 == 0) mine.eval();
      if (mine.at(0) < 1) throw std::runtime_error("lost an update");
    }
  });
  CHECK(shared.at(39999) == 1 + 4 * 20);
}

TEST_SUITE_END();
