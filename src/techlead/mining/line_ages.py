"""The age of every line on HEAD's main line, kept from scan to scan, and what each
main-line commit did to lines by their age (docs/metrics.md, "work").

The main line is walked oldest first with the patches mining reads (``-p --unified=0
-M``, git.patch) and, for its merges (diffed against their first parent) and any commit
not mined by the scan, those of one more ``git log -p`` (git.hunks); a merge of a branch
of one commit made on the main line's tip and merged as it was (a third of pytest's) has
that commit's diff, and takes its mined hunks. No ``git blame`` is run. Per
file the miner keeps the main-line position that landed each of its lines (``born``: an
``array`` of int32, one per line, 0 where unknown), and applies each commit's hunks to
it: the lines a hunk deletes or replaces are recorded with their ``born`` position, the
lines it adds beyond those it replaces as new (``born`` NULL), and the added lines are
born at the commit's position. A merge is diffed against its first parent, so the lines
a branch brings land with the merge (as ``git blame --first-parent`` sees them); a
rename (``-M``) carries the lines' ages to the new path.

Stored (schema 18): ``line_work`` (per main-line commit and path, lines by the position
that landed them), ``line_ages`` (the ages at the last commit walked, as runs) and
``line_age_heads`` (that commit and its position). A scan whose HEAD moved along its main
line applies only the new commits to the stored runs; any other move of HEAD (a rewrite,
another branch checked out) walks the whole main line again. Whether a line is refactored
or reworked is decided when read (analyses.work_breakdown), with the policy's
``refactor_days``: a change of the policy needs no new walk.
"""

from __future__ import annotations

import itertools
import queue
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.core.errors import GitError
from techlead.git.hunks import branch_commit_merges, hunks_argv, main_line, parse_hunks
from techlead.git.patch import FileDiff, HunkCommit
from techlead.git.runner import stream_git
from techlead.warehouse.load import REPEATED_STRING, ArrowRows, insert_arrow, table_from_rows

WORK_SCHEMA = pa.schema(
    [("sha", REPEATED_STRING), ("path", REPEATED_STRING), ("born", pa.int32()),
     ("lines", pa.int32())]
)  # fmt: skip
AGES_SCHEMA = pa.schema(
    [("path", pa.string()), ("start_line", pa.int32()), ("lines", pa.int32()),
     ("born", pa.int32())]
)  # fmt: skip
WorkRow = tuple[str, str, int | None, int]  # sha, path, born (None: new lines), lines


def _empty() -> array[int]:
    return array("i")


@dataclass
class LineAges:
    """The born position of every line of every text file of the main line's tree at
    ``position`` (0: before the first commit)."""

    files: dict[str, array[int]] = field(default_factory=dict)
    position: int = 0
    mismatches: int = 0  # hunks that did not fit the kept lines (resynchronised)

    def apply(self, commit: HunkCommit) -> list[WorkRow]:
        """Apply the next main-line commit; its rows for ``line_work``."""
        self.position += 1
        olds = {d.old_path: self.files.pop(d.old_path, None) for d in commit.files
                if d.old_path is not None}  # fmt: skip
        rows: list[WorkRow] = []
        for diff in commit.files:
            old = olds.get(diff.old_path) if diff.old_path is not None else _empty()
            if diff.binary:
                continue  # a binary file's lines are not kept
            new, counted = self._patch(old if old is not None else _empty(), diff)
            path = diff.new_path if diff.new_path is not None else diff.old_path
            assert path is not None
            rows.extend((commit.sha, path, born, n) for born, n in counted.items())
            if diff.new_path is not None:
                self.files[diff.new_path] = new
        return rows

    def _patch(self, old: array[int], diff: FileDiff) -> tuple[array[int], Counter[int | None]]:
        out, done, counted = _empty(), 0, Counter[int | None]()
        for a, b, c, d in diff.hunks:
            start = a - 1 if b else a  # 0-based: the first line removed, or where to insert
            out.extend(old[done:start])
            removed = old[start : start + b]
            counted.update(removed)
            if len(removed) < b:  # lines the kept state lacks: their age is unknown
                counted[0] += b - len(removed)
            if d > b:
                counted[None] += d - b
            expected = c - 1 if d else c
            if len(out) != expected:  # the kept lines disagree with git: follow git
                self.mismatches += 1
                if len(out) < expected:
                    out.extend(array("i", [0]) * (expected - len(out)))
                else:
                    del out[expected:]
            out.extend(array("i", [self.position]) * d)
            done = start + b
        out.extend(old[done:])
        return out, counted

    def runs(self) -> Iterator[tuple[str, int, int, int]]:
        """(path, start line, lines, born) of every run of lines born together, by path."""
        for path, born in sorted(self.files.items()):
            start = 1
            for value, group in itertools.groupby(born):
                n = sum(1 for _ in group)
                yield path, start, n, value
                start += n

    @classmethod
    def from_runs(cls, runs: Iterable[tuple[str, int, int, int]], position: int) -> LineAges:
        """The ages ``runs`` describe (in order of path and start line)."""
        files: dict[str, array[int]] = {}
        for path, _start, lines, born in runs:
            files.setdefault(path, _empty()).extend(array("i", [born]) * lines)
        return cls(files, position)


