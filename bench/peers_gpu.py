#!/usr/bin/env python3
"""GPU peers of sinter, timed in the same run as bench/gpu_expressions.cpp: CuPy (natural code,
cupy.fuse, ElementwiseKernel / ReductionKernel), PyTorch (eager and torch.compile) and JAX (jit), on
E1..E7 of shared/anchors.md, the reductions (sum of a vector, sums of a matrix over axis 0 and 1)
and the 2-D workloads (heat2d, softmax_rows, layernorm_rows). Each result is checked against a
float64 reference computed on the GPU from the same inputs; a wrong result is recorded as wrong,
not timed. A peer whose import fails is skipped with a record saying why. Writes JSON records in
the CPU suite's format ("suite": "gpu"), again after each workload, so a run cut short keeps
what it measured.

Every library runs through one loop (run_library); what differs per library is an Adapter: how
inputs come from CuPy and results go back, how to wait for the device, and how to time.
Timing: device events around a batch of back-to-back calls after a warm-up (JAX: host clock and
block_until_ready), median of >= 9 batches; per-call cost at 1024 elements (E1..E7): 2000
back-to-back calls, then one synchronize (as shared/anchors.md measures); cold compile: the first
call of a new function minus a warm call.

usage: peers_gpu.py [--quick] [--json PATH] [--only cupy,torch,jax]
"""
import argparse
import json
import math
import os
import sys
import time
import traceback

os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")  # JAX must not take 75% of the GPU

SIZES = [1 << 10, 1 << 20, 1 << 24, 1 << 28]
EXPRS = ["E1", "E2", "E3", "E4", "E5", "E6", "E7"]
WORKLOADS = EXPRS + ["sum", "sum_axis0", "sum_axis1", "heat2d", "softmax_rows", "layernorm_rows"]
MATRIX = {"sum_axis0", "sum_axis1", "heat2d", "softmax_rows", "layernorm_rows"}
# Reductions: GB/s = bytes read / time. Errors of these and of softmax are purely relative (floor 0).
REDUCTIONS = {"E6", "sum", "sum_axis0", "sum_axis1"}
RELATIVE = REDUCTIONS | {"softmax_rows"}
HEAT_K = 0.1  # heat2d's diffusion number (bench/workloads.h kHeat)
LAYERNORM_EPS = 1e-5
RECORDS = []
JSON_PATH = ""


def log(*a):
    print(*a, flush=True)


def summarize(ms):
    ms = sorted(ms)

    def at(q):
        pos = q * (len(ms) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(ms) - 1)
        return ms[lo] + (ms[hi] - ms[lo]) * (pos - lo)

    return {"min_ms": ms[0], "max_ms": ms[-1], "q1_ms": at(0.25), "q3_ms": at(0.75), "repeats": len(ms)}, at(0.5)


def tolerance(dtype):
    return 1e-10 if dtype == "float64" else 1e-4


def record(impl, workload, dtype, size, bytes_, ms_list=None, rel_error=None, status="ok", note=""):
    if status == "ok" and rel_error is not None and not (rel_error <= tolerance(dtype)):
        status = "wrong"
    r = {"suite": "gpu", "impl": impl, "workload": workload, "size": size, "dtype": dtype, "threads": 1}
    if status == "ok" and ms_list:
        spread, med = summarize(ms_list)
        r.update({"ms": med, "gbps": bytes_ / (med * 1e6) if bytes_ else 0, "spread": spread})
    else:
        r.update({"ms": None, "gbps": None, "spread": None})
    r.update({"rel_error": rel_error, "bytes": bytes_, "status": status, "note": note})
    RECORDS.append(r)
    if r["ms"] is not None:
        log(f"{impl:<16} {workload:<22} {dtype:<7} n={size:<10} {r['ms']:10.4f} ms {r['gbps']:8.1f} GB/s"
            f"  err {rel_error if rel_error is not None else '-'} {note}")
    else:
        log(f"{impl:<16} {workload:<22} {dtype:<7} n={size:<10} {status} (err {rel_error}) {note}")


