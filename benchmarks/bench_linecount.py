#!/usr/bin/env python3
"""Time line counting (``techlead.mining.linecount.count_lines``) on 1,000,000 lines.

Usage::

    .venv/bin/python benchmarks/bench_linecount.py [--lines 1000000] [--repeat 3] [--json]

Inputs, each at least ``--lines`` lines, counted in this process:

* ``C, block`` and ``Python, block``: the hand-checked snippets of
  tests/mining/test_linecount.py (``C_SOURCE``, 15 lines with block comments, strings and
  char literals; ``PY_SOURCE``, 15 lines with a docstring and ``#`` in strings) repeated;
  this was ``test_speed_million_lines`` before wall-clock checks left the test suite;
* ``C, real`` and ``Python, real``: real files concatenated in sorted order until
  ``--lines`` is reached: C headers from ``/usr/include`` and the running interpreter's
  standard library (site-packages left out; Python 3.11's has fewer than 1,000,000 lines,
  so all of it); skipped when the machine has none.

Baseline, measured in the same run on the same bytes: the cheapest line loop in Python,
``for line in content.split(b"\\n"): if not line.strip(): blank += 1``. The ``x loop``
column is count_lines divided by it: what classifying code, comments and strings costs
beyond touching every line once. Wall times are the best of ``--repeat``.

Target (the one the old test stated): about 1 s per million lines on a developer
machine; the test failed only above 6 s, to catch an accidental quadratic or
per-character loop. Nothing here asserts on time; exit code 1 only when a count is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

from techlead.mining.languages import catalogue
from techlead.mining.linecount import count_lines
from timing import best

TARGET_S_PER_MILLION = 1.0

# Copies of tests/mining/test_linecount.py's C_SOURCE and PY_SOURCE (15 lines each).
C_SOURCE = """\
/* Licence header
 * spanning three lines
 */
#include <stdio.h>

int main(void) {  // entry point
    // a whole-line comment
    printf("/* not a comment */\\n");
    char c = '"'; /* a quote in a char literal
                     does not open a string */
    int x = 1; /* short */ int y = 2;
    /* one-liner */
    return 0; /*
    trailing block opened after code */
}
"""

PY_SOURCE = '''\
#!/usr/bin/env python3
"""Module docstring.

# not a comment: inside the docstring
"""
import os  # trailing comment
from timing import best

# a comment
s = "# not a comment"
t = '# nor this'
u = "it's"  # apostrophe inside a string
    # indented comment
def f():
    """One-line docstring."""
    return 1
'''


def repeated(block: str, lines: int) -> bytes:
    data = block.encode()
    return data * (lines // data.count(b"\n") + 1)


def real_files(language: str) -> Iterator[Path]:
    if language == "C":
        include = Path("/usr/include")
        yield from (p for p in sorted(include.rglob("*.h")) if p.is_file() and not p.is_symlink())
    else:
        stdlib = Path(sysconfig.get_paths()["stdlib"])
        yield from (
            p for p in sorted(stdlib.rglob("*.py"))
            if "site-packages" not in p.parts and p.is_file()
        )  # fmt: skip


def concatenated(language: str, lines: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    for path in real_files(language):
        if total >= lines:
            break
        data = path.read_bytes()
        if not data.endswith(b"\n"):
            data += b"\n"
        parts.append(data)
        total += data.count(b"\n")
    return b"".join(parts)


def baseline_loop(content: bytes) -> int:
    blank = 0
    for line in content.split(b"\n"):
        if not line.strip():
            blank += 1
    return blank


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    languages = catalogue()
    inputs = {
        "C, block": ("C", repeated(C_SOURCE, args.lines)),
        "Python, block": ("Python", repeated(PY_SOURCE, args.lines)),
        "C, real": ("C", concatenated("C", args.lines)),
        "Python, real": ("Python", concatenated("Python", args.lines)),
    }
    rows: dict[str, dict[str, float | int]] = {}
    wrong = 0
    for name, (language, content) in inputs.items():
        if not content:
            print(f"{name}: skipped (no such files on this machine)", file=sys.stderr)
            continue
        lang = languages[language]
        result = count_lines(content, lang)
        expected = content.count(b"\n")
        if result.lines != expected or result.code + result.comment + result.blank != expected:
            print(f"{name}: counted {result} for {expected} lines", file=sys.stderr)
            wrong += 1
        loop = best(args.repeat, lambda content=content: baseline_loop(content))
        seconds = best(args.repeat, lambda content=content, lang=lang: count_lines(content, lang))
        rows[name] = {
            "lines": expected,
            "bytes": len(content),
            "seconds": round(seconds, 3),
            "baseline_loop_s": round(loop, 3),
            "x_loop": round(seconds / loop, 1),
            "lines_per_s": round(expected / seconds),
            "s_per_million": round(seconds / expected * 1_000_000, 2),
        }
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    if args.json:
        print(json.dumps({"machine": machine, "results": rows}, indent=2))
        return 1 if wrong else 0
    print(f"count_lines, best of {args.repeat} ({machine})")
    print(
        f"{'input':15} {'lines':>10} {'MB':>6} {'loop s':>7} {'count s':>8} {'x loop':>7} "
        f"{'lines/s':>10} {'s/M lines':>10}  target ~{TARGET_S_PER_MILLION:.0f} s/M lines"
    )
    for name, row in rows.items():
        verdict = "PASS" if float(row["s_per_million"]) <= TARGET_S_PER_MILLION else "over"
        print(
            f"{name:15} {row['lines']:>10,} {int(row['bytes']) / 1e6:>6.1f} "
            f"{row['baseline_loop_s']:>7.3f} {row['seconds']:>8.3f} {row['x_loop']:>7.1f} "
            f"{row['lines_per_s']:>10,} {row['s_per_million']:>10.2f}  {verdict}"
        )
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