class _Stopped(Exception):
    """The scan ended before the walk did."""


class NotMined(Exception):
    """Mining ended without the hunks of a commit it was to mine."""


class Mined:
    """The hunks mining reads for the commits ``shas``, handed over batch by batch (by
    :meth:`LineAgeWalk.add`) and taken in main-line order: those that come early wait
    here, the others are dropped."""

    def __init__(self, shas: frozenset[str]) -> None:
        self.shas = shas
        self._queue: queue.SimpleQueue[Sequence[HunkCommit] | None] = queue.SimpleQueue()
        self._waiting: dict[str, HunkCommit] = {}
        self._wanted: set[str] = set()
        self._closed = False

    def put(self, diffs: Sequence[HunkCommit] | None) -> None:
        """Hand over a batch's hunks; None: mining is over (or the scan is leaving)."""
        self._queue.put(diffs)

    def want(self, shas: Iterable[str]) -> None:
        self._wanted.update(shas)

    def take(self, sha: str) -> HunkCommit:
        while sha not in self._waiting:
            if self._closed:
                raise NotMined(sha)
            diffs = self._queue.get()
            if diffs is None:
                self._closed = True
                continue
            self._waiting.update((c.sha, c) for c in diffs if c.sha in self._wanted)
        return self._waiting.pop(sha)


def walk(
    repo: Path,
    head: str,
    ages: LineAges | None = None,
    since: str | None = None,
    stop: threading.Event | None = None,
    mined: Mined | None = None,
) -> tuple[LineAges, list[str], ArrowRows]:
    """Apply the main-line commits of ``head`` after ``since`` (all without it) to
    ``ages``: the ages at ``head``, the commits walked and their ``line_work`` rows
    (gathered as Arrow batches).
    The hunks of the commits ``mined`` has (merges aside: mining reads no diff of a
    merge) come from it, and so do those of a merge whose diff is its mined second
    parent's (git.hunks.branch_commit_merges); git diffs the others. Setting ``stop``
    ends the walk (and its git) at the next commit."""
    ages = ages if ages is not None else LineAges()
    order = main_line(repo, head, since)
    own = mined.shas if mined is not None else frozenset()
    # a third of pytest's merges: their diff is their branch's one mined commit's
    borrowed = branch_commit_merges(
        repo, {m: second for m, second in order.second_parents.items() if second in own}
    )
    asked = [sha for sha, merge in order if sha not in borrowed and (merge or sha not in own)]
    if mined is not None:
        mined.want(sha for sha, merge in order if not merge and sha in own)
        mined.want(borrowed.values())
    shas: list[str] = []
    rows = ArrowRows(WORK_SCHEMA)
    stdin = "".join(f"{sha}\n" for sha in asked).encode("ascii")
    with ExitStack() as stack:
        diffed: Iterator[HunkCommit] = iter(())
        if asked:  # (git log --stdin given nothing would show HEAD)
            stream = stack.enter_context(stream_git(repo, hunks_argv(), stdin=stdin))
            diffed = parse_hunks(stream.chunks())
        for sha, merge in order:
            if stop is not None and stop.is_set():
                raise _Stopped
            if sha in borrowed:
                assert mined is not None
                commit = HunkCommit(sha, mined.take(borrowed[sha]).files)
            elif merge or sha not in own:
                commit = _next_of(diffed, sha)
            else:
                assert mined is not None
                commit = mined.take(sha)
            shas.append(sha)
            rows.extend(ages.apply(commit))
        if asked:
            stream.check()
    return ages, shas, rows


def _next_of(diffed: Iterator[HunkCommit], sha: str) -> HunkCommit:
    commit = next(diffed, None)
    if commit is None or commit.sha != sha:
        raise GitError(f"git log -p: expected the patch of {sha}")
    return commit


