#!/usr/bin/env python3
"""NumPy's np.take of 2^N float32 by random int64 and int32 indices (bench/cpu_gather.cpp's
workload), best of 7, in ms. Usage: python3 bench/peers_gather.py [log2 n]"""
import sys
import time

import numpy as np


def best_ms(f, repeats=7):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        best = min(best, (time.perf_counter() - t0) * 1e3)
    return best


def main():
    log2n = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    n = 1 << log2n
    rng = np.random.default_rng(42)
    x = (rng.integers(0, 1000, n) * 0.5).astype(np.float32)
    idx = rng.integers(0, n, n, dtype=np.int64)
    idx32 = idx.astype(np.int32)
    out = np.empty(n, np.float32)
    print(f"NumPy {np.__version__}, 2^{log2n} float32")
    print(f"| NumPy: np.take(x, idx) (int64) | {best_ms(lambda: np.take(x, idx)):.2f} |")
    print(f"| NumPy: np.take(x, idx32) (int32) | {best_ms(lambda: np.take(x, idx32)):.2f} |")
    print(f"| NumPy: np.take(x, idx, out=out) | {best_ms(lambda: np.take(x, idx, out=out)):.2f} |")
    print(f"| NumPy: (x[idx] * 2).sum() | {best_ms(lambda: (x[idx] * 2).sum()):.2f} |")


if __name__ == "__main__":
    main()
