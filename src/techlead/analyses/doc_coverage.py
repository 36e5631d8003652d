"""doc-coverage: how well each component is documented, and how stale its documentation is.

Per component, over its files at HEAD (``analysis_files``: the common filters apply):

* ``readme``: a file named README (any case, any extension) among its files;
* ``docs``: its files of role docs (file-roles.md), README included;
* ``docstrings``: Python docstring coverage of its production files, documented /
  documentable (``files.documentable``: the module and public definitions, read with
  Python's parser), in %; None without such a file;
* ``comments``: comment density of its other production code files (programming
  languages but Python): comment lines / (code + comment lines), in %; None without any;
* ``docs_changed``: the last change to its documentation files (the filtered history);
* ``commits_since`` and ``lines_since``: the commits that changed its code files (a
  programming language) after that change, and their lines added and deleted: how much
  the code moved on while its documentation stood still. Without documentation: every
  commit to its code.

Sorted by repository and component.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.base import Analysis, NoParams
from techlead.analyses.changes import prepare
from techlead.analyses.entity import named
from techlead.analyses.head import head_files
from techlead.core.errors import AnalysisError
from techlead.core.model import Entity, Options, Result
from techlead.mining.languages import programming_languages


class DocRow(NamedTuple):
    component: Entity
    readme: bool
    docs: int
    docstrings: float | None
    comments: float | None
    docs_changed: datetime | None
    commits_since: int
    lines_since: int


_COVERAGE = """
WITH f AS (
    SELECT *, regexp_matches(path, '(?i)(^|/)readme(\\.[^/]*)?$') AS is_readme
    FROM analysis_files
),
docs AS (
    SELECT repo_id, component, bool_or(is_readme) AS readme,
           count(*) FILTER (WHERE is_readme OR role = 'docs') AS docs,
           sum(documented) FILTER (WHERE role = 'production') AS documented,
           sum(documentable) FILTER (WHERE role = 'production') AS documentable,
           sum(comment) FILTER (WHERE role = 'production' AND language <> 'Python'
                                AND list_contains($languages, language)) AS comment,
           sum(code + comment) FILTER (WHERE role = 'production' AND language <> 'Python'
                                       AND list_contains($languages, language)) AS written
    FROM f GROUP BY repo_id, component
),
doc_paths AS (SELECT repo_id, path FROM f WHERE is_readme OR role = 'docs'),
changed AS (
    SELECT h.repo_id, f.component, max(h.author_time) AS at
    FROM {table} h JOIN f USING (repo_id, path)
    WHERE (h.repo_id, h.path) IN (SELECT (repo_id, path) FROM doc_paths)
    GROUP BY ALL
),
since AS (
    SELECT h.repo_id, f.component, count(DISTINCT h.sha) AS commits,
           sum(coalesce(h.added, 0) + coalesce(h.deleted, 0)) AS lines
    FROM {table} h JOIN f USING (repo_id, path)
    LEFT JOIN changed c ON c.repo_id = h.repo_id AND c.component = f.component
    WHERE list_contains($languages, f.language) AND (c.at IS NULL OR h.author_time > c.at)
    GROUP BY ALL
)
SELECT r.name, d.component, d.readme, d.docs::INTEGER,
       CASE WHEN d.documentable > 0 THEN round(100 * d.documented / d.documentable, 1) END,
       CASE WHEN d.written > 0 THEN round(100 * d.comment / d.written, 1) END,
       c.at, coalesce(s.commits, 0)::INTEGER, coalesce(s.lines, 0)::BIGINT
FROM docs d JOIN repos r USING (repo_id)
LEFT JOIN changed c USING (repo_id, component)
LEFT JOIN since s USING (repo_id, component)
ORDER BY r.name, d.component
"""


def run(con: duckdb.DuckDBPyConnection, options: Options, params: NoParams) -> Result[Any]:
    if options.until is not None:
        raise AnalysisError("doc-coverage reads docstrings as the last scan measured them: "
                            "--until does not apply")  # fmt: skip
    head_files(con, options, measured=False)
    table = prepare(con, options)
    rows = con.execute(
        _COVERAGE.format(table=table),
        {"languages": sorted(programming_languages())},
    ).fetchall()
    several = len({r[0] for r in rows}) > 1
    found = [DocRow(named(repo, component, several), *rest) for repo, component, *rest in rows]
    undocumented = sum(1 for r in found if not r.docs)
    notes = [f"{undocumented} of {len(found)} components have no README or documentation file"]
    return Result.of("doc-coverage", DocRow, found[: options.limit], notes)


ANALYSIS = Analysis(
    "doc-coverage",
    "Documentation per component: README and docs, Python docstrings, comment density, and "
    "how far the code moved on since its docs last changed.",
    DocRow,
    NoParams,
    run,
)
