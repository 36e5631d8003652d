"""Goals: ``goals.toml`` read and checked, and each key result's status (docs/direction.md
"Goals").

Which file: ``--file PATH`` when given; else ``./goals.toml`` when it exists; else the
``goals.toml`` beside the ``techlead.toml`` of the workspace's last configured scan (the
folder scans remember for ``risks.toml``). Every error names the file, the line and the key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from techlead.core.dates import EARLIEST_YEAR, LATEST_YEAR
from techlead.core.errors import ConfigError
from techlead.core.toml_files import Locator, parse_toml, read_text
from techlead.direction import forecast as fc
from techlead.direction.catalogue import CATALOGUE, Metric, Scope, measure, metric
from techlead.direction.history import Point, history, recorded
from techlead.risk.register import latest
from techlead.warehouse.workspace import workspace_file

FILE_NAME = "goals.toml"
OBJECTIVE_KEYS = ("id", "title", "owner", "links", "key_result")
KEY_RESULT_KEYS = ("metric", "scope", "target", "deadline", "baseline")
SCOPE_KEYS = ("repo", "team", "component")
_ADR = re.compile(r"ADR[- ]?0*(\d{1,9})", re.IGNORECASE)


@dataclass(frozen=True)
class KeyResult:
    objective: str
    metric: str
    scope: Scope
    target: float
    deadline: date
    baseline: date | None
    where: str  # "goals.toml:12: 'scope' of objective O1 key result 1", for later errors


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    owner: str
    links: tuple[str, ...]
    key_results: tuple[KeyResult, ...]
    where: str  # "goals.toml:5": its links, for the warnings about them


class _File:
    """Positions in one goals file, for messages naming file, line and key."""

    def __init__(self, path: Path, text: str, known: Mapping[str, Metric]) -> None:
        self.path = path
        self.known = known  # the metrics a key result may name
        self.locator = Locator(text)

    def at(self, table: str, index: int, key: str | None = None) -> str:
        line = (key and self.locator.line(table, index, key)) or self.locator.line(table, index)
        return f"{self.path}:{line}" if line else str(self.path)

    def fail(self, table: str, index: int, key: str, what: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.at(table, index, key)}: '{key}' of {what}: {problem}")


def locate(con: duckdb.DuckDBPyConnection | None, given: Path | None) -> Path | None:
    """The goals file to read (see the module's docstring); None when there is none. A file
    named with ``--file`` must exist."""
    return workspace_file(con, given, FILE_NAME, "goals file")


def read_goals(path: Path, known: Mapping[str, Metric] = CATALOGUE) -> list[Objective]:
    """The objectives of a goals file, checked for everything but the warehouse's names."""
    text = read_text(path)
    try:
        doc = parse_toml(path, text)
    except ValueError as exc:  # a 5,000-digit integer
        raise ConfigError(f"{path}: invalid TOML: {str(exc).splitlines()[0]}") from None
    file = _File(path, text, known)
    unknown = sorted(set(doc) - {"objective"})
    if unknown:
        raise ConfigError(f"{file.at('', 0, unknown[0])}: unknown key '{unknown[0]}' "
                          "(a goals file holds [[objective]] tables)")  # fmt: skip
    entries = doc.get("objective", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{file.at('', 0, 'objective')}: 'objective' must be an array of "
                          "tables ([[objective]])")  # fmt: skip
    objectives: list[Objective] = []
    seen_results = 0
    for index, entry in enumerate(entries):
        objective = _objective(file, index, entry, seen_results)
        if any(o.id == objective.id for o in objectives):
            raise file.fail("objective", index, "id", f"objective {objective.id}",
                            "duplicate objective id")  # fmt: skip
        objectives.append(objective)
        seen_results += len(objective.key_results)
    return objectives


def _objective(file: _File, index: int, entry: dict[str, Any], seen: int) -> Objective:
    ident = entry.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise file.fail("objective", index, "id", f"objective #{index + 1}",
                        "every objective needs an 'id' string")  # fmt: skip
    what = f"objective {ident[:60]}"
    _known_keys(file, "objective", index, entry, OBJECTIVE_KEYS, what)
    texts = {key: _text(file, index, entry, key, what) for key in ("title", "owner")}
    links = entry.get("links", [])
    if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
        raise file.fail("objective", index, "links", what, "must be a list of strings "
                        '(links = ["ADR-7", "KNOW-90c69e93"])')  # fmt: skip
    results = entry.get("key_result", [])
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise file.fail("objective", index, "key_result", what, "must be an array of tables "
                        "([[objective.key_result]])")  # fmt: skip
    found = tuple(_key_result(file, seen + number, number + 1, ident, result)
                  for number, result in enumerate(results))  # fmt: skip
    return Objective(ident, texts["title"], texts["owner"], tuple(links), found,
                     file.at("objective", index, "links"))  # fmt: skip


def _text(file: _File, index: int, entry: dict[str, Any], key: str, what: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise file.fail("objective", index, key, what, "must be a string")
    return value


def _known_keys(file: _File, table: str, index: int, entry: dict[str, Any],
                known: tuple[str, ...], what: str) -> None:  # fmt: skip
    for key in entry:
        if key not in known:
            raise file.fail(table, index, key, what, f"unknown key (valid: {', '.join(known)})")


def _key_result(file: _File, index: int, number: int, objective: str,
                entry: dict[str, Any]) -> KeyResult:  # fmt: skip
    table, what = "objective.key_result", f"objective {objective[:60]} key result {number}"
    _known_keys(file, table, index, entry, KEY_RESULT_KEYS, what)
    name = entry.get("metric")
    if not isinstance(name, str) or name not in file.known:
        shown = repr(name) if isinstance(name, str) else "missing"
        raise file.fail(table, index, "metric", what, f"unknown metric {shown[:80]} (known: "
                        f"{', '.join(file.known)}; `techlead metrics` lists them)")  # fmt: skip
    scope = _scope(file, index, entry.get("scope", {}), what)
    if scope.kind not in file.known[name].scopes:
        raise file.fail(
            table,
            index,
            "scope",
            what,
            f"{name} is not measured per "
            f"{scope.kind} (its scopes: {', '.join(file.known[name].scopes)})",
        )
    target = entry.get("target")
    if isinstance(target, bool) or not isinstance(target, int | float) \
            or not math.isfinite(target):  # fmt: skip
        raise file.fail(table, index, "target", what, "must be a finite number (target = 3)")
    deadline = _date(file, index, entry, "deadline", what)
    baseline = _date(file, index, entry, "baseline", what) if "baseline" in entry else None
    if deadline is None:
        raise file.fail(table, index, "deadline", what, "is missing (deadline = 2027-06-30)")
    if baseline is not None and baseline >= deadline:
        raise file.fail(table, index, "baseline", what, "must be before the deadline")
    return KeyResult(objective, name, scope, float(target), deadline, baseline,
                     f"{file.at(table, index, 'scope')}: 'scope' of {what}")  # fmt: skip


def _scope(file: _File, index: int, given: Any, what: str) -> Scope:
    table = "objective.key_result"
    shapes = '{ repo = "x" }, { team = "t" } or { component = "c", repo = "x" }'
    if not isinstance(given, dict) or not all(isinstance(v, str) and v for v in given.values()):
        raise file.fail(table, index, "scope", what, f"must be a table of names: {shapes}")
    keys = set(given)
    if (
        keys - set(SCOPE_KEYS)
        or len(keys) > 2
        or (len(keys) == 2 and keys != {"repo", "component"})
    ):
        raise file.fail(table, index, "scope", what, f"must be {{}} (the workspace), {shapes}")
    if "component" in given:
        return Scope("component", given["component"], given.get("repo", ""))
    if "team" in given:
        return Scope("team", given["team"])
    return Scope("repository", given["repo"]) if "repo" in given else Scope()


def _date(file: _File, index: int, entry: dict[str, Any], key: str, what: str) -> date | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise file.fail("objective.key_result", index, key, what,
                        f"must be a date ({key} = 2027-06-30)")  # fmt: skip
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise file.fail("objective.key_result", index, key, what, "must be a date between "
                        f"the years {EARLIEST_YEAR} and {LATEST_YEAR}")  # fmt: skip
    return value


def check(con: duckdb.DuckDBPyConnection, objectives: list[Objective]) -> list[str]:
    """Refuse a scope that matches nothing in the warehouse; the warnings for links to ADRs
    or risks it does not hold."""
    for objective in objectives:
        for result in objective.key_results:
            _check_scope(con, result)
    adrs = {int(n) for (n,) in con.execute(
        "SELECT DISTINCT number FROM decisions WHERE number IS NOT NULL").fetchall()}  # fmt: skip
    risks = {r.id for r in latest(con)[0]}
    warnings = []
    for objective in objectives:
        for link in objective.links:
            adr = _ADR.fullmatch(link.strip())
            if adr and int(adr.group(1)) not in adrs:
                warnings.append(
                    f"{objective.where}: objective {objective.id[:60]} links to "
                    f"{link[:80]!r}: no ADR of that number in the warehouse"
                )
            elif not adr and link not in risks:
                warnings.append(f"{objective.where}: objective {objective.id[:60]} links to "
                                f"{link[:80]!r}: not an ADR (ADR-7) nor a risk of the stored "
                                "register")  # fmt: skip
    return warnings


def _check_scope(con: duckdb.DuckDBPyConnection, result: KeyResult) -> None:
    scope = result.scope
    repos = {str(n) for (n,) in con.execute("SELECT name FROM repos").fetchall()}
    if scope.kind == "repository" or (scope.kind == "component" and scope.repo):
        name = scope.name if scope.kind == "repository" else scope.repo
        if name not in repos:
            raise ConfigError(f"{result.where}: no repository {name[:80]!r} in the warehouse "
                              f"(known: {_shown(repos)})")  # fmt: skip
    if scope.kind == "team":
        teams = {str(t) for (t,) in con.execute(
            "SELECT DISTINCT team FROM repos WHERE team IS NOT NULL").fetchall()}  # fmt: skip
        if scope.name not in teams:
            raise ConfigError(
                f"{result.where}: no team {scope.name[:80]!r} owns a repository "
                f"(known: {_shown(teams)}; teams come from techlead.toml)"
            )
    if scope.kind == "component":
        found = con.execute(
            "SELECT DISTINCT f.component FROM files f JOIN repos r USING (repo_id) "
            "WHERE f.component IS NOT NULL AND ($repo = '' OR r.name = $repo)",
            {"repo": scope.repo},
        ).fetchall()
        components = {str(c) for (c,) in found}
        if scope.name not in components:
            raise ConfigError(f"{result.where}: no component {scope.name[:80]!r} in the "
                              f"warehouse (known: {_shown(components)})")  # fmt: skip


def _shown(names: set[str]) -> str:
    ordered = sorted(names)
    if not ordered:
        return "none"
    more = f" and {len(ordered) - 20} more" if len(ordered) > 20 else ""
    return ", ".join(ordered[:20]) + more


class Status(NamedTuple):
    objective: str
    metric: str
    scope: str
    baseline_date: str | None
    baseline: float | None
    value: float | None
    target: float
    deadline: str
    progress: float | None  # %
    trend: str
    forecast: float | None
    forecast_low: float | None
    forecast_high: float | None
    status: str
    note: str


@dataclass(frozen=True)
class Assessment:
    status: Status
    better: str
    points: tuple[tuple[date, float], ...]  # the history the forecast fits, from the baseline


def moment(con: duckdb.DuckDBPyConnection, given: datetime | None) -> datetime:
    """What "now" is for deadlines: ``--now``, else the warehouse's newest commit."""
    if given is not None:
        return given
    newest = con.execute("SELECT max(commit_time) FROM commits").fetchall()[0][0]
    if not isinstance(newest, datetime):
        raise ConfigError("no commits in the warehouse: scan first")
    return newest


def assess(con: duckdb.DuckDBPyConnection, result: KeyResult, now: datetime) -> Assessment:
    """The key result's baseline, current value, progress, trend, forecast and status."""
    entry = metric(result.metric, con)
    newest = _newest(con, result.scope, now)
    points = _series(con, result, newest)
    baseline = points[0] if points else None
    current = measure(con, result.metric, result.scope, newest, until=False)
    ahead = fc.forecast(points, result.deadline, current, result.target)
    status = Status(
        result.objective, result.metric, str(result.scope),
        baseline[0].isoformat() if baseline else None, baseline[1] if baseline else None,
        current, result.target, result.deadline.isoformat(),
        fc.progress(baseline[1] if baseline else None, current, result.target, entry.better),
        fc.trend([v for _, v in points], entry.better),
        ahead.value, ahead.low, ahead.high,
        fc.status(current, result.target, entry.better, result.deadline < now.date(), ahead),
        ahead.note,
    )  # fmt: skip
    return Assessment(status, entry.better, tuple(points))


def _series(con: duckdb.DuckDBPyConnection, result: KeyResult,
            newest: datetime) -> list[tuple[date, float]]:  # fmt: skip
    """The monthly history from the baseline (its first point the baseline itself)."""
    if not metric(result.metric, con).back_computed:
        since = _start(result.baseline) if result.baseline else None
        return _values(recorded(con, result.metric, result.scope, since))
    if result.baseline is None:
        return _values(history(con, result.metric, result.scope, "month"))
    start = _start(result.baseline)
    first = history(con, result.metric, result.scope, "month", start, start)
    later = [p for p in history(con, result.metric, result.scope, "month", start)
             if p.date > result.baseline.isoformat()] if start <= newest else []  # fmt: skip
    return _values(first + later)


def _values(points: list[Point]) -> list[tuple[date, float]]:
    return [(date.fromisoformat(p.date), p.value) for p in points if p.value is not None]


def _start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _newest(con: duckdb.DuckDBPyConnection, scope: Scope, now: datetime) -> datetime:
    """The newest commit of the scope's repositories (what "current" is measured as of)."""
    repos = [scope.repo] if scope.kind == "component" and scope.repo else (
        [scope.name] if scope.kind == "repository" else [])  # fmt: skip
    if scope.kind == "team":
        repos = [str(r) for (r,) in con.execute(
            "SELECT name FROM repos WHERE team = ?", [scope.name]).fetchall()]  # fmt: skip
    found = con.execute(
        "SELECT max(c.commit_time) FROM commits c JOIN repos r USING (repo_id) "
        "WHERE len($repos) = 0 OR list_contains($repos, r.name)", {"repos": repos},
    ).fetchall()[0][0]  # fmt: skip
    return found if isinstance(found, datetime) else now
