#!/usr/bin/env python3
"""Every test that the docs cite exists: docs/*.md and README.md name tests as
`tests/<file>.cpp`, "<test case name>" (several names may follow one file). Each name must be a
test case of sinter_tests (its -ltc list); an ellipsis (… or ...) in a cited name stands for any
text. A renamed test therefore fails here until the docs follow it.
usage: doc_references.py SOURCE_DIR SINTER_TESTS"""
import glob
import os
import re
import subprocess
import sys


def cited_names(text):
    """(file, name) pairs of every citation in a doc's text."""
    text = re.sub(r"\s+", " ", text)  # a citation may wrap across lines
    for m in re.finditer(r'`(tests/[\w/.-]+\.cpp)`((?:,? (?:and )?"[^"]+")+)', text):
        for name in re.findall(r'"([^"]+)"', m.group(2)):
            yield m.group(1), name


def pattern(name):
    parts = re.split(r"\s*(?:…|\.\.\.)\s*", name)
    return re.compile("^" + ".*".join(re.escape(p) for p in parts) + "$")


def main():
    source, tests = sys.argv[1], sys.argv[2]
    listing = subprocess.run([tests, "-ltc", "--no-version"], capture_output=True, text=True, check=True).stdout
    names = [re.sub(r"\s+", " ", line.strip()) for line in listing.splitlines()]
    docs = sorted(glob.glob(os.path.join(source, "docs", "*.md"))) + [os.path.join(source, "README.md")]
    missing, count = [], 0
    for doc in docs:
        with open(doc, encoding="utf-8") as f:
            text = f.read()
        for file, name in cited_names(text):
            count += 1
            p = pattern(name)
            if not any(p.match(n) for n in names):
                missing.append(f"{os.path.relpath(doc, source)}: {file}, \"{name}\"")
    if count == 0:
        print("no test citations found: the citation pattern no longer matches the docs")
        return 1
    for m in missing:
        print("no such test case:", m)
    print(f"{count} citations, {len(missing)} naming no test case")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
