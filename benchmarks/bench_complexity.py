#!/usr/bin/env python3
"""Time the HEAD complexity snapshot of about 1,000,000 lines of real code.

Usage::

    .venv/bin/python benchmarks/bench_complexity.py [--loc 1000000] [--repeat 1] [--json]

The repository is built (once, reused) in ``benchmarks/out/code-<loc>``: one commit with
real source files copied from this machine, in sorted order until their lines of code
(techlead's own count) reach ``--loc``: the Python standard library of the running
interpreter (``*.py``, site-packages left out), then C headers from ``/usr/include``.

Measured, each in its own child process, best of ``--repeat``:

* ``read blobs`` - ``git cat-file --batch-all-objects --batch`` to /dev/null: the cost of
  merely reading every file once (the baseline);
* ``scan, no complexity`` - ``techlead scan --no-complexity`` into a fresh warehouse;
* ``scan, cold`` - ``techlead scan`` into a fresh warehouse: lines and complexity of
  every file (worker processes, one per CPU);
* ``re-scan, unchanged`` - the same scan again: nothing to do;
* ``re-scan, one file changed`` - after a commit that edits one file: the snapshot is
  rebuilt from the blob cache and only that file is read and measured.

Targets (the issue's): cold scan < 60 s, re-scans < 5 s. ``complexity cost`` is the cold
scan minus the scan without complexity. Exit code 1 only when a command fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from corpus import build_corpus

HERE = Path(__file__).resolve().parent
COLD_TARGET_S = 60.0
RESCAN_TARGET_S = 5.0
GENERATOR_VERSION = 1


def sources() -> Iterator[tuple[str, Path]]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(stdlib.rglob("*.py")):
        if "site-packages" not in path.parts and path.is_file():
            yield "python/" + path.relative_to(stdlib).as_posix(), path
    include = Path("/usr/include")
    for path in sorted(include.rglob("*.h")):
        if path.is_file() and not path.is_symlink():
            yield "c/" + path.relative_to(include).as_posix(), path


def build(out: Path, target_loc: int) -> tuple[int, int]:
    """Write the corpus repository; returns (files, lines of code)."""
    return build_corpus(out, target_loc, sources(), "bench_complexity.json", GENERATOR_VERSION)


def timed(argv: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        raise SystemExit(1)
    return elapsed


def best(runs: int, measure: callable) -> float:  # type: ignore[valid-type]
    return min(measure() for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loc", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    repo = HERE / "out" / f"code-{args.loc}"
    files, code = build(repo, args.loc)
    techlead = [sys.executable, "-m", "techlead"]
    work = Path(tempfile.mkdtemp(prefix="bench-complexity-"))
    db = work / "bench.duckdb"

    def fresh(*extra: str) -> float:
        for leftover in work.glob("bench.duckdb*"):
            leftover.unlink()
        return timed([*techlead, "scan", str(repo), "--db", str(db), "--quiet", *extra])

    results: dict[str, float] = {}
    results["read blobs"] = best(
        args.repeat,
        lambda: timed(["git", "-C", str(repo), "cat-file", "--batch-all-objects", "--batch"]),
    )
    results["scan, no complexity"] = best(args.repeat, lambda: fresh("--no-complexity"))
    results["scan, cold"] = best(args.repeat, fresh)
    rescan = [*techlead, "scan", str(repo), "--db", str(db), "--quiet"]
    results["re-scan, unchanged"] = best(args.repeat, lambda: timed(rescan))
    clone = work / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    fresh()  # a warehouse of the clone's HEAD, then one edited file

    def one_change() -> float:
        subprocess.run([*techlead, "scan", str(clone), "--db", str(db), "--quiet"], check=True)
        target = clone / "python" / "os.py"
        target.write_text(target.read_text() + "\n# edited\n")
        subprocess.run(["git", "-C", str(clone), "commit", "-qam", "edit"], check=True)
        return timed([*techlead, "scan", str(clone), "--db", str(db), "--quiet"])

    results["re-scan, one file changed"] = best(args.repeat, one_change)
    shutil.rmtree(work, ignore_errors=True)
    targets = {
        "scan, cold": COLD_TARGET_S,
        "re-scan, unchanged": RESCAN_TARGET_S,
        "re-scan, one file changed": RESCAN_TARGET_S,
    }
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    document = {
        "machine": machine,
        "files": files,
        "lines_of_code": code,
        "seconds": {k: round(v, 2) for k, v in results.items()},
        "complexity_cost_s": round(results["scan, cold"] - results["scan, no complexity"], 2),
        "pass": {k: results[k] < t for k, t in targets.items()},
    }
    if args.json:
        print(json.dumps(document, indent=2))
        return 0
    print(f"corpus: {files:,} files, {code:,} lines of code ({document['machine']})")
    baseline = results["read blobs"]
    for name, seconds in results.items():
        verdict = ""
        if name in targets:
            verdict = "PASS" if seconds < targets[name] else "FAIL"
            verdict = f"  target < {targets[name]:.0f} s: {verdict}"
        print(f"{name:28} {seconds:7.2f} s  {seconds / baseline:6.1f}x read blobs{verdict}")
    print(f"{'complexity cost':28} {document['complexity_cost_s']:7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
