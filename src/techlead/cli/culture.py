"""techlead culture: collaboration, learning, innovation and knowledge spreading per period."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from techlead.analyses.culture import EVERY
from techlead.analyses.names import known_names
from techlead.cli.options import (
    common_filter_params,
    db_option,
    format_option,
    open_reading,
    options_from,
    radar_options,
)
from techlead.communicate.culture_views import VIEWS, view
from techlead.decisions.radar import load as load_radar
from techlead.render.base import Format, render


@click.command("culture")
@click.option("--view", "chosen", type=click.Choice(VIEWS), default="collaboration",
              show_default=True, help="What to show per period.")  # fmt: skip
@click.option("--every", type=click.Choice(EVERY), default="quarter", show_default=True,
              help="The period.")  # fmt: skip
@radar_options("A technology radar: innovation marks new dependencies on Trial or Assess.")
@db_option
@format_option(Format.TABLE, Format.JSON, Format.CSV, Format.MARKDOWN)
def culture_command(chosen: str, every: str, radar_file: Path | None,
                    rings: tuple[str, ...] | None, quadrants: tuple[str, ...] | None,
                    db: Path | None, fmt: str, **filters: Any) -> None:  # fmt: skip
    """Per period: collaboration (people tied by committing to the same component, ties
    across teams, density), learning (firsts: a person's first commit to a component, a
    programming language or a dependency ecosystem), innovation (dependencies new on the
    main line, Trial/Assess blips of --radar among them) or knowledge spreading (truck
    factor and knowledge islands at each period's end). Definitions: docs/culture.md.

    Examples: techlead culture ; techlead culture --view learning --every year ;
    techlead culture --view innovation --radar radar.csv --format json
    """
    options = options_from(filters)
    radar = load_radar(radar_file, rings, quadrants) if radar_file else None
    con = open_reading(db, options.repos, options.components)
    try:
        known_names(con, options)
        result = view(con, replace(options, limit=None), chosen, every, radar)
    finally:
        con.close()
    if options.limit:
        result = replace(result, rows=result.rows[: options.limit])
    render(result, Format(fmt))


culture_command.params[:0] = common_filter_params()
