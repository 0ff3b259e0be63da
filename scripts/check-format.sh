#!/usr/bin/env bash
# Checks that the lines a change touches follow .clang-format (clang-format 14). Lines nobody
# touched are left alone, so files can be reformatted later in one commit.
#   scripts/check-format.sh [BASE]     BASE as scripts/changed-files.sh takes it
# Fix what it reports: git clang-format-14 BASE (or the reformat command in docs/testing.md).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
base_file=$(mktemp)
trap 'rm -f "$base_file"' EXIT
mapfile -t files < <(CHANGED_FILES_BASE_OUT="$base_file" scripts/changed-files.sh "${1:-}")
base=$(cat "$base_file")
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no C++ files changed since ${base:0:12}"
  exit 0
fi
diff=$(git-clang-format-14 --binary clang-format-14 --diff "$base" -- "${files[@]}" || true)
if [ -z "$diff" ] || [[ "$diff" == *"no modified files to format"* ]] || [[ "$diff" == *"did not modify any files"* ]]; then
  echo "check-format: ${#files[@]} changed file(s) since ${base:0:12} are formatted"
  exit 0
fi
echo "$diff"
echo "check-format: the changed lines above are not formatted; run: git clang-format-14 $base" >&2
exit 1
