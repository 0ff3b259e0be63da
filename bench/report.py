#!/usr/bin/python3
"""Merges the CPU suite's JSON files into bench/results/cpu-<date>.json and writes, from it, a
markdown table (ratios to the STREAM triad ceiling and to the best peer) and PNG plots of GB/s
against size per workload.

usage: report.py --out-dir bench/results --command "bench/run.sh" a.json b.json ...
"""
import argparse
import datetime
import json
import os
import platform
import subprocess

IMPLS = ["sinter", "sinter_thp", "hand", "eigen", "numpy", "numexpr"]
PEERS = ["hand", "eigen", "numpy", "numexpr"]
WORKLOADS = ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "blackscholes", "horner10", "heat2d", "softmax_rows",
             "layernorm_rows"]
# One color per implementation in every panel, whichever implementations a panel shows.
IMPL_COLORS = {i: f"C{k}" for k, i in enumerate(IMPLS)}
IMPL_NAMES = {"sinter": "sinter", "sinter_thp": "sinter, THP malloc (diagnostic)", "hand": "hand loop (OpenMP)", "eigen": "Eigen (1 thread)", "numpy": "NumPy",
              "numexpr": "numexpr"}
HEADLINE_SIZE = 1 << 24


def machine():
    model = platform.processor() or "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    flags = open("/proc/cpuinfo").read()
    isa = "AVX-512" if " avx512f" in flags else "AVX2" if " avx2" in flags else "SSE"
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {os.cpu_count()} cores, {isa}, {mem_gib:.0f} GiB, Linux {platform.release()}"


def stream_medians(records):
    return ", ".join(f'{r["workload"]} {r["threads"]}T {r["gbps"]:.1f}' for r in records
                     if r["impl"] == "stream" and r["status"] == "ok")


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def index(records):
    by = {}
    for r in records:
        by[(r["impl"], r["workload"], r["size"])] = r
    return by


def cell(r):
    if r is None:
        return "—"
    if r["status"] == "ok":
        return f'{r["gbps"]:.1f}'
    if r["status"] == "wrong":
        return f'wrong (err {r["rel_error"]:.1e})'
    return r["status"]


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "—"


def size_label(n):
    return f"2^{n.bit_length() - 1}" if n & (n - 1) == 0 else str(n)


def table(by, size, triad):
    rows = [f"| workload | {' | '.join(IMPL_NAMES[i] for i in IMPLS)} | sinter / triad | sinter / best peer |",
            "|---" * (len(IMPLS) + 3) + "|"]
    for w in WORKLOADS:
        recs = {i: by.get((i, w, size)) for i in IMPLS}
        if all(r is None for r in recs.values()):
            continue
        s = recs["sinter"]
        sg = s["gbps"] if s and s["status"] == "ok" else None
        peers = [(recs[p]["gbps"], p) for p in PEERS if recs[p] and recs[p]["status"] == "ok"]
        best = max(peers) if peers else (None, None)
        best_text = f"{ratio(sg, best[0])} ({best[1]})" if sg and best[0] else "—"
        rows.append(f"| {w} | {' | '.join(cell(recs[i]) for i in IMPLS)} | {ratio(sg, triad)} | {best_text} |")
    return "\n".join(rows)


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


