// A shift of a float array (here by an integer scalar, which takes the float type) is refused at
// compile time, as NumPy refuses it: convert first.
// expect: sinter: shifts (<< >>) need integer operands
#include <sinter/sinter.h>

sinter::Array<double> twice(const sinter::Array<double>& x) { return x << 1; }
