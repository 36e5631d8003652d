"""culture: how people work together and learn, per period (docs/culture.md).

Views, each per calendar period (``--every`` quarter by default; month or year), over the
history the common options select (bots, generated files, repositories; renames followed):

* ``collaboration``: who works with whom. Two people are **tied** in a period when both
  committed to the same component (a repository's component, as ``changes`` gives it) in
  that period; a pair counts once however many components they share. Figures: people
  (authors in the period), components touched, shared components (touched by two people
  or more), ties, cross-team ties (both people on a team of ``[teams]``, different teams)
  and density (ties over the pairs the period's people could form; None under two people).
* ``learning``: firsts. A **first** is a person's first commit, in the whole history
  (``--since`` only chooses the periods shown), to a component, to a file of a programming
  language (the file name's language, ``tree_spans.language``, programming languages
  only), or to a manifest or lockfile of a dependency ecosystem (an ecosystem the path's
  versions on the main line declare, ``manifest_blob_dependencies``). A first in the
  period of the person's own first commit is a newcomer's; the others are learning.
  Figures: learners (people with a learning first), learning firsts, of them components
  and technologies (languages and ecosystems), and newcomers.

``culture_innovation`` gives the new dependencies; knowledge spreading (truck factor and
knowledge islands over the same periods) comes from the metric history, above analyses.
Reads: the prepared history (changes), persons, tree_spans, manifest_blob_dependencies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, NamedTuple

import duckdb

from techlead.analyses import changes, culture_innovation
from techlead.analyses.base import Analysis, Params, param
from techlead.core.model import Options, Result
from techlead.mining.languages import programming_languages

EVERY = ("month", "quarter", "year")
VIEWS = ("collaboration", "learning", "innovation")


@dataclass(frozen=True)
class CultureParams(Params):
    view: str = param("collaboration", "What to show per period.", choices=VIEWS)
    every: str = param("quarter", "The period: month, quarter or year.", choices=EVERY)


class CollaborationRow(NamedTuple):
    period: date
    people: int
    components: int
    shared_components: int
    ties: int
    cross_team_ties: int
    density: float | None


class Tie(NamedTuple):
    period: date
    person: str
    other: str
    team: str | None
    other_team: str | None
    components: list[str]


class LearningRow(NamedTuple):
    period: date
    learners: int
    firsts: int
    components: int
    technologies: int
    newcomers: int


class First(NamedTuple):
    period: date
    person: str
    kind: str  # component | language | ecosystem
    what: str
    repo: str  # where it happened (the component's repository; else the first one)
    newcomer: bool


_TOUCHED = """
CREATE OR REPLACE TEMP TABLE culture_touched AS
SELECT DISTINCT date_trunc($every, author_time)::DATE AS period, repo_id, repo, component,
       author_id, author
FROM {table}
"""

_PAIRS = """
SELECT a.period, a.author_id AS one, b.author_id AS other, any_value(a.author) AS one_name,
       any_value(b.author) AS other_name,
       list(DISTINCT CASE WHEN $qualified THEN a.repo || ':' || a.component
                          ELSE a.component END) AS components
FROM culture_touched a JOIN culture_touched b
  ON a.period = b.period AND a.repo_id = b.repo_id AND a.component = b.component
 AND a.author_id < b.author_id
GROUP BY a.period, a.author_id, b.author_id
"""

_COLLABORATION = f"""
WITH pairs AS ({_PAIRS}),
people AS (SELECT period, count(DISTINCT author_id) AS people,
                  count(DISTINCT (repo_id, component)) AS components
           FROM culture_touched GROUP BY period),
shared AS (SELECT period, count(*) AS shared FROM (
               SELECT period FROM culture_touched GROUP BY period, repo_id, component
               HAVING count(*) > 1) GROUP BY period),
ties AS (SELECT p.period, count(*) AS ties,
                count(*) FILTER (WHERE t1.team <> t2.team) AS crossing
         FROM pairs p LEFT JOIN persons t1 ON t1.person_id = p.one
         LEFT JOIN persons t2 ON t2.person_id = p.other GROUP BY p.period)
SELECT pe.period, pe.people, pe.components, coalesce(s.shared, 0), coalesce(t.ties, 0),
       coalesce(t.crossing, 0)
FROM people pe LEFT JOIN shared s USING (period) LEFT JOIN ties t USING (period)
ORDER BY pe.period
"""

_TIES = f"""
WITH pairs AS ({_PAIRS})
SELECT p.period, p.one_name, p.other_name, t1.team, t2.team, p.components
FROM pairs p LEFT JOIN persons t1 ON t1.person_id = p.one
LEFT JOIN persons t2 ON t2.person_id = p.other
ORDER BY p.period DESC, coalesce(t1.team <> t2.team, false) DESC, len(p.components) DESC,
         p.one_name, p.other_name
"""

_FIRSTS = """
WITH ch AS (SELECT author_id, author, repo_id, repo, path, component, author_time
            FROM {table}),
langs AS (SELECT DISTINCT repo_id, path, language FROM tree_spans
          WHERE list_contains($languages, language)),
