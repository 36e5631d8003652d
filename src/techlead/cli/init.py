"""techlead init: write a starter techlead.toml."""

from __future__ import annotations

from pathlib import Path

import click

from techlead.core.config import CONFIG_NAME
from techlead.core.errors import ConfigError
from techlead.mining.workspace import find_repositories, starter_config


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--force", is_flag=True, help="Overwrite an existing techlead.toml.")
@click.option("--depth", default=4, show_default=True, help="How deep to look for repositories.")
def init_command(directory: Path, force: bool, depth: int) -> None:
    """Write a commented techlead.toml listing the git repositories under DIRECTORY.

    Example: techlead init ~/src/acme
    """
    target = directory / CONFIG_NAME
    if target.exists() and not force:
        raise ConfigError(f"{target} already exists (use --force to overwrite it)")
    repos = find_repositories(directory, depth)
    name = directory.resolve().name or "workspace"
    target.write_text(starter_config(directory, repos, name), encoding="utf-8")
    click.echo(f"wrote {target} with {len(repos)} repositor{'y' if len(repos) == 1 else 'ies'}")
