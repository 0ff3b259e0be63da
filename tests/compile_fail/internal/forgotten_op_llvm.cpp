// An op added to ops.def and not handled by the LLVM lowering does not compile: its switch
// names every op and has no default (-Wswitch, an error as in CI's -Werror build).
// expect: enumeration value 'ForgottenOp' not handled in switch
#define SINTER_TEST_FORGOTTEN_OP
#pragma GCC diagnostic error "-Wswitch"
#include "codegen/llvm/instruction_spelling.cpp"  // NOLINT(bugprone-suspicious-include): with the extra op
