// min(m, 1.0f) on a 2x3 array returned shape (2,); the message names the elementwise function.
// expect: sinter::minimum(x, v)
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  Array<float> r = sinter::min(m, 1.0f);
  (void)x, (void)m;
}
