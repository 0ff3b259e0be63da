#!/usr/bin/env python3
"""NumPy's side of bench/cpu_math_functions.cpp: y = f(x, out=y) for the same functions, dtypes
and input ranges, 2^24 elements, million elements per second (median of repeats; NumPy runs
these on one thread). Usage: python3 bench/math_numpy.py [n]"""
import sys

import numpy as np

from timing import time_ms

FUNCTIONS = [  # name, NumPy's function, input range (as cpu_math_functions.cpp)
    ("exp", np.exp, -10, 10), ("log", np.log, 0.01, 100), ("sin", np.sin, -10, 10),
    ("cos", np.cos, -10, 10), ("tan", np.tan, -10, 10), ("tanh", np.tanh, -5, 5),
    ("cbrt", np.cbrt, -100, 100), ("exp2", np.exp2, -10, 10), ("expm1", np.expm1, -5, 5),
    ("log2", np.log2, 0.01, 100), ("log10", np.log10, 0.01, 100), ("log1p", np.log1p, -0.9, 10),
    ("arcsin", np.arcsin, -1, 1), ("arccos", np.arccos, -1, 1), ("arctan", np.arctan, -10, 10),
    ("sinh", np.sinh, -5, 5), ("cosh", np.cosh, -5, 5), ("arcsinh", np.arcsinh, -10, 10),
    ("arccosh", np.arccosh, 1, 10), ("arctanh", np.arctanh, -0.99, 0.99),
]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 24
    print(f"NumPy {np.__version__}, {n} elements; million elements per second (median)\n")
    print("| function | dtype | NumPy |\n|---|---|---|")
    rng = np.random.default_rng(7)
    for dtype in (np.float32, np.float64):
        for name, f, lo, hi in FUNCTIONS:
            x = rng.uniform(lo, hi, n).astype(dtype)
            y = np.empty_like(x)
            s = time_ms(lambda: f(x, out=y))[0] / 1e3
            print(f"| {name} | {np.dtype(dtype).name} | {n / s / 1e6:.0f} |", flush=True)


if __name__ == "__main__":
    main()
