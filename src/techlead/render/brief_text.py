"""A briefing as plain text (the terminal) or as markdown (wikis and chat).

Every sentence of a briefing can carry repository text (paths, names, titles of risks).
In markdown it is data, not markup (render.markdown.literal), so a file named
``<img onerror=...>.py`` or ``__init__.py`` reads as itself; in both, control characters
(escape sequences, newlines in a name) are shown, not obeyed (render.terminal.visible).
"""

from __future__ import annotations

from techlead.communicate.brief import Briefing
from techlead.communicate.trends import spark, value
from techlead.core.model import Trend
from techlead.render.markdown import literal as md
from techlead.render.terminal import visible

_MARK = {"green": "🟢", "amber": "🟠", "red": "🔴", "grey": "⚪"}


def briefing_text(brief: Briefing, markdown: bool = False) -> str:
    say = md if markdown else visible
    h1, h2, item = ("# ", "## ", "- ") if markdown else ("", "", "  • ")
    lines = [f"{h1}{say(brief.title)}", f"Evidence up to {say(brief.as_of)}.", ""]
    if brief.verdict:
        lines += [f"**{say(brief.verdict)}**" if markdown else say(brief.verdict), ""]
    if brief.notices:
        lines += [f"{h2}Read this first", ""]
        lines += [f"{item}{say(notice)}" for notice in brief.notices]
        lines.append("")
    lines += [f"{h2}Traffic lights", ""]
    for light in brief.lights:
        area = f"**{say(light.area)}**" if markdown else say(light.area)
        answer = f" {say(light.answer)}" if light.answer else ""
        answer = (f" {say(light.trend)}" if light.trend else "") + answer
        lines.append(
            f"{item}{_MARK[light.colour]} {area} ({light.colour}): {say(light.sentence)}{answer}"
        )
        lines += _sparks(light.trends, markdown)
    lines += ["", f"{h2}Three things that need a decision", ""]
    if not brief.decisions:
        lines.append(f"{item}Nothing in the risk register needs a decision.")
    for n, d in enumerate(brief.decisions, start=1):
        lines += [f"{n}. {say(d.title)}", f"   Why: {say(d.evidence)}", f"   {say(d.cost)}"]
    if brief.points:
        lines += ["", f"{h2}What the evidence says", ""]
        for point in brief.points:
            shown = f"**{say(point.title)}**" if markdown else say(point.title)
            trend = f" {say(point.trend)}" if point.trend else ""
            lines.append(f"{item}{shown}: {say(point.headline)}{trend}")
            lines += _sparks(point.trends, markdown)
    if brief.glossary:
        lines += ["", f"{h2}Words used here", ""]
        lines += [f"{item}{say(term)}: {say(meaning)}" for term, meaning in brief.glossary]
    return "\n".join(lines) + "\n"


def _sparks(found: tuple[Trend, ...], markdown: bool) -> list[str]:
    """A line per trend with a series: its sparkline, what it shows and its first and last
    values ("▁▃▅█ truck factor, monthly from 2025-12-01 to 2026-12-05: 1 → 3")."""
    indent = "  " if markdown else "      "
    lines = []
    for trend in found:
        line = spark(trend)
        if line:
            (first, a), (last, b) = trend.series[0], trend.series[-1]
            said = (f"{trend.words}, monthly from {first} to {last}: "
                    f"{value(trend, a)} → {value(trend, b)}")  # fmt: skip
            shown = f"- {line} {md(said)}" if markdown else f"{line} {visible(said)}"
            lines.append(f"{indent}{shown}")
    return lines
