// Compile time against kernel size on the CPU (issue 11): a pending chain of n nodes, evaluated
// once. Each step picks one of three updates from a fixed pseudo-random sequence, so no two
// pieces of the chain share a kernel structure (a periodic chain would hit the kernel cache).
// Run with SINTER_MAX_PENDING=1048576 so the chain stays pending until it is read:
//   SINTER_MAX_PENDING=1048576 build/bench/sinter_bench_compile 1000 10000 100000
#include <sinter/sinter.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  using namespace sinter;
  setenv("SINTER_CACHE", "0", 1);  // compile time is measured: nothing from the disk cache
  Array<float> x = {0.5f, 1.0f, 2.0f};
  for (int a = 1; a < argc; ++a) {
    const long nodes = std::atol(argv[a]);
    std::uint64_t state = 88172645463325252ULL + static_cast<std::uint64_t>(nodes);
    const auto t0 = std::chrono::steady_clock::now();
    Array<float> y = x;
    long built = 0;
    while (built < nodes) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      switch (state % 3) {
        case 0: y = y * 0.999f + 0.001f; break;          // 2 nodes
        case 1: y = y - 0.5f * sinter::abs(y); break;    // 3 nodes
        default: y = sinter::sqrt(y * y + 1.0f); break;  // 3 nodes
      }
      built += state % 3 == 0 ? 2 : 3;
    }
    reset_counters();
    const auto t1 = std::chrono::steady_clock::now();
    y.eval();
    const auto t2 = std::chrono::steady_clock::now();
    const Counters c = counters();
    std::printf("%8ld nodes: build %.3f s, evaluate %.3f s (%llu kernels compiled, %llu launches), %.1f us per node\n",
                built, std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count(),
                static_cast<unsigned long long>(c.kernels_compiled), static_cast<unsigned long long>(c.kernel_launches),
                1e6 * std::chrono::duration<double>(t2 - t1).count() / static_cast<double>(built));
  }
}
