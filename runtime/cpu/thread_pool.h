// A fixed pool of worker threads that run the chunks of a parallel loop together with the
// calling thread. Several threads may run parallel loops at once; their chunks interleave.
#pragma once
#include <atomic>
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

  /// The process-wide pool, sized by SINTER_NUM_THREADS.
  static ThreadPool& global();

 private:
  struct Job {
    const std::function<void(std::int64_t)>* body;
    std::int64_t chunks;
    std::atomic<std::int64_t> next{0};
    std::int64_t done = 0;  // chunks finished; guarded by mutex_
    int active = 0;         // workers inside the job; guarded by mutex_
  };
  static std::int64_t run_chunks(Job& job);  // returns the number of chunks it ran
  void remove(Job& job);
  void worker_loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::deque<Job*> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace sinter::runtime_cpu
