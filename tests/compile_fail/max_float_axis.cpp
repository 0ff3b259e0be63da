// max(x - 1.0f, 0.0f) meant as ReLU: 0.0f converted to axis 0 and the result was a 0-d reduction.
// expect: sinter: an axes argument must be an integer or a list of integers, not a floating-point value
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  Array<float> r = sinter::max(x - 1.0f, 0.0f);
  (void)x, (void)m;
}
