#!/usr/bin/python3
"""NumPy and numexpr on the CPU suite's workloads (E1..E7, the reductions, Black-Scholes, Horner,
heat2d, softmax_rows, layernorm_rows), in the JSON schema of sinter_bench_cpu.

Run with Debian's python3 (/usr/bin/python3, which has python3-numpy and python3-numexpr).
Each result is checked against a float64 reference; a wrong result is recorded as wrong, not timed.
"""
import argparse
import json
import os
import time

import numexpr as ne
import numpy as np

# Black-Scholes with the Abramowitz-Stegun normal CDF, the formula bench/cpu_workloads.cpp uses.
RATE, VOL = 0.02, 0.30
A1, A2, A3, A4, A5 = 0.319381530, -0.356563782, 1.781477937, -1.821255978, 1.330274429
INV_SQRT_2PI = 0.3989422804014327
HORNER = [1.0 / (-2.0) ** k for k in range(11)]  # c0 .. c10


def uniform(n, seed, lo=0.1, hi=1.1, dtype=np.float32):
    rng = np.random.default_rng(seed)
    return (lo + (hi - lo) * rng.random(n)).astype(dtype)


def measure(fn, min_repeats=7, budget_s=0.15):
    t0 = time.perf_counter()
    fn()  # warm-up (a second one when calls are short)
    one = time.perf_counter() - t0
    if one < 0.5:
        t0 = time.perf_counter()
        fn()
        one = max(time.perf_counter() - t0, 1e-9)
    repeats = int(min(max(budget_s / one, min_repeats), 200))
    ms = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    ms.sort()
    q = np.percentile(ms, [25, 50, 75])
    return {"median": float(q[1]), "min_ms": ms[0], "max_ms": ms[-1], "q1_ms": float(q[0]),
            "q3_ms": float(q[2]), "repeats": repeats}


def rel_error(got, ref, floor=1.0):
    """max |got - ref| / max(|ref|, floor): floor 1 (the default) is absolute near zero, floor 0
    purely relative (scalar sums, softmax's small outputs)."""
    got = np.asarray(got, dtype=np.float64)
    return float(np.max(np.abs(got - ref) / np.maximum(np.abs(ref), floor)))


def tolerance(dtype):
    return 1e-10 if dtype == "float64" else 1e-4


class Recorder:
    def __init__(self, threads):
        self.threads = threads
        self.records = []

    def run(self, impl, workload, dtype, size, nbytes, fn, check, threads, note=""):
        rec = {"suite": "cpu", "impl": impl, "workload": workload, "size": size, "dtype": dtype,
               "threads": threads, "ms": None, "gbps": None, "spread": None, "rel_error": None,
               "bytes": nbytes, "status": "ok", "note": note}
        try:
            err = check(fn())
        except Exception as e:  # a peer that cannot run a workload is recorded, not fatal
            rec.update(status="error", note=str(e))
            self.add(rec)
            return
        rec["rel_error"] = err
        if not err <= tolerance(dtype):
            rec["status"] = "wrong"
            self.add(rec)
            return
        s = measure(fn)
        rec.update(ms=s.pop("median"), spread=s)
        rec["gbps"] = nbytes / (rec["ms"] * 1e6)
        self.add(rec)

    def add(self, rec):
        if rec["status"] == "ok":
            print(f'{rec["impl"]:8} {rec["workload"]:14} {rec["dtype"]:7} n={rec["size"]:<9} '
                  f'{rec["ms"]:10.4f} ms {rec["gbps"]:7.2f} GB/s  err {rec["rel_error"]:.2g}', flush=True)
        else:
            print(f'{rec["impl"]:8} {rec["workload"]:14} {rec["dtype"]:7} n={rec["size"]:<9} {rec["status"]} '
                  f'{rec["rel_error"] if rec["rel_error"] is not None else ""} {rec["note"]}', flush=True)
        self.records.append(rec)


def cnd_numpy(d):
    k = 1.0 / (1.0 + 0.2316419 * np.abs(d))
    poly = k * (A1 + k * (A2 + k * (A3 + k * (A4 + k * A5))))
    w = 1.0 - INV_SQRT_2PI * np.exp(-0.5 * d * d) * poly
    return np.where(d < 0, 1.0 - w, w)


