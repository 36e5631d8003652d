"""Plotly figures as plain data ({"data": [...], "layout": {...}}), drawn in the page by
the plotly.js that ships inside the ``plotly`` Python package.

Every point that stands for a file, a component, a person or an ADR carries its label in
``customdata``; the page's script turns a click on it into the matching evidence row (the
report) or drill-down page (the dashboard).

plotly.js draws labels, hover text, legend entries and titles as a subset of HTML (``<a
href>``, ``<b>``, ``<br>``, ``<span style>``), so every text that can come from a
repository is passed through ``inert`` first: a directory named ``<a href="...">X`` is
shown as that text, never as a link. ``customdata`` stays as it is: it is the key a click
looks up, never drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

Figure = dict[str, Any]
RED, AMBER, GREEN, GREY = "#c0392b", "#e69f00", "#2e8b57", "#9aa0a6"


def inert(text: str) -> str:
    """Text as plotly.js shows it rather than reads it: ``&``, ``<`` and ``>`` as the
    entities it turns back into characters when it draws."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inert_all(texts: Sequence[str]) -> list[str]:
    return [inert(t) for t in texts]


def layout(height: int = 420, **extra: Any) -> dict[str, Any]:
    return {
        "height": height,
        "margin": {"l": 40, "r": 20, "t": 30, "b": 40},
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        **extra,
    }


def stacked_bars(x: Sequence[str], series: dict[str, list[int]], y_title: str) -> Figure:
    data = [
        {"type": "bar", "name": inert(name), "x": inert_all(x), "y": ys}
        for name, ys in series.items()
    ]
    return {
        "data": data,
        "layout": layout(
            320, barmode="stack", yaxis={"title": {"text": inert(y_title)}}, showlegend=True
        ),
    }


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    colors: Sequence[str],
    legend: dict[str, str],
    keys: Sequence[str] | None = None,
) -> Figure:
    """Horizontal bars in the order given (the first on top), coloured by ``colors``; a
    trace per colour, named in the legend by what ``legend`` says that colour means, so
    that no colour goes unexplained."""
    keys = list(keys if keys is not None else labels)
    shown = inert_all(labels)
    data = []
    for color, meaning in legend.items():
        chosen = [i for i, c in enumerate(colors) if c == color]
        if not chosen:
            continue
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": inert(meaning),
                "y": [shown[i] for i in chosen],
                "x": [values[i] for i in chosen],
                "customdata": [keys[i] for i in chosen],
                "marker": {"color": color},
                "hovertemplate": "%{y}: %{x}<extra>" + inert(meaning) + "</extra>",
            }
        )
    assert set(colors) <= set(legend), "every colour needs its meaning in the legend"
    return {
        "data": data,
        "layout": layout(
            max(220, 28 * len(labels) + 90),
            barmode="stack",  # one bar per label: traces never share a slot
            xaxis={"title": {"text": inert(title)}},
            yaxis={
                "autorange": "reversed",
                "automargin": True,
                "categoryorder": "array",
                "categoryarray": shown,
            },
            showlegend=True,
            legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"},
        ),
    }


# Code health from 1 (red) through 4 (orange) and 7 (yellow) to 10 (green): the policy's
# default bands (unhealthy below 4, healthy from 9) read at a glance.
HEALTH_SCALE = [
    [0.0, "#b71c1c"],
    [1 / 3, "#ef6c00"],
    [2 / 3, "#fbc02d"],
    [8 / 9, "#7cb342"],
    [1.0, "#2e7d32"],
]


def treemap(
    ids: Sequence[str],
    parents: Sequence[str],
    labels: Sequence[str],
    sizes: Sequence[float],
    colors: Sequence[float],
    color_title: str,
    keys: Sequence[str],
    health: bool = False,
) -> Figure:
    """Components and files sized by ``sizes`` (lines) and coloured by ``colors``: a count
    from yellow (none) to red (many), or, with ``health``, a code health from red (1) to
    green (10)."""
    scale = (
        {"colorscale": HEALTH_SCALE, "cmin": 1, "cmax": 10}
        if health
        else {"colorscale": "YlOrRd", "reversescale": True, "cmin": 0}
    )  # plotly.js's YlOrRd runs from red to yellow, hence reversed
    return {
        "data": [
            {
                "type": "treemap",
                "ids": list(ids),
                "parents": list(parents),
                "labels": inert_all(labels),
                "values": list(sizes),
                "branchvalues": "total",
                "customdata": list(keys),
                "marker": {
                    "colors": list(colors),
                    **scale,
                    "colorbar": {"title": {"text": inert(color_title)}},
                },
                "hovertemplate": (
                    "%{label}<br>%{value} lines<br>" + inert(color_title) + ": %{color}"
                    "<extra></extra>"
                ),
            }
        ],
        "layout": layout(520, margin={"l": 5, "r": 5, "t": 30, "b": 5}),
    }


