#!/usr/bin/env python3
"""NumPy's side of bench/cpu_scans.cpp: np.cumsum of n float32 (2^24 and 2^26 by default, uniform
in [0, 1), into a preallocated out= and into a new array), and along each axis of a 4096 x 4096
matrix; the median of repeats in ms, and the largest error in float32 ulp against a float64
running sum.

    python3 bench/scan_numpy.py [n...]
"""
import sys

import numpy as np

from timing import time_ms


def report(what, n, stats, note=""):
    med, lo, hi = stats
    print(f"{what:<40} {n:>10}  median {med:9.3f} ms  {8 * n / (med * 1e6):6.2f} GB/s  [min {lo:8.3f}, max {hi:8.3f}]  {note}")


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1 << 24, 1 << 26]
    print(f"NumPy {np.__version__}")
    for n in sizes:
        x = np.random.default_rng(42).random(n, dtype=np.float32)
        out = np.empty_like(x)
        ref = np.cumsum(x, dtype=np.float64).astype(np.float32)
        got = np.cumsum(x)
        ulp = np.spacing(np.abs(ref)).astype(np.float64)
        err = float(np.max(np.abs(got.astype(np.float64) - ref) / ulp))
        report("numpy cumsum(x)", n, time_ms(lambda: np.cumsum(x)), f"max {err:.0f} ulp from the float64 sum")
        report("numpy cumsum(x, out=)", n, time_ms(lambda: np.cumsum(x, out=out)))
    m = np.random.default_rng(7).random((4096, 4096), dtype=np.float32)
    report("numpy cumsum(m, 0) 4096 x 4096", m.size, time_ms(lambda: np.cumsum(m, 0)))
    report("numpy cumsum(m, 1) 4096 x 4096", m.size, time_ms(lambda: np.cumsum(m, 1)))


if __name__ == "__main__":
    main()
