"""The report: every section with data, in the order a role reads them, as one
self-contained HTML file; or, for an executive audience, the one-page briefing."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import files

from techlead import __version__
from techlead.communicate.brief import briefing
from techlead.communicate.model import TITLES, Scope, count
from techlead.communicate.roles import ALL_SECTIONS, Role, build, section_ids
from techlead.core.errors import TechleadError
from techlead.render.html import plotly_js, render, report_link

AUDIENCES = ("engineering", "executive")


def _asset(name: str) -> str:
    return (files("techlead.render") / "templates" / name).read_text(encoding="utf-8")


def stylesheet() -> str:
    return _asset("_style.css")


def script() -> str:
    return _asset("techlead.js")


def subtitle(scope: Scope, chosen: Role | None) -> str:
    repos = scope.repo_names()
    if not repos:
        raise TechleadError("the warehouse holds no repositories", tip="run `techlead scan PATH`")
    shown = ", ".join(repos[:5]) + (f" and {len(repos) - 5} more" if len(repos) > 5 else "")
    for_whom = f" · for {chosen.title}" if chosen else ""
    return f"{count(len(repos), 'repository', 'repositories')}: {shown}{for_whom}"


def report_html(scope: Scope, chosen: Role | None, audience: str = "engineering") -> str:
    if audience not in AUDIENCES:
        raise TechleadError(f"unknown audience {audience!r} (valid: {', '.join(AUDIENCES)})")
    heading = subtitle(scope, chosen)
    ids = section_ids(chosen)
    sections = build(scope, ids)
    brief = briefing(scope, chosen, sections)
    generated = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    if audience == "executive":
        return render("executive.html.j2", brief=brief, css=stylesheet(), version=__version__,
                      subtitle=heading, generated=generated)  # fmt: skip
    left_out = [TITLES[i] for i in ALL_SECTIONS if i not in ids] if chosen else []
    return render(
        "report.html.j2",
        title=f"Engineering evidence for {chosen.title}" if chosen else "Engineering evidence",
        subtitle=heading,
        generated=generated,
        version=__version__,
        sections=[s for s in sections if not s.empty],
        without_data=[s.title for s in sections if s.empty],
        brief=brief,
        left_out=left_out,
        link=report_link,
        css=stylesheet(),
        plotly=plotly_js(),
        script=script(),
    )
