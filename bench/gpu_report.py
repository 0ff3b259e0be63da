#!/usr/bin/env python3
"""Merges the GPU suite's JSON files (sinter_bench_gpu, peers_gpu.py) into
bench/results/gpu-<date>.json and writes a markdown table (ratios to the device-to-device copy
measured in the same run and to the best peer), the issue 3 targets, the accuracy of each float32
sum, sinter's kernels per call, and a PNG plot of GB/s against size per workload. The table, plot
and metadata code is shared with the CPU report (report_common.py).

usage: gpu_report.py --out-dir bench/results --command "scripts/gpu-check.sh" --machine "..." a.json b.json
"""
import argparse
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_common import (REDUCTIONS, accuracy_table, cell, details, gbps_table, git_commit, index,  # noqa: E402
                           kernels_table, load_records, ok, plots, size_label, sizes_of, write_report)

IMPLS = ["sinter", "cupy", "cupy_fuse", "cupy_elementwise", "torch", "torch_compile", "jax"]
PEERS = IMPLS[1:]
NAMES = {"sinter": "sinter", "cupy": "CuPy", "cupy_fuse": "cupy.fuse",
         "cupy_elementwise": "CuPy Elementwise/ReductionKernel", "torch": "torch eager",
         "torch_compile": "torch.compile", "jax": "JAX jit"}
EXPRS = ["E1", "E2", "E3", "E4", "E5", "E6", "E7"]  # issue 3's expressions (the targets)
WORKLOADS = EXPRS + ["sum", "sum_axis0", "sum_axis1", "heat2d", "softmax_rows", "layernorm_rows"]
BIG, MID = 1 << 28, 1 << 24


def copy_gbps(by, size):
    r = by.get(("cuMemcpyDtoD", "copy", size))
    return (r["gbps"], None) if ok(r) else (None, None)


def us(r):
    return f"{r['ms'] * 1e3:.1f}" if ok(r) else cell(r)


def call_table(by):
    rows = [f"| expr | {' | '.join(NAMES[i] for i in IMPLS)} |", "|---" * (len(IMPLS) + 1) + "|"]
    for w in EXPRS:
        recs = [by.get((i, f"{w}_call", 1024)) for i in IMPLS]
        if all(r is None for r in recs):
            continue
        rows.append(f"| {w} | {' | '.join(us(r) for r in recs)} |")
    return "\n".join(rows)


def cold_table(by):
    rows = ["| expr | " + " | ".join(NAMES[i] for i in PEERS) + " |", "|---" * (len(PEERS) + 1) + "|"]
    for w in WORKLOADS:
        recs = [by.get((i, f"cold_{w}", 1024)) for i in PEERS]
        if all(r is None for r in recs):
            continue
        rows.append(f"| {w} | " + " | ".join(f"{r['ms']:.0f}" if ok(r) else cell(r) for r in recs) + " |")
    return "\n".join(rows)


