"""files: the files at HEAD as the last scan measured them.

Lists each file of the HEAD snapshot (``--repo``, ``--path``, ``--component``,
``--role``; vendored, generated and excluded files left out unless
``--include-generated``) with its component, file role (docs/file-roles.md), language,
size and complexity, and whether it is code (a programming language, not documentation,
data or configuration: what the knowledge metrics count by default).
Reads: files.
Returns: entity, component, role, language, lines, code (lines of code), functions,
cyclomatic (total), max-cyclomatic, is-code; sorted by entity.
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, NoParams
from techlead.analyses.entity import named, spans_repos
from techlead.analyses.head import head_files
from techlead.core.model import Entity, Options, Result
from techlead.mining.languages import programming_languages


class FileRow(NamedTuple):
    entity: Entity
    component: str
    role: str
    language: str | None
    lines: int | None
    code: int | None
    functions: int | None
    cyclomatic: int | None
    max_cyclomatic: int | None
    is_code: bool


def run(con: duckdb.DuckDBPyConnection, options: Options, params: NoParams) -> Result[FileRow]:
    table = head_files(con, options)
    several = spans_repos(con, table)
    rows = con.execute(
        "SELECT repo, path, component, coalesce(role, 'production'), language, lines, code, "
        "functions, cyclomatic_total, cyclomatic_max, "
        f"coalesce(list_contains($code, language), FALSE) FROM {table} "
        "ORDER BY entity LIMIT $limit",
        {"code": sorted(programming_languages()), "limit": options.limit},
    ).fetchall()
    return Result.of("files", FileRow, [
        FileRow(named(r, p, several), *rest) for r, p, *rest in rows])  # fmt: skip


ANALYSIS = Analysis(
    "files", "The files at HEAD: component, language, size, complexity.", FileRow, NoParams,
    run,
)  # fmt: skip
