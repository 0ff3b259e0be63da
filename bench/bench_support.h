// Shared pieces of the CPU benchmark: timing (warm-up, median of repeats, spread), random
// inputs, the float64 reference check, and the JSON records every suite writes.
#pragma once
#include <sinter/sinter.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <span>
#include <string>
#include <vector>

#include <sys/mman.h>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace bench {

struct Options {
  bool quick = false;
  std::string json_path;
  int threads = 1;
  std::vector<std::int64_t> sizes;
  bool sizes_default = true;  ///< false when --sizes named them
  std::string sinter_label;  ///< non-empty: time sinter only and record it under this name
};

/// Median and spread of the repeats, in milliseconds.
struct Stats {
  double median_ms = 0, min_ms = 0, max_ms = 0, q1_ms = 0, q3_ms = 0;
  int repeats = 0;
};

/// One result: the schema shared with peers_numpy.py and read by report.py.
struct Record {
  std::string impl, workload, dtype;
  std::int64_t size = 0;
  int threads = 1;
  double bytes = 0;       ///< inputs read once + outputs written once
  Stats stats;
  double rel_error = -1;  ///< max |got - ref| / max(|ref|, 1) against float64; -1: not checked
  std::string status = "ok";  ///< ok | wrong | unsupported | pending | error
  std::string note;
  int launches = -1;  ///< sinter: kernels launched by one call (the counters); -1: not counted
};

inline double now_ms() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double, std::milli>(clock::now().time_since_epoch()).count();
}

inline Stats summarize(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    const double pos = q * static_cast<double>(ms.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(lo + 1, ms.size() - 1);
    return ms[lo] + (ms[hi] - ms[lo]) * (pos - static_cast<double>(lo));
  };
  return Stats{at(0.5), ms.front(), ms.back(), at(0.25), at(0.75), static_cast<int>(ms.size())};
}

/// A compiler barrier: memory may have changed, so a timed call cannot reuse a result computed
/// before it.
inline void clobber_memory() { asm volatile("" : : : "memory"); }

/// Makes `value` count as used. A timed call whose result is a scalar must pass it here: stored
/// only into a local that nothing reads after the timing loop, the computation is dead code, and
/// GCC removed an inlined Eigen sum entirely (1000 GB/s "measured").
template <class T> inline void keep(const T& value) { asm volatile("" : : "r,m"(value) : "memory"); }

/// Runs `f` for warm-up, then at least `min_repeats` timed times (more, up to 200, while the
/// total stays under `budget_ms`: small sizes get many repeats).
template <class F>
Stats measure(F&& f, int min_repeats = 7, double budget_ms = 150) {
  f();
  clobber_memory();
  const double t0 = now_ms();
  f();
  clobber_memory();
  const double one = std::max(now_ms() - t0, 1e-6);
  const int repeats = std::clamp(static_cast<int>(budget_ms / one), min_repeats, 200);
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(repeats));
  for (int r = 0; r < repeats; ++r) {
    clobber_memory();
    const double start = now_ms();
    f();
    clobber_memory();
    ms.push_back(now_ms() - start);
  }
  return summarize(std::move(ms));
}

/// Storage laid out as sinter's own buffers are (runtime/cpu/cpu_allocator.h), so that every
/// implementation reads memory the same way: 64-byte aligned (glibc's large allocations are only
/// 16-byte aligned), and from 4 MiB up 2 MiB aligned with madvise(MADV_HUGEPAGE), as sinter's
/// allocator and NumPy do. Where transparent huge pages are "madvise" (the default), a buffer
/// without it walks 4 KiB pages: on a virtual machine that cost the hand loop, Eigen and STREAM
/// about a third of their bandwidth (a read of 1 GiB: 11 GB/s on 4 KiB pages, 15-17 on 2 MiB).
template <class T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(std::size_t n) {
    constexpr std::size_t kHuge = std::size_t{2} << 20;
    const bool huge = n * sizeof(T) >= 2 * kHuge;
    const std::size_t align = huge ? kHuge : 64;
    const std::size_t bytes = (n * sizeof(T) + align - 1) / align * align;
    void* p = std::aligned_alloc(align, bytes == 0 ? align : bytes);
    if (!p) throw std::bad_alloc();
    if (huge) madvise(p, bytes, MADV_HUGEPAGE);  // advice only: without THP it changes nothing
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) { std::free(p); }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
};
template <class T> using Buffer = std::vector<T, AlignedAllocator<T>>;

