"""A past commit's files with their facts, read from the repository when an analysis asks
for the repository as of a date (analyses.as_of): the HEAD snapshot's machinery
(mining.snapshot.read_snapshot) on that commit's tree, with the HEAD snapshot's facts as
a cache (a blob unchanged since is not read again), without keeping texts or searching
for secrets (those are HEAD's business)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.mining.classify import PathRules
from techlead.mining.snapshot import Cache, Measuring, read_cache, read_snapshot


def files_at(
    con: duckdb.DuckDBPyConnection, repo_id: int, repo_path: Path, commit: str, workers: int = 1
) -> tuple[pa.Table, pa.Table]:
    """The files of ``commit``'s tree (mining.snapshot.FILE_SCHEMA, the component column
    left empty) and the functions of the blobs measured now (FUNCTION_SCHEMA); raises
    GitError when the repository cannot be read."""
    cached = Cache(facts=read_cache(con, repo_id).facts)
    measuring = Measuring(True, PathRules.build(), workers, capture=False)
    snapshot = read_snapshot(repo_path, commit, "", (), cached, frozenset(), measuring)
    return snapshot.table, snapshot.functions
