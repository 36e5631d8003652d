"""The roadmap as a page section: the initiatives of ``roadmap.toml`` as bars on a date
axis, coloured by state, conflicts marked, with the tables behind them
(decisions/roadmap_check.py judges them; docs/direction.md, "Roadmap").

The roadmap is found as ``techlead roadmap`` finds it (``./roadmap.toml``, else beside the
workspace's ``techlead.toml``); without one the section has no data and pages list it so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from techlead.communicate.charts import AMBER, GREEN, GREY, RED, Figure, date_axis, inert, layout
from techlead.communicate.model import TITLES, Scope, count
from techlead.core.model import Section, Table
from techlead.decisions.roadmap_check import (
    DONE,
    IN_PROGRESS,
    PLANNED,
    Conflict,
    RoadmapRow,
    review,
)

QUESTION = "Which initiatives are under way, and do they fit together?"
COLOURS = {DONE: GREEN, IN_PROGRESS: AMBER, PLANNED: GREY}
DAY_MS = 86_400_000
CAPTION = (
    "One bar per initiative from its start to its end: green done, amber in progress, grey "
    "planned (at the moment the page measures to, the dashed line); a red ✗ at its end marks "
    "an initiative with a conflict."
)


def roadmap_timeline(
    rows: Sequence[RoadmapRow], conflicts: Sequence[Conflict], today: date
) -> Figure:
    """Bars on a date axis (a trace per state, named in the legend), a red ✗ at the end
    of each initiative a conflict concerns, and a dashed line at ``today``."""
    data: list[dict[str, Any]] = []
    for state, colour in COLOURS.items():
        chosen = [r for r in rows if r.state == state]
        if chosen:
            data.append(_bars(chosen, state, colour))
    marked = [r for r in rows if r.conflicts]
    if marked:
        said = {r.id: [inert(c.message) for c in conflicts if r.id in c.initiatives]
                for r in marked}  # fmt: skip
        data.append({
            "type": "scatter", "mode": "markers", "name": "conflict",
            "x": [_day(r.end) for r in marked], "y": [inert(r.id) for r in marked],
            "customdata": [r.id for r in marked],
            "hovertext": ["<br>".join(said[r.id]) for r in marked], "hoverinfo": "text",
            "marker": {"symbol": "x", "size": 12, "color": RED},
        })  # fmt: skip
    shown = [inert(r.id) for r in rows]
    dates = [_day(d) for r in rows for d in (r.start, r.end)] + [_day(today)]
    return {
        "data": data,
        "layout": layout(
            max(240, 34 * len(rows) + 120),
            barmode="overlay",
            xaxis=date_axis(dates),
            yaxis={"type": "category", "automargin": True, "autorange": "reversed",
                   "categoryorder": "array", "categoryarray": shown},
            shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": _day(today),
                     "x1": _day(today), "y0": 0, "y1": 1,
                     "line": {"dash": "dash", "width": 1, "color": GREY}}],
            showlegend=True,
            legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"},
        ),
    }  # fmt: skip


def _bars(rows: Sequence[RoadmapRow], state: str, colour: str) -> dict[str, Any]:
    # A date-axis bar is its base (the start) plus a length in milliseconds; the end is
    # inclusive, so a bar reaches the end of its last day.
    return {
        "type": "bar", "orientation": "h", "name": state,
        "y": [inert(r.id) for r in rows],
        "base": [_day(r.start) for r in rows],
        "x": [((r.end + timedelta(days=1)) - r.start).days * DAY_MS for r in rows],
        "customdata": [r.id for r in rows],
        "hovertext": [inert(f"{r.id}: {r.title} ({r.start} to {r.end}, {r.state})")
                      for r in rows],
        "hoverinfo": "text",
        "marker": {"color": colour},
    }  # fmt: skip


def _day(value: date) -> str:
    return f"{value:%Y-%m-%d}"


def roadmap_section(scope: Scope) -> Section:
    found = scope.once(
        "roadmap",
        lambda: review(scope.con, scope.roadmap_file, scope.goals_file, now=scope.moment()),
    )
    if found is None:
        return Section("roadmap", TITLES["roadmap"], QUESTION,
                       "No roadmap.toml found (docs/direction.md).")  # fmt: skip
    rows = found.result.rows
    states = Counter(r.state for r in rows)
    conflicts = found.conflicts
    headline = (
        f"{count(len(rows), 'initiative')}: {states[DONE]:,} done, {states[IN_PROGRESS]:,} "
        f"in progress, {states[PLANNED]:,} planned; {count(len(conflicts), 'conflict')} "
        f"(as of {found.today})."
    )
    table = Table(
        "Initiatives",
        ("id", "title", "start", "end", "state", "owner", "teams", "conflicts"),
        [(r.id, r.title, _day(r.start), _day(r.end), r.state, r.owner or "",
          ", ".join(r.teams), ", ".join(r.conflicts)) for r in rows],
        f"from {found.roadmap.path}",
    )  # fmt: skip
    clashes = Table("Conflicts", ("initiative", "kind", "conflict"),
                    [(c.initiatives[0], c.kind, c.message) for c in conflicts])  # fmt: skip
    return Section(
        "roadmap",
        TITLES["roadmap"],
        QUESTION,
        headline,
        (table, clashes) if conflicts else (table,),
        chart=roadmap_timeline(rows, conflicts, found.today) if rows else None,
        facts=(("initiatives", len(rows)), ("in progress", states[IN_PROGRESS]),
               ("conflicts", len(conflicts))),
        caption=CAPTION if rows else "",
    )  # fmt: skip
