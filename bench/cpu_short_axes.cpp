// Issue 14 items 4 and 5 on the CPU: (a) one k-means step on 2-D points and 8 centroids, whose
// reductions run over short axes with many outputs (`sum(d * d, 2)` over 2 elements, `argmin`
// over 8), beside a plain single-threaded loop and an OpenMP loop over the same data; (b) the
// double-buffered Jacobi step, a 5-point stencil written into the interior of a second array
// (`v(in, in) = stencil(u)`), beside the same expression into a fresh array, the target 64 floats
// later, and an OpenMP loop. Each figure is the median of repeats in ms; results are checked.
//   build/bench/sinter_bench_short_axes [points...]     (default 100000 10000000)
#include <sinter/sinter.h>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "bench_support.h"

namespace {

using bench::Buffer;
using bench::measure;
using sinter::Array;
using sinter::Shape;
using sinter::Slice;
using std::int64_t;

constexpr int64_t kClusters = 8;

void report(const char* what, int64_t n, const bench::Stats& s, const std::string& note = "") {
  std::printf("%-34s %10lld  median %9.3f ms  [min %8.3f, q1 %8.3f, q3 %8.3f]  %s\n", what, static_cast<long long>(n),
              s.median_ms, s.min_ms, s.q1_ms, s.q3_ms, note.c_str());
  std::fflush(stdout);
}

// The squared distance as sinter computes it: float32 products, summed in float64, rounded once.
float distance(const float* x, const float* c) {
  const float dx = x[0] - c[0], dy = x[1] - c[1];
  return static_cast<float>(static_cast<double>(dx * dx) + static_cast<double>(dy * dy));
}

struct Step {
  std::vector<int64_t> labels;
  std::vector<double> sums;  // kClusters x 2
  std::vector<int64_t> counts;
};

// One k-means step: nearest centroid per point (first on ties), then per-cluster sums and counts.
void plain_step(const float* x, const float* c, int64_t n, int64_t* labels, double* sums, int64_t* counts) {
  for (int64_t k = 0; k < kClusters; ++k) sums[2 * k] = sums[2 * k + 1] = 0, counts[k] = 0;
  for (int64_t i = 0; i < n; ++i) {
    float best = std::numeric_limits<float>::infinity();
    int64_t at = 0;
    for (int64_t k = 0; k < kClusters; ++k) {
      const float d = distance(x + 2 * i, c + 2 * k);
      if (d < best) best = d, at = k;
    }
    labels[i] = at;
    sums[2 * at] += x[2 * i];
    sums[2 * at + 1] += x[2 * i + 1];
    ++counts[at];
  }
}

void omp_step(const float* x, const float* c, int64_t n, int64_t* labels, double* sums, int64_t* counts) {
  for (int64_t k = 0; k < kClusters; ++k) sums[2 * k] = sums[2 * k + 1] = 0, counts[k] = 0;
#pragma omp parallel
  {
    double local_sums[2 * kClusters] = {};
    int64_t local_counts[kClusters] = {};
#pragma omp for schedule(static) nowait
    for (int64_t i = 0; i < n; ++i) {
      float best = std::numeric_limits<float>::infinity();
      int64_t at = 0;
      for (int64_t k = 0; k < kClusters; ++k) {
        const float d = distance(x + 2 * i, c + 2 * k);
        if (d < best) best = d, at = k;
      }
      labels[i] = at;
      local_sums[2 * at] += x[2 * i];
      local_sums[2 * at + 1] += x[2 * i + 1];
      ++local_counts[at];
    }
#pragma omp critical
    for (int64_t k = 0; k < kClusters; ++k) {
      sums[2 * k] += local_sums[2 * k], sums[2 * k + 1] += local_sums[2 * k + 1];
      counts[k] += local_counts[k];
    }
  }
}

// The k-means step as a new user writes it: distances (n, 8), labels, one-hot sums over points.
struct SinterStep {
  Array<float> dist;
  Array<int64_t> labels;
  Array<float> sums;
  Array<int64_t> counts;
};

Array<float> sinter_distances(const Array<float>& x, const Array<float>& c) {
  auto d = x.expand_dims(1) - c;  // (n, 8, 2)
  return sinter::sum(d * d, 2);
}

SinterStep sinter_step(const Array<float>& x, const Array<float>& c, const Array<int64_t>& ids) {
  SinterStep s;
  s.dist = sinter_distances(x, c);
  s.labels = sinter::argmin(s.dist, 1);
  Array<bool> onehot = s.labels.expand_dims(1) == ids;                                    // (n, 8)
  s.sums = sinter::sum(sinter::where(onehot.expand_dims(2), x.expand_dims(1), 0.0f), 0);  // (8, 2)
  s.counts = sinter::sum(onehot, 0);
  sinter::eval(s.sums, s.counts);
  return s;
}

bool check_step(const std::vector<int64_t>& labels, const std::vector<float>& sums, const std::vector<int64_t>& counts,
                const Step& want, int64_t n, const char* who) {
  int64_t wrong = 0;
  for (int64_t i = 0; i < n; ++i)
    wrong += labels[static_cast<std::size_t>(i)] != want.labels[static_cast<std::size_t>(i)];
  double worst = 0;
  for (std::size_t k = 0; k < sums.size(); ++k)
    worst = std::max(worst, std::abs(sums[k] - want.sums[k]) / std::max(std::abs(want.sums[k]), 1.0));
  bool counts_ok = counts == want.counts;
  const bool ok = wrong == 0 && counts_ok && worst < 1e-4;
  if (!ok)
    std::printf("  CHECK FAILED (%s): %lld labels differ, counts %s, sums rel error %.3g\n", who,
                static_cast<long long>(wrong), counts_ok ? "equal" : "differ", worst);
  return ok;
}

void run_kmeans(int64_t n) {
  const Buffer<float> x = bench::uniform<float>(2 * n, 71, -1.0, 1.0);
  const Buffer<float> c = bench::uniform<float>(2 * kClusters, 72, -1.0, 1.0);
  Step want{std::vector<int64_t>(static_cast<std::size_t>(n)), std::vector<double>(2 * kClusters),
            std::vector<int64_t>(kClusters)};
  plain_step(x.data(), c.data(), n, want.labels.data(), want.sums.data(), want.counts.data());

  Step got = want;
  report("plain loop (1 thread) step", n,
         measure([&] { plain_step(x.data(), c.data(), n, got.labels.data(), got.sums.data(), got.counts.data()); }));
  Step par = want;
  omp_step(x.data(), c.data(), n, par.labels.data(), par.sums.data(), par.counts.data());
  std::vector<float> par_sums(par.sums.begin(), par.sums.end());
  check_step(par.labels, par_sums, par.counts, want, n, "omp");
  report("OpenMP loop step", n,
         measure([&] { omp_step(x.data(), c.data(), n, par.labels.data(), par.sums.data(), par.counts.data()); }));

  const Array<float> xs(std::span<const float>(x.data(), x.size()), Shape{n, 2});
  const Array<float> cs(std::span<const float>(c.data(), c.size()), Shape{kClusters, 2});
  const Array<int64_t> ids = sinter::arange<int64_t>(0, kClusters).eval();
  {
    sinter::reset_counters();
    SinterStep s = sinter_step(xs, cs, ids);
    const auto launches = sinter::counters().kernel_launches;
    const bool ok = check_step(s.labels.to_vector(), s.sums.to_vector(), s.counts.to_vector(), want, n, "sinter");
    report("sinter step", n, measure([&] { sinter_step(xs, cs, ids); }),
           std::string(ok ? "checked" : "WRONG") + ", " + std::to_string(launches) + " kernels");
  }
  // The parts: distances alone, argmin of the distances, argmin(sum(...)) as one expression.
  report("sinter sum(d * d, 2) (n, 8)", n, measure([&] { sinter_distances(xs, cs).eval(); }));
  const Array<float> dist = sinter_distances(xs, cs).eval();
  report("sinter argmin(dist, 1) over 8", n, measure([&] { sinter::argmin(dist, 1).eval(); }));
  report("sinter argmin(sum(d * d, 2), 1)", n, measure([&] { sinter::argmin(sinter_distances(xs, cs), 1).eval(); }));
  report("sinter sum(x, 1) of (n, 2)", n, measure([&] { sinter::sum(xs, 1).eval(); }));
}

// sum and argmin over the rows of a (n, length) float32 matrix of 2^23 elements.
void run_lengths() {
  constexpr int64_t kElements = int64_t{1} << 23;
  const Buffer<float> x = bench::uniform<float>(kElements, 91);
  for (int64_t length : {1, 2, 3, 4, 7, 8, 16, 32, 64, 65, 256}) {
    const int64_t rows = kElements / length;
    const Array<float> m(std::span<const float>(x.data(), static_cast<std::size_t>(rows * length)),
                         Shape{rows, length});
    const std::string what = "(n, " + std::to_string(length) + ")";
    report(("sinter sum over rows " + what).c_str(), rows, measure([&] { sinter::sum(m, 1).eval(); }));
    report(("sinter argmin over rows " + what).c_str(), rows, measure([&] { sinter::argmin(m, 1).eval(); }));
  }
}

// ---- the double-buffered Jacobi step on an N x N float32 grid ----
template <class A> auto stencil(const A& u) {
  const Slice in{1, -1}, up{0, -2}, down{2, std::nullopt};
  return 0.25f * (u(up, in) + u(down, in) + u(in, up) + u(in, down));
}

void jacobi_loop(const float* u, float* v, int64_t size) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 1; i < size - 1; ++i)
    for (int64_t j = 1; j < size - 1; ++j)
      v[i * size + j] =
          0.25f * (u[(i - 1) * size + j] + u[(i + 1) * size + j] + u[i * size + j - 1] + u[i * size + j + 1]);
}

