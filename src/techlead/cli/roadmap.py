"""techlead roadmap: the initiatives of roadmap.toml, their states and their conflicts."""

from __future__ import annotations

from pathlib import Path

import click

from techlead.cli.options import db_option, format_option, open_reading
from techlead.core.dates import parse_date
from techlead.core.errors import ConfigError
from techlead.decisions.roadmap_check import review
from techlead.render.base import Format, render


@click.command("roadmap")
@click.option(
    "--file",
    "roadmap_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The roadmap (default: ./roadmap.toml, else the one beside the workspace's "
    "techlead.toml).",
)
@click.option(
    "--goals",
    "goals_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The goals the initiatives serve (default: ./goals.toml, else the one beside the "
    "workspace's techlead.toml).",
)
@click.option("--check", is_flag=True, help="Exit with code 1 when the roadmap has a conflict.")
@click.option(
    "--now", help="The date initiatives' states are judged at (default: the last scan's moment)."
)
@db_option
@format_option(Format.TABLE, Format.JSON, Format.CSV)
def roadmap_command(
    roadmap_file: Path | None,
    goals_file: Path | None,
    check: bool,
    now: str | None,
    db: Path | None,
    fmt: str,
) -> None:
    """List the roadmap's initiatives in start order: state, links and conflicts.

    Examples: techlead roadmap ; techlead roadmap --check ; techlead roadmap --format json
    """
    moment = parse_date(now, what="--now") if now else None
    con = open_reading(db)
    try:
        found = review(con, roadmap_file, goals_file, moment)
    finally:
        con.close()
    if found is None:
        raise ConfigError(
            "no roadmap.toml here or beside the workspace's techlead.toml",
            tip="write one (docs/direction.md) or name it with --file PATH",
        )
    render(found.result, Format(fmt))
    if check and found.conflicts:
        click.get_current_context().exit(1)
