"""techlead init: write a starter techlead.toml."""

from __future__ import annotations

import os
from pathlib import Path

import click

from techlead.cli.options import write_file
from techlead.core.config import CONFIG_NAME
from techlead.core.errors import ConfigError
from techlead.mining.workspace import find_repositories, starter_config


def _utf8(path: Path | str) -> bool:
    """Whether the name can be written to a TOML file (which is UTF-8): a name of bytes
    that are not UTF-8 reaches Python with surrogate escapes."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(path: Path) -> str:
    """A path as it can be printed: undecodable bytes as U+FFFD, control characters (a
    terminal's escape sequences, line breaks) as visible escapes."""
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--force", is_flag=True, help="Overwrite an existing techlead.toml.")
@click.option("--depth", default=4, show_default=True, help="How deep to look for repositories.")
def init_command(directory: Path, force: bool, depth: int) -> None:
    """Write a commented techlead.toml listing the git repositories under DIRECTORY.

    Names are written as TOML strings (any character escaped); a repository whose path
    is not UTF-8 is left out with a warning. The file is written atomically, never
    through a symbolic link.

    Example: techlead init ~/src/acme
    """
    target = directory / CONFIG_NAME
    if target.exists() and not force:
        raise ConfigError(f"{target} already exists (use --force to overwrite it)")
    repos = []
    for repo in find_repositories(directory, depth):
        if _utf8(os.path.relpath(repo, directory.resolve())) and _utf8(repo.name):
            repos.append(repo)
        else:
            click.echo(f"techlead: warning: {_shown(repo)}: name is not UTF-8; not listed",
                       err=True)  # fmt: skip
    name = directory.resolve().name
    name = name if name and _utf8(name) else "workspace"
    write_file(target, starter_config(directory, repos, name))
    click.echo(f"wrote {target} with {len(repos)} repositor{'y' if len(repos) == 1 else 'ies'}")
