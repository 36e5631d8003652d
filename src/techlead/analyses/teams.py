"""teams: how the work on each component is shared between teams.

Measures, with teams from ``[teams.NAME] members`` in techlead.toml (people outside every
team form "(no team)"), where team boundaries and code boundaries disagree:

* ``--view work`` (default): per component and team, the team's changes, their share of
  the component's changes, and lines added; sorted by component, then share descending.
* ``--view shared``: components changed by more than one team (coordination needs): the
  number of teams, the main team and its share, and every team involved.
* ``--view coupling``: team-to-team coupling, code-maat's communication measure applied
  to teams and components: for teams t and u, ``shared`` = components both changed,
  ``average`` = ceil((components(t) + components(u)) / 2),
  ``strength`` = trunc(shared / average × 100); every ordered pair, strongest first.

Components that no longer exist at HEAD (no file of theirs left) are left out unless
``--include-deleted``: a folder deleted years ago is no coordination need today.

Source: Conway's law (1968); team-level communication after Tornhill, *Software Design
X-Rays* (2018), ch. 7; code-maat ``communication``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.entity import label_sql, named, spans_repos
from techlead.analyses.head import tree_table
from techlead.analyses.precision import centi
from techlead.core.model import Entity, Options, Result

NO_TEAM = "(no team)"  # the team of people outside every [teams.NAME] (analyses.changes)


class TeamWork(NamedTuple):
    component: Entity
    team: str
    changes: int
    share: float
    added: int


class TeamsSharing(NamedTuple):
    component: Entity
    n_teams: int
    main_team: str
    main_share: float
    teams: list[str]


class TeamCoupling(NamedTuple):
    team: str
    peer: str
    shared: int
    average: int
    strength: int


@dataclass(frozen=True)
class TeamsParams(Params):
    view: str = param("work", "work, shared or coupling.", choices=("work", "shared", "coupling"))
    include_deleted: bool = param(False, "Count components no longer at HEAD too.")


def _work(
    con: duckdb.DuckDBPyConnection, options: Options, params: TeamsParams
) -> tuple[str, bool]:
    """SQL for the changes per (component, team), and whether it spans repositories."""
    table = prepare(con, options)
    several = spans_repos(con, table)
    at_head = (
        "" if params.include_deleted else
        f"WHERE EXISTS (SELECT 1 FROM {tree_table(con, options)} f "
        f"WHERE f.repo_id = {table}.repo_id "
        f"AND f.component = {table}.component)"
    )  # fmt: skip
    return (
        f"SELECT repo, component, {label_sql(several, 'component')} AS label, team, "
        f"count(*) AS changes, sum(coalesce(added, 0))::BIGINT AS added "
        f"FROM {table} {at_head} GROUP BY repo, component, team"
    ), several


def work(con: duckdb.DuckDBPyConnection, options: Options, params: TeamsParams) -> Result[TeamWork]:
    """Per component and team: changes, share of the component's changes, lines added."""
    changes, several = _work(con, options, params)
    rows = con.execute(
        f"SELECT repo, component, team, changes, "
        f"sum(changes) OVER (PARTITION BY repo, component) AS total, added FROM ({changes}) "
        "ORDER BY label, changes DESC, team LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result.of("teams", TeamWork, [
        TeamWork(named(r, c, several), t, n, centi(Fraction(n, int(total))), a)
        for r, c, t, n, total, a in rows])  # fmt: skip


def run(con: duckdb.DuckDBPyConnection, options: Options, params: TeamsParams) -> Result[Any]:
    if params.view == "work":
        return work(con, options, params)
    work_sql, several = _work(con, options, params)
    limit = {"limit": options.limit}
    if params.view == "shared":
        rows = con.execute(
            f"""
            SELECT repo, component, count(*) AS teams,
                   list(team ORDER BY changes DESC, team)[1] AS main_team,
                   max(changes) AS main, sum(changes)::BIGINT AS total, list(team ORDER BY team)
            FROM ({work_sql}) GROUP BY repo, component, label HAVING count(*) > 1
            ORDER BY teams DESC, main / total, label LIMIT $limit
            """,
            limit,
        ).fetchall()
        return Result.of("teams", TeamsSharing, [
            TeamsSharing(named(r, c, several), n, m, centi(Fraction(main, total)), ts)
            for r, c, n, m, main, total, ts in rows])  # fmt: skip
    rows = con.execute(
        f"""
        WITH w AS (SELECT DISTINCT repo, component, team FROM ({work_sql})),
        sizes AS (SELECT team, count(*) AS n FROM w GROUP BY team),
        pairs AS (
            SELECT a.team, b.team AS peer, count(*) AS shared
            FROM w a JOIN w b
              ON a.repo = b.repo AND a.component = b.component AND a.team <> b.team
            GROUP BY ALL
        )
        SELECT p.team, p.peer, p.shared, ceil((sa.n + sb.n) / 2)::BIGINT AS average,
               trunc(p.shared / ceil((sa.n + sb.n) / 2) * 100)::INTEGER AS strength
        FROM pairs p JOIN sizes sa ON sa.team = p.team JOIN sizes sb ON sb.team = p.peer
        ORDER BY strength DESC, p.team, p.peer LIMIT $limit
        """,
        limit,
    ).fetchall()
    return Result.of("teams", TeamCoupling, [TeamCoupling(*r) for r in rows])


ANALYSIS = Analysis(
    "teams",
    "Work per team and component, shared components and team-to-team coupling.",
    TeamWork,
    TeamsParams,
    run,
)
