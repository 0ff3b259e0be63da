#!/usr/bin/env python3
"""GPU peers of sinter on the row patterns of issue 14, timed in the same run as
`sinter_bench_gpu --rows` (bench/gpu_expressions.cpp): softmax, layer norm (no affine), log-sum-exp
(one value per row), RMS norm and row-wise L2 normalisation over the rows of float32 matrices of
16384x4096, 4096x16384 and 65536x1024 (--quick: the first and last), in each library as its users
write it:

| pattern   | CuPy (composition)               | torch eager, torch.compile        | JAX jit                     |
|-----------|----------------------------------|-----------------------------------|-----------------------------|
| softmax   | max, exp, sum, divide            | torch.softmax(x, 1)               | jax.nn.softmax(x, axis=1)   |
| layernorm | mean, centred mean of squares    | F.layer_norm(x, (cols,), eps=1e-5)| the CuPy composition        |
| logsumexp | max, exp, sum, log, + max        | torch.logsumexp(x, 1, keepdim)    | jax.nn.logsumexp(axis=1)    |
| rmsnorm   | x / sqrt(mean(x*x) + 1e-6)       | F.rms_norm(x, (cols,), eps=1e-6)  | the CuPy composition        |
| l2norm    | x / sqrt(sum(x*x))               | F.normalize(x, dim=1)             | the CuPy composition        |

torch.compile: mode default, dynamic=False (one kernel specialised to each shape, as sinter's);
its compile time is left out (the first call compiles, then a warm-up, then the timing). Inputs:
NumPy float32 uniform in [-4, 4) (the distribution sinter's side uses), the same matrix for every
library. Every result is checked against a float64 reference of the same input (NumPy's formulas,
computed with CuPy on the GPU when CuPy imports, else with NumPy on the host); a wrong result is
recorded as wrong, not timed. Errors: purely relative for softmax, logsumexp and l2norm, with an
absolute floor of 1 for layernorm and rmsnorm (bench/workloads.h measures sinter the same way).
Timing as bench/peers_gpu.py: CUDA events around 10 back-to-back calls (JAX: host clock and
block_until_ready), median of >= 15 batches after a warm-up. Also the copy of the same bytes
through CuPy (cudaMemcpyAsync, impl "cupy_memcpy"), a second ceiling beside sinter's
cuMemcpyDtoD. Records: bench/peers_gpu.py's JSON, written again after each case; workloads are
named "<pattern>@<rows>x<cols>" as sinter's.

usage: peers_rows.py [--quick] [--json PATH] [--only cupy,torch,jax] [--shapes RxC,...]
                     [--patterns softmax,...]
"""
import argparse
import os
import sys
import time
import traceback

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers_gpu as pg  # noqa: E402  (sets XLA_PYTHON_CLIENT_PREALLOCATE=false before JAX loads)

PATTERNS = ["softmax", "layernorm", "logsumexp", "rmsnorm", "l2norm"]
SHAPES = [(16384, 4096), (4096, 16384), (65536, 1024)]
QUICK_SHAPES = [(16384, 4096), (65536, 1024)]
RELATIVE = {"softmax", "logsumexp", "l2norm"}  # error floor 0; the others floor 1
PER_ROW = {"logsumexp"}                        # one output per row
LAYERNORM_EPS = 1e-5
RMSNORM_EPS = 1e-6
BATCH = 10
MIN_REPEATS = 15


def workload(pattern, shape):
    return f"{pattern}@{shape[0]}x{shape[1]}"


def nbytes(pattern, shape):
    """Bytes read once + written once: 8 per element; log-sum-exp 4 per element + 4 per row."""
    rows, cols = shape
    return 4.0 * (rows * cols + rows) if pattern in PER_ROW else 8.0 * rows * cols


def make_input(shape):
    rng = np.random.default_rng(14 + shape[0])
    return (rng.random(shape, dtype=np.float32) * 8 - 4).astype(np.float32)


