#!/usr/bin/env python3
"""No source file of the library (lib/, codegen/, runtime/, include/, tools/) is over 700 lines
unless its first comment says why, in a line starting with "// Over 700 lines:". One idea per
file: a file that grows past the limit gets split, or a reason a reviewer can weigh.
usage: source_size.py SOURCE_DIR"""
import os
import sys

LIMIT = 700
DIRS = ("lib", "codegen", "runtime", "include", "tools")


def main():
    source = sys.argv[1]
    bad = []
    for top in DIRS:
        for root, _, files in os.walk(os.path.join(source, top)):
            for name in files:
                if not name.endswith((".h", ".cpp", ".def")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    lines = f.readlines()
                if len(lines) <= LIMIT:
                    continue
                head = lines[:40]
                if not any(line.startswith("// Over 700 lines:") for line in head):
                    bad.append(f"{os.path.relpath(path, source)}: {len(lines)} lines, no '// Over 700 lines:' reason at its top")
    for b in bad:
        print(b)
    print(f"{len(bad)} files over {LIMIT} lines without a reason")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
