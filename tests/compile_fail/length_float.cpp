// zeros<float>(2.5) made 2 elements.
// expect: sinter: a length must be an integer
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  Array<float> r = zeros<float>(2.5);
  (void)x, (void)m;
}
