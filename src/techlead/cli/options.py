"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from techlead.render.base import Format
from techlead.warehouse.connection import default_db_path

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"Warehouse file (default: $TECHLEAD_DB or {default_db_path()}).",
    )(func)


def format_option(*choices: Format) -> Callable[[F], F]:
    names = [c.value for c in choices]

    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(names),
            default=names[0],
            show_default=True,
            help="Output format.",
        )(func)

    return decorate


def resolve_db(db: Path | None) -> Path:
    return db if db is not None else default_db_path()
