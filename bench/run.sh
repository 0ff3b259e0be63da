#!/usr/bin/env bash
# The CPU suite in one command: sinter, the OpenMP loop, Eigen and STREAM (sinter_bench_cpu), then
# NumPy and numexpr (peers_numpy.py), merged by report.py into bench/results/cpu-<date>.{json,md,png}.
# usage: bench/run.sh [--quick]   (BUILD=dir picks the build directory, default build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD:-$root/build}"
quick=""
[ "${1:-}" = "--quick" ] && quick="--quick"
python=/usr/bin/python3  # Debian's python3, which has python3-numpy and python3-numexpr
exe="$build/bench/sinter_bench_cpu"
[ -x "$exe" ] || cmake --build "$build" --target sinter_bench_cpu
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== sinter, hand loop, Eigen, STREAM ($(nproc) threads; load average $load)"
"$exe" $quick --json "$work/sinter.json"
echo "== NumPy and numexpr"
"$python" "$root/bench/peers_numpy.py" $quick --json "$work/peers.json"
echo "== report"
cd "$root"
"$python" bench/report.py --out-dir bench/results --command "bench/run.sh $quick" --load "$load" \
  "$work/sinter.json" "$work/peers.json"
echo "results are in $root/bench/results (the .md file is the table)"
