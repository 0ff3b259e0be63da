// expand_dims(0.5) inserted at 0.
// expect: sinter: an index must be an integer
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  Array<float> r = x.expand_dims(0.5);
  (void)x, (void)m;
}