def checkpoint():
    if JSON_PATH:
        with open(JSON_PATH, "w") as f:
            json.dump(RECORDS, f, indent=1)


def failure(e):
    return f"{type(e).__name__}: {e}"[:300]


# ---- the workloads: inputs and float64 references made with CuPy (every peer shares them) ----

def matrix_shape(n):
    """rows = the largest power of two <= sqrt(n), cols = n // rows (bench/workloads.h)."""
    rows = 1
    while (rows * 2) ** 2 <= n:
        rows *= 2
    return rows, n // rows


def dtype_of(name):
    return "float64" if name == "E7" else "float32"


def elements(name, n):
    rows, cols = matrix_shape(n)
    return rows * cols if name in MATRIX else n


def nbytes(name, n):
    """Bytes read once + written once; for reductions bytes read (the result is not counted)."""
    if name == "E7":
        return 24.0 * n
    if name == "E6":
        return 8.0 * n
    if name in ("sum", "sum_axis0", "sum_axis1"):
        return 4.0 * elements(name, n)
    if name == "heat2d":
        rows, cols = matrix_shape(n)
        return 4.0 * (rows * cols + (rows - 2) * (cols - 2))
    if name in ("softmax_rows", "layernorm_rows"):
        return 8.0 * elements(name, n)
    return 12.0 * n


def make_inputs(cp, name, n):
    """Uniform in [0.1, 1.1) as sinter's bench uses; a different generator, the same distribution."""
    rs = cp.random.RandomState(1234 + n)
    dt = cp.float64 if name == "E7" else cp.float32
    if name in MATRIX:
        return ((0.1 + rs.random_sample(matrix_shape(n), dtype=cp.float64)).astype(dt),)
    x = (0.1 + rs.random_sample(n, dtype=cp.float64)).astype(dt)
    if name == "sum":
        return (x,)
    y = (0.1 + rs.random_sample(n, dtype=cp.float64)).astype(dt)
    return x, y


def heat2d(xp, u, k):
    c = u[1:-1, 1:-1]
    return c + k * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4 * c)


