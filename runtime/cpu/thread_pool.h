// A fixed pool of worker threads that run the chunks of a parallel loop together with the
// calling thread. Several threads may run parallel loops at once; their chunks interleave.
//
// Waiting spins briefly before it blocks. A blocked thread takes a futex wake-up and a trip
// through the scheduler to resume (tens of microseconds on a VM), which doubled the time of a
// 2^16-element kernel that lasts about 10 us; so an idle worker polls for new jobs, and a
// caller for its job's end, for up to kSpin before sleeping on the condition variable.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sinter::runtime_cpu {

class ThreadPool {
 public:
  /// A pool that runs loops on `threads` threads in all: the caller and threads - 1 workers.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  /// Calls body(c) for every c in [0, chunks), spread over the pool; returns when all are done.
  void parallel_for(std::int64_t chunks, const std::function<void(std::int64_t)>& body);

  /// The process-wide pool, sized by SINTER_NUM_THREADS (a forked child makes a new one).
  static ThreadPool& global();

 private:
  struct Job {
    const std::function<void(std::int64_t)>* body;
    std::int64_t chunks;
    std::atomic<std::int64_t> next{0};
    // Written under mutex_; read without it by the caller's spin. A worker's last touch of the
    // job is its decrement of `active`, after adding to `done`.
    std::atomic<std::int64_t> done{0};  // chunks finished
    std::atomic<int> active{0};         // workers inside the job
    bool finished() const { return active.load() == 0 && done.load() == chunks; }
  };
  /// How long a waiting thread polls before it blocks.
  static constexpr std::chrono::microseconds kSpin{100};

  static ThreadPool& create_global();
  static std::int64_t run_chunks(Job& job);  // returns the number of chunks it ran
  void remove(Job& job);
  void worker_loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::deque<Job*> jobs_;
  std::atomic<std::size_t> queued_{0};  // jobs_.size(), for the workers' spin
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> workers_;
};

}  // namespace sinter::runtime_cpu
