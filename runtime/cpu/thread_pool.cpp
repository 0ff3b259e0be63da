// Thread pool: a queue of loop jobs; each participant claims chunks with an atomic counter, so
// load balances itself. The caller works on its own job, then waits for stragglers.
#include "runtime/cpu/thread_pool.h"

#include "config.h"
#include "process.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace sinter::runtime_cpu {
namespace {

/// One step of a polling loop: tells the core that this is a spin (x86 `pause`).
void relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#else
  std::this_thread::yield();
#endif
}

/// Polls `ready` until it is true or `limit` has passed; returns its last value.
template <class Ready> bool spin_until(const Ready& ready, std::chrono::microseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (int polls = 1;; ++polls) {
    if (ready()) return true;
    relax();
    if (polls % 64 == 0 && std::chrono::steady_clock::now() >= deadline) return ready();
  }
}

// The process-wide pool. A forked child has none of its parent's workers, so it drops the pool
// (never destroyed: its std::threads name threads that do not exist there) and makes its own.
std::atomic<ThreadPool*> global_pool{nullptr};
std::mutex global_pool_creation;

}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_.store(true);
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

ThreadPool& ThreadPool::global() {
  if (ThreadPool* pool = global_pool.load(std::memory_order_acquire)) return *pool;
  return create_global();
}

ThreadPool& ThreadPool::create_global() {
  std::lock_guard lock(global_pool_creation);
  if (ThreadPool* pool = global_pool.load()) return *pool;
  [[maybe_unused]] static const bool registered = [] {
    // The creation mutex, then the pool's: no job is queued or taken across fork().
    process::on_fork(process::LockRank::thread_pool, {nullptr,
                                                      [](void*) {
                                                        global_pool_creation.lock();
                                                        if (ThreadPool* pool = global_pool.load()) pool->mutex_.lock();
                                                      },
                                                      [](void*) {
                                                        if (ThreadPool* pool = global_pool.load())
                                                          pool->mutex_.unlock();
                                                        global_pool_creation.unlock();
                                                      },
                                                      [](void*) {
                                                        if (ThreadPool* pool = global_pool.load())
                                                          pool->mutex_.unlock();
                                                        global_pool.store(nullptr);
                                                        global_pool_creation.unlock();
                                                      }});
    return true;
  }();
  auto* pool = new ThreadPool(config::num_threads());  // lives for the whole process
  global_pool.store(pool, std::memory_order_release);
  return *pool;
}

std::int64_t ThreadPool::run_chunks(Job& job) {
  std::int64_t ran = 0;
  for (;;) {
    std::int64_t c = job.next.fetch_add(1, std::memory_order_relaxed);
    if (c >= job.chunks) return ran;
    (*job.body)(c);
    ++ran;
  }
}

// Takes a job whose chunks are all claimed off the queue. Caller holds mutex_.
void ThreadPool::remove(Job& job) {
  for (auto it = jobs_.begin(); it != jobs_.end(); ++it)
    if (*it == &job) {
      jobs_.erase(it);
      queued_.store(jobs_.size());
      return;
    }
}

void ThreadPool::parallel_for(std::int64_t chunks, const std::function<void(std::int64_t)>& body) {
  if (chunks <= 0) return;
  if (chunks == 1 || workers_.empty()) {
    for (std::int64_t c = 0; c < chunks; ++c) body(c);
    return;
  }
  Job job;
  job.body = &body;
  job.chunks = chunks;
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(&job);
    queued_.store(jobs_.size());
  }
  wake_.notify_all();
  std::int64_t ran = run_chunks(job);
  {
    std::lock_guard lock(mutex_);
    job.done += ran;
    remove(job);  // no worker joins it from now on
  }
  // The job lives on this stack: return only when no worker is inside it any more.
  if (spin_until([&] { return job.finished(); }, kSpin)) return;
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [&] { return job.finished(); });
}

void ThreadPool::worker_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (jobs_.empty() && !stopping_) {
      lock.unlock();
      spin_until([&] { return queued_.load() > 0 || stopping_.load(); }, kSpin);
      lock.lock();
    }
    wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
    if (stopping_) return;
    Job* job = jobs_.front();
    // Rotate so that concurrent jobs share the workers.
    jobs_.pop_front();
    jobs_.push_back(job);
    ++job->active;
    lock.unlock();
    std::int64_t ran = run_chunks(*job);
    lock.lock();
    remove(*job);
    job->done += ran;
    --job->active;  // the last touch: the caller may return once it sees this
    finished_.notify_all();
  }
}

}  // namespace sinter::runtime_cpu