def reference(xp, pattern, x):
    """float64 result of `pattern` over the rows of x (an xp array)."""
    a = x.astype(xp.float64)
    if pattern == "softmax":
        e = xp.exp(a - a.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    if pattern == "layernorm":
        d = a - a.mean(axis=1, keepdims=True)
        return d / xp.sqrt((d * d).mean(axis=1, keepdims=True) + LAYERNORM_EPS)
    if pattern == "logsumexp":
        m = a.max(axis=1, keepdims=True)
        return xp.log(xp.exp(a - m).sum(axis=1, keepdims=True)) + m
    if pattern == "rmsnorm":
        return a / xp.sqrt((a * a).mean(axis=1, keepdims=True) + RMSNORM_EPS)
    if pattern == "l2norm":
        return a / xp.sqrt((a * a).sum(axis=1, keepdims=True))
    raise ValueError(pattern)


def rel_error(xp, got, ref, floor):
    """max |got - ref| / max(|ref|, floor); NaN where the reference has none is an infinite error."""
    got = xp.asarray(got).astype(xp.float64).reshape(ref.shape)
    if bool((xp.isnan(got) != xp.isnan(ref)).any()):
        return float("inf")
    err = xp.abs(got - ref) / xp.maximum(xp.abs(ref), floor)
    return float(xp.nan_to_num(err, nan=0.0).max())


class Library:
    """flavours: {impl: {pattern: fn(x)}}; put(numpy array) -> the library's array on the GPU;
    back(result) -> an array of the reference's module; wait(result); time(call, wait) -> ms list."""

    def __init__(self, flavours, put, back, wait, time_fn, note, cleanup=lambda: None):
        self.flavours, self.put, self.back, self.wait, self.time, self.note = flavours, put, back, wait, time_fn, note
        self.cleanup = cleanup


def cupy_library(cp, to_ref):
    def softmax(x):
        e = cp.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def layernorm(x):
        d = x - x.mean(axis=1, keepdims=True)
        return d / cp.sqrt((d * d).mean(axis=1, keepdims=True) + LAYERNORM_EPS)

    def logsumexp(x):
        m = x.max(axis=1, keepdims=True)
        return cp.log(cp.exp(x - m).sum(axis=1, keepdims=True)) + m

    def rmsnorm(x):
        return x / cp.sqrt((x * x).mean(axis=1, keepdims=True) + RMSNORM_EPS)

    def l2norm(x):
        return x / cp.sqrt((x * x).sum(axis=1, keepdims=True))

    fns = {"softmax": softmax, "layernorm": layernorm, "logsumexp": logsumexp, "rmsnorm": rmsnorm, "l2norm": l2norm}
    sync = cp.cuda.Device().synchronize
    return Library({"cupy": fns}, cp.asarray, to_ref, lambda r: sync(),
                   lambda call, wait: pg.event_ms(cp.cuda.Event, cp.cuda.get_elapsed_time, call, wait, BATCH,
                                                  MIN_REPEATS),
                   "CUDA events around", lambda: cp.get_default_memory_pool().free_all_blocks())


def torch_library(torch, to_ref):
    import torch.nn.functional as F

    def rmsnorm(x):
        if hasattr(F, "rms_norm"):
            return F.rms_norm(x, (x.shape[1],), eps=RMSNORM_EPS)
        return x * torch.rsqrt((x * x).mean(1, keepdim=True) + RMSNORM_EPS)

    def natural():
        return {
            "softmax": lambda x: torch.softmax(x, 1),
            "layernorm": lambda x: F.layer_norm(x, (x.shape[1],), eps=LAYERNORM_EPS),
            "logsumexp": lambda x: torch.logsumexp(x, 1, keepdim=True),
            "rmsnorm": rmsnorm,
            "l2norm": lambda x: F.normalize(x, dim=1),
        }

    compiled = {k: torch.compile(v, dynamic=False) for k, v in natural().items()}
    for limit in ("recompile_limit", "cache_size_limit"):  # one graph per shape: within the default 8
        if hasattr(torch._dynamo.config, limit):
            setattr(torch._dynamo.config, limit, max(getattr(torch._dynamo.config, limit), 16))
    return Library({"torch": natural(), "torch_compile": compiled}, lambda a: torch.from_numpy(a).cuda(), to_ref,
                   lambda r: torch.cuda.synchronize(),
                   lambda call, wait: pg.event_ms(lambda: torch.cuda.Event(enable_timing=True),
                                                  lambda a, b: a.elapsed_time(b), call, wait, BATCH, MIN_REPEATS),
                   "CUDA events around", torch.cuda.empty_cache)


def jax_library(jax, to_ref):
    import jax.numpy as jnp

    def layernorm(x):
        d = x - jnp.mean(x, axis=1, keepdims=True)
        return d / jnp.sqrt(jnp.mean(d * d, axis=1, keepdims=True) + LAYERNORM_EPS)

    fns = {
        "softmax": jax.jit(lambda x: jax.nn.softmax(x, axis=1)),
        "layernorm": jax.jit(layernorm),
        "logsumexp": jax.jit(lambda x: jax.nn.logsumexp(x, axis=1, keepdims=True)),
        "rmsnorm": jax.jit(lambda x: x / jnp.sqrt(jnp.mean(x * x, axis=1, keepdims=True) + RMSNORM_EPS)),
        "l2norm": jax.jit(lambda x: x / jnp.sqrt(jnp.sum(x * x, axis=1, keepdims=True))),
    }
    return Library({"jax": fns}, lambda a: jax.device_put(a), to_ref, lambda r: r.block_until_ready(),
                   lambda call, wait: pg.wall_ms(call, wait, BATCH, MIN_REPEATS), "host clock and block_until_ready around")


def run_copy(cp, shape):
    """cudaMemcpyAsync of the matrix's bytes through CuPy (read + write bytes), events around a batch."""
    n = shape[0] * shape[1]
    src = cp.random.random(n, dtype=cp.float32)
    dst = cp.empty_like(src)
    stream = cp.cuda.get_current_stream()

    def copy():
        dst.data.copy_from_device_async(src.data, src.nbytes, stream)

    copy()
    err = 0.0 if bool((dst == src).all()) else 1.0
    ms = pg.event_ms(cp.cuda.Event, cp.cuda.get_elapsed_time, copy, cp.cuda.Device().synchronize, BATCH, MIN_REPEATS)
    pg.record("cupy_memcpy", "copy", "float32", n, 8.0 * n, ms, err,
              note="cudaMemcpyAsync through CuPy, CUDA events around 10 back-to-back copies")
    del src, dst
    cp.get_default_memory_pool().free_all_blocks()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", default="")
    p.add_argument("--only", default="cupy,torch,jax")
    p.add_argument("--shapes", default="", help="RxC,... (default: the three shapes; --quick: two)")
    p.add_argument("--patterns", default=",".join(PATTERNS))
    args = p.parse_args()
    pg.JSON_PATH = args.json
    shapes = QUICK_SHAPES if args.quick else SHAPES
    if args.shapes:
        shapes = [tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",") if s]
    patterns = [q for q in args.patterns.split(",") if q]
    only = [q for q in args.only.split(",") if q]
    t_start = time.perf_counter()
    try:
        import cupy as cp
        xp = cp
        pg.log(f"CuPy {cp.__version__}, device {cp.cuda.runtime.getDeviceProperties(0)['name'].decode()}; "
               "references in float64 with CuPy on the GPU")
    except Exception as e:  # noqa: BLE001 - no CuPy: references with NumPy, CuPy's column unsupported
        cp, xp = None, np
        pg.log(f"peers_rows: CuPy cannot be imported ({e}); references in float64 with NumPy on the host")

    def to_ref_from_dlpack(r):
        if xp is np:
            return np.asarray(r.cpu() if hasattr(r, "cpu") else r)
        try:
            return cp.from_dlpack(r.detach().contiguous() if hasattr(r, "detach") else r)
        except Exception:  # noqa: BLE001 - older interop: through the host
            return cp.asarray(np.asarray(r.cpu() if hasattr(r, "cpu") else r))

    libraries = []
    for peer in only:
        t0 = time.perf_counter()
        try:
            if peer == "cupy":
                if cp is None:
                    raise ImportError("CuPy cannot be imported")
                libraries.append(cupy_library(cp, lambda r: r))
            elif peer == "torch":
                import torch
                if not torch.cuda.is_available():
                    raise ImportError("torch sees no CUDA device")
                pg.log(f"PyTorch {torch.__version__}")
                libraries.append(torch_library(torch, to_ref_from_dlpack))
            elif peer == "jax":
                import jax
                pg.log(f"JAX {jax.__version__}, devices {jax.devices()}")
                libraries.append(jax_library(jax, to_ref_from_dlpack))
            else:
                raise ImportError(f"unknown peer {peer}")
            pg.log(f"-- {peer} loaded in {time.perf_counter() - t0:.1f} s")
        except Exception as e:  # noqa: BLE001 - a peer that cannot load is a result
            pg.log(f"peers_rows: {peer} skipped: {pg.failure(e)}")
            pg.record(peer, "rows", "float32", 0, 0, status="unsupported", note=f"cannot load: {pg.failure(e)}")
    pg.checkpoint()
    if not libraries:
        pg.log("peers_rows: no peer loaded; nothing to measure")
        return 0
    run(shapes, patterns, libraries, xp, cp)
    pg.log(f"peers_rows: done in {time.perf_counter() - t_start:.1f} s")
    return 0


