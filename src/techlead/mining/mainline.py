"""What "the repository as of a date" needs: HEAD's main line, when every commit landed
on it, and the tree of every main-line commit.

* ``landings``: each main-line commit (HEAD's first-parent chain) has a ``position``,
  1 for the oldest. Every commit reachable from HEAD has ``landed``: the position of the
  first main-line commit that contains it (a commit of a branch lands with the merge
  that brings it in). The ancestors of the main-line commit at position p are exactly
  the commits with ``landed <= p``, so "history as of a date" is one comparison.
* ``tree_spans``: every file of every main-line tree, as spans of positions
  ``[since_pos, until_pos)`` during which the path held ``blob`` (``until_pos`` NULL: still
  at HEAD), replayed from ``git log --first-parent --diff-merges=first-parent --raw``
  (techlead.git.mainline). The tree of position p is the spans with ``since_pos <= p < until_pos``.

The snapshot "as of DATE" is the newest main-line commit whose commit time is before
DATE (analyses.as_of). Both tables follow HEAD: when the stored main line's last commit
is on HEAD's new main line (new commits, new merges: a fast-forward), only the commits
after it are read and added (:class:`MainlineTail`; a one-commit re-scan of 100,000
commits read 89,000 main-line commits again before); otherwise (HEAD moved back or to
another branch, the history was rewritten, another configuration, replace refs or
grafts) both are rebuilt from one ``git log --raw`` of the whole main line, without
content diffs. A repository without a stored main line gets one on its next scan, even
if nothing moved: the upgrade to schema 19 empties both tables so that no row an earlier
version computed is extended, and a change to how they are computed needs the same.
"""

from __future__ import annotations

import functools
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from techlead.core.errors import GitError
from techlead.git.hunks import main_line
from techlead.git.mainline import (
    GRAFTS_ARGV,
    REPLACE_REFS_ARGV,
    MainlineCommit,
    length_argv,
    mainline_argv,
    parse_mainline,
)
from techlead.git.runner import run_git_status, stream_git
from techlead.mining.languages import detect_language
from techlead.warehouse.load import REPEATED_STRING, ROWS_PER_BATCH, ArrowRows, insert_arrow

SPAN_SCHEMA = pa.schema(
    [
        ("path", REPEATED_STRING),
        ("blob", pa.string()),
        ("mode", REPEATED_STRING),
        ("since_pos", pa.int32()),
        ("until_pos", pa.int32()),
        ("language", REPEATED_STRING),
    ]
)
LANDING_SCHEMA = pa.schema([("sha", pa.string()), ("position", pa.int32()), ("landed", pa.int32())])


