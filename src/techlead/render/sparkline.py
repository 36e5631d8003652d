"""A trend's monthly series as a small inline SVG line (the report and the dashboard): no
script, readable by a screen reader (``role="img"``, an ``aria-label`` and a ``<title>``
with every value), every text escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

from techlead.communicate.trends import value
from techlead.core.model import Trend

WIDTH, HEIGHT, PAD = 120.0, 28.0, 3.0


def points(series: tuple[tuple[str, float], ...]) -> list[tuple[float, float]]:
    """Where each value is drawn: left to right in time, the lowest at the bottom."""
    values = [v for _, v in series]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    middle = HEIGHT / 2 if high == low else None
    return [
        (round(PAD + i * step, 1),
         middle if middle is not None
         else round(HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD), 1))
        for i, v in enumerate(values)
    ]  # fmt: skip


def label(trend: Trend) -> str:
    """What the picture shows, in words, with every value."""
    (first, _), (last, _) = trend.series[0], trend.series[-1]
    values = ", ".join(value(trend, v) for _, v in trend.series)
    return f"{trend.words} ({trend.scope}), monthly from {first} to {last}: {values}"


def sparkline_svg(trend: Trend) -> Markup:
    """The sparkline of a trend's series; empty with fewer than two values."""
    if len(trend.series) < 2:
        return Markup("")
    drawn = points(trend.series)
    line = " ".join(f"{x:g},{y:g}" for x, y in drawn)
    end_x, end_y = drawn[-1]
    said = escape(label(trend))
    return Markup(
        f'<svg class="spark" width="{WIDTH:g}" height="{HEIGHT:g}" '
        f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="img" aria-label="{said}">'
        f"<title>{said}</title>"
        f'<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
        f'<circle cx="{end_x:g}" cy="{end_y:g}" r="2.5" fill="currentColor"/></svg>'
    )
