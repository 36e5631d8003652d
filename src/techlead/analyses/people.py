"""people: who authored the work, and who is still active.

Measures, per person (identities merged by .mailmap and full name; bots left out unless
``--include-bots``) who authored commits in the filtered repositories and period: their
commits there, the repositories, their first and last commit there, and whether they
are active: a commit in any repository in the policy's ``inactive_days`` before
``--now`` (default ``--until``, else today). Everyone else has left.
Reads: commits, people, persons, repos.
Returns: person, email, team, commits, repos, first-commit, last-commit, active; sorted
by commits descending, then person.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.moment import moment
from techlead.core.errors import AnalysisError
from techlead.core.model import Options, Result
from techlead.warehouse.policy import policy_of


class PersonRow(NamedTuple):
    person: str
    email: str | None
    team: str | None
    commits: int
    repos: list[str]
    first_commit: datetime
    last_commit: datetime
    active: bool


@dataclass(frozen=True)
class PeopleParams(Params):
    name: str = param("", "Only this person (name or e-mail, any case).")
    now: datetime | None = param(
        None, "The date activity is measured to (default --until, else the last scan's)."
    )


def active_people(con: duckdb.DuckDBPyConnection, now: datetime) -> set[str]:
    """The names of the people (not bots) with a commit in any repository in the
    policy's inactive_days before ``now``: everyone else has left."""
    rows = con.execute(
        "SELECT name FROM persons WHERE NOT is_bot AND last_commit_at >= $since",
        {"since": left_before(con, now)},
    ).fetchall()
    return {name for (name,) in rows}


def left_before(con: duckdb.DuckDBPyConnection, now: datetime, days: int | None = None) -> datetime:
    """Whoever last committed before this moment has left (the policy's inactive_days)."""
    return now - timedelta(days=days if days is not None else policy_of(con).inactive_days)


_SQL = """
WITH wanted AS (  -- the person asked for (by name or any of their e-mails), or everyone
    SELECT person_id FROM persons
    WHERE $name = '' OR lower(name) = lower($name) OR lower(email) = lower($name)
    UNION
    SELECT person_id FROM people WHERE $name <> '' AND lower(email) = lower($name)
)
SELECT w.name, w.email, w.team, count(DISTINCT (c.repo_id, c.sha)) AS commits,
       list(DISTINCT r.name ORDER BY r.name), min(c.author_time), max(c.author_time),
       w.last_commit_at >= $cutoff AS active
FROM commits c JOIN wanted ON wanted.person_id = c.author_id
JOIN repos r USING (repo_id)
JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
JOIN persons w ON w.person_id = c.author_id
WHERE (len($repos) = 0 OR list_contains($repos, r.name)) AND ($bots OR NOT p.is_bot)
  AND ($since IS NULL OR c.author_time >= $since) AND ($until IS NULL OR c.author_time < $until)
GROUP BY w.person_id, w.name, w.email, w.team, w.last_commit_at
ORDER BY commits DESC, w.name
LIMIT $limit
"""


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: PeopleParams
) -> Result[PersonRow]:
    now = params.now or options.until or moment(con)
    cutoff = left_before(con, now)
    rows = con.execute(
        _SQL,
        {"repos": list(options.repos), "bots": options.include_bots, "since": options.since,
         "until": options.until, "name": params.name, "cutoff": cutoff,
         "limit": options.limit},
    ).fetchall()  # fmt: skip
    if params.name and not rows:
        known_person(con, params.name, "--name")
    return Result.of(
        "people", PersonRow, [PersonRow(*row) for row in rows],
        (f"active: a commit since {cutoff:%Y-%m-%d} (the policy's inactive_days)",),
    )  # fmt: skip


def known_person(con: duckdb.DuckDBPyConnection, who: str, option: str) -> None:
    """Refuse a person the warehouse does not hold (by name or e-mail), suggesting the
    nearest names."""
    found = con.execute(
        "SELECT count(*) FROM people WHERE lower(name) = lower($who) OR lower(email) = lower($who)",
        {"who": who},
    ).fetchall()[0][0]
    if found:
        return
    names = [str(n) for (n,) in con.execute(
        "SELECT DISTINCT name FROM persons WHERE NOT is_bot").fetchall()]  # fmt: skip
    close = difflib.get_close_matches(who, names, n=3, cutoff=0.5)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise AnalysisError(
        f"{option} {who!r}: nobody of that name or e-mail in the warehouse{hint}",
        tip="`techlead people` lists the people who authored commits",
    )


ANALYSIS = Analysis(
    "people", "Who authored the commits, and who is still active.", PersonRow, PeopleParams,
    run,
)  # fmt: skip
