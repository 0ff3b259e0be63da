#!/usr/bin/env python3
"""Merges the GPU suite's JSON files (sinter_bench_gpu, peers_gpu.py) into
bench/results/gpu-<date>.json and writes a markdown table (ratios to the device-to-device copy
measured in the same run and to the best peer), the issue 3 targets, the accuracy of each float32
sum, sinter's kernels per call, and a PNG plot of GB/s against size per workload. The table, plot
and metadata code is shared with the CPU report (report_common.py).

With the row patterns of issue 14 (`sinter_bench_gpu --rows`, bench/peers_rows.py: workloads named
"<pattern>@<rows>x<cols>") it adds the table "Row patterns" (sinter and each peer, % of the copy of
the same bytes) and issue 14's GPU targets; given only row-pattern records (scripts/gpu-rows.sh) it
writes just those, as gpu-<date>-rows.{md,json}.

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


ROW_PATTERNS = ["softmax", "layernorm", "logsumexp", "rmsnorm", "l2norm"]  # bench/peers_rows.py
ROW_IMPLS = ["sinter", "cupy", "torch", "torch_compile", "jax"]
ROW_PEERS = ROW_IMPLS[1:]


def row_cases(records):
    """(pattern, shape text, size) of each row-pattern workload, patterns in ROW_PATTERNS' order,
    shapes in the order they first appear."""
    shapes, patterns = [], set()
    for r in records:
        if "@" not in r["workload"]:
            continue
        pattern, shape = r["workload"].split("@", 1)
        patterns.add(pattern)
        if (shape, r["size"]) not in shapes:
            shapes.append((shape, r["size"]))
    order = [p for p in ROW_PATTERNS if p in patterns] + sorted(patterns - set(ROW_PATTERNS))
    return [(p, shape, size) for shape, size in shapes for p in order]


def row_copy(by, size):
    """The copy of `size` float32 elements: sinter's cuMemcpyDtoD, else CuPy's cudaMemcpy (peers_rows.py)."""
    for impl in ("cuMemcpyDtoD", "cupy_memcpy"):
        r = by.get((impl, "copy", size))
        if ok(r):
            return r["gbps"], impl
    return None, None


def rows_table(by, records):
    """Row patterns: sinter's time, GB/s, % of the copy and kernels per call; each peer's GB/s and
    % of the copy; sinter / the fastest correct peer."""
    cases = row_cases(records)
    if not cases:
        return ""
    impls = [i for i in ROW_IMPLS if any(by.get((i, f"{p}@{sh}", n)) for p, sh, n in cases)]
    peers = [i for i in impls if i != "sinter"]
    head = "| pattern | shape | sinter ms | sinter GB/s | sinter % of copy | kernels | " + \
        " | ".join(f"{NAMES[i]} GB/s (% of copy)" for i in peers) + " | sinter / best peer |"
    rows = [head, "|---" * (7 + len(peers)) + "|"]
    for p, sh, n in cases:
        w = f"{p}@{sh}"
        cg, _ = row_copy(by, n)
        s = by.get(("sinter", w, n))

        def pct(r):
            return f"{100 * r['gbps'] / cg:.0f}%" if ok(r) and cg else "—"

        def peer_cell(r):
            return f"{r['gbps']:.0f} ({pct(r)})" if ok(r) else cell(r)

        best = max(((by[(i, w, n)]["gbps"], i) for i in peers if ok(by.get((i, w, n)))), default=(None, None))
        best_text = f"{s['gbps'] / best[0]:.2f} ({NAMES[best[1]]})" if ok(s) and best[0] else "—"
        kernels = "—" if s is None or s.get("launches") is None else str(s["launches"])
        rows.append(f"| {p} | {sh} | {s['ms']:.3f} | {s['gbps']:.0f} | {pct(s)} | {kernels} | " if ok(s) else
                    f"| {p} | {sh} | {cell(s)} | — | — | {kernels} | ")
        rows[-1] += " | ".join(peer_cell(by.get((i, w, n))) for i in peers) + f" | {best_text} |"
    return "\n".join(rows)


def rows_targets(by, records):
    """Issue 14 on the GPU: softmax and layer norm at >= 90% of the copy, ahead of torch.compile and
    JAX measured in the same run, at every shape."""
    out = ["| target (issue 14) | measured | met |", "|---|---|---|"]
    for p, sh, n in row_cases(records):
        if p not in ("softmax", "layernorm"):
            continue
        w = f"{p}@{sh}"
        s = by.get(("sinter", w, n))
        cg, _ = row_copy(by, n)
        if ok(s) and cg:
            x = s["gbps"] / cg
            out.append(f"| {p} {sh} >= 90% of the copy ({cg:.0f} GB/s) | {100 * x:.1f}% ({s['gbps']:.0f} GB/s) | "
                       f"{'yes' if x >= 0.9 else 'NO'} |")
        else:
            out.append(f"| {p} {sh} >= 90% of the copy | sinter {cell(s)}, copy {cg or '—'} | NO |")
        for peer in ("torch_compile", "jax"):
            r = by.get((peer, w, n))
            if ok(s) and ok(r):
                x = s["gbps"] / r["gbps"]
                out.append(f"| {p} {sh} ahead of {NAMES[peer]} | {s['gbps']:.0f} vs {r['gbps']:.0f} GB/s ({x:.2f}x) | "
                           f"{'yes' if x >= 1 else 'NO'} |")
            else:
                out.append(f"| {p} {sh} ahead of {NAMES[peer]} | sinter {cell(s)}, {NAMES[peer]} {cell(r)} | "
                           f"{'—' if ok(s) else 'NO'} |")
    return "\n".join(out) if len(out) > 2 else ""


def rows_section(by, records):
    table = rows_table(by, records)
    if not table:
        return []
    sizes = sorted({n for _, _, n in row_cases(records)})
    copies = ", ".join(f"{size_label(n)} elements: {row_copy(by, n)[0]:.0f} GB/s ({row_copy(by, n)[1]})"
                       for n in sizes if row_copy(by, n)[0])
    return ["## Row patterns (issue 14)", "",
            "float32 matrices, inputs uniform in [-4, 4); softmax `exp(x - max(x, 1, true)) / sum(...)`, layernorm "
            "`(x - mean) / sqrt(var + 1e-5)` (var of the centred rows, no affine), logsumexp `log(sum(exp(x - m), 1, "
            "true)) + m` (one value per row), rmsnorm `x / sqrt(mean(x*x, 1, true) + 1e-6)`, l2norm `x / sqrt(sum(x*x, "
            "1, true))`. GB/s = bytes read + written / median time: 8 per element, logsumexp 4 per element + 4 per "
            "row. % of copy: against the device-to-device copy of the same bytes in the same run ("
            f"{copies or 'not measured'}). Peers as written in bench/peers_rows.py (torch eager: torch.softmax, "
            "F.layer_norm, torch.logsumexp, F.rms_norm, F.normalize; torch.compile of the same, dynamic=False, "
            "compile time left out; JAX jit; CuPy: a composition of cupy ops). Kernels: the launches of one sinter "
            "call (the counters). Every result checked against a float64 reference (wrong ones are not timed).", "",
            table, "", "### Targets (issue 14, GPU)", "", rows_targets(by, records) or "not measured", ""]


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
    if not any(r["workload"] in WORKLOADS and r["size"] > 0 for r in records):
        return rows_only_report(args, records, by)
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
    md += rows_section(by, records)
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


def rows_only_report(args, records, by):
    """gpu-<date>-rows.{json,md}: the row patterns alone (scripts/gpu-rows.sh)."""
    meta = {"date": args.date, "machine": args.machine, "command": args.command, "commit": git_commit()}
    stem = os.path.join(args.out_dir, f"gpu-{args.date}-rows")
    md = [f"# GPU row patterns, {args.date}", "",
          f"- machine: {args.machine or 'not recorded'}",
          f"- command: `{args.command}`; sinter commit {meta['commit']}",
          "- timing: CUDA events (JAX: host clock and block_until_ready) around 10 back-to-back calls, median of "
          ">= 15 batches after a warm-up; for sinter a call is a whole evaluation (build, look up, launch).", ""]
    md += rows_section(by, records) or ["No row-pattern records.", ""]
    md += ["## Every record (median, spread, error)", "", details(records), ""]
    write_report(stem, meta, records, md, lambda: [])


if __name__ == "__main__":
    main()
