#!/usr/bin/env bash
# Runs Doxygen over include/sinter (docs/Doxyfile) into a scratch directory and fails on any
# warning: an undocumented public symbol, or a comment Doxygen cannot read. Exit 77 (a skip for
# ctest) where doxygen is not installed.
set -euo pipefail
source_dir=$1
if ! command -v doxygen >/dev/null; then
  echo "doxygen not found: the API reference check is skipped (scripts/deps.sh installs doxygen)"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$source_dir"
# Doxygen reads the configuration from stdin; the last OUTPUT_DIRECTORY wins.
if ! { cat docs/Doxyfile; echo "OUTPUT_DIRECTORY = $work"; echo "WARN_LOGFILE = $work/warnings.log"; } |
    doxygen - >"$work/doxygen.out" 2>&1; then
  cat "$work/doxygen.out"
fi
if [ -s "$work/warnings.log" ]; then
  echo "doxygen: $(wc -l <"$work/warnings.log") warning(s); document these public symbols (docs/reference.md):"
  cat "$work/warnings.log"
  exit 1
fi
echo "doxygen: every public symbol of include/sinter is documented ($(ls "$work/html" | wc -l) HTML files)"