def reference(cp, name, *inputs):
    a = [v.astype(cp.float64) for v in inputs]
    if name == "E1":
        return a[0] + a[1]
    if name in ("E2", "E7"):
        return a[0] * a[1] + 3 * a[0] - a[1] / 2
    if name == "E3":
        return cp.sqrt(a[0] * a[0] + a[1] * a[1])
    if name == "E4":
        return cp.exp(-a[0] * a[0]) * cp.sin(a[1]) + cp.cos(a[0] * a[1])
    if name == "E5":
        return cp.where(a[0] > a[1], a[0] - a[1], 0.5 * a[1])
    if name == "E6":
        return cp.sum((a[0] - a[1]) ** 2)
    if name == "sum":
        return cp.sum(a[0])
    if name == "sum_axis0":
        return a[0].sum(axis=0)
    if name == "sum_axis1":
        return a[0].sum(axis=1)
    if name == "heat2d":
        return heat2d(cp, a[0], HEAT_K)
    if name == "softmax_rows":
        e = cp.exp(a[0] - a[0].max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    if name == "layernorm_rows":
        mu = a[0].mean(axis=1, keepdims=True)
        return (a[0] - mu) / cp.sqrt(a[0].var(axis=1, keepdims=True) + LAYERNORM_EPS)
    raise ValueError(name)


def rel_error(cp, got, ref, floor):
    """max |got - ref| / max(|ref|, floor); NaN where the reference has none is an infinite error."""
    got = cp.asarray(got).astype(cp.float64).reshape(ref.shape)
    if bool((cp.isnan(got) != cp.isnan(ref)).any()):
        return math.inf
    err = cp.abs(got - ref) / cp.maximum(cp.abs(ref), floor)
    return float(cp.nan_to_num(err, nan=0.0).max())


# ---- timing ----

def batch_for(n):
    """Calls per timed batch: back-to-back calls, as a pipeline issues them (the same for sinter)."""
    return 2 if n >= 1 << 28 else 10


def event_ms(make_event, elapsed, fn, sync, batch, min_repeats=9, budget_ms=200.0):
    """Device events around `batch` back-to-back fn() calls, per call; >= min_repeats batches."""
    fn()
    sync()
    start, stop = make_event(), make_event()

    def once():
        start.record()
        for _ in range(batch):
            fn()
        stop.record()
        stop.synchronize()
        return elapsed(start, stop) / batch

    one = max(once(), 1e-4)
    reps = max(min_repeats, min(300, int(budget_ms / one)))
    return [once() for _ in range(reps)]


def wall_ms(fn, sync, batch, min_repeats=9, budget_ms=200.0):
    """Host clock around `batch` back-to-back fn() calls + sync (JAX: block_until_ready), per call."""
    fn()
    sync()
    t = time.perf_counter()
    fn()
    sync()
    one = max((time.perf_counter() - t) * 1e3, 1e-4)
    reps = max(min_repeats, min(300, int(budget_ms / (one * batch))))
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(batch):
            fn()
        sync()
        out.append((time.perf_counter() - t) * 1e3 / batch)
    return out


def per_call_us(fn, sync, calls=2000, repeats=7):
    fn()
    sync()
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(calls):
            fn()
        sync()
        out.append((time.perf_counter() - t) * 1e3 / calls)
    return out


class Adapter:
    """What run_library needs from a library.

    flavours: {impl: {workload: fn(*inputs)}} (a workload missing from a flavour is not run);
    convert(cupy array) -> the library's array; back(result) -> a CuPy array;
    call(fn, args) -> a callable that runs fn(*args) and keeps its result;
    wait(): waits for the last call's result; time(call, batch, min_repeats) -> ms per call;
    note: how the time was taken; cleanup(): frees the library's cached memory."""

    def __init__(self, flavours, convert, back, wait_all, time_fn, note, cleanup=lambda: None):
        self.flavours, self.convert, self.back, self.cleanup, self.note = flavours, convert, back, cleanup, note
        self._wait_all, self._time = wait_all, time_fn
        self.last = None

    def call(self, fn, args):
        def run():
            self.last = fn(*args)
        return run

    def wait(self):
        self._wait_all(self.last)

    def time(self, call, batch, min_repeats):
        return self._time(call, self.wait, batch, min_repeats)


def run_library(cp, lib, sizes):
    """Cold compile of each function at 1024 elements, then every workload at every size: check
    against the float64 reference, time if right, and at 1024 elements the per-call cost of E1..E7."""
    for impl, fns in lib.flavours.items():
        for name in WORKLOADS:
            if name not in fns:
                continue
            try:
                call = lib.call(fns[name], [lib.convert(a) for a in make_inputs(cp, name, 1024)])
                t = time.perf_counter()
                call()
                lib.wait()
                first = (time.perf_counter() - t) * 1e3
                t = time.perf_counter()
                call()
                lib.wait()
                warm = (time.perf_counter() - t) * 1e3
                record(impl, f"cold_{name}", dtype_of(name), 1024, 0, [first - warm],
                       note="first call (trace + compile) minus a warm one")
            except Exception as e:  # noqa: BLE001 - a peer failing is a result
                record(impl, f"cold_{name}", dtype_of(name), 1024, 0, status="error", note=failure(e))
    for n in sizes:
        for name in WORKLOADS:
            impls = [impl for impl, fns in lib.flavours.items() if name in fns]
            if not impls:
                continue
            dtype, size, b = dtype_of(name), elements(name, n), nbytes(name, n)
            shape = "%d x %d" % matrix_shape(n) if name in MATRIX else ""
            inputs = make_inputs(cp, name, n)
            ref = reference(cp, name, *inputs)
            args = [lib.convert(a) for a in inputs]
            for impl in impls:
                call = lib.call(lib.flavours[impl][name], args)
                try:
                    call()
                    lib.wait()
                    err = rel_error(cp, lib.back(lib.last), ref, 0.0 if name in RELATIVE else 1.0)
                    lib.last = None
                    if not err <= tolerance(dtype):
                        record(impl, name, dtype, size, b, rel_error=err, status="wrong", note=shape)
                        continue
                    ms = lib.time(call, batch_for(n), 9 if n >= 1 << 28 else 15)
                    record(impl, name, dtype, size, b, ms, err,
                           note=f"{shape}{'; ' if shape else ''}{lib.note} {batch_for(n)} back-to-back calls")
                    if n == 1024 and name in EXPRS:
                        record(impl, f"{name}_call", dtype, n, b, per_call_us(call, lib.wait), err,
                               note="per call over 2000 back-to-back calls then one synchronize")
                except Exception as e:  # noqa: BLE001
                    record(impl, name, dtype, size, b, status="error", note=failure(e))
                lib.last = None
            del inputs, ref, args
            lib.cleanup()
            cp.get_default_memory_pool().free_all_blocks()
            checkpoint()


# ---- each library: its flavours and its adapter ----

def cupy_library(cp):
    def softmax(x):
        e = cp.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def layernorm(x):
        mu = x.mean(axis=1, keepdims=True)
        return (x - mu) / cp.sqrt(x.var(axis=1, keepdims=True) + LAYERNORM_EPS)

    natural = {
        "E1": lambda x, y: x + y,
        "E2": lambda x, y: x * y + 3 * x - y / 2,
        "E3": lambda x, y: cp.sqrt(x * x + y * y),
        "E4": lambda x, y: cp.exp(-x * x) * cp.sin(y) + cp.cos(x * y),
        "E5": lambda x, y: cp.where(x > y, x - y, 0.5 * y),
        "E6": lambda x, y: cp.sum((x - y) ** 2),
        "sum": lambda x: cp.sum(x),
        "sum_axis0": lambda x: x.sum(axis=0),
        "sum_axis1": lambda x: x.sum(axis=1),
        "heat2d": lambda u: heat2d(cp, u, HEAT_K),
        "softmax_rows": softmax,
        "layernorm_rows": layernorm,
    }

    # cupy.fuse names its kernel after the function (a lambda is refused): named functions. It
    # applies to elementwise work and a final reduction; heat2d passes the five shifted views.
    def e1(x, y):
        return x + y

    def e2(x, y):
        return x * y + 3 * x - y / 2

    def e3(x, y):
        return cp.sqrt(x * x + y * y)

    def e4(x, y):
        return cp.exp(-x * x) * cp.sin(y) + cp.cos(x * y)

    def e5(x, y):
        return cp.where(x > y, x - y, 0.5 * y)

    def e6(x, y):
        return cp.sum((x - y) * (x - y))

    def total(x):
        return cp.sum(x)

    def total0(x):
        return cp.sum(x, axis=0)

    def total1(x):
        return cp.sum(x, axis=1)

    def stencil(c, n, s, w, e):
        return c + HEAT_K * (n + s + w + e - 4 * c)

    fused = {name: cp.fuse(kernel_name=f"sinter_peer_fuse_{name.lower()}")(f)
             for name, f in {"E1": e1, "E2": e2, "E3": e3, "E4": e4, "E5": e5, "E6": e6, "sum": total,
                             "sum_axis0": total0, "sum_axis1": total1, "heat2d": stencil}.items()}
    fused_stencil = fused.pop("heat2d")
    fused["heat2d"] = lambda u: fused_stencil(u[1:-1, 1:-1], u[:-2, 1:-1], u[2:, 1:-1], u[1:-1, :-2], u[1:-1, 2:])

    def k(body, name):
        return cp.ElementwiseKernel("T x, T y", "T z", body, name)

    # ReductionKernel as written with the array's type: float32 accumulation for float32 inputs.
    red_sum = cp.ReductionKernel("T x", "T z", "x", "a + b", "z = a", "0", "sinter_peer_sum")
    stencil_kernel = cp.ElementwiseKernel("T c, T n, T s, T w, T e", "T z",
                                          f"z = c + (T){HEAT_K} * (n + s + w + e - (T)4 * c)", "sinter_peer_heat2d")
    kernels = {
        "E1": k("z = x + y", "sinter_peer_e1"),
        "E2": k("z = x * y + (T)3 * x - y / (T)2", "sinter_peer_e2"),
        "E3": k("z = sqrt(x * x + y * y)", "sinter_peer_e3"),
        "E4": k("z = exp(-x * x) * sin(y) + cos(x * y)", "sinter_peer_e4"),
        "E5": k("z = x > y ? x - y : (T)0.5 * y", "sinter_peer_e5"),
        "E6": cp.ReductionKernel("T x, T y", "T z", "(x - y) * (x - y)", "a + b", "z = a", "0", "sinter_peer_e6"),
        "sum": red_sum,
        "sum_axis0": lambda x: red_sum(x, axis=0),
        "sum_axis1": lambda x: red_sum(x, axis=1),
        "heat2d": lambda u: stencil_kernel(u[1:-1, 1:-1], u[:-2, 1:-1], u[2:, 1:-1], u[1:-1, :-2], u[1:-1, 2:]),
    }
    flavours = {"cupy": natural, "cupy_fuse": fused, "cupy_elementwise": kernels}
    for fns in flavours.values():
        fns["E7"] = fns["E2"]  # E2 on float64 inputs
    sync = cp.cuda.Device().synchronize
    return Adapter(flavours, lambda a: a, lambda r: r, lambda last: sync(),
                   lambda call, wait, batch, reps: event_ms(cp.cuda.Event, cp.cuda.get_elapsed_time, call, wait,
                                                            batch, reps),
                   "CUDA events around")


def torch_library(torch, cp):
    import torch.nn.functional as F

    def heat(u):
        c = u[1:-1, 1:-1]
        return c + HEAT_K * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4 * c)

    def natural():
        return {
            "E1": lambda x, y: x + y,
            "E2": lambda x, y: x * y + 3 * x - y / 2,
            "E3": lambda x, y: torch.sqrt(x * x + y * y),
            "E4": lambda x, y: torch.exp(-x * x) * torch.sin(y) + torch.cos(x * y),
            "E5": lambda x, y: torch.where(x > y, x - y, 0.5 * y),
            "E6": lambda x, y: torch.sum((x - y) ** 2),
            "sum": lambda x: torch.sum(x),
            "sum_axis0": lambda x: torch.sum(x, 0),
            "sum_axis1": lambda x: torch.sum(x, 1),
            "heat2d": heat,
            "softmax_rows": lambda x: torch.softmax(x, 1),
            "layernorm_rows": lambda x: F.layer_norm(x, (x.shape[1],), eps=LAYERNORM_EPS),
        }

    eager = natural()
    compiled = {k: torch.compile(v) for k, v in natural().items()}
    flavours = {"torch": eager, "torch_compile": compiled}
    for fns in flavours.values():
        fns["E7"] = fns["E2"]

    def cleanup():
        torch.cuda.empty_cache()

    return Adapter(flavours, torch.from_dlpack, lambda r: cp.from_dlpack(r.detach().contiguous()),
                   lambda last: torch.cuda.synchronize(),
                   lambda call, wait, batch, reps: event_ms(lambda: torch.cuda.Event(enable_timing=True),
                                                            lambda a, b: a.elapsed_time(b), call, wait, batch, reps),
                   "CUDA events around", cleanup)


