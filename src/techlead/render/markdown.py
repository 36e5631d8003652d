"""Markdown output: a GitHub-flavoured table for wikis and chat, then the notes.

Repository text is untrusted, and in markdown it is data, not markup: every character
markdown or HTML reads as syntax is backslash-escaped (CommonMark: any ASCII
punctuation may be), line breaks become spaces, so a cell can neither end the table nor
inject markup, emphasis, code, links or HTML; other control characters are shown, not
obeyed (render.terminal.visible: markdown is often read in a terminal). ``>`` is left as
it is: it is only syntax at the start of a line, where repository text never stands, and
``>=`` should read as ``>=`` in the raw text too.
"""

from __future__ import annotations

from typing import Any, TextIO

from techlead.core.model import Result
from techlead.render.terminal import visible
from techlead.render.values import plain

_ESCAPES = str.maketrans(
    {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
     "|": "\\|", "<": "\\<", "&": "\\&", "\n": " ", "\r": " "}
)  # fmt: skip


def literal(text: str) -> str:
    """Repository-bearing text as literal markdown (one escaping for every output)."""
    return visible(text.translate(_ESCAPES))


def cell(value: object) -> str:
    return literal(plain(value))


def render_markdown(result: Result[Any], out: TextIO) -> None:
    out.write("| " + " | ".join(cell(c) for c in result.columns) + " |\n")
    out.write("|" + "|".join("---" for _ in result.columns) + "|\n")
    for row in result.rows:
        out.write("| " + " | ".join(cell(v) for v in row) + " |\n")
    for note in result.notes:
        out.write(f"\n{cell(note)}\n")
    for caveat in result.caveats:
        out.write(f"\n> **Caveat:** {cell(caveat)}\n")
