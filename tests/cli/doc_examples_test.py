#!/usr/bin/env python3
"""The sessions shown in README.md and docs/*.md are what ssla prints today.

A fenced block whose first line is `$ ssla ...` or `$ build/ssla ...` is a
session: the command (run from the project root, standard output and standard
error together, as a terminal shows them) must print the rest of the block.
Without this test an example goes stale the day a rule changes a number, and
the README is the first thing a reader checks the binary against.

usage: doc_examples_test.py SSLA PROJECT_ROOT
"""

import os
import pathlib
import shlex
import subprocess
import sys


def sessions(path):
    """Yields (line number, command, expected text) for each session of a file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            block = lines[start:j]
            if block and (block[0].startswith("$ ssla ") or block[0].startswith("$ build/ssla ")):
                expected = "\n".join(block[1:]) + "\n"
                yield start + 1, block[0][2:], expected
            i = j + 1
        else:
            i += 1


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    root = pathlib.Path(sys.argv[2])
    files = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
    env = dict(os.environ, TZ="UTC", NO_COLOR="1")
    env.pop("COLUMNS", None)
    checked = 0
    failed = 0
    for path in files:
        for line, command, expected in sessions(path):
            argv = shlex.split(command)
            argv[0] = binary
            run = subprocess.run(argv, cwd=root, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True, timeout=60)
            checked += 1
            if run.stdout != expected:
                failed += 1
                print(f"{path.relative_to(root)}:{line}: `{command}` prints another text:")
                print(run.stdout, end="")
                print("--- the document shows:")
                print(expected, end="")
    print(f"{checked} sessions checked, {failed} differ")
    if checked == 0:
        print("no session found: the documents or this test moved")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
