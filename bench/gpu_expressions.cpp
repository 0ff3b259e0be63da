// Issue 3's GPU benchmark: expressions E1..E7 of shared/anchors.md on cuda(0) at 2^10, 2^20,
// 2^24 and 2^28 elements, and the reductions and 2-D workloads of issues 4 and 5 (bench/workloads.h:
// sum, sums over each axis of a matrix, heat2d, softmax_rows, layernorm_rows), against
// device-to-device copy bandwidth measured in the same run
// (cuMemcpyDtoDAsync through sinter's own driver table); the per-call cost of a cache-hit call
// at 1024 elements; the cold compile and load of a new fused kernel in a fresh process with the
// disk cache off (SINTER_CACHE=0); and loading kernels from the disk cache in a new process.
// Writes JSON records in the CPU suite's format, with "suite": "gpu" (bench/gpu_report.py).
//
// usage: sinter_bench_gpu [--quick] [--json PATH]
//        sinter_bench_gpu --rows [--quick] [--shapes RxC,...] [--patterns softmax,...] [--json PATH]
//   The reductions and 2-D workloads, and the compile and disk-cache measurements, run this
//   program again in child processes (--child workloads|cold|store|disk|tune --json PATH), whose
//   records are merged into the parent's (a child that fails part-way keeps what it wrote).
//   --rows (issue 14) measures only the row patterns (run_rows below): softmax, layernorm,
//   logsumexp, rmsnorm and l2norm over the rows of 16384x4096, 4096x16384 and 65536x1024 float32
//   matrices (--quick: the first and last), against the copy of the same bytes; each shape in a
//   child process (--child rows), started again past a pattern that crashed it.
#include <sinter/sinter.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "backend.h"
#include "bench_support.h"
#include "codegen/cuda/lower_to_cuda.h"
#include "fuse/plan.h"
#include "ir/node.h"
#include "runtime/cuda/cuda_backend.h"
#include "runtime/cuda/driver_api.h"
#include "runtime/cuda/nvrtc.h"
#include "workloads.h"

namespace {
using namespace bench;
using std::int64_t;
namespace gpu = sinter::gpu;

const sinter::Device kGpu = sinter::cuda(0);

void check(gpu::CUresult r, const char* what) { gpu::check_cuda(r, what, "sinter_bench_gpu"); }

/// Times `f` (which queues work on sinter's stream) with CUDA events around a batch of back-to-back
/// calls (as a pipeline issues them; bench/peers_gpu.py times the peers the same way), median of the
/// repeats after a warm-up. Host work inside `f` counts whenever the device waits for it.
class EventTimer {
 public:
  EventTimer() : api_(gpu::driver_api()), stream_(gpu::backend_stream(sinter::backend_for(kGpu))) {
    check(api_.cuEventCreate(&start_, 0), "cuEventCreate");
    check(api_.cuEventCreate(&stop_, 0), "cuEventCreate");
  }
  ~EventTimer() {
    api_.cuEventDestroy(start_);
    api_.cuEventDestroy(stop_);
  }
  EventTimer(const EventTimer&) = delete;
  EventTimer& operator=(const EventTimer&) = delete;

  gpu::CUstream stream() const { return stream_; }

  /// Milliseconds per call of `batch` back-to-back calls of `f`, between two events.
  template <class F> double once_ms(F&& f, int batch) {
    check(api_.cuEventRecord(start_, stream_), "cuEventRecord");
    for (int b = 0; b < batch; ++b) f();
    check(api_.cuEventRecord(stop_, stream_), "cuEventRecord");
    check(api_.cuEventSynchronize(stop_), "cuEventSynchronize");
    float ms = 0;
    if (!api_.cuEventElapsedTime) throw std::runtime_error("the driver has no cuEventElapsedTime");
    check(api_.cuEventElapsedTime(&ms, start_, stop_), "cuEventElapsedTime");
    return ms / batch;
  }

  /// Warm-up, then repeats until `budget_ms` of device time (at least `min_repeats`, at most 300).
  template <class F> Stats measure(F&& f, int batch, int min_repeats = 9, double budget_ms = 200) {
    once_ms(f, batch);
    const double one = std::max(once_ms(f, batch) * batch, 1e-4);
    const int repeats = std::clamp(static_cast<int>(budget_ms / one), min_repeats, 300);
    std::vector<double> ms;
    for (int r = 0; r < repeats; ++r) ms.push_back(once_ms(f, batch));
    return summarize(std::move(ms));
  }

