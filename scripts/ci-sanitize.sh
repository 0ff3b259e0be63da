#!/usr/bin/env bash
# Builds the tests with sanitizers in a build directory of their own and runs them.
#   scripts/ci-sanitize.sh address   ASan + UBSan: the whole suite, and the fuzzer for $SINTER_FUZZ_SECONDS (20 s)
#   scripts/ci-sanitize.sh thread    TSan: the concurrency tests (ctest label "concurrency") and the
#                                    thread-pool users in test_fusion
# Benchmarks, examples and CUDA are off: the sanitizers guard the CPU runtime, and time is short.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
kind="${1:?usage: scripts/ci-sanitize.sh address|thread}"
jobs="${JOBS:-$(nproc)}"
common=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSINTER_WERROR=ON -DSINTER_BUILD_BENCH=OFF
        -DSINTER_BUILD_EXAMPLES=OFF -DSINTER_WITH_CUDA=OFF)
case "$kind" in
  address)
    build="${BUILD_DIR:-build-asan}"
    cmake -S . -B "$build" "${common[@]}" -DSINTER_SANITIZE=address,undefined >/dev/null
    cmake --build "$build" -j "$jobs" --target sinter_tests sinter_fuzz sinter-cache
    # Leak checking stays on: the JIT, the kernel cache and the pools are singletons reachable
    # from static pointers, which LeakSanitizer does not count as leaks (see docs/testing.md).
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    export SINTER_FUZZ_SECONDS="${SINTER_FUZZ_SECONDS_SANITIZED:-20}"
    (cd "$build" && ctest --output-on-failure -j "$jobs" -LE gpu)
    ;;
  thread)
    build="${BUILD_DIR:-build-tsan}"
    cmake -S . -B "$build" "${common[@]}" -DSINTER_SANITIZE=thread >/dev/null
    cmake --build "$build" -j "$jobs" --target sinter_tests
    # Few suppressions: libLLVM is not instrumented, so TSan neither checks its accesses nor
    # sees its synchronization, yet a TargetMachine shared by two compiling threads still shows
    # up through the malloc interceptor (a real bug, found this way). A blanket race:libLLVM
    # would hide exactly that; narrow ones, each proven to be LLVM's own, are in
    # scripts/tsan-suppressions.txt with the report that needed them.
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan-suppressions.txt"
    (cd "$build" && ctest --output-on-failure -j 1 -L concurrency -LE gpu &&
      ctest --output-on-failure -j 1 -R "many threads evaluating|lengths 0, 1" -LE gpu)
    ;;
  *) echo "ci-sanitize: unknown kind $kind (address or thread)" >&2; exit 2 ;;
esac
