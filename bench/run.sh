#!/usr/bin/env bash
# The CPU suite in one command: sinter, the OpenMP loop, Eigen and STREAM (sinter_bench_cpu), then
# NumPy and numexpr (peers_numpy.py), merged by report.py into bench/results/cpu-<date>.{json,md,png}.
# usage: bench/run.sh [--quick]   (BUILD=dir picks the build directory, default build;
#        SUFFIX=b names the results cpu-<date>b.*, for a second run on one day)
# --quick: sizes up to 2^24 (Black-Scholes, Horner and the 2-D workloads up to 2^20), results named
#   cpu-<date>-quick.*; a full run adds 2^26 and the sum of a vector at 2^28
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD:-$root/build}"
quick=""
[ "${1:-}" = "--quick" ] && quick="--quick"
python=/usr/bin/python3  # Debian's python3, which has python3-numpy and python3-numexpr
exe="$build/bench/sinter_bench_cpu"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"  # the commit built, not the one at report time
cmake --build "$build" --target sinter_bench_cpu >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== sinter, hand loop, Eigen, STREAM ($(nproc) threads; load average $load)"
# OpenMP's idle threads sleep (OMP_WAIT_POLICY=passive) instead of spinning after each loop: spinning,
# they took the second core from whatever ran next in this process (sinter's own pool threads, which
# sleep when idle), and a compute-bound sinter kernel ran at one thread's speed.
OMP_WAIT_POLICY=passive "$exe" $quick --json "$work/sinter.json"
echo "== NumPy and numexpr"
"$python" "$root/bench/peers_numpy.py" $quick --json "$work/peers.json"
echo "== report"
cd "$root"
command="bench/run.sh${quick:+ $quick}"
[ -n "${SUFFIX:-}" ] && command="SUFFIX=$SUFFIX $command"
[ -n "${BUILD:-}" ] && command="BUILD=$BUILD $command"
suffix="${SUFFIX:-}${quick:+-quick}"
"$python" bench/report.py --out-dir bench/results --command "$command" --load "$load" --commit "$commit" ${suffix:+--suffix=$suffix} \
  "$work/sinter.json" "$work/peers.json"
echo "results are in $root/bench/results (the .md file is the table)"
