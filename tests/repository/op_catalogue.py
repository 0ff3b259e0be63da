#!/usr/bin/env python3
"""Step 6 of docs/architecture.md, "Adding an op": every op of include/sinter/ops.def that users
call has a public spelling in include/sinter (a function macro line such as
SINTER_UNARY_FUNCTION(tan, Tan), or code naming Op::Tan) and a row in docs/ops.md or
docs/reductions.md (its spelling in a table's first column). The ops made only by sinter itself
are listed below, each with where it is documented instead.
usage: op_catalogue.py SOURCE_DIR"""
import glob
import os
import re
import sys

# Ops no user calls by name, beyond the Leaf and Control rows (reads, parameters, regions and
# their markers: docs/architecture.md, docs/custom-kernels.md), each with where it is documented.
INTERNAL = {
    "Cast": "made by cast<T>() and type promotion (docs/ops.md, 'Casts')",
    "Broadcast": "inserted by the planner (docs/broadcasting.md)",
    "Philox": "made by the random functions (docs/random.md)",
    "Gather": "made by indexing (docs/indexing.md)",
    "IndexCheck": "made by indexing (docs/indexing.md)",
}
STRUCTURAL_RULES = ("Leaf", "Control")


def main():
    source = sys.argv[1]
    with open(os.path.join(source, "include/sinter/ops.def"), encoding="utf-8") as f:
        catalogue = re.sub(r"#ifdef SINTER_TEST_FORGOTTEN_OP.*?#endif", "", f.read(), flags=re.S)  # compile-fail tests' op
    rows = re.findall(r'^SINTER_OP\((\w+), "([^"]+)", -?\d+, (\w+)\)', catalogue, re.M)
    ops = [(name, spelling) for name, spelling, rule in rows if rule not in STRUCTURAL_RULES]
    public = ""
    for path in glob.glob(os.path.join(source, "include/sinter/**/*.h"), recursive=True):
        if os.path.basename(path) != "op.h":
            with open(path, encoding="utf-8") as f:
                public += f.read()
    documented = set()
    for doc in ("docs/ops.md", "docs/reductions.md"):
        with open(os.path.join(source, doc), encoding="utf-8") as f:
            for line in f:
                if line.startswith("|"):
                    documented.update(re.findall(r"[a-z_0-9]+", line.split("|")[1]))
    problems = []
    for name, spelling in ops:
        if name in INTERNAL:
            continue
        if not re.search(r"(Op::%s\b|, %s\))" % (name, name), public):
            problems.append(f"op {name} ('{spelling}') has no public spelling in include/sinter")
        if spelling not in documented:
            problems.append(f"op {name} ('{spelling}') has no row in docs/ops.md or docs/reductions.md")
    stale = sorted(set(INTERNAL) - {name for name, _ in ops})
    problems += [f"INTERNAL names {name}, which ops.def no longer has" for name in stale]
    for p in problems:
        print(p)
    print(f"{len(ops)} ops, {len(problems)} problems")
    return 1 if problems or not ops else 0


if __name__ == "__main__":
    sys.exit(main())
