"""techlead decide: a weighted decision matrix, its sensitivity, and a draft ADR."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from techlead.cli.options import format_option
from techlead.core.model import Result
from techlead.decisions import adr_log, matrix
from techlead.render.base import Format, render


@click.command("decide")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--adr", "write_adr", is_flag=True, help="Also write a draft MADR record.")
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The project whose ADR log receives the draft (with --adr).",
)
@format_option(Format.TABLE, Format.CSV, Format.JSON, Format.MARKDOWN)
def decide_command(file: Path, write_adr: bool, root: Path, fmt: str) -> None:
    """Rank options by weighted criteria, with must-haves and a sensitivity analysis.

    Examples: techlead decide broker.toml ; techlead decide broker.toml --adr
    """
    chosen = matrix.load(file)
    rows = [
        (
            index,
            r.option.name,
            round(float(r.score), 2) if r.score is not None else None,
            ("winner" if index == 1 else "") if r.out_reason is None else f"out: {r.out_reason}",
        )
        for index, r in enumerate(matrix.rank(chosen), start=1)
    ]
    render(
        Result("decide", ("rank", "option", "score", "status"), rows, tuple(matrix.notes(chosen))),
        Format(fmt),
    )
    if write_adr:
        log = adr_log.read_log(adr_log.find_folder(root))
        text = matrix.madr_draft(chosen, file.name, date.today().isoformat())
        click.echo(adr_log.write_record(log, chosen.title, text), err=True)
