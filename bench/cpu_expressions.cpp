// Issue 2's CPU benchmark: expressions E1..E7 of shared/anchors.md timed for sinter, a hand-written
// -O3 -march=native OpenMP loop and Eigen, against STREAM copy and triad measured in the same run;
// plus sinter's cold compile time and its host overhead per cache-hit call. Writes JSON records.
#include <sinter/sinter.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <thread>

#include "bench_support.h"
#include "workloads.h"
#ifdef SINTER_BENCH_EIGEN
#include <Eigen/Core>
#endif

namespace {
using namespace bench;
using std::int64_t;

// ---- STREAM (the ceiling): float64 arrays of 256 MiB, eight times the L3; copy and triad as
// STREAM, and a read-only sum for the reductions ----

/// The read-only kernel: sum of `n` (a multiple of 4096) doubles, 16 independent accumulators per
/// block so that the adds are not latency-bound (a plain `omp simd` reduction keeps one vector).
__attribute__((noinline)) double stream_read(const double* p, int64_t n, int threads) {
  double sum = 0;
#pragma omp parallel for reduction(+ : sum) schedule(static) num_threads(threads)
  for (int64_t b = 0; b < n; b += 4096) {
    double acc[16] = {};
    for (int64_t i = b; i < b + 4096; i += 16)
      for (int k = 0; k < 16; ++k) acc[k] += p[i + k];
    for (double a : acc) sum += a;
  }
  return sum;
}

/// `when`: "start" or "end" of the run (the record's note); the report's ceiling is the best
/// repeat over both, so that it does not depend on what else the machine ran at one moment.
void run_stream(const Options& o, Recorder& out, const std::string& when) {
  const int64_t n = int64_t{1} << 25;
  auto a = uniform<double>(n, 11), b = uniform<double>(n, 12), c = uniform<double>(n, 13);
  double* pa = a.data();
  const double* pb = b.data();
  const double* pc = c.data();
  const double s = 3.0;
  // On all threads (the ceiling) and on one (robust when another process takes a core).
  for (int t : {o.threads, 1}) {
    out.check_and_time(
        "stream", "copy", "float64", n, t, 16.0 * static_cast<double>(n),
        [&] {
#pragma omp parallel for schedule(static) num_threads(t)
          for (int64_t i = 0; i < n; ++i) pa[i] = pb[i];
        },
        [&] { return max_rel_error(pa, n, [&](int64_t i) { return pb[i]; }); }, when);
    out.check_and_time(
        "stream", "triad", "float64", n, t, 24.0 * static_cast<double>(n),
        [&] {
#pragma omp parallel for schedule(static) num_threads(t)
          for (int64_t i = 0; i < n; ++i) pa[i] = pb[i] + s * pc[i];
        },
        [&] { return max_rel_error(pa, n, [&](int64_t i) { return pb[i] + s * pc[i]; }); }, when);
    // Read only (the reductions' ceiling): a vectorized sum, each element read once.
    double total = 0;
    const double reference = reference_sum(n, [&](int64_t i) { return pb[i]; });
    out.check_and_time(
        "stream", "read", "float64", n, t, 8.0 * static_cast<double>(n), [&] { keep(total = stream_read(pb, n, t)); },
        [&] { return scalar_error(total, reference); }, when);
    if (o.threads == 1) break;
  }
}

// ---- The expressions, once per implementation ----

template <class T> using SinterFn = std::function<sinter::Array<T>(const sinter::Array<T>&, const sinter::Array<T>&)>;
template <class T> using HandFn = void (*)(const T*, const T*, T*, int64_t);
#ifdef SINTER_BENCH_EIGEN
template <class T> using Vec = Eigen::Array<T, Eigen::Dynamic, 1>;
template <class T> using Map = Eigen::Map<Vec<T>, Eigen::Aligned64>;
template <class T> using ConstMap = Eigen::Map<const Vec<T>, Eigen::Aligned64>;
template <class T> using EigenFn = std::function<void(const ConstMap<T>&, const ConstMap<T>&, Map<T>&)>;
#endif

template <class T>
struct Expression {
  const char* name;
  SinterFn<T> sinter;
  HandFn<T> hand;
#ifdef SINTER_BENCH_EIGEN
  EigenFn<T> eigen;
#endif
  double (*reference)(double, double);
};

// What a user writes: a plain loop, -O3 -march=native, `omp parallel for`, no fast-math.
#define SINTER_HAND_LOOP(fname, expr)                           \
  template <class T>                                            \
  void fname(const T* x, const T* y, T* o, int64_t n) {         \
    _Pragma("omp parallel for schedule(static)")                \
    for (int64_t i = 0; i < n; ++i) {                           \
      const T a = x[i], b = y[i];                               \
      o[i] = expr;                                              \
    }                                                           \
  }
SINTER_HAND_LOOP(hand_e1, a + b)
SINTER_HAND_LOOP(hand_e2, a * b + T(3) * a - b / T(2))
SINTER_HAND_LOOP(hand_e3, std::sqrt(a * a + b * b))
SINTER_HAND_LOOP(hand_e4, std::exp(-a * a) * std::sin(b) + std::cos(a * b))
SINTER_HAND_LOOP(hand_e5, a > b ? a - b : T(0.5) * b)
#undef SINTER_HAND_LOOP

template <class T>
std::vector<Expression<T>> expressions() {
  using A = sinter::Array<T>;
  std::vector<Expression<T>> e;
  if constexpr (std::is_same_v<T, float>)
    e.push_back({"E1", [](const A& x, const A& y) -> A { return x + y; }, hand_e1<T>,
#ifdef SINTER_BENCH_EIGEN
                 [](const ConstMap<T>& x, const ConstMap<T>& y, Map<T>& o) { o = x + y; },
#endif
                 [](double x, double y) { return x + y; }});
  e.push_back({"E2", [](const A& x, const A& y) -> A { return x * y + T(3) * x - y / T(2); }, hand_e2<T>,
#ifdef SINTER_BENCH_EIGEN
               [](const ConstMap<T>& x, const ConstMap<T>& y, Map<T>& o) { o = x * y + T(3) * x - y / T(2); },
#endif
               [](double x, double y) { return x * y + 3 * x - y / 2; }});
  if constexpr (std::is_same_v<T, double>) return e;  // E7 is E2 in float64
  e.push_back({"E3", [](const A& x, const A& y) -> A { return sinter::sqrt(x * x + y * y); }, hand_e3<T>,
#ifdef SINTER_BENCH_EIGEN
               [](const ConstMap<T>& x, const ConstMap<T>& y, Map<T>& o) { o = (x * x + y * y).sqrt(); },
#endif
               [](double x, double y) { return std::sqrt(x * x + y * y); }});
  e.push_back({"E4",
               [](const A& x, const A& y) -> A {
                 return sinter::exp(-x * x) * sinter::sin(y) + sinter::cos(x * y);
               },
               hand_e4<T>,
#ifdef SINTER_BENCH_EIGEN
               [](const ConstMap<T>& x, const ConstMap<T>& y, Map<T>& o) {
                 o = (-x * x).exp() * y.sin() + (x * y).cos();
               },
#endif
               [](double x, double y) { return std::exp(-x * x) * std::sin(y) + std::cos(x * y); }});
  e.push_back({"E5", [](const A& x, const A& y) -> A { return sinter::where(x > y, x - y, T(0.5) * y); }, hand_e5<T>,
#ifdef SINTER_BENCH_EIGEN
               [](const ConstMap<T>& x, const ConstMap<T>& y, Map<T>& o) { o = (x > y).select(x - y, T(0.5) * y); },
#endif
               [](double x, double y) { return x > y ? x - y : 0.5 * y; }});
  return e;
}

template <class T>
void run_expressions(const Options& o, Recorder& out, int64_t n) {
  const std::string dtype = std::is_same_v<T, float> ? "float32" : "float64";
  Buffer<T> x = uniform<T>(n, 1), y = uniform<T>(n, 2), result(static_cast<std::size_t>(n));
  const auto xs = to_sinter(x), ys = to_sinter(y);
  const double bytes = 3.0 * sizeof(T) * static_cast<double>(n);
  for (const Expression<T>& e : expressions<T>()) {
    const std::string name = std::is_same_v<T, double> ? "E7" : e.name;
    auto check = [&](const T* got) {
      return max_rel_error(got, n, [&](int64_t i) {
        return e.reference(static_cast<double>(x[static_cast<std::size_t>(i)]),
                           static_cast<double>(y[static_cast<std::size_t>(i)]));
      });
    };
    // sinter first: its pool threads sleep when idle, while OpenMP's spin for a moment after a loop.
    out.check_and_time(
        "sinter", name, dtype, n, o.threads, bytes, [&] { e.sinter(xs, ys).eval(); },
        [&] { return check(e.sinter(xs, ys).to_vector().data()); });
    out.check_and_time(
        "hand", name, dtype, n, o.threads, bytes, [&] { e.hand(x.data(), y.data(), result.data(), n); },
        [&] { return check(result.data()); });
#ifdef SINTER_BENCH_EIGEN
    ConstMap<T> ex(x.data(), n), ey(y.data(), n);
    Map<T> eo(result.data(), n);
    std::fill(result.begin(), result.end(), T(0));
    out.check_and_time(
        "eigen", name, dtype, n, 1, bytes, [&] { e.eigen(ex, ey, eo); }, [&] { return check(result.data()); });
#endif
  }
}

// ---- Compile time and host overhead ----

sinter::Array<float> e4_chain(const sinter::Array<float>& x, const sinter::Array<float>& y, int extra) {
  sinter::Array<float> e = sinter::exp(-x * x) * sinter::sin(y) + sinter::cos(x * y);
  for (int k = 0; k < extra; ++k) e = e * 0.5f + x;  // a new structure for each length
  return e;
}

// A cold sample is the first evaluation of a structure never seen in this process, minus a warm
// evaluation of the same structure; the counters confirm that exactly one compile happened.
void run_compile(const Options& o, Recorder& out, double first_in_process_ms) {
  const int64_t n = 1024;
  const auto x = to_sinter(uniform<float>(n, 1)), y = to_sinter(uniform<float>(n, 2));
  std::vector<double> cold;
  std::string note;
  for (int sample = 1; sample <= 9; ++sample) {
    const auto before = sinter::counters().kernels_compiled;
    double t0 = now_ms();
    e4_chain(x, y, sample).eval();
    const double first = now_ms() - t0;
    const auto compiled = sinter::counters().kernels_compiled - before;
    t0 = now_ms();
    e4_chain(x, y, sample).eval();
    const double warm = now_ms() - t0;
    if (compiled != 1 || sinter::counters().kernels_compiled - before != 1) {
      note = "a sample compiled " + std::to_string(compiled) + " kernels (expected 1): compile time not measured";
      break;
    }
    cold.push_back(first - warm);
  }
  if (cold.empty()) {
    out.missing("sinter", "cold_compile_E4", "float32", n, "error", note);
    return;
  }
  out.timed("sinter", "cold_compile_E4", "float32", n, 1, 0, summarize(cold), -1,
            "first evaluation of a new E4-like structure minus a warm one; 1 compile each (counters)");
  (void)o;
  Stats first{first_in_process_ms, first_in_process_ms, first_in_process_ms, first_in_process_ms,
              first_in_process_ms, 1};
  out.timed("sinter", "first_compile_in_process", "float32", n, 1, 0, first, -1,
            "first evaluation in the process: includes starting LLVM's JIT");
}

__attribute__((noinline)) void plain_e2(const float* x, const float* y, float* o, int64_t n) {
  for (int64_t i = 0; i < n; ++i) o[i] = x[i] * y[i] + 3.0f * x[i] - y[i] / 2.0f;
}

// Per-call cost of a cache-hit E2 at 1024 elements (build the expression, evaluate, release),
// over back-to-back calls; the host overhead is that minus the same loop's time in plain C++.
void run_overhead(const Options& o, Recorder& out) {
  const int64_t n = 1024;
  Buffer<float> xv = uniform<float>(n, 1), yv = uniform<float>(n, 2), ov(n);
  const auto x = to_sinter(xv), y = to_sinter(yv);
  const int calls = 2000;
  auto per_call = [&](Stats s) {
    for (double* v : {&s.median_ms, &s.min_ms, &s.max_ms, &s.q1_ms, &s.q3_ms}) *v /= calls;
    return s;
  };
  const double bytes = 12.0 * n;
  auto check_sinter = [&] {
    sinter::Array<float> r = x * y + 3.0f * x - y / 2.0f;
    return max_rel_error(r.to_vector().data(), n, [&](int64_t i) {
      const double a = xv[size_t(i)], b = yv[size_t(i)];
      return a * b + 3 * a - b / 2;
    });
  };
  const auto hits = sinter::counters().cache_hits;
  const Stats s = per_call(measure(
      [&] {
        for (int c = 0; c < calls; ++c) {
          sinter::Array<float> r = x * y + 3.0f * x - y / 2.0f;
          r.eval();
        }
      },
      15, 300));
  const bool all_hits = sinter::counters().cache_hits - hits >= static_cast<std::uint64_t>(calls) * 15;
  const double err = check_sinter();
  const Stats plain = per_call(measure([&] {
    for (int c = 0; c < calls; ++c) plain_e2(xv.data(), yv.data(), ov.data(), n);
  }, 15, 300));
  out.timed("sinter", "E2_call", "float32", n, o.threads, bytes, s, err,
            all_hits ? "per call, cache hit, back to back" : "per call; NOT all cache hits");
  out.timed("plain", "E2_call", "float32", n, 1, bytes, plain, 0, "the same loop in C++, one thread, no allocation");
  Stats overhead = s;
  for (double* v : {&overhead.median_ms, &overhead.min_ms, &overhead.max_ms, &overhead.q1_ms, &overhead.q3_ms})
    *v -= plain.median_ms;
  out.timed("sinter", "host_overhead", "float32", n, o.threads, 0, overhead, -1,
            "sinter per-call time minus the plain loop's");
}

Options parse(int argc, char** argv) {
  Options o;
  o.threads = std::max(1u, std::thread::hardware_concurrency());
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--quick") {
      o.quick = true;
    } else if (a == "--json" && k + 1 < argc) {
      o.json_path = argv[++k];
    } else if (a == "--sinter-only" && k + 1 < argc) {
      o.sinter_label = argv[++k];
    } else if (a == "--sizes" && k + 1 < argc) {  // e.g. --sizes 65536,16777216
      o.sizes_default = false;
      for (const char* p = argv[++k]; *p;) {
        char* end = nullptr;
        o.sizes.push_back(std::strtoll(p, &end, 10));
        p = *end == ',' ? end + 1 : end;
        if (o.sizes.back() <= 0) {
          std::fprintf(stderr, "--sizes: positive integers separated by commas\n");
          std::exit(2);
        }
      }
    } else if (a == "--threads" && k + 1 < argc) {
      o.threads = std::atoi(argv[++k]);
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--json PATH] [--threads N] [--sizes N,N..] [--sinter-only LABEL]\n",
                   argv[0]);
      std::exit(2);
    }
  }
  if (!o.sizes.empty()) return o;
  if (o.quick)
    o.sizes = {1 << 16, 1 << 20, 1 << 24};
  else
    o.sizes = {1 << 16, 1 << 20, 1 << 24, 1 << 26};
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  // One thread count for everyone: sinter's pool and OpenMP's team.
  setenv("SINTER_NUM_THREADS", std::to_string(o.threads).c_str(), 1);
  // Cold compiles are measured: no kernel may come from the CPU disk cache of an earlier run.
  setenv("SINTER_CACHE", "0", 1);
