#!/usr/bin/env bash
# Issue 14's row patterns on the GPU machine, alone and quickly: configure as scripts/gpu-check.sh
# does (Release, LLVM backend off, the machine's own compiler, ninja), build only sinter_bench_gpu,
# then run `sinter_bench_gpu --rows` (bench/gpu_expressions.cpp) and bench/peers_rows.py (CuPy,
# torch eager, torch.compile, JAX: whichever import) in the same run, and bench/gpu_report.py.
# Softmax, layernorm, logsumexp, rmsnorm and l2norm over the rows of 16384x4096, 4096x16384 and
# 65536x1024 float32 matrices (--quick: 16384x4096 and 65536x1024), against the device-to-device
# copy of the same bytes. Output in $OUT (else ./gpu-rows-out):
#   summary.txt          stage results and the "Row patterns" table
#   sinter_rows.json     sinter's records (with kernels per call)   peers_rows.json  the peers'
#   gpu-<date>-rows.md   the report (and .json)                      logs/            every log
# usage: scripts/gpu-rows.sh [--quick] [--shapes RxC,...] [--patterns softmax,layernorm,...]
#   (--shapes and --patterns go to both programs)
#   env: BUILD (build dir, build-gpu), JOBS (16), ROWS_SINTER_LIMIT (s, 60), ROWS_PEERS_LIMIT (s, 150)
# Measured on the H100 (2026-12-07, --quick, fresh machine): 114 s in all: configure 3 s, build 27 s,
# sinter 7 s, the peers 77 s (torch import 13 s, torch.compile 0.5-3 s per graph, about 22 s a
# shape); without --quick about 25 s more (a third shape).
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${OUT:-$root/gpu-rows-out}"
build="${BUILD:-$root/build-gpu}"
jobs="${JOBS:-16}"
args=()
quick=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --shapes | --patterns)
      [ $# -ge 2 ] || { echo "gpu-rows: $1 needs a value" >&2; exit 2; }
      args+=("$1" "$2")
      shift ;;
    *) echo "usage: scripts/gpu-rows.sh [--quick] [--shapes RxC,...] [--patterns a,b,...]" >&2; exit 2 ;;
  esac
  shift
done
logs="$out/logs"
mkdir -p "$logs"
summary="$out/summary.txt"
: >"$summary"
t_start=$(date +%s)
export PYTHONUNBUFFERED=1

say() { echo "$*" | tee -a "$summary"; }
# stage NAME LIMIT_S COMMAND...: output in logs/NAME.log (also on stdout unless show=0), under a
# time limit.
stage() {
  local name=$1 limit=$2
  shift 2
  local t0=$(date +%s)
  echo "== $name (limit ${limit} s)"
  local rc
  if [ "${show:-1}" = 1 ]; then
    timeout -k 10 "$limit" "$@" 2>&1 | tee "$logs/$name.log"
    rc=${PIPESTATUS[0]}
  else
    timeout -k 10 "$limit" "$@" >"$logs/$name.log" 2>&1
    rc=$?
    [ $rc -ne 0 ] && tail -n 20 "$logs/$name.log"
  fi
  local verdict=ok
  [ $rc -ne 0 ] && verdict="FAILED rc=$rc"
  [ $rc -eq 124 ] && verdict="TIMED OUT after ${limit} s"
  say "[$verdict] $name ($(($(date +%s) - t0)) s)"
  return $rc
}

gpu_name=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)
machine="${gpu_name:-no GPU seen} (driver), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(uname -r)"
say "gpu-rows: $machine"
say "gpu-rows: commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), output $out"

bench="$build/bench/sinter_bench_gpu"
# The same configuration as gpu-check.sh (so that both can share the build directory); only the
# benchmark and the library it links are built.
if show=0 stage configure 120 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSINTER_WITH_LLVM=OFF -DSINTER_WITH_CUDA=ON -DSINTER_BUILD_TESTS=ON -DSINTER_BUILD_BENCH=ON; then
  show=0 stage build 300 ninja -C "$build" -j "$jobs" sinter_bench_gpu
fi

if [ -x "$bench" ]; then
  stage rows-sinter "${ROWS_SINTER_LIMIT:-60}" "$bench" --rows $quick "${args[@]}" --json "$out/sinter_rows.json"
else
  say "[skip] rows-sinter: $bench was not built (logs/build.log)"
fi
stage rows-peers "${ROWS_PEERS_LIMIT:-150}" python3 "$root/bench/peers_rows.py" $quick "${args[@]}" \
  --json "$out/peers_rows.json"

inputs=()
for f in "$out/sinter_rows.json" "$out/peers_rows.json"; do [ -s "$f" ] && inputs+=("$f"); done
if [ ${#inputs[@]} -gt 0 ]; then
  show=0 stage report 60 python3 "$root/bench/gpu_report.py" --out-dir "$out" --machine "$machine" \
    --command "scripts/gpu-rows.sh${quick:+ $quick}${args[*]:+ ${args[*]}}" "${inputs[@]}"
  md=$(ls "$out"/gpu-*-rows.md 2>/dev/null | head -1)
  if [ -n "$md" ]; then
    say ""
    sed -n '/^## Row patterns/,/^## Every record/p' "$md" | grep -v "^## Every record" | tee -a "$summary"
  fi
fi
say "gpu-rows: done in $(($(date +%s) - t_start)) s"
exit 0
