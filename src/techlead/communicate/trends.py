"""How the metrics behind a page have moved: the one place that says which metric each
section and each traffic light follows, reads its history and says the change in words
(docs/roles.md, "Trends").

A trend is measured for the page's scope: the workspace, or the one repository the page is
about; a page filtered otherwise (a team, a component, paths or dates) shows none, since
no metric was recorded for it. Two comparisons, said in one scheme, "Since WHEN: words
before → after.":

- since the previous scan: the values the last two scans recorded (``metric_history``),
  "Since the scan of 2026-11-20: truck factor 1 → 2.";
- over the last twelve months: the metric at the end of each month (back-computed from
  git, or, for a metric only scans record, the last value recorded in each month), "Since
  1 December 2025: truck factor 3 → 2 (lowest 1)." It is drawn as a sparkline.

With fewer than two values there is nothing to compare, and nothing is said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from techlead.analyses import repositories
from techlead.communicate.model import Scope, listing
from techlead.core.errors import ConfigError
from techlead.core.model import Section, Trend
from techlead.direction import history as metric_history
from techlead.direction.catalogue import Scope as MetricScope
from techlead.direction.catalogue import metric

# How a reader names each metric a page follows, and the unit said after its values.
WORDS = {
    "truck-factor": ("truck factor", ""),
    "lost-share": ("code by people who left", "%"),
    "knowledge-islands": ("knowledge islands", ""),
    "hotspot-complexity-max": ("complexity of the most complex hotspot", ""),
    "hotspot-health": ("code health of the code people change", ""),
    "code-health": ("code health", ""),
    "coupled-components": ("coupled pairs of components", ""),
    "standards-pass-rate": ("checks passed", "%"),
    "commits": ("commits in 90 days", ""),
    "active-people": ("active people", ""),
    "deployment-frequency": ("releases per 30 days", ""),
    "lead-time": ("median lead time", " h"),
    "change-failure-rate": ("change failure rate", "%"),
    "reviewed-share": ("changes landed reviewed", "%"),
    "rework-share": ("rework share", "%"),
}

# The metrics each section's headline is followed by (sections not named have none).
SECTION_METRICS = {
    "overview": ("commits", "active-people"),
    "hotspots": ("hotspot-health",),
    "health": ("code-health", "hotspot-health"),
    "complexity": ("hotspot-complexity-max",),
    "coupling": ("coupled-components",),
    "architecture": ("coupled-components",),
    "knowledge": ("truck-factor", "knowledge-islands"),
    "loss": ("lost-share",),
    "mentoring": ("knowledge-islands",),
    "teams": ("commits", "active-people"),
    "standards": ("standards-pass-rate",),
    "delivery": ("deployment-frequency", "lead-time", "change-failure-rate"),
    "review": ("reviewed-share",),
    "work": ("rework-share",),
}

# The metrics each traffic light is followed by (the dependency light has none yet).
LIGHT_METRICS = {
    "Code health": ("hotspot-health",),
    "Knowledge": ("truck-factor", "lost-share"),
    "Standards": ("standards-pass-rate",),
}

MONTHS = 12


def page_scope(scope: Scope) -> str | None:
    """The metric scope a page is about: "workspace", its one repository, or None (a page
    filtered to something no metric is recorded for, or trends turned off)."""
    o = scope.options
    if not scope.trends or o.paths or o.components or o.roles or o.since or o.until:
        return None
    repos = scope.repo_names()
    if len(repos) == 1:
        return repos[0]
    every = {name for name, _ in repositories.names(scope.con, ())}
    return "workspace" if repos and set(repos) == every else None


def trends(scope: Scope, names: Sequence[str]) -> tuple[Trend, ...]:
    """The trends of these metrics for the page's scope (each computed once per page)."""
    where = page_scope(scope)
    if where is None:
        return ()
    found = [_once(scope, name, where) for name in names]
    return tuple(t for t in found if t is not None)


def _once(scope: Scope, name: str, where: str) -> Trend | None:
    return scope.once(("trend", name, where), lambda: _trend(scope, name, where))


def with_trends(scope: Scope, section: Section) -> Section:
    """The section with the trends of its metrics, in data and in words."""
    names = SECTION_METRICS.get(section.id, ())
    if section.empty or not names:
        return section
    found = trends(scope, names)
    return replace(section, trends=found, trend=sentence(found)) if found else section


