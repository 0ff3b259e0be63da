// A dtype added to dtypes.def whose CUDA arithmetic is not spelled does not compile: the spelling
// table's column switch names every dtype and has no default (-Wswitch, an error as in CI).
// expect: enumeration value 'Forgotten' not handled in switch
#define SINTER_TEST_FORGOTTEN_DTYPE
#pragma GCC diagnostic error "-Wswitch"
#include "codegen/cuda/cuda_spelling.cpp"  // NOLINT(bugprone-suspicious-include): compiled with the extra dtype
