"""``techlead people``: who authored the work (the analysis), and ``people suggest-mailmap``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from techlead.analyses import REGISTRY
from techlead.analyses import run as run_analysis
from techlead.analyses.names import known_names
from techlead.cli.analyses import command_for
from techlead.cli.options import (
    common_filter_params,
    db_param,
    options_from,
    output_params,
    print_or_write,
    resolve_db,
)
from techlead.render.base import Format, render
from techlead.warehouse.connection import open_warehouse

_PEOPLE = command_for(REGISTRY["people"])
_MAILMAP = REGISTRY["people-mailmap"]


def _people(**kwargs: Any) -> None:
    if click.get_current_context().invoked_subcommand is None and _PEOPLE.callback:
        _PEOPLE.callback(**kwargs)


people_group = click.Group(
    "people",
    params=_PEOPLE.params,
    callback=_people,
    invoke_without_command=True,
    help=f"{_PEOPLE.help}\n\n`techlead people suggest-mailmap` proposes .mailmap lines.",
    short_help=_PEOPLE.short_help,
)


def _suggest(db: Path | None, fmt: str, output: Path | None, force: bool, **kwargs: Any) -> None:
    options = options_from(kwargs)
    con = open_warehouse(resolve_db(db), read_only=True)
    try:
        known_names(con, options)
        result = run_analysis(con, _MAILMAP, options, _MAILMAP.params())
    finally:
        con.close()
    if fmt != "mailmap":
        render(result, Format(fmt))
        return
    lines = ["# .mailmap lines suggested by techlead: identities that are probably one person.",
             "# Review each: the comment above it says why.", ""]  # fmt: skip
    said = ""
    for row in result.rows:
        if row.evidence != said:
            lines.append(f"# {row.rule}: {' '.join(row.evidence.split())}")
            said = row.evidence
        lines.append(row.line)
    print_or_write("\n".join(lines) + "\n", output, force, f"{len(result.rows)} lines")


people_group.add_command(
    click.Command(
        "suggest-mailmap",
        callback=_suggest,
        params=[
            *common_filter_params(),
            db_param(),
            click.Option(
                ["--format", "fmt"],
                type=click.Choice(["mailmap", "table", "csv", "json"]),
                default="mailmap",
                show_default=True,
                help="Output format: .mailmap lines with their evidence, or the rows.",
            ),
            *output_params("the lines"),
        ],
        help=f"{_MAILMAP.help}\n\nSee docs/metrics.md (people-mailmap) for the rules.",
        short_help=_MAILMAP.help,
    )
)
