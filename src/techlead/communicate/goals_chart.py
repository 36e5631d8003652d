"""The goals chart: one panel per key result, stacked, each with the metric's monthly
history, the target as a dashed line, the forecast to the deadline with its 95 % band, and
the deadline as a dotted vertical line (docs/direction.md "Goals").

Labels can come from goals.toml or the repositories (objective ids, scope names): they go
through ``charts.inert`` like every other label.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from techlead.communicate.charts import AMBER, GREEN, GREY, RED, Figure, inert, layout
from techlead.direction.goals import Assessment

PANEL = 220  # pixels per key result
COLOURS = {"met": GREEN, "on track": GREEN, "at risk": AMBER, "off track": RED, "missed": RED}


def goals_chart(assessments: Sequence[Assessment]) -> Figure:
    """Every key result's panel, titled above; the legend names the history, target,
    forecast and band."""
    panels = len(assessments)
    data: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    axes: dict[str, Any] = {}
    titles: list[dict[str, Any]] = []  # above each panel: which key result, its status
    for index, item in enumerate(assessments):
        suffix = "" if index == 0 else str(index + 1)
        data += _traces(item, f"x{suffix}", f"y{suffix}")
        shapes.append({"type": "line", "xref": f"x{suffix}", "yref": f"y{suffix} domain",
                       "x0": item.status.deadline, "x1": item.status.deadline, "y0": 0,
                       "y1": 1, "line": {"color": GREY, "dash": "dot"}})  # fmt: skip
        row = item.status
        title = f"{row.objective} · {row.metric} of {row.scope}: {row.status}"
        axes[f"xaxis{suffix}"] = {"type": "date", "anchor": f"y{suffix}"}
        axes[f"yaxis{suffix}"] = {"automargin": True}
        titles.append({"text": inert(title), "xref": f"x{suffix} domain", "x": 0,
                       "yref": f"y{suffix} domain", "y": 1.02, "xanchor": "left",
                       "yanchor": "bottom", "showarrow": False, "font": {"size": 12}})  # fmt: skip
    named: set[str] = set()
    for trace in data:  # each name once in the legend (panels share colours and dashes)
        trace["showlegend"] = trace["name"] not in named and trace["name"] != "band"
        named.add(trace["name"])
    return {
        "data": data,
        "layout": layout(
            max(260, PANEL * panels + 80),
            grid={"rows": max(panels, 1), "columns": 1, "pattern": "independent", "ygap": 0.45},
            shapes=shapes,
            annotations=titles,
            showlegend=True,
            legend={"orientation": "h", "y": -0.08 if panels > 2 else -0.2},
            **axes,
        ),
    }


def _traces(item: Assessment, x: str, y: str) -> list[dict[str, Any]]:
    row = item.status
    dates = [d.isoformat() for d, _ in item.points]
    values = [v for _, v in item.points]
    start = dates[0] if dates else row.deadline
    colour = COLOURS.get(row.status, GREY)
    found = [
        _line("history", dates, values, x, y, {"color": colour}, "lines+markers"),
        _line(
            "target",
            [start, row.deadline],
            [row.target, row.target],
            x,
            y,
            {"color": GREY, "dash": "dash"},
        ),
    ]
    if row.forecast is not None and dates:
        last, at = [dates[-1], row.deadline], [values[-1], row.forecast]
        low, high = [values[-1], row.forecast_low], [values[-1], row.forecast_high]
        found += [
            _line("band", last, low, x, y, {"width": 0}),
            {**_line("95 % band", last, high, x, y, {"width": 0}),
             "fill": "tonexty", "fillcolor": "rgba(120,120,120,0.2)"},
            _line("forecast", last, at, x, y, {"color": colour, "dash": "dot"}),
        ]  # fmt: skip
    return found


def _line(name: str, xs: list[str], ys: Sequence[float | None], x: str, y: str,
          line: dict[str, Any], mode: str = "lines") -> dict[str, Any]:  # fmt: skip
    return {"type": "scatter", "mode": mode, "name": name, "x": xs, "y": list(ys),
            "xaxis": x, "yaxis": y, "line": line, "legendgroup": name}  # fmt: skip
