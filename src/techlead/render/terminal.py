"""Terminal output: Rich tables. Repository text is printed as text, never as markup.

Times print in UTC to the minute; numbers print as they are (ids stay copyable). When
stdout is not a terminal the table is laid out wide rather than folded, so that piped
output keeps one row per line.

Repository text can hold control characters (a file named with an ANSI or OSC escape
sequence that would recolour the terminal or set its title, a newline that would split a
row): every text printed here goes through ``visible``, which shows them as the Unicode
control pictures (``␛``, ``␊``) or as escapes, so one row stays one row and nothing a
repository wrote is obeyed by the terminal.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from techlead.core.model import Result
from techlead.render.values import plain

PIPE_WIDTH = 4000
_C0 = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
# C1 controls (0x9b is a one-byte CSI), line and paragraph separators, and the bidi
# controls that reorder what a line seems to say ("Trojan Source").
_ESCAPED = [*range(0x80, 0xA0), 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A),
            0x2028, 0x2029]  # fmt: skip
_VISIBLE = str.maketrans(_C0 | {code: f"\\u{code:04x}" for code in _ESCAPED})


def visible(text: str) -> str:
    """Text with its control characters shown rather than obeyed (one line, inert)."""
    return text.translate(_VISIBLE)


def console_for(out: TextIO | None = None, width: int | None = None) -> Console:
    out = out or sys.stdout
    if width is None and not out.isatty():
        width = PIPE_WIDTH
    return Console(file=out, width=width, highlight=False, soft_wrap=False)


def render_table(result: Result[Any], console: Console) -> None:
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    sample = result.rows[:50]
    for index, column in enumerate(result.columns):
        numeric = bool(sample) and all(
            isinstance(row[index], (int, float)) and not isinstance(row[index], bool)
            for row in sample
            if row[index] is not None
        )
        table.add_column(visible(column), justify="right" if numeric else "left")
    for row in result.rows:
        table.add_row(*(Text(visible(cell(value))) for value in row))
    print_clean(console, table)
    for note in result.notes:
        console.print(Text(visible(note), style="dim"))
    for caveat in result.caveats:
        console.print(Text(f"caveat: {visible(caveat)}", style="yellow"))


def print_clean(console: Console, renderable: Table) -> None:
    """Print; when not on a terminal, without the padding Rich adds at line ends."""
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    lines = captured.get().splitlines()
    console.file.write("".join(line.rstrip() + "\n" for line in lines))


def cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
    return plain(value)