def targets(by):
    out = ["| target (issue 3) | measured | met |", "|---|---|---|"]
    copy = by.get(("cuMemcpyDtoD", "copy", BIG))
    cg = copy["gbps"] if ok(copy) else None
    for w in EXPRS:
        r = by.get(("sinter", w, BIG))
        if not ok(r) or not cg:
            out.append(f"| {w} at 2^28 >= 97% of the copy | {cell(r)} | NO |")
            continue
        x = r["gbps"] / cg
        out.append(f"| {w} at 2^28 >= 97% of the copy ({cg:.0f} GB/s) | {100 * x:.1f}% ({r['gbps']:.0f} GB/s) | "
                   f"{'yes' if x >= 0.97 else 'NO'} |")
    for w in EXPRS:
        r, j = by.get(("sinter", w, MID)), by.get(("jax", w, MID))
        if ok(r) and ok(j):
            x = r["gbps"] / j["gbps"]
            out.append(f"| {w} at 2^24 >= JAX | {r['gbps']:.0f} vs {j['gbps']:.0f} GB/s ({x:.2f}x) | "
                       f"{'yes' if x >= 1 else 'NO'} |")
        else:
            out.append(f"| {w} at 2^24 >= JAX | sinter {cell(r)}, JAX {cell(j)} | {'—' if ok(r) else 'NO'} |")
    c = by.get(("sinter", "E2_call", 1024))
    cs = by.get(("sinter", "E2_call_sync", 1024))
    if ok(c):
        v = c["ms"] * 1e3
        extra = f"; each call synchronized: {cs['ms'] * 1e3:.1f} us" if ok(cs) else ""
        out.append(f"| cache-hit call at 1024 elements <= 5 us (host + device) | {v:.2f} us per call, back to back "
                   f"then one synchronize{extra} | {'yes' if v <= 5 else 'NO'} |")
    cc = by.get(("sinter", "cold_compile_E4", 1024))
    first = by.get(("sinter", "first_compile_in_process", 1024))
    if ok(cc):
        sp = cc["spread"]
        extra = f"; the process's first kernel {first['ms']:.0f} ms" if ok(first) else ""
        out.append(f"| cold compile + load of a fused kernel <= 60 ms | median {cc['ms']:.1f} ms (min {sp['min_ms']:.1f}, "
                   f"max {sp['max_ms']:.1f}, {sp['repeats']} kernels){extra} | {'yes' if cc['ms'] <= 60 else 'NO'} |")
    ic = by.get(("sinter_inline", "cold_compile_E4", 1024))
    if ok(ic):
        out.append(f"| (experiment) the same with the element function inlined everywhere (SINTER_CUDA_INLINE_ELEMENT=1) "
                   f"| median {ic['ms']:.1f} ms | {'yes' if ic['ms'] <= 60 else 'NO'} |")
    nc = by.get(("sinter_nocudacache", "cold_compile_E4", 1024))
    if ok(nc):
        sp = nc["spread"]
        out.append(f"| the same with NVRTC's own cache off (CUDA_CACHE_DISABLE=1) | median {nc['ms']:.1f} ms "
                   f"(min {sp['min_ms']:.1f}, max {sp['max_ms']:.1f}) | {'yes' if nc['ms'] <= 60 else 'NO'} |")
    dl = by.get(("sinter", "disk_load_E4", 1024))
    dfirst = by.get(("sinter", "first_disk_load_in_process", 1024))
    if ok(dl):
        extra = f"; the process's first {dfirst['ms']:.2f} ms" if ok(dfirst) else ""
        out.append(f"| load from the disk cache in a new process <= 1 ms | median {dl['ms']:.2f} ms{extra} | "
                   f"{'yes' if dl['ms'] <= 1 else 'NO'} |")
    return "\n".join(out)


