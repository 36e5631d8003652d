"""Scorecards: every check on every repository, the level each reaches, a 0-10 score.

A repository reaches a level when every applicable check of that level and of every level
below passes (bronze < silver < gold). The score is 10 × the risk weight of the passing
checks / the weight of the applicable ones, one decimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import duckdb

from techlead.decisions.radar import Radar
from techlead.risk.osv import Database
from techlead.standards.check import Located
from techlead.standards.checks import LEVELS, Check, builtin_checks
from techlead.standards.config import StandardsConfig
from techlead.standards.context import RepoContext
from techlead.warehouse.policy import policy_of


@dataclass(frozen=True)
class Outcome:
    check: Check
    passed: bool | None
    evidence: str
    files: tuple[Located, ...] = ()  # the files the evidence names (not stored)


@dataclass(frozen=True)
class Card:
    repo: str
    team: str | None
    outcomes: tuple[Outcome, ...]
    levels: tuple[str, ...] = LEVELS

    @property
    def level(self) -> str | None:
        reached = None
        for level in self.levels:
            if any(o.passed is False for o in self.outcomes if o.check.level == level):
                break
            reached = level
        return reached

    @property
    def score(self) -> float:
        applicable = [o for o in self.outcomes if o.passed is not None]
        total = sum(o.check.weight for o in applicable)
        passed = sum(o.check.weight for o in applicable if o.passed)
        return round(10 * passed / total, 1) if total else 10.0


def checks_in_force(
    con: duckdb.DuckDBPyConnection, config: StandardsConfig | None = None
) -> tuple[Check, ...]:
    """The built-in checks (titles stating the stored policy) and the configured ones."""
    config = config or StandardsConfig()
    builtin = tuple(
        replace(c, level=config.review_level) if c.id == "review" and config.review_level else c
        for c in builtin_checks(policy_of(con))
    )
    return (*builtin, *config.checks)


def scorecards(
    con: duckdb.DuckDBPyConnection,
    now: datetime,
    repos: Sequence[str] = (),
    radar: Radar | None = None,
    osv: Database | None = None,
    config: StandardsConfig | None = None,
) -> list[Card]:
    config = config or StandardsConfig()
    policy = policy_of(con)
    checks = checks_in_force(con, config)
    shared: dict[str, object] = {}  # computed once for every repository's checks
    rows = con.execute(
        "SELECT repo_id, name, path, team, last_commit_at FROM repos "
        "WHERE len($repos) = 0 OR list_contains($repos, name) ORDER BY name",
        {"repos": list(repos)},
    ).fetchall()
    cards = []
    for repo_id, name, path, team, last in rows:
        ctx = RepoContext(
            con,
            repo_id,
            name,
            Path(path),
            now,
            last,
            radar,
            osv,
            config.allow,
            policy,
            shared,
            config.fail_unshipped,
        )
        outcomes = []
        for check in checks:
            exempt = config.exemption(name, check.id, now.date())
            if exempt is not None:
                until = f" until {exempt.expires.isoformat()}" if exempt.expires else ""
                outcomes.append(Outcome(check, None, f"exempt: {exempt.reason}{until}"))
            else:
                outcomes.append(Outcome(check, *check.run(ctx)))
        cards.append(Card(name, team, tuple(outcomes), config.levels))
    return cards


def rank(level: str | None, levels: tuple[str, ...] = LEVELS) -> int:
    return levels.index(level) + 1 if level in levels else 0


def by_team(cards: Sequence[Card]) -> list[tuple[str, Card, list[Card]]]:
    """Per team (by name): its repository reaching the lowest level (the level all its
    repositories reach) and all its repositories' cards."""
    teams: dict[str, list[Card]] = {}
    for card in cards:
        teams.setdefault(card.team or "(no team)", []).append(card)
    return [
        (team, min(members, key=lambda c: rank(c.level, c.levels)), members)
        for team, members in sorted(teams.items())
    ]


