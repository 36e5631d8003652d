"""profile: evidence about one person's work, for a career conversation.

Material for a conversation, not a rating: it describes where and how someone works, never
how well, and no figure here ranks people. Over the filtered history (renames followed,
bots left out), for PERSON (a name or e-mail of any of their identities):

* **components** and **technologies**: the five where PERSON holds the most knowledge
  (the knowledge score of techlead.analyses.expertise), with PERSON's share of each;
* **breadth**: how evenly PERSON's own knowledge spreads over components (and over
  technologies): the Shannon entropy of its distribution divided by its maximum, log2 of
  the number of them: 0 all in one place (a specialist), 1 evenly everywhere (a
  generalist);
* **reach**: collaborators, the other people who changed a file PERSON changed within
  ``COLLABORATION_DAYS`` (90) of PERSON's change, and the teams they belong to;
* **hands-on / strategic**: PERSON's commits changing code (production or test files)
  against those changing documentation (docs files) or decision records (ADRs);
* **internal / external**: the share of PERSON's commits in repositories of their own
  team (techlead.toml); nothing when they have no team.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import duckdb

from techlead.analyses import technology_files
from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.expertise import HALF_LIFE_DAYS, SCORE
from techlead.analyses.head import head_files
from techlead.analyses.moment import moment
from techlead.core.errors import AnalysisError
from techlead.core.model import Options, Result

COLLABORATION_DAYS = 90
TOP = 5


class ProfileRow(NamedTuple):
    aspect: str
    item: str
    value: float | None
    evidence: str


@dataclass(frozen=True)
class ProfileParams(Params):
    person: str = param("", "The person (name or e-mail of any of their identities).")
    now: datetime | None = param(None, "The date knowledge is measured to (default: the scan's).")


def _ids(con: duckdb.DuckDBPyConnection, who: str) -> list[int]:
    found = con.execute(
        "SELECT DISTINCT person_id FROM identities "
        "WHERE lower(email) = lower($who) OR lower(name) = lower($who) ORDER BY 1",
        {"who": who},
    ).fetchall()
    if not found:
        raise AnalysisError(f"no person named {who!r} (a name or e-mail, as `techlead people` "
                            "lists them)")  # fmt: skip
    return [int(p) for (p,) in found]


_SHARES = """
WITH scored AS (
    SELECT {unit} AS unit, h.author_id, count(DISTINCT h.sha) AS commits,
           max(h.author_time) AS last, sum({score}) AS score
    FROM {source} GROUP BY ALL
)
SELECT unit, sum(score) FILTER (WHERE list_contains($ids, author_id)) AS mine,
       sum(score) AS everyone, sum(commits) FILTER (WHERE list_contains($ids, author_id)),
       max(last) FILTER (WHERE list_contains($ids, author_id))
FROM scored GROUP BY unit HAVING mine > 0 ORDER BY mine DESC, unit
"""


def _aspect(con: duckdb.DuckDBPyConnection, name: str, unit: str, source: str,
            ids: list[int], values: dict[str, object]) -> list[ProfileRow]:  # fmt: skip
    rows = con.execute(_SHARES.format(unit=unit, source=source, score=SCORE),
                       {**values, "ids": ids}).fetchall()  # fmt: skip
    found = [ProfileRow(name, str(u), round(100 * mine / everyone, 1),
                        f"{commits} commit{'' if commits == 1 else 's'}, last {last:%Y-%m-%d}; "
                        f"{100 * mine / sum(r[1] for r in rows):.0f}% of their own knowledge")
             for u, mine, everyone, commits, last in rows[:TOP]]  # fmt: skip
    mine = [r[1] for r in rows]
    found.append(ProfileRow("breadth", name, _evenness(mine),
                            f"their knowledge spreads over {len(mine)} {name}"))  # fmt: skip
    return found


def _evenness(weights: list[float]) -> float | None:
    total = sum(weights)
    if len(weights) < 2 or not total:
        return 0.0 if weights else None
    entropy = -sum(w / total * math.log2(w / total) for w in weights if w > 0)
    return round(entropy / math.log2(len(weights)), 2)


_REACH = f"""
WITH mine AS (SELECT repo_id, path, author_time FROM {{table}}
              WHERE list_contains($ids, author_id)),
