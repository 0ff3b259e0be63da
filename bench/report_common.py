"""What the CPU report (report.py) and the GPU report (gpu_report.py) share: reading records, the
GB/s table with its ratios to the ceiling and to the best peer, the accuracy and kernel-count
tables, the table of every record, the plots of GB/s against size, and the run's metadata.

A record is a dict in the schema of bench_support.h: impl, workload, size, dtype, threads, ms,
gbps, spread, rel_error, bytes, status, note, and for sinter launches (kernels per call).
"""
import json
import os
import platform
import subprocess

# Workloads whose result is a reduction: GB/s = bytes read / time, and on the CPU their ceiling is
# the read-only kernel (a sum) rather than triad.
REDUCTIONS = ("E6", "sum", "sum_axis0", "sum_axis1")
# Scalar float32 sums: their error against a float64 sum is its own table.
SCALAR_SUMS = ("E6", "sum")
# The workloads sinter evaluates in more than one kernel are shown with their kernel counts.
MULTI_KERNEL_CANDIDATES = ("E6", "sum", "sum_axis0", "sum_axis1", "heat2d", "softmax_rows", "layernorm_rows")


def ok(r):
    return r is not None and r["status"] == "ok"


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_machine():
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


def load_records(paths, skip_bad=False):
    """The records of each file: a list of records, or a report's own {"meta", "records"} (so that
    a committed result can be rendered again)."""
    records = []
    for path in paths:
        try:
            data = json.load(open(path))
            records += data["records"] if isinstance(data, dict) else data
        except (OSError, ValueError) as e:
            if not skip_bad:
                raise
            print(f"report: skipping {path}: {e}")
    return records


def index(records):
    return {(r["impl"], r["workload"], r["size"]): r for r in records}


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
    return f"2^{n.bit_length() - 1}" if n > 0 and n & (n - 1) == 0 else str(n)


def sizes_of(records, workloads):
    return sorted({r["size"] for r in records if r["workload"] in workloads and r["size"] > 0})


def gbps_table(by, size, workloads, impls, names, peers, ceiling, ceiling_header, best_names=None):
    """One row per workload measured at `size`: GB/s per implementation, sinter / ceiling and
    sinter / best peer (the fastest correct one, named by best_names, default names).
    `ceiling(w, size)` returns (GB/s, label) or (None, None); a label is shown beside the ratio."""
    best_names = best_names or names
    rows = [f"| workload | {' | '.join(names[i] for i in impls)} | sinter / {ceiling_header} | sinter / best peer |",
            "|---" * (len(impls) + 3) + "|"]
    for w in workloads:
        recs = {i: by.get((i, w, size)) for i in impls}
        if all(r is None for r in recs.values()):
            continue
        s = recs.get("sinter")
        sg = s["gbps"] if ok(s) else None
        best = max(((recs[p]["gbps"], p) for p in peers if ok(recs.get(p))), default=(None, None))
        best_text = f"{ratio(sg, best[0])} ({best_names[best[1]]})" if sg and best[0] else "—"
        cg, label = ceiling(w, size)
        ceiling_text = ratio(sg, cg) + (f" ({label})" if label and sg and cg else "")
        rows.append(f"| {w} | {' | '.join(cell(recs[i]) for i in impls)} | {ceiling_text} | {best_text} |")
    return "\n".join(rows)


def accuracy_table(records, impls, names, workloads=SCALAR_SUMS):
    """The relative error of each implementation's float32 sum against a float64 sum, timed or
    not (a result above 1e-4 is wrong and was not timed)."""
    by = index(records)
    sizes = sizes_of(records, workloads)
    rows = [f"| workload | size | {' | '.join(names[i] for i in impls)} |", "|---" * (len(impls) + 2) + "|"]
    for w in workloads:
        for n in sizes:
            recs = [by.get((i, w, n)) for i in impls]
            if all(r is None for r in recs):
                continue

            def err(r):
                if r is None or r.get("rel_error") is None:
                    return "—" if r is None else r["status"]
                return f'{r["rel_error"]:.1e}' + (" **wrong**" if r["status"] == "wrong" else "")

            rows.append(f"| {w} | {size_label(n)} | {' | '.join(err(r) for r in recs)} |")
    return "\n".join(rows) if len(rows) > 2 else ""


