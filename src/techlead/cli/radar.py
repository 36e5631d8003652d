"""techlead radar: the technology radar checked against what the repositories use."""

from __future__ import annotations

from pathlib import Path

import click

from techlead.cli.options import (
    db_option,
    format_option,
    open_reading,
    out_file,
    radar_layout_options,
    write_file,
)
from techlead.core.model import Result
from techlead.decisions.radar import load
from techlead.decisions.radar_check import HOLD_IN_USE, blips_in_use, check
from techlead.decisions.radar_compare import RadarDifference, compare
from techlead.decisions.radar_render import picture, with_history
from techlead.mining.radar_history import previous_edition
from techlead.render.base import Format, render
from techlead.render.radar import radar_page


@click.group("radar")
def radar_group() -> None:
    """The technology radar (Thoughtworks BYOR CSV/JSON, Backstage, Zalando files)."""


@radar_group.command("check")
@click.argument("radar_file", metavar="RADAR_FILE", type=click.Path(dir_okay=False, path_type=Path))
@radar_layout_options
@click.option("--repo", multiple=True, help="Only this repository (repeatable).")
@click.option("--strict", is_flag=True, help="Exit with code 1 when a hold technology is in use.")
@db_option
@format_option(Format.TABLE, Format.CSV, Format.JSON, Format.MARKDOWN)
def check_command(
    radar_file: Path,
    rings: tuple[str, ...] | None,
    quadrants: tuple[str, ...] | None,
    repo: tuple[str, ...],
    strict: bool,
    db: Path | None,
    fmt: str,
) -> None:
    """Compare the radar with the technologies the scanned repositories use.

    Examples: techlead radar check radar.csv ; techlead radar check radar.json --strict
    """
    radar = load(radar_file, rings, quadrants)
    con = open_reading(db, repo)
    try:
        result = check(con, radar, repo)
    finally:
        con.close()
    render(result, Format(fmt))
    if strict and any(row.finding == HOLD_IN_USE for row in result.rows):
        click.get_current_context().exit(1)


@radar_group.command("render")
@click.argument("radar_file", metavar="RADAR_FILE", type=click.Path(dir_okay=False, path_type=Path))
@radar_layout_options
@click.option("--title", default="Technology radar", show_default=True, help="The page title.")
@click.option(
    "--in-use",
    is_flag=True,
    help="Mark the blips the scanned repositories use, and hold ones in use (reads --db).",
)
@click.option("--repo", multiple=True, help="With --in-use: only this repository (repeatable).")
@db_option
@out_file(
    default=Path("radar.html"),
    show_default=True,
    help="The HTML file to write.",
)
def render_command(
    radar_file: Path,
    rings: tuple[str, ...] | None,
    quadrants: tuple[str, ...] | None,
    title: str,
    in_use: bool,
    repo: tuple[str, ...],
    db: Path | None,
    out: Path,
) -> None:
    """Draw the radar as one self-contained HTML page (works offline, prints to PDF).

    Blips that moved since the radar file's previous version in git are marked; with
    --in-use, so are the blips the repositories use.
    Example: techlead radar render radar.csv --in-use --out radar.html
    """
    loaded = load(radar_file, rings, quadrants)
    radar = with_history(loaded, radar_file, previous_edition(radar_file))
    used = None
    if in_use:
        con = open_reading(db, repo)
        try:
            used = blips_in_use(con, radar, repo)
        finally:
            con.close()
    write_file(out, radar_page(picture(radar, used), title))
    click.echo(out)


@radar_group.command("compare")
@click.argument("ours", metavar="OURS", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("other", metavar="OTHER", type=click.Path(dir_okay=False, path_type=Path))
@format_option(Format.TABLE, Format.CSV, Format.JSON, Format.MARKDOWN)
def compare_command(ours: Path, other: Path, fmt: str) -> None:
    """Compare our radar with another one: the rings of the blips on both, and the blips
    only one of them has (any radar format either side).

    Example: techlead radar compare radar.csv thoughtworks-vol-31.csv
    """
    found = compare(load(ours), load(other))
    # the column names the issue asked for (ours_ring), not code-maat's hyphens
    columns = tuple(RadarDifference._fields)
    render(Result("radar-compare", columns, found.rows, tuple(found.notes)), Format(fmt))