def setting_table(by, workloads, settings):
    """sinter's default against other settings of the same run (children of sinter_bench_gpu under
    an environment variable, recorded under their own impl name): GB/s per workload and size."""
    rows = ["| workload | size | default GB/s | " + " | ".join(f"{label} GB/s" for _, label in settings) + " |",
            "|---" * (3 + len(settings)) + "|"]
    for n in (MID, BIG):
        for w in workloads:
            a = by.get(("sinter", w, n))
            others = [by.get((impl, w, n)) for impl, _ in settings]
            if ok(a) and any(ok(r) for r in others):
                cells = [f"{r['gbps']:.0f} ({r['gbps'] / a['gbps']:.2f}x)" if ok(r) else cell(r) for r in others]
                rows.append(f"| {w} | {size_label(n)} | {a['gbps']:.0f} | " + " | ".join(cells) + " |")
    return "\n".join(rows) if len(rows) > 2 else ""


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("inputs", nargs="+")
    p.add_argument("--out-dir", default="bench/results")
    p.add_argument("--command", default="scripts/gpu-check.sh")
    p.add_argument("--machine", default="")
    p.add_argument("--date", default=datetime.date.today().isoformat())
    args = p.parse_args()

    records = load_records(args.inputs, skip_bad=True)
    by = index(records)
    copy = by.get(("cuMemcpyDtoD", "copy", BIG))
    meta = {"date": args.date, "machine": args.machine, "command": args.command, "commit": git_commit(),
            "copy_gbps_2_28": copy["gbps"] if ok(copy) else None}
    stem = os.path.join(args.out_dir, f"gpu-{args.date}")
    sizes = sizes_of(records, WORKLOADS)
    copies = ", ".join(f"{size_label(n)}: {by[('cuMemcpyDtoD', 'copy', n)]['gbps']:.0f}" for n in sizes
                       if ok(by.get(("cuMemcpyDtoD", "copy", n))))
    md = [f"# GPU benchmark, {args.date}", "",
          f"- machine: {args.machine or 'not recorded'}",
          f"- command: `{args.command}`; sinter commit {meta['commit']}",
          f"- ceiling, measured in the same run: device-to-device copy (cuMemcpyDtoDAsync through sinter's driver "
          f"table, read + write bytes) GB/s by size: {copies or 'not measured'}",
          "- cells: GB/s = (bytes of inputs read once + output written once) / median time per call; for the "
          f"reductions ({', '.join(REDUCTIONS)}) bytes read / median time, against the same copy ceiling. float32 "
          "except E7 (float64). The 2-D workloads run on a rows x cols matrix of the row's element count (2^28: "
          "16384 x 16384); heat2d writes the (rows-2) x (cols-2) interior. Every implementation is timed the same "
          "way: CUDA events (JAX: host clock and block_until_ready) around a batch of back-to-back calls (10; 2 at "
          "2^28), median of >= 9 batches after a warm-up. Every result was checked against a float64 reference (a "
          "wrong one is shown as wrong, not timed).", "",
          "## Targets (issue 3)", "", targets(by), ""]
    for n in sorted(sizes, key=lambda n: (n not in (BIG, MID), -n)):
        md += [f"## {size_label(n)} elements (GB/s)", "",
               gbps_table(by, n, WORKLOADS, IMPLS, NAMES, PEERS, lambda w, size: copy_gbps(by, size), "copy"), ""]
    accuracy = accuracy_table(records, IMPLS, NAMES)
    if accuracy:
        md += ["## Accuracy of the float32 sums (|got - ref| / |ref| against a float64 sum; above 1e-4 wrong, not "
               "timed)", "", accuracy, ""]
    kernels = kernels_table(records)
    if kernels:
        md += ["## sinter: kernels per call (the counters' launches)", "", kernels, ""]
    md += ["## Per-call cost at 1024 elements (us per call: 2000 back-to-back calls, then one synchronize)", "",
           call_table(by), "",
           "## Cold compile of each peer's first call (ms, first call minus a warm one)", "", cold_table(by), "",
           "## sinter's grid: uncapped (default) against one wave of resident blocks", "",
           setting_table(by, EXPRS, [("sinter_waves1", "one wave, grid-stride")]) or "not measured", "",
           "## sinter's element function: one __noinline__ copy (default) against inlined everywhere", "",
           setting_table(by, EXPRS, [("sinter_inline", "inlined element")]) or "not measured", "",
           "## sinter's reductions split over blocks: elements per thread (default 128; 64 before 2026-11-27)", "",
           setting_table(by, ["sum", "sum_axis0", "sum_axis1"],
                         [("sinter_rmin32", "at least 32 (SINTER_CUDA_REDUCTION_MIN_ELEMENTS=32)"),
                          ("sinter_rmin64", "64"), ("sinter_rmin256", "256")]) or "not measured", "",
           "## Plots", "", f"![GB/s against size]({os.path.basename(stem)}.png)", "",
           "## Every record (median, spread, error)", "", details(records), ""]
    copy_line = [(n, by[("cuMemcpyDtoD", "copy", n)]["gbps"]) for n in sizes if ok(by.get(("cuMemcpyDtoD", "copy", n)))]

    def ceilings(w):
        return [([p[0] for p in copy_line], [p[1] for p in copy_line], "device-to-device copy")] if copy_line else []

    write_report(stem, meta, records, md, lambda: plots(records, WORKLOADS, IMPLS, NAMES, ceilings, stem, dpi=80,
                                                         ylabel="GB/s (bytes moved once)"))


if __name__ == "__main__":
    main()
