#!/usr/bin/env bash
# Prints the C++ files (.h .cpp .cu) a change touches, one per line, that still exist (the
# golden generated files under tests/golden aside).
# The change: commits since BASE plus uncommitted edits. BASE is $1, else the merge base with
# origin/main (a branch), else HEAD~1 (main itself, or a fresh clone in CI: the last commit).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
base="${1:-}"
if [ -z "$base" ]; then
  if git rev-parse -q --verify origin/main >/dev/null && [ "$(git rev-parse HEAD)" != "$(git rev-parse origin/main)" ]; then
    base=$(git merge-base HEAD origin/main)
  elif git rev-parse -q --verify HEAD~1 >/dev/null; then
    base=HEAD~1
  else
    base=$(git hash-object -t tree /dev/null)  # a single commit: everything is new
  fi
fi
echo "$base" >"${CHANGED_FILES_BASE_OUT:-/dev/null}"
# Generated code held still by tests (tests/golden) is compared byte for byte, not formatted.
git diff --name-only --diff-filter=ACMR "$base" -- '*.h' '*.cpp' '*.cu' ':!tests/golden/*' | while read -r f; do
  [ -f "$f" ] && echo "$f"
done
