#!/usr/bin/env python3
"""Every environment variable the library reads is in docs/configuration.md's table, and every
variable of the table is read somewhere: a setting added in code without its row (or a row left
after its code went) fails here. The library's sources name each variable as a string literal
"SINTER_..." where they read it (lib/config.cpp, runtime/cuda/tuning.cpp, ...).
usage: settings.py SOURCE_DIR"""
import os
import re
import sys

DIRS = ("lib", "codegen", "runtime", "include", "tools")


def main():
    source = sys.argv[1]
    read = set()
    for top in DIRS:
        for root, _, files in os.walk(os.path.join(source, top)):
            for name in files:
                if name.endswith((".h", ".cpp")):
                    with open(os.path.join(root, name), encoding="utf-8") as f:
                        read.update(re.findall(r'"(SINTER_[A-Z0-9_]+)"', f.read()))
    documented = set()
    with open(os.path.join(source, "docs/configuration.md"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("| `SINTER_"):
                documented.update(re.findall(r"`(SINTER_[A-Z0-9_]+)`", line.split("|")[1]))
    problems = [f"{v} is read by the library but has no row in docs/configuration.md" for v in sorted(read - documented)]
    problems += [f"{v} has a row in docs/configuration.md but the library never reads it" for v in sorted(documented - read)]
    for p in problems:
        print(p)
    print(f"{len(read)} variables read, {len(documented)} documented, {len(problems)} problems")
    return 1 if problems or not read else 0


if __name__ == "__main__":
    sys.exit(main())
