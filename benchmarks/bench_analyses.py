#!/usr/bin/env python3
"""Time every analysis on a scanned repository.

Usage::

    .venv/bin/python benchmarks/bench_analyses.py [REPO_PATH] [--commits 100000] [--repeat 3]

Without REPO_PATH the synthetic repository of ``synth_repo.py`` with ``--commits`` commits
is used (generated into benchmarks/out/ when missing). The repository is scanned once
into a temporary warehouse; then each analysis runs as its own process,
``techlead ANALYSIS --db WH --format csv > /dev/null``, best of ``--repeat``
(``complexity-trend`` gets the most changed file at HEAD). The baseline,
measured in the same run, is ``techlead sql "SELECT count(*) FROM file_changes"``:
starting Python, opening the warehouse and one trivial query. Target: every analysis
under 2 seconds on 100,000 commits.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from techlead.analyses import REGISTRY

TARGET_S = 2.0
# complexity-trend's FILE: the most changed file at HEAD (the longest history to sample)
_MOST_CHANGED = (
    "SELECT path FROM file_changes JOIN files USING (repo_id, path) "
    "GROUP BY path ORDER BY count(*) DESC, path LIMIT 1"
)
HERE = Path(__file__).resolve().parent


def timed(cmd: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", type=Path)
    parser.add_argument("--commits", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repo = args.repo
    if repo is None:
        repo = HERE / "out" / f"synth-{args.commits}"
        subprocess.run(
            [
                sys.executable,
                str(HERE / "synth_repo.py"),
                str(repo),
                "--commits",
                str(args.commits),
                "--reuse",
            ],
            check=True,
        )
    techlead = [sys.executable, "-m", "techlead"]
    with tempfile.TemporaryDirectory(prefix="techlead-bench-") as tmp:
        db = str(Path(tmp) / "wh.duckdb")
        started = time.perf_counter()
        subprocess.run([*techlead, "scan", str(repo), "--db", db, "--quiet"], check=True)
        print(f"scan: {time.perf_counter() - started:.1f} s ({repo})")
        base = timed(
            [*techlead, "sql", "SELECT count(*) FROM file_changes", "--db", db], args.repeat
        )
        print(f"{'analysis':<18} {'wall s':>7} {'x base':>7}  target < {TARGET_S:.0f} s")
        print(f"{'(baseline)':<18} {base:>7.2f} {1.0:>7.2f}")
        failed = 0
        most_changed = subprocess.run(
            [*techlead, "sql", _MOST_CHANGED, "--db", db, "--format", "csv"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[1]
        for name, analysis in REGISTRY.items():
            argument = [most_changed] if analysis.argument else []
            cmd = [*techlead, name, *argument, "--db", db, "--format", "csv"]
            wall = timed(cmd, args.repeat)
            verdict = "PASS" if wall < TARGET_S else "FAIL"
            failed += verdict == "FAIL"
            print(f"{name:<18} {wall:>7.2f} {wall / base:>7.2f}  {verdict}")
    print("overall:", "PASS" if not failed else f"FAIL ({failed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