ecos AS (SELECT DISTINCT repo_id, path, ecosystem FROM manifest_blob_dependencies),
touches AS (
    SELECT author_id, author_time, repo, 'component' AS kind, component AS what,
           repo AS scope FROM ch
    UNION ALL
    SELECT ch.author_id, ch.author_time, ch.repo, 'language', l.language, ''
    FROM ch JOIN langs l USING (repo_id, path)
    UNION ALL
    SELECT ch.author_id, ch.author_time, ch.repo, 'ecosystem', e.ecosystem, ''
    FROM ch JOIN ecos e USING (repo_id, path)
),
firsts AS (
    SELECT author_id, kind, what, min(author_time) AS at,
           first(repo ORDER BY author_time, repo) AS repo
    FROM touches GROUP BY author_id, kind, scope, what
),
started AS (SELECT author_id, min(author_time) AS at, any_value(author) AS author
            FROM ch GROUP BY author_id)
SELECT date_trunc($every, f.at)::DATE AS period, s.author, f.kind, f.what, f.repo,
       date_trunc($every, s.at) = date_trunc($every, f.at) AS newcomer
FROM firsts f JOIN started s USING (author_id)
WHERE CAST($since AS TIMESTAMPTZ) IS NULL OR f.at >= $since
ORDER BY period, newcomer, s.author, f.kind, f.what, f.repo
"""


def _touched(con: duckdb.DuckDBPyConnection, options: Options, every: str) -> bool:
    """Fill ``culture_touched``; returns whether the history spans several repositories."""
    table = changes.prepare(con, options)
    con.execute(_TOUCHED.format(table=table), {"every": every}).fetchall()
    (repos,) = con.execute("SELECT count(DISTINCT repo_id) FROM culture_touched").fetchall()[0]
    return bool(repos > 1)


def collaboration(
    con: duckdb.DuckDBPyConnection, options: Options, params: CultureParams
) -> Result[CollaborationRow]:
    qualified = _touched(con, options, params.every)
    rows = [
        CollaborationRow(period, people, comps, shared, ties, crossing, _density(ties, people))
        for period, people, comps, shared, ties, crossing in con.execute(
            _COLLABORATION, {"qualified": qualified}
        ).fetchall()
    ]
    return Result.of("culture-collaboration", CollaborationRow, rows)


def _density(ties: int, people: int) -> float | None:
    possible = people * (people - 1) // 2
    return round(ties / possible, 3) if possible else None


def ties(con: duckdb.DuckDBPyConnection, options: Options, params: CultureParams) -> Result[Tie]:
    """Every tie, the newest period first and, within one, cross-team ties first."""
    qualified = _touched(con, options, params.every)
    found = con.execute(_TIES, {"qualified": qualified}).fetchall()
    rows = [_ordered(Tie(*row)) for row in found]
    if options.limit:
        rows = rows[: options.limit]
    return Result.of("culture-ties", Tie, rows)


def _ordered(tie: Tie) -> Tie:
    """The two people of a tie in alphabetical order, and its components sorted."""
    if tie.other < tie.person:
        tie = tie._replace(person=tie.other, other=tie.person, team=tie.other_team,
                           other_team=tie.team)  # fmt: skip
    return tie._replace(components=sorted(tie.components))


def firsts(
    con: duckdb.DuckDBPyConnection, options: Options, params: CultureParams
) -> Result[First]:
    """Every first in the periods from ``--since`` on (the history before counts)."""
    table = changes.prepare(con, replace(options, since=None, limit=None))
    found = con.execute(
        _FIRSTS.format(table=table),
        {"every": params.every, "since": options.since,
         "languages": sorted(programming_languages())},
    ).fetchall()  # fmt: skip
    return Result.of("culture-firsts", First, [First(*row) for row in found])


def learning(
    con: duckdb.DuckDBPyConnection, options: Options, params: CultureParams
) -> Result[LearningRow]:
    rows = summarise_firsts(firsts(con, options, params).rows)
    return Result.of("culture-learning", LearningRow, rows)


def summarise_firsts(found: Sequence[First]) -> list[LearningRow]:
    """One row per period from its firsts."""
    by_period: dict[date, list[First]] = defaultdict(list)
    for first in found:
        by_period[first.period].append(first)
    rows = []
    for period in sorted(by_period):
        items = by_period[period]
        learning_ones = [f for f in items if not f.newcomer]
        rows.append(LearningRow(
            period,
            len({f.person for f in learning_ones}),
            len(learning_ones),
            sum(1 for f in learning_ones if f.kind == "component"),
            sum(1 for f in learning_ones if f.kind != "component"),
            len({f.person for f in items if f.newcomer}),
        ))  # fmt: skip
    return rows


def run(con: duckdb.DuckDBPyConnection, options: Options, params: CultureParams) -> Result[Any]:
    """The view the parameters ask for."""
    if params.view == "learning":
        return learning(con, options, params)
    if params.view == "innovation":
        return culture_innovation.innovation(con, options, params.every)
    return collaboration(con, options, params)


ANALYSIS = Analysis(
    "culture",
    "Collaboration, learning and innovation per period (ties, firsts, new dependencies).",
    CollaborationRow,
    CultureParams,
    run,
)
