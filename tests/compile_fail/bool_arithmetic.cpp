// Arithmetic on bool arrays is refused at compile time, with what to write instead (the rule is
// accepts() in op.h, shared with make_op and ir::verify).
// expect: sinter: arithmetic on bool values
#include <sinter/sinter.h>

sinter::Array<bool> add(const sinter::Array<bool>& a, const sinter::Array<bool>& b) { return a + b; }
