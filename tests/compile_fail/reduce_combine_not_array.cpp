// A sinter::reduce combine that returns a C++ number, not an array.
// expect: sinter::reduce: combine must return an Array
#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x) {
  auto r = sinter::reduce(x, 0, 0.0f, [](const auto&, const auto&) { return 1.0f; });
  (void)r;
}
