#!/usr/bin/env python3
"""Step 6 of docs/architecture.md, "Adding an op": every op of include/sinter/ops.def that users
call has a public spelling in include/sinter (a function macro line such as
SINTER_UNARY_FUNCTION(tan, Tan), or code naming Op::Tan) and a row in docs/ops.md or
docs/reductions.md (its spelling in a table's first column). The ops made only by sinter itself
are listed below, each with where it is documented instead.
usage: check.py SOURCE_DIR"""
import glob
import os
import re
import sys

# Ops no user calls by name: the kernel IR's own instructions.
INTERNAL = {
    "Buffer": "a read of an array (docs/architecture.md)",
    "Scalar": "a scalar parameter (docs/architecture.md)",
    "Index": "the flat index, made by arange and the random functions",
    "Cast": "made by cast<T>() and type promotion (docs/ops.md, 'Casts')",
    "Broadcast": "inserted by the planner (docs/broadcasting.md)",
    "Param": "region parameters (docs/custom-kernels.md)",
    "Result": "region results (docs/custom-kernels.md)",
    "LoopBegin": "control-flow markers (lib/ir/kernel.h)",
    "LoopState": "control-flow markers",
    "LoopCond": "control-flow markers",
    "LoopNext": "control-flow markers",
    "LoopEnd": "control-flow markers",
    "IfBegin": "control-flow markers",
    "IfElse": "control-flow markers",
    "IfEnd": "control-flow markers",
    "IfResult": "control-flow markers",
    "Philox": "made by the random functions (docs/random.md)",
    "Gather": "made by indexing (docs/indexing.md)",
    "IndexCheck": "made by indexing (docs/indexing.md)",
}


def main():
    source = sys.argv[1]
    with open(os.path.join(source, "include/sinter/ops.def"), encoding="utf-8") as f:
        catalogue = re.sub(r"#ifdef SINTER_TEST_FORGOTTEN_OP.*?#endif", "", f.read(), flags=re.S)  # compile-fail tests' op
    ops = re.findall(r'^SINTER_OP\((\w+), "([^"]+)", \d+, \w+\)', catalogue, re.M)
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