 private:
  const gpu::DriverApi& api_;
  gpu::CUstream stream_;
  gpu::CUevent start_ = nullptr, stop_ = nullptr;
};

/// Records with "suite": "gpu"; the same fields as bench::Recorder writes for the CPU suite.
class GpuRecorder {
 public:
  void add(Record r) {
    if (const char* impl = std::getenv("SINTER_BENCH_IMPL"); impl && r.impl == "sinter") r.impl = impl;
    if (r.status == "ok" && r.rel_error > tolerance(r.dtype)) r.status = "wrong";
    print(r);
    lines_.push_back(to_json(r));
    last_status_ = r.status;
  }
  /// The status of the last record added ("" before any).
  const std::string& last_status() const { return last_status_; }
  void timed(const std::string& impl, const std::string& workload, const std::string& dtype, int64_t size, double bytes,
             const Stats& s, double rel_error, std::string note = "") {
    add(Record{impl, workload, dtype, size, 1, bytes, s, rel_error, "ok", std::move(note)});
  }
  void missing(const std::string& impl, const std::string& workload, const std::string& dtype, int64_t size,
               const std::string& status, std::string note) {
    add(Record{impl, workload, dtype, size, 1, 0, {}, -1, status, std::move(note)});
  }
  /// Appends the records another run of this program wrote (one JSON object per line); returns
  /// their workload names.
  std::vector<std::string> merge_file(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::vector<std::string> workloads;
    while (std::getline(in, line)) {
      while (!line.empty() && (line.back() == ',' || line.back() == ' ')) line.pop_back();
      if (!line.starts_with("  {")) continue;
      lines_.push_back(line.substr(2));
      const std::string key = "\"workload\": \"";
      if (const auto at = line.find(key); at != std::string::npos) {
        const auto from = at + key.size();
        workloads.push_back(line.substr(from, line.find('"', from) - from));
      }
    }
    return workloads;
  }
  bool write_json(const std::string& path) const {
    std::ofstream f(path);
    if (!f) return false;
    f << "[\n";
    for (std::size_t k = 0; k < lines_.size(); ++k) f << "  " << lines_[k] << (k + 1 < lines_.size() ? ",\n" : "\n");
    f << "]\n";
    return static_cast<bool>(f);
  }

