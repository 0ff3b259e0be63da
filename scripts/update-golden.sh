#!/usr/bin/env bash
# Rewrites the golden codegen files (tests/golden: kernel IR, CUDA source, unoptimised LLVM IR of
# a dozen kernels) from the current code, then shows what changed. Run it when a change to the
# generated code is intended, and commit the diff of tests/golden with the change.
#   scripts/update-golden.sh [BUILD]     BUILD: the build directory (default: build)
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
build=${1:-build}
cmake --build "$build" -j 2 --target sinter_tests
SINTER_UPDATE_GOLDEN=1 "$build/tests/sinter_tests" -tc='golden*'
"$build/tests/sinter_tests" -tc='golden*'
git status --short -- tests/golden
git diff --stat -- tests/golden
