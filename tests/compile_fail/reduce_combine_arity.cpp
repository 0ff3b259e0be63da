// A sinter::reduce combine that is not a function of two states.
// expect: sinter::reduce: combine must be a function of two states
#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x) {
  auto r = sinter::reduce(x, 0, 0.0f, [](const auto& a) { return Array<float>(a * 2.0f); });
  (void)r;
}
