"""Line counts of renamed and copied files as git reports them without rename detection.

With rename detection a rename is one change whose added/deleted lines are the edits
between the two blobs. ``git log --no-renames`` (code-maat's recommended input) reports it
as a deletion of every line of the old blob and an addition of every line of the new one.
Storing both blobs' line counts lets analyses give either view from one mined history.

The rule that maps a change of an old path to the name its file has now is
:func:`techlead.core.renames.rename_intervals` (the analyses and the recorded trends use it).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from techlead.git.runner import cat_file_batch
from techlead.mining.linecount import is_binary

_SCHEMA = pa.schema([("blob", pa.string()), ("lines", pa.int32())])


def numstat_lines(content: bytes) -> int | None:
    """What ``git diff --numstat`` counts for a whole blob: its lines, the last one even
    without a final newline; None (git's ``-``) for binary content."""
    if is_binary(content):
        return None
    return content.count(b"\n") + (1 if content and not content.endswith(b"\n") else 0)


def fill_rename_lines(
    con: duckdb.DuckDBPyConnection, repo_id: int, path: Path, missing: frozenset[str]
) -> int:
    """Set old_blob_lines/new_blob_lines on the repository's renames and copies that lack
    them; returns the number of blobs read."""
    rows = con.execute(
        "SELECT DISTINCT blob FROM (SELECT unnest([old_blob, new_blob]) AS blob FROM file_changes "
        "WHERE repo_id = ? AND change_type IN ('R', 'C') AND NOT is_binary "
        "AND (old_blob_lines IS NULL OR new_blob_lines IS NULL)) WHERE blob IS NOT NULL "
        "ORDER BY blob",
        [repo_id],
    ).fetchall()
    blobs = [blob for (blob,) in rows if blob not in missing]
    if not blobs:
        return 0
    counted = [
        (blob, numstat_lines(content))
        for blob, content in cat_file_batch(path, blobs)
        if content is not None
    ]
    table = pa.Table.from_pylist([{"blob": b, "lines": n} for b, n in counted], schema=_SCHEMA)
    con.register("_blob_lines", table)
    try:
        for side in ("old", "new"):
            con.execute(
                f"UPDATE file_changes SET {side}_blob_lines = b.lines FROM _blob_lines b "
                f"WHERE file_changes.repo_id = ? AND file_changes.change_type IN ('R', 'C') "
                f"AND file_changes.{side}_blob = b.blob AND file_changes.{side}_blob_lines IS NULL",
                [repo_id],
            )
    finally:
        con.unregister("_blob_lines")
    return len(counted)
