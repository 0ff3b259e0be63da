// A sinter::reduce identity with another count of values than the state.
// expect: sinter::reduce: identity must have one value per state value
#include <tuple>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x) {
  auto r =
      sinter::reduce(x, 0, std::tuple{0.0f, 0.0f}, [](const auto& a, const auto& b) { return Array<float>(a + b); });
  (void)r;
}