def details(records):
    out = ["| impl | workload | size | dtype | threads | median ms | min..max ms | IQR ms | GB/s | rel. error | status |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in records:
        if r["status"] == "ok":
            sp = r["spread"]
            out.append(f'| {r["impl"]} | {r["workload"]} | {size_label(r["size"])} | {r["dtype"]} | {r["threads"]} | '
                       f'{r["ms"]:.4g} | {sp["min_ms"]:.4g}..{sp["max_ms"]:.4g} | {sp["q1_ms"]:.4g}..{sp["q3_ms"]:.4g} | '
                       f'{r["gbps"]:.2f} | {"—" if r["rel_error"] is None else "%.1e" % r["rel_error"]} | ok |')
        else:
            err = "—" if r["rel_error"] is None else "%.1e" % r["rel_error"]
            out.append(f'| {r["impl"]} | {r["workload"]} | {size_label(r["size"])} | {r["dtype"]} | {r["threads"]} | '
                       f'— | — | — | — | {err} | {r["status"]}: {r["note"]} |')
    return "\n".join(out)


def plots(records, triad, copy, stem):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by = index(records)
    sizes = sorted({r["size"] for r in records if r["workload"] in WORKLOADS})
    shown = [w for w in WORKLOADS if any(by.get((i, w, n), {}).get("status") == "ok" for i in IMPLS for n in sizes)]
    written = []

    def draw(ax, w):
        for i in IMPLS:
            pts = [(n, by[(i, w, n)]["gbps"]) for n in sizes if by.get((i, w, n), {}).get("status") == "ok"]
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=IMPL_NAMES[i], color=IMPL_COLORS[i])
        ax.axhline(triad, color="k", linestyle="--", linewidth=1, label=f"STREAM triad {triad:.0f} GB/s")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("elements")
        ax.set_ylabel("GB/s (inputs + outputs once)")
        ax.set_title(w)
        ax.grid(True, which="both", alpha=0.3)

    cols = 3
    rows = (len(shown) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.8 * rows), squeeze=False)
    for ax, w in zip(axes.flat, shown):
        draw(ax, w)
    for ax in list(axes.flat)[len(shown):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(stem + ".png", dpi=90)
    plt.close(fig)
    written.append(stem + ".png")
    for w in shown:
        fig, ax = plt.subplots(figsize=(6, 4))
        draw(ax, w)
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(f"{stem}-{w}.png", dpi=90)
        plt.close(fig)
        written.append(f"{stem}-{w}.png")
    return written


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("inputs", nargs="+")
    p.add_argument("--out-dir", default="bench/results")
    p.add_argument("--command", default="bench/run.sh")
    p.add_argument("--date", default=datetime.date.today().isoformat())
    p.add_argument("--load", default="", help="load average before the run")
    p.add_argument("--suffix", default="", help="appended to the file names (run.sh --quick: -quick)")
    args = p.parse_args()

    records = []
    for path in args.inputs:
        records += json.load(open(path))
    # Columns for the implementations this run measured (older runs had a diagnostic sinter_thp).
    present = {r["impl"] for r in records}
    IMPLS[:] = [i for i in IMPLS if i in present or i == "sinter"]
    by = index(records)
    # The ceiling as STREAM reports it: the best repeat, over the thread counts measured.
    def stream_best(kernel):
        rs = [r for r in records if r["impl"] == "stream" and r["workload"] == kernel and r["status"] == "ok"]
        return max(r["bytes"] / (r["spread"]["min_ms"] * 1e6) for r in rs)

    triad, copy = stream_best("triad"), stream_best("copy")
    by = index([r for r in records if r["impl"] != "stream"])
    meta = {"date": args.date, "machine": machine(), "command": args.command, "commit": git_commit(),
            "load_before": args.load, "stream_copy_gbps": copy, "stream_triad_gbps": triad}
    os.makedirs(args.out_dir, exist_ok=True)
    stem = os.path.join(args.out_dir, f"cpu-{args.date}{args.suffix}")
    with open(stem + ".json", "w") as f:
        json.dump({"meta": meta, "records": records}, f, indent=1)

    sizes = sorted({r["size"] for r in records if r["workload"] in WORKLOADS})
    threads = max(r["threads"] for r in records)
    md = [f"# CPU benchmark, {args.date}", "",
          f"- machine: {meta['machine']}",
          f"- command: `{args.command}`; sinter commit {meta['commit']}; {threads} threads for sinter, the OpenMP "
          "loop and numexpr; Eigen and NumPy run on one thread",
          f"- load average before the run: {args.load or 'not recorded'}",
          f"- ceiling, measured in the same run (float64, 2^25 elements, best repeat as STREAM reports it, best of 1 "
          f"and {threads} threads): STREAM copy **{copy:.1f} GB/s**, triad **{triad:.1f} GB/s**; "
          f"medians: {stream_medians(records)}",
          "- cells: GB/s = (bytes of inputs read once + outputs written once) / median time; float32 unless the "
          "workload is E7; every result was checked against float64 (a wrong one is shown as wrong, not timed)",
          "",
          f"## Targets (issue 2, at {size_label(HEADLINE_SIZE)})", "", targets(by, triad), ""]
    for n in sorted(sizes, key=lambda n: (n != HEADLINE_SIZE, n)):
        md += [f"## {size_label(n)} elements", "", table(by, n, triad), ""]
    md += ["## Plots", "", f"![GB/s against size]({os.path.basename(stem)}.png)", "",
           "## Every record (median, spread, error)", "", details(records), ""]
    with open(stem + ".md", "w") as f:
        f.write("\n".join(md))
    written = [stem + ".json", stem + ".md"]
    try:
        written += plots(records, triad, copy, stem)
    except ImportError as e:
        print(f"report: no plots ({e}); install python3-matplotlib")
    for w in written:
        print(w)


if __name__ == "__main__":
    main()
