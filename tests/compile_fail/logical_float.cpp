// A logical operator on float arrays is refused at compile time: compare first.
// expect: sinter: logical operators need bool operands
#include <sinter/sinter.h>

sinter::Array<bool> both(const sinter::Array<float>& x, const sinter::Array<float>& y) { return x && y; }