/// Deterministic uniform values in [lo, hi): a hash of (seed, index), so filling is parallel.
template <class T>
Buffer<T> uniform(std::int64_t n, std::uint64_t seed, double lo = 0.1, double hi = 1.1) {
  Buffer<T> v(static_cast<std::size_t>(n));
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(i) + 1;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    const double u = static_cast<double>(z >> 11) * 0x1.0p-53;
    v[static_cast<std::size_t>(i)] = static_cast<T>(lo + (hi - lo) * u);
  }
  return v;
}

/// max_i |got[i] - ref(i)| / max(|ref(i)|, floor): with the default floor of 1, relative for large
/// values and absolute near zero (E2 and the option prices cross or approach zero, where a pure
/// relative error means nothing); floor 0 makes it purely relative (softmax's small outputs).
template <class T, class Ref> double max_rel_error(const T* got, std::int64_t n, Ref&& ref, double floor = 1.0) {
  double worst = 0;
#pragma omp parallel for reduction(max : worst) schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    const double r = ref(i);
    const double g = static_cast<double>(got[i]);
    const double e = std::isnan(g) != std::isnan(r) ? INFINITY : std::abs(g - r) / std::max(std::abs(r), floor);
    worst = std::max(worst, std::isnan(e) ? 0.0 : e);
  }
  return worst;
}

/// The error above which a result counts as wrong (and is not reported as a timing).
inline double tolerance(const std::string& dtype) { return dtype == "float64" ? 1e-10 : 1e-4; }

/// A sinter array holding a copy of `v`.
template <class T>
auto to_sinter(const Buffer<T>& v) {
  return sinter::Array<T>(std::span<const T>(v.data(), v.size()));
}
/// A sinter array of `shape` holding a copy of `v` (row-major).
template <class T> auto to_sinter(const Buffer<T>& v, const sinter::Shape& shape) {
  return sinter::Array<T>(std::span<const T>(v.data(), v.size()), shape);
}

inline int omp_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

inline std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

class Recorder {
 public:
  /// Diagnostic runs: only sinter's rows, renamed (e.g. "sinter_thp" under a malloc tunable).
  std::string sinter_label = "sinter";
  bool only_sinter = false;

  void add(Record r) {
    if (only_sinter && r.impl != "sinter") return;
    if (r.impl == "sinter") r.impl = sinter_label;
    if (r.status == "ok" && r.rel_error > tolerance(r.dtype)) r.status = "wrong";
    print(r);
    records_.push_back(std::move(r));
  }
  /// A checked, timed result.
  void timed(const std::string& impl, const std::string& workload, const std::string& dtype, std::int64_t size,
             int threads, double bytes, const Stats& s, double rel_error, std::string note = "") {
    add(Record{impl, workload, dtype, size, threads, bytes, s, rel_error, "ok", std::move(note)});
  }
  /// A workload an implementation cannot run (yet): a row without a timing.
  void missing(const std::string& impl, const std::string& workload, const std::string& dtype, std::int64_t size,
               const std::string& status, std::string note) {
    add(Record{impl, workload, dtype, size, 1, 0, {}, -1, status, std::move(note)});
  }
  const std::vector<Record>& records() const { return records_; }

  /// Runs `run` once, checks it with `check` (returns the max relative error), and times it only
  /// if the result is right: a wrong result is recorded as wrong, never as a timing. For sinter,
  /// the kernels launched by one warm call are counted (the record's `launches`).
  template <class Run, class Check>
  void check_and_time(const std::string& impl, const std::string& workload, const std::string& dtype,
                      std::int64_t size, int threads, double bytes, Run&& run, Check&& check,
                      std::string note = "") {
    if (only_sinter && impl != "sinter") return;
    double err;
    int launches = -1;
    try {
      run();
      if (impl == "sinter") {
        const auto before = sinter::counters().kernel_launches;
        run();
        launches = static_cast<int>(sinter::counters().kernel_launches - before);
      }
      err = check();
    } catch (const std::exception& e) {
      add(Record{impl, workload, dtype, size, threads, bytes, {}, -1, "error", e.what()});
      return;
    }
    if (!(err <= tolerance(dtype))) {
      add(Record{impl, workload, dtype, size, threads, bytes, {}, err, "wrong", std::move(note), launches});
      return;
    }
    add(Record{impl, workload, dtype, size, threads, bytes, measure(run), err, "ok", std::move(note), launches});
  }

