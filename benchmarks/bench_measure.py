#!/usr/bin/env python3
"""Time per-function complexity (``techlead.mining.complexity.measure``) on 200,000 lines.

Usage::

    .venv/bin/python benchmarks/bench_measure.py [--scale 1.0] [--repeat 3] [--json]

Inputs, measured in this process (one core): the hand-checked one-function samples of
tests/mining/test_complexity.py repeated with distinct names, 12,500 Python functions of
8 lines (100,000 lines) and 8,400 C functions of 12 lines (100,800 lines); ``--scale``
multiplies both counts. This was ``test_speed_200k_lines`` before wall-clock checks left
the test suite. (``bench_complexity.py`` times whole scans of real code instead.)

Baseline, measured in the same run on the same text: lizard alone, through its public
``lizard.analyze_file.analyze_source_code`` (tokenising, function recognition and
cyclomatic complexity). ``measure`` is lizard plus techlead's corrections to its decision
tables, nesting from indentation and the indentation figures, so the ``x lizard`` column
is techlead's overhead on top of lizard. Wall times are the best of ``--repeat``.

The old test failed only above 30 s for the 200,000 lines, to catch something far too
slow; docs/complexity-notes.md expects 30,000-40,000 lines/s on one core. Nothing here
asserts on time; exit code 1 only when the number of functions found is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys

from lizard import analyze_file

from techlead.mining.complexity import measure
from timing import best

# Copies of SAMPLES["Python"] and SAMPLES["C"] of tests/mining/test_complexity.py.
PYTHON = (
    "def f(a, b, c=1):\n"
    "    total = 0\n"
    "    for x in a:\n"
    "        if x > 0 and b:\n"
    "            total += x\n"
    "        else:\n"
    "            total -= 1\n"
    "    return total\n"
)
C_CODE = (
    "int f(int *a, int n, int b)\n"
    "{\n"
    "    int t = 0;\n"
    "    for (int i = 0; i < n; i++) {\n"
    "        if (a[i] > 0 && b || n == 1) {\n"
    "            t += a[i];\n"
    "        } else {\n"
    "            t -= 1;\n"
    "        }\n"
    "    }\n"
    "    return t;\n"
    "}\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    py_functions = round(12_500 * args.scale)
    c_functions = round(8_400 * args.scale)
    inputs = {
        "Python": (
            "".join(PYTHON.replace("def f", f"def f{i}") for i in range(py_functions)),
            "source.py",
            py_functions,
        ),
        "C": (
            "".join(C_CODE.replace("int f(", f"int f{i}(") for i in range(c_functions)),
            "source.c",
            c_functions,
        ),
    }
    rows: dict[str, dict[str, float | int]] = {}
    wrong = 0
    for language, (text, filename, functions) in inputs.items():
        found = len(measure(text, language).functions)
        if found != functions:
            print(f"{language}: measure found {found} functions of {functions}", file=sys.stderr)
            wrong += 1
        lizard_s = best(
            args.repeat,
            lambda text=text, filename=filename: analyze_file.analyze_source_code(filename, text),
        )
        seconds = best(args.repeat, lambda text=text, language=language: measure(text, language))
        lines = text.count("\n")
        rows[language] = {
            "lines": lines,
            "functions": functions,
            "lizard_s": round(lizard_s, 2),
            "seconds": round(seconds, 2),
            "x_lizard": round(seconds / lizard_s, 2),
            "lines_per_s": round(lines / seconds),
        }
    total_lines = sum(int(row["lines"]) for row in rows.values())
    total_s = sum(float(row["seconds"]) for row in rows.values())
    total_lizard = sum(float(row["lizard_s"]) for row in rows.values())
    rows["both"] = {
        "lines": total_lines,
        "functions": py_functions + c_functions,
        "lizard_s": round(total_lizard, 2),
        "seconds": round(total_s, 2),
        "x_lizard": round(total_s / total_lizard, 2),
        "lines_per_s": round(total_lines / total_s),
    }
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    if args.json:
        print(json.dumps({"machine": machine, "results": rows}, indent=2))
        return 1 if wrong else 0
    print(f"measure, one process, best of {args.repeat} ({machine})")
    print(
        f"{'input':8} {'lines':>8} {'functions':>9} {'lizard s':>9} {'measure s':>10} "
        f"{'x lizard':>9} {'lines/s':>8}"
    )
    for name, row in rows.items():
        print(
            f"{name:8} {row['lines']:>8,} {row['functions']:>9,} {row['lizard_s']:>9.2f} "
            f"{row['seconds']:>10.2f} {row['x_lizard']:>9.2f} {row['lines_per_s']:>8,}"
        )
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
