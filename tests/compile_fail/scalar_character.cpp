// x + 'a' added 97.
// expect: sinter: a character is not a number
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  Array<float> r = x + 'a';
  (void)x, (void)m;
}