  bool write_json(const std::string& path) const {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return false;
    std::fprintf(f, "[\n");
    for (std::size_t k = 0; k < records_.size(); ++k) {
      const Record& r = records_[k];
      const bool has_time = r.status == "ok";
      std::fprintf(f, "  {\"suite\": \"cpu\", \"impl\": \"%s\", \"workload\": \"%s\", \"size\": %lld, ",
                   json_escape(r.impl).c_str(), json_escape(r.workload).c_str(), static_cast<long long>(r.size));
      std::fprintf(f, "\"dtype\": \"%s\", \"threads\": %d, ", r.dtype.c_str(), r.threads);
      if (has_time) {
        const double gbps = r.bytes > 0 ? r.bytes / (r.stats.median_ms * 1e6) : 0;
        std::fprintf(f, "\"ms\": %.6g, \"gbps\": %.6g, ", r.stats.median_ms, gbps);
        std::fprintf(f,
                     "\"spread\": {\"min_ms\": %.6g, \"max_ms\": %.6g, \"q1_ms\": %.6g, \"q3_ms\": %.6g, "
                     "\"repeats\": %d}, ",
                     r.stats.min_ms, r.stats.max_ms, r.stats.q1_ms, r.stats.q3_ms, r.stats.repeats);
      } else {
        std::fprintf(f, "\"ms\": null, \"gbps\": null, \"spread\": null, ");
      }
      if (r.rel_error >= 0)
        std::fprintf(f, "\"rel_error\": %.3g, ", r.rel_error);
      else
        std::fprintf(f, "\"rel_error\": null, ");
      if (r.launches >= 0) std::fprintf(f, "\"launches\": %d, ", r.launches);
      std::fprintf(f, "\"bytes\": %.0f, \"status\": \"%s\", \"note\": \"%s\"}%s\n", r.bytes, r.status.c_str(),
                   json_escape(r.note).c_str(), k + 1 < records_.size() ? "," : "");
    }
    std::fprintf(f, "]\n");
    std::fclose(f);
    return true;
  }

 private:
  static void print(const Record& r) {
    if (r.status == "ok") {
      const double gbps = r.bytes > 0 ? r.bytes / (r.stats.median_ms * 1e6) : 0;
      std::printf("%-8s %-14s %-7s n=%-9lld %10.4f ms [%9.4f..%9.4f] %7.2f GB/s  err %.2g%s %s\n", r.impl.c_str(),
                  r.workload.c_str(), r.dtype.c_str(), static_cast<long long>(r.size), r.stats.median_ms,
                  r.stats.min_ms, r.stats.max_ms, gbps, r.rel_error,
                  r.launches >= 0 ? (" (" + std::to_string(r.launches) + " kernels)").c_str() : "", r.note.c_str());
    } else {
      std::printf("%-8s %-14s %-7s n=%-9lld %s%s%s\n", r.impl.c_str(), r.workload.c_str(), r.dtype.c_str(),
                  static_cast<long long>(r.size), r.status.c_str(), r.rel_error >= 0 ? " err " : "",
                  r.rel_error >= 0 ? std::to_string(r.rel_error).c_str() : "");
      if (!r.note.empty()) std::printf("         %s\n", r.note.c_str());
    }
    std::fflush(stdout);
  }
  std::vector<Record> records_;
};

/// The workloads of cpu_workloads.cpp: Black-Scholes, Horner, and the 2-D ones (heat2d,
/// softmax_rows, layernorm_rows).
void run_workloads(const Options& options, Recorder& out);
/// The reductions of cpu_reductions.cpp: E6, the sum of a vector, sums of a matrix over each axis.
void run_reductions(const Options& options, Recorder& out);

}  // namespace bench
