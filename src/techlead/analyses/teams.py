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

Source: Conway's law (1968); team-level communication after Tornhill, *Software Design
X-Rays* (2018), ch. 7; code-maat ``communication``.
"""

from __future__ import annotations

from fractions import Fraction

import duckdb

from techlead.analyses.base import Analysis, Options, Param, Result
from techlead.analyses.changes import prepare
from techlead.analyses.entity import entity_sql
from techlead.analyses.precision import centi

PARAMS = (Param("view", "work", "work, shared or coupling."),)


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    view = ANALYSIS.choice(options, "view", ("work", "shared", "coupling"))
    table = prepare(con, options)
    component = entity_sql(con, table, "component")
    work = (
        f"SELECT {component} AS component, team, count(*) AS changes, "
        f"sum(coalesce(added, 0))::BIGINT AS added FROM {table} GROUP BY 1, 2"
    )
    if view == "work":
        rows = con.execute(
            f"SELECT component, team, changes, sum(changes) OVER (PARTITION BY component) "
            f"AS total, added FROM ({work}) "
            "ORDER BY component, changes DESC, team LIMIT $limit",
            {"limit": options.limit},
        ).fetchall()
        return Result(
            "teams",
            ("component", "team", "changes", "share", "added"),
            [(c, t, n, centi(Fraction(n, int(total))), a) for c, t, n, total, a in rows],
        )
    if view == "shared":
        rows = con.execute(
            f"""
            SELECT component, count(*) AS teams,
                   list(team ORDER BY changes DESC, team)[1] AS main_team,
                   max(changes) AS main, sum(changes)::BIGINT AS total, list(team ORDER BY team)
            FROM ({work}) GROUP BY component HAVING count(*) > 1
            ORDER BY teams DESC, main / total, component LIMIT $limit
            """,
            {"limit": options.limit},
        ).fetchall()
        return Result(
            "teams",
            ("component", "n-teams", "main-team", "main-share", "teams"),
            [(c, n, m, centi(Fraction(main, total)), ts) for c, n, m, main, total, ts in rows],
        )
    rows = con.execute(
        f"""
        WITH w AS (SELECT DISTINCT component, team FROM ({work})),
        sizes AS (SELECT team, count(*) AS n FROM w GROUP BY team),
        pairs AS (
            SELECT a.team, b.team AS peer, count(*) AS shared
            FROM w a JOIN w b ON a.component = b.component AND a.team <> b.team
            GROUP BY ALL
        )
        SELECT p.team, p.peer, p.shared, ceil((sa.n + sb.n) / 2)::BIGINT AS average,
               trunc(p.shared / ceil((sa.n + sb.n) / 2) * 100)::INTEGER AS strength
        FROM pairs p JOIN sizes sa ON sa.team = p.team JOIN sizes sb ON sb.team = p.peer
        ORDER BY strength DESC, p.team, p.peer LIMIT $limit
        """,
        {"limit": options.limit},
    ).fetchall()
    return Result("teams", ("team", "peer", "shared", "average", "strength"), rows)


ANALYSIS = Analysis(
    "teams",
    "Work per team and component, shared components and team-to-team coupling.",
    ("component", "team", "changes", "share", "added"),
    run,
    PARAMS,
)
