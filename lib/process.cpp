// Fork and exit (process.h): the registry of process-wide locks in lock order, the one
// pthread_atfork handler that takes and releases them, and the compiler gate that fork() and
// the exit handler wait on. No condition variables: their state after fork() is not reliable,
// and the waits here are rare (a fork, the exit), so they poll.
#include "process.h"

#include <pthread.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "logging.h"
#include "sinter/error.h"

namespace sinter::process {
namespace {

constexpr auto kRanks = static_cast<std::size_t>(LockRank::count);

// One slot per rank, published by `ready`: registration takes no lock, which would be one more
// lock for fork() to order. Constant-initialized, so usable from any static initializer.
struct Slot {
  ForkHandlers handlers;
  std::atomic<bool> ready{false};
};
std::array<Slot, kRanks> slots;

// The slots this fork()'s prepare took: parent() and child() run on the forking thread.
thread_local std::uint32_t taken = 0;
std::atomic<std::uint64_t> generation{0};

void prepare() {
  taken = 0;
  for (std::size_t r = 0; r < kRanks; ++r) {
    Slot& slot = slots[r];
    if (!slot.ready.load(std::memory_order_acquire)) continue;
    slot.handlers.prepare(slot.handlers.object);
    taken |= 1U << r;
  }
}

// Releases in the reverse order, so a child handler that frees state finds the higher ranks free.
void release(bool in_child) {
  for (std::size_t r = kRanks; r-- > 0;) {
    if ((taken & (1U << r)) == 0) continue;
    const ForkHandlers& h = slots[r].handlers;
    (in_child ? h.child : h.parent)(h.object);
  }
  taken = 0;
}

void after_fork_in_parent() { release(false); }

void after_fork_in_child() {
  generation.fetch_add(1);
  release(true);
}

// Fails only without memory for the entry; not logged, as the logger registers through here.
void install_fork_handlers() {
  [[maybe_unused]] static const int installed = pthread_atfork(prepare, after_fork_in_parent, after_fork_in_child);
}

// The compiler gate. `inside` counts the threads inside; entering takes `mutex`, which fork()
// holds from prepare to parent/child, so no compile starts while fork() waits for the running
// ones to end.
struct Gate {
  std::mutex mutex;
  std::atomic<int> inside{0};
};
std::atomic<bool> exiting{false};
thread_local int inside_here = 0;  // this thread's nesting (dropping a kernel inside a compile)

// Polls until only this thread's own uses are inside, or `deadline` has passed.
bool wait_until_empty(Gate& gate, std::chrono::steady_clock::time_point deadline) {
  while (gate.inside.load() > inside_here) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

Gate& gate() {
  static auto* g = [] {
    auto* created = new Gate;  // never destroyed: compiles may be running during exit
    on_fork(LockRank::compiler_gate, {created,
                                      [](void* object) {
                                        auto& gate = *static_cast<Gate*>(object);
                                        gate.mutex.lock();
                                        // Unbounded: a compile needs no lock that fork() holds, so it ends.
                                        wait_until_empty(gate, std::chrono::steady_clock::time_point::max());
                                      },
                                      [](void* object) { static_cast<Gate*>(object)->mutex.unlock(); },
                                      [](void* object) { static_cast<Gate*>(object)->mutex.unlock(); }});
    // Before the first compiler use: an exit during LLVM's initialization waits for it too.
    register_exit_handler();
    return created;
  }();
  return *g;
}

// Runs at exit before the static destructors of everything LLVM had built when it was
// registered: no compile starts from here on, and those running get a bounded time to end (a
// compile takes milliseconds; one still running after it may crash in LLVM's destructors, but
// an exit that never ends would be worse). The JIT, the kernels and the thread pool are never
// destroyed, so threads running kernels go on safely until the process ends.
void exit_handler() {
  Gate& g = gate();
  {
    std::lock_guard lock(g.mutex);
    exiting.store(true);
  }
  if (!wait_until_empty(g, std::chrono::steady_clock::now() + std::chrono::seconds(10)))
    log().warn("exiting with a kernel still compiling after 10 s on another thread");
}

bool enter(bool throw_if_exiting) {
  Gate& g = gate();
  if (inside_here > 0) {  // nested: fork() may be waiting on this very thread, holding the mutex
    ++inside_here;
    g.inside.fetch_add(1);
    return true;
  }
  std::lock_guard lock(g.mutex);
  if (exiting.load()) {
    if (!throw_if_exiting) return false;
    throw Error(
        "sinter: the process is exiting (std::exit or a return from main has begun); no kernel can be compiled now");
  }
  ++inside_here;
  g.inside.fetch_add(1);
  return true;
}

}  // namespace

void on_fork(LockRank rank, ForkHandlers handlers) {
  install_fork_handlers();
  Slot& slot = slots[static_cast<std::size_t>(rank)];
  slot.handlers = handlers;
  slot.ready.store(true, std::memory_order_release);
}

ForkHandlers mutex_handlers(std::mutex& mutex) {
  return {&mutex, [](void* m) { static_cast<std::mutex*>(m)->lock(); },
          [](void* m) { static_cast<std::mutex*>(m)->unlock(); },
          [](void* m) { static_cast<std::mutex*>(m)->unlock(); }};
}

std::uint64_t fork_generation() {
  install_fork_handlers();
  return generation.load();
}

void register_exit_handler() {
  if (std::atexit(exit_handler) != 0) log().warn("std::atexit failed: exiting while compiling may crash");
}

bool shutting_down() { return exiting.load(); }

CompilerUse::CompilerUse() { enter(true); }
CompilerUse::~CompilerUse() { leave(); }
bool CompilerUse::try_enter() { return enter(false); }

void CompilerUse::leave() {
  --inside_here;
  gate().inside.fetch_sub(1);
}

}  // namespace sinter::process
