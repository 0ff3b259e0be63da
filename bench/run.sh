#!/usr/bin/env bash
# The CPU suite in one command: sinter, the OpenMP loop, Eigen and STREAM (sinter_bench_cpu), then
# NumPy and numexpr (peers_numpy.py), merged by report.py into bench/results/cpu-<date>.{json,md,png}.
# usage: bench/run.sh [--quick]   (BUILD=dir picks the build directory, default build)
# --quick: sizes up to 2^24 (Black-Scholes and Horner up to 2^20), results named cpu-<date>-quick.*
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD:-$root/build}"
quick=""
[ "${1:-}" = "--quick" ] && quick="--quick"
python=/usr/bin/python3  # Debian's python3, which has python3-numpy and python3-numexpr
exe="$build/bench/sinter_bench_cpu"
cmake --build "$build" --target sinter_bench_cpu >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== sinter, hand loop, Eigen, STREAM ($(nproc) threads; load average $load)"
"$exe" $quick --json "$work/sinter.json"
# Diagnostic, not a peer: sinter again with glibc's malloc asking for transparent huge pages, which
# shows how much of sinter's time goes to page faults on its freshly allocated output buffers.
# Left out of --quick to keep it short.
echo '[]' > "$work/sinter_thp.json"
if [ -z "$quick" ]; then
  echo "== sinter with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (diagnostic)"
  GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "$exe" --sinter-only sinter_thp --json "$work/sinter_thp.json"
fi
echo "== NumPy and numexpr"
"$python" "$root/bench/peers_numpy.py" $quick --json "$work/peers.json"
echo "== report"
cd "$root"
command="bench/run.sh${quick:+ $quick}"
[ -n "${BUILD:-}" ] && command="BUILD=$BUILD $command"
"$python" bench/report.py --out-dir bench/results --command "$command" --load "$load" ${quick:+--suffix=-quick} \
  "$work/sinter.json" "$work/sinter_thp.json" "$work/peers.json"
echo "results are in $root/bench/results (the .md file is the table)"
