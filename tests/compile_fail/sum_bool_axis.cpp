// sum(x, true) meant keepdims, but reduced axis 1.
// expect: keepdims is the third argument
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  auto r = sum(x, true);
  (void)r;
  (void)x, (void)m;
}
