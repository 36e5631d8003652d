#!/usr/bin/env python3
"""A workspace of many repositories: scan throughput and memory, local pool against a Dask
cluster; the re-scan with nothing new; analyses and report time as the warehouse grows.

Usage::

    .venv/bin/python benchmarks/bench_workspace.py [--repos 1000] [--commits 2000000]
        [--out benchmarks/out/workspace] [--executors local,dask] [--json FILE] [--svg FILE]

The workspace is ``synth_workspace.py``'s (generated into ``--out`` when missing, kept
otherwise). Its repositories are scanned in stages, each stage one ``techlead scan`` of
the repositories it adds to the same warehouse, so the warehouse grows through the
checkpoints 1,000 commits, a tenth, half and all of ``--commits``; the issue's full size
is 1,000 repositories and 2M commits (1k -> 200k -> 1M -> 2M). Each executor
(``--executor local``, ``dask``: a LocalCluster of one worker per CPU) scans its own
warehouse through the same stages; for each stage: wall time, CPU time (user+sys of the
scan and every process it waited for, the LocalCluster's workers included) and the peak of
the resident memory of the scan and all its descendants (sampled every 0.1 s). After
each stage of the local warehouse the ANALYSES and ``techlead report`` are timed (one
process each, best of ``--repeat``). Last, the whole workspace is scanned again with
nothing new. Results: a table on stdout, ``--json``, and the growth curve as ``--svg``
(written by hand: no plotting library needed).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_workspace import make_workspace

HERE = Path(__file__).resolve().parent
ANALYSES = ("summary", "hotspots", "churn", "coupling", "truck-factor", "knowledge")
TECHLEAD = [sys.executable, "-m", "techlead"]
RESCAN_TARGET_S = 30.0


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (psutil, installed with distributed)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total


def run(argv: list[str]) -> dict[str, float]:
    """Run ``argv``: wall s, CPU s (children's user+sys), peak MB of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code:
        raise SystemExit(f"failed ({code}): {' '.join(argv[:6])} ...")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_mb": round(peak / 2**20)}


def best(argv: list[str], repeat: int, limit: float = 600.0) -> float | None:
    """The best of ``repeat`` runs in seconds; None when one takes longer than ``limit``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, timeout=limit)
        except subprocess.TimeoutExpired:
            return None
        times.append(time.perf_counter() - started)
    return round(min(times), 2)


def stages(paths: list[Path], counts: dict[str, int], total: int) -> list[list[Path]]:
    """The repositories each stage adds: the warehouse reaches 1,000 commits, a tenth,
    half and all of ``total``."""
    checkpoints = iter(sorted({min(1000, total), total // 10, total // 2, total}))
    target = next(checkpoints, None)
    found: list[list[Path]] = []
    current: list[Path] = []
    reached = 0
    for path in paths:
        current.append(path)
        reached += counts[path.name]
        while target is not None and reached >= target:
            target = next(checkpoints, None)
            if current:
                found.append(current)
                current = []
    if current:
        found.append(current)
    return found


def svg(points: list[dict[str, Any]], path: Path, limit: float) -> None:
    """The growth curve: seconds against the warehouse's commits, one line per command;
    a command slower than ``limit`` is drawn at the limit, hollow, marked "> limit"."""
    width, height, left, bottom, right = 640, 360, 60, 40, 50  # right: room for the last label
    series = ["report", "analyses"]
    xmax = max(p["commits"] for p in points)
    slow = any(p[s] is None for s in series for p in points)
    ymax = max([limit if slow else 0.0, *(p[s] or 0.0 for s in series for p in points)])
    ymax = ymax * 1.1 or 1.0

    def xy(commits: int, seconds: float) -> str:
        x = left + (width - left - right) * commits / xmax
        y = height - bottom - (height - bottom - 20) * seconds / ymax
        return f"{x:.1f},{y:.1f}"

    colours = {"report": "#c0392b", "analyses": "#2471a3"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        'stroke="black"/>',
        f'<line x1="{left}" y1="20" x2="{left}" y2="{height - bottom}" stroke="black"/>',
        f'<text x="{width // 2}" y="{height - 8}" text-anchor="middle">commits in the '
        "warehouse</text>",
        f'<text x="14" y="{height // 2}" transform="rotate(-90 14 {height // 2})" '
        'text-anchor="middle">seconds</text>',
    ]
    for point in points:
        x = xy(point["commits"], 0).split(",")[0]
        parts.append(f'<text x="{x}" y="{height - bottom + 15}" text-anchor="middle">'
                     f'{point["commits"]:,}</text>')  # fmt: skip
    for tick in range(5):
        seconds = ymax * tick / 4
        y = xy(0, seconds).split(",")[1]
        parts.append(f'<text x="{left - 6}" y="{y}" text-anchor="end">{seconds:.1f}</text>')
    for index, name in enumerate(series):
        shown = [(p["commits"], p[name] if p[name] is not None else limit) for p in points]
        line = " ".join(xy(c, t) for c, t in shown)
        colour = colours[name]
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (commits, seconds), point in zip(shown, points, strict=True):
            x, y = xy(commits, seconds).split(",")
            fill = colour if point[name] is not None else "white"
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{fill}" stroke="{colour}"/>')
            if point[name] is None:
                parts.append(f'<text x="{x}" y="{float(y) - 8:.1f}" text-anchor="middle" '
                             f'fill="{colour}">&gt; {limit:.0f} s</text>')  # fmt: skip
        label = "techlead report" if name == "report" else f"{len(ANALYSES)} analyses, in all"
        parts.append(f'<text x="{left + 10}" y="{30 + 16 * index}" fill="{colour}">{label}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=2_000_000)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "workspace")
    parser.add_argument("--executors", default="local,dask")
    parser.add_argument("--repeat", type=int, default=1)
    # seconds an analysis or the report may take (a slower one is recorded as None)
    parser.add_argument("--limit", type=float, default=600.0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--svg", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    paths = make_workspace(args.out.resolve(), args.repos, args.commits, os.cpu_count() or 1, 1)
    generation = round(time.perf_counter() - started, 1)
    sizes = json.loads((args.out / "workspace.json").read_text())["sizes"]
    counts = {f"repo-{i:04d}": n for i, n in enumerate(sizes)}
    paths = sorted(paths)  # the draw's order: sizes vary from one stage to the next
    plan = stages(paths, counts, args.commits)
    results: dict[str, Any] = {"generation_s": generation, "repos": args.repos,
                               "commits": args.commits, "scans": {}, "growth": []}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="techlead-bench-ws-") as tmp:
        for executor in args.executors.split(","):
            db = str(Path(tmp) / f"{executor}.duckdb")
            rows, commits = [], 0
            for stage in plan:
                measured = run([*TECHLEAD, "scan", *map(str, stage), "--db", db, "-q",
                                "--executor", executor])  # fmt: skip
                commits += sum(counts[p.name] for p in stage)
                rows.append({"repos": len(stage), "commits": commits, **measured})
                print(f"{executor}: {rows[-1]}", file=sys.stderr)
                if executor == "local":
                    results["growth"].append(grow(db, commits, tmp, args.repeat, args.limit))
            results["scans"][executor] = rows
            if executor == "local":
                again = run([*TECHLEAD, "scan", *map(str, paths), "--db", db, "-q"])
                results["rescan"] = again
                print(f"re-scan, nothing new: {again}", file=sys.stderr)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    if args.svg and results["growth"]:
        svg(results["growth"], args.svg, args.limit)
    return 0


def grow(db: str, commits: int, tmp: str, repeat: int, limit: float) -> dict[str, Any]:
    """Analyses and report time on the warehouse as it is now."""
    each = {a: best([*TECHLEAD, a, "--db", db, "--format", "csv"], repeat, limit)
            for a in ANALYSES}  # fmt: skip
    page = str(Path(tmp) / "report.html")
    total = round(sum(t or 0.0 for t in each.values()), 2)
    page_time = best([*TECHLEAD, "report", "--db", db, "--out", page], repeat, limit)
    point = {"commits": commits, "analyses": total, **each, "report": page_time}
    print(f"growth: {point}", file=sys.stderr)
    return point


def report(results: dict[str, Any]) -> None:
    print(f"workspace: {results['repos']:,} repositories, {results['commits']:,} commits "
          f"(generated in {results['generation_s']} s)")  # fmt: skip
    print("| executor | wall s | CPU s | commits/s | peak MB |")
    print("|---|---|---|---|---|")
    for executor, rows in results["scans"].items():
        wall = sum(r["wall_s"] for r in rows)
        cpu = sum(r["cpu_s"] for r in rows)
        peak = max(r["peak_mb"] for r in rows)
        print(f"| {executor} | {wall:.1f} | {cpu:.1f} | {results['commits'] / wall:,.0f} "
              f"| {peak} |")  # fmt: skip
    if "rescan" in results:
        again = results["rescan"]
        print(f"re-scan, nothing new: {again['wall_s']} s wall, {again['cpu_s']} s CPU "
              f"(target < {RESCAN_TARGET_S:.0f} s)")  # fmt: skip
    if results["growth"]:
        print("| commits | " + " | ".join(ANALYSES) + " | report |")
        print("|---" * (len(ANALYSES) + 2) + "|")
        for point in results["growth"]:
            cells = " | ".join(f"{point[a]}" for a in (*ANALYSES, "report"))
            print(f"| {point['commits']:,} | {cells} |")


if __name__ == "__main__":
    sys.exit(main())
