"""A past commit's files with their facts, read from the repository when an analysis asks
for the repository as of a date (analyses.as_of): the HEAD snapshot's machinery
(mining.snapshot.read_snapshot) on that commit's tree, with the HEAD snapshot's facts as
a cache (a blob unchanged since is not read again), without keeping texts or searching
for secrets (those are HEAD's business)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.mining.classify import PathRules
from techlead.mining.measuring import MAX_BYTES
from techlead.mining.snapshot import (
    Cache,
    Facts,
    Measuring,
    TreeEntry,
    _language_key,
    read_snapshot,
)

# A history reads the facts of the same paths for every date: their language once.
language_key = lru_cache(maxsize=1 << 16)(_language_key)
# What the reader leaves unmeasured, said for a reader of the warehouse that must agree
# with it (analyses.as_of_known): the paths these rules flag ($v, $g, $x), larger files.
UNMEASURED_PATHS = PathRules.build().params()
MEASURE_LIMIT = MAX_BYTES


def files_at(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    repo_path: Path,
    commit: str,
    workers: int = 1,
    seen: str | None = None,
    complexity: bool = True,
    blobs: str | None = None,
    unmeasured: frozenset[str] = frozenset(),
) -> tuple[pa.Table, pa.Table]:
    """The files of ``commit``'s tree (mining.snapshot.FILE_SCHEMA, the component column
    left empty) and the functions of the blobs measured now (FUNCTION_SCHEMA); raises
    GitError when the repository cannot be read. ``seen``: a table shaped like ``files``
    of past blobs already measured (their facts depend on content only). Without
    ``complexity``, blobs are counted (lines) but not measured. ``blobs``: a table of
    the blobs the tree holds (column ``blob``), when known: only their facts are looked
    up (a narrower cache, never a different result). ``unmeasured``: paths counted, never
    measured."""
    cached = Cache(facts=_facts(con, repo_id, seen, blobs))
    measuring = Measuring(complexity, PathRules.build(), workers, capture=False,
                          unmeasured=unmeasured)  # fmt: skip
    snapshot = read_snapshot(repo_path, commit, "", (), cached, frozenset(), measuring)
    return snapshot.table, snapshot.functions


def blobs_at(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    repo_path: Path,
    entries: list[tuple[str, str, str]],
    workers: int = 1,
    seen: str | None = None,
    unmeasured: frozenset[str] = frozenset(),
) -> tuple[pa.Table, pa.Table]:
    """Read and measure ``entries`` (path, mode, blob), blobs of any past trees, in one
    batch, as :func:`files_at` reads a tree's: a history measures the new blobs of all its
    dates at once, in ``workers`` processes, instead of a few per date in this one."""
    tree = [TreeEntry(path, mode, blob, None) for path, mode, blob in entries]
    cached = Cache(facts=_facts(con, repo_id, seen, None))
    measuring = Measuring(True, PathRules.build(), workers, capture=False, unmeasured=unmeasured)
    snapshot = read_snapshot(repo_path, "", "", (), cached, frozenset(), measuring, tree)
    return snapshot.table, snapshot.functions


def _facts(
    con: duckdb.DuckDBPyConnection, repo_id: int, seen: str | None, blobs: str | None
) -> dict[tuple[str, str], Facts]:
    """HEAD's facts of the repository's blobs (mining.snapshot.read_cache's), and those of
    the ``seen`` table; of the ``blobs`` only, when named."""
    columns = ", ".join(Facts._fields)
    only = f" AND blob IN (SELECT blob FROM {blobs})" if blobs else ""
    sql = f"SELECT blob, path, {columns} FROM files WHERE repo_id = $repo{only}"
    if seen is not None:
        sql += f" UNION ALL SELECT blob, path, {columns} FROM {seen} WHERE repo_id = $repo{only}"
    sql += " ORDER BY indentation_total NULLS FIRST"  # a measured blob's facts win
    rows = con.execute(sql, {"repo": repo_id}).fetchall()
    return {(blob, language_key(path)): Facts(*facts) for blob, path, *facts in rows}
