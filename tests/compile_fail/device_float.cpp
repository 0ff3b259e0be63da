// cuda(0.5) was GPU 0.
// expect: sinter: a device number must be an integer
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  Device r = cuda(0.5);
  (void)r;
  (void)x, (void)m;
}
