"""The "Goals" section: each key result of goals.toml with its status and the chart of its
history, target and forecast (docs/direction.md "Goals"). Shown when a goals file is found
(``./goals.toml``, else the one beside the workspace's techlead.toml)."""

from __future__ import annotations

from collections import Counter

from techlead.communicate.goals_chart import goals_chart
from techlead.communicate.model import TITLES, Scope, count, listing
from techlead.core.errors import ConfigError
from techlead.core.model import Section, Table
from techlead.direction.catalogue import metrics
from techlead.direction.goals import Assessment, assess, locate, moment, read_goals

QUESTION = "Are we reaching the goals we set, and will we by their deadlines?"
STATUSES = ("missed", "off track", "at risk", "on track", "met")
COLUMNS = ("objective", "metric", "scope", "baseline", "value", "target", "deadline",
           "progress %", "trend", "forecast", "status")  # fmt: skip


def goals_section(scope: Scope) -> Section:
    try:
        path = locate(scope.con, scope.goals_file)
        if path is None:
            return Section("goals", TITLES["goals"], QUESTION,
                           "No goals file: write goals.toml beside techlead.toml.")  # fmt: skip
        when = moment(scope.con, scope.now)
        objectives = read_goals(path, metrics(scope.con))
        found = [assess(scope.con, r, when) for o in objectives for r in o.key_results]
    except ConfigError as exc:  # a bad goals file is said here; the other sections go on
        return Section("goals", TITLES["goals"], QUESTION, f"The goals file is refused: {exc}")
    return Section(
        "goals", TITLES["goals"], QUESTION, _headline(found),
        (Table("Key results", COLUMNS, [_row(a) for a in found]),) if found else (),
        goals_chart(found) if found else None,
        facts=tuple((s, n) for s, n in _counts(found).items()),
        caption="Each panel: the metric's monthly history, the target (dashed), the "
        "forecast to the deadline (dotted) with its 95 % band, the deadline (dotted, grey).",
    )  # fmt: skip


def _counts(found: list[Assessment]) -> dict[str, int]:
    seen = Counter(a.status.status for a in found)
    return {status: seen[status] for status in STATUSES if seen[status]}


def _headline(found: list[Assessment]) -> str:
    if not found:
        return "The goals file holds no key results."
    said = listing([f"{n:,} {s}" for s, n in _counts(found).items()])
    return f"{count(len(found), 'key result')}: {said}."


def _row(item: Assessment) -> tuple[object, ...]:
    r = item.status
    forecast = (
        ""
        if r.forecast is None
        else (
            f"{round(r.forecast, 1):g} ({round(r.forecast_low or 0, 1):g} to "
            f"{round(r.forecast_high or 0, 1):g})"
        )
    )  # one decimal for a reader
    return (r.objective, r.metric, r.scope, r.baseline, r.value, r.target, r.deadline,
            r.progress, r.trend, forecast or r.note, r.status)  # fmt: skip
