"""hotspots: complicated code that changes often, where improvements pay off first.

Measures, per file of the HEAD snapshot (as of ``--until``: of that date's tree,
analyses.as_of; ``--by component``: per component), how often it changed in the analysed
history and how complex it is at the snapshot; ranks by
``score = revisions × complexity`` and keeps the files at or above a cut-off.

* revisions: commits that changed the file (renames followed), within --since/--until;
  authors: distinct authors of those commits; churn: lines added + deleted by them.
* complexity (``--complexity``): ``health`` (default): 10 − the file's code health
  (analyses.health; docs/metrics.md "Code health"), for files in a language with a grammar,
  so a healthy file (10) is never a hotspot however often it changes; when no file in
  scope has a grammar (a Clojure repository), indentation complexity instead, and the note
  says so; ``cyclomatic``: the file's total cyclomatic complexity; ``indentation``:
  indentation complexity, for every measured text file; ``loc``: lines of code.
* cut-off (files only; every component is listed): the nearest-rank ``--percentile`` P
  (default 90) of the scores of all ranked files: the score of the file at rank
  ceil(P/100 × N) from the bottom, N = files with a score above 0. Files scoring at least
  the cut-off are hotspots; the note says how many of how many, and what the cut-off is.
  ``--percentile 0`` lists every ranked file.

By component, revisions count the commits that changed any file of the component
(including files deleted since), complexity sums its files at HEAD, max-cyclomatic is
the most complex function in it and health its files' health weighted by lines of code.
Health is scored (and shown) when it ranks, with ``--complexity health``.
Returns: rank, entity, revisions, authors, churn, loc, cyclomatic, max-cyclomatic,
health, complexity (the measure ranked by), score; sorted by score descending, then entity.
Source: Tornhill, *Your Code as a Crime Scene* (2015), ch. 4-5, and *Software Design
X-Rays* (2018), ch. 2: hotspots as change frequency combined with complexity.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

import duckdb
import pyarrow as pa

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.entity import named
from techlead.analyses.head import head_files
from techlead.analyses.health import FileHealth, file_health
from techlead.core.model import Entity, Options, Result
from techlead.core.policy import hotspot_score
from techlead.warehouse.load import table_from_rows, temp_table
from techlead.warehouse.policy import policy_of


class HotspotRow(NamedTuple):
    rank: int
    entity: Entity
    revisions: int
    authors: int
    churn: int
    loc: int | None
    cyclomatic: int | None
    max_cyclomatic: int | None
    health: float | None
    complexity: float
    score: float


@dataclass(frozen=True)
class HotspotParams(Params):
    by: str = param("file", "Per file or per component.", choices=("file", "component"))
    complexity: str = param(
        "health", "Rank by 10 - health, cyclomatic, indentation or loc.",
        choices=("health", "cyclomatic", "indentation", "loc"))  # fmt: skip
    percentile: float | None = param(
        None, "Cut-off: files scoring at or above this percentile.",
        policy="hotspot_percentile")  # fmt: skip


@dataclass(frozen=True)
class Ranking:
    """Every ranked file (or component), best first, and the hotspots among them."""

    ranked: list[HotspotRow]
    hot: list[HotspotRow]
    cutoff: float
    percentile: float
    note: str
    health: dict[tuple[str, str], FileHealth] = field(default_factory=dict)  # (repo, path)
    measure: str = "health"  # what revisions are multiplied by (HotspotParams.complexity)


_MEASURES = {
    "health": ("10 - h.health", "h.health IS NOT NULL"),
    "cyclomatic": ("f.cyclomatic_total", "f.functions IS NOT NULL"),
    "indentation": ("f.indentation_total", "f.indentation_total IS NOT NULL"),
    "loc": ("f.code", "f.code IS NOT NULL"),
}
HEALTH = "hotspot_health"  # (repo, path, health, code) of the scored files
_HEALTH_SCHEMA = pa.schema(
    [("repo", pa.string()), ("path", pa.string()), ("health", pa.float64()),
     ("code", pa.int32())]
)  # fmt: skip

_BY_FILE = """
WITH history AS (
    SELECT repo_id, path, count(DISTINCT sha) AS revisions, count(DISTINCT author_id) AS authors,
           sum(coalesce(added, 0) + coalesce(deleted, 0))::BIGINT AS churn
    FROM {changes} GROUP BY repo_id, path
)
SELECT f.repo, f.path, f.entity, c.revisions, c.authors, c.churn, f.code, f.cyclomatic_total,
       f.cyclomatic_max, round(h.health, 1), round({measure}, 1) AS complexity
