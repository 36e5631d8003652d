"""The risk register: computed risks merged with hand-kept ones, ranked, stored, compared.

``computed`` gathers the risks of every source (risk.sources, plus vulnerabilities when
OSV data is given); ``hand_kept.build`` merges ``risks.toml`` into them when the register
is read, and ranks by score, then likelihood, then id. ``store`` keeps the computed
register per scan in ``risk_snapshots``; ``diff`` compares the last two, and
``last_changes`` says per risk what the last scan changed (a column of the register).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import datetime
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.moment import moment as moment_of
from techlead.core.model import Entity, Options
from techlead.core.roles import Role
from techlead.decisions.radar import Radar
from techlead.risk import sources
from techlead.risk.model import Risk, ranked
from techlead.risk.review_source import review_risks


class RiskRow(NamedTuple):
    """A risk as ``techlead risk`` lists it."""

    id: str
    category: str
    title: str
    repo: str | None
    component: str | None
    likelihood: int
    impact: int
    score: int
    status: str
    owner: str | None
    review: str | None  # the next review date risks.toml gives
    change: str | None  # what the last scan changed: new | worse | better | same
    mitigation: str
    evidence: str
    rule: str


class RiskChange(NamedTuple):
    change: str  # new | worsened | improved | resolved
    id: str
    title: str
    score: int | None
    previous_score: int | None


def computed(
    con: duckdb.DuckDBPyConnection,
    options: Options,
    now: datetime | None = None,
    extra: Sequence[Risk] = (),
    radar: Radar | None = None,
) -> list[Risk]:
    moment = moment_of(con, now)
    found: list[Risk] = [*extra]
    if radar is not None:
        found += sources.hold_risks(con, options, radar)
    # Judgments of code weigh the production code: a test suite written by people who
    # have left, or a test file changed in every commit, is context, not a risk of its own.
    code = options if options.roles else replace(options, roles=(Role.PRODUCTION,))
    found += sources.truck_factor_risks(con, code, moment)
    found += sources.knowledge_loss_risks(con, code, moment)
    found += sources.hotspot_risks(con, code)
    found += sources.stale_risks(con, code, moment)
    found += sources.lockfile_risks(con, options)
    found += review_risks(con, options, moment)
    return found


def row(risk: Risk, changes: dict[str, str]) -> RiskRow:
    return RiskRow(risk.id, risk.category, risk.title, risk.repo, risk.component,
                   risk.likelihood, risk.impact, risk.score, risk.status, risk.owner,
                   risk.review, changes.get(risk.id), risk.mitigation, risk.evidence,
                   risk.rule)  # fmt: skip


def last_changes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Per risk id of the newest stored register, what that scan changed against the one
    before: new, worse (score up), better (score down) or same. Empty before two scans
    stored a register; risks a scan does not store (vulnerabilities, radar holds, risks
    kept only by hand) have no entry."""
    numbers = _last_two(con)
    if len(numbers) < 2:
        return {}
    rows = con.execute(
        """
        SELECT new.id, CASE WHEN old.id IS NULL THEN 'new' WHEN new.score > old.score
                            THEN 'worse' WHEN new.score < old.score THEN 'better'
                            ELSE 'same' END
        FROM risk_snapshots new
        LEFT JOIN risk_snapshots old ON old.snapshot = $previous AND old.id = new.id
        WHERE new.snapshot = $latest AND new.id <> $empty
        """,
        {"latest": numbers[0], "previous": numbers[1], "empty": EMPTY},
    ).fetchall()
    return {str(risk_id): str(change) for risk_id, change in rows}


def _last_two(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [
        int(n)
        for (n,) in con.execute(
            "SELECT DISTINCT snapshot FROM risk_snapshots ORDER BY snapshot DESC LIMIT 2"
        ).fetchall()
    ]


def store(con: duckdb.DuckDBPyConnection, risks: Sequence[Risk], scan_time: datetime) -> None:
    """Keep this register as the newest snapshot (one per scan)."""
    number = con.execute("SELECT coalesce(max(snapshot), 0) + 1 FROM risk_snapshots").fetchall()
    rows = [[number[0][0], scan_time, r.id, r.score, r.title, json.dumps(_plain(r))] for r in risks]
    # An empty register is stored too (as one marker row), so that --diff sees risks resolved.
    con.executemany(
        "INSERT INTO risk_snapshots VALUES (?, ?, ?, ?, ?, ?)",
        rows or [[number[0][0], scan_time, EMPTY, 0, "no risks", "{}"]],
    )


def _plain(risk: Risk) -> dict[str, Any]:
    return {f.name: getattr(risk, f.name) for f in fields(risk)} | {
        "files": [[f.repo, f.path] for f in risk.files],
        "people": list(risk.people),
    }


EMPTY = "(none)"  # the id of the marker row of an empty register


def diff(con: duckdb.DuckDBPyConnection) -> tuple[list[RiskChange], str]:
    """New, resolved and worsened (score up) risks between the last two stored registers."""
    numbers = _last_two(con)
    if len(numbers) < 2:
        return [], "fewer than two scans have stored a risk register: nothing to compare"
    rows = con.execute(
        """
        WITH new AS (SELECT * FROM risk_snapshots WHERE snapshot = $latest AND id <> $empty),
             old AS (SELECT * FROM risk_snapshots WHERE snapshot = $previous AND id <> $empty)
        SELECT CASE WHEN old.id IS NULL THEN 'new' WHEN new.id IS NULL THEN 'resolved'
                    WHEN new.score > old.score THEN 'worsened' ELSE 'improved' END AS change,
               coalesce(new.id, old.id), coalesce(new.title, old.title), new.score, old.score
        FROM new FULL JOIN old ON new.id = old.id
        WHERE old.id IS NULL OR new.id IS NULL OR new.score <> old.score
        ORDER BY CASE change WHEN 'new' THEN 0 WHEN 'worsened' THEN 1 WHEN 'improved' THEN 2
                 ELSE 3 END, coalesce(new.score, old.score) DESC, 2
        """,
        {"latest": numbers[0], "previous": numbers[1], "empty": EMPTY},
    ).fetchall()
    when = con.execute(
        "SELECT min(taken_at) FILTER (snapshot = $p), min(taken_at) FILTER (snapshot = $l) "
        "FROM risk_snapshots",
        {"p": numbers[1], "l": numbers[0]},
    ).fetchall()[0]
    return [RiskChange(*r) for r in rows], (
        f"changes between the registers stored at {when[0]:%Y-%m-%d %H:%M} and "
        f"{when[1]:%Y-%m-%d %H:%M} UTC"
    )


def latest(con: duckdb.DuckDBPyConnection) -> tuple[list[Risk], datetime | None]:
    """The register the last scan stored (ranked as it was), and when it was stored."""
    rows = con.execute(
        "SELECT taken_at, id, risk FROM risk_snapshots "
        "WHERE snapshot = (SELECT max(snapshot) FROM risk_snapshots)"
    ).fetchall()
    when = rows[0][0] if rows else None  # an empty register has its marker row
    risks = []
    for _, risk_id, document in rows:
        if risk_id == EMPTY:
            continue
        plain = json.loads(document)
        plain["files"] = tuple(
            Entity(*f) if isinstance(f, list) else Entity(plain.get("repo") or "", f)
            for f in plain.get("files", ())
        )
        plain["people"] = tuple(plain.get("people", ()))
        plain["gone"] = tuple(plain.get("gone", ()))
        risks.append(Risk(**{f.name: plain[f.name] for f in fields(Risk) if f.name in plain}))
    return ranked(risks), when