 private:
  static std::string num(double v) {
    char text[64];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
  }
  static std::string to_json(const Record& r) {
    std::ostringstream s;
    s << "{\"suite\": \"gpu\", \"impl\": \"" << json_escape(r.impl) << "\", \"workload\": \"" << json_escape(r.workload)
      << "\", \"size\": " << r.size << ", \"dtype\": \"" << r.dtype << "\", \"threads\": " << r.threads << ", ";
    if (r.status == "ok") {
      const double gbps = r.bytes > 0 ? r.bytes / (r.stats.median_ms * 1e6) : 0;
      s << "\"ms\": " << num(r.stats.median_ms) << ", \"gbps\": " << num(gbps)
        << ", \"spread\": {\"min_ms\": " << num(r.stats.min_ms) << ", \"max_ms\": " << num(r.stats.max_ms)
        << ", \"q1_ms\": " << num(r.stats.q1_ms) << ", \"q3_ms\": " << num(r.stats.q3_ms)
        << ", \"repeats\": " << r.stats.repeats << "}, ";
    } else {
      s << "\"ms\": null, \"gbps\": null, \"spread\": null, ";
    }
    s << "\"rel_error\": " << (r.rel_error >= 0 ? num(r.rel_error) : std::string("null"));
    if (r.launches >= 0) s << ", \"launches\": " << r.launches;
    s << ", \"bytes\": " << num(r.bytes) << ", \"status\": \"" << r.status << "\", \"note\": \"" << json_escape(r.note)
      << "\"}";
    return s.str();
  }
  static void print(const Record& r) {
    if (r.status == "ok") {
      const double gbps = r.bytes > 0 ? r.bytes / (r.stats.median_ms * 1e6) : 0;
      std::printf("%-14s %-26s %-7s n=%-10lld %10.4f ms [%9.4f..%9.4f] %8.1f GB/s  err %.2g%s %s\n", r.impl.c_str(),
                  r.workload.c_str(), r.dtype.c_str(), static_cast<long long>(r.size), r.stats.median_ms,
                  r.stats.min_ms, r.stats.max_ms, gbps, r.rel_error,
                  r.launches >= 0 ? (" (" + std::to_string(r.launches) + " kernels)").c_str() : "", r.note.c_str());
    } else {
      std::printf("%-14s %-26s %-7s n=%-10lld %s (err %.2g) %s\n", r.impl.c_str(), r.workload.c_str(), r.dtype.c_str(),
                  static_cast<long long>(r.size), r.status.c_str(), r.rel_error, r.note.c_str());
    }
    std::fflush(stdout);
  }
  std::vector<std::string> lines_;
  std::string last_status_;
};

/// The sizes measured: 2^10, 2^20, 2^24 and (not --quick) 2^28 elements.
std::vector<int64_t> bench_sizes(bool quick) {
  if (quick) return {1 << 10, 1 << 20, 1 << 24};
  return {1 << 10, 1 << 20, 1 << 24, 1 << 28};
}

/// Calls per timed batch, the same as bench/peers_gpu.py uses.
int batch_for(int64_t n) { return n >= (int64_t{1} << 28) ? 2 : 10; }

// ---- The ceiling: device-to-device copy through the driver, on sinter's stream ----

void run_copy(GpuRecorder& out, EventTimer& timer, const std::vector<int64_t>& sizes) {
  const gpu::DriverApi& api = gpu::driver_api();
  for (int64_t n : sizes) {
    const std::size_t bytes = static_cast<std::size_t>(n) * sizeof(float);
    const Buffer<float> host = uniform<float>(n, 7);
    std::vector<float> back(static_cast<std::size_t>(n));
    sinter::Backend& backend = sinter::backend_for(kGpu);
    const auto a = backend.allocate(bytes), b = backend.allocate(bytes);
    backend.copy_from_host(*a, host.data(), bytes);
    const auto src = reinterpret_cast<gpu::CUdeviceptr>(a->data);
    const auto dst = reinterpret_cast<gpu::CUdeviceptr>(b->data);
    auto copy = [&] { check(api.cuMemcpyDtoDAsync(dst, src, bytes, timer.stream()), "cuMemcpyDtoDAsync"); };
    copy();
    backend.copy_to_host(back.data(), *b, bytes);
    const double err = std::memcmp(back.data(), host.data(), bytes) == 0 ? 0.0 : 1.0;
    out.timed("cuMemcpyDtoD", "copy", "float32", n, 2.0 * static_cast<double>(bytes), timer.measure(copy, batch_for(n)),
              err, "cuMemcpyDtoDAsync via sinter's driver table, CUDA events around back-to-back copies");
  }
}

// ---- E1..E7 ----

template <class T> struct Expression {
  const char* name;
  sinter::Array<T> (*sinter)(const sinter::Array<T>&, const sinter::Array<T>&);
  double (*reference)(double, double);
};

template <class T> std::vector<Expression<T>> expressions() {
  using A = sinter::Array<T>;
  std::vector<Expression<T>> e;
  if constexpr (std::is_same_v<T, double>) {
    e.push_back({"E7", [](const A& x, const A& y) -> A { return x * y + T(3) * x - y / T(2); },
                 [](double x, double y) { return x * y + 3 * x - y / 2; }});
    return e;
  }
  e.push_back({"E1", [](const A& x, const A& y) -> A { return x + y; }, [](double x, double y) { return x + y; }});
  e.push_back({"E2", [](const A& x, const A& y) -> A { return x * y + T(3) * x - y / T(2); },
               [](double x, double y) { return x * y + 3 * x - y / 2; }});
  e.push_back({"E3", [](const A& x, const A& y) -> A { return sinter::sqrt(x * x + y * y); },
               [](double x, double y) { return std::sqrt(x * x + y * y); }});
  e.push_back({"E4",
               [](const A& x, const A& y) -> A { return sinter::exp(-x * x) * sinter::sin(y) + sinter::cos(x * y); },
               [](double x, double y) { return std::exp(-x * x) * std::sin(y) + std::cos(x * y); }});
  e.push_back({"E5", [](const A& x, const A& y) -> A { return sinter::where(x > y, x - y, T(0.5) * y); },
               [](double x, double y) { return x > y ? x - y : 0.5 * y; }});
  return e;
}

template <class T> void run_expressions(GpuRecorder& out, EventTimer& timer, int64_t n) {
  const std::string dtype = std::is_same_v<T, float> ? "float32" : "float64";
  const Buffer<T> x = uniform<T>(n, 1), y = uniform<T>(n, 2);
  const auto xs = sinter::Array<T>(std::span<const T>(x.data(), x.size()), kGpu);
  const auto ys = sinter::Array<T>(std::span<const T>(y.data(), y.size()), kGpu);
  const double bytes = 3.0 * sizeof(T) * static_cast<double>(n);
  for (const Expression<T>& e : expressions<T>()) {
    double err;
    try {
      const std::vector<T> got = e.sinter(xs, ys).to_vector();
      err = max_rel_error(got.data(), n, [&](int64_t i) {
        return e.reference(static_cast<double>(x[static_cast<std::size_t>(i)]),
                           static_cast<double>(y[static_cast<std::size_t>(i)]));
      });
    } catch (const std::exception& ex) {
      out.missing("sinter", e.name, dtype, n, "error", ex.what());
      continue;
    }
    if (!(err <= tolerance(dtype))) {
      out.add(Record{"sinter", e.name, dtype, n, 1, bytes, {}, err, "wrong", ""});
      continue;
    }
    const Stats s = timer.measure([&] { e.sinter(xs, ys).eval(); }, batch_for(n), n >= (int64_t{1} << 28) ? 9 : 15);
    out.timed("sinter", e.name, dtype, n, bytes, s, err,
              "evaluations (build, look up, launch) back to back, CUDA events around " + std::to_string(batch_for(n)));
  }
}

// ---- Reductions and 2-D workloads (issues 4 and 5; bench/workloads.h) ----

/// Checks one sinter workload (built by `make`, a fresh pending array each call) against its
/// float64 reference (`check` of the result copied to the host), counts the kernels one call
/// launches, and times it if it is right, as run_expressions does.
template <class Make, class Check>
void run_case(GpuRecorder& out, EventTimer& timer, const std::string& name, int64_t n, int64_t size, double bytes,
              const std::string& note, Make&& make, Check&& check) {
  double err;
  int launches;
  try {
    make().eval();
    sinter::synchronize(kGpu);
    const auto before = sinter::counters().kernel_launches;
    const sinter::Array<float> result = make();
    result.eval();
    launches = static_cast<int>(sinter::counters().kernel_launches - before);
    err = check(result.to_vector());
  } catch (const std::exception& ex) {
    out.missing("sinter", name, "float32", size, "error", ex.what());
    return;
  }
  if (!(err <= tolerance("float32"))) {
    out.add(Record{"sinter", name, "float32", size, 1, bytes, {}, err, "wrong", note, launches});
    return;
  }
  const Stats s = timer.measure([&] { make().eval(); }, batch_for(n), n >= (int64_t{1} << 28) ? 9 : 15);
  out.add(Record{"sinter", name, "float32", size, 1, bytes, s, err, "ok",
                 note + (note.empty() ? "" : "; ") + "evaluations back to back, CUDA events around " +
                     std::to_string(batch_for(n)),
                 launches});
}

sinter::Array<float> on_gpu(const Buffer<float>& v, const sinter::Shape& shape) {
  return sinter::Array<float>(std::span<const float>(v.data(), v.size()), shape, kGpu);
}

/// E6, the sum of a vector, the sums of a matrix over each axis, heat2d, softmax_rows and
/// layernorm_rows at `n` elements (the 2-D ones on bench::matrix_shape(n): 2^28 is 16384 x 16384).
/// GB/s for the reductions = bytes read / time.
/// The reductions and 2-D workloads at n elements; `sums_only`: the full and axis sums alone (the
/// reduction tuning children).
void run_workloads(GpuRecorder& out, EventTimer& timer, int64_t n, bool sums_only = false) {
  {
    const Buffer<float> x = uniform<float>(n, 1), y = uniform<float>(n, 2);
    const float *px = x.data(), *py = y.data();
    const auto xs = on_gpu(x, sinter::Shape{n}), ys = on_gpu(y, sinter::Shape{n});
    const double ref6 = reference_sum(n, [&](int64_t i) { return (double(px[i]) - py[i]) * (double(px[i]) - py[i]); });
    run_case(
        out, timer, "E6", n, n, 8.0 * static_cast<double>(n), "", [&] { return sinter_e6(xs, ys); },
        [&](const std::vector<float>& got) { return scalar_error(got.at(0), ref6); });
    const double ref = reference_sum(n, [&](int64_t i) { return double(px[i]); });
    run_case(
        out, timer, "sum", n, n, 4.0 * static_cast<double>(n), "", [&] { return sinter::sum(xs); },
        [&](const std::vector<float>& got) { return scalar_error(got.at(0), ref); });
  }
  const MatrixShape m = matrix_shape(n);
  const int64_t size = m.numel();
  const std::string shape = std::to_string(m.rows) + " x " + std::to_string(m.cols);
  const Buffer<float> x = uniform<float>(size, 4);
  const float* px = x.data();
  const auto xs = on_gpu(x, sinter::Shape{m.rows, m.cols});
  for (int axis : {0, 1})
    run_case(
        out, timer, axis == 0 ? "sum_axis0" : "sum_axis1", n, size, 4.0 * static_cast<double>(size), shape,
        [&] { return sinter::sum(xs, axis); },
        [&](const std::vector<float>& got) { return axis_sum_error(got.data(), px, m, axis); });
  if (sums_only) return;
  run_case(
      out, timer, "heat2d", n, size, 4.0 * static_cast<double>(size + (m.rows - 2) * (m.cols - 2)), shape + " grid",
      [&] { return sinter_heat2d(xs); },
      [&](const std::vector<float>& got) { return heat2d_error(got.data(), px, m); });
  run_case(
      out, timer, "softmax_rows", n, size, 8.0 * static_cast<double>(size), shape,
      [&] { return sinter_softmax_rows(xs); },
      [&](const std::vector<float>& got) { return softmax_rows_error(got.data(), px, m); });
  run_case(
      out, timer, "layernorm_rows", n, size, 8.0 * static_cast<double>(size), shape,
      [&] { return sinter_layernorm_rows(xs); },
      [&](const std::vector<float>& got) { return layernorm_rows_error(got.data(), px, m); });
}

// ---- Per-call cost of a cache-hit call at 1024 elements ----

void run_call_cost(GpuRecorder& out) {
  const int64_t n = 1024;
  const Buffer<float> xv = uniform<float>(n, 1), yv = uniform<float>(n, 2);
  const auto x = sinter::Array<float>(std::span<const float>(xv.data(), xv.size()), kGpu);
  const auto y = sinter::Array<float>(std::span<const float>(yv.data(), yv.size()), kGpu);
  const int calls = 2000;
  auto per_call = [&](Stats s) {
    for (double* v : {&s.median_ms, &s.min_ms, &s.max_ms, &s.q1_ms, &s.q3_ms}) *v /= calls;
    return s;
  };
  const std::vector<float> got = sinter::Array<float>(x * y + 3.0f * x - y / 2.0f).to_vector();
  const double err = max_rel_error(got.data(), n, [&](int64_t i) {
    const double a = xv[size_t(i)], b = yv[size_t(i)];
    return a * b + 3 * a - b / 2;
  });
  const double bytes = 12.0 * n;
  const auto hits = sinter::counters().cache_hits;
  const auto compiled = sinter::counters().kernels_compiled;
  // As shared/anchors.md measures the peers: back-to-back calls, then one synchronize.
  const Stats back_to_back = per_call(measure(
      [&] {
        for (int c = 0; c < calls; ++c) {
          sinter::Array<float> r = x * y + 3.0f * x - y / 2.0f;
          r.eval();
        }
        sinter::synchronize(kGpu);
      },
      9, 400));
  const bool all_hits = sinter::counters().kernels_compiled == compiled &&
                        sinter::counters().cache_hits - hits >= static_cast<std::uint64_t>(calls) * 9;
  out.timed("sinter", "E2_call", "float32", n, bytes, back_to_back, err,
            std::string(all_hits ? "cache hits" : "NOT all cache hits") +
                "; per call over 2000 back-to-back calls then one synchronize (the peers' measure)");
  // Each call waited for: host + launch + kernel + synchronize.
  const Stats synced = per_call(measure(
      [&] {
        for (int c = 0; c < calls; ++c) {
          sinter::Array<float> r = x * y + 3.0f * x - y / 2.0f;
          r.eval();
          sinter::synchronize(kGpu);
        }
      },
      9, 400));
  out.timed("sinter", "E2_call_sync", "float32", n, bytes, synced, err, "per call, each call then synchronize");
}

// ---- Cold compile and disk-cache load, in child processes ----

sinter::Array<float> e4_chain(const sinter::Array<float>& x, const sinter::Array<float>& y, int extra) {
  sinter::Array<float> e = sinter::exp(-x * x) * sinter::sin(y) + sinter::cos(x * y);
  for (int k = 0; k < extra; ++k) e = e * 0.5f + x;  // a new structure for each length
  return e;
}

constexpr int kCompileSamples = 9;

/// One evaluation through synchronize, in milliseconds.
double eval_ms(const sinter::Array<float>& x, const sinter::Array<float>& y, int extra) {
  const double t0 = now_ms();
  e4_chain(x, y, extra).eval();
  sinter::synchronize(kGpu);
  return now_ms() - t0;
}

/// NVRTC alone on the E4-like sources (planned from CPU arrays: no CUDA call), in milliseconds:
/// separates NVRTC's own time from the rest of a cold build, and shows whether it depends on
/// what the process did before (the cold child probes before and after using the device).
std::string nvrtc_probe(const std::vector<int>& extras) {
  const sinter::Array<float> x = {1, 2, 3}, y = {4, 5, 6};
  std::string text;
  for (int extra : extras) {
    const sinter::Array<float> e = e4_chain(x, y, extra);
    sinter::fuse::KernelPlan plan;
    {
      std::lock_guard lock(sinter::ir::graph_mutex());
      const sinter::ir::NodePtr roots[] = {sinter::ir::resolved(e.node())};
      plan = sinter::fuse::plan_kernel(roots);
    }
    const std::string source = gpu::lower_to_cuda(plan.kernel);
    const double t0 = now_ms();
    gpu::compile_cuda(source, plan.kernel.name() + ".cu", "sm_90");
    char one[48];
    std::snprintf(one, sizeof one, " k%d %.1f", extra, now_ms() - t0);
    text += one;
  }
  return text;
}

/// child "cold" (SINTER_CACHE=0) and "disk" (a cache directory that "store" filled): the first
/// evaluation of each new structure minus a warm one; the counters confirm one compile each.
void run_child(const std::string& mode, GpuRecorder& out, const std::string& json, bool quick) {
  if (mode == "workloads") {  // the reductions and 2-D workloads, the JSON rewritten after each size
    EventTimer timer;
    for (int64_t n : bench_sizes(quick)) {
      run_workloads(out, timer, n);
      if (!json.empty()) out.write_json(json);
    }
    return;
  }
  if (mode == "tune_reductions") {  // the sums again under another reduction setting (environment)
    EventTimer timer;
    for (int64_t size : {int64_t{1} << 24, int64_t{1} << 28}) run_workloads(out, timer, size, true);
    return;
  }
  const int64_t n = 1024;
  std::string probe_before;
  if (mode == "cold") probe_before = nvrtc_probe({20, 21, 20});
  const Buffer<float> xv = uniform<float>(n, 1), yv = uniform<float>(n, 2);
  double t0 = now_ms();
  const auto x = sinter::Array<float>(std::span<const float>(xv.data(), xv.size()), kGpu);
  const auto y = sinter::Array<float>(std::span<const float>(yv.data(), yv.size()), kGpu);
  sinter::synchronize(kGpu);
  const double init_ms = now_ms() - t0;
  if (mode == "tune") {  // the expressions again under another codegen setting (environment)
    EventTimer timer;
    for (int64_t size : {int64_t{1} << 24, int64_t{1} << 28}) {
      run_expressions<float>(out, timer, size);
      run_expressions<double>(out, timer, size);
    }
    return;
  }
  if (mode == "store") {
    for (int sample = 0; sample <= kCompileSamples; ++sample) e4_chain(x, y, sample).eval();
    sinter::synchronize(kGpu);
    return;
  }
  const std::string what = mode == "cold" ? "cold_compile_E4" : "disk_load_E4";
  auto single = [](double ms) { return Stats{ms, ms, ms, ms, ms, 1}; };
  out.timed("sinter", "context_init", "float32", n, 0, single(init_ms), -1,
            "first use of cuda(0) in a process: driver, primary context, stream, NVRTC library, first copy");
  std::vector<double> samples;
  std::string note, times = "first/warm ms:";
  for (int sample = 0; sample <= kCompileSamples; ++sample) {
    const auto before = sinter::counters().kernels_compiled;
    const double first = eval_ms(x, y, sample);
    const double warm = eval_ms(x, y, sample);
    char text[64];
    std::snprintf(text, sizeof text, " %.2f/%.3f", first, warm);
    times += text;
    const auto compiled = sinter::counters().kernels_compiled - before;
    if (compiled != 1) {
      note = "a sample compiled " + std::to_string(compiled) + " kernels (expected 1)";
      break;
    }
    if (sample == 0)
      out.timed("sinter", mode == "cold" ? "first_compile_in_process" : "first_disk_load_in_process", "float32", n, 0,
                single(first - warm), -1,
                mode == "cold" ? "first kernel of the process: includes NVRTC's own start-up"
                               : "first kernel of the process, loaded from the disk cache");
    else samples.push_back(first - warm);
  }
  if (samples.empty()) {
    out.missing("sinter", what, "float32", n, "error", note);
    return;
  }
  if (mode == "cold") {
    const std::string probe_after = nvrtc_probe({21, 22});
    out.missing("sinter", "nvrtc_probe", "float32", n, "diagnostic",
                "NVRTC compile ms of E4-like sources k<extra>, before the process used the device:" + probe_before +
                    "; after:" + probe_after);
  }
  out.timed("sinter", what, "float32", n, 0, summarize(samples), -1,
            std::string(mode == "cold"
                            ? "new E4-like structure (SINTER_CACHE=0): generate, NVRTC, load; first eval minus warm; "
                            : "E4-like structure found in the disk cache by a new process: read, check, load; ") +
                times);
}

/// Runs this program again as a child (`--child mode`); returns its exit status (-1: killed by a
/// signal, or the shell could not run it).
int run_self_status(const std::string& env, const std::string& mode, const std::string& json,
                    const std::string& args = "") {
  const std::string command =
      env + " /proc/" + std::to_string(getpid()) + "/exe --child " + mode + " --json " + json + args;
  std::printf("-- %s\n", command.c_str());
  std::fflush(stdout);
  const int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool run_self(const std::string& env, const std::string& mode, const std::string& json, const std::string& args = "") {
  return run_self_status(env, mode, json, args) == 0;
}

/// The reductions and 2-D workloads in a child process: they exercise the newest code paths, and
/// a failure there (even a crash) must not cost the other measurements.
void run_workloads_child(GpuRecorder& out, bool quick) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("sinter_bench_gpu_workloads_" + std::to_string(getpid()) + ".json"))
          .string();
  const bool ok = run_self("OMP_WAIT_POLICY=passive", "workloads", path, quick ? " --quick" : "");
  out.merge_file(path);
  if (!ok)
    out.missing("sinter", "workloads_child", "float32", 0, "error",
                "the child process running the reductions and 2-D workloads failed; its records up to the failure "
                "are kept");
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}

