// sum(x, 0.7) summed over axis 0.
// expect: sinter: an axes argument must be an integer
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  auto r = sum(x, 0.7);
  (void)r;
  (void)x, (void)m;
}