def jax_library(jax, cp):
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)  # for E7; float32 inputs stay float32

    def layernorm(x):
        mu = jnp.mean(x, axis=1, keepdims=True)
        d = x - mu
        return d / jnp.sqrt(jnp.mean(d * d, axis=1, keepdims=True) + LAYERNORM_EPS)

    # 0.5 * y and 3 * x stay in the array's dtype (weak Python scalars)
    fns = {
        "E1": jax.jit(lambda x, y: x + y),
        "E2": jax.jit(lambda x, y: x * y + 3 * x - y / 2),
        "E3": jax.jit(lambda x, y: jnp.sqrt(x * x + y * y)),
        "E4": jax.jit(lambda x, y: jnp.exp(-x * x) * jnp.sin(y) + jnp.cos(x * y)),
        "E5": jax.jit(lambda x, y: jnp.where(x > y, x - y, 0.5 * y)),
        "E6": jax.jit(lambda x, y: jnp.sum((x - y) ** 2)),
        "sum": jax.jit(jnp.sum),
        "sum_axis0": jax.jit(lambda x: jnp.sum(x, axis=0)),
        "sum_axis1": jax.jit(lambda x: jnp.sum(x, axis=1)),
        "heat2d": jax.jit(lambda u: heat2d(jnp, u, HEAT_K)),
        "softmax_rows": jax.jit(lambda x: jax.nn.softmax(x, axis=1)),
        "layernorm_rows": jax.jit(layernorm),
    }
    fns["E7"] = fns["E2"]

    def convert(a):
        try:
            return jax.dlpack.from_dlpack(a)
        except Exception:  # noqa: BLE001 - older interop: through the host
            return jnp.asarray(cp.asnumpy(a))

    def back(r):
        try:
            return cp.from_dlpack(r)
        except Exception:  # noqa: BLE001
            return cp.asarray(jax.device_get(r))

    return Adapter({"jax": fns}, convert, back, lambda last: last.block_until_ready(), wall_ms,
                   "host clock and block_until_ready around")