def run(shapes, patterns, libraries, xp, cp):
    """Each shape, each pattern, each library: check against the float64 reference, time if right."""
    t_start = time.perf_counter()
    copied = set()
    for shape in shapes:
        n = shape[0] * shape[1]
        if cp is not None and n not in copied:
            try:
                run_copy(cp, shape)
            except Exception as e:  # noqa: BLE001
                pg.record("cupy_memcpy", "copy", "float32", n, 8.0 * n, status="error", note=pg.failure(e))
            copied.add(n)
        x_host = make_input(shape)
        x_ref = xp.asarray(x_host)
        inputs = {}
        for lib in libraries:
            try:
                inputs[id(lib)] = lib.put(x_host)
            except Exception as e:  # noqa: BLE001
                for impl in lib.flavours:
                    pg.record(impl, workload("input", shape), "float32", n, 0, status="error", note=pg.failure(e))
        for pattern in patterns:
            name, b = workload(pattern, shape), nbytes(pattern, shape)
            try:
                ref = reference(xp, pattern, x_ref)
            except Exception as e:  # noqa: BLE001
                pg.record("reference", name, "float32", n, b, status="error", note=pg.failure(e))
                continue
            for lib in libraries:
                if id(lib) not in inputs:
                    continue
                x = inputs[id(lib)]
                for impl, fns in lib.flavours.items():
                    if pattern not in fns:
                        continue
                    fn = fns[pattern]
                    last = [None]

                    def call(fn=fn, x=x, last=last):
                        last[0] = fn(x)

                    def wait(last=last, lib=lib):
                        lib.wait(last[0])

                    try:
                        t0 = time.perf_counter()
                        call()  # torch.compile and JAX: trace and compile here, left out of the timing
                        wait()
                        first_s = time.perf_counter() - t0
                        err = rel_error(xp, lib.back(last[0]), ref, 0.0 if pattern in RELATIVE else 1.0)
                        last[0] = None
                        shape_note = f"{shape[0]}x{shape[1]}"
                        if not err <= pg.tolerance("float32"):
                            pg.record(impl, name, "float32", n, b, rel_error=err, status="wrong", note=shape_note)
                            continue
                        ms = lib.time(call, wait)
                        pg.record(impl, name, "float32", n, b, ms, err,
                                  note=f"{shape_note}; {lib.note} {BATCH} back-to-back calls; first call "
                                       f"{first_s * 1e3:.0f} ms (left out)")
                    except Exception as e:  # noqa: BLE001 - a peer failing is a result
                        traceback.print_exc()
                        pg.record(impl, name, "float32", n, b, status="error", note=pg.failure(e))
                    last[0] = None
                    pg.checkpoint()
            del ref
            if cp is not None:
                cp.get_default_memory_pool().free_all_blocks()
        del x_ref, inputs
        for lib in libraries:
            lib.cleanup()
        pg.log(f"-- {shape[0]}x{shape[1]} done at {time.perf_counter() - t_start:.1f} s")
    pg.checkpoint()


if __name__ == "__main__":
    sys.exit(main())