def team_levels(cards: Sequence[Card]) -> list[str]:
    """Per team, the level all its repositories reach (the lowest of theirs)."""
    return [
        f"team {team}: {lowest.level or 'no level'} "
        f"({len(members)} repositories; lowest: {lowest.repo})"
        for team, lowest, members in by_team(cards)
    ]


def store(con: duckdb.DuckDBPyConnection, cards: Sequence[Card], taken_at: datetime) -> None:
    """Keep these results as the newest snapshot (the caller holds a transaction)."""
    number = con.execute("SELECT coalesce(max(snapshot), 0) + 1 FROM standards_snapshots")
    snapshot = number.fetchall()[0][0]
    rows = [
        [snapshot, taken_at, card.repo, o.check.id, o.passed, o.evidence]
        for card in cards
        for o in card.outcomes
    ]
    if rows:
        con.executemany("INSERT INTO standards_snapshots VALUES (?, ?, ?, ?, ?, ?)", rows)


DIFF_COLUMNS = ("change", "repo", "check", "evidence")


def diff(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple[object, ...]], list[str]]:
    """Checks newly passing and newly failing between the last two stored results, and
    the most improved repository."""
    numbers = [
        n
        for (n,) in con.execute(
            "SELECT DISTINCT snapshot FROM standards_snapshots ORDER BY snapshot DESC LIMIT 2"
        ).fetchall()
    ]
    if len(numbers) < 2:
        return [], ["fewer than two scans have stored standards results: nothing to compare"]
    rows = con.execute(
        """
        SELECT CASE WHEN new.passed THEN 'newly passing' ELSE 'newly failing' END,
               new.repo, new.check_id, new.evidence
        FROM standards_snapshots new JOIN standards_snapshots old
          ON old.repo = new.repo AND old.check_id = new.check_id AND old.snapshot = $previous
        WHERE new.snapshot = $latest AND new.passed IS NOT NULL
          AND new.passed IS DISTINCT FROM old.passed AND (old.passed IS NOT NULL)
        ORDER BY 1 DESC, 2, 3
        """,
        {"latest": numbers[0], "previous": numbers[1]},
    ).fetchall()
    gains: dict[str, int] = {}
    for change, repo, *_ in rows:
        gains[str(repo)] = gains.get(str(repo), 0) + (1 if change == "newly passing" else -1)
    notes = []
    if gains and max(gains.values()) > 0:
        best = max(sorted(gains), key=lambda r: gains[r])
        notes.append(f"most improved: {best} (+{gains[best]} checks)")
    return rows, notes


def latest_cards(
    con: duckdb.DuckDBPyConnection,
    config: StandardsConfig | None = None,
    repos: tuple[str, ...] = (),
) -> tuple[list[Card], datetime | None]:
    """The results the last scan stored, as cards (checks it no longer knows are left
    out), and when they were stored; of the ``repos`` only when named (a metric of one
    repository among 1,000 need not read the 999 others')."""
    config = config or StandardsConfig()
    known = {check.id: check for check in checks_in_force(con, config)}
    rows = con.execute(
        "SELECT s.taken_at, s.repo, r.team, s.check_id, s.passed, s.evidence "
        "FROM standards_snapshots s LEFT JOIN repos r ON r.name = s.repo "
        "WHERE s.snapshot = (SELECT max(snapshot) FROM standards_snapshots) "
        "AND (len($repos) = 0 OR list_contains($repos, s.repo)) "
        "ORDER BY s.repo",
        {"repos": list(repos)},
    ).fetchall()
    order = {check_id: i for i, check_id in enumerate(known)}
    grouped: dict[tuple[str, str | None], list[Outcome]] = {}
    when = None
    for taken_at, repo, team, check_id, passed, evidence in rows:
        when = taken_at
        if check_id in known:
            grouped.setdefault((repo, team), []).append(Outcome(known[check_id], passed, evidence))
    cards = [
        Card(repo, team, tuple(sorted(outcomes, key=lambda o: order[o.check.id])), config.levels)
        for (repo, team), outcomes in grouped.items()
    ]
    return cards, when
