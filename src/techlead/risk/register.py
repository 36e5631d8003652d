"""The risk register: computed risks merged with hand-kept ones, ranked, stored, compared.

``build`` gathers the risks of every source (risk.sources, plus vulnerabilities when OSV
data is given), merges ``risks.toml`` (a hand-kept entry with the id of a computed one
overrides its fields; other entries are added), and ranks by score, then likelihood, then
id. ``store`` keeps a copy per scan in ``risk_snapshots``; ``diff`` compares the last two.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.moment import moment as moment_of
from techlead.core.config import read_toml
from techlead.core.errors import ConfigError
from techlead.core.model import Entity, Options
from techlead.decisions.radar import Radar
from techlead.risk import sources
from techlead.risk.model import Risk


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
    mitigation: str
    evidence: str
    rule: str


class RiskChange(NamedTuple):
    change: str  # new | worsened | improved | resolved
    id: str
    title: str
    score: int | None
    previous_score: int | None


_OVERRIDABLE = ("title", "owner", "likelihood", "impact", "mitigation", "status", "review")
_STATUSES = ("open", "mitigating", "accepted", "closed")

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
    found += sources.truck_factor_risks(con, options, moment)
    found += sources.knowledge_loss_risks(con, options, moment)
    found += sources.hotspot_risks(con, options)
    found += sources.stale_risks(con, options, moment)
    found += sources.lockfile_risks(con, options)
    return found


HandKept = tuple[Risk, frozenset[str]]  # the entry, and the keys its author wrote


def build(computed_risks: Sequence[Risk], hand_kept: Sequence[HandKept] = ()) -> list[Risk]:
    by_id = {r.id: r for r in computed_risks}
    for kept, written in hand_kept:
        base = by_id.get(kept.id)
        if base is None:
            by_id[kept.id] = kept
            continue
        changes = {name: getattr(kept, name) for name in _OVERRIDABLE if name in written}
        by_id[kept.id] = replace(base, **changes, source="both")
    return sorted(by_id.values(), key=lambda r: (-r.score, -r.likelihood, r.id))


def load_hand_kept(path: Path) -> list[HandKept]:
    """Read ``risks.toml``: ``[[risk]]`` tables with id, title, owner, likelihood, impact,
    mitigation, status, review (a date); errors name the file and the entry."""
    doc = read_toml(path)
    entries = doc.get("risk", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'risk' must be an array of tables ([[risk]])")
    return [_hand_kept(path, i, entry) for i, entry in enumerate(entries, start=1)]


def _hand_kept(path: Path, index: int, entry: Any) -> HandKept:
    where = f"{path}: risk #{index}"
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise ConfigError(f"{where}: every [[risk]] needs an 'id' string")
    where = f"{path}: risk {entry['id']}"
    unknown = set(entry) - {"id", "category", "repo", "component", *_OVERRIDABLE}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("likelihood", "impact"):
        value = entry.get(key, 3)
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ConfigError(f"{where}: '{key}' must be an integer from 1 to 5")
    status = entry.get("status", "open")
    if status not in _STATUSES:
        raise ConfigError(f"{where}: 'status' must be one of {', '.join(_STATUSES)}")
    review = entry.get("review")
    if review is not None and not isinstance(review, date):
        raise ConfigError(f"{where}: 'review' must be a date (review = 2027-01-31)")
    risk = Risk(
        id=entry["id"],
        category=str(entry.get("category", "hand-kept")),
        title=str(entry.get("title", "")),
        repo=entry.get("repo"),
        component=entry.get("component"),
        files=(),
        likelihood=entry.get("likelihood", 3),
        impact=entry.get("impact", 3),
        rule="set by hand in risks.toml",
        evidence="",
        mitigation=str(entry.get("mitigation", "")),
        owner=entry.get("owner"),
        status=status,
        review=review.isoformat() if review else None,
        source="hand-kept",
    )
    return risk, frozenset(entry)


def row(risk: Risk) -> RiskRow:
    return RiskRow(risk.id, risk.category, risk.title, risk.repo, risk.component,
                   risk.likelihood, risk.impact, risk.score, risk.status, risk.owner,
                   risk.mitigation, risk.evidence, risk.rule)  # fmt: skip


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
    numbers = [
        n
        for (n,) in con.execute(
            "SELECT DISTINCT snapshot FROM risk_snapshots ORDER BY snapshot DESC LIMIT 2"
        ).fetchall()
    ]
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
        risks.append(Risk(**{f.name: plain[f.name] for f in fields(Risk) if f.name in plain}))
    risks.sort(key=lambda r: (-r.score, -r.likelihood, r.id))
    return risks, when
