"""techlead standards: scorecards across repositories, usable as a CI gate."""

from __future__ import annotations

from pathlib import Path

import click

from techlead.analyses.moment import moment
from techlead.cli.options import db_option, open_reading, radar_options
from techlead.core.dates import parse_date
from techlead.core.errors import ConfigError
from techlead.core.model import Result
from techlead.decisions.radar import load as load_radar
from techlead.render.base import Format, render
from techlead.render.standards_formats import junit_xml, sarif
from techlead.risk.osv import load as load_osv
from techlead.standards.checks import LEVELS
from techlead.standards.config import load as load_config
from techlead.standards.scorecard import (
    DIFF_COLUMNS,
    checks_in_force,
    rank,
    scorecards,
    team_levels,
)
from techlead.standards.scorecard import diff as standards_diff

_MARK = {True: "pass", False: "FAIL", None: "n/a"}


@click.command("standards")
@click.option(
    "--level",
    help="Exit with code 1 when a repository does not reach this level (bronze, silver, gold).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Custom checks, levels, exemptions (default: ./standards.toml when it exists).",
)
@click.option("--repo", multiple=True, help="Only this repository (repeatable).")
@click.option("--now", help="The date activity is measured to (default: the last scan's moment).")
@click.option(
    "--diff", is_flag=True, help="Checks newly passing and failing since the previous scan."
)
@radar_options("A technology radar: enables the no-hold check.")
@click.option(
    "--osv",
    "osv_path",
    type=click.Path(exists=True, path_type=Path),
    help="OSV data: enables the no-vulnerabilities check.",
)
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "markdown", "junit", "sarif"]),
    default="table",
    show_default=True,
    help="Output format (JUnit XML and SARIF for CI systems).",
)
def standards_command(
    level: str | None,
    config_file: Path | None,
    repo: tuple[str, ...],
    now: str | None,
    diff: bool,
    radar_file: Path | None,
    rings: tuple[str, ...] | None,
    quadrants: tuple[str, ...] | None,
    osv_path: Path | None,
    db: Path | None,
    fmt: str,
) -> None:
    """Check every repository against the built-in standards: a repo x check matrix,
    the level reached (bronze, silver, gold), a 0-10 score, and how to fix each failure.

    Examples: techlead standards ; techlead standards --level silver --format markdown
    """
    given = parse_date(now, what="--now") if now else None
    default = Path("standards.toml")
    config = load_config(config_file or default) if config_file or default.is_file() else None
    levels = config.levels if config else LEVELS
    if level is not None and level not in levels:
        raise ConfigError(f"--level {level!r} is not one of {', '.join(levels)}")
    con = open_reading(db, repo)
    try:
        if diff:
            changes, changed = standards_diff(con)
        else:
            radar = load_radar(radar_file, rings, quadrants) if radar_file else None
            data = load_osv(osv_path) if osv_path else None
            cards = scorecards(con, moment(con, given), repo, radar, data, config)
            checks = checks_in_force(con, config)
    finally:
        con.close()
    if diff:
        render(Result("standards-diff", DIFF_COLUMNS, changes, tuple(changed)), _table(fmt))
        return
    columns = (
        ("repo", "team", "level", "score", *(o.check.id for o in cards[0].outcomes))
        if cards
        else ("repo",)
    )
    rows = [
        (card.repo, card.team, card.level or "none", card.score,
         *(_MARK[o.passed] for o in card.outcomes))
        for card in cards
    ]  # fmt: skip
    notes = tuple(
        f"{card.repo}: {o.check.id} ({o.check.level}): {o.evidence}. Fix: {o.check.fix}"
        for card in cards
        for o in card.outcomes
        if o.passed is False
    ) + tuple(team_levels(cards))
    if fmt == "junit":
        click.echo(junit_xml(cards), nl=False)
    elif fmt == "sarif":
        click.echo(sarif(cards, checks), nl=False)
    else:
        render(Result("standards", columns, rows, notes), Format(fmt))
    if level and any(rank(card.level, levels) < rank(level, levels) for card in cards):
        click.get_current_context().exit(1)


def _table(fmt: str) -> Format:
    """The plain formats for --diff (JUnit and SARIF describe results, not changes)."""
    return Format(fmt) if fmt in ("table", "csv", "json", "markdown") else Format.TABLE
