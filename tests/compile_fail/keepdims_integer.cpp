// sum(x, 0, 1) meant axes 0 and 1, but reduced axis 0 with keepdims.
// expect: sinter: keepdims must be true or false
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  auto r = sum(x, 0, 1);
  (void)r;
  (void)x, (void)m;
}
