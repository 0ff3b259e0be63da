#!/usr/bin/env python3
"""GPU peers of sinter, timed in the same run as bench/gpu_expressions.cpp: CuPy (natural code,
cupy.fuse, ElementwiseKernel), PyTorch (eager and torch.compile) and JAX (jit), on E1..E7 of
shared/anchors.md. Each result is checked against a float64 reference computed on the GPU from
the same inputs; a wrong result is recorded as wrong, not timed. A peer whose import fails is
skipped with a record saying why. Writes JSON records in the CPU suite's format ("suite": "gpu").

Timing: device events around one call after a warm-up (median of >= 9 repeats); per-call cost
at 1024 elements: 2000 back-to-back calls, then one synchronize (as shared/anchors.md measures);
cold compile: the first call of a new expression minus a warm call.

usage: peers_gpu.py [--quick] [--json PATH] [--only cupy,torch,jax]
"""
import argparse
import json
import math
import os
import statistics
import sys
import time
import traceback

os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")  # JAX must not take 75% of the GPU

SIZES = [1 << 10, 1 << 20, 1 << 24, 1 << 28]
EXPRS = ["E1", "E2", "E3", "E4", "E5", "E6", "E7"]
RECORDS = []


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


def record(impl, workload, dtype, size, bytes_, ms_list=None, rel_error=None, status="ok", note=""):
    tol = 1e-10 if dtype == "float64" else 1e-4
    if status == "ok" and rel_error is not None and not (rel_error <= tol):
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


# ---- inputs and the float64 reference, made with CuPy (every peer shares the same inputs) ----

def make_inputs(cp, n, dtype):
    # Uniform in [0.1, 1.1) as sinter's bench uses; a different generator, the same distribution.
    rs = cp.random.RandomState(1234 + n)
    x = (0.1 + rs.random_sample(n, dtype=cp.float64)).astype(dtype)
    y = (0.1 + rs.random_sample(n, dtype=cp.float64)).astype(dtype)
    return x, y


def reference(cp, name, x, y):
    a, b = x.astype(cp.float64), y.astype(cp.float64)
    if name == "E1":
        return a + b
    if name in ("E2", "E7"):
        return a * b + 3 * a - b / 2
    if name == "E3":
        return cp.sqrt(a * a + b * b)
    if name == "E4":
        return cp.exp(-a * a) * cp.sin(b) + cp.cos(a * b)
    if name == "E5":
        return cp.where(a > b, a - b, 0.5 * b)
    if name == "E6":
        return cp.sum((a - b) ** 2)
    raise ValueError(name)


def rel_error(cp, got, ref):
    got = cp.asarray(got).astype(cp.float64)
    if ref.ndim == 0:
        return float(abs(got - ref) / abs(ref))
    err = cp.abs(got - ref) / cp.maximum(cp.abs(ref), 1.0)
    bad = cp.isnan(got) != cp.isnan(ref)
    if bool(bad.any()):
        return math.inf
    return float(cp.nan_to_num(err, nan=0.0).max())


def nbytes(name, n):
    if name == "E7":
        return 24.0 * n
    if name == "E6":
        return 8.0 * n + 4
    return 12.0 * n


# ---- timing helpers, per framework ----

class Timer:
    """sync(): wait for the device; event pair around fn() for device-side timing."""

    def __init__(self, make_event, sync):
        self.make_event, self.sync = make_event, sync

    def event_ms(self, fn, batch, min_repeats=9, budget_ms=200.0):
        fn()
        self.sync()
        start, stop = self.make_event(), self.make_event()

        def once():
            start.record()
            for _ in range(batch):
                fn()
            stop.record()
            stop.synchronize()
            return self.elapsed(start, stop) / batch

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


def batch_for(n):
    """Calls per timed batch: back-to-back calls, as a pipeline issues them (the same for sinter)."""
    return 2 if n >= 1 << 28 else 10


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


# ---- each peer: a dict name -> callable(x, y) for its flavour ----

