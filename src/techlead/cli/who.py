"""``techlead who``: who knows a path, component or technology; reviewers for a change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from techlead.analyses.caveats import for_options
from techlead.analyses.expertise import HALF_LIFE_DAYS, WhoParams, check_glob, experts, reviewers
from techlead.analyses.moment import moment
from techlead.analyses.names import known_names
from techlead.cli.options import (
    common_filter_params,
    csv_raw_param,
    db_param,
    format_param,
    options_from,
    resolve_db,
)
from techlead.core.dates import parse_date
from techlead.core.errors import ConfigError
from techlead.core.policy import bounds_of
from techlead.render.base import Format, render
from techlead.warehouse.connection import open_warehouse

_LOW, _HIGH = (int(b) if b is not None else None for b in bounds_of("inactive_days"))


def _who(target: tuple[str, ...], db: Path | None, fmt: str, reviewers_of: bool, author: str,
         max_reviewers: int, half_life: int, inactive_days: int | None, now: str | None,
         **kwargs: Any) -> None:  # fmt: skip
    options = options_from(kwargs)
    if not reviewers_of and len(target) != 1:
        raise ConfigError(
            "who takes one PATH, COMPONENT or TECHNOLOGY (several files: --reviewers)"
        )
    params = WhoParams(half_life, inactive_days, parse_date(now, what="--now") if now else None)
    for each in target:
        check_glob(each)
    con = open_warehouse(resolve_db(db), read_only=True)
    try:
        known_names(con, options)
        if reviewers_of:
            result: Any = reviewers(con, options, target, author, max_reviewers, params)
        else:
            result = experts(con, options, target[0], params)
        result = replace(result, caveats=for_options(con, options, options.until or moment(con)))
    finally:
        con.close()
    render(result, Format(fmt))


who_command = click.Command(
    "who",
    callback=_who,
    params=[
        click.Argument(["target"], nargs=-1, required=True, metavar="TARGET..."),
        *common_filter_params(),
        click.Option(
            ["--reviewers", "reviewers_of"],
            is_flag=True,
            help="TARGETs are the files of a change: suggest its reviewers.",
        ),
        click.Option(
            ["--author"],
            default="",
            help="With --reviewers: the change's author (name or e-mail), left out.",
        ),
        click.Option(
            ["--max-reviewers"],
            type=click.IntRange(1, 10),
            default=3,
            show_default=True,
            help="With --reviewers: at most this many.",
        ),
        click.Option(
            ["--half-life"],
            type=click.IntRange(1, 36500),
            default=HALF_LIFE_DAYS,
            show_default=True,
            help="Days after which a line written counts half.",
        ),
        click.Option(
            ["--inactive-days"],
            type=click.IntRange(_LOW, _HIGH),
            default=None,
            help="Days without a commit after which a person has left (default: "
            "the policy's inactive_days).",
        ),
        click.Option(
            ["--now"],
            help="The date knowledge and activity are measured to (default: the last scan's).",
        ),
        db_param(),
        format_param(Format.TABLE, Format.CSV, Format.JSON),
        csv_raw_param(),
    ],
    help="Who knows a path, component or technology, ranked by a recency-weighted knowledge "
    "score (active people first); with --reviewers, reviewers for a change.\n\n"
    "See docs/metrics.md (who) for the definition.",
    short_help="Who knows a path, component or technology; reviewers for a change.",
)
