"""skills: who knows which technology, team coverage, and the gaps.

Technologies and their files: techlead.analyses.technology_files (programming languages,
catalogue technologies recognised from files, and from dependencies through the folders
of their manifests). A person's knowledge of a technology is their knowledge score over
its files (techlead.analyses.expertise: lines added, recency-weighted with a half-life of
365 days; the filtered history, renames followed, bots left out).

Views (``--view``):

* ``people``: one row per person and technology they changed: commits, last change,
  share of the technology's score, whether they are one of its **experts** (the people
  who, from the highest share down, hold the first half of its score: those ranked above
  them hold less than half) and whether they are active. Sorted by technology, then share.
* ``teams``: per team (techlead.toml; people in none: "(no team)") and technology: the
  active people who changed it and the active experts among them.
* ``gaps``: technologies in production use (a production file, file-roles.md, and for a
  dependency technology a declaration that is not a development dependency) with one
  active expert or none, with their active and departed experts. Fewest active experts
  first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import duckdb

from techlead.analyses import technology_files
from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.expertise import HALF_LIFE_DAYS, SCORE
from techlead.analyses.head import head_files
from techlead.analyses.moment import moment
from techlead.analyses.people import STANDING, standing
from techlead.core.model import Options, Result


class SkillRow(NamedTuple):
    person: str
    team: str
    technology: str
    kind: str  # language | file | dependency
    commits: int
    last_change: datetime
    share: float  # % of the technology's knowledge score
    expert: bool
    active: bool


class TeamSkillRow(NamedTuple):
    team: str
    technology: str
    people: int  # active people who changed it
    experts: int  # active experts among them
    names: list[str]  # the active experts


class GapRow(NamedTuple):
    technology: str
    kind: str
    files: int
    production_files: int
    active_experts: list[str]
    departed_experts: list[str]


@dataclass(frozen=True)
class SkillsParams(Params):
    view: str = param("people", "people, teams or gaps.", choices=("people", "teams", "gaps"))
    now: datetime | None = param(None, "The date activity is measured to (default: the scan's).")


_SKILLS = """
CREATE OR REPLACE TEMP TABLE skills AS
WITH scored AS (
    SELECT t.technology, any_value(t.kind) AS kind, h.author_id,
           any_value(h.author) AS person, any_value(h.team) AS team,
           count(DISTINCT h.sha) AS commits, max(h.author_time) AS last_change,
           sum({score}) AS score
    FROM {table} h JOIN {tech} t ON t.repo_id = h.repo_id AND t.path = h.path
    GROUP BY t.technology, h.author_id
)
SELECT *, coalesce(sum(share) OVER (PARTITION BY technology ORDER BY share DESC, person
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
              < 0.5 AS expert
FROM (
    SELECT s.*, s.score / sum(s.score) OVER (PARTITION BY s.technology) AS share,
           coalesce(st.active, false) AS active
    FROM scored s LEFT JOIN {standing} st ON st.person_id = s.author_id
)
"""


def _build(con: duckdb.DuckDBPyConnection, options: Options, params: SkillsParams) -> None:
    now = params.now or moment(con)
    standing(con, now)
    head_files(con, options, measured=False)
    tech = technology_files.build(con)
    table = prepare(con, options)
    con.execute(_SKILLS.format(table=table, tech=tech, standing=STANDING, score=SCORE),
                {"now": now, "h": HALF_LIFE_DAYS}).fetchall()  # fmt: skip


def _people(con: duckdb.DuckDBPyConnection, options: Options) -> Result[SkillRow]:
    rows = con.execute(
        "SELECT person, team, technology, kind, commits::INTEGER, last_change, "
        "round(100 * share, 1), expert, active FROM skills "
        "ORDER BY technology, share DESC, person LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result.of("skills", SkillRow, [SkillRow(*r) for r in rows])


def _teams(con: duckdb.DuckDBPyConnection, options: Options) -> Result[TeamSkillRow]:
    rows = con.execute(
        "SELECT team, technology, count(*) FILTER (WHERE active)::INTEGER, "
        "count(*) FILTER (WHERE active AND expert)::INTEGER, "
        "coalesce(list(person ORDER BY share DESC) FILTER (WHERE active AND expert), []) "
        "FROM skills GROUP BY team, technology "
        "HAVING count(*) FILTER (WHERE active) > 0 ORDER BY team, technology LIMIT $limit",
        {"limit": options.limit},
    ).fetchall()
    return Result.of("skills", TeamSkillRow, [TeamSkillRow(*r) for r in rows])


def _gaps(con: duckdb.DuckDBPyConnection, options: Options) -> Result[GapRow]:
    rows = con.execute(
        f"""
        WITH used AS (
            SELECT t.technology, any_value(t.kind) AS kind, count(*)::INTEGER AS files,
                   (count(*) FILTER (WHERE f.role = 'production' AND NOT t.dev))::INTEGER
                       AS production
            FROM {technology_files.TABLE} t JOIN analysis_files f USING (repo_id, path)
            GROUP BY t.technology
        ),
        experts AS (
            SELECT technology,
                   coalesce(list(person ORDER BY share DESC) FILTER (WHERE active), [])
                       AS active,
                   coalesce(list(person ORDER BY share DESC) FILTER (WHERE NOT active), [])
                       AS departed
            FROM skills WHERE expert GROUP BY technology
        )
        SELECT u.technology, u.kind, u.files, u.production,
               coalesce(e.active, []), coalesce(e.departed, [])
        FROM used u LEFT JOIN experts e USING (technology)
        WHERE u.production > 0 AND len(coalesce(e.active, [])) <= 1
        ORDER BY len(coalesce(e.active, [])), u.production DESC, u.technology LIMIT $limit
        """,
        {"limit": options.limit},
    ).fetchall()
    return Result.of("skills", GapRow, [GapRow(*r) for r in rows])


def run(con: duckdb.DuckDBPyConnection, options: Options, params: SkillsParams) -> Result[Any]:
    _build(con, options, params)
    if params.view == "teams":
        return _teams(con, options)
    if params.view == "gaps":
        return _gaps(con, options)
    return _people(con, options)


ANALYSIS = Analysis(
    "skills",
    "Who knows which technology (languages, frameworks, datastores, tools), team coverage "
    "and the gaps: technologies in production use with one active expert or none.",
    SkillRow,
    SkillsParams,
    run,
)