void run_jacobi(int64_t size) {
  const int64_t n = size * size;
  const Buffer<float> host = bench::uniform<float>(n, 81);
  const Array<float> u(std::span<const float>(host.data(), host.size()), Shape{size, size});
  Array<float> v = sinter::zeros<float>(Shape{size, size}).eval();
  Array<float> big = sinter::zeros<float>(Shape{n + 64}).eval();
  Array<float> shifted = big(Slice{64, std::nullopt}).reshape(Shape{size, size});
  const Slice in{1, -1};
  const double bytes = 2.0 * 4 * static_cast<double>((size - 2) * (size - 2));
  auto note = [&](const bench::Stats& s) {
    char text[64];
    std::snprintf(text, sizeof text, "%.1f GB/s", bytes / s.median_ms / 1e6);
    return std::string(text);
  };

  // The reference and the check: the interior of v after the write.
  Buffer<float> want(static_cast<std::size_t>(n), 0.0f);
  jacobi_loop(host.data(), want.data(), size);
  auto check = [&](const std::vector<float>& got, int64_t offset) {
    for (int64_t i = 1; i < size - 1; ++i)
      for (int64_t j = 1; j < size - 1; ++j)
        if (std::abs(got[static_cast<std::size_t>(offset + i * size + j)] -
                     want[static_cast<std::size_t>(i * size + j)]) > 1e-6f)
          return false;
    return true;
  };

  {
    const Array<float> fresh = Array<float>(stencil(u)).eval();
    const auto s = measure([&] { Array<float>(stencil(u)).eval(); });
    std::vector<float> got = fresh.to_vector();
    bool ok = true;
    for (int64_t i = 0; i < size - 2 && ok; ++i)
      for (int64_t j = 0; j < size - 2; ++j)
        if (std::abs(got[static_cast<std::size_t>(i * (size - 2) + j)] -
                     want[static_cast<std::size_t>((i + 1) * size + j + 1)]) > 1e-6f) {
          ok = false;
          break;
        }
    report("sinter fresh = stencil(u)", size, s, note(s) + (ok ? " checked" : " WRONG"));
  }
  {
    v(in, in) = stencil(u);
    v.eval();
    const bool ok = check(v.to_vector(), 0);
    const auto s = measure([&] {
      v(in, in) = stencil(u);
      v.eval();
    });
    report("sinter v(in, in) = stencil(u)", size, s, note(s) + (ok ? " checked" : " WRONG"));
  }
  {
    shifted(in, in) = stencil(u);
    shifted.eval();
    const bool ok = check(big.to_vector(), 64);
    const auto s = measure([&] {
      shifted(in, in) = stencil(u);
      shifted.eval();
    });
    report("sinter v+64 floats (in, in) = ...", size, s, note(s) + (ok ? " checked" : " WRONG"));
  }
  {
    // The double-buffered loop: each step writes the other grid's interior, then they swap.
    Array<float> a = u.copy().eval(), b = sinter::zeros<float>(Shape{size, size}).eval();
    const auto s = measure([&] {
      b(in, in) = stencil(a);
      b.eval();
      std::swap(a, b);
    });
    report("sinter double-buffered step", size, s, note(s));
  }
  {
    Buffer<float> out(static_cast<std::size_t>(n), 0.0f), out_shifted(static_cast<std::size_t>(n + 64), 0.0f);
    const auto s = measure([&] { jacobi_loop(host.data(), out.data(), size); });
    report("OpenMP loop into v", size, s, note(s));
    const auto t = measure([&] { jacobi_loop(host.data(), out_shifted.data() + 64, size); });
    report("OpenMP loop into v+64 floats", size, t, note(t));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int64_t> points;
  for (int a = 1; a < argc; ++a) points.push_back(std::atoll(argv[a]));
  if (points.empty()) points = {100000, 10000000};
  const char* only = std::getenv("SHORT_AXES_ONLY");  // "kmeans", "lengths" or "jacobi": one part
  if (!only || std::string(only) == "kmeans")
    for (int64_t n : points) run_kmeans(n);
  if (!only || std::string(only) == "lengths") run_lengths();
  if (!only || std::string(only) == "jacobi") run_jacobi(4096);
  return 0;
}
