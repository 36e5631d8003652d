"""techlead policy: every threshold and rule in force, with its source."""

from __future__ import annotations

from pathlib import Path

import click

from techlead.cli.options import db_option, format_option, resolve_db
from techlead.core.config import CONFIG_NAME, load_config
from techlead.core.policy import DEFAULT, listing
from techlead.render.base import Format, render
from techlead.warehouse.connection import open_warehouse
from techlead.warehouse.policy import load_policy


@click.command("policy")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Show the policy this techlead.toml sets (before a scan stores it).",
)
@db_option
@format_option(Format.TABLE, Format.JSON, Format.CSV)
def policy_command(config_path: Path | None, db: Path | None, fmt: str) -> None:
    """Print every threshold and rule techlead judges by, its value, where the value
    comes from (default, or the line of [policy] in techlead.toml) and what it means.

    Without --config: the policy the last scan stored in the warehouse (what every
    command uses); with no warehouse, ./techlead.toml's, else the defaults.
    """
    warehouse = resolve_db(db)
    if config_path is None and warehouse.exists():
        con = open_warehouse(warehouse, read_only=True)
        try:
            policy, sources = load_policy(con)
        finally:
            con.close()
        where = f"the policy the last scan stored in {warehouse}"
    elif config_path is not None or Path(CONFIG_NAME).is_file():
        path = config_path or Path(CONFIG_NAME)
        config = load_config(path)
        policy, sources = config.policy, config.policy_sources
        where = f"the policy {path} sets (a scan stores it in the warehouse)"
    else:
        policy, sources = DEFAULT, {}
        where = "the default policy (no warehouse and no techlead.toml here)"
    render(listing(policy, sources, where), Format(fmt))
