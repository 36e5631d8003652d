"""The register's own word: ``risks.toml``, applied whenever the register is read.

A ``[[risk]]`` table with the id of a computed risk overrides the fields it writes
(title, owner, likelihood, impact, mitigation, status, review); one with a new id adds a
risk kept by hand. Scans store the computed register only, so an edit of ``risks.toml``
shows in the next ``risk``, ``brief``, ``report`` or dashboard page without a scan, and
``risk --diff`` compares evidence with evidence.

Which file: ``--risks FILE`` when given; else ``./risks.toml`` when it exists; else the
``risks.toml`` next to the ``techlead.toml`` of the workspace's last configured scan.
A risk whose status is ``closed`` or ``accepted`` never becomes one of the three
decisions of a briefing (communicate.brief), whatever its score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from techlead.core.errors import ConfigError
from techlead.core.toml_files import read_toml
from techlead.risk.model import Risk, ranked
from techlead.warehouse.workspace import MARK, workspace_file

OVERRIDABLE = ("title", "owner", "likelihood", "impact", "mitigation", "status", "review")
STATUSES = ("open", "mitigating", "accepted", "closed")
SETTLED = ("accepted", "closed")  # statuses that take a risk off the decisions
FILE_NAME = "risks.toml"

TEXTS = ("category", "title", "repo", "component", "mitigation", "owner")  # strings if given
HandKept = tuple[Risk, frozenset[str]]  # the entry, and the keys its author wrote


def build(computed_risks: Sequence[Risk], hand_kept: Sequence[HandKept] = ()) -> list[Risk]:
    by_id = {r.id: r for r in computed_risks}
    for kept, written in hand_kept:
        base = by_id.get(kept.id)
        if base is None:
            by_id[kept.id] = kept
            continue
        changes = {name: getattr(kept, name) for name in OVERRIDABLE if name in written}
        by_id[kept.id] = replace(base, **changes, source="both")
    return ranked(by_id.values())


def load_hand_kept(path: Path) -> list[HandKept]:
    """Read ``risks.toml``: ``[[risk]]`` tables with id, title, owner, likelihood, impact,
    mitigation, status, review (a date); errors name the file and the entry."""
    try:
        doc = read_toml(path)
    except (RecursionError, ValueError) as exc:  # 100,000 brackets; a 5,000-digit number
        said = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ConfigError(f"{path}: invalid TOML: {said.splitlines()[0]}") from None
    entries = doc.get("risk", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'risk' must be an array of tables ([[risk]])")
    return [_hand_kept(path, i, entry) for i, entry in enumerate(entries, start=1)]


def _hand_kept(path: Path, index: int, entry: Any) -> HandKept:
    where = f"{path}: risk #{index}"
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
        raise ConfigError(f"{where}: every [[risk]] needs an 'id' string")
    where = f"{path}: risk {entry['id'][:60]}"
    unknown = set(entry) - {"id", "category", "repo", "component", *OVERRIDABLE}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("likelihood", "impact"):
        value = entry.get(key, 3)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ConfigError(f"{where}: '{key}' must be an integer from 1 to 5")
    for key in TEXTS:
        if key in entry and not isinstance(entry[key], str):
            raise ConfigError(f"{where}: '{key}' must be a string")
    status = entry.get("status", "open")
    if status not in STATUSES:
        raise ConfigError(f"{where}: 'status' must be one of {', '.join(STATUSES)}")
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


def locate(con: duckdb.DuckDBPyConnection, given: Path | None) -> Path | None:
    """The hand-kept risks file to apply (see the module's docstring); None when there is
    none. A file named with ``--risks`` must exist."""
    return workspace_file(con, given, FILE_NAME, "risks file")


def remember(con: duckdb.DuckDBPyConnection, workspace: Path) -> None:
    """Keep where the workspace's risks file is (next to its techlead.toml), for readers
    started elsewhere (inside the caller's transaction)."""
    con.execute("DELETE FROM techlead_meta WHERE key = ?", [MARK])
    con.execute(
        "INSERT INTO techlead_meta VALUES (?, ?)", [MARK, str(workspace.resolve() / FILE_NAME)]
    )


def read(con: duckdb.DuckDBPyConnection, given: Path | None) -> list[HandKept]:
    """The hand-kept risks to apply to a register read now."""
    path = locate(con, given)
    return load_hand_kept(path) if path else []