def cupy_flavours(cp):
    def natural():
        return {
            "E1": lambda x, y: x + y,
            "E2": lambda x, y: x * y + 3 * x - y / 2,
            "E3": lambda x, y: cp.sqrt(x * x + y * y),
            "E4": lambda x, y: cp.exp(-x * x) * cp.sin(y) + cp.cos(x * y),
            "E5": lambda x, y: cp.where(x > y, x - y, 0.5 * y),
            "E6": lambda x, y: cp.sum((x - y) ** 2),
        }

    def fused():
        # Named functions: cupy.fuse names its kernel after the function (a lambda is refused).
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

        return {name: cp.fuse(kernel_name=f"sinter_peer_fuse_{name.lower()}")(f)
                for name, f in {"E1": e1, "E2": e2, "E3": e3, "E4": e4, "E5": e5, "E6": e6}.items()}

    def elementwise():
        def k(body, name):
            return cp.ElementwiseKernel("T x, T y", "T z", body, name)

        kernels = {
            "E1": k("z = x + y", "sinter_peer_e1"),
            "E2": k("z = x * y + (T)3 * x - y / (T)2", "sinter_peer_e2"),
            "E3": k("z = sqrt(x * x + y * y)", "sinter_peer_e3"),
            "E4": k("z = exp(-x * x) * sin(y) + cos(x * y)", "sinter_peer_e4"),
            "E5": k("z = x > y ? x - y : (T)0.5 * y", "sinter_peer_e5"),
        }
        red = cp.ReductionKernel("T x, T y", "T z", "(x - y) * (x - y)", "a + b", "z = a", "0", "sinter_peer_e6")
        out = {name: kern for name, kern in kernels.items()}
        out["E6"] = red
        return out

    return {"cupy": natural(), "cupy_fuse": fused(), "cupy_elementwise": elementwise()}


def run_cupy(cp, sizes):
    timer = Timer(cp.cuda.Event, cp.cuda.Device().synchronize)
    timer.elapsed = lambda a, b: cp.cuda.get_elapsed_time(a, b)
    flavours = cupy_flavours(cp)
    for impl, fns in flavours.items():
        for name in EXPRS:
            # cold compile: first call of a new kernel (CuPy also caches kernels on disk:
            # gpu-check.sh points CUPY_CACHE_DIR at an empty directory)
            fn = fns["E2" if name == "E7" else name]
            dt = cp.float64 if name == "E7" else cp.float32
            x, y = make_inputs(cp, 1024, dt)
            try:
                t = time.perf_counter()
                fn(x, y)
                cp.cuda.Device().synchronize()
                first = (time.perf_counter() - t) * 1e3
                t = time.perf_counter()
                fn(x, y)
                cp.cuda.Device().synchronize()
                warm = (time.perf_counter() - t) * 1e3
                record(impl, f"cold_{name}", "float64" if name == "E7" else "float32", 1024, 0, [first - warm],
                       note="first call minus a warm one")
            except Exception as e:  # noqa: BLE001
                record(impl, f"cold_{name}", "float32", 1024, 0, status="error", note=f"{type(e).__name__}: {e}"[:300])
    for n in sizes:
        for name in EXPRS:
            dt = cp.float64 if name == "E7" else cp.float32
            dtype = "float64" if name == "E7" else "float32"
            x, y = make_inputs(cp, n, dt)
            ref = reference(cp, name, x, y)
            for impl, fns in flavours.items():
                fn = fns["E2" if name == "E7" else name]
                try:
                    err = rel_error(cp, fn(x, y), ref)
                    if not err <= (1e-10 if dtype == "float64" else 1e-4):
                        record(impl, name, dtype, n, nbytes(name, n), rel_error=err, status="wrong")
                        continue
                    ms = timer.event_ms(lambda: fn(x, y), batch_for(n), 9 if n >= 1 << 28 else 15)
                    record(impl, name, dtype, n, nbytes(name, n), ms, err,
                           note=f"CUDA events around {batch_for(n)} back-to-back calls")
                    if n == 1024:
                        record(impl, f"{name}_call", dtype, n, nbytes(name, n),
                               per_call_us(lambda: fn(x, y), cp.cuda.Device().synchronize), err,
                               note="per call over 2000 back-to-back calls then one synchronize")
                except Exception as e:  # noqa: BLE001 - a peer failing is a result
                    record(impl, name, dtype, n, nbytes(name, n), status="error", note=f"{type(e).__name__}: {e}"[:300])
            del x, y, ref
            cp.get_default_memory_pool().free_all_blocks()