def _trend(scope: Scope, name: str, where: str) -> Trend | None:
    words, unit = WORDS[name]
    series = _series(scope, name, where)
    change = metric_history.last_change(scope.con, name, where)
    since, previous, latest = change if change else (None, None, None)
    if previous is None or latest is None:
        since = None
    if since is None and len(series) < 2:
        return None
    return Trend(name, words, unit, where, metric(name).better, series,
                 previous if since else None, latest if since else None,
                 f"{since:%Y-%m-%d}" if since else "")  # fmt: skip


def start_of_year(moment: datetime) -> datetime:
    """The day before the first of the month a year before ``moment``: the monthly series
    then opens with the state on that first of the month."""
    first = datetime(moment.year - 1, moment.month, 1, tzinfo=UTC)
    return first - timedelta(days=1)


def _series(scope: Scope, name: str, where: str) -> tuple[tuple[str, float], ...]:
    end = scope.moment()
    start = start_of_year(end)
    on = MetricScope() if where == "workspace" else MetricScope("repository", where)
    try:
        if metric(name).back_computed:  # history() measures dated metrics at each date
            points = metric_history.history(scope.con, name, on, "month", since=start, until=end)
        else:  # what scans recorded up to the moment; the last of each month
            points = metric_history.recorded(scope.con, name, on, start + timedelta(days=1),
                                             end + timedelta(seconds=1))  # fmt: skip
            by_month = {p.date[:7]: p for p in points}
            points = list(by_month.values())
    except ConfigError:  # no commits for the scope
        return ()
    return tuple((p.date, p.value) for p in points if p.value is not None)


# --- words ---------------------------------------------------------------------------


def value(trend: Trend, number: float) -> str:
    return f"{number:g}{trend.unit}"


def day_words(day: str) -> str:
    """2025-12-01 -> 1 December 2025."""
    when = datetime.strptime(day, "%Y-%m-%d")
    return f"{when.day} {when:%B %Y}"


def scan_move(trend: Trend) -> str:
    """ "truck factor 1 → 2" since the previous scan; empty when unchanged or unknown."""
    if not trend.since or trend.previous is None or trend.latest is None:
        return ""
    if trend.previous == trend.latest:
        return ""
    return f"{trend.words} {value(trend, trend.previous)} → {value(trend, trend.latest)}"


def year_move(trend: Trend) -> str:
    """ "truck factor 3 → 2 (lowest 1)" over the series; "truck factor steady at 2"."""
    values = [v for _, v in trend.series]
    if len(values) < 2:
        return ""
    first, last, low, high = values[0], values[-1], min(values), max(values)
    if low == high:
        return f"{trend.words} steady at {value(trend, first)}"
    said = f"{trend.words} {value(trend, first)} → {value(trend, last)}"
    below, above = low < min(first, last), high > max(first, last)
    if below and above:
        return f"{said} (between {value(trend, low)} and {value(trend, high)})"
    if below or above:
        return f"{said} ({'lowest' if below else 'highest'} {value(trend, low if below else high)})"
    return said


def sentence(found: Sequence[Trend]) -> str:
    """What the trends say, grouped by the moment they compare with: "Since the scan of
    2026-11-20: truck factor 1 → 2. Since 1 December 2025: truck factor 3 → 2."; empty
    when there is nothing to compare."""
    parts = []
    for since in dict.fromkeys(t.since for t in found if t.since):
        same = [t for t in found if t.since == since]
        moved = [m for m in map(scan_move, same) if m]
        # "unchanged" only of a metric without a year to say more (steady, or how it went)
        still = [t.words for t in same if not scan_move(t) and len(t.series) < 2]
        if moved:
            parts.append(f"Since the scan of {since}: {listing(moved)}.")
        elif still:
            said = listing(still)
            parts.append(f"{said[:1].upper()}{said[1:]} unchanged since the scan of {since}.")
    yearly = [t for t in found if len(t.series) >= 2]
    for start in dict.fromkeys(t.series[0][0] for t in yearly):
        moves = [year_move(t) for t in yearly if t.series[0][0] == start]
        parts.append(f"Since {day_words(start)}: {listing(moves)}.")
    return " ".join(parts)


def spark(trend: Trend) -> str:
    """The series as a line of block characters, lowest ▁ to highest █ (the terminal's
    sparkline); empty with fewer than two values."""
    values = [v for _, v in trend.series]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    blocks = "▁▂▃▄▅▆▇█"
    if high == low:
        return blocks[3] * len(values)
    return "".join(blocks[round((v - low) / (high - low) * (len(blocks) - 1))] for v in values)
