"""Terminal output: Rich tables. Repository text is printed as text, never as markup.

Times print in UTC to the minute; numbers print as they are (ids stay copyable). When
stdout is not a terminal the table is laid out wide rather than folded, so that piped
output keeps one row per line.
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
        table.add_column(column, justify="right" if numeric else "left")
    for row in result.rows:
        table.add_row(*(Text(cell(value)) for value in row))
    print_clean(console, table)
    for note in result.notes:
        console.print(Text(note, style="dim"))
    for caveat in result.caveats:
        console.print(Text(f"caveat: {caveat}", style="yellow"))


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