#ifdef _OPENMP
  omp_set_num_threads(o.threads);
#endif
  std::printf("sinter CPU benchmark: %d threads, sizes", o.threads);
  for (auto s : o.sizes) std::printf(" %lld", static_cast<long long>(s));
  std::printf("%s\n", o.quick ? " (quick)" : "");
  Recorder out;
  if (!o.sinter_label.empty()) {  // a diagnostic run: sinter's rows only, under another name
    out.only_sinter = true;
    out.sinter_label = o.sinter_label;
  }

  double first_compile_ms;
  {
    const auto x = to_sinter(uniform<float>(1024, 1)), y = to_sinter(uniform<float>(1024, 2));
    const double t0 = now_ms();
    e4_chain(x, y, 0).eval();
    first_compile_ms = now_ms() - t0;
  }
  if (!out.only_sinter) run_stream(o, out, "start");
  for (int64_t n : o.sizes) {
    run_expressions<float>(o, out, n);
    run_expressions<double>(o, out, n);
  }
  run_reductions(o, out);
  run_workloads(o, out);
  if (!out.only_sinter) {
    run_compile(o, out, first_compile_ms);
    run_overhead(o, out);
    run_stream(o, out, "end");
  }
  if (!o.json_path.empty() && !out.write_json(o.json_path)) {
    std::fprintf(stderr, "cannot write %s\n", o.json_path.c_str());
    return 1;
  }
  return 0;
}
