// A dtype added to dtypes.def (with its promotion row) whose semantics the reference interpreter
// does not define does not compile: its per-dtype switches (load, store, rounding, wrapping) name
// every dtype and have no default (-Wswitch, an error as in CI's -Werror build).
// expect: enumeration value 'Forgotten' not handled in switch
#define SINTER_TEST_FORGOTTEN_DTYPE
#pragma GCC diagnostic error "-Wswitch"
#include "lib/interpret.cpp"  // NOLINT(bugprone-suspicious-include): compiled here with the extra dtype
