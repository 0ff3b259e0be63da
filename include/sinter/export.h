// SINTER_API marks what libsinter.so exports. The library is built with hidden visibility, so
// only declarations carrying it (the public API of include/sinter and the few entry points its
// templates call) reach the dynamic symbol table; LLVM, spdlog and sinter's internals stay local.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define SINTER_API __attribute__((visibility("default")))
#else
#define SINTER_API
#endif
