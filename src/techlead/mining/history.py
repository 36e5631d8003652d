"""Stream a repository's history out of git as Arrow batches.

One ``git log`` process mines the whole list of new commits (``jobs=1``); with
``jobs=N`` the list is cut into N contiguous ranges, each mined by its own ``git log`` in a
worker process that streams batches back through a bounded queue, so git's diffing runs
on every core while memory stays bounded.
"""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_module
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from techlead.errors import GitError, TechleadError
from techlead.git.log_format import log_argv
from techlead.git.log_parser import parse_log
from techlead.git.runner import stream_git
from techlead.mining.batches import Batch, BatchBuilder

BATCH_COMMITS = 2000  # also the granularity of the progress bar
MIN_COMMITS_PER_JOB = 2000  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class LogSpec:
    """How to run git log for one repository."""

    path: Path
    numstat: bool = True
    renames: bool = True
    copies: bool = False
    grafted: frozenset[str] = frozenset()


def mine_range(
    spec: LogSpec, shas: Sequence[str], batch_commits: int = BATCH_COMMITS
) -> Iterator[Batch]:
    """One git log over ``shas`` (shown without walking), parsed into batches."""
    if not shas:
        return
    stdin = "".join(f"{sha}\n" for sha in shas).encode("ascii")
    argv = log_argv(numstat=spec.numstat, renames=spec.renames, copies=spec.copies)
    builder = BatchBuilder(spec.grafted, spec.numstat)
    with stream_git(spec.path, argv, stdin=stdin) as stream:
        for commit in parse_log(stream.chunks()):
            builder.add(commit)
            if builder.count >= batch_commits:
                yield builder.build()
        stream.check()
    if builder.count:
        yield builder.build()


def mine(spec: LogSpec, shas: Sequence[str], jobs: int = 1) -> Iterator[Batch]:
    """Batches for every commit in ``shas``, using up to ``jobs`` git processes."""
    jobs = max(1, min(jobs, len(shas) // MIN_COMMITS_PER_JOB))
    if jobs == 1:
        yield from mine_range(spec, shas)
        return
    yield from _mine_parallel(spec, shas, jobs)


def _worker(spec: LogSpec, shas: Sequence[str], out: Any) -> None:
    try:
        for batch in mine_range(spec, shas, batch_commits=BATCH_COMMITS // 2):
            out.put(("batch", batch))
        out.put(("done", None))
    except TechleadError as exc:
        out.put(("error", str(exc)))
    except BaseException as exc:  # report anything, never hang the parent
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def _mine_parallel(spec: LogSpec, shas: Sequence[str], jobs: int) -> Iterator[Batch]:
    # "spawn" rather than "fork": the parent holds threads (DuckDB, Rich) that fork would copy.
    ctx = mp.get_context("spawn")
    out = ctx.Queue(maxsize=jobs * 2)
    size = -(-len(shas) // jobs)
    workers = [
        ctx.Process(target=_worker, args=(spec, list(shas[i : i + size]), out), daemon=True)
        for i in range(0, len(shas), size)
    ]
    for worker in workers:
        worker.start()
    running = len(workers)
    try:
        while running:
            try:
                kind, payload = out.get(timeout=1.0)
            except queue_module.Empty:
                if not any(w.is_alive() for w in workers):
                    raise GitError("a mining worker stopped without reporting") from None
                continue
            if kind == "batch":
                yield payload
            elif kind == "done":
                running -= 1
            else:
                raise GitError(payload)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