def black_scholes_numpy(s, k, t):
    f = s.dtype.type  # keep float32 arrays float32: constants as array scalars
    sqrt_t = np.sqrt(t)
    d1 = (np.log(s / k) + f(RATE + 0.5 * VOL * VOL) * t) / (f(VOL) * sqrt_t)
    d2 = d1 - f(VOL) * sqrt_t
    disc = k * np.exp(f(-RATE) * t)
    n1, n2 = cnd_numpy(d1).astype(s.dtype), cnd_numpy(d2).astype(s.dtype)
    return s * n1 - disc * n2, disc * (f(1) - n2) - s * (f(1) - n1)


def black_scholes_numexpr(s, k, t):
    f = np.float32
    c = {"rv": f(RATE + 0.5 * VOL * VOL), "vol": f(VOL), "nr": f(-RATE), "isq": f(INV_SQRT_2PI),
         "a1": f(A1), "a2": f(A2), "a3": f(A3), "a4": f(A4), "a5": f(A5), "g": f(0.2316419)}
    sqrt_t = ne.evaluate("sqrt(t)")
    d1 = ne.evaluate("(log(s / k) + rv * t) / (vol * sqrt_t)", local_dict={**c, "s": s, "k": k, "t": t, "sqrt_t": sqrt_t})
    d2 = ne.evaluate("d1 - vol * sqrt_t", local_dict={**c, "d1": d1, "sqrt_t": sqrt_t})
    n = []
    for d in (d1, d2):
        kk = ne.evaluate("1 / (1 + g * abs(d))", local_dict={**c, "d": d})
        w = ne.evaluate("1 - isq * exp(-0.5 * d * d) * (kk * (a1 + kk * (a2 + kk * (a3 + kk * (a4 + kk * a5)))))",
                        local_dict={**c, "d": d, "kk": kk})
        n.append(ne.evaluate("where(d < 0, 1 - w, w)", local_dict={"d": d, "w": w}))
    env = {**c, "s": s, "k": k, "t": t, "n1": n[0], "n2": n[1]}
    call = ne.evaluate("s * n1 - k * exp(nr * t) * n2", local_dict=env)
    put = ne.evaluate("k * exp(nr * t) * (1 - n2) - s * (1 - n1)", local_dict=env)
    return call, put


def expressions(dtype):
    f = np.dtype(dtype).type
    h, three, two = f(0.5), f(3), f(2)
    e = {
        "E1": (lambda x, y: x + y, "x + y"),
        "E2": (lambda x, y: x * y + three * x - y / two, "x * y + three * x - y / two"),
        "E3": (lambda x, y: np.sqrt(x * x + y * y), "sqrt(x * x + y * y)"),
        "E4": (lambda x, y: np.exp(-x * x) * np.sin(y) + np.cos(x * y), "exp(-x * x) * sin(y) + cos(x * y)"),
        "E5": (lambda x, y: np.where(x > y, x - y, h * y), "where(x > y, x - y, h * y)"),
    }
    consts = {"h": h, "three": three, "two": two}
    if dtype == "float64":
        return {"E7": e["E2"]}, consts
    return e, consts


# The 2-D workloads' matrix: rows = the largest power of two <= sqrt(n), cols = n // rows (as
# bench/workloads.h's matrix_shape: 2^24 is 4096 x 4096).
def matrix_shape(n):
    rows = 1
    while (rows * 2) ** 2 <= n:
        rows *= 2
    return rows, n // rows


HEAT_K = np.float32(0.1)  # heat2d's diffusion number (bench/workloads.h kHeat)
LAYERNORM_EPS = np.float32(1e-5)


