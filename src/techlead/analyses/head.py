"""The snapshot every snapshot-based analysis starts from, filtered by the common
options: ``head_files(con, options)`` creates the temporary table ``analysis_files`` with
one row per file at HEAD of each scanned repository (as of its last scan), or with
``--until`` per file of the repository as it was then (analyses.as_of: the tree of the
newest main-line commit before the date, measured like HEAD).

Repositories outside ``--repo``, paths outside ``--path``, components outside
``--component``, files of other roles than ``--role`` and (unless
``--include-generated``) vendored, generated and excluded files are left out. ``entity``
is the path, prefixed with ``repo:`` when the rows span several repositories.
``--since`` does not apply.
"""

from __future__ import annotations

import duckdb

from techlead.analyses import as_of_files
from techlead.analyses.entity import entity_sql
from techlead.core.globs import globs_regex
from techlead.core.model import Options
from techlead.core.policy import counted_sql

_FILES = f"""
CREATE OR REPLACE TEMP TABLE analysis_files AS
SELECT f.*, r.name AS repo
FROM {{source}} f JOIN repos r USING (repo_id)
WHERE (len($repos) = 0 OR list_contains($repos, r.name))
  AND ($include_generated OR {counted_sql("f")})
  AND (len($components) = 0 OR list_contains($components, f.component))
  AND (len($roles) = 0 OR list_contains($roles, f.role))
  AND (CAST($paths AS VARCHAR) IS NULL OR regexp_full_match(f.path, $paths))
"""


def head_files(
    con: duckdb.DuckDBPyConnection, options: Options, measured: bool = True, complexity: bool = True
) -> str:
    """Create the filtered snapshot table for ``options``; returns its name. As of
    ``--until``, ``measured`` asks for the lines and complexity of every file (read from
    the repositories when HEAD does not share the blob; the lines only without
    ``complexity``); without it, the tree suffices."""
    source = "files"
    if options.until is not None:
        source = as_of_files.files_table(
            con, options.until, options.repos, measured, complexity, options.roles
        )[0]
    con.execute(
        _FILES.format(source=source),
        {
            "repos": list(options.repos),
            "include_generated": options.include_generated,
            "components": list(options.components),
            "roles": list(options.roles),
            "paths": globs_regex(options.paths) if options.paths else None,
        },
    ).fetchall()
    entity = entity_sql(con, "analysis_files")
    con.execute("ALTER TABLE analysis_files ADD COLUMN entity VARCHAR").fetchall()
    con.execute(f"UPDATE analysis_files SET entity = {entity}").fetchall()
    return "analysis_files"


def tree_table(con: duckdb.DuckDBPyConnection, options: Options) -> str:
    """The unfiltered table of the files that exist: ``files`` (HEAD), or as of ``--until``
    the snapshot's tree (for "does this file or component exist" questions)."""
    if options.until is None:
        return "files"
    return as_of_files.files_table(con, options.until, options.repos, measured=False)[0]
