#!/usr/bin/env bash
# The GPU machine's whole check in one command (issue 3): configure and build sinter there
# (Release, LLVM backend off, the machine's own compiler, ninja), run the `gpu`-labelled tests,
# the GPU benchmark (bench/gpu_expressions.cpp) and its peers (bench/peers_gpu.py), the row
# patterns of issue 14 (sinter_bench_gpu --rows, bench/peers_rows.py), the rest of the test suite,
# and the report (bench/gpu_report.py). Every stage runs even when an earlier
# one failed (except those that need the build), each under a time limit taken from one overall
# budget, so one device call yields everything. Results and logs go to $OUT (else ./gpu-check-out):
#   summary.txt        stage results, the ctest summary lines, the benchmark headline
#   sinter_gpu.json    sinter's records        peers_gpu.json   the peers' records
#   sinter_rows.json   sinter's row patterns   peers_rows.json  the peers' row patterns
#   ctest-gpu.log      the gpu-labelled tests   logs.tar.gz      every log, the report (md, png, json)
# usage: scripts/gpu-check.sh [--quick]     env: BUILD (build dir), JOBS (16), GPU_CHECK_BUDGET (s, 570)
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${OUT:-$root/gpu-check-out}"
build="${BUILD:-$root/build-gpu}"
jobs="${JOBS:-16}"
budget="${GPU_CHECK_BUDGET:-570}"
quick=""
[ "${1:-}" = "--quick" ] && quick="--quick"
mkdir -p "$out/logs"
logs="$out/logs"
summary="$out/summary.txt"
: >"$summary"
t_start=$(date +%s)
export PYTHONUNBUFFERED=1

say() { echo "$*" | tee -a "$summary"; }
left() { echo $((budget - ($(date +%s) - t_start))); }
# stage NAME LIMIT_S COMMAND...: runs with its output in logs/NAME.log, under min(LIMIT, what is left).
stage() {
  local name=$1 limit=$2
  shift 2
  local rest
  rest=$(left)
  [ "$limit" -gt "$rest" ] && limit=$rest
  if [ "$limit" -le 5 ]; then
    say "[skip] $name: no time left in the ${budget} s budget"
    return 124
  fi
  local t0=$(date +%s)
  echo "== $name (limit ${limit} s)"
  timeout -k 10 "$limit" "$@" >"$logs/$name.log" 2>&1
  local rc=$?
  local verdict=ok
  [ $rc -ne 0 ] && verdict="FAILED rc=$rc"
  [ $rc -eq 124 ] && verdict="TIMED OUT after ${limit} s"
  say "[$verdict] $name ($(($(date +%s) - t0)) s)"
  tail -n 3 "$logs/$name.log" | sed 's/^/    /'
  return $rc
}

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv 2>&1
  nvidia-smi 2>&1 | head -20
  uname -a
  grep -m1 "model name" /proc/cpuinfo
  echo "cores: $(nproc)"
  ${CXX:-g++} --version | head -1
  cmake --version | head -1
  ls /usr/local/cuda/lib64/libnvrtc.so* 2>&1
  python3 -c 'import sys; print("python", sys.version.split()[0])'
} >"$logs/machine.log" 2>&1
gpu_name=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)
machine="${gpu_name:-no GPU seen} (driver), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(uname -r)"
say "gpu-check: $machine"
say "gpu-check: commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), budget ${budget} s, output $out"

# ---- build ----
built=0
if stage configure 120 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSINTER_WITH_LLVM=OFF -DSINTER_WITH_CUDA=ON -DSINTER_BUILD_TESTS=ON -DSINTER_BUILD_BENCH=ON; then
  stage build 300 ninja -C "$build" -j "$jobs" -k 0 && built=1
fi
grep -E "warning:" "$logs/build.log" 2>/dev/null | sort -u | head -20 >"$logs/build-warnings.log"
[ -s "$logs/build-warnings.log" ] && say "    build warnings: $(wc -l <"$logs/build-warnings.log") (logs/build-warnings.log)"

gpu_summary="not run"
if [ $built = 1 ] || [ -x "$build/tests/sinter_tests" ]; then
  # ---- the gpu-labelled tests first: the reason for this machine ----
  stage ctest-gpu 200 ctest --test-dir "$build" -L gpu -j 4 --output-on-failure --timeout 300
  cp "$logs/ctest-gpu.log" "$out/ctest-gpu.log"
  gpu_summary=$(grep -E "tests passed|No tests were found" "$logs/ctest-gpu.log" | tail -1)
  say "    gpu label: ${gpu_summary:-no summary line}"
  # The runtime's own launch cost (Backend::launch, no front end), which the test prints.
  stage launch-cost 60 "$build/tests/sinter_tests" "-tc=gpu: cache-hit launch cost*" -s
  grep -h "launch + synchronize\|build: first" "$logs/launch-cost.log" | sed 's/^ */    /' | tee -a "$summary"
fi

# ---- benchmarks: sinter, then the peers in the same run ----
if [ -x "$build/bench/sinter_bench_gpu" ]; then
  stage bench-sinter 240 "$build/bench/sinter_bench_gpu" $quick --json "$out/sinter_gpu.json"
fi
cupy_cache=$(mktemp -d)
stage bench-peers 300 env CUPY_CACHE_DIR="$cupy_cache" python3 "$root/bench/peers_gpu.py" $quick --json "$out/peers_gpu.json"

# ---- row patterns (issue 14): sinter, then the peers, in the same run; about 120 s together (H100,
# 2026-12-07, --quick: sinter 7 s, the peers 77 s, of which torch import 13 s; about 22 s a shape) ----
if [ -x "$build/bench/sinter_bench_gpu" ]; then
  stage bench-rows-sinter 20 "$build/bench/sinter_bench_gpu" --rows $quick --json "$out/sinter_rows.json"
fi
stage bench-rows-peers 100 env CUPY_CACHE_DIR="$cupy_cache" python3 "$root/bench/peers_rows.py" $quick --json "$out/peers_rows.json"
rm -rf "$cupy_cache"

# ---- the rest of the suite (CPU cases run on the interpreter here: the LLVM backend is off) ----
rest_summary="not run"
if [ -x "$build/tests/sinter_tests" ]; then
  stage ctest-rest 150 ctest --test-dir "$build" -LE gpu -j "$jobs" --output-on-failure --timeout 300
  rest_summary=$(grep -E "tests passed" "$logs/ctest-rest.log" | tail -1)
  say "    other labels: ${rest_summary:-no summary line}"
fi

# ---- report ----
inputs=()
for f in "$out/sinter_gpu.json" "$out/peers_gpu.json" "$out/sinter_rows.json" "$out/peers_rows.json"; do [ -s "$f" ] && inputs+=("$f"); done
if [ ${#inputs[@]} -gt 0 ]; then
  stage report 60 python3 "$root/bench/gpu_report.py" --out-dir "$logs/report" --machine "$machine" \
    --command "scripts/gpu-check.sh${quick:+ $quick}" "${inputs[@]}"
  md=$(ls "$logs"/report/gpu-*.md 2>/dev/null | head -1)
  if [ -n "$md" ]; then
    say ""
    sed -n '/^## Targets/,/^## Per-call/p' "$md" | grep -v "^## Per-call" | tee -a "$summary"
  fi
fi

say "gpu-check: done in $(($(date +%s) - t_start)) s; ctest gpu: ${gpu_summary:-none}; ctest other: ${rest_summary:-none}"
tar -C "$out" -czf "$out/logs.tar.gz" logs && rm -rf "$logs"
exit 0