class LineAgeWalk:
    """Bringing the stored line ages to ``head``, the walk in a thread of its own.

    Started early in the scan's transaction (after a re-mine cleared the repository's
    rows), so it runs beside the mining and the storing: git diffs the main line's
    merges (and any commit not mined now) while mining reads the patches of the others,
    which :meth:`add` hands over batch by batch. It starts from the stored commit when
    there is one; :meth:`finish`, called once the new main line is stored, keeps that
    walk only if the stored commit is still at its position on the main line (HEAD moved
    along it), else walks the whole main line again. Leaving the context (the scan
    failed or was interrupted) stops the thread and its git."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        repo_id: int,
        repo: Path,
        head: str | None,
        mined: frozenset[str] = frozenset(),
    ) -> None:
        self.repo_id, self.repo, self.head = repo_id, repo, head
        # fetchall, not fetchone: a result left open blocks the connection's next insert
        stored = con.execute(
            "SELECT sha, position FROM line_age_heads WHERE repo_id = ?", [repo_id]
        ).fetchall()
        self._stored = (str(stored[0][0]), int(stored[0][1])) if stored else None
        self._stop = threading.Event()
        self._mined = Mined(mined) if mined else None
        self._outcome: tuple[LineAges, list[str], ArrowRows] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if head is None or (self._stored is not None and self._stored[0] == head):
            self._mined = None
            return  # nothing to walk: not a full clone, or the ages are HEAD's already
        ages = None
        if self._stored is not None:
            ages = LineAges.from_runs(
                con.execute(
                    "SELECT path, start_line, lines, born FROM line_ages WHERE repo_id = ? "
                    "ORDER BY path, start_line",
                    [repo_id],
                ).fetchall(),
                self._stored[1],
            )
        since = self._stored[0] if self._stored is not None else None
        self._thread = threading.Thread(
            target=self._run, args=(head, ages, since), name="line-ages", daemon=True
        )
        self._thread.start()

    def _run(self, head: str, ages: LineAges | None, since: str | None) -> None:
        try:
            self._outcome = walk(self.repo, head, ages, since, self._stop, self._mined)
        except BaseException as error:  # handed to the scan's thread by finish()
            self._error = error

    def add(self, diffs: Sequence[HunkCommit]) -> None:
        """The hunks of a batch of mined commits."""
        if self._mined is not None and diffs:
            self._mined.put(diffs)

    def mined(self) -> None:
        """Mining is over: every commit it was to mine was handed over."""
        if self._mined is not None:
            self._mined.put(None)

    def __enter__(self) -> LineAgeWalk:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._stop.set()
            self.mined()  # a walk waiting for mined hunks wakes up and stops
            self._thread.join()

    def finish(self, con: duckdb.DuckDBPyConnection) -> int | None:
        """Store the ages at ``head`` (after the main line is stored); the number of
        commits walked, None when there was nothing to do."""
        if self._thread is None or self.head is None:
            return None
        self.mined()
        self._thread.join()
        if isinstance(self._error, NotMined):  # not expected: git diffs them all instead
            self._error = None
            self._outcome = walk(self.repo, self.head, None, None)
            self._stored = None
        if self._error is not None:
            raise self._error
        assert self._outcome is not None
        ages, shas, rows = self._outcome
        stored = self._stored
        whole = stored is None or not _on_main_line(con, self.repo_id, *stored)
        if stored is not None and whole:
            ages, shas, rows = walk(self.repo, self.head)  # HEAD left the walked main line
        if whole:
            con.execute("DELETE FROM line_work WHERE repo_id = ?", [self.repo_id])
        _store(con, self.repo_id, self.head, ages, rows)
        return len(shas)


def _store(
    con: duckdb.DuckDBPyConnection, repo_id: int, head: str, ages: LineAges, rows: ArrowRows
) -> None:
    repo_param = {"repo": repo_id}
    insert_arrow(con, "line_work", rows.table(),
                 "$repo AS repo_id, *", repo_param)  # fmt: skip
    con.execute("DELETE FROM line_ages WHERE repo_id = ?", [repo_id])
    insert_arrow(con, "line_ages", table_from_rows(AGES_SCHEMA, list(ages.runs())),
                 "$repo AS repo_id, *", repo_param)  # fmt: skip
    con.execute("DELETE FROM line_age_heads WHERE repo_id = ?", [repo_id])
    con.execute("INSERT INTO line_age_heads VALUES (?, ?, ?)", [repo_id, head, ages.position])


def _on_main_line(con: duckdb.DuckDBPyConnection, repo_id: int, sha: str, position: int) -> bool:
    """Whether ``sha`` is at ``position`` of the main line just stored (landings)."""
    found = con.execute(
        "SELECT position FROM landings WHERE repo_id = ? AND sha = ?", [repo_id, sha]
    ).fetchall()
    return bool(found) and found[0][0] == position
