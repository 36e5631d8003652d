"""Per-repository people and identities, recomputed in SQL from commit_authors.

A person is everyone whose email (after .mailmap) is the same, and, unless ``[mining]
merge_names = false``, whose full name is the same (``same_person``); ``identities`` keeps
every name/email pair they used. Bot and team membership come from glob patterns.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from techlead.core.config import TeamConfig
from techlead.core.globs import matches
from techlead.git.identities import check_mailmap, is_bot, person_id
from techlead.mining.batches import AUTHOR_SCHEMA
from techlead.mining.same_person import alias_id, alias_parts, assign_people
from techlead.warehouse.load import insert_arrow, table_from_rows

_IDENTITIES = """
INSERT INTO identities
SELECT ca.repo_id, ca.person_id, ca.raw_name, ca.raw_email,
       list(DISTINCT ca.role ORDER BY ca.role), count(DISTINCT ca.sha),
       min(c.author_time), max(c.author_time)
FROM commit_authors ca JOIN commits c USING (repo_id, sha)
WHERE ca.repo_id = $repo
GROUP BY ca.repo_id, ca.person_id, ca.raw_name, ca.raw_email
"""

_PEOPLE = """
INSERT INTO people
SELECT ca.repo_id, ca.person_id,
       arg_max(ca.name, c.author_time), arg_max(ca.email, c.author_time),
       FALSE, NULL,
       count(DISTINCT ca.sha) FILTER (WHERE ca.role = 'author'),
       count(DISTINCT ca.sha) FILTER (WHERE ca.role = 'co-author'),
       min(c.author_time) FILTER (WHERE ca.role <> 'committer'),
       max(c.author_time) FILTER (WHERE ca.role <> 'committer')
FROM commit_authors ca JOIN commits c USING (repo_id, sha)
WHERE ca.repo_id = $repo
GROUP BY ca.repo_id, ca.person_id
"""


def insert_co_authors(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    path: Path,
    trailers: Sequence[tuple[str, str, str]],
) -> None:
    """Record Co-authored-by trailers, mapped through .mailmap like authors are."""
    if not trailers:
        return
    mapped = check_mailmap(path, ((name, email) for _, name, email in trailers if email))
    rows: dict[tuple[str, int], tuple[str, int, str, str, str, str, str]] = {}
    for sha, name, email in trailers:
        canon_name, canon_email = mapped.get((name, email), (name, email))
        pid = person_id(canon_name, canon_email)
        rows[(sha, pid)] = (sha, pid, "co-author", canon_name, canon_email, name, email)
    table = table_from_rows(AUTHOR_SCHEMA, list(rows.values()))
    insert_arrow(con, "commit_authors", table, "$repo AS repo_id, *", {"repo": repo_id})


def _name_aliased(
    con: duckdb.DuckDBPyConnection, repo_id: int, aliases: Sequence[Sequence[str]]
) -> None:
    """A person an aliases group makes goes by its first entry's name and e-mail (those it
    gives: ``Name <e-mail>`` gives both) in every repository."""
    for group in aliases:
        name, email = alias_parts(group[0])
        con.execute(
            "UPDATE people SET name = coalesce($name, name), email = coalesce($email, email) "
            "WHERE repo_id = $repo AND person_id = $id",
            {"name": name, "email": email, "repo": repo_id, "id": alias_id(group[0])},
        )


def rebuild_people(
    con: duckdb.DuckDBPyConnection,
    repo_id: int,
    bot_patterns: Sequence[str],
    teams: Sequence[TeamConfig],
    merge_names: bool = True,
    aliases: Sequence[Sequence[str]] = (),
) -> None:
    """Recompute ``people`` and ``identities`` of one repository from ``commit_authors``
    (identities of one full name first merged into one person: ``same_person``)."""
    assign_people(con, repo_id, merge_names, aliases)
    con.execute("DELETE FROM identities WHERE repo_id = $repo", {"repo": repo_id})
    con.execute("DELETE FROM people WHERE repo_id = $repo", {"repo": repo_id})
    con.execute(_IDENTITIES, {"repo": repo_id})
    con.execute(_PEOPLE, {"repo": repo_id})
    _name_aliased(con, repo_id, aliases)
    grouped = con.execute(
        "SELECT person_id, list(name), list(email) FROM identities WHERE repo_id = ? "
        "GROUP BY person_id",
        [repo_id],
    ).fetchall()
    bots, team_of = [], []
    for pid, names, emails in grouped:
        pairs = list(zip(names, emails, strict=True))
        if any(is_bot(name, email, bot_patterns) for name, email in pairs):
            bots.append(pid)
        team = _team(pairs, teams)
        if team:
            team_of.append((pid, team))
    if bots:
        con.execute(
            "UPDATE people SET is_bot = TRUE WHERE repo_id = ? AND list_contains(?, person_id)",
            [repo_id, bots],
        )
    if team_of:
        con.execute(
            "UPDATE people SET team = t.team FROM (SELECT unnest($ids) AS pid, "
            "unnest($teams) AS team) t WHERE repo_id = $repo AND person_id = t.pid",
            {
                "ids": [pid for pid, _ in team_of],
                "teams": [team for _, team in team_of],
                "repo": repo_id,
            },
        )


def _team(pairs: Sequence[tuple[str, str]], teams: Sequence[TeamConfig]) -> str | None:
    for team in teams:
        patterns = tuple(m.lower() for m in team.members)
        for name, email in pairs:
            if matches(email.lower(), patterns) or matches(name.lower(), patterns):
                return team.name
    return None
