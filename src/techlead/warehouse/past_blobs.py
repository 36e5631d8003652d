"""The warehouse's store of past blobs (tables ``past_files`` and ``past_functions``,
schema 14): the facts, and the functions when measured, of the blobs HEAD does not hold
that an analysis as of a date read from the repository (analyses.as_of).

Facts depend on a blob's content (and the language of its path) only, so a blob read once
is never read or measured again by any later command on the same warehouse: a history of
the hotspot metrics measures thousands of past versions of files, minutes of work that
the next history, goals or report does not redo. A cache only: emptying it loses time,
never a value.

A read-only connection cannot write: what it read waits in memory (:func:`keep`) until
:func:`write` on a writable connection (direction.history_cache.flush, once the command
has closed its own); when nobody writes it, it is dropped.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.warehouse.connection import database_path, read_only

FILES, FUNCTIONS = "past_files", "past_functions"
PENDING_LIMIT = 100_000  # files a long-lived read-only process keeps for a later write

_PENDING: dict[str, list[tuple[pa.Table, pa.Table]]] = {}

_NEW_FILES = f"""
INSERT INTO {FILES} BY NAME SELECT * FROM {{rows}} p
WHERE NOT EXISTS (SELECT 1 FROM {FILES} k WHERE k.repo_id = p.repo_id AND k.blob = p.blob
                  AND k.path = p.path
                  AND (k.indentation_total IS NOT NULL OR p.indentation_total IS NULL))
"""

_NEW_FUNCTIONS = f"""
INSERT INTO {FUNCTIONS} BY NAME SELECT * FROM {{rows}} p
WHERE NOT EXISTS (SELECT 1 FROM {FUNCTIONS} k WHERE k.repo_id = p.repo_id AND k.blob = p.blob)
"""


def available(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse has the tables (a warehouse before schema 14 opened read-only
    has not)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE NOT temporary AND table_name = ? "
        "AND database_name = current_database()",
        [FILES],
    ).fetchall()
    return bool(found[0][0])


def seed(con: duckdb.DuckDBPyConnection, files: str, functions: str) -> None:
    """Create the temporary tables ``files`` and ``functions`` (the past blobs of this
    connection) holding the kept past blobs that HEAD does not hold now."""
    con.execute(
        f"CREATE TEMP TABLE {files} AS FROM {FILES} p WHERE NOT EXISTS (SELECT 1 FROM files f "
        "WHERE f.repo_id = p.repo_id AND f.blob = p.blob)"
    )
    con.execute(
        f"CREATE TEMP TABLE {functions} AS FROM {FUNCTIONS} p WHERE NOT EXISTS "
        "(SELECT 1 FROM functions f WHERE f.repo_id = p.repo_id AND f.blob = p.blob)"
    )


def keep(con: duckdb.DuckDBPyConnection, files: str, functions: str) -> None:
    """Keep the past blobs just read (table ``files``, shaped like ``past_files``) and
    the functions of those just measured (``functions``): in the warehouse when ``con``
    may write, else until :func:`write`."""
    if not read_only(con):
        con.execute(_NEW_FILES.format(rows=files))
        con.execute(_NEW_FUNCTIONS.format(rows=functions))
        return
    pending = _PENDING.setdefault(database_path(con), [])
    if sum(kept.num_rows for kept, _ in pending) < PENDING_LIMIT:
        pending.append((con.sql(f"FROM {files}").to_arrow_table(),
                        con.sql(f"FROM {functions}").to_arrow_table()))  # fmt: skip


def pending(path: Path) -> list[tuple[pa.Table, pa.Table]]:
    """Take the blobs waiting for the warehouse at ``path``."""
    return _PENDING.pop(str(path.resolve()), [])


def write(con: duckdb.DuckDBPyConnection, kept: list[tuple[pa.Table, pa.Table]]) -> int:
    """Write blobs taken by :func:`pending` (those already there are skipped); returns
    how many files were offered."""
    if not available(con):
        return 0
    for files, functions in kept:
        con.register("past_blobs_files", files)
        con.register("past_blobs_functions", functions)
        try:
            con.execute(_NEW_FILES.format(rows="past_blobs_files"))
            con.execute(_NEW_FUNCTIONS.format(rows="past_blobs_functions"))
        finally:
            con.unregister("past_blobs_files")
            con.unregister("past_blobs_functions")
    return sum(files.num_rows for files, _ in kept)
