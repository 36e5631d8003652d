"""The page of ``techlead radar render``: a radar picture as one self-contained HTML file.

The markup is in ``templates/radar.html.j2`` and ``templates/_radar.html.j2`` (the report
and the dashboard draw the same macro), rendered by the one autoescaping environment of
:mod:`techlead.render.html`, so every name and description from the radar file is escaped.
"""

from __future__ import annotations

from techlead.core.model import RadarPicture
from techlead.render.html import render


def radar_page(picture: RadarPicture, title: str) -> str:
    """The whole page: the title, the inline SVG and the legend; no script, no CDN."""
    return render("radar.html.j2", picture=picture, title=title)
