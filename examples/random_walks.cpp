// Random walks with scans: each walk's positions are the running sum of its +1/-1 steps
// (cumsum along the walk, the steps computed from the coin flips inside the scan's kernel), its
// highest point so far the running maximum (cummax). Checks both against a plain loop, and the
// mean squared final distance against the number of steps (docs/scans.md).
//   random_walks [walkers steps]
#include <sinter/sinter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

int main(int argc, char** argv) {
  const std::int64_t walkers = argc > 2 ? std::atoll(argv[1]) : 2000;
  const std::int64_t steps = argc > 2 ? std::atoll(argv[2]) : 1000;
  using sinter::Array;
  std::mt19937 rng(2026);
  std::uniform_real_distribution<float> flip(0.0f, 1.0f);
  std::vector<float> coins(static_cast<std::size_t>(walkers * steps));
  for (float& c : coins) c = flip(rng);
  const Array<float> u(coins, sinter::Shape{walkers, steps});

  sinter::reset_counters();
  const Array<float> position = sinter::cumsum(sinter::where(u < 0.5f, -1.0f, 1.0f), 1);  // one kernel
  const Array<float> highest = sinter::cummax(position, 1);
  const std::vector<float> got = position.to_vector();
  const std::vector<float> got_highest = highest.to_vector();
  const auto kernels = sinter::counters().kernel_launches;

  std::int64_t wrong = 0;
  double squares = 0;
  for (std::int64_t w = 0; w < walkers; ++w) {
    float at = 0, top = -1e30f;
    for (std::int64_t s = 0; s < steps; ++s) {
      const auto i = static_cast<std::size_t>(w * steps + s);
      at += coins[i] < 0.5f ? -1.0f : 1.0f;
      top = std::max(top, at);
      wrong += (got[i] != at) + (got_highest[i] != top);
    }
    squares += static_cast<double>(at) * static_cast<double>(at);
  }
  const double mean_square = squares / static_cast<double>(walkers);
  std::printf(
      "random_walks: %lld walks of %lld steps, %llu kernels, %lld elements differ from the loop, "
      "mean squared final distance %.1f (expected about %lld)\n",
      static_cast<long long>(walkers), static_cast<long long>(steps), static_cast<unsigned long long>(kernels),
      static_cast<long long>(wrong), mean_square, static_cast<long long>(steps));
  const bool plausible =
      mean_square > 0.8 * static_cast<double>(steps) && mean_square < 1.2 * static_cast<double>(steps);
  return wrong == 0 && kernels == 2 && plausible ? 0 : 1;
}