def short_labels(paths: Sequence[str]) -> list[str]:
    """The shortest tail of each path (whole segments) that no other path shares:
    ``index.rst`` where it is unique, ``how-to/index.rst`` and ``en/index.rst`` where not."""
    labels = []
    for path in paths:
        parts = path.split("/")
        for take in range(1, len(parts) + 1):
            tail = "/".join(parts[-take:])
            others = (o for o in paths if o != path)
            if not any(o == tail or o.endswith(("/" + tail, ":" + tail)) for o in others):
                break
        labels.append(tail)
    return labels


def network(nodes: Sequence[str], edges: Sequence[tuple[str, str, float]], title: str,
            said: Sequence[str] | None = None) -> Figure:  # fmt: skip
    """Nodes on a circle (a deterministic layout), an edge per coupled pair, its width
    and opacity by degree (0-100); ``said``: each edge's hover text (default: the pair
    and its degree)."""
    count = max(len(nodes), 1)
    where = {
        n: (math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count))
        for i, n in enumerate(nodes)
    }
    data: list[dict[str, Any]] = []
    for index, (a, b, degree) in enumerate(edges):
        (x0, y0), (x1, y1) = where[a], where[b]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": [x0, x1],
                "y": [y0, y1],
                "line": {
                    "width": 1 + 4 * degree / 100,
                    "color": f"rgba(192,57,43,{degree / 100:.2f})",
                },
                "hoverinfo": "text",
                "text": inert(said[index] if said else f"{a} ↔ {b}: {degree:g}%"),
                "showlegend": False,
            }
        )
    data.append(
        {
            "type": "scatter",
            "mode": "markers+text",
            "x": [where[n][0] for n in nodes],
            "y": [where[n][1] for n in nodes],
            "text": inert_all(short_labels(nodes)),
            "customdata": list(nodes),
            "hovertext": inert_all(nodes),
            "hoverinfo": "text",
            "textposition": "top center",
            "marker": {"size": 10, "color": "#34495e"},
            "showlegend": False,
        }
    )
    axis = {"visible": False, "range": [-1.4, 1.4]}
    return {
        "data": data,
        "layout": layout(520, xaxis=axis, yaxis=axis, title={"text": inert(title)}),
    }


def risk_heatmap(counts: dict[tuple[int, int], list[str]]) -> Figure:
    """Likelihood (y) × impact (x), 1-5 each: the classic risk matrix, each cell coloured
    by its score (likelihood × impact) and labelled with how many risks fall in it; a
    click on a cell filters the register's table to it (rows filter ``LxI``)."""
    cells = [[(lik, imp) for imp in range(1, 6)] for lik in range(1, 6)]
    return {
        "data": [
            {
                "type": "heatmap",
                "x": [1, 2, 3, 4, 5],
                "y": [1, 2, 3, 4, 5],
                "z": [[lik * imp for lik, imp in row] for row in cells],
                "zmin": 1,
                "zmax": 25,
                "text": [
                    [str(len(counts.get(c, []))) if c in counts else "" for c in row]
                    for row in cells
                ],
                "hovertext": [
                    ["<br>".join(inert_all(counts.get(c, [])[:3])) for c in row] for row in cells
                ],
                # a click keeps the register's rows of that cell (render/templates/techlead.js)
                "customdata": [[f"filter:{lik}x{imp}" for lik, imp in row] for row in cells],
                "texttemplate": "%{text}",
                "hovertemplate": (
                    "likelihood %{y} × impact %{x} = score %{z}: %{text} risks<br>"
                    "%{hovertext}<extra></extra>"
                ),
                "colorscale": [[0, "#d5f5e3"], [0.35, "#fcf3cf"], [0.6, AMBER], [1, RED]],
                "showscale": False,
            }
        ],
        "layout": layout(
            360,
            xaxis={"title": {"text": "impact"}, "dtick": 1},
            yaxis={"title": {"text": "likelihood"}, "dtick": 1},
        ),
    }


DAY_MS = 86_400_000  # plotly's date axes count in milliseconds
WINDOW_DAYS = 28  # the least span a timeline's date axis shows


