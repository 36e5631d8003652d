"""Markdown output: a GitHub-flavoured table for wikis and chat, then the notes.

Repository text is untrusted: pipes, backslashes and HTML-significant characters are
escaped and line breaks become spaces, so a cell can neither end the table nor inject
markup.
"""

from __future__ import annotations

from typing import Any, TextIO

from techlead.core.model import Result
from techlead.render.values import plain

_ESCAPES = str.maketrans(
    {"|": "\\|", "\\": "\\\\", "<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " ", "\r": " "}
)


def cell(value: object) -> str:
    return plain(value).translate(_ESCAPES)


def render_markdown(result: Result[Any], out: TextIO) -> None:
    out.write("| " + " | ".join(cell(c) for c in result.columns) + " |\n")
    out.write("|" + "|".join("---" for _ in result.columns) + "|\n")
    for row in result.rows:
        out.write("| " + " | ".join(cell(v) for v in row) + " |\n")
    for note in result.notes:
        out.write(f"\n{cell(note)}\n")
