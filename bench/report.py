#!/usr/bin/python3
"""Merges the CPU suite's JSON files into bench/results/cpu-<date>.json and writes, from it, a
markdown table (ratios to the ceiling measured in the same run and to the best peer), the
accuracy of each float32 sum, sinter's kernels per call, and PNG plots of GB/s against size per
workload. The table, plot and metadata code is shared with gpu_report.py (report_common.py).

usage: report.py --out-dir bench/results --command "bench/run.sh" a.json b.json ...
"""
import argparse
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_common import (REDUCTIONS, accuracy_table, cell, cpu_machine, details, gbps_table, git_commit,  # noqa: E402
                           index, kernels_table, load_records, plots, size_label, sizes_of, write_report)

IMPLS = ["sinter", "sinter_thp", "hand", "eigen", "numpy", "numexpr"]
PEERS = ["hand", "eigen", "numpy", "numexpr"]
WORKLOADS = ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "blackscholes", "horner10", "sum", "sum_axis0", "sum_axis1",
             "heat2d", "softmax_rows", "layernorm_rows"]
IMPL_NAMES = {"sinter": "sinter", "sinter_thp": "sinter, THP malloc (diagnostic)", "hand": "hand loop (OpenMP)",
              "eigen": "Eigen (1 thread)", "numpy": "NumPy", "numexpr": "numexpr"}
HEADLINE_SIZE = 1 << 24


def stream_medians(records):
    return ", ".join(f'{r["workload"]} {r["threads"]}T{" " + r["note"] if r.get("note") else ""} {r["gbps"]:.1f}'
                     for r in records if r["impl"] == "stream" and r["status"] == "ok")


