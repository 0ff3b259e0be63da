// Host time of a cache-hit call of a traced 20-op function on 1024 float32 elements on the CPU
// (issue 13: 2 us or less), beside the same expression written directly (today's untraced
// cost: the C++ expression is built into IR on every call). Each figure is the median over
// batches of calls; "call + eval" includes planning, the kernel-cache lookup and running the
// kernel on the calling thread (1024 elements are below the thread pool's threshold).
//   build/bench/sinter_bench_traced_function
#include <sinter/sinter.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <vector>

namespace {

using sinter::Array;

// 20 elementwise ops over two arrays and a scalar.
template <class X, class Y> Array<float> body(const X& x, const Y& y, float a) {
  auto t1 = x * a + y;                                        // 2
  auto t2 = t1 * t1 - x;                                      // 2
  auto t3 = t2 * 0.5f + y * a;                                // 3
  auto t4 = sinter::minimum(t3, x) + sinter::maximum(t3, y);  // 3
  auto t5 = t4 * t4 + t1;                                     // 2
  auto t6 = sinter::abs(t5) - t2 * a;                         // 3
  auto t7 = t6 / (t6 * t6 + 1.0f);                            // 4
  return Array<float>(t7 + 1.0f);                             // 1
}

struct Timing {
  double median;
  double min;  // the least loaded batch: on a shared machine, the closer to an idle one
};

template <class F> Timing median_us(F&& run) {
  constexpr int kBatches = 31;
  constexpr int kCalls = 2000;
  std::vector<double> us;
  for (int b = 0; b < kBatches; ++b) {
    const auto start = std::chrono::steady_clock::now();
    for (int c = 0; c < kCalls; ++c) run(c);
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / kCalls);
  }
  std::sort(us.begin(), us.end());
  return Timing{us[us.size() / 2], us.front()};
}

}  // namespace

int main() {
  using namespace sinter;
  std::vector<float> xs(1024), ys(1024);
  for (int i = 0; i < 1024; ++i) {
    xs[static_cast<std::size_t>(i)] = std::sin(static_cast<float>(i)) * 3.0f;
    ys[static_cast<std::size_t>(i)] = std::cos(static_cast<float>(i) * 0.5f);
  }
  const Array<float> x(xs, Shape{1024});
  const Array<float> y(ys, Shape{1024});
  auto f = sinter::function([](auto u, auto v, float a) { return body(u, v, a); });

  // Warm up both (trace, compile), check they agree.
  const std::vector<float> traced = f(x, y, 0.75f).to_vector();
  const std::vector<float> direct = body(x, y, 0.75f).to_vector();
  double worst = 0;
  for (std::size_t i = 0; i < traced.size(); ++i)
    worst = std::max(worst, std::abs(static_cast<double>(traced[i]) - direct[i]));

  float sink = 0;
  const Timing traced_eval = median_us([&](int c) {
    Array<float> r = f(x, y, 0.5f + 0.001f * static_cast<float>(c & 7));
    r.eval();
  });
  const Timing direct_eval = median_us([&](int c) {
    Array<float> r = body(x, y, 0.5f + 0.001f * static_cast<float>(c & 7));
    r.eval();
  });
  const Timing traced_call = median_us([&](int c) {
    Array<float> r = f(x, y, 0.5f + 0.001f * static_cast<float>(c & 7));
    sink += static_cast<float>(r.ndim());
  });
  const Timing direct_call = median_us([&](int c) {
    Array<float> r = body(x, y, 0.5f + 0.001f * static_cast<float>(c & 7));
    sink += static_cast<float>(r.ndim());
  });
  const Timing floor_eval = median_us([&](int c) {
    Array<float> r = x * (0.5f + 0.001f * static_cast<float>(c & 7));
    r.eval();
  });
  std::printf("traced 20-op function, 1024 float32 elements, CPU, host time per call in us (31 batches of 2000)\n");
  std::printf("                        median    min\n");
  std::printf("  traced call + eval:   %6.2f %6.2f  (target 2 us)\n", traced_eval.median, traced_eval.min);
  std::printf("  direct expr + eval:   %6.2f %6.2f\n", direct_eval.median, direct_eval.min);
  std::printf("  x * a + eval:         %6.2f %6.2f  (one op: the evaluation's floor on this machine now)\n",
              floor_eval.median, floor_eval.min);
  std::printf("  traced call only:     %6.2f %6.2f  (the replay, no evaluation)\n", traced_call.median,
              traced_call.min);
  std::printf("  direct expr only:     %6.2f %6.2f  (building the expression's IR)\n", direct_call.median,
              direct_call.min);
  std::printf("  traces: %zu; traced vs direct max difference %.3g; %s\n", f.traces(), worst,
              counters().to_string().c_str());
  return sink < 0 ? 1 : 0;
}
