// CPU gathers (docs/indexing.md): take of 2^24 float32 by random int32/int64 indices, against a
// hand-written loop (one thread, and OpenMP over all cores) and a gather fused with a reduction
// (sum(take(x, idx) * 2): no memory for the gathered values). NumPy's np.take on the same sizes
// is measured by bench/peers_gather.py beside it.
//   build/bench/sinter_bench_gather [log2 n]
#include <sinter/sinter.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

template <class F> double best_ms(F&& f, int repeats = 7) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sinter;
  const int log2n = argc > 1 ? std::atoi(argv[1]) : 24;
  const std::int64_t n = std::int64_t{1} << log2n;
  std::mt19937_64 rng(42);
  std::vector<float> xv(static_cast<std::size_t>(n));
  for (auto& v : xv) v = static_cast<float>(rng() % 1000) * 0.5f;
  std::vector<std::int64_t> iv(static_cast<std::size_t>(n));
  for (auto& i : iv) i = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n));
  std::vector<std::int32_t> iv32(iv.begin(), iv.end());
  const Array<float> x(xv);
  const Array<std::int64_t> idx(iv);
  const Array<std::int32_t> idx32(iv32);
  std::vector<float> out(static_cast<std::size_t>(n));
  volatile double sink = 0;

  // Warm up: compiles each kernel once, and checks the results against the loop.
  const std::vector<float> got = take(x, idx).to_vector();
  for (std::int64_t k = 0; k < n; ++k)
    if (got[static_cast<std::size_t>(k)] != xv[static_cast<std::size_t>(iv[static_cast<std::size_t>(k)])]) {
      std::fprintf(stderr, "mismatch at %lld\n", static_cast<long long>(k));
      return 1;
    }
  sink = sum(take(x, idx32) * 2.0f).item();

  const double take64 = best_ms([&] { take(x, idx).eval(); });
  const double take32 = best_ms([&] { take(x, idx32).eval(); });
  const double fused = best_ms([&] { sink = sum(take(x, idx) * 2.0f).item(); });
  const double loop_1 = best_ms([&] {
    for (std::int64_t k = 0; k < n; ++k)
      out[static_cast<std::size_t>(k)] = xv[static_cast<std::size_t>(iv[static_cast<std::size_t>(k)])];
    sink = out[static_cast<std::size_t>(n - 1)];
  });
  double loop_omp = loop_1;
#ifdef _OPENMP
  loop_omp = best_ms([&] {
#pragma omp parallel for
    for (std::int64_t k = 0; k < n; ++k)
      out[static_cast<std::size_t>(k)] = xv[static_cast<std::size_t>(iv[static_cast<std::size_t>(k)])];
    sink = out[static_cast<std::size_t>(n - 1)];
  });
#endif
  const double gb = static_cast<double>(n) * (4 + 8 + 4) / 1e9;  // index read, value read, write
  auto row = [&](const char* what, double ms) {
    std::printf("| %s | %.2f | %.0f | %.1f |\n", what, ms, static_cast<double>(n) / ms / 1e3, gb / (ms / 1e3));
  };
  std::printf("gather of 2^%d float32 by random indices, best of 7\n\n", log2n);
  std::printf("| workload | ms | Melem/s | GB/s (int64 indices' bytes) |\n|---|---|---|---|\n");
  row("sinter: `take(x, idx)` (int64 indices), evaluated", take64);
  row("sinter: `take(x, idx32)` (int32 indices), evaluated", take32);
  row("sinter: `sum(take(x, idx) * 2)`, one fused kernel", fused);
  row("hand-written loop, 1 thread", loop_1);
  row("hand-written loop, OpenMP", loop_omp);
  return sink == 12345.0 ? 1 : 0;
}
