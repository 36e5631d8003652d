"""The past trees whose every blob is already known, built in SQL (analyses.as_of).

A tree as of a date is read from the repository (mining.as_of.files_at: ``git ls-tree``,
the facts of each blob looked up, the unknown ones read and measured). When HEAD or an
earlier read already knows every blob of a tree (always, after a history measured the
blobs of all its dates first, and for most dates of a report's trends), the same rows
come from the warehouse alone: the tree from ``tree_spans``, each blob's facts from
``files`` or the past blobs known on the connection, looked up as the reader looks them
up, by blob and by the language its path implies. One query serves the snapshots of every
repository at once; only the trees holding an unknown blob are read from git (a
workspace of 60 small repositories: 40 ms a repository and date, 2,340 reads for one
report).

The rows are those the reader builds, but for ``size``, which ``git ls-tree`` gives the
reader and the warehouse knows only for HEAD's blobs (NULL otherwise; no analysis reads
it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

import duckdb
import pyarrow as pa

SNAPS = "as_of_snaps"  # (repo_id, position): the snapshots of one files table
KNOWN = "as_of_known"  # their trees' rows, where every blob is known
KEYS = "as_of_path_keys"  # (repo_id, path, key): the language each path implies

_FACTS = (
    "is_binary, lines, code, comment, blank, generated_marker, language, functions, "
    "cyclomatic_total, cyclomatic_max, indentation_total, indentation_max, indentation_mean, "
    "documentable, documented, global_nesting, classes, lcom4_max"
)

_TREE = f"""
CREATE OR REPLACE TEMP TABLE as_of_tree AS
SELECT t.repo_id, t.path, t.blob, t.mode
FROM tree_spans t JOIN {SNAPS} s ON s.repo_id = t.repo_id
WHERE t.since_pos <= s.position AND (t.until_pos IS NULL OR t.until_pos > s.position)
"""

BEST = "as_of_best"  # the facts of each (repository, blob, key), as the reader finds them

_NEW_PATHS = f"""
SELECT DISTINCT p.repo_id, p.path FROM ({{paths}}) p
WHERE NOT EXISTS (SELECT 1 FROM {KEYS} k WHERE k.repo_id = p.repo_id AND k.path = p.path)
"""

# The reader's lookup: the facts of (blob, key), a measured row first (its dictionary
# keeps the last of rows ordered by indentation_total NULLS FIRST).
_BEST = f"""
CREATE OR REPLACE TEMP TABLE {BEST} AS
WITH facts AS (
    SELECT f.repo_id, f.blob, k.key, f.size, {_FACTS}
    FROM files f JOIN {KEYS} k USING (repo_id, path)
    {{seen}}
)
SELECT * FROM facts
QUALIFY row_number() OVER (PARTITION BY repo_id, blob, key ORDER BY indentation_total IS NULL) = 1
"""

_KNOWN = f"""
CREATE OR REPLACE TEMP TABLE {KNOWN} AS
SELECT t.repo_id, t.path, t.blob, t.mode, b.size, b.language, NULL::VARCHAR AS component,
       b.is_binary, b.lines, b.code, b.comment, b.blank, b.generated_marker, b.functions,
       b.cyclomatic_total, b.cyclomatic_max, b.indentation_total, b.indentation_max,
       b.indentation_mean, b.documentable, b.documented, NULL::BOOLEAN AS secrets_scanned,
       b.global_nesting, b.classes, b.lcom4_max,
       b.repo_id IS NULL AS unknown,
       -- what the reader would measure now: counted, not measured, and wanted (NULL
       -- anywhere: the reader decides)
       coalesce(b.indentation_total IS NULL AND b.is_binary IS FALSE AND b.lines IS NOT NULL
           AND NOT b.generated_marker AND coalesce(b.size, 0) <= $limit
           AND NOT regexp_full_match(t.path, $v) AND NOT regexp_full_match(t.path, $g)
           AND NOT regexp_full_match(t.path, $x)
           AND NOT (len($roles) > 0 AND fl.role IS NOT NULL
                    AND NOT list_contains($roles, fl.role)), TRUE) AS unmeasured
