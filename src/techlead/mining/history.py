"""Stream a repository's history out of git as Arrow batches.

One ``git log`` process mines the whole list of new commits (``jobs=1``); with
``jobs=N`` the list is cut into N contiguous ranges, each mined by its own ``git log``
started at once, so git's diffing runs on every core. The first range is parsed as it
arrives; the others are spooled to temporary files by git itself and parsed in turn (see
techlead.git.runner.GitStream), so one parser runs and no worker process is needed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from techlead.git.log_format import log_argv
from techlead.git.log_parser import parse_log
from techlead.git.repository import header_dates
from techlead.git.runner import GitStream, stream_git
from techlead.mining.batches import Batch, BatchBuilder

BATCH_COMMITS = 2000  # also the granularity of the progress bar
MIN_COMMITS_PER_JOB = 1000  # below this, a second git process costs more than it saves


@dataclass(frozen=True)
class LogSpec:
    """How to run git log for one repository."""

    path: Path
    numstat: bool = True  # lines counted, from each commit's patch (git.patch)
    renames: bool = True
    copies: bool = False
    grafted: frozenset[str] = frozenset()


def _stdin(shas: Sequence[str]) -> bytes:
    return "".join(f"{sha}\n" for sha in shas).encode("ascii")


def _batches(spec: LogSpec, stream: GitStream) -> Iterator[Batch]:
    builder = BatchBuilder(spec.grafted, patches=spec.numstat)
    for commit in parse_log(stream.chunks()):
        if commit.dates_unknown:
            at, at_offset, ct, ct_offset = header_dates(spec.path, commit.sha)
            commit = commit._replace(author_time=at, author_offset=at_offset,
                                     commit_time=ct, commit_offset=ct_offset)  # fmt: skip
        builder.add(commit)
        if builder.count >= BATCH_COMMITS:
            yield builder.build()
    stream.check()
    if builder.count:
        yield builder.build()


def mine(spec: LogSpec, shas: Sequence[str], jobs: int = 1) -> Iterator[Batch]:
    """Batches for every commit in ``shas``, from up to ``jobs`` git processes at once.

    The list is cut into contiguous ranges, one ``git log`` each, all started together:
    git's diffing (the expensive part) runs on every core while this thread parses the
    first range from a pipe; the others write to temporary files, parsed in turn.
    """
    jobs = max(1, min(jobs, len(shas) // MIN_COMMITS_PER_JOB))
    size = -(-len(shas) // jobs) if shas else 0
    ranges = [shas[i : i + size] for i in range(0, len(shas), size)] if shas else []
    argv = log_argv(numstat=spec.numstat, renames=spec.renames, copies=spec.copies)
    with ExitStack() as stack:
        streams = [
            stack.enter_context(stream_git(spec.path, argv, stdin=_stdin(part), spooled=index > 0))
            for index, part in enumerate(ranges)
        ]
        for stream in streams:
            yield from _batches(spec, stream)


def split_by_missing(
    path: Path, shas: list[str], missing: frozenset[str], grafted: frozenset[str]
) -> tuple[list[str], list[str]]:
    """(commits git can count lines for, commits whose diffs need a missing blob).

    Only a partial clone has missing blobs; it costs one extra pass of ``git log --raw``,
    which reads trees but never blob contents.
    """
    if not missing:
        return shas, []
    touched: set[str] = set()
    spec = LogSpec(path, numstat=False, renames=False, grafted=grafted)
    for batch in mine(spec, shas, 1):
        changes = batch.changes
        for sha, old, new in zip(
            changes.column("sha").to_pylist(),
            changes.column("old_blob").to_pylist(),
            changes.column("new_blob").to_pylist(),
            strict=True,
        ):
            if old in missing or new in missing:
                touched.add(sha)
    return [s for s in shas if s not in touched], [s for s in shas if s in touched]
