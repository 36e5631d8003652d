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
DATE (analyses.as_of). Both tables are rebuilt whenever HEAD moves: one ``git log --raw``
without content diffs, a fraction of mining the history.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from techlead.git.mainline import mainline_argv, parse_mainline
from techlead.git.runner import stream_git
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


def read_mainline(path: Path, head: str) -> tuple[pa.Array, pa.Table]:
    """HEAD's main line, oldest first (an Arrow array: 100,000 ids as a Python list took
    8.5 MB, 4.4 MB so), and the spans of every path of its trees (:data:`SPAN_SCHEMA`)."""
    shas = ArrowRows(_SHAS, ROWS_PER_BATCH // 8)
    open_spans: dict[str, tuple[str, str, int]] = {}  # path -> (blob, mode, since)
    spans = _Spans()
    with stream_git(path, mainline_argv(head)) as stream:
        for position, commit in enumerate(parse_mainline(stream.chunks()), start=1):
            shas.extend(((commit.sha,),))
            for kind, mode, blob, file in commit.changes:
                before = open_spans.pop(file, None)
                if before is not None:
                    spans.add(file, before[0], before[1], before[2], position)
                if kind != "D":
                    open_spans[file] = (blob, mode, position)
        stream.check()
    for file, (blob, mode, since) in open_spans.items():
        spans.add(file, blob, mode, since, None)
    return shas.table().column("sha").combine_chunks(), spans.table()


@functools.lru_cache(maxsize=65536)
def _language(path: str) -> str | None:
    found = detect_language(path)
    return found.name if found else None


def landings(mainline: Sequence[str] | pa.Array, known: pa.Table) -> pa.Table:
    """(sha, position on the main line or None, landed) for every commit reachable from
    the main line's last commit, as far as ``known`` (the repository's commits: sha and
    parents) holds them (a shallow clone's boundary ends the walk).

    Commits are walked as indices into ``known``, not as Python strings: the parents of
    100,000 commits as Python objects took ~70 MB, the peak of a scan's memory."""
    commits = known.column("sha").combine_chunks()
    parents = known.column("parents").combine_chunks()
    offsets = parents.offsets.to_pylist()
    edges = pc.index_in(parents.flatten(), value_set=commits).to_pylist()  # None: unknown
    line = mainline if isinstance(mainline, pa.Array) else pa.array(mainline, pa.string())
    landed = array("i", bytes(4 * len(commits)))  # the position that landed each; 0: none
    reached: list[int] = []
    reached_at: list[int] = []
    for position, i in enumerate(pc.index_in(line, value_set=commits).to_pylist(), start=1):
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
    positions = pa.array(range(1, len(mainline) + 1), pa.int32())
    return pa.Table.from_arrays(
        [
            pa.concat_arrays([line, commits.take(pa.array(reached, pa.int64()))]),
            pa.concat_arrays([positions, pa.nulls(len(reached), pa.int32())]),
            pa.concat_arrays([positions, pa.array(reached_at, pa.int32())]),
        ],
        schema=LANDING_SCHEMA,
    )


def store_mainline(
    con: duckdb.DuckDBPyConnection, repo_id: int, read: tuple[pa.Array, pa.Table] | None
) -> int:
    """Rebuild the repository's landings and tree spans from ``read_mainline``'s result
    (inside the scan's transaction; None: no HEAD); returns the main line's length."""
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