FROM {files} f JOIN history c USING (repo_id, path)
LEFT JOIN {health} h ON h.repo = f.repo AND h.path = f.path
WHERE {measured}
"""

_BY_COMPONENT = """
WITH history AS (
    SELECT repo_id, component, count(DISTINCT sha) AS revisions,
           count(DISTINCT author_id) AS authors,
           sum(coalesce(added, 0) + coalesce(deleted, 0))::BIGINT AS churn
    FROM {changes} GROUP BY repo_id, component
),
size AS (
    SELECT f.repo_id, any_value(f.repo) AS repo, f.component, sum(f.code)::BIGINT AS code,
           sum(f.cyclomatic_total)::BIGINT AS cyclomatic_total,
           max(f.cyclomatic_max) AS cyclomatic_max,
           round(sum(h.health * h.code) / nullif(sum(h.code), 0), 1) AS health,
           round(sum({measure}), 1) AS complexity
    FROM {files} f LEFT JOIN {health} h ON h.repo = f.repo AND h.path = f.path
    WHERE {measured} GROUP BY f.repo_id, f.component
)
SELECT s.repo, s.component,
       CASE WHEN (SELECT count(DISTINCT repo_id) FROM size) > 1
            THEN s.repo || ':' || s.component ELSE s.component END,
       c.revisions, c.authors, c.churn, s.code, s.cyclomatic_total, s.cyclomatic_max,
       s.health, s.complexity
FROM size s JOIN history c USING (repo_id, component)
"""


def rank(con: duckdb.DuckDBPyConnection, options: Options, params: HotspotParams) -> Ranking:
    """Score every file (or component) and cut the hotspots at the percentile."""
    percentile = (
        params.percentile if params.percentile is not None else policy_of(con).hotspot_percentile
    )
    changes = prepare(con, options)
    files = head_files(con, options)
    # Health is scored only when it ranks (it reads every function of the snapshot).
    ranks = params.complexity == "health"
    health = {(f.repo, f.path): f for f in file_health(con, options)} if ranks else {}
    scored_files, unscored = _health(con, health.values())
    measure = params.complexity
    if ranks and not scored_files:
        measure = "indentation"  # nothing in scope has a grammar: rank what can be ranked
    column, measured = _MEASURES[measure]
    sql = (_BY_FILE if params.by == "file" else _BY_COMPONENT).format(
        changes=changes, files=files, measure=column, measured=measured, health=HEALTH
    )
    found = con.execute(sql).fetchall()
    scored = [
        (label, named(repo, path, label != path), revs, authors, churn, loc, cyclo, worst,
         health, _whole(complexity), hotspot_score(revs, complexity))
        for repo, path, label, revs, authors, churn, loc, cyclo, worst, health, complexity
        in found
        if complexity and hotspot_score(revs, complexity) > 0
    ]  # fmt: skip
    scored.sort(key=lambda row: (-row[-1], row[0]))
    ranked = [
        HotspotRow(i, *row[1:-1], _whole(round(float(row[-1]), 1)))
        for i, row in enumerate(scored, start=1)
    ]
    # Components are few: all are ranked; the cut-off picks files.
    cutoff = nearest_rank([r.score for r in ranked], percentile if params.by == "file" else 0)
    hot = [row for row in ranked if row.score >= cutoff]
    note = _note(params.by, measure, len(hot), len(ranked), cutoff, percentile)
    if measure != params.complexity:
        note += "; no file has a language with a grammar, so indentation complexity ranks them"
    elif measure == "health" and unscored:
        note += f"; files in languages without a grammar ({unscored}) are not ranked"
    return Ranking(ranked, hot, cutoff, percentile, note, health, measure)


def _health(con: duckdb.DuckDBPyConnection, files: Iterable[FileHealth]) -> tuple[int, str]:
    """Fill the table of the scored files' health; how many are scored, and the languages
    without a grammar of the others ("" when all are scored)."""
    files = list(files)
    rows = [(f.repo, f.path, f.health, f.code) for f in files if f.health is not None]
    temp_table(con, HEALTH, table_from_rows(_HEALTH_SCHEMA, rows))
    unscored = sorted({f.language for f in files if f.health is None})
    return len(rows), ", ".join(unscored)


def measure_words(measure: str) -> str:
    """How a sentence names what a score multiplies revisions by."""
    return "(10 − health)" if measure == "health" else f"{measure} complexity"


def _note(by: str, measure: str, hot: int, ranked: int, cutoff: float, percentile: float) -> str:
    kind = "files" if by == "file" else "components"
    words = measure_words(measure)
    if not ranked:
        return f"no {kind} to rank: none changed and has {words} measured"
    if by == "file":
        return (
            f"{hot} of {ranked} ranked files are hotspots: score = revisions × {words} ≥ "
            f"{_number(cutoff)} (the {percentile:g}th percentile of scores); --percentile 0 "
            "lists them all"
        )
    return f"{ranked} components ranked by score = revisions × {words}"


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: HotspotParams
) -> Result[HotspotRow]:
    ranking = rank(con, options, params)
    rows = ranking.hot[: options.limit] if options.limit is not None else ranking.hot
    return Result.of("hotspots", HotspotRow, rows, (ranking.note,))


def nearest_rank(scores: list[float], percentile: float) -> float:
    """The nearest-rank percentile: the ceil(P/100 × N)-th smallest score (the smallest
    score for P = 0)."""
    if not scores:
        return math.inf
    ascending = sorted(scores)
    position = max(1, math.ceil(Fraction(str(percentile)) / 100 * len(ascending)))
    return ascending[position - 1]


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _whole(value: float) -> float:
    """Whole floats as ints (indentation sums and scores print without a trailing .0)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


ANALYSIS = Analysis(
    "hotspots",
    "Files (or components) that change often and are complex, ranked.",
    HotspotRow,
    HotspotParams,
    run,
)
