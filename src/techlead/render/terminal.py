"""Terminal output: Rich tables. Repository text is printed as text, never as markup."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from techlead.analyses.base import Result
from techlead.render.values import plain


def render_table(result: Result, console: Console) -> None:
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for column in result.columns:
        numeric = any(isinstance(row[result.columns.index(column)], (int, float)) for row in result.rows[:50])
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for row in result.rows:
        table.add_row(*(Text(_cell(value)) for value in row))
    console.print(table)
    for note in result.notes:
        console.print(Text(note, style="dim"))


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return plain(value)
