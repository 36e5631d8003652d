#!/usr/bin/env python3
"""Many synthetic repositories of varied sizes at once, for workspace benchmarks.

Usage::

    python benchmarks/synth_workspace.py OUT_DIR [--repos 1000] [--commits 2000000]
                                         [--jobs N] [--seed 1]

``--commits`` in all, shared out over ``--repos`` repositories by a skewed (log-normal)
draw, as in an organisation: many small repositories, a few large ones; each has at least
MIN_COMMITS. Repository i is ``synth_repo.generate(OUT_DIR/repo-NNNN, ...)`` with seed i,
its files and authors growing with its commits, so the same arguments always give the same
workspace. ``--jobs`` repositories are generated at once (default: the CPUs), each by its
own ``git fast-import``; a repository already generated with the same arguments is kept,
so an interrupted generation resumes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_repo import generate, read_marker

MIN_COMMITS = 10
SIGMA = 1.5  # spread of the log-normal draw: the largest repository holds ~2-3% of all


def sizes(repos: int, commits: int, seed: int) -> list[int]:
    """Commits per repository: ``commits`` in all, at least MIN_COMMITS each."""
    if commits < repos * MIN_COMMITS:
        raise SystemExit(f"--commits must be at least {repos * MIN_COMMITS} for {repos} repos")
    rng = random.Random(seed)
    weights = [rng.lognormvariate(0.0, SIGMA) for _ in range(repos)]
    spare = commits - repos * MIN_COMMITS
    total = sum(weights)
    counts = [MIN_COMMITS + int(spare * w / total) for w in weights]
    counts[max(range(repos), key=lambda i: weights[i])] += commits - sum(counts)
    return counts


def shape(commits: int) -> tuple[int, int]:
    """(files at HEAD, authors) of a repository of ``commits``."""
    return min(2000, max(30, commits // 10)), min(60, max(2, commits // 100))


def _one(out: Path, commits: int, seed: int) -> float:
    files, authors = shape(commits)
    wanted = {"commits": commits, "files": files, "authors": authors, "seed": seed}
    marker = read_marker(out) if out.is_dir() else None
    if marker and marker.get("complete") and all(marker.get(k) == v for k, v in wanted.items()):
        return 0.0
    if out.exists():
        shutil.rmtree(out)
    started = time.perf_counter()
    generate(out, commits, files, authors, seed)
    return time.perf_counter() - started


def make_workspace(out: Path, repos: int, commits: int, jobs: int, seed: int) -> list[Path]:
    """Generate (or keep) the workspace; its repositories' paths, largest first."""
    counts = sizes(repos, commits, seed)
    paths = [out / f"repo-{i:04d}" for i in range(repos)]
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    order = sorted(range(repos), key=lambda i: -counts[i])  # the largest start first
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        spent = list(pool.map(_one, [paths[i] for i in order], [counts[i] for i in order],
                              [seed * 100_003 + i for i in order]))  # fmt: skip
    made = sum(1 for s in spent if s)
    summary = {
        "repos": repos,
        "commits": commits,
        "largest": max(counts),
        "median": sorted(counts)[repos // 2],
        "generated": made,
        "wall_s": round(time.perf_counter() - started, 1),
    }
    (out / "workspace.json").write_text(json.dumps({**summary, "sizes": counts}) + "\n")
    print(f"synth_workspace: {json.dumps(summary)}", file=sys.stderr)
    return [paths[i] for i in order]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--repos", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=2_000_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make_workspace(args.out.resolve(), args.repos, args.commits, args.jobs, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
