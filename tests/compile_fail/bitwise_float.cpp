// A bitwise operator on float arrays is refused at compile time, as NumPy refuses it: convert first.
// expect: sinter: bitwise operators (& | ^ ~) need integer or bool operands
#include <sinter/sinter.h>

sinter::Array<float> both(const sinter::Array<float>& x, const sinter::Array<float>& y) { return x & y; }
