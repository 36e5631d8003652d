"""techlead sql: read-only SQL against the warehouse."""

from __future__ import annotations

from pathlib import Path

import click

from techlead.analyses.query import run_query
from techlead.cli.options import db_option, format_option, resolve_db
from techlead.render.base import Format, render
from techlead.warehouse.connection import open_warehouse


@click.command("sql")
@click.argument("query")
@db_option
@format_option(Format.TABLE, Format.CSV, Format.JSON)
def sql_command(query: str, db: Path | None, fmt: str) -> None:
    """Run read-only SQL against the warehouse and print the rows.

    Tables and views are documented in docs/schema.md. Example:

        techlead sql "SELECT name, commits FROM people ORDER BY commits DESC LIMIT 5"
    """
    con = open_warehouse(resolve_db(db), read_only=True)
    try:
        result = run_query(con, query)
    finally:
        con.close()
    render(result, Format(fmt))
