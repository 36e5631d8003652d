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

from techlead.analyses.as_of import snapshots
from techlead.analyses.as_of_files import SEEN_FILES, read_into, seen_table, unmeasured_paths
from techlead.mining.as_of import BlobBatch, batch_facts

GROUPS = 8  # groups of dates after the first date (whose trees hold the most new blobs)

# The blobs of the trees of the snapshots (repository, position) in as_of_positions that
# are not known yet: neither HEAD's nor read before (measured, when complexity is needed).
_NEW_BLOBS = f"""
CREATE OR REPLACE TEMP TABLE as_of_batch AS
SELECT DISTINCT t.repo_id, t.path, t.mode, t.blob,
       EXISTS (SELECT 1 FROM {SEEN_FILES} s WHERE s.repo_id = t.repo_id AND s.blob = t.blob
               AND s.path = t.path) AS known
FROM tree_spans t JOIN as_of_positions p
  ON p.repo_id = t.repo_id AND t.since_pos <= p.position
 AND (t.until_pos IS NULL OR t.until_pos > p.position)
WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.repo_id = t.repo_id AND f.blob = t.blob)
  AND NOT EXISTS (SELECT 1 FROM {SEEN_FILES} s WHERE s.repo_id = t.repo_id AND s.blob = t.blob
                  AND s.path = t.path AND ({{measured}}))
"""


def premeasured(
    con: duckdb.DuckDBPyConnection,
    dates: list[datetime],
    repos: tuple[str, ...],
    roles: tuple[str, ...] = (),
    complexity: bool = True,
) -> Generator[datetime, None, None]:
    """Yield ``dates`` in order, each once the past blobs of its trees are read, measured
    and known on ``con``; while the caller computes a group of dates, the next group's
    blobs are measured in worker processes. ``roles``: as as_of_files.files_table's, the files
    of other roles are counted, not measured. Without ``complexity`` the blobs are
    counted only (what knowledge needs): the batches still spare the caller a read of
    every repository's tree for every date."""
    dates = sorted(dates)
    if not dates or seen_table(con) is None:  # no store of past blobs: each date reads its own
        yield from dates
        return
    groups = _groups(dates)
    batch: BlobBatch | None = _start(con, groups[0], repos, roles, complexity)
    try:
        for index, group in enumerate(groups):
            assert batch is not None
            _finish(con, batch)
            batch = (
                _start(con, groups[index + 1], repos, roles, complexity)
                if index + 1 < len(groups)
                else None
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
    complexity: bool,
) -> BlobBatch:
    """Read the blobs of the trees of ``dates`` that no earlier read knows (measured,
    with ``complexity``) and start measuring them: a few queries for every repository at
    once, then one ``git cat-file`` per repository."""
    paths: dict[int, str] = {}
    positions: set[tuple[int, int]] = set()
    for when in dates:
        for snap in snapshots(con, when, repos):
            if Path(snap.path).exists():
                paths[snap.repo_id] = snap.path
                positions.add((snap.repo_id, snap.position))
    con.execute("CREATE OR REPLACE TEMP TABLE as_of_positions (repo_id INTEGER, position INTEGER)")
    if positions:
        con.executemany("INSERT INTO as_of_positions VALUES (?, ?)", sorted(positions))
    measured = "s.indentation_total IS NOT NULL" if complexity else "TRUE"
    con.execute(_NEW_BLOBS.format(measured=measured)).fetchall()
    facts = batch_facts(con, SEEN_FILES, "as_of_batch")
    found: dict[int, list[tuple[str, str, str, bool]]] = {}
    for repo_id, path, mode, blob, known in con.execute(
        "FROM as_of_batch ORDER BY repo_id, path, blob"
    ).fetchall():
        found.setdefault(repo_id, []).append((str(path), str(mode), str(blob), bool(known)))
    batch = BlobBatch(os.cpu_count() or 1, complexity)
    for repo_id, rows in found.items():
        unmeasured = unmeasured_paths(con, repo_id, roles)
        entries = [(p, m, b) for p, m, b, known in rows if not known or p not in unmeasured]
        if entries:
            batch.add(repo_id, Path(paths[repo_id]), entries, facts.get(repo_id, {}), unmeasured)
    con.execute("DROP TABLE as_of_batch")
    batch.start()
    return batch


def _finish(con: duckdb.DuckDBPyConnection, batch: BlobBatch) -> None:
    """Wait for the batch's measures and make its blobs known (and kept) on ``con``."""
    read = batch.tables()
    if read is None:
        return
    with read_into(con, *read):
        pass
    con.execute("DROP TABLE IF EXISTS as_of_read_files")
