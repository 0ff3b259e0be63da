// sinter::precompile of a callable that returns nothing would compile nothing, silently.
// expect: sinter::precompile: the callable returns nothing
#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  (void)precompile([](const Array<float>& a) { (void)a; }, x);
  (void)m;
}
