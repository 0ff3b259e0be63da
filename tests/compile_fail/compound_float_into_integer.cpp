// a += 2.5 on an int32 array: NumPy refuses the cast (float64 into int32 with casting='same_kind').
// expect: sinter: writing floating-point values into an integer array
#include <cstdint>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<std::int32_t>& a) { a += 2.5; }
