// What sinter does around fork() and at process exit (docs/architecture.md, "Processes: fork
// and exit"). Every process-wide lock registers here with its rank in the lock order; one
// pthread_atfork handler takes them all in that order before fork() and releases them in both
// processes after it, so a child never inherits a lock that a thread of its parent held.
// Compilers (LLVM, NVRTC) run inside a gate that fork() and exit wait to be empty.
#pragma once
#include <cstdint>
#include <mutex>

namespace sinter::process {

/// The process-wide locks, in the order every code path takes them (a lower rank first).
enum class LockRank : int {
  graph,          // ir::graph_mutex()
  intern_table,   // the hash-consing table (lib/ir/node.cpp)
  kernel_cache,   // lib/kernel_cache.cpp; dropping a kernel enters the compiler gate
  compiler_gate,  // compilers and compiled code's release (CompilerUse below)
  thread_pool,    // runtime/cpu/thread_pool.cpp
  cpu_allocator,  // runtime/cpu/cpu_allocator.cpp
  logger,         // spdlog's console mutex (lib/logging.cpp)
  count
};

/// What one lock does around fork(). prepare() takes the lock (waiting for it); parent() and
/// child() give it back in the parent and in the child (the child is single-threaded then;
/// child() also resets state that belonged to threads the child does not have).
struct ForkHandlers {
  void* object = nullptr;
  void (*prepare)(void* object) = nullptr;
  void (*parent)(void* object) = nullptr;
  void (*child)(void* object) = nullptr;
};

/// Registers the handlers of the one lock of `rank` (a singleton's, when it is created).
void on_fork(LockRank rank, ForkHandlers handlers);

/// The handlers of a plain mutex: taken before fork(), given back in both processes.
ForkHandlers mutex_handlers(std::mutex& mutex);

/// How many fork()s this process's line of ancestors took since sinter was first used here or
/// in an ancestor (0: not a forked child).
std::uint64_t fork_generation();

/// Registers the exit handler (std::atexit) again. Call it once the compiler is initialized and
/// once after a first compile: atexit handlers and static destructors run in the reverse order
/// of their registration, so a later registration runs before the destructors of the statics
/// LLVM created until then, while those still exist.
void register_exit_handler();

/// Whether the process is exiting (the exit handler ran).
bool shutting_down();

/// A use of a compiler: compiling a kernel, or giving a compiled kernel's code back. fork() and
/// the exit handler wait until no thread is inside one, because LLVM's own locks and statics
/// are not fork- or exit-safe. The constructor throws sinter::Error once the process is exiting.
class CompilerUse {
 public:
  CompilerUse();
  ~CompilerUse();
  CompilerUse(const CompilerUse&) = delete;
  CompilerUse& operator=(const CompilerUse&) = delete;

  /// Enters the gate unless the process is exiting; returns whether it did (then call leave()).
  static bool try_enter();
  static void leave();
};

}  // namespace sinter::process
