"""One command per analysis in the registry, with the options every analysis shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from techlead.analyses import REGISTRY
from techlead.analyses.base import Analysis, Options
from techlead.cli.options import db_param, format_param, resolve_db
from techlead.core.dates import parse_date
from techlead.render.base import Format, render
from techlead.warehouse.connection import open_warehouse


def _options(kwargs: dict[str, Any], analysis: Analysis) -> Options:
    since, until = kwargs["since"], kwargs["until"]
    return Options(
        repos=tuple(kwargs["repo"]),
        paths=tuple(kwargs["path"]),
        components=tuple(kwargs["component"]),
        since=parse_date(since, what="--since") if since else None,
        until=parse_date(until, what="--until") if until else None,
        limit=kwargs["limit"],
        include_bots=kwargs["include_bots"],
        include_generated=kwargs["include_generated"],
        follow_renames=not kwargs["no_renames"],
        params={
            **{p.name: kwargs[p.name.replace("-", "_")] for p in analysis.params},
            **(
                {analysis.argument.lower(): kwargs[analysis.argument.lower()]}
                if analysis.argument
                else {}
            ),
        },
    )


def _command(analysis: Analysis) -> click.Command:
    def callback(db: Path | None, fmt: str, **kwargs: Any) -> None:
        con = open_warehouse(resolve_db(db), read_only=True)
        try:
            result = analysis.run(con, _options(kwargs, analysis))
        finally:
            con.close()
        render(result, Format(fmt))

    params: list[click.Parameter] = []
    if analysis.argument:
        params.append(click.Argument([analysis.argument.lower()], metavar=analysis.argument))
    params += [
        click.Option(["--repo"], multiple=True, help="Only this repository (repeatable)."),
        click.Option(["--path"], multiple=True, help="Only files matching this glob (repeatable)."),
        click.Option(["--component"], multiple=True, help="Only this component (repeatable)."),
        click.Option(["--since"], help="Only changes from this date on."),
        click.Option(["--until"], help="Only history before this date (as of that date)."),
        click.Option(["--limit"], type=click.IntRange(min=1), help="At most this many rows."),
        click.Option(["--include-bots"], is_flag=True, help="Count commits by bots too."),
        click.Option(
            ["--include-generated"],
            is_flag=True,
            help="Count vendored, generated and excluded files too.",
        ),
        click.Option(["--no-renames"], is_flag=True, help="Do not follow renames."),
    ]
    for p in analysis.params:
        if isinstance(p.default, bool):
            params.append(click.Option([f"--{p.name}"], is_flag=True, help=p.help))
            continue
        params.append(
            click.Option(
                [f"--{p.name}"],
                type=type(p.default),
                default=p.default,
                show_default=True,
                help=p.help,
            )
        )
    params += [db_param(), format_param(Format.TABLE, Format.CSV, Format.JSON)]
    return click.Command(
        analysis.name,
        callback=callback,
        params=params,
        help=f"{analysis.help}\n\nSee docs/metrics.md for the definition.",
        short_help=analysis.help,
    )


ANALYSIS_COMMANDS = [_command(a) for a in REGISTRY.values()]
