#!/usr/bin/env python3
"""Time the code health of about 1,000,000 lines of Python at HEAD (issue 17's target).

Usage::

    .venv/bin/python benchmarks/bench_health_scan.py [--loc 1000000] [--repeat 1] [--json]

The repository is built once (then reused) in ``benchmarks/out/python-<loc>``: one commit
holding real Python files copied from this machine, in sorted order until their lines of
code (techlead's own count) reach ``--loc``: the standard library of the running
interpreter (site-packages left out), then the packages installed next to it (purelib).
Python only: it is the language every branch of issue 17 parses.

Measured, each command in its own child process on a fresh warehouse, best of
``--repeat`` (``cpu s``: user + system of the command and the children it waited for):

* ``read blobs`` - ``git cat-file --batch-all-objects --batch`` to /dev/null, the baseline;
* ``scan, no health`` - ``techlead scan --no-complexity``: lines and languages only;
* ``scan`` - the default ``techlead scan``: every file also measured with tree-sitter
  (functions, biomarkers, classes, docstrings) in worker processes, one per CPU;
* ``re-scan`` - the same scan again, nothing new;
* ``measuring, in process`` - :class:`techlead.mining.measuring.Measurer` on every blob
  (already read), with as many workers as the scan uses: the health part of a scan alone;
* ``measuring CPU, one core`` - the same inline (one process): its CPU time, which a
  shared machine disturbs less than wall time; half of it is what 2 free cores would take.

``health at HEAD`` is ``scan`` minus ``scan, no health``. Targets: health at HEAD < 15 s on
2 cores (lizard took 25 s on the corpus of bench_complexity.py), re-scan < 1 s, peak
memory of the scan (its own process) < 400 MB. Exit code 1 only when a command fails.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scan import CommandFailed, Run, machine_info, run_measured  # noqa: E402
from corpus import build_corpus  # noqa: E402
from techlead.git.runner import cat_file_batch  # noqa: E402
from techlead.mining.languages import detect_language  # noqa: E402
from techlead.mining.measuring import Measurer  # noqa: E402
from techlead.mining.scan_setup import cpu_count  # noqa: E402

HEALTH_TARGET_S = 15.0
RESCAN_TARGET_S = 1.0
MEMORY_TARGET_MB = 400.0
GENERATOR_VERSION = 1


def sources() -> Iterator[tuple[str, Path]]:
    paths = sysconfig.get_paths()
    stdlib, purelib = Path(paths["stdlib"]), Path(paths["purelib"])
    for path in sorted(stdlib.rglob("*.py")):
        if "site-packages" not in path.parts and path.is_file():
            yield "stdlib/" + path.relative_to(stdlib).as_posix(), path
    for path in sorted(purelib.rglob("*.py")):
        if path.is_file() and not path.is_symlink():
            yield "packages/" + path.relative_to(purelib).as_posix(), path


def build(out: Path, target_loc: int) -> tuple[int, int]:
    """Write the corpus repository; returns (files, lines of code)."""
    return build_corpus(out, target_loc, sources(), "bench_health_scan.json", GENERATOR_VERSION)


def measure_in_process(repo: Path, workers: int) -> tuple[float, float, int]:
    """(wall s, CPU s of this process, bytes) of measuring every blob at HEAD with the
    scan's Measurer; with ``workers`` 1 it measures inline, so the CPU time is all of it."""
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "-z", "HEAD"], capture_output=True, check=True
    ).stdout
    paths: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if entry:
            meta, _, path = entry.partition(b"\t")
            paths[meta.split()[2].decode()] = path.decode()
    contents = [(blob, content) for blob, content in cat_file_batch(repo, sorted(paths)) if content]
    size = sum(len(content) for _, content in contents)
    started, cpu = time.perf_counter(), time.process_time()
    with Measurer(size, workers) as measurer:
        for blob, content in contents:
            path = paths[blob]
            language = detect_language(path, content[:256])
            measurer.add((blob, path), content, language.name if language else None, path)
        measurer.results()
    return time.perf_counter() - started, time.process_time() - cpu, size


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.wall_s)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--loc", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    repo = HERE / "out" / f"python-{args.loc}"
    files, code = build(repo, args.loc)
    workers = cpu_count()
    techlead = [sys.executable, "-m", "techlead"]
    results: dict[str, Run] = {}
    with tempfile.TemporaryDirectory(prefix="bench-health-") as tmp:
        db = Path(tmp) / "bench.duckdb"

        def scan(*extra: str, fresh: bool = True, sample: bool = False) -> Run:
            if fresh:
                for leftover in Path(tmp).glob("bench.duckdb*"):
                    leftover.unlink()
            argv = [*techlead, "scan", str(repo), "--db", str(db), "--quiet", *extra]
            return run_measured("techlead scan", argv, sample=sample)

        try:
            read = ["git", "-C", str(repo), "cat-file", "--batch-all-objects", "--batch"]
            results["read blobs"] = best(
                [run_measured("git cat-file", read) for _ in range(args.repeat)]
            )
            results["scan, no health"] = best([scan("--no-complexity") for _ in range(args.repeat)])
            scans = [scan(sample=i == 0) for i in range(args.repeat)]
            results["re-scan"] = best([scan(fresh=False) for _ in range(args.repeat)])
            results["scan"] = best(scans)
            peak = max(run.maxrss_mb or 0.0 for run in scans)
        except CommandFailed as exc:
            print(f"bench_health_scan: {exc.label} failed ({exc.status})", file=sys.stderr)
            print(exc.stderr, file=sys.stderr)
            return 1
    in_process, _, size = min(measure_in_process(repo, workers) for _ in range(args.repeat))
    one_core = min(measure_in_process(repo, 1)[1] for _ in range(args.repeat))
    health = results["scan"].wall_s - results["scan, no health"].wall_s
    document = {
        "machine": machine_info(),
        "files": files,
        "lines_of_code": code,
        "bytes": size,
        "workers": workers,
        "seconds": {k: round(v.wall_s, 2) for k, v in results.items()},
        "cpu_seconds": {k: round(v.cpu_s, 2) for k, v in results.items()},
        "health_at_head_s": round(health, 2),
        "measuring_in_process_s": round(in_process, 2),
        "measuring_cpu_one_core_s": round(one_core, 2),
        "scan_peak_mb": round(peak, 1),
        "pass": {
            "health at HEAD < 15 s": health < HEALTH_TARGET_S,
            "measuring in process < 15 s": in_process < HEALTH_TARGET_S,
            "measuring CPU / 2 cores < 15 s": one_core / 2 < HEALTH_TARGET_S,
            "re-scan < 1 s": results["re-scan"].wall_s < RESCAN_TARGET_S,
            "peak memory < 400 MB": peak < MEMORY_TARGET_MB,
        },
    }
    if args.json:
        print(json.dumps(document, indent=2))
        return 0
    info = document["machine"]
    print(f"corpus: {files:,} Python files, {code:,} lines of code, {size / 1e6:.1f} MB")
    print(f"machine: {info['cpu']} | {info['usable_cores']} usable cores | workers {workers}")
    base = results["read blobs"].wall_s
    for name, run in results.items():
        print(
            f"{name:24} {run.wall_s:7.2f} s  cpu {run.cpu_s:7.2f} s  {run.wall_s / base:6.1f}x read"
        )
    print(f"{'health at HEAD':24} {health:7.2f} s  (scan - scan, no health)")
    print(f"{'measuring, in process':24} {in_process:7.2f} s  ({code / in_process:,.0f} lines/s)")
    print(f"{'measuring CPU, one core':24} {one_core:7.2f} s  (inline; / 2 = {one_core / 2:.2f} s)")
    print(f"{'scan peak memory':24} {peak:7.1f} MB")
    for target, ok in document["pass"].items():
        print(f"  {target}: {'PASS' if ok else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
