// Shape::vector(2.5) made a shape of 2.
// expect: sinter: a length must be an integer
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  Shape r = Shape::vector(2.5);
  (void)r;
  (void)x, (void)m;
}