def run_reductions(out, n, threads, sum_sizes, matrix=True):
    """E6, the sum of a vector (at each of sum_sizes), and (matrix) the sums of a matrix over axis 0
    and 1. GB/s = bytes read / time."""
    x, y = uniform(n, 1), uniform(n, 2)
    ref6 = float(np.sum((x.astype(np.float64) - y) ** 2))
    check6 = lambda got: rel_error(got, ref6, 0.0)
    out.run("numpy", "E6", "float32", n, 8 * n, lambda: np.sum((x - y) ** 2), check6, 1)
    out.run("numexpr", "E6", "float32", n, 8 * n, lambda: ne.evaluate("sum((x - y)**2)", local_dict={"x": x, "y": y}),
            check6, threads)
    rows, cols = matrix_shape(n)
    m = uniform(rows * cols, 4).reshape(rows, cols)
    md = m.astype(np.float64)
    for axis in (0, 1) if matrix else ():
        ref = md.sum(axis=axis)
        check = lambda got: rel_error(got, ref, 0.0)
        name = f"sum_axis{axis}"
        out.run("numpy", name, "float32", rows * cols, 4 * rows * cols, lambda: m.sum(axis=axis), check, 1,
                note=f"{rows} x {cols}")
        out.run("numexpr", name, "float32", rows * cols, 4 * rows * cols,
                lambda: ne.evaluate(f"sum(m, axis={axis})", local_dict={"m": m}), check, threads, note=f"{rows} x {cols}")
    for size in sum_sizes:
        v = uniform(size, 3)
        ref = float(np.sum(v, dtype=np.float64))
        check = lambda got: rel_error(got, ref, 0.0)
        out.run("numpy", "sum", "float32", size, 4 * size, lambda: np.sum(v), check, 1)
        out.run("numexpr", "sum", "float32", size, 4 * size, lambda: ne.evaluate("sum(v)", local_dict={"v": v}), check,
                threads)


def run_2d(out, n, threads):
    """heat2d, softmax_rows and layernorm_rows on the rows x cols matrix of n elements."""
    rows, cols = matrix_shape(n)
    size, shape = rows * cols, f"{rows} x {cols}"
    # heat2d: the new interior, (rows-2) x (cols-2), from shifted slices of the grid.
    u = uniform(size, 41).reshape(rows, cols)
    ud = u.astype(np.float64)

    def heat(a, k):
        c = a[1:-1, 1:-1]
        return c + k * (a[:-2, 1:-1] + a[2:, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] - 4 * c)

    ref = heat(ud, float(HEAT_K))
    check = lambda got: rel_error(got, ref)
    nbytes = 4 * (size + (rows - 2) * (cols - 2))
    four = np.float32(4)
    out.run("numpy", "heat2d", "float32", size, nbytes, lambda: heat(u, HEAT_K), check, 1, note=f"{shape} grid")
    env = {"c": u[1:-1, 1:-1], "n": u[:-2, 1:-1], "s": u[2:, 1:-1], "w": u[1:-1, :-2], "e": u[1:-1, 2:], "k": HEAT_K,
           "four": four}
    out.run("numexpr", "heat2d", "float32", size, nbytes,
            lambda: ne.evaluate("c + k * (n + s + w + e - four * c)", local_dict=env), check, threads,
            note=f"{shape} grid")
    # softmax over rows: max, exp, sum, divide.
    x = uniform(size, 51).reshape(rows, cols)
    xd = x.astype(np.float64)
    e = np.exp(xd - xd.max(axis=1, keepdims=True))
    ref = e / e.sum(axis=1, keepdims=True)
    del e
    check = lambda got: rel_error(got, ref, 0.0)

    def softmax_numpy():
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def softmax_numexpr():
        m = ne.evaluate("max(x, axis=1)", local_dict={"x": x})[:, None]
        e = ne.evaluate("exp(x - m)", local_dict={"x": x, "m": m})
        s = ne.evaluate("sum(e, axis=1)", local_dict={"e": e})[:, None]
        return ne.evaluate("e / s", local_dict={"e": e, "s": s})

    out.run("numpy", "softmax_rows", "float32", size, 8 * size, softmax_numpy, check, 1, note=shape)
    out.run("numexpr", "softmax_rows", "float32", size, 8 * size, softmax_numexpr, check, threads, note=shape)
    # layer normalization over rows, no affine.
    mu = xd.mean(axis=1, keepdims=True)
    ref = (xd - mu) / np.sqrt(xd.var(axis=1, keepdims=True) + float(LAYERNORM_EPS))
    check = lambda got: rel_error(got, ref)
    inv_cols = np.float32(1 / cols)

    def layernorm_numpy():
        mu = x.mean(axis=1, keepdims=True)
        return (x - mu) / np.sqrt(x.var(axis=1, keepdims=True) + LAYERNORM_EPS)

    def layernorm_numexpr():
        mu = ne.evaluate("sum(x, axis=1)", local_dict={"x": x})[:, None] * inv_cols
        d = ne.evaluate("x - mu", local_dict={"x": x, "mu": mu})
        var = ne.evaluate("sum(d * d, axis=1)", local_dict={"d": d})[:, None] * inv_cols
        return ne.evaluate("d / sqrt(var + eps)", local_dict={"d": d, "var": var, "eps": LAYERNORM_EPS})

    out.run("numpy", "layernorm_rows", "float32", size, 8 * size, layernorm_numpy, check, 1, note=shape)
    out.run("numexpr", "layernorm_rows", "float32", size, 8 * size, layernorm_numexpr, check, threads, note=shape)


