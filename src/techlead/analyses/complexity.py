"""complexity: per-file and per-function complexity of the code at HEAD (or as of
``--until``: analyses.as_of).

Measures, for each file of the HEAD snapshot measured by the scan (text files up to
1 MiB that are not vendored, generated or excluded), the complexity figures of
docs/metrics.md "complexity": functions, cyclomatic complexity (total, maximum and mean
per function), lines of code and indentation complexity; with ``--by function``, each
function's cyclomatic complexity, length, nesting depth and parameter count.
Reads: ``files`` and ``functions`` (the HEAD snapshot of the last scan; as of --until,
the tree of that date, measured like HEAD), filtered by --repo, --path, --component,
--role and --include-generated.
Returns, --by file: entity, language, loc, functions, cyclomatic, max-cyclomatic,
mean-cyclomatic, indentation, max-indentation, sorted by cyclomatic descending, then
indentation descending, then entity. --by function: entity, function, line, length,
cyclomatic, nesting, parameters, sorted by cyclomatic, then length, descending.
Sources: McCabe (1976); indentation complexity after Hindle, Godfrey & Holt (ICPC 2008)
and Tornhill (2015); per-function parsing by lizard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import duckdb

from techlead.analyses import as_of_files
from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.entity import named, spans_repos
from techlead.analyses.head import head_files
from techlead.core.model import Entity, Options, Result


class FileComplexity(NamedTuple):
    entity: Entity
    language: str | None
    loc: int | None
    functions: int | None
    cyclomatic: int | None
    max_cyclomatic: int | None
    mean_cyclomatic: float | None
    indentation: float | None
    max_indentation: int | None


class FunctionComplexity(NamedTuple):
    entity: Entity
    function: str
    line: int
    length: int
    cyclomatic: int
    nesting: int
    parameters: int


@dataclass(frozen=True)
class ComplexityParams(Params):
    by: str = param("file", "Per file or per function.", choices=("file", "function"))


_BY_FILE = """
SELECT repo, path, language, code, functions, cyclomatic_total, cyclomatic_max,
       CASE WHEN functions > 0 THEN round(cyclomatic_total / functions, 2) END,
       round(indentation_total, 1), indentation_max
FROM {table} WHERE indentation_total IS NOT NULL
ORDER BY cyclomatic_total DESC, indentation_total DESC, entity
LIMIT $limit
"""

_BY_FUNCTION = """
SELECT f.repo, f.path, fn.name, fn.start_line, fn.length, fn.cyclomatic, fn.nesting,
       fn.parameters
FROM {table} f JOIN {functions} fn
  ON fn.repo_id = f.repo_id AND fn.blob = f.blob AND fn.language = f.language
ORDER BY fn.cyclomatic DESC, fn.length DESC, f.entity, fn.start_line, fn.name
LIMIT $limit
"""


def by_file(
    con: duckdb.DuckDBPyConnection, options: Options, params: ComplexityParams
) -> Result[FileComplexity]:
    table = head_files(con, options)
    several = spans_repos(con, table)
    found = con.execute(_BY_FILE.format(table=table), {"limit": options.limit}).fetchall()
    rows = [FileComplexity(named(r, p, several), *rest) for r, p, *rest in found]
    return Result.of("complexity", FileComplexity, rows, _notes(con, table, rows))


def by_function(
    con: duckdb.DuckDBPyConnection, options: Options, params: ComplexityParams
) -> Result[FunctionComplexity]:
    table = head_files(con, options)
    several = spans_repos(con, table)
    functions = (
        as_of_files.files_table(con, options.until, options.repos, True, roles=options.roles)[1]
        if options.until
        else "functions"
    )  # fmt: skip
    query = _BY_FUNCTION.format(table=table, functions=functions)
    found = con.execute(query, {"limit": options.limit}).fetchall()
    rows = [FunctionComplexity(named(r, p, several), *rest) for r, p, *rest in found]
    return Result.of("complexity", FunctionComplexity, rows, _notes(con, table, rows))


def run(con: duckdb.DuckDBPyConnection, options: Options, params: ComplexityParams) -> Result[Any]:
    return (by_file if params.by == "file" else by_function)(con, options, params)


def _notes(con: duckdb.DuckDBPyConnection, table: str, rows: list[Any]) -> tuple[str, ...]:
    if rows or not _unmeasured(con, table):
        return ()
    return (
        "no complexity figures: the last scan did not measure complexity "
        "(scanned with --no-complexity or [mining] complexity = false)",
    )


def _unmeasured(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    rows = con.execute(
        f"SELECT count(*) FILTER (lines IS NOT NULL) > 0 AND count(indentation_total) = 0 "
        f"FROM {table}"
    ).fetchall()
    return bool(rows[0][0])


ANALYSIS = Analysis(
    "complexity",
    "Complexity of the code at HEAD, per file or per function.",
    FileComplexity,
    ComplexityParams,
    run,
)
