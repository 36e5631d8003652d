"""The report as one self-contained HTML file (plotly.js, the script and the stylesheet
inlined), or the one-page executive briefing."""

from __future__ import annotations

from datetime import UTC, datetime

from techlead import __version__
from techlead.communicate.report import AUDIENCES, Report
from techlead.core.errors import TechleadError
from techlead.render.html import plotly_js, render, report_link, script, stylesheet


def report_html(report: Report, audience: str = "engineering") -> str:
    if audience not in AUDIENCES:
        raise TechleadError(f"unknown audience {audience!r} (valid: {', '.join(AUDIENCES)})")
    generated = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    if audience == "executive":
        return render("executive.html.j2", brief=report.brief, css=stylesheet(),
                      version=__version__, subtitle=report.subtitle,
                      generated=generated)  # fmt: skip
    return render(
        "report.html.j2",
        title=report.title,
        subtitle=report.subtitle,
        generated=generated,
        version=__version__,
        sections=report.sections,
        without_data=report.without_data,
        brief=report.brief,
        left_out=report.left_out,
        link=report_link,
        css=stylesheet(),
        plotly=plotly_js(),
        script=script(),
    )
