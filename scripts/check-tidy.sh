#!/usr/bin/env bash
# Runs clang-tidy 14 (.clang-tidy) on the .cpp files a change touches; the headers they include
# from this project are checked through them. Needs a compile database: BUILD_DIR (default
# build) configured with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON (the script configures it if not).
#   scripts/check-tidy.sh [BASE]       BASE as scripts/changed-files.sh takes it
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
build="${BUILD_DIR:-build}"
base_file=$(mktemp)
trap 'rm -f "$base_file"' EXIT
mapfile -t changed < <(CHANGED_FILES_BASE_OUT="$base_file" scripts/changed-files.sh "${1:-}")
base=$(cat "$base_file")
if [ ! -f "$build/compile_commands.json" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
fi
# Only translation units the database knows (a CUDA-less build has no runtime/cuda files).
files=()
for f in "${changed[@]}"; do
  [[ "$f" == *.cpp ]] && grep -q "\"file\": \"$(pwd)/$f\"" "$build/compile_commands.json" && files+=("$f")
done
# A changed header is checked through one .cpp that includes it, when no changed .cpp does.
for h in "${changed[@]}"; do
  [[ "$h" == *.h ]] || continue
  user=$(grep -l "$(basename "$h")" $(git ls-files '*.cpp') 2>/dev/null | head -1 || true)
  [ -n "$user" ] && grep -q "\"file\": \"$(pwd)/$user\"" "$build/compile_commands.json" && files+=("$user")
done
mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u | sed '/^$/d')
if [ ${#files[@]} -eq 0 ]; then
  echo "check-tidy: no C++ translation units changed since ${base:0:12}"
  exit 0
fi
echo "check-tidy: ${#files[@]} file(s) changed since ${base:0:12}: ${files[*]}"
# GCC-only warning flags in the database (e.g. -Wno-restrict) are not errors for clang.
run-clang-tidy-14 -p "$build" -quiet -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option "${files[@]/#/$(pwd)/}"
