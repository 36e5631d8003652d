"""HTML pages from sections: the self-contained report and the dashboard's pages.

One autoescaping Jinja2 environment renders every page, so text from repositories (commit
messages, names, paths, ADRs) is escaped wherever it lands. Figures travel as JSON in
``<script type="application/json">`` blocks with ``<``, ``>`` and ``&`` escaped, so no
string can close the block. plotly.js comes from the installed ``plotly`` package: inlined
in the report (it works offline, with no CDN), served by the dashboard.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from techlead.communicate.trends import year_move
from techlead.core.model import Ref
from techlead.render.safe_markdown import markdown_to_html
from techlead.render.sparkline import sparkline_svg

Linker = Callable[[Ref], str | None]


def dashboard_link(ref: Ref) -> str:
    return f"/{ref.kind}?{urlencode(ref.params)}"


def report_link(ref: Ref) -> str | None:
    """In the report, an ADR links to its text further down; other Refs mark their row."""
    return f"#{ref.anchor}" if ref.kind == "adr" else None


def is_ref(value: Any) -> bool:
    return isinstance(value, Ref)


def cell_text(value: Any) -> str:
    """A value as a table cell shows it (the markup around it is in _cell.html.j2)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def row_key(row: tuple[Any, ...]) -> str:
    """The label a chart point uses for this row: its first Ref (else its first cell)."""
    first = next((v for v in row if isinstance(v, Ref)), row[0] if row else "")
    return str(first)


def figure_json(figure: dict[str, Any]) -> Markup:
    text = json.dumps(figure, separators=(",", ":"), default=str)
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(safe.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def worst_colour(lights: Any) -> str:
    """The colour an overall verdict is drawn in: its worst light's."""
    colours = {light.colour for light in lights}
    return next((c for c in ("red", "amber", "green") if c in colours), "grey")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("techlead.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        is_ref=is_ref,
        cell_text=cell_text,
        row_key=row_key,
        figure_json=figure_json,
        markdown_html=markdown_to_html,
        sparkline=sparkline_svg,
        worst_colour=worst_colour,
        year_move=year_move,
    )
    return env


@cache
def plotly_js() -> str:
    return (files("plotly") / "package_data" / "plotly.min.js").read_text(encoding="utf-8")


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def asset(name: str) -> str:
    """A static file kept with the templates (the stylesheet, the page script)."""
    return (files("techlead.render") / "templates" / name).read_text(encoding="utf-8")


def stylesheet() -> str:
    """The pages' stylesheet, with the radar's (which ``techlead radar render`` inlines alone)."""
    return asset("_style.css") + asset("_radar.css")


def script() -> str:
    return asset("techlead.js")
