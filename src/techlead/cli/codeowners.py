"""``techlead codeowners``: declared ownership against measured knowledge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from techlead import __version__
from techlead.analyses import REGISTRY
from techlead.analyses import run as run_analysis
from techlead.analyses.names import known_names
from techlead.cli.analyses import command_for, param_options, params_from
from techlead.cli.options import (
    common_filter_params,
    db_param,
    options_from,
    output_params,
    print_or_write,
    resolve_db,
)
from techlead.render.base import Format, render
from techlead.render.codeowners import codeowners_text
from techlead.warehouse.connection import open_warehouse


@click.group("codeowners")
def codeowners_group() -> None:
    """CODEOWNERS (GitHub and GitLab) checked against who really knows the code."""


codeowners_group.add_command(command_for(REGISTRY["codeowners"], "check"))

_SUGGEST = REGISTRY["codeowners-suggest"]


def _suggest(db: Path | None, fmt: str, output: Path | None, force: bool, **kwargs: Any) -> None:
    options = options_from(kwargs)
    params = params_from(_SUGGEST, kwargs)
    con = open_warehouse(resolve_db(db), read_only=True)
    try:
        known_names(con, options)
        result = run_analysis(con, _SUGGEST, options, params)
    finally:
        con.close()
    if fmt != "codeowners":
        render(result, Format(fmt))
        return
    header = (
        f"CODEOWNERS suggested by techlead {__version__} from measured knowledge.\n"
        "Owners: the active person who added most of a folder's lines, and the active people "
        f"who added at least\n{params.min_share:.0%} of them (at most {params.owners} "
        "owners); the evidence of each rule is the comment above it.\nReview before "
        "committing: a folder no active person knows has no rule."
    )
    rules = sum(1 for r in result.rows if r.owners)
    print_or_write(codeowners_text(result, header), output, force, f"{rules} rules")


codeowners_group.add_command(
    click.Command(
        "suggest",
        callback=_suggest,
        params=[
            *common_filter_params(),
            *param_options(_SUGGEST),
            db_param(),
            click.Option(
                ["--format", "fmt"],
                type=click.Choice(["codeowners", "table", "csv", "json"]),
                default="codeowners",
                show_default=True,
                help="Output format: the CODEOWNERS file itself, or its rows.",
            ),
            *output_params("the file"),
        ],
        help=f"{_SUGGEST.help}\n\nSee docs/metrics.md for the definition.",
        short_help=_SUGGEST.help,
    )
)
