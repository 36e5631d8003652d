"""A past commit's files with their facts, read from the repository when an analysis asks
for the repository as of a date (analyses.as_of): the HEAD snapshot's machinery
(mining.snapshot_reading.read_snapshot) on that commit's tree, with the HEAD snapshot's facts as
a cache (a blob unchanged since is not read again), without keeping texts or searching
for secrets (those are HEAD's business)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.core.errors import TechleadError
from techlead.mining.classify import PathRules
from techlead.mining.measuring import MAX_BYTES, Measurer
from techlead.mining.snapshot import Cache, Facts, TreeEntry, _language_key
from techlead.mining.snapshot_reading import Measuring, Reading, read_snapshot

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


class BlobBatch:
    """Blobs of past trees of several repositories (path, mode, blob), read as
    :func:`files_at` reads a tree's, in one batch: :meth:`start` reads them and hands them
    to ``workers`` processes to measure, and returns at once; :meth:`tables` waits for
    the measures. A history reads the new blobs of a group of dates at once and computes
    other dates while the workers measure (analyses.as_of_batches), instead of measuring
    a few blobs per date in this process."""

    def __init__(self, workers: int, complexity: bool = True) -> None:
        self._workers, self._complexity = workers, complexity
        self._readings: list[tuple[int, Path, Reading]] = []
        self._measurer: Measurer | None = None

    def add(
        self,
        repo_id: int,
        repo_path: Path,
        entries: list[tuple[str, str, str]],
        facts: dict[tuple[str, str], Facts],
        unmeasured: frozenset[str] = frozenset(),
    ) -> None:
        """A repository's blobs; ``facts`` those already known of them (:func:`batch_facts`),
        ``unmeasured`` as :func:`files_at`'s."""
        tree = [TreeEntry(path, mode, blob, None) for path, mode, blob in entries]
        measuring = Measuring(self._complexity, PathRules.build(), capture=False,
                              unmeasured=unmeasured)  # fmt: skip
        reading = Reading(tree, Cache(facts=facts), frozenset(), measuring)
        self._readings.append((repo_id, repo_path, reading))

    def start(self) -> None:
        """Read every repository's blobs and hand them to the workers; a repository that
        cannot be read is left out (its dates read their trees themselves)."""
        expected = sum(reading.expected for _, _, reading in self._readings)
        self._measurer = Measurer(expected if self._complexity else 0, self._workers,
                                  docstrings=False)  # fmt: skip
        readable = []
        for repo_id, repo_path, reading in self._readings:
            try:
                reading.read(repo_path, self._measurer)
            except TechleadError:
                continue
            readable.append((repo_id, repo_path, reading))
        self._readings = readable

    def tables(self) -> tuple[pa.Table, pa.Table] | None:
        """The blobs' rows (FILE_SCHEMA) and their functions (FUNCTION_SCHEMA), each row
        led by its ``repo_id``, once measured; None when nothing was read."""
        if self._measurer is None:
            return None
        measured = self._measurer.results()
        files, functions = [], []
        for repo_id, _, reading in self._readings:
            snapshot = reading.snapshot(measured)
            files.append(with_repo(snapshot.table, repo_id))
            functions.append(with_repo(snapshot.functions, repo_id))
        self.close()
        if not files:
            return None
        return pa.concat_tables(files), pa.concat_tables(functions)

    def close(self, *, interrupted: bool = False) -> None:
        if self._measurer is not None:
            self._measurer.close(interrupted=interrupted)
            self._measurer = None


def with_repo(table: pa.Table, repo_id: int) -> pa.Table:
    """``table`` led by a ``repo_id`` column."""
    return table.add_column(0, "repo_id", pa.array([repo_id] * table.num_rows, pa.int32()))


def batch_facts(
    con: duckdb.DuckDBPyConnection, seen: str | None, blobs: str
) -> dict[int, dict[tuple[str, str], Facts]]:
    """Per repository, the facts known of the blobs of ``blobs`` (a table of ``repo_id``,
    ``blob``), as :func:`_facts` finds them: one query for every repository of a batch."""
    only = f"EXISTS (SELECT 1 FROM {blobs} b WHERE b.repo_id = k.repo_id AND b.blob = k.blob)"
    return _known(con, seen, only, {})


def _facts(
    con: duckdb.DuckDBPyConnection, repo_id: int, seen: str | None, blobs: str | None
) -> dict[tuple[str, str], Facts]:
    """HEAD's facts of the repository's blobs (mining.snapshot.read_cache's), and those of
    the ``seen`` table; of the ``blobs`` only, when named."""
    only = f" AND k.blob IN (SELECT blob FROM {blobs})" if blobs else ""
    return _known(con, seen, f"k.repo_id = $repo{only}", {"repo": repo_id}).get(repo_id, {})


def _known(
    con: duckdb.DuckDBPyConnection, seen: str | None, where: str, params: dict[str, object]
) -> dict[int, dict[tuple[str, str], Facts]]:
    """Per repository, the facts of the rows of ``files`` (HEAD's) and of ``seen`` that
    ``where`` (on alias ``k``) selects, by (blob, the language its path implies)."""
    columns = ", ".join(Facts._fields)
    sql = f"SELECT repo_id, blob, path, {columns} FROM files k WHERE {where}"
    if seen is not None:
        sql += f" UNION ALL SELECT repo_id, blob, path, {columns} FROM {seen} k WHERE {where}"
    sql += " ORDER BY indentation_total NULLS FIRST"  # a measured blob's facts win
    found: dict[int, dict[tuple[str, str], Facts]] = {}
    for repo_id, blob, path, *facts in con.execute(sql, params).fetchall():
        found.setdefault(repo_id, {})[(blob, language_key(path))] = Facts(*facts)
    return found
