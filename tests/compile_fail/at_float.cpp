// x.at(1.5) read element 1.
// expect: sinter: an index must be an integer
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  float r = x.at(1.5);
  (void)r;
  (void)x, (void)m;
}
