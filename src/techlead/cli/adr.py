"""techlead adr: architecture decision records in adr-tools or MADR format."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import click

from techlead.analyses.decisions import impact, workspace_decisions
from techlead.cli.options import db_option, format_option, resolve_db
from techlead.core.model import Result
from techlead.decisions import adr_log
from techlead.render.base import Format, render
from techlead.warehouse.connection import open_warehouse

_ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The project whose ADR log to use.",
)


@click.group("adr")
def adr_group() -> None:
    """Architecture decision records (adr-tools and MADR logs, format kept)."""


@adr_group.command("init")
@click.argument("folder", default="doc/adr")
@click.option("--format", "fmt", type=click.Choice(adr_log.FORMATS), default="adr-tools",
              show_default=True, help="The format of new records.")  # fmt: skip
@_ROOT
def init_command(folder: str, fmt: str, root: Path) -> None:
    """Start an ADR log in FOLDER with its first record.

    Examples: techlead adr init ; techlead adr init docs/decisions --format madr
    """
    click.echo(adr_log.init(root, folder, fmt, date.today()))


@adr_group.command("new")
@click.argument("title")
@click.option("--supersedes", type=int, multiple=True, help="The number of an ADR it replaces.")
@click.option(
    "--link",
    "links",
    multiple=True,
    help='A link to another ADR as "RELATION:N:REVERSE", e.g. "Amends:4:Amended by".',
)
@click.option("--status", type=click.Choice(adr_log.STATUSES), default="proposed",
              show_default=True, help="Its status.")  # fmt: skip
@_ROOT
def new_command(
    title: str, supersedes: tuple[int, ...], links: tuple[str, ...], status: str, root: Path
) -> None:
    """Write the next ADR; opens $VISUAL or $EDITOR when run on a terminal.

    Examples: techlead adr new "Use PostgreSQL" ; techlead adr new "Use Kafka" --supersedes 3
    """
    log = adr_log.read_log(adr_log.find_folder(root))
    parsed = [_link_option(value) for value in links]
    path = adr_log.new(log, title, date.today(), status, supersedes, parsed)
    click.echo(path)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor and sys.stdin.isatty() and sys.stdout.isatty():
        subprocess.run([editor, str(path)], check=False)


@adr_group.command("link")
@click.argument("source", type=int)
@click.argument("relation")
@click.argument("target", type=int)
@click.argument("reverse", required=False)
@_ROOT
def link_command(source: int, relation: str, target: int, reverse: str | None, root: Path) -> None:
    """Link ADR SOURCE to ADR TARGET, and TARGET back to SOURCE with REVERSE.

    Example: techlead adr link 12 Amends 10 "Amended by"
    """
    adr_log.link(adr_log.read_log(adr_log.find_folder(root)), source, relation, target, reverse)


@adr_group.command("rename")
@click.argument("number", type=int)
@click.argument("title")
@_ROOT
def rename_command(number: int, title: str, root: Path) -> None:
    """Give ADR NUMBER a new TITLE and file name; links to it are repaired.

    Example: techlead adr rename 3 "Use CockroachDB for orders"
    """
    click.echo(adr_log.rename(adr_log.read_log(adr_log.find_folder(root)), number, title))


def _link_option(value: str) -> tuple[str, int, str | None]:
    relation, _, rest = value.partition(":")
    target, _, reverse = rest.partition(":")
    if not relation or not target.isdigit():
        raise adr_log.AdrError(
            f'--link {value!r}: expected "RELATION:N:REVERSE", e.g. "Amends:4:Amended by"'
        )
    return relation, int(target), reverse or None


@adr_group.command("list")
@_ROOT
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]),
              default="table", show_default=True, help="Output format.")  # fmt: skip
@click.option("--workspace", is_flag=True, help="Every repository's ADRs, from the warehouse.")
@db_option
def list_command(root: Path, fmt: str, workspace: bool, db: Path | None) -> None:
    """Every ADR: number, title, status, date, superseded-by.

    Example: techlead adr list --format json ; techlead adr list --workspace
    """
    if workspace:
        con = open_warehouse(resolve_db(db), read_only=True)
        try:
            render(workspace_decisions(con), Format(fmt))
        finally:
            con.close()
        return
    log = adr_log.read_log(adr_log.find_folder(root))
    rows = [
        (
            a.number,
            a.title,
            a.status,
            a.date,
            next((link.target for link in a.links if link.relation == "superseded by"), None),
            a.file,
        )
        for a in log.records
    ]
    columns = ("number", "title", "status", "date", "superseded-by", "file")
    render(Result("adr-list", columns, rows), Format(fmt))


@adr_group.command("impact")
@click.argument("number", type=int)
@click.option("--repo", help="The repository whose ADR NUMBER (when several have one).")
@db_option
@format_option(Format.TABLE, Format.CSV, Format.JSON, Format.MARKDOWN)
def impact_command(number: int, repo: str | None, db: Path | None, fmt: str) -> None:
    """The files an ADR names, with their hotspot and knowledge figures (from the warehouse).

    Example: techlead adr impact 7 --repo billing
    """
    con = open_warehouse(resolve_db(db), read_only=True)
    try:
        result = impact(con, number, repo)
    finally:
        con.close()
    render(result, Format(fmt))


@adr_group.command("show")
@click.argument("number", type=int)
@_ROOT
def show_command(number: int, root: Path) -> None:
    """Print ADR NUMBER."""
    log = adr_log.read_log(adr_log.find_folder(root))
    click.echo(adr_log.text(log, number), nl=False)


@adr_group.command("status")
@click.argument("number", type=int)
@click.argument("status")
@_ROOT
def status_command(number: int, status: str, root: Path) -> None:
    """Set the status of ADR NUMBER (proposed, accepted, rejected, deprecated, ...).

    Example: techlead adr status 4 accepted
    """
    log = adr_log.read_log(adr_log.find_folder(root))
    click.echo(adr_log.set_status(log, number, status))


@adr_group.command("lint")
@_ROOT
def lint_command(root: Path) -> None:
    """Check the log: statuses, links, successors, duplicate numbers, sections.

    Exit code 1 when there are problems, for CI.
    """
    log = adr_log.read_log(adr_log.find_folder(root))
    problems = adr_log.lint(log)
    for file, problem in problems:
        click.echo(f"{log.folder / file}: {problem}")
    if problems:
        click.get_current_context().exit(1)


@adr_group.command("toc")
@_ROOT
def toc_command(root: Path) -> None:
    """A Markdown table of contents of the log."""
    click.echo(adr_log.toc(adr_log.read_log(adr_log.find_folder(root))), nl=False)


@adr_group.command("graph")
@_ROOT
@click.option("--format", "fmt", type=click.Choice(["dot", "mermaid"]), default="dot",
              show_default=True, help="Graphviz dot or Mermaid.")  # fmt: skip
def graph_command(root: Path, fmt: str) -> None:
    """The links between ADRs (supersedes, amends, ...) as a graph."""
    click.echo(adr_log.graph(adr_log.read_log(adr_log.find_folder(root)), fmt), nl=False)
