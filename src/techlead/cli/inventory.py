"""techlead deps, tech and sbom: the inventory mined at HEAD."""

from __future__ import annotations

from pathlib import Path

import click

from techlead.analyses.inventory import dependencies, technologies
from techlead.analyses.portfolio import packages
from techlead.cli.options import db_option, format_option, open_reading, out_file, write_file
from techlead.render.base import Format, render
from techlead.render.sbom import cyclonedx_json

_LIMIT = click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
_REPO = click.option("--repo", multiple=True, help="Only this repository (repeatable).")


@click.command("deps")
@_REPO
@click.option(
    "--ecosystem", multiple=True, help="Only this ecosystem, e.g. PyPI, npm (repeatable)."
)
@click.option("--name", "names", multiple=True, help="Only names matching this glob (repeatable).")
@click.option("--direct-only", is_flag=True, help="Only dependencies the project declares.")
@click.option("--no-dev", is_flag=True, help="Leave out development-only dependencies.")
@_LIMIT
@db_option
@format_option(Format.TABLE, Format.CSV, Format.JSON)
def deps_command(
    repo: tuple[str, ...],
    ecosystem: tuple[str, ...],
    names: tuple[str, ...],
    direct_only: bool,
    no_dev: bool,
    limit: int | None,
    db: Path | None,
    fmt: str,
) -> None:
    """Dependencies declared and resolved at HEAD, from manifests and lockfiles.

    Examples: techlead deps --ecosystem PyPI --name "django*" ; techlead deps --direct-only
    """
    con = open_reading(db, repo, ecosystems=ecosystem)
    try:
        result = dependencies(con, repo, ecosystem, names, direct_only, no_dev, limit)
    finally:
        con.close()
    render(result, Format(fmt))


@click.command("tech")
@_REPO
@click.option(
    "--category",
    multiple=True,
    type=click.Choice(["language", "framework", "library", "datastore", "platform", "tool"]),
    help="Only this category (repeatable).",
)
@_LIMIT
@db_option
@format_option(Format.TABLE, Format.CSV, Format.JSON)
def tech_command(
    repo: tuple[str, ...], category: tuple[str, ...], limit: int | None, db: Path | None, fmt: str
) -> None:
    """Technologies each repository uses: languages, frameworks, datastores, platforms, tools.

    Examples: techlead tech ; techlead tech --category datastore --format json
    """
    con = open_reading(db, repo)
    try:
        result = technologies(con, repo, category, limit)
    finally:
        con.close()
    render(result, Format(fmt))


@click.command("sbom")
@_REPO
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["cyclonedx"]),
    default="cyclonedx",
    show_default=True,
    help="SBOM format (CycloneDX 1.6 JSON).",
)
@out_file(
    help="Write to this file instead of standard output.",
)
@db_option
def sbom_command(repo: tuple[str, ...], fmt: str, out: Path | None, db: Path | None) -> None:
    """A software bill of materials of the dependencies at HEAD.

    Examples: techlead sbom --out bom.json ; techlead sbom --repo api
    """
    con = open_reading(db, repo)
    try:
        document = cyclonedx_json(packages(con, repo))
    finally:
        con.close()
    if out is None:
        click.echo(document)
    else:
        write_file(out, document + "\n")