def main():
    global JSON_PATH
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", default="")
    p.add_argument("--only", default="cupy,torch,jax")
    args = p.parse_args()
    JSON_PATH = args.json
    sizes = SIZES[:3] if args.quick else SIZES
    only = set(args.only.split(","))
    try:
        import cupy as cp
    except Exception as e:  # noqa: BLE001
        log(f"peers_gpu: CuPy cannot be imported ({e}); it makes the inputs and references, so nothing runs")
        for impl in ["cupy", "cupy_fuse", "cupy_elementwise", "torch", "torch_compile", "jax"]:
            record(impl, "E1", "float32", 0, 0, status="unsupported", note=f"CuPy import failed: {e}")
        checkpoint()
        return 0
    log(f"CuPy {cp.__version__}, device {cp.cuda.runtime.getDeviceProperties(0)['name'].decode()}")

    def load(peer):
        if peer == "cupy":
            return cupy_library(cp)
        if peer == "torch":
            import torch
            log(f"PyTorch {torch.__version__}")
            return torch_library(torch, cp)
        import jax
        log(f"JAX {jax.__version__}")
        return jax_library(jax, cp)

    for peer in ["cupy", "torch", "jax"]:
        if peer not in only:
            continue
        t0 = time.perf_counter()
        try:
            run_library(cp, load(peer), sizes)
        except ImportError as e:
            log(f"peers_gpu: {peer} skipped: {e}")
            record(peer, "E1", "float32", 0, 0, status="unsupported", note=f"import failed: {e}")
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            record(peer, "E1", "float32", 0, 0, status="error", note=failure(e))
        checkpoint()
        log(f"-- {peer}: {time.perf_counter() - t0:.1f} s")
    checkpoint()
    return 0


if __name__ == "__main__":
    sys.exit(main())
