#!/usr/bin/env python3
"""Time the history of every back-computed metric on one real repository, cold and warm.

Usage::

    .venv/bin/python benchmarks/history.py REPO_PATH [--years 10] [--every month]
        [--metric NAME ...] [--db SCANNED.duckdb] [--csv-dir DIR]

REPO_PATH is a git repository (a work tree or a bare mirror); it is scanned once into a
temporary warehouse (or ``--db`` names a warehouse that has scanned it; it is copied, never
written; an incremental scan upgrades the copy). For each metric, ``techlead history METRIC
--since S --every month --format csv`` runs as its own process over the last ``--years`` of
the history (its whole life when shorter): **cold** with the metric cache and the past blobs
emptied (the first history ever on the warehouse), **cold, blobs kept** with the metric
cache emptied but the past blobs the cold run read and measured kept (any later history,
goals or report of a metric not cached yet, also after a scan), then **warm** (the values
kept). The baseline, measured in the same run, is ``git log --numstat -M`` of the repository
to /dev/null. Besides wall seconds, ``cpu s`` is the CPU time of each cold run (user +
system, with the worker processes it waited for), steadier on a shared machine. Target (the
issue's): under 30 s cold for each metric on about 20,000 commits. ``--csv-dir DIR`` keeps
each cold run's CSV as ``DIR/METRIC.csv``: compare two versions of techlead with ``cmp``
(a change that makes history faster must not change one value).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from techlead.direction.catalogue import CATALOGUE

TARGET_S = 30.0


def timed(cmd: list[str]) -> float:
    return measured(cmd)[0]


def measured(cmd: list[str], out: Path | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the command and its children): on a
    shared machine the CPU time says more than the wall time. ``out``: keep the output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(out or "/dev/null", "wb") as sink:
        subprocess.run(cmd, check=True, stdout=sink)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def since(db: Path, years: int) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        span = "SELECT min(commit_time), max(commit_time) FROM commits"
        first, newest = con.execute(span).fetchall()[0]
    finally:
        con.close()
    start = max(first, newest.replace(year=newest.year - years))
    return f"{start.astimezone(UTC):%Y-%m-%d}"


def empty_cache(db: Path, blobs: bool = False) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute("DELETE FROM metric_cache")
        if blobs:
            con.execute("DELETE FROM past_files")
            con.execute("DELETE FROM past_functions")
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--every", default="month")
    parser.add_argument("--metric", action="append", help="(default: every back-computed one)")
    parser.add_argument("--db", type=Path, help="a warehouse that has scanned REPO (copied)")
    parser.add_argument("--csv-dir", type=Path, help="keep each cold run's CSV here")
    args = parser.parse_args()
    metrics = args.metric or [m.name for m in CATALOGUE.values() if m.back_computed]
    techlead = [sys.executable, "-m", "techlead"]
    with tempfile.TemporaryDirectory(prefix="techlead-history-") as tmp:
        db = Path(tmp) / "wh.duckdb"
        if args.db:
            shutil.copyfile(args.db, db)
            # an incremental scan: upgrades the copy's schema if it is older
            rescanned = timed([*techlead, "scan", str(args.repo), "--db", str(db), "--quiet"])
            print(f"scan of the copy: {rescanned:.1f} s ({args.repo})")
        else:
            scanned = timed([*techlead, "scan", str(args.repo), "--db", str(db), "--quiet"])
            print(f"scan: {scanned:.1f} s ({args.repo})")
        start = since(db, args.years)
        log = ["git", "-C", str(args.repo), "log", "--numstat", "-M", "HEAD"]
        base, base_cpu = measured(log)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC (load {load}): history per "
              f"{args.every} since {start}")  # fmt: skip
        print(f"{'metric':<26} {'cold s':>7} {'cpu s':>7} {'kept s':>7} {'cpu s':>7} "
              f"{'warm s':>7} {'cold x git':>10}  target < {TARGET_S:.0f} s cold")  # fmt: skip
        print(f"{'(git log --numstat -M)':<26} {base:>7.2f} {base_cpu:>7.2f} {'':>15} {'':>7} "
              f"{1.0:>10.2f}")  # fmt: skip
        failed = 0
        for name in metrics:
            cmd = [*techlead, "history", name, "--since", start, "--every", args.every,
                   "--db", str(db), "--format", "csv"]  # fmt: skip
            empty_cache(db, blobs=True)
            if args.csv_dir:
                args.csv_dir.mkdir(parents=True, exist_ok=True)
            cold, cpu = measured(cmd, args.csv_dir / f"{name}.csv" if args.csv_dir else None)
            empty_cache(db)
            kept, kept_cpu = measured(cmd)
            warm = timed(cmd)
            verdict = "PASS" if cold < TARGET_S else "FAIL"
            failed += verdict == "FAIL"
            print(f"{name:<26} {cold:>7.2f} {cpu:>7.2f} {kept:>7.2f} {kept_cpu:>7.2f} "
                  f"{warm:>7.2f} {cold / base:>10.2f}  {verdict}  (load "
                  f"{os.getloadavg()[0]:.1f})")  # fmt: skip
    print("overall:", "PASS" if not failed else f"FAIL ({failed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
