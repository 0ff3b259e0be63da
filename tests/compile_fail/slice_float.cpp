// Slice{0.5, 3} started at 0.
// expect: sinter: an index must be an integer
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  Array<float> r = x(Slice{0.5, 3});
  (void)x, (void)m;
}