void run_compile_children(GpuRecorder& out) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("sinter_bench_gpu_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string cold = (dir / "cold.json").string(), disk = (dir / "disk.json").string();
  const std::string cache = "SINTER_CACHE=1 SINTER_CACHE_DIR=" + (dir / "cache").string();
  if (run_self("SINTER_CACHE=0 SINTER_LOG_LEVEL=debug OMP_WAIT_POLICY=passive", "cold", cold)) out.merge_file(cold);
  else out.missing("sinter", "cold_compile_E4", "float32", 1024, "error", "the child process failed");
  if (run_self(cache, "store", (dir / "store.json").string()) && run_self(cache, "disk", disk)) out.merge_file(disk);
  else out.missing("sinter", "disk_load_E4", "float32", 1024, "error", "a child process failed");
  // NVRTC keeps its own cache of compiled programs in the driver's compute cache (CUDA_CACHE_*):
  // the cold build again with that cache off too, to show what a miss there costs.
  const std::string cold_nocache = (dir / "cold_nocache.json").string();
  if (run_self("SINTER_CACHE=0 CUDA_CACHE_DISABLE=1 OMP_WAIT_POLICY=passive SINTER_BENCH_IMPL=sinter_nocudacache",
               "cold", cold_nocache))
    out.merge_file(cold_nocache);
  // The element function inlined into every unrolled element and loop (the default before): more
  // for NVRTC to compile, no call per element.
  const std::string cold_inline = (dir / "cold_inline.json").string();
  if (run_self("SINTER_CACHE=0 SINTER_CUDA_INLINE_ELEMENT=1 OMP_WAIT_POLICY=passive SINTER_BENCH_IMPL=sinter_inline",
               "cold", cold_inline))
    out.merge_file(cold_inline);
  const std::string tune_inline = (dir / "tune_inline.json").string();
  if (run_self("SINTER_CUDA_INLINE_ELEMENT=1 SINTER_BENCH_IMPL=sinter_inline", "tune", tune_inline))
    out.merge_file(tune_inline);
  // The grid before it became uncapped: one wave of resident blocks and a grid-stride loop.
  const std::string tune = (dir / "tune1.json").string();
  if (run_self("SINTER_CUDA_GRID_WAVES=1 SINTER_BENCH_IMPL=sinter_waves1", "tune", tune)) out.merge_file(tune);
  // NVRTC's --Ofast-compile: the compile time it saves, and what it costs the kernels.
  for (const char* level : {"mid", "max"}) {
    const std::string impl = std::string("sinter_fast_") + level;
    const std::string cold_fast = (dir / (impl + "_cold.json")).string();
    if (run_self("SINTER_CACHE=0 SINTER_CUDA_FAST_COMPILE=" + std::string(level) +
                     " OMP_WAIT_POLICY=passive SINTER_BENCH_IMPL=" + impl,
                 "cold", cold_fast))
      out.merge_file(cold_fast);
    const std::string tune_fast = (dir / (impl + "_tune.json")).string();
    if (run_self("SINTER_CUDA_FAST_COMPILE=" + std::string(level) + " SINTER_BENCH_IMPL=" + impl, "tune", tune_fast))
      out.merge_file(tune_fast);
  }
  // Eight elements per thread instead of four: more bytes in flight per thread.
  const std::string tune8 = (dir / "tune8.json").string();
  if (run_self("SINTER_CUDA_ELEMENTS_PER_THREAD=8 SINTER_BENCH_IMPL=sinter_ept8", "tune", tune8)) out.merge_file(tune8);
  // Reductions split over blocks: fewer or more elements per thread, so more or fewer blocks.
  // (Eight loads per trip and 32 or 64 threads per row were measured on 2026-11-27:
  // bench/results/gpu-2026-11-27b.md to gpu-2026-11-27e.md.)
  for (const char* setting : {"SINTER_CUDA_REDUCTION_MIN_ELEMENTS=32 SINTER_BENCH_IMPL=sinter_rmin32",
                              "SINTER_CUDA_REDUCTION_MIN_ELEMENTS=64 SINTER_BENCH_IMPL=sinter_rmin64",
                              "SINTER_CUDA_REDUCTION_MIN_ELEMENTS=256 SINTER_BENCH_IMPL=sinter_rmin256"}) {
    const std::string path = (dir / "tune_reductions.json").string();
    if (run_self(setting, "tune_reductions", path)) out.merge_file(path);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

// ---- Row patterns (issue 14): softmax, layer norm and friends over the rows of a matrix ----

/// One pattern over the rows of a float32 matrix: sinter's code (bench/workloads.h), the error of
/// a result against a float64 reference, and whether it gives one value per row (log-sum-exp).
struct RowPattern {
  const char* name;
  FloatArray (*sinter)(const FloatArray&);
  double (*error)(const float* got, const float* x, MatrixShape s);
  bool per_row;
};

const std::vector<RowPattern>& row_patterns() {
  static const std::vector<RowPattern> patterns = {
      {"softmax", sinter_softmax_rows, softmax_rows_error, false},
      {"layernorm", sinter_layernorm_rows, layernorm_rows_error, false},
      {"logsumexp", sinter_logsumexp_rows, logsumexp_rows_error, true},
      {"rmsnorm", sinter_rmsnorm_rows, rmsnorm_rows_error, false},
      {"l2norm", sinter_l2norm_rows, l2norm_rows_error, false},
  };
  return patterns;
}

/// The shapes measured (rows x cols, 2^26 elements each); --quick: 16384x4096 and 65536x1024.
std::vector<MatrixShape> row_shapes(bool quick) {
  if (quick) return {{16384, 4096}, {65536, 1024}};
  return {{16384, 4096}, {4096, 16384}, {65536, 1024}};
}

std::string shape_text(MatrixShape m) { return std::to_string(m.rows) + "x" + std::to_string(m.cols); }

/// The record's workload: "<pattern>@<rows>x<cols>" (every shape has 2^26 elements, so the shape
/// is part of the name; bench/peers_gpu.py --rows and gpu_report.py use the same names).
std::string row_workload(const std::string& pattern, MatrixShape m) { return pattern + "@" + shape_text(m); }

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

MatrixShape parse_shape(const std::string& text) {
  const auto x = text.find('x');
  if (x == std::string::npos) throw std::invalid_argument("a shape is ROWSxCOLS, not '" + text + "'");
  const MatrixShape m{std::stoll(text.substr(0, x)), std::stoll(text.substr(x + 1))};
  if (m.rows <= 0 || m.cols <= 0) throw std::invalid_argument("empty shape '" + text + "'");
  return m;
}

/// The exit status of a "rows" child that stopped after recording an error.
constexpr int kRowsChildStopped = 3;

/// child "rows": the patterns named, in order, over one shape. Inputs uniform in [-4, 4) (the
/// same distribution as peers_gpu.py --rows). Writes its JSON after each pattern; stops at the
/// first pattern that fails with an error (a CUDA error can leave the context unusable), and then
/// returns false so that the parent starts a new process for the rest.
bool run_rows_child(GpuRecorder& out, const std::string& json, MatrixShape m, const std::vector<std::string>& names) {
  EventTimer timer;
  const int64_t size = m.numel();
  const Buffer<float> x = uniform<float>(size, 14, -4.0, 4.0);
  const float* px = x.data();
  const auto xs = on_gpu(x, sinter::Shape{m.rows, m.cols});
  for (const std::string& name : names) {
    const auto p =
        std::find_if(row_patterns().begin(), row_patterns().end(), [&](const RowPattern& r) { return name == r.name; });
    if (p == row_patterns().end()) {
      out.missing("sinter", row_workload(name, m), "float32", size, "unsupported", "no such row pattern");
      continue;
    }
    // Bytes: the matrix read once, the result written once (a value per row for log-sum-exp).
    const double bytes = p->per_row ? 4.0 * static_cast<double>(size + m.rows) : 8.0 * static_cast<double>(size);
    run_case(
        out, timer, row_workload(name, m), size, size, bytes, shape_text(m) + " float32, inputs uniform in [-4, 4)",
        [&] { return p->sinter(xs); }, [&](const std::vector<float>& got) { return p->error(got.data(), px, m); });
    if (!json.empty()) out.write_json(json);
    if (out.last_status() == "error") return false;
  }
  return true;
}

/// --rows: the copy of each shape's bytes (the ceiling), then each shape in a child process. A
/// child that dies or stops at an error is started again with the patterns it did not reach; a
/// pattern that killed its child without a record gets an error record.
void run_rows(GpuRecorder& out, const std::string& json, const std::vector<MatrixShape>& shapes,
              const std::vector<std::string>& patterns) {
  std::printf("sinter GPU row patterns on cuda(0):");
  for (MatrixShape m : shapes) std::printf(" %s", shape_text(m).c_str());
  std::printf("\n");
  {
    EventTimer timer;
    std::set<int64_t> sizes;
    for (MatrixShape m : shapes) sizes.insert(m.numel());
    run_copy(out, timer, std::vector<int64_t>(sizes.begin(), sizes.end()));
  }
  if (!json.empty()) out.write_json(json);
  const std::string path =
      (std::filesystem::temp_directory_path() / ("sinter_bench_gpu_rows_" + std::to_string(getpid()) + ".json"))
          .string();
  for (MatrixShape m : shapes) {
    std::vector<std::string> remaining = patterns;
    while (!remaining.empty()) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
      std::string list;
      for (const std::string& p : remaining) list += (list.empty() ? "" : ",") + p;
      const int status = run_self_status("OMP_WAIT_POLICY=passive", "rows", path,
                                         " --shapes " + shape_text(m) + " --patterns " + list);
      const std::vector<std::string> done = out.merge_file(path);
      std::erase_if(remaining, [&](const std::string& p) {
        return std::find(done.begin(), done.end(), row_workload(p, m)) != done.end();
      });
      if (status == 0 || remaining.empty()) break;
      if (status != kRowsChildStopped) {
        // The child died inside the first pattern it had not recorded: record it, go on past it.
        out.missing("sinter", row_workload(remaining.front(), m), "float32", m.numel(), "error",
                    "the child process running it died (exit status " + std::to_string(status) +
                        ", -1: a signal); see the log");
        remaining.erase(remaining.begin());
      }
    }
    if (!json.empty()) out.write_json(json);
  }
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, rows = false;
  std::string json, child, shapes_arg, patterns_arg;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--quick") {
      quick = true;
    } else if (a == "--rows") {
      rows = true;
    } else if (a == "--json" && k + 1 < argc) {
      json = argv[++k];
    } else if (a == "--child" && k + 1 < argc) {
      child = argv[++k];
    } else if (a == "--shapes" && k + 1 < argc) {
      shapes_arg = argv[++k];
    } else if (a == "--patterns" && k + 1 < argc) {
      patterns_arg = argv[++k];
    } else {
      std::fprintf(stderr,
                   "usage: %s [--quick] [--json PATH]\n"
                   "       %s --rows [--quick] [--shapes RxC,...] [--patterns softmax,layernorm,logsumexp,rmsnorm,"
                   "l2norm] [--json PATH]\n",
                   argv[0], argv[0]);
      return 2;
    }
  }
  GpuRecorder out;
  std::vector<MatrixShape> shapes = row_shapes(quick);
  std::vector<std::string> patterns;
  for (const RowPattern& p : row_patterns()) patterns.push_back(p.name);
  try {
    if (!shapes_arg.empty()) {
      shapes.clear();
      for (const std::string& text : split_list(shapes_arg)) shapes.push_back(parse_shape(text));
    }
    if (!patterns_arg.empty()) patterns = split_list(patterns_arg);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sinter_bench_gpu: %s\n", e.what());
    return 2;
  }
  if (child.empty()) {
    // Without a usable driver nothing can be measured: say so and stop (no records but this one).
    try {
      gpu::driver_api();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "sinter_bench_gpu: no usable GPU, nothing measured: %s\n", e.what());
      out.missing("sinter", rows ? "rows" : "E1", "float32", 0, "unsupported",
                  std::string("no usable GPU: ") + e.what());
      if (!json.empty()) out.write_json(json);
      return 1;
    }
  }
  try {
    if (child == "rows") {
      if (shapes.size() != 1) throw std::invalid_argument("--child rows takes one shape (--shapes RxC)");
      return run_rows_child(out, json, shapes.front(), patterns) ? 0 : kRowsChildStopped;
    } else if (!child.empty()) {
      run_child(child, out, json, quick);
    } else if (rows) {
      run_rows(out, json, shapes, patterns);
    } else {
      const std::vector<int64_t> sizes = bench_sizes(quick);
      std::printf("sinter GPU benchmark on cuda(0); sizes");
      for (auto s : sizes) std::printf(" %lld", static_cast<long long>(s));
      std::printf("\n");
      EventTimer timer;
      // The JSON is written after each stage too, so that a run cut short keeps what it measured.
      auto checkpoint = [&] {
        if (!json.empty()) out.write_json(json);
      };
      run_copy(out, timer, sizes);
      for (int64_t n : sizes) {
        run_expressions<float>(out, timer, n);
        run_expressions<double>(out, timer, n);
      }
      checkpoint();
      run_call_cost(out);
      run_workloads_child(out, quick);
      checkpoint();
      run_compile_children(out);
      checkpoint();
      const auto stats = gpu::allocator_stats(sinter::backend_for(kGpu));
      std::printf("allocator: %llu allocations, %llu cache hits, %llu driver allocations, peak reserved %.2f GiB\n",
                  static_cast<unsigned long long>(stats.allocations), static_cast<unsigned long long>(stats.cache_hits),
                  static_cast<unsigned long long>(stats.system_allocations),
                  static_cast<double>(stats.peak_bytes_reserved) / (1ull << 30));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sinter_bench_gpu: %s\n", e.what());
    if (!json.empty()) out.write_json(json);
    return 1;
  }
  if (!json.empty() && !out.write_json(json)) {
    std::fprintf(stderr, "cannot write %s\n", json.c_str());
    return 1;
  }
  return 0;
}