def kernels_table(records, impl="sinter", workloads=MULTI_KERNEL_CANDIDATES):
    """Kernels one call of sinter launches (the counters), per workload and size."""
    by = index(records)
    sizes = sizes_of(records, workloads)
    rows = [f"| workload | {' | '.join(size_label(n) for n in sizes)} |", "|---" * (len(sizes) + 1) + "|"]
    for w in workloads:
        recs = [by.get((impl, w, n)) for n in sizes]
        if all(r is None or r.get("launches") is None for r in recs):
            continue
        rows.append(f"| {w} | " + " | ".join("—" if r is None or r.get("launches") is None else str(r["launches"])
                                             for r in recs) + " |")
    return "\n".join(rows) if len(rows) > 2 else ""


def details(records):
    out = ["| impl | workload | size | dtype | threads | median ms | min..max ms | IQR ms | GB/s | rel. error | "
           "kernels | status |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in records:
        err = "—" if r.get("rel_error") is None else "%.1e" % r["rel_error"]
        kernels = "—" if r.get("launches") is None else str(r["launches"])
        head = f'| {r["impl"]} | {r["workload"]} | {size_label(r["size"])} | {r["dtype"]} | {r["threads"]} | '
        if r["status"] == "ok":
            sp = r["spread"]
            note = f': {r["note"]}' if r.get("note") and r["workload"] not in ("E1", "E2", "E3", "E4", "E5", "E7") else ""
            out.append(head + f'{r["ms"]:.4g} | {sp["min_ms"]:.4g}..{sp["max_ms"]:.4g} | {sp["q1_ms"]:.4g}..'
                       f'{sp["q3_ms"]:.4g} | {r["gbps"]:.2f} | {err} | {kernels} | ok{note} |')
        else:
            out.append(head + f'— | — | — | — | {err} | {kernels} | {r["status"]}: {r["note"]} |')
    return "\n".join(out)


def plots(records, workloads, impls, names, ceilings, stem, per_workload=False, dpi=90, ylabel="GB/s"):
    """GB/s against size, log-log, one panel per workload with a correct timing, in `stem`.png
    (and `stem`-<workload>.png each when per_workload). `ceilings(w)` gives the dashed lines:
    a list of (sizes, GB/s values, label)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by = index(records)
    sizes = sizes_of(records, workloads)
    shown = [w for w in workloads if any(ok(by.get((i, w, n))) for i in impls for n in sizes)]

    def draw(ax, w):
        for k, i in enumerate(impls):
            pts = [(n, by[(i, w, n)]["gbps"]) for n in sizes if ok(by.get((i, w, n)))]
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=names[i], color=f"C{k}",
                        linewidth=2.5 if i == "sinter" else 1)
        for xs, ys, label in ceilings(w):
            ax.plot(xs, ys, "k--", linewidth=1, label=label)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("elements")
        ax.set_ylabel(ylabel)
        ax.set_title(w)
        ax.grid(True, which="both", alpha=0.3)

    written = []
    if not shown:
        return written
    cols = 3
    rows = (len(shown) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.8 * rows), squeeze=False)
    for ax, w in zip(axes.flat, shown):
        draw(ax, w)
    for ax in list(axes.flat)[len(shown):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(stem + ".png", dpi=dpi)
    plt.close(fig)
    written.append(stem + ".png")
    if per_workload:
        for w in shown:
            fig, ax = plt.subplots(figsize=(6, 4))
            draw(ax, w)
            ax.legend(fontsize=7)
            fig.tight_layout()
            fig.savefig(f"{stem}-{w}.png", dpi=dpi)
            plt.close(fig)
            written.append(f"{stem}-{w}.png")
    return written


def write_report(stem, meta, records, md_lines, plot):
    """Writes stem.json (meta and every record) and stem.md, then the plots (`plot()` returns the
    paths; skipped with a message without matplotlib). Prints the paths written."""
    os.makedirs(os.path.dirname(stem) or ".", exist_ok=True)
    with open(stem + ".json", "w") as f:
        json.dump({"meta": meta, "records": records}, f, indent=1)
    with open(stem + ".md", "w") as f:
        f.write("\n".join(md_lines))
    written = [stem + ".json", stem + ".md"]
    try:
        written += plot()
    except ImportError as e:
        print(f"report: no plots ({e}); install python3-matplotlib")
    for w in written:
        print(w)