together AS (
    SELECT DISTINCT h.author_id, any_value(h.team) AS team FROM {{table}} h
    JOIN mine m ON m.repo_id = h.repo_id AND m.path = h.path
     AND abs(date_diff('day', m.author_time, h.author_time)) <= {COLLABORATION_DAYS}
    WHERE NOT list_contains($ids, h.author_id) GROUP BY h.author_id
)
SELECT count(*), list(DISTINCT team ORDER BY team) FILTER (WHERE team <> '(no team)')
FROM together
"""

_WORK = """
SELECT count(DISTINCT sha) FILTER (WHERE role IN ('production', 'test')),
       count(DISTINCT sha) FILTER (WHERE role = 'docs'),
       count(DISTINCT sha) FILTER (WHERE (repo_id, path) IN
                                   (SELECT (repo_id, path) FROM decisions)),
       count(DISTINCT sha),
       count(DISTINCT sha) FILTER (WHERE repo_id IN (SELECT repo_id FROM repos
                                                     WHERE team = $team))
FROM {table} h WHERE list_contains($ids, author_id)
"""


def run(con: duckdb.DuckDBPyConnection, options: Options,
        params: ProfileParams) -> Result[ProfileRow]:  # fmt: skip
    if not params.person:
        raise AnalysisError("profile needs a PERSON (a name or e-mail)")
    ids = _ids(con, params.person)
    values: dict[str, object] = {"now": params.now or moment(con), "h": HALF_LIFE_DAYS}
    head_files(con, options, measured=False)
    table = prepare(con, options)
    tech = technology_files.build(con)
    rows = _aspect(con, "components", "h.repo || ':' || h.component", f"{table} h", ids, values)
    rows += _aspect(con, "technologies", "t.technology",
                    f"{table} h JOIN {tech} t ON t.repo_id = h.repo_id AND t.path = h.path",
                    ids, values)  # fmt: skip
    people, teams = con.execute(_REACH.format(table=table), {"ids": ids}).fetchall()[0]
    rows.append(ProfileRow("reach", "collaborators", float(people),
                           f"people who changed a file they changed within "
                           f"{COLLABORATION_DAYS} days of them; teams: "
                           f"{', '.join(teams or []) or 'none'}"))  # fmt: skip
    rows += _work(con, table, ids)
    return Result.of("profile", ProfileRow, rows, (
        "conversation material: where and how someone works, not how well; never rank "
        "people by it",))  # fmt: skip


def _work(con: duckdb.DuckDBPyConnection, table: str, ids: list[int]) -> list[ProfileRow]:
    team = con.execute(
        "SELECT arg_max(team, last_commit_at) FROM people WHERE list_contains($ids, person_id) "
        "AND team IS NOT NULL", {"ids": ids}).fetchall()[0][0]  # fmt: skip
    code, docs, adrs, total, own = con.execute(
        _WORK.format(table=table), {"ids": ids, "team": team}).fetchall()[0]  # fmt: skip
    rows = [ProfileRow("hands-on", "code commits", round(100 * code / total, 1) if total else None,
                       f"{code} of {total} commits changed code; {docs} changed documentation, "
                       f"{adrs} decision records")]  # fmt: skip
    if team:
        share = round(100 * own / total, 1) if total else None
        said = f"{own} of {total} commits in repositories of their team"
        rows.append(ProfileRow("internal", f"team {team}", share, said))
    return rows


ANALYSIS = Analysis(
    "profile",
    "Evidence about one person's work for a career conversation (never a ranking): "
    "components, technologies, breadth, reach, hands-on work, work beyond their team.",
    ProfileRow,
    ProfileParams,
    run,
    argument="person",
)
