// In-memory kernel cache keyed by the kernel's structural hash; the full key is compared on
// every hit, so a hash collision can never run the wrong kernel. It holds at most
// SINTER_KERNEL_CACHE_SIZE kernels: a program that keeps making new structures (a fuzzer, a
// long-running service) would otherwise exhaust the process's code memory and memory maps; past
// the bound the least recently used compiled kernels are dropped (a launch in progress keeps its
// own reference).
#include "kernel_cache.h"

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <unordered_map>

#include "config.h"
#include "counters_internal.h"
#include "ir/kernel_difference.h"
#include "logging.h"
#include "process.h"

namespace sinter {
namespace {

struct Entry {
  Device device;
  std::vector<std::uint64_t> key;
  std::shared_ptr<const ir::KernelIR> structure;  // counts recompilations and explains misses
  std::shared_future<std::shared_ptr<const CompiledKernel>> kernel;
  std::uint64_t last_use = 0;
};

struct Cache {
  std::mutex mutex;
  std::unordered_multimap<std::uint64_t, Entry> entries;
  std::uint64_t clock = 0;  // counts lookups: an entry's last_use orders it for eviction
};

/// Drops the least recently used compiled kernel (not one still compiling). Caller holds the mutex.
void evict_one(Cache& c) {
  auto oldest = c.entries.end();
  for (auto it = c.entries.begin(); it != c.entries.end(); ++it) {
    const bool ready = it->second.kernel.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    if (ready && (oldest == c.entries.end() || it->second.last_use < oldest->second.last_use)) oldest = it;
  }
  if (oldest != c.entries.end()) c.entries.erase(oldest);
}

/// Whether a kernel of the same size as `kernel` (Counters::recompilations) is cached for
/// `device`. Caller holds the mutex.
bool same_size_cached(const Cache& c, const ir::KernelIR& kernel, Device device) {
  for (const auto& [hash, entry] : c.entries) {
    const ir::KernelIR* k = entry.structure.get();
    if (entry.device == device && k && k->body.size() == kernel.body.size() &&
        k->inputs.size() == kernel.inputs.size() && k->scalars.size() == kernel.scalars.size() &&
        k->outputs.size() == kernel.outputs.size())
      return true;
  }
  return false;
}

/// Why `kernel` missed, for the debug log: the most alike kernel cached for `device` and the
/// first part in which it differs. Caller holds the mutex.
std::string explain_miss(const Cache& c, const ir::KernelIR& kernel, Device device) {
  const Entry* best = nullptr;
  int best_score = 0;
  for (const auto& [hash, entry] : c.entries) {
    if (!(entry.device == device) || !entry.structure) continue;
    const int score = ir::likeness(kernel, *entry.structure);
    if (!best || score > best_score) {
      best = &entry;
      best_score = score;
    }
  }
  if (!best) return "a new structure (no kernel with a recorded structure is cached for this device)";
  return "a new structure; the most alike cached kernel, " + best->structure->name() + ", differs in " +
         ir::first_difference(kernel, *best->structure);
}

/// In a forked child: drops the entries still compiling, whose compiling thread the child does
/// not have (a lookup would wait for them forever). Caller holds the mutex.
void drop_unfinished(Cache& c) {
  std::erase_if(c.entries, [](const auto& entry) {
    return entry.second.kernel.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
  });
}

Cache& cache() {
  static auto* c = [] {
    auto* created = new Cache;
    process::on_fork(process::LockRank::kernel_cache,
                     {created, [](void* cache) { static_cast<Cache*>(cache)->mutex.lock(); },
                      [](void* cache) { static_cast<Cache*>(cache)->mutex.unlock(); },
                      [](void* cache) {
                        drop_unfinished(*static_cast<Cache*>(cache));
                        static_cast<Cache*>(cache)->mutex.unlock();
                      }});
    return created;
  }();
  return *c;
}

std::atomic<bool> compiled_once{false};
std::atomic<detail::FaultHook> fault_hook{nullptr};

}  // namespace

void detail::set_fault_hook(FaultHook hook) { fault_hook.store(hook); }

void detail::fault_point(const char* step) {
  if (FaultHook hook = fault_hook.load(std::memory_order_relaxed)) hook(step);
}

std::shared_ptr<const CompiledKernel> find_or_compile(Backend& backend, const ir::KernelIR& kernel) {
  Cache& c = cache();
  const Device device = backend.device();
  std::promise<std::shared_ptr<const CompiledKernel>> promise;
  const bool explain = log().should_log(spdlog::level::debug);
  std::string why;
  {
    std::unique_lock lock(c.mutex);
    auto [lo, hi] = c.entries.equal_range(kernel.hash);
    for (auto it = lo; it != hi; ++it) {
      if (it->second.device == device && it->second.key == kernel.key) {
        it->second.last_use = ++c.clock;
        auto future = it->second.kernel;
        lock.unlock();
        detail::count_cache_hit();
        return future.get();
      }
    }
    while (c.entries.size() >= static_cast<std::size_t>(config::kernel_cache_size())) {
      const std::size_t before = c.entries.size();
      evict_one(c);
      if (c.entries.size() == before) break;  // every entry is still compiling
    }
    if (explain) why = explain_miss(c, kernel, device);
    if (same_size_cached(c, kernel, device)) detail::count_recompilation();
    c.entries.emplace(kernel.hash, Entry{device, kernel.key, std::make_shared<ir::KernelIR>(kernel),
                                         promise.get_future().share(), ++c.clock});
  }

  // From here until the promise is kept, every exception (logging, dumping, compiling, loading)
  // must reach the waiters and remove the entry: an entry whose promise died unkept would answer
  // every later call with std::future_error instead of compiling again.
  try {
    detail::fault_point("log");
    log().debug("cache miss: {} on {}: {}", kernel.name(), device.to_string(), why);
    const auto start = std::chrono::steady_clock::now();
    std::shared_ptr<const CompiledKernel> compiled;
    {
      const process::CompilerUse use;  // fork() and exit wait for it; throws once exiting
      detail::fault_point("dump");
      config::dump(kernel.name() + ".sinter.txt", ir::to_string(kernel));
      detail::fault_point("compile");
      compiled = backend.compile(kernel);
    }
    // Again now that the compiler has built all its statics: the handler must run before they go.
    if (!compiled_once.exchange(true)) process::register_exit_handler();
    detail::count_compile();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    log().debug("compiled {} for {} in {:.2f} ms ({} instructions)", kernel.name(), device.to_string(), ms,
                kernel.body.size());
    promise.set_value(compiled);
    return compiled;
  } catch (...) {
    // Waiters see the same error; the entry goes, so a later call tries again.
    promise.set_exception(std::current_exception());
    std::lock_guard lock(c.mutex);
    auto [lo, hi] = c.entries.equal_range(kernel.hash);
    for (auto it = lo; it != hi; ++it)
      if (it->second.device == device && it->second.key == kernel.key) {
        c.entries.erase(it);
        break;
      }
    throw;
  }
}

void clear_kernel_cache() {
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  c.entries.clear();
}

}  // namespace sinter
