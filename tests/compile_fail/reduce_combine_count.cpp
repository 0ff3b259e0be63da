// A sinter::reduce combine that returns two values for a state of one.
// expect: sinter::reduce: combine must return one value per state value
#include <tuple>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x) {
  auto r = sinter::reduce(x, 0, 0.0f, [](const auto& a, const auto& b) { return std::tuple{a, b}; });
  (void)r;
}
