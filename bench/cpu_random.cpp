// CPU random numbers (docs/random.md): sinter's fused generator against the same Philox
// computed by a hand-written loop (one thread, and OpenMP over all cores) and against drawing
// into memory and then reducing. Workload: sum(sin(u)) over 2^24 float32 uniforms, the fused
// form of the GPU workload; also the generator alone (uniform floats written to memory).
//   build/bench/sinter_bench_random [log2 n]
#include <sinter/sinter.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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

float host_uniform(std::uint64_t key, std::uint64_t i) {
  return static_cast<float>(sinter::random::philox_bits(key, i) >> 8) * 0x1p-24f;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sinter;
  const int log2n = argc > 1 ? std::atoi(argv[1]) : 24;
  const std::int64_t n = std::int64_t{1} << log2n;
  const std::uint64_t key = 12345;
  const Shape shape = Shape::vector(n);
  volatile double sink = 0;

  // Warm up (compiles each kernel once).
  sink = sum(sin(random::uniform<float>(random::Key(key), shape))).item();
  std::vector<float> stored(static_cast<std::size_t>(n));

  const double fused = best_ms([&] { sink = sum(sin(random::uniform<float>(random::Key(key), shape))).item(); });
  const double draw_then_reduce = best_ms([&] {
    Array<float> u = random::uniform<float>(random::Key(key), shape);
    u.eval();  // stored, as a generator that writes its output does
    sink = sum(sin(u)).item();
  });
  const double generate_only = best_ms([&] { random::uniform<float>(random::Key(key), shape).copy().eval(); });
  const double loop_1 = best_ms(
      [&] {
        double s = 0;
        for (std::int64_t i = 0; i < n; ++i) s += std::sin(host_uniform(key, static_cast<std::uint64_t>(i)));
        sink = s;
      },
      3);
  double loop_omp = loop_1;
#ifdef _OPENMP
  loop_omp = best_ms([&] {
    double s = 0;
#pragma omp parallel for reduction(+ : s)
    for (std::int64_t i = 0; i < n; ++i) s += std::sin(host_uniform(key, static_cast<std::uint64_t>(i)));
    sink = s;
  });
#endif
  const double ns = static_cast<double>(n) * 1e-6;
  std::printf("n = 2^%d float32 uniforms, best of 7 (loops: 3 single-threaded), ms and Melem/s\n", log2n);
  std::printf("  sinter fused sum(sin(uniform))        %8.2f ms  %8.0f\n", fused, ns / fused * 1e3);
  std::printf("  sinter uniform stored, then sum(sin)  %8.2f ms  %8.0f\n", draw_then_reduce,
              ns / draw_then_reduce * 1e3);
  std::printf("  sinter uniform written to memory      %8.2f ms  %8.0f\n", generate_only, ns / generate_only * 1e3);
  std::printf("  hand-written loop, 1 thread           %8.2f ms  %8.0f\n", loop_1, ns / loop_1 * 1e3);
  std::printf("  hand-written loop, OpenMP             %8.2f ms  %8.0f\n", loop_omp, ns / loop_omp * 1e3);
  std::printf("%s\n", counters().to_string().c_str());
  return sink == 12345.678 ? 1 : 0;
}
