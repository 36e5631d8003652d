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
from markupsafe import Markup, escape

from techlead.core.model import Ref
from techlead.render.safe_markdown import record_html

Linker = Callable[[Ref], str | None]


def dashboard_link(ref: Ref) -> str:
    return f"/{ref.kind}?{urlencode(ref.params)}"


def report_link(ref: Ref) -> str | None:
    """In the report, an ADR links to its text further down; other Refs mark their row."""
    return f"#{ref.anchor}" if ref.kind == "adr" else None


def cell(value: Any, link: Linker) -> Markup:
    """One table cell: a Ref becomes a link (the dashboard) or a marked span (the report)."""
    if isinstance(value, Ref):
        href = link(value)
        if href is not None:
            anchor = '<a href="{}" data-key="{}">{}</a>'
            return Markup(anchor).format(href, value.label, value.label)
        return Markup('<span class="ref" data-key="{}">{}</span>').format(value.label, value.label)
    if value is None:
        return Markup("")
    if isinstance(value, float):
        return escape(f"{value:g}")
    if isinstance(value, int) and not isinstance(value, bool):
        return escape(f"{value:,}")
    if isinstance(value, list | tuple):
        return escape(", ".join(str(v) for v in value))
    return escape(str(value))


def row_key(row: tuple[Any, ...]) -> str:
    """The label a chart point uses for this row: its first Ref (else its first cell)."""
    first = next((v for v in row if isinstance(v, Ref)), row[0] if row else "")
    return str(first)


def figure_json(figure: dict[str, Any]) -> Markup:
    text = json.dumps(figure, separators=(",", ":"), default=str)
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(safe.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


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
        cell=cell, row_key=row_key, figure_json=figure_json, record_html=record_html
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
    return asset("_style.css")


def script() -> str:
    return asset("techlead.js")