def targets(by, triad, size=HEADLINE_SIZE):
    out = ["| target (issue 2) | measured | met |", "|---|---|---|"]
    for w in ["E1", "E2", "E3", "E5", "E7"]:
        r = by.get(("sinter", w, size))
        got = r["gbps"] / triad if r and r["status"] == "ok" else None
        out.append(f"| {w} at {size_label(size)} >= 90% of STREAM triad ({triad:.1f} GB/s) | "
                   f"{'%.0f%% (%.1f GB/s)' % (100 * got, r['gbps']) if got else cell(r)} | "
                   f"{'yes' if got and got >= 0.9 else 'NO'} |")
    s, e = by.get(("sinter", "E4", size)), by.get(("eigen", "E4", size))
    if s and e and s["status"] == e["status"] == "ok":
        x = s["gbps"] / e["gbps"]
        out.append(f"| E4 at {size_label(size)} >= 2x Eigen | {x:.2f}x ({s['gbps']:.1f} vs {e['gbps']:.1f} GB/s) | "
                   f"{'yes' if x >= 2 else 'NO'} |")
    c = by.get(("sinter", "cold_compile_E4", 1024))
    if c and c["status"] == "ok":
        sp = c["spread"]
        out.append(f"| cold compile of an E4-like kernel <= 25 ms | {c['ms']:.1f} ms (min {sp['min_ms']:.1f}, "
                   f"max {sp['max_ms']:.1f}, {sp['repeats']} kernels) | {'yes' if c['ms'] <= 25 else 'NO'} |")
    h, call = by.get(("sinter", "host_overhead", 1024)), by.get(("sinter", "E2_call", 1024))
    if h and h["status"] == "ok":
        us = h["ms"] * 1e3
        out.append(f"| host overhead of a cache-hit E2 call at 1024 elements <= 2 us | {us:.2f} us "
                   f"(whole call {call['ms'] * 1e3:.2f} us, IQR {call['spread']['q1_ms'] * 1e3:.2f}-"
                   f"{call['spread']['q3_ms'] * 1e3:.2f}) | {'yes' if us <= 2 else 'NO'} |")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("inputs", nargs="+")
    p.add_argument("--out-dir", default="bench/results")
    p.add_argument("--command", default="bench/run.sh")
    p.add_argument("--date", default=datetime.date.today().isoformat())
    p.add_argument("--load", default="", help="load average before the run")
    p.add_argument("--suffix", default="", help="appended to the file names (run.sh --quick: -quick)")
    p.add_argument("--commit", default="", help="the sinter commit measured (default: the checkout's HEAD now)")
    args = p.parse_args()

    records = load_records(args.inputs)
    # Columns for the implementations this run measured (older runs had a diagnostic sinter_thp).
    present = {r["impl"] for r in records}
    IMPLS[:] = [i for i in IMPLS if i in present or i == "sinter"]

    # The ceilings as STREAM reports them: the best repeat, over the thread counts measured. Triad
    # for workloads that write, the read-only sum for reductions (runs before it had none: triad).
    def stream_best(kernel):
        rs = [r for r in records if r["impl"] == "stream" and r["workload"] == kernel and r["status"] == "ok"]
        return max((r["bytes"] / (r["spread"]["min_ms"] * 1e6) for r in rs), default=None)

    triad, copy, read = stream_best("triad"), stream_best("copy"), stream_best("read")

    def ceiling(w, size=None):
        return (read, "read") if w in REDUCTIONS and read else (triad, "triad")

    by = index([r for r in records if r["impl"] != "stream"])
    meta = {"date": args.date, "machine": cpu_machine(), "command": args.command, "commit": args.commit or git_commit(),
            "load_before": args.load, "stream_copy_gbps": copy, "stream_triad_gbps": triad, "stream_read_gbps": read}
    stem = os.path.join(args.out_dir, f"cpu-{args.date}{args.suffix}")
    sizes = sizes_of(records, WORKLOADS)
    threads = max(r["threads"] for r in records)
    read_text = f", read **{read:.1f} GB/s**" if read else ""
    md = [f"# CPU benchmark, {args.date}", "",
          f"- machine: {meta['machine']}",
          f"- command: `{args.command}`; sinter commit {meta['commit']}; {threads} threads for sinter, the OpenMP "
          "loop and numexpr; Eigen and NumPy run on one thread",
          f"- load average before the run: {args.load or 'not recorded'}",
          f"- ceiling, measured in the same run (float64, 2^25 elements, best repeat as STREAM reports it, best of 1 "
          f"and {threads} threads, at the start and the end of the C++ part): STREAM copy **{copy:.1f} GB/s**, triad **{triad:.1f} GB/s**{read_text} (read: a "
          f"vectorized sum, bytes read / time); medians: {stream_medians(records)}",
          "- cells: GB/s = (bytes of inputs read once + outputs written once) / median time; for the reductions "
          f"({', '.join(REDUCTIONS)}) bytes read / median time, and their ceiling is the read kernel (triad for the "
          "others). float32 unless the workload is E7; every result was checked against float64 (a wrong one is "
          "shown as wrong, not timed). The 2-D workloads run on a rows x cols matrix of the row's element count "
          "(2^24: 4096 x 4096; the record's note names it); heat2d writes the (rows-2) x (cols-2) interior.",
          "",
          f"## Targets (issue 2, at {size_label(HEADLINE_SIZE)})", "", targets(by, triad), ""]
    for n in sorted(sizes, key=lambda n: (n != HEADLINE_SIZE, n)):
        md += [f"## {size_label(n)} elements", "",
               gbps_table(by, n, WORKLOADS, IMPLS, IMPL_NAMES, PEERS, ceiling, "ceiling", {p: p for p in PEERS}), ""]
    accuracy = accuracy_table(records, IMPLS, IMPL_NAMES)
    if accuracy:
        md += ["## Accuracy of the float32 sums (|got - ref| / |ref| against a float64 sum; above 1e-4 wrong, not "
               "timed)", "", accuracy, ""]
    kernels = kernels_table(records)
    if kernels:
        md += ["## sinter: kernels per call (the counters' launches)", "", kernels, ""]
    md += ["## Plots", "", f"![GB/s against size]({os.path.basename(stem)}.png)", "",
           "## Every record (median, spread, error)", "", details(records), ""]

    def ceilings(w):
        c, label = ceiling(w)
        return [([sizes[0], sizes[-1]], [c, c], f"STREAM {label} {c:.0f} GB/s")] if c and sizes else []

    write_report(stem, meta, records, md, lambda: plots(records, WORKLOADS, IMPLS, IMPL_NAMES, ceilings, stem,
                                                         per_workload=True, ylabel="GB/s (bytes moved once)"))


if __name__ == "__main__":
    main()