def run_torch(torch, cp, sizes):
    dev = torch.device("cuda")
    sync = torch.cuda.synchronize

    def natural():
        return {
            "E1": lambda x, y: x + y,
            "E2": lambda x, y: x * y + 3 * x - y / 2,
            "E3": lambda x, y: torch.sqrt(x * x + y * y),
            "E4": lambda x, y: torch.exp(-x * x) * torch.sin(y) + torch.cos(x * y),
            "E5": lambda x, y: torch.where(x > y, x - y, 0.5 * y),
            "E6": lambda x, y: torch.sum((x - y) ** 2),
        }

    eager = natural()
    compiled = {k: torch.compile(v) for k, v in natural().items()}
    flavours = {"torch": eager, "torch_compile": compiled}
    timer = Timer(lambda: torch.cuda.Event(enable_timing=True), sync)
    timer.elapsed = lambda a, b: a.elapsed_time(b)
    for impl, fns in flavours.items():
        for name in EXPRS:
            fn = fns["E2" if name == "E7" else name]
            dt = torch.float64 if name == "E7" else torch.float32
            x = torch.rand(1024, device=dev, dtype=dt) + 0.1
            y = torch.rand(1024, device=dev, dtype=dt) + 0.1
            t = time.perf_counter()
            fn(x, y)
            sync()
            first = (time.perf_counter() - t) * 1e3
            t = time.perf_counter()
            fn(x, y)
            sync()
            warm = (time.perf_counter() - t) * 1e3
            record(impl, f"cold_{name}", "float64" if name == "E7" else "float32", 1024, 0, [first - warm],
                   note="first call minus a warm one")
    for n in sizes:
        for name in EXPRS:
            dtype = "float64" if name == "E7" else "float32"
            xc, yc = make_inputs(cp, n, cp.float64 if name == "E7" else cp.float32)
            ref = reference(cp, name, xc, yc)
            x, y = torch.from_dlpack(xc), torch.from_dlpack(yc)
            for impl, fns in flavours.items():
                fn = fns["E2" if name == "E7" else name]
                try:
                    err = rel_error(cp, cp.from_dlpack(fn(x, y).detach()), ref)
                    if not err <= (1e-10 if dtype == "float64" else 1e-4):
                        record(impl, name, dtype, n, nbytes(name, n), rel_error=err, status="wrong")
                        continue
                    ms = timer.event_ms(lambda: fn(x, y), batch_for(n), 9 if n >= 1 << 28 else 15)
                    record(impl, name, dtype, n, nbytes(name, n), ms, err,
                           note=f"CUDA events around {batch_for(n)} back-to-back calls")
                    if n == 1024:
                        record(impl, f"{name}_call", dtype, n, nbytes(name, n), per_call_us(lambda: fn(x, y), sync),
                               err, note="per call over 2000 back-to-back calls then one synchronize")
                except Exception as e:  # noqa: BLE001
                    record(impl, name, dtype, n, nbytes(name, n), status="error", note=f"{type(e).__name__}: {e}"[:300])
            del x, y, xc, yc, ref
            torch.cuda.empty_cache()
            cp.get_default_memory_pool().free_all_blocks()