FROM as_of_tree t
JOIN {KEYS} k USING (repo_id, path)
LEFT JOIN {BEST} b ON b.repo_id = t.repo_id AND b.blob = t.blob AND b.key = k.key
LEFT JOIN {{flags}} fl ON fl.repo_id = t.repo_id AND fl.path = t.path
"""

_PATH_KEYS = pa.schema([("repo_id", pa.int32()), ("path", pa.string()), ("key", pa.string())])


class Reader(NamedTuple):
    """How the reader from git (mining.as_of) finds and measures facts, so that the rows
    built here agree with its rows (it is mining's, and only as_of may import it)."""

    language_key: Callable[[str], str]  # the language a path implies, or "?" + its name
    unmeasured: Mapping[str, str]  # $v, $g, $x: the regexes of paths never measured
    limit: int  # larger files are not measured


def known_trees(
    con: duckdb.DuckDBPyConnection,
    reader: Reader,
    seen: str | None,
    complexity: bool,
    roles: tuple[str, ...],
    flags: str,
    memo: dict[object, object] | None = None,
) -> set[int]:
    """Fill KNOWN with the trees of the snapshots in SNAPS; return the repositories whose
    every blob is known (measured, when ``complexity`` asks for it and the reader would
    measure it): their rows are the reader's. ``seen``: the past blobs known on the
    connection (shaped like ``files``); ``flags``: the paths' flags relation; ``memo``:
    kept while nothing but ``seen`` changes (as_of.steady), so that a history's dates
    share one lookup table until a date adds past blobs."""
    con.execute(_TREE).fetchall()
    _ensure_keys(con, reader, _NEW_PATHS.format(paths="SELECT repo_id, path FROM as_of_tree"))
    _best(con, reader, seen, memo)
    values = {**reader.unmeasured, "limit": reader.limit, "roles": list(roles)}
    con.execute(_KNOWN.format(flags=flags), values).fetchall()
    lacking = "unknown OR unmeasured" if complexity else "unknown"
    rows = con.execute(
        f"SELECT s.repo_id FROM {SNAPS} s WHERE NOT EXISTS "
        f"(SELECT 1 FROM {KNOWN} k WHERE k.repo_id = s.repo_id AND ({lacking}))"
    ).fetchall()
    return {int(repo_id) for (repo_id,) in rows}


def _best(
    con: duckdb.DuckDBPyConnection,
    reader: Reader,
    seen: str | None,
    memo: dict[object, object] | None,
) -> None:
    """Build BEST from HEAD's files and the ``seen`` past blobs, unless ``memo`` says it
    was built from as many past blobs (they only grow)."""
    size = con.execute(f"SELECT count(*) FROM {seen}").fetchall()[0][0] if seen else 0
    if memo is not None and memo.get(BEST) == size:
        return
    paths = "SELECT repo_id, path FROM files"
    paths += f" UNION ALL SELECT repo_id, path FROM {seen}" if seen else ""
    _ensure_keys(con, reader, _NEW_PATHS.format(paths=paths))
    from_seen = (
        f"UNION ALL SELECT s.repo_id, s.blob, k.key, s.size, {_FACTS} FROM {seen} s "
        f"JOIN {KEYS} k USING (repo_id, path)"
        if seen
        else ""
    )
    con.execute(_BEST.format(seen=from_seen)).fetchall()
    if memo is not None:
        memo[BEST] = size


def _ensure_keys(con: duckdb.DuckDBPyConnection, reader: Reader, new_paths: str) -> None:
    """Add the language key of every path the lookup meets that KEYS lacks (computed as
    the reader computes it; a path's key never changes, so KEYS lives as long as the
    connection)."""
    con.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {KEYS} (repo_id INTEGER, path VARCHAR, key VARCHAR)"
    ).fetchall()
    rows = con.execute(new_paths).fetchall()
    if not rows:
        return
    table = pa.table(
        {
            "repo_id": pa.array([r for r, _ in rows], pa.int32()),
            "path": pa.array([p for _, p in rows], pa.string()),
            "key": pa.array([reader.language_key(p) for _, p in rows], pa.string()),
        },
        schema=_PATH_KEYS,
    )
    con.register("as_of_new_keys", table)
    try:
        con.execute(f"INSERT INTO {KEYS} SELECT * FROM as_of_new_keys").fetchall()
    finally:
        con.unregister("as_of_new_keys")