class _Spans(ArrowRows):
    """The spans read so far, as Arrow batches (1,000,000 Python objects for the 194,000
    spans of 100,000 commits held 85 MB until stored), each with its path's language."""

    def __init__(self, rows_per_batch: int = ROWS_PER_BATCH // 4) -> None:
        super().__init__(SPAN_SCHEMA, rows_per_batch)

    def add(self, path: str, blob: str, mode: str, since: int, until: int | None) -> None:
        self.extend(((path, blob, mode, since, until, _language(path)),))


_SHAS = pa.schema([("sha", pa.string())])
_OpenSpans = dict[str, tuple[str, str, int]]  # path -> (blob, mode, since)
StoredLine = tuple[str, int]  # the stored main line's last commit, and its length
# A longer tail is read with the whole main line: its commits as Python objects would
# hold more memory than the whole line's spans as Arrow.
TAIL_LIMIT = 20_000


@dataclass(frozen=True)
class MainlineTail:
    """What HEAD's main line gained since the stored one's last commit, which is on it:
    the new main-line commits, oldest first, each with its changes."""

    commits: tuple[MainlineCommit, ...]


def read_mainline(path: Path, head: str) -> tuple[pa.Array, pa.Table]:
    """HEAD's main line, oldest first (an Arrow array: 100,000 ids as a Python list took
    8.5 MB, 4.4 MB so), and the spans of every path of its trees (:data:`SPAN_SCHEMA`)."""
    shas = ArrowRows(_SHAS, ROWS_PER_BATCH // 8)
    open_spans: _OpenSpans = {}
    spans = _Spans()
    with stream_git(path, mainline_argv(head)) as stream:
        for sha in _replay(parse_mainline(stream.chunks()), 1, open_spans, spans):
            shas.extend(((sha,),))
        stream.check()
    _close(open_spans, spans)
    return shas.table().column("sha").combine_chunks(), spans.table()


def read_mainline_from(
    path: Path, head: str, stored: StoredLine | None
) -> tuple[pa.Array, pa.Table] | MainlineTail:
    """HEAD's main line: only what it gained after the stored main line when that leads
    to it, else the whole line (:func:`read_mainline`)."""
    tail = read_tail(path, head, stored) if stored else None
    return tail if tail is not None else read_mainline(path, head)


def read_tail(path: Path, head: str, stored: StoredLine) -> MainlineTail | None:
    """The main-line commits after the stored line's last commit, or None when that line
    is not the start of HEAD's: its last commit is not on HEAD's main line (HEAD moved
    back or to another branch; git no longer has it), git counts another length up to it,
    or git shows commits other than as written (replace refs, grafts: what they change
    keeps every id); also None when more than TAIL_LIMIT came."""
    last, length = stored
    if _rewired(path) or _length(path, last) != length:
        return None
    if head == last:
        return MainlineTail(())
    try:
        chain = main_line(path, head, last, TAIL_LIMIT + 1)
    except GitError:
        return None
    if not chain.shas or len(chain.shas) > TAIL_LIMIT or chain.start != last:
        return None
    with stream_git(path, mainline_argv(head, last)) as stream:
        commits = tuple(parse_mainline(stream.chunks()))
        stream.check()
    if [c.sha for c in commits] != chain.shas:
        return None  # git listed another chain: never seen, read the whole line
    return MainlineTail(commits)


def _rewired(path: Path) -> bool:
    """Whether git shows some commits of ``path`` other than as written."""
    status, out, _ = run_git_status(path, REPLACE_REFS_ARGV)
    if status != 0 or out.strip():
        return True
    status, out, _ = run_git_status(path, GRAFTS_ARGV)
    grafts = Path(os.fsdecode(out.strip()))
    return status != 0 or (grafts if grafts.is_absolute() else path / grafts).exists()


def _length(path: Path, commit: str) -> int | None:
    """The length of the first-parent chain ending at ``commit`` (None: git cannot say)."""
    status, out, _ = run_git_status(path, length_argv(commit))
    return int(out) if status == 0 and out.strip().isdigit() else None


def _replay(
    commits: Iterable[MainlineCommit], first: int, open_spans: _OpenSpans, spans: _Spans
) -> Iterator[str]:
    """Apply each commit's changes at its position (``first`` for the first): a changed
    or deleted path's open span ends there and goes to ``spans``, a new version opens
    one. Yields each commit's id."""
    for position, commit in enumerate(commits, start=first):
        for kind, mode, blob, file in commit.changes:
            before = open_spans.pop(file, None)
            if before is not None:
                spans.add(file, before[0], before[1], before[2], position)
            if kind != "D":
                open_spans[file] = (blob, mode, position)
        yield commit.sha


def _close(open_spans: _OpenSpans, spans: _Spans) -> None:
    """The spans still open at HEAD, to ``spans`` without an end."""
    for file, (blob, mode, since) in open_spans.items():
        spans.add(file, blob, mode, since, None)


@functools.lru_cache(maxsize=65536)
def _language(path: str) -> str | None:
    found = detect_language(path)
    return found.name if found else None


def landings(
    mainline: Sequence[str] | pa.Array,
    known: pa.Table,
    first: int = 1,
    landed_before: pa.Array | None = None,
) -> pa.Table:
    """(sha, position on the main line or None, landed) for every commit reachable from
    the main line's last commit, as far as ``known`` (the repository's commits: sha and
    parents) holds them (a shallow clone's boundary ends the walk). For a tail of the main
    line: ``first`` is its first commit's position, ``landed_before`` the commits the
    positions before it landed (neither walked nor returned again).

    Commits are walked as indices into ``known``, not as Python strings: the parents of
    100,000 commits as Python objects took ~70 MB, the peak of a scan's memory."""
    commits = known.column("sha").combine_chunks()
    parents = known.column("parents").combine_chunks()
    offsets = parents.offsets.to_pylist()
    edges = pc.index_in(parents.flatten(), value_set=commits).to_pylist()  # None: unknown
    line = mainline if isinstance(mainline, pa.Array) else pa.array(mainline, pa.string())
    # the position that landed each (nonzero: landed before the tail); 0: none yet
    if landed_before is None:
        landed = array("i", bytes(4 * len(commits)))
    else:
        before = pc.is_in(commits, value_set=landed_before)
        landed = array("i", pc.cast(before, pa.int32()).to_pylist())
    reached: list[int] = []
    reached_at: list[int] = []
    main = pc.index_in(line, value_set=commits).to_pylist()
    for position, i in enumerate(main, start=first):
        if i is None:
            continue
        landed[i] = position
        stack = edges[offsets[i] + 1 : offsets[i + 1]]  # the first parent landed before
        while stack:
            j = stack.pop()
            if j is None or landed[j]:
                continue
            landed[j] = position
            reached.append(j)
            reached_at.append(position)
            stack.extend(edges[offsets[j] : offsets[j + 1]])
    positions = pa.array(range(first, first + len(line)), pa.int32())
    return pa.Table.from_arrays(
        [
            pa.concat_arrays([line, commits.take(pa.array(reached, pa.int64()))]),
            pa.concat_arrays([positions, pa.nulls(len(reached), pa.int32())]),
            pa.concat_arrays([positions, pa.array(reached_at, pa.int32())]),
        ],
        schema=LANDING_SCHEMA,
    )


def stored_line(con: duckdb.DuckDBPyConnection, repo_id: int) -> StoredLine | None:
    """The last commit of the repository's stored main line and its length; None when
    none is stored."""
    rows = con.execute(
        "SELECT sha, position FROM landings WHERE repo_id = ? AND position IS NOT NULL "
        "ORDER BY position DESC LIMIT 1",
        [repo_id],
    ).fetchall()
    return (str(rows[0][0]), int(rows[0][1])) if rows else None


def store_mainline(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    read: tuple[pa.Array, pa.Table] | MainlineTail | None,
) -> int:
    """Rebuild the repository's landings and tree spans from ``read_mainline``'s result,
    or add a tail to them (inside the scan's transaction; None: no HEAD); returns the main
    line's length."""
    if isinstance(read, MainlineTail):
        return _store_tail(con, repo_id, read)
    for table in ("landings", "tree_spans"):
        con.execute(f"DELETE FROM {table} WHERE repo_id = ?", [repo_id])
    if read is None:
        return 0
    shas, spans = read
    repo = {"repo": repo_id}
    known = con.sql("SELECT sha, parents FROM commits WHERE repo_id = $repo", params=repo)
    insert_arrow(con, "landings", landings(shas, known.to_arrow_table()),
                 "$repo AS repo_id, *", repo)  # fmt: skip
    insert_arrow(con, "tree_spans", spans, "$repo AS repo_id, *", repo)
    return len(shas)


def _store_tail(con: duckdb.DuckDBPyConnection, repo_id: int, tail: MainlineTail) -> int:
    """Add the tail's commits after the stored main line: their landings, and the spans
    their changes end and open (the open ones replayed from the stored open spans). The
    rows equal those of the whole line read anew."""
    repo = {"repo": repo_id}
    length = int(con.execute(
        "SELECT coalesce(max(position), 0) FROM landings WHERE repo_id = $repo", repo
    ).fetchall()[0][0])  # fmt: skip
    if not tail.commits:
        return length
    known = con.sql("SELECT sha, parents FROM commits WHERE repo_id = $repo", params=repo)
    before = con.sql("SELECT sha FROM landings WHERE repo_id = $repo", params=repo)
    shas = pa.array([c.sha for c in tail.commits], pa.string())
    added = landings(shas, known.to_arrow_table(), length + 1,
                     before.to_arrow_table().column("sha").combine_chunks())  # fmt: skip
    insert_arrow(con, "landings", added, "$repo AS repo_id, *", repo)
    open_spans: _OpenSpans = {
        str(path): (str(blob), str(mode), int(since))
        for path, blob, mode, since in con.execute(
            "SELECT path, blob, mode, since_pos FROM tree_spans "
            "WHERE repo_id = $repo AND until_pos IS NULL",
            repo,
        ).fetchall()
    }
    spans = _Spans()
    for _ in _replay(tail.commits, length + 1, open_spans, spans):
        pass
    _close(open_spans, spans)
    con.execute("DELETE FROM tree_spans WHERE repo_id = $repo AND until_pos IS NULL", repo)
    insert_arrow(con, "tree_spans", spans.table(), "$repo AS repo_id, *", repo)
    return length + len(tail.commits)
