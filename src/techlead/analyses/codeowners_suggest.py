"""codeowners-suggest: a CODEOWNERS written from measured knowledge.

For every folder at ``--depth`` (the files at HEAD the filters select; files above that
depth form their folder's ``dir/*`` rule, the root's ``/*``): the people who added the
lines of its files (the filtered history, renames followed, bots left out). Its owners are
the active people (policy ``inactive_days``) who added at least ``--min-share`` of those
lines, most first, at most ``--owners`` of them; the first active person is an owner
whatever their share. With ``--org ORG`` and teams in techlead.toml, a team whose active
members added at least half of the lines owns the folder as ``@ORG/team``. A folder no
active person added lines to gets no rule, only a comment saying who knew it.
Each rule carries its evidence: lines of code, and the shares of the lines added.
Sorted by repository, then pattern (a deeper folder after its parent, so it wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.head import head_files
from techlead.analyses.moment import moment
from techlead.analyses.people import STANDING, standing
from techlead.core.errors import AnalysisError
from techlead.core.model import Options, Result


class SuggestRow(NamedTuple):
    repo: str
    pattern: str
    owners: list[str]
    files: int
    lines: int
    evidence: str


@dataclass(frozen=True)
class SuggestParams(Params):
    depth: int = param(1, "Folder depth of the rules (1: top-level folders).", low=1, high=6)
    owners: int = param(3, "At most this many owners per rule.", low=1, high=3)
    min_share: float = param(
        0.1, "Share of a folder's added lines an owner (after the first) needs.", low=0, high=1
    )
    org: str = param("", "Write teams of techlead.toml as @ORG/team (none: people only).")
    inactive_days: int | None = param(
        None, "Days without a commit after which a person has left.", policy="inactive_days"
    )
    now: datetime | None = param(None, "The date activity is measured to (default: the scan's).")


_HOLDERS = """
WITH unit AS (
    SELECT repo_id, repo, path, coalesce(code, 0) AS code,
           CASE WHEN len(string_split(path, '/')) - 1 >= $depth
                THEN array_to_string(string_split(path, '/')[1:$depth], '/') || '/'
                ELSE coalesce(nullif(regexp_extract(path, '^(.*/)[^/]*$', 1), ''), '') || '*'
           END AS folder
    FROM analysis_files
),
added AS (
    SELECT u.repo, u.folder, h.author_id, any_value(h.author) AS person,
           sum(coalesce(h.added, 0)) AS added
    FROM {table} h JOIN unit u USING (repo_id, path)
    GROUP BY u.repo, u.folder, h.author_id
)
SELECT u.repo, u.folder, count(*) AS files, sum(u.code) AS lines,
       (SELECT list({{'person': a.person, 'email': p.email, 'team': pp.team,
                      'added': a.added, 'active': coalesce(s.active, false)}}
                    ORDER BY a.added DESC, a.person)
        FROM added a
        JOIN persons p ON p.person_id = a.author_id
        LEFT JOIN (SELECT person_id, any_value(team) AS team FROM people GROUP BY person_id) pp
          ON pp.person_id = a.author_id
        LEFT JOIN {standing} s ON s.person_id = a.author_id
        WHERE a.repo = u.repo AND a.folder = u.folder) AS holders
FROM unit u GROUP BY u.repo, u.folder ORDER BY u.repo, u.folder
"""


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: SuggestParams
) -> Result[SuggestRow]:
    if options.until is not None:
        raise AnalysisError("a CODEOWNERS is suggested as of the last scan: --until does not apply")
    standing(con, params.now or moment(con), params.inactive_days)
    head_files(con, options, measured=False)
    table = prepare(con, options)
    found = con.execute(
        _HOLDERS.format(table=table, standing=STANDING), {"depth": params.depth}
    ).fetchall()
    rows = [_rule(repo, folder, files, int(lines or 0), holders or [], params)
            for repo, folder, files, lines, holders in found]  # fmt: skip
    return Result.of("codeowners-suggest", SuggestRow, rows[: options.limit])


def _rule(repo: str, folder: str, files: int, lines: int, holders: list[dict[str, object]],
          params: SuggestParams) -> SuggestRow:  # fmt: skip
    pattern = "/" + folder
    total = sum(int(str(h["added"])) for h in holders)
    active = [h for h in holders if h["active"]]
    owners = _owners(active, total, params)
    evidence = f"{_count(files, 'file')}, {_count(lines, 'line')} of code; lines added: " + (
        ", ".join(_said(h, total) for h in holders[:4]) if total else "none"
    )
    if not active:
        evidence += "; no one active added lines here"
    return SuggestRow(repo, pattern, owners, files, lines, evidence)


def _owners(active: list[dict[str, object]], total: int, params: SuggestParams) -> list[str]:
    if not active or not total:
        return []
    if params.org:
        teams: dict[str, int] = {}
        for h in active:
            if h["team"]:
                teams[str(h["team"])] = teams.get(str(h["team"]), 0) + int(str(h["added"]))
        best = max(sorted(teams), key=lambda t: teams[t], default=None)
        if best is not None and 2 * teams[best] >= total:
            return [f"@{params.org}/{best.lower().replace(' ', '-')}"]
    chosen = [active[0]] + [
        h for h in active[1:] if int(str(h["added"])) >= params.min_share * total
    ]
    return [str(h["email"]) for h in chosen[: params.owners]]


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _said(holder: dict[str, object], total: int) -> str:
    share = 100 * int(str(holder["added"])) / total
    return f"{holder['person']} {share:.0f}%" + ("" if holder["active"] else " (left)")


ANALYSIS = Analysis(
    "codeowners-suggest",
    "A CODEOWNERS written from measured knowledge, with the evidence of each rule.",
    SuggestRow,
    SuggestParams,
    run,
)