def run_jax(jax, cp, sizes):
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)  # for E7; float32 inputs stay float32
    fns = {
        "E1": jax.jit(lambda x, y: x + y),
        "E2": jax.jit(lambda x, y: x * y + 3 * x - y / 2),
        "E3": jax.jit(lambda x, y: jnp.sqrt(x * x + y * y)),
        "E4": jax.jit(lambda x, y: jnp.exp(-x * x) * jnp.sin(y) + jnp.cos(x * y)),
        "E5": jax.jit(lambda x, y: jnp.where(x > y, x - y, 0.5 * y)),
        "E6": jax.jit(lambda x, y: jnp.sum((x - y) ** 2)),
    }
    # 0.5 * y and 3 * x stay in the array's dtype (weak Python scalars)

    def sync_on(v):
        return lambda: v.block_until_ready() if hasattr(v, "block_until_ready") else None

    for name in EXPRS:
        fn = fns["E2" if name == "E7" else name]
        xc, yc = make_inputs(cp, 1024, cp.float64 if name == "E7" else cp.float32)
        x, y = jnp.asarray(cp.asnumpy(xc)), jnp.asarray(cp.asnumpy(yc))
        t = time.perf_counter()
        fn(x, y).block_until_ready()
        first = (time.perf_counter() - t) * 1e3
        t = time.perf_counter()
        fn(x, y).block_until_ready()
        warm = (time.perf_counter() - t) * 1e3
        record("jax", f"cold_{name}", "float64" if name == "E7" else "float32", 1024, 0, [first - warm],
               note="first call (trace + XLA compile) minus a warm one")
    for n in sizes:
        for name in EXPRS:
            dtype = "float64" if name == "E7" else "float32"
            xc, yc = make_inputs(cp, n, cp.float64 if name == "E7" else cp.float32)
            ref = reference(cp, name, xc, yc)
            try:
                x, y = jax.dlpack.from_dlpack(xc), jax.dlpack.from_dlpack(yc)
            except Exception:  # noqa: BLE001 - older interop: through the host
                x, y = jnp.asarray(cp.asnumpy(xc)), jnp.asarray(cp.asnumpy(yc))
            fn = fns["E2" if name == "E7" else name]
            try:
                out = fn(x, y)
                out.block_until_ready()
                try:
                    got = cp.from_dlpack(out)
                except Exception:  # noqa: BLE001
                    got = cp.asarray(jax.device_get(out))
                err = rel_error(cp, got, ref)
                del got
                if not err <= (1e-10 if dtype == "float64" else 1e-4):
                    record("jax", name, dtype, n, nbytes(name, n), rel_error=err, status="wrong")
                    continue
                holder = {}

                def call():
                    holder["v"] = fn(x, y)

                ms = wall_ms(call, lambda: holder["v"].block_until_ready(), batch_for(n), 9 if n >= 1 << 28 else 15)
                record("jax", name, dtype, n, nbytes(name, n), ms, err,
                       note=f"host clock around {batch_for(n)} back-to-back calls + block_until_ready")
                if n == 1024:
                    record("jax", f"{name}_call", dtype, n, nbytes(name, n),
                           per_call_us(call, lambda: holder["v"].block_until_ready()), err,
                           note="per call over 2000 back-to-back calls then one block_until_ready")
            except Exception as e:  # noqa: BLE001
                record("jax", name, dtype, n, nbytes(name, n), status="error", note=f"{type(e).__name__}: {e}"[:300])
            del xc, yc, ref
            x = y = out = None
            cp.get_default_memory_pool().free_all_blocks()


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", default="")
    p.add_argument("--only", default="cupy,torch,jax")
    args = p.parse_args()
    sizes = SIZES[:3] if args.quick else SIZES
    only = set(args.only.split(","))
    try:
        import cupy as cp
    except Exception as e:  # noqa: BLE001
        log(f"peers_gpu: CuPy cannot be imported ({e}); it makes the inputs and references, so nothing runs")
        for impl in ["cupy", "cupy_fuse", "cupy_elementwise", "torch", "torch_compile", "jax"]:
            record(impl, "E1", "float32", 0, 0, status="unsupported", note=f"CuPy import failed: {e}")
        return finish(args)
    log(f"CuPy {cp.__version__}, device {cp.cuda.runtime.getDeviceProperties(0)['name'].decode()}")
    for peer, runner in [("cupy", lambda: run_cupy(cp, sizes)), ("torch", None), ("jax", None)]:
        if peer not in only:
            continue
        t0 = time.perf_counter()
        try:
            if peer == "cupy":
                runner()
            elif peer == "torch":
                import torch
                log(f"PyTorch {torch.__version__}")
                run_torch(torch, cp, sizes)
            else:
                import jax
                log(f"JAX {jax.__version__}")
                run_jax(jax, cp, sizes)
        except ImportError as e:
            log(f"peers_gpu: {peer} skipped: {e}")
            record(peer, "E1", "float32", 0, 0, status="unsupported", note=f"import failed: {e}")
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            record(peer, "E1", "float32", 0, 0, status="error", note=f"{type(e).__name__}: {e}"[:300])
        log(f"-- {peer}: {time.perf_counter() - t0:.1f} s")
    return finish(args)


def finish(args):
    if args.json:
        with open(args.json, "w") as f:
            json.dump(RECORDS, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
