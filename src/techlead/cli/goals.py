"""techlead goals: each key result of goals.toml against its metric's history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from techlead.cli.options import db_option, format_option, open_reading, resolve_db
from techlead.core.dates import parse_date
from techlead.core.errors import ConfigError
from techlead.core.model import Result
from techlead.direction.catalogue import metrics
from techlead.direction.goals import Status, assess, locate, moment, read_goals
from techlead.direction.goals import check as check_links
from techlead.direction.history_cache import flush
from techlead.render.base import Format, render
from techlead.render.terminal import console_for, print_clean, visible


@click.command("goals")
@click.option("--file", "goals_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The goals file (default: ./goals.toml, else the one beside the "
                   "workspace's techlead.toml).")  # fmt: skip
@click.option("--now", help="The date deadlines are compared with (default: the newest commit).")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1 when a key result whose deadline has passed is missed (a CI gate).",
)
@db_option
@format_option(Format.TABLE, Format.JSON, Format.CSV, Format.MARKDOWN)
def goals_command(goals_file: Path | None, now: str | None, check: bool, db: Path | None,
                  fmt: str) -> None:  # fmt: skip
    """Each key result of goals.toml: baseline, current value, target, progress, trend, a
    forecast to the deadline and a status (met, missed, on track, off track, at risk).

    Examples: techlead goals ; techlead goals --check ; techlead goals --format json
    """
    con = open_reading(db)
    try:
        path = locate(con, goals_file)
        if path is None:
            raise ConfigError(
                "no goals file: write goals.toml beside techlead.toml or in "
                "this folder, or give --file PATH (docs/direction.md, Goals)"
            )
        objectives = read_goals(path, metrics(con))
        warnings = check_links(con, objectives)
        when = moment(con, parse_date(now, what="--now") if now else None)
        rows = [assess(con, r, when).status for o in objectives for r in o.key_results]
    finally:
        con.close()
        flush(resolve_db(db))  # the history values computed now, for the next run
    for warning in warnings:
        click.echo(f"techlead: warning: {visible(warning)}", err=True)
    if Format(fmt) is Format.TABLE:
        _table(rows)
    else:
        result: Result[Any] = Result.of("goals", Status, rows)
        render(result, Format(fmt))
    missed = [r for r in rows if r.status == "missed"]
    if check and missed:
        for row in missed:
            click.echo(f"techlead: missed: objective {visible(row.objective)}: {row.metric} of "
                       f"{visible(row.scope)} is {_number(row.value)}, the target was "
                       f"{_number(row.target)} by {row.deadline}", err=True)  # fmt: skip
        click.get_current_context().exit(1)


def _table(rows: list[Status]) -> None:
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for column in ("objective", "metric", "scope", "progress", "", "value", "target",
                   "deadline", "trend", "forecast", "status"):  # fmt: skip
        table.add_column(column, justify="right" if column in ("", "value", "target") else "left")
    for row in rows:
        done = max(0.0, min(100.0, row.progress or 0.0))
        table.add_row(
            Text(visible(row.objective)), row.metric, Text(visible(row.scope)),
            ProgressBar(total=100, completed=done, width=20),
            "" if row.progress is None else f"{row.progress:g}%",
            _number(row.value), _number(row.target), row.deadline, row.trend,
            _forecast(row), Text(row.status, style=_STYLES.get(row.status, "")),
        )  # fmt: skip
    console = console_for(sys.stdout)
    print_clean(console, table)
    if not rows:
        console.print(Text("no key results in the goals file", style="dim"))


_STYLES = {"met": "green", "on track": "green", "at risk": "yellow", "off track": "red",
           "missed": "bold red"}  # fmt: skip


def _forecast(row: Status) -> str:
    if row.forecast is None:
        return row.note
    return f"{_number(row.forecast)} ({_number(row.forecast_low)} to {_number(row.forecast_high)})"


def _number(value: float | None) -> str:
    # one decimal is all a reader needs of a forecast (the JSON keeps three)
    return "-" if value is None else f"{round(value, 1):g}"