def run(args):
    ne.set_num_threads(args.threads)
    out = Recorder(args.threads)
    default_sizes = not args.sizes
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [1 << 16, 1 << 20, 1 << 24] + ([] if args.quick else [1 << 26])
    # The sum of a vector also at 2^28 (1 GiB) in a full run, as sinter_bench_cpu and the GPU suite.
    for n in sizes:
        for dtype in ("float32", "float64"):
            x, y = uniform(n, 1, dtype=dtype), uniform(n, 2, dtype=dtype)
            xd, yd = x.astype(np.float64), y.astype(np.float64)
            exprs, consts = expressions(dtype)
            nbytes = 3 * x.itemsize * n
            for name, (fn, text) in exprs.items():
                ref = fn(xd, yd)
                env = {"x": x, "y": y, **consts}
                check = lambda got: rel_error(got, ref)
                out.run("numpy", name, dtype, n, nbytes, lambda: fn(x, y), check, 1)
                out.run("numexpr", name, dtype, n, nbytes, lambda: ne.evaluate(text, local_dict=env), check, args.threads)
            del xd, yd
        run_reductions(out, n, args.threads, [n] + ([1 << 28] if n == sizes[-1] and default_sizes and not args.quick
                                                     else []), matrix=not args.quick or n <= 1 << 20)
        if args.quick and n > 1 << 20:  # --quick keeps its budget: these are the slow ones
            continue
        run_2d(out, n, args.threads)
        # Black-Scholes: call and put.
        s, k, t = uniform(n, 21, 30, 130), uniform(n, 22, 30, 130), uniform(n, 23)
        rc, rp = black_scholes_numpy(s.astype(np.float64), k.astype(np.float64), t.astype(np.float64))
        check_bs = lambda got: max(rel_error(got[0], rc), rel_error(got[1], rp))
        out.run("numpy", "blackscholes", "float32", n, 20 * n, lambda: black_scholes_numpy(s, k, t), check_bs, 1)
        out.run("numexpr", "blackscholes", "float32", n, 20 * n, lambda: black_scholes_numexpr(s, k, t), check_bs,
                args.threads)
        del rc, rp
        # Horner, degree 10.
        x = uniform(n, 31)
        xd = x.astype(np.float64)
        ref_h = np.full(n, HORNER[10])
        for c in reversed(HORNER[:10]):
            ref_h = ref_h * xd + c
        cs = [np.float32(c) for c in HORNER]

        def horner_numpy():
            p = cs[10] * x + cs[9]
            for c in reversed(cs[:9]):
                p = p * x + c
            return p

        text = "c10"
        for j in range(9, -1, -1):
            text = f"({text}) * x + c{j}"
        env_h = {"x": x, **{f"c{j}": cs[j] for j in range(11)}}
        check_h = lambda got: rel_error(got, ref_h)
        out.run("numpy", "horner10", "float32", n, 8 * n, horner_numpy, check_h, 1)
        out.run("numexpr", "horner10", "float32", n, 8 * n, lambda: ne.evaluate(text, local_dict=env_h), check_h,
                args.threads)
        del ref_h, xd
    return out.records


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", required=True)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--sizes", help="comma-separated element counts (default: 2^16, 2^20, 2^24, 2^26)")
    args = p.parse_args()
    records = run(args)
    with open(args.json, "w") as f:
        json.dump(records, f, indent=1)


if __name__ == "__main__":
    main()
