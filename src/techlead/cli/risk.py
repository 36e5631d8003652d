"""techlead risk: the ranked risk register, or what changed since the previous scan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from techlead.cli.options import db_option, format_option, open_reading, radar_options
from techlead.core.dates import parse_date
from techlead.core.model import Options, Result
from techlead.decisions.radar import load as load_radar
from techlead.render.base import Format, render
from techlead.risk import hand_kept, osv, register
from techlead.risk.vulns import LEVELS, level_rank, vulnerability_risks, vulns_result, worst_level


@click.command("risk")
@click.option("--repo", multiple=True, help="Only this repository (repeatable).")
@click.option(
    "--osv",
    type=click.Path(exists=True, path_type=Path),
    help="OSV data (directory, all.zip or JSON file): adds vulnerable dependencies.",
)
@click.option(
    "--risks",
    "risks_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Hand-kept risks (default: ./risks.toml, else the workspace's risks.toml).",
)
@radar_options("A technology radar: adds hold technologies still in use.")
@click.option(
    "--now",
    help="The date activity and staleness are measured to (default: the last scan's moment).",
)
@click.option(
    "--diff", is_flag=True, help="New, resolved and worsened risks since the previous scan."
)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many risks.")
@db_option
@format_option(Format.TABLE, Format.JSON, Format.CSV, Format.MARKDOWN)
def risk_command(
    repo: tuple[str, ...],
    osv: Path | None,
    risks_file: Path | None,
    radar_file: Path | None,
    rings: tuple[str, ...] | None,
    quadrants: tuple[str, ...] | None,
    now: str | None,
    diff: bool,
    limit: int | None,
    db: Path | None,
    fmt: str,
) -> None:
    """One ranked risk register from the evidence: people, code, dependencies.

    Examples: techlead risk ; techlead risk --osv ~/osv --format markdown ; techlead risk --diff
    """
    con = open_reading(db, repo)
    result: Result[Any]
    try:
        if diff:
            rows, note = register.diff(con)
            result = Result.of("risk-diff", register.RiskChange, rows[:limit], (note,))
        else:
            options = Options(repos=repo)
            moment = parse_date(now, what="--now") if now else None
            extra = vulnerability_risks(con, osv, options) if osv else []
            radar = load_radar(radar_file, rings, quadrants) if radar_file else None
            risks = hand_kept.build(register.computed(con, options, moment, extra, radar),
                                    hand_kept.read(con, risks_file))  # fmt: skip
            changes = register.last_changes(con)
            result = Result.of("risk", register.RiskRow,
                               [register.row(r, changes) for r in risks[:limit]])  # fmt: skip
    finally:
        con.close()
    render(result, Format(fmt))


@click.command("vulns")
@click.option(
    "--osv",
    "osv_path",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="OSV data: a directory of OSV JSON files, osv-scanner's offline layout, or all.zip.",
)
@click.option("--repo", multiple=True, help="Only this repository (repeatable).")
@click.option(
    "--fail-on",
    type=click.Choice(LEVELS),
    help="Exit with code 1 when a dependency is affected at or above this severity.",
)
@db_option
@format_option(Format.TABLE, Format.JSON, Format.CSV, Format.MARKDOWN)
def vulns_command(
    osv_path: Path, repo: tuple[str, ...], fail_on: str | None, db: Path | None, fmt: str
) -> None:
    """Known vulnerabilities of the dependencies at HEAD, matched offline with OSV data.

    Examples: techlead vulns --osv ~/osv-data ; techlead vulns --osv all.zip --fail-on high
    """
    data = osv.load(osv_path)
    if fail_on:
        osv.require_clean(data)  # a gate must not pass on data it could not read
    con = open_reading(db, repo)
    try:
        result = vulns_result(data, con, repo)
    finally:
        con.close()
    render(result, Format(fmt))
    if fail_on and worst_level(result.rows) >= level_rank(fail_on):
        click.get_current_context().exit(1)
