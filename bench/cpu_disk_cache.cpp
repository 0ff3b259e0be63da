// CPU kernels from the disk cache against compiling them (docs/caching.md): run it twice with
// the same SINTER_CACHE_DIR; the first run compiles and stores, the second links each kernel's
// object from disk. Prints the time of each first evaluation (the kernel's arrival plus a
// 1000-element launch) and the counters.
//   dir=$(mktemp -d); SINTER_CACHE_DIR=$dir build/bench/sinter_bench_disk_cache; SINTER_CACHE_DIR=$dir build/bench/sinter_bench_disk_cache
#include <sinter/sinter.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

int main() {
  using namespace sinter;
  const Array<float> x = arange<float>(1000) * 0.001f;
  std::vector<double> ms;
  for (int k = 1; k <= 24; ++k) {  // 24 structures: chains of k exp-multiply-adds
    Array<float> y = x;
    for (int j = 0; j < k; ++j) y = sinter::exp(y) * 0.5f + static_cast<float>(j);
    const auto t0 = std::chrono::steady_clock::now();
    y.eval();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::printf("first kernel of the process (includes starting the JIT): %.2f ms\n", ms[0]);
  std::vector<double> rest(ms.begin() + 1, ms.end());
  std::sort(rest.begin(), rest.end());
  std::printf("the other %zu kernels: median %.2f ms, min %.2f, max %.2f\n", rest.size(), rest[rest.size() / 2],
              rest.front(), rest.back());
  std::printf("%s\n", counters().to_string().c_str());
}
