// x(true) is NumPy's x[True] (a new axis), not element 1.
// expect: sinter: an index must be an integer
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  Array<float> r = x(true);
  (void)x, (void)m;
}
