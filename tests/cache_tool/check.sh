#!/usr/bin/env bash
# sinter-cache's subcommands on real kernels: a child run of the test binary compiles CPU kernels
# into one cache; the tool sizes, lists, verifies, exports and clears it, imports the bundle into
# another cache, and a second run takes every kernel from there. A corrupt entry fails verify,
# and a truncated bundle is refused with a message naming the file.
# Usage: check.sh SINTER_CACHE_TOOL SINTER_TESTS
set -euo pipefail
tool=$1
tests=$2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

workload() {  # prints "compiled C from disk D" for a run with the cache in $1
  SINTER_CACHE=1 SINTER_CACHE_DIR="$1" "$tests" --no-skip --no-version \
    --test-case='child: cpu disk cache workload' | grep -o 'compiled [0-9]* from disk [0-9]*'
}

first=$(workload "$work/a")
compiled=$(echo "$first" | awk '{print $2}')
[ "$compiled" -ge 4 ] || fail "the workload compiled $compiled kernels"
export SINTER_CACHE_DIR="$work/a"
"$tool" size | grep -q "^$compiled entries" || fail "size: $("$tool" size)"
[ "$("$tool" list | grep -c ' cpu: LLVM ')" -eq "$compiled" ] || fail "list: $("$tool" list)"
"$tool" verify | grep -q "$compiled entries checked, 0 bad" || fail "verify of a good cache"
"$tool" targets | grep -q '^cpu: LLVM ' || fail "targets: $("$tool" targets)"
"$tool" export "$work/kernels.bundle" | grep -q "^exported $compiled entries" || fail "export"
"$tool" clear | grep -q "^removed $compiled files" || fail "clear"
"$tool" size | grep -q '^0 entries' || fail "size after clear: $("$tool" size)"

export SINTER_CACHE_DIR="$work/b"
"$tool" import "$work/kernels.bundle" | grep -q "^imported $compiled entries" || fail "import"
second=$(workload "$work/b")
[ "$second" = "compiled $compiled from disk $compiled" ] || fail "after import: $second"

# Every bit of one entry's middle byte flipped: verify names the file and exits 1.
entry=$(find "$work/b/kernels" -name '*.kernel' | head -1)
size=$(stat -c %s "$entry")
byte=$(od -An -tu1 -j $((size / 2)) -N1 "$entry" | tr -d ' ')
# shellcheck disable=SC2059  # the format is the flipped byte, as an octal escape
printf "\\$(printf %o $((byte ^ 255)))" | dd of="$entry" bs=1 seek=$((size / 2)) conv=notrunc status=none
if "$tool" verify >"$work/verify.out"; then fail "verify passed a corrupt entry"; fi
grep -q "$entry: checksum mismatch" "$work/verify.out" || fail "verify: $(cat "$work/verify.out")"

# Half a bundle: refused, naming the file; nothing imported.
head -c $(($(stat -c %s "$work/kernels.bundle") / 2)) "$work/kernels.bundle" >"$work/half.bundle"
export SINTER_CACHE_DIR="$work/c"
if "$tool" import "$work/half.bundle" 2>"$work/import.err"; then fail "a truncated bundle was imported"; fi
grep -q "kernel bundle '$work/half.bundle' refused: truncated" "$work/import.err" || fail "$(cat "$work/import.err")"
"$tool" size | grep -q '^0 entries' || fail "a refused bundle left entries"

# Usage errors exit 2.
status=0; "$tool" frobnicate 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "an unknown command exited $status"
status=0; "$tool" export 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "export without a file exited $status"
echo "sinter-cache: list, size, verify, clear, targets, export, import: ok ($compiled kernels)"
