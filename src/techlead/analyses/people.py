"""people: who authored the work, and who is still active.

Measures, per person (identities merged by .mailmap and full name; bots left out unless
``--include-bots``) who authored commits in the filtered repositories and period: their
commits there, the repositories, their first and last commit there, and whether they
are active. A person is active when their last commit (authored or co-authored, in any
repository, up to ``--now``) is at most the policy's ``inactive_days`` older than the
newest commit of the repositories they worked in (the newest commit by a person, not a
bot, up to ``--now``; ``--now`` defaults to ``--until``, else the last scan's moment).
Everyone else has left. Measuring to each repository's own newest commit, not to the
wall clock, keeps a dormant repository or a clone not fetched for months from making its
whole team "left"; the repositories analysis says which ones are dormant.
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

from techlead.analyses import as_of
from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.moment import moment
from techlead.core.dates import span
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


STANDING = "person_standing"

_STANDING = f"""
CREATE OR REPLACE TEMP TABLE {STANDING} AS
WITH own AS (  -- commits authored or co-authored, as the people table counts them
    SELECT a.repo_id, a.person_id, max(c.author_time) AS last_commit
    FROM commit_authors a JOIN commits c USING (repo_id, sha)
    WHERE a.role IN ('author', 'co-author') AND c.author_time <= $now
    GROUP BY ALL
),
newest AS (  -- each repository's newest commit by a person (not a bot), up to now
    SELECT o.repo_id, max(o.last_commit) AS newest
    FROM own o JOIN people p USING (repo_id, person_id) WHERE NOT p.is_bot
    GROUP BY o.repo_id
)
SELECT o.person_id, max(o.last_commit) AS last_commit, max(n.newest) AS reference,
       max(o.last_commit) >= max(n.newest) - to_days($days) AS active
FROM own o JOIN newest n USING (repo_id)
GROUP BY o.person_id
"""


def standing(con: duckdb.DuckDBPyConnection, now: datetime, days: int | None = None) -> str:
    """Build the temporary table STANDING: per person (person_id) their last commit up to
    ``now``, the reference it is measured against (the newest commit of the repositories
    they worked in, up to ``now``) and whether they are ``active`` (the policy's
    inactive_days, or ``days``). Returns the rule in words, for notes."""
    days = days if days is not None else policy_of(con).inactive_days
    con.execute(_STANDING, {"now": now, "days": days}).fetchall()
    return left_rule(days)


def left_rule(days: int) -> str:
    """Who has left, in words (one wording for every output)."""
    return (
        f"no commit in the {span(days).removeprefix('a ')} before the newest commit of the "
        "repositories they worked in"
    )


def active_people(con: duckdb.DuckDBPyConnection, now: datetime) -> set[str]:
    """The names of the people (not bots) who are active as of ``now``: everyone else
    has left."""
    standing(con, now)
    rows = con.execute(
        f"SELECT w.name FROM {STANDING} s JOIN persons w USING (person_id) "
        "WHERE s.active AND NOT w.is_bot"
    ).fetchall()
    return {name for (name,) in rows}


def recent_since(con: duckdb.DuckDBPyConnection, now: datetime) -> datetime:
    """The start of the window that makes someone active in the least recently changed
    repository (for lists of recent contributors, filtered to the active afterwards)."""
    found = con.execute(f"SELECT min(reference) FROM {STANDING}").fetchall()[0][0]
    reference = found if isinstance(found, datetime) else now
    return reference - timedelta(days=policy_of(con).inactive_days)


# The commits of the people listed (c, with r, p, w): in scope, as of --until, of the
# period, bots left out unless asked; people and the active count read the same.
_IN_SCOPE = """
JOIN repos r USING (repo_id)
JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
JOIN persons w ON w.person_id = c.author_id
WHERE (len($repos) = 0 OR list_contains($repos, r.name)) AND ($bots OR NOT p.is_bot)
  AND ($since IS NULL OR c.author_time >= $since)
  AND ($until IS NULL OR (c.repo_id, c.sha) IN (SELECT (repo_id, sha) FROM as_of_commits))
"""

_SQL = f"""
WITH wanted AS (  -- the person asked for (by name or any of their e-mails), or everyone
    SELECT person_id FROM persons
    WHERE $name = '' OR lower(name) = lower($name) OR lower(email) = lower($name)
    UNION
    SELECT person_id FROM people WHERE $name <> '' AND lower(email) = lower($name)
)
SELECT w.name, w.email, w.team, count(DISTINCT (c.repo_id, c.sha)) AS commits,
       list(DISTINCT r.name ORDER BY r.name), min(c.author_time), max(c.author_time),
       coalesce(any_value(s.active), FALSE) AS active
FROM commits c JOIN wanted ON wanted.person_id = c.author_id
LEFT JOIN person_standing s ON s.person_id = c.author_id
{_IN_SCOPE}GROUP BY w.person_id, w.name, w.email, w.team
ORDER BY commits DESC, w.name
LIMIT $limit
"""


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: PeopleParams
) -> Result[PersonRow]:
    rule = standing(con, params.now or options.until or moment(con))
    as_of.build_commits(con, options.until)
    rows = con.execute(
        _SQL,
        {"repos": list(options.repos), "bots": options.include_bots, "since": options.since,
         "until": options.until, "name": params.name, "limit": options.limit},
    ).fetchall()  # fmt: skip
    if params.name and not rows:
        known_person(con, params.name, "--name")
    return Result.of(
        "people", PersonRow, [PersonRow(*row) for row in rows],
        (f"left: {rule} (the policy's inactive_days)",),
    )  # fmt: skip


_ACTIVE = f"""
SELECT count(DISTINCT w.person_id)
FROM commits c JOIN {STANDING} s ON s.person_id = c.author_id AND s.active
{_IN_SCOPE}"""


def active_count(con: duckdb.DuckDBPyConnection, options: Options, now: datetime) -> int:
    """How many of the people :func:`run` lists are active as of ``now``, without listing
    them (the ``active-people`` metric of every date of a history)."""
    standing(con, now)
    as_of.build_commits(con, options.until)
    params = {"repos": list(options.repos), "since": options.since, "until": options.until,
              "bots": options.include_bots}  # fmt: skip
    return int(con.execute(_ACTIVE, params).fetchall()[0][0])


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
