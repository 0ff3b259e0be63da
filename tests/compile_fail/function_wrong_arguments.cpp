// A traced function called with the wrong number of arguments.
// expect: sinter::function: the callable cannot be called with these arguments
#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x) {
  auto f = sinter::function([](auto a, auto b, float s) { return Array<float>(a * b + s); });
  auto r = f(x, x);
  (void)r;
}
