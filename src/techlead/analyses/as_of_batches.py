"""A history's past blobs, measured ahead of its dates and beside them (direction.history).

A history of a metric that needs the complexity of every file (hotspot complexity, code
health) asks for hundreds of past trees. Measured date by date, a few new blobs each, the
work would stay in this process on one core. Instead :func:`premeasured` reads the blobs
of the first date's trees, then of each following group of dates, in one batch per group
(mining.as_of.BlobBatch), and worker processes measure them; the dates of a group are
handed to the caller, which computes them, while the workers measure the next group's.
Each date's blobs are known on the connection (``as_of_seen_files``, kept in the
warehouse's store) before the date is handed out, so its tree is built in SQL
(analyses.as_of_known). The values do not change: facts depend on content only.
"""

from __future__ import annotations

import math
import os
from collections.abc import Generator
from datetime import datetime
from pathlib import Path

import duckdb

from techlead.analyses.as_of import (
    SEEN_FILES,
    read_into,
    seen_table,
    snapshots,
    unmeasured_paths,
)
from techlead.mining.as_of import BlobBatch

GROUPS = 8  # groups of dates after the first date (whose trees hold the most new blobs)

_NEW_BLOBS = f"""
SELECT DISTINCT t.path, t.mode, t.blob,
       EXISTS (SELECT 1 FROM {SEEN_FILES} s WHERE s.repo_id = $repo AND s.blob = t.blob
               AND s.path = t.path) AS known
FROM tree_spans t JOIN as_of_positions p
  ON t.since_pos <= p.position AND (t.until_pos IS NULL OR t.until_pos > p.position)
WHERE t.repo_id = $repo
  AND NOT EXISTS (SELECT 1 FROM files f WHERE f.repo_id = $repo AND f.blob = t.blob)
  AND NOT EXISTS (SELECT 1 FROM {SEEN_FILES} s WHERE s.repo_id = $repo AND s.blob = t.blob
                  AND s.path = t.path AND s.indentation_total IS NOT NULL)
ORDER BY t.path, t.blob
"""


def premeasured(
    con: duckdb.DuckDBPyConnection,
    dates: list[datetime],
    repos: tuple[str, ...],
    roles: tuple[str, ...] = (),
) -> Generator[datetime, None, None]:
    """Yield ``dates`` in order, each once the past blobs of its trees are read, measured
    and known on ``con``; while the caller computes a group of dates, the next group's
    blobs are measured in worker processes. ``roles``: as as_of.files_table's, the files
    of other roles are counted, not measured."""
    dates = sorted(dates)
    if not dates or seen_table(con) is None:  # no store of past blobs: each date reads its own
        yield from dates
        return
    groups = _groups(dates)
    batch: BlobBatch | None = _start(con, groups[0], repos, roles)
    try:
        for index, group in enumerate(groups):
            assert batch is not None
            _finish(con, batch)
            batch = (
                _start(con, groups[index + 1], repos, roles) if index + 1 < len(groups) else None
            )
            yield from group
    finally:
        if batch is not None:  # the caller stopped early: the workers' results are not needed
            batch.close(interrupted=True)


def _groups(dates: list[datetime]) -> list[list[datetime]]:
    """The first date alone (its trees' blobs are all new), then GROUPS groups."""
    rest = dates[1:]
    size = max(1, math.ceil(len(rest) / GROUPS))
    return [dates[:1], *(rest[i : i + size] for i in range(0, len(rest), size))]


def _start(
    con: duckdb.DuckDBPyConnection,
    dates: list[datetime],
    repos: tuple[str, ...],
    roles: tuple[str, ...],
) -> BlobBatch:
    """Read the blobs of the trees of ``dates`` that no earlier read measured and start
    measuring them."""
    by_repo: dict[int, tuple[str, set[int]]] = {}
    for when in dates:
        for snap in snapshots(con, when, repos):
            by_repo.setdefault(snap.repo_id, (snap.path, set()))[1].add(snap.position)
    batch = BlobBatch(os.cpu_count() or 1)
    for repo_id, (path, positions) in sorted(by_repo.items()):
        if not Path(path).exists():
            continue
        con.execute("CREATE OR REPLACE TEMP TABLE as_of_positions (position INTEGER)")
        con.executemany("INSERT INTO as_of_positions VALUES (?)", [[p] for p in positions])
        unmeasured = unmeasured_paths(con, repo_id, roles)
        entries = [
            (str(p), str(m), str(b))
            for p, m, b, known in con.execute(_NEW_BLOBS, {"repo": repo_id}).fetchall()
            if not known or p not in unmeasured
        ]
        if entries:
            batch.add(con, repo_id, Path(path), entries, SEEN_FILES, unmeasured)
    batch.start()
    return batch


def _finish(con: duckdb.DuckDBPyConnection, batch: BlobBatch) -> None:
    """Wait for the batch's measures and make its blobs known (and kept) on ``con``."""
    for repo_id, table, measured in batch.tables():
        with read_into(con, {"repo": repo_id}, table, measured):
            pass
        con.execute("DROP TABLE IF EXISTS as_of_read_files")
