// sinter::precompile of a callable returning a host value (here a float it read from the device)
// would run, not compile ahead.
// expect: sinter::precompile: the callable must return an Array, an expression
#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<float>& m) {
  (void)precompile([](const Array<float>& a) { return a.at(0); }, x);
  (void)m;
}
