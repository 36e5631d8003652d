"""The briefing as text and markdown: repository text stays text in markdown."""

from __future__ import annotations

from techlead.communicate.brief import Briefing, Decision, Point
from techlead.communicate.lights import Light
from techlead.render.brief_text import briefing_text

EVIL = "<img src=x onerror=alert(1)>/__init__.py [x](javascript:y) `code` *a*|b"


def brief() -> Briefing:
    return Briefing(
        title="Briefing for a CTO",
        lights=(Light("Code health", "red", f"{EVIL} grew more complex."),),
        decisions=(Decision(f"Refactor {EVIL}", "hotspot #1", "If ignored: it costs."),),
        points=(Point("Hotspots", f"1 hotspot: {EVIL}."),),
        glossary=(("hotspot", "a file that is complex and changed often"),),
        as_of="2020-01-07",
        notices=("requests >=2.20 & <3 is dormant",),
    )


def test_markdown_escapes_what_repositories_wrote() -> None:
    # CommonMark backslash escapes: "<" cannot open HTML, "_" "*" "`" "[" cannot open
    # emphasis, code or a link; ">" is syntax only at a line's start and stays as written.
    escaped = (
        "\\<img src=x onerror=alert(1)>/\\_\\_init\\_\\_.py \\[x\\](javascript:y) "
        "\\`code\\` \\*a\\*\\|b"
    )
    assert briefing_text(brief(), markdown=True) == (
        "# Briefing for a CTO\n"
        "Evidence up to 2020-01-07.\n"
        "\n"
        "## Read this first\n"
        "\n"
        "- requests >=2.20 \\& \\<3 is dormant\n"
        "\n"
        "## Traffic lights\n"
        "\n"
        f"- 🔴 **Code health** (red): {escaped} grew more complex.\n"
        "\n"
        "## Three things that need a decision\n"
        "\n"
        f"1. Refactor {escaped}\n"
        "   Why: hotspot #1\n"
        "   If ignored: it costs.\n"
        "\n"
        "## What the evidence says\n"
        "\n"
        f"- **Hotspots**: 1 hotspot: {escaped}.\n"
        "\n"
        "## Words used here\n"
        "\n"
        "- hotspot: a file that is complex and changed often\n"
    )


def test_plain_text_is_as_written() -> None:
    text = briefing_text(brief())
    assert f"  • 🔴 Code health (red): {EVIL} grew more complex.\n" in text
    assert f"1. Refactor {EVIL}\n" in text