def date_axis(dates: Sequence[str]) -> dict[str, Any]:
    """A date axis that ticks in days, never in hours: when the dates (YYYY-MM-DD) span
    less than four weeks (one date, or all on one day, would otherwise be drawn in
    fractions of a millisecond), a four-week window around their middle, ticked weekly
    from the first date."""
    axis: dict[str, Any] = {"type": "date", "tickformat": "%Y-%m-%d"}
    days = sorted(date.fromisoformat(d) for d in dates)
    if days and (days[-1] - days[0]).days < WINDOW_DAYS:
        middle = days[0] + (days[-1] - days[0]) / 2
        half = timedelta(days=WINDOW_DAYS // 2)
        axis |= {
            "range": [f"{middle - half:%Y-%m-%d}", f"{middle + half:%Y-%m-%d}"],
            "tick0": f"{days[0]:%Y-%m-%d}",
            "dtick": 7 * DAY_MS,
        }
    return axis


def timeline(
    dates: Sequence[str], lanes: Sequence[str], labels: Sequence[str], statuses: Sequence[str]
) -> Figure:
    """A marker per dated record (YYYY-MM-DD), a lane per repository, a colour per status
    named in the legend (shown even for one status, so its colour is explained)."""
    data = []
    for status in sorted(set(statuses)):
        chosen = [i for i, s in enumerate(statuses) if s == status]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": inert(status),
                "x": [dates[i] for i in chosen],
                "y": [inert(lanes[i]) for i in chosen],
                "customdata": [labels[i] for i in chosen],
                "hovertext": [inert(labels[i]) for i in chosen],
                "hoverinfo": "text+x",
                "marker": {"size": 12, "symbol": "diamond"},
            }
        )
    return {
        "data": data,
        "layout": layout(
            max(240, 50 * len(set(lanes)) + 120),
            xaxis=date_axis(dates),
            yaxis={"type": "category", "automargin": True},
            showlegend=True,
            legend={"title": {"text": "status"}, "orientation": "h", "y": -0.25},
        ),
    }


# A check's outcome in the standards matrix: its value on the colour scale, its mark and
# its word, so that the matrix reads without colour.
OUTCOMES = {True: (1.0, "✓", "pass"), False: (0.0, "✗", "fail"), None: (0.5, "–", "n/a")}
# three flat bands: fail, not applicable, pass
BANDS = [[0, RED], [0.34, RED], [0.34, GREY], [0.66, GREY], [0.66, GREEN], [1, GREEN]]


def matrix(rows: Sequence[str], columns: Sequence[str], passed: list[list[bool | None]]) -> Figure:
    """Pass (green ✓), fail (red ✗) or not applicable (grey –) per repository (``rows``)
    and check (``columns``). The longer of the two runs down the page, one line each, so
    that on a phone every name is shown and every cell holds its mark."""
    down, across, cells = inert_all(rows), inert_all(columns), [list(r) for r in passed]
    if len(across) > len(down):
        down, across = across, down
        cells = [list(column) for column in zip(*cells, strict=True)] if cells else []
    return {
        "data": [
            {
                "type": "heatmap",
                "x": across,
                "y": down,
                "z": [[OUTCOMES[p][0] for p in row] for row in cells],
                "text": [[OUTCOMES[p][1] for p in row] for row in cells],
                "customdata": [[OUTCOMES[p][2] for p in row] for row in cells],
                "texttemplate": "%{text}",
                "textfont": {"color": "#fff", "size": 13},
                "zmin": 0,
                "zmax": 1,
                "colorscale": BANDS,
                "showscale": False,
                "xgap": 2,
                "ygap": 2,
                "hovertemplate": "%{y} · %{x}: %{customdata}<extra></extra>",
            }
        ],
        "layout": layout(
            max(200, 26 * len(down) + 120),
            xaxis={
                "side": "top",
                "tickangle": -45 if len(across) > 4 else 0,
                "automargin": True,
                "dtick": 1,
            },
            yaxis={"autorange": "reversed", "automargin": True, "dtick": 1},
            margin={"l": 5, "r": 5, "t": 5, "b": 5},
        ),
    }


LIGHT_LEVELS = {"red": 0.0, "amber": 1 / 3, "grey": 2 / 3, "green": 1.0}
LIGHT_BANDS = [[0, RED], [0.17, RED], [0.17, AMBER], [0.5, AMBER], [0.5, GREY], [0.83, GREY],
               [0.83, GREEN], [1, GREEN]]  # fmt: skip


def lights(rows: Sequence[str], areas: Sequence[str],
           colours: list[list[str]], said: list[list[str]]) -> Figure:  # fmt: skip
    """Traffic lights per row (a team) and area, each cell in its colour and named, with
    the light's sentence on hover."""
    return {
        "data": [
            {
                "type": "heatmap",
                "x": inert_all(areas),
                "y": inert_all(rows),
                "z": [[LIGHT_LEVELS[c] for c in row] for row in colours],
                "text": colours,
                "customdata": [inert_all(row) for row in said],
                "texttemplate": "%{text}",
                "textfont": {"color": "#fff", "size": 12},
                "zmin": 0,
                "zmax": 1,
                "colorscale": LIGHT_BANDS,
                "showscale": False,
                "xgap": 2,
                "ygap": 2,
                "hovertemplate": "%{y} · %{x}: %{customdata}<extra></extra>",
            }
        ],
        "layout": layout(
            max(200, 34 * len(rows) + 120),
            xaxis={"side": "top", "tickangle": -30, "automargin": True, "dtick": 1},
            yaxis={"autorange": "reversed", "automargin": True, "dtick": 1},
            margin={"l": 5, "r": 5, "t": 5, "b": 5},
        ),
    }
