"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import duckdb

from techlead.analyses.names import require
from techlead.core.dates import parse_date
from techlead.core.errors import TechleadError
from techlead.core.files import write_text
from techlead.core.globs import globs_regex
from techlead.core.model import Options
from techlead.core.roles import NAMES as ROLE_NAMES
from techlead.core.roles import Role
from techlead.render.base import Format
from techlead.render.csv import RAW as RAW_CSV
from techlead.warehouse.connection import default_db_path, open_warehouse

F = TypeVar("F", bound=Callable[..., Any])


def db_param() -> click.Option:
    return click.Option(
        ["--db"],
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"Warehouse file (default: $TECHLEAD_DB or {default_db_path()}).",
    )


def format_param(*choices: Format) -> click.Option:
    names = [c.value for c in choices]
    return click.Option(
        ["--format", "fmt"],
        type=click.Choice(names),
        default=names[0],
        show_default=True,
        help="Output format.",
    )


def csv_raw_param() -> click.Option:
    """--csv-raw: CSV cells as they are (render.csv.RAW for the rest of the command)."""
    return click.Option(
        ["--csv-raw"],
        is_flag=True,
        expose_value=False,
        callback=_csv_raw,
        help="CSV: write cells beginning with = + - @ as they are (for code-maat pipelines); "
        "by default a text cell a spreadsheet would run as a formula gets a leading '.",
    )


def _csv_raw(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    token = RAW_CSV.set(bool(value))
    ctx.call_on_close(lambda: RAW_CSV.reset(token))


def _attach(param: click.Option, func: F) -> F:
    if not hasattr(func, "__click_params__"):
        func.__click_params__ = []  # type: ignore[attr-defined]
    func.__click_params__.append(param)  # type: ignore[attr-defined]
    return func


def db_option(func: F) -> F:
    return _attach(db_param(), func)


def format_option(*choices: Format) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        if Format.CSV in choices:
            func = _attach(csv_raw_param(), func)
        return _attach(format_param(*choices), func)

    return decorate


def resolve_db(db: Path | None) -> Path:
    return db if db is not None else default_db_path()


def _names(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else None


def radar_options(help: str) -> Callable[[F], F]:
    """--radar FILE (given to the command as ``radar_file``) with --rings and --quadrants."""

    def decorate(func: F) -> F:
        func = radar_layout_options(func)
        option = click.Option(
            ["--radar", "radar_file"],
            type=click.Path(dir_okay=False, exists=True, path_type=Path),
            help=help,
        )
        return _attach(option, func)

    return decorate


def radar_layout_options(func: F) -> F:
    """--rings and --quadrants (comma-separated), given to the command as tuples or None."""
    func = _attach(
        click.Option(
            ["--quadrants"],
            callback=_names,
            help="The radar's quadrant names, comma-separated (default: the file's own).",
        ),
        func,
    )
    return _attach(
        click.Option(
            ["--rings"],
            callback=_names,
            help="The radar's ring names, innermost first (default: the file's own).",
        ),
        func,
    )


def common_filter_params() -> list[click.Parameter]:
    """The filters every analysis takes (docs/cli.md, "Analyses")."""
    return [
        click.Option(["--repo"], multiple=True, help="Only this repository (repeatable)."),
        click.Option(["--path"], multiple=True, help="Only files matching this glob (repeatable)."),
        click.Option(["--component"], multiple=True, help="Only this component (repeatable)."),
        click.Option(
            ["--role"],
            multiple=True,
            type=click.Choice(ROLE_NAMES),
            help="Only files of this role (repeatable; docs/file-roles.md).",
        ),
        click.Option(["--since"], help="Only changes from this date on."),
        click.Option(
            ["--until"], help="The repository as of this date: its main line's history and files."
        ),
        click.Option(["--limit"], type=click.IntRange(min=1), help="At most this many rows."),
        click.Option(["--include-bots"], is_flag=True, help="Count commits by bots too."),
        click.Option(
            ["--include-generated"],
            is_flag=True,
            help="Count vendored, generated and excluded files too.",
        ),
        click.Option(["--no-renames"], is_flag=True, help="Do not follow renames."),
    ]


def options_from(kwargs: dict[str, Any]) -> Options:
    """The common filters from the parsed command line, each checked: an empty name or
    glob, a malformed glob or a date that is not one is a one-line error."""
    for option in ("repo", "path", "component"):
        if any(not str(v).strip() for v in kwargs[option]):
            raise TechleadError(f"--{option} needs a value (it was given an empty one)")
    paths = tuple(kwargs["path"])
    if paths:
        globs_regex(paths)  # a malformed glob fails here, naming itself
    since, until = kwargs["since"], kwargs["until"]
    roles = tuple(kwargs["role"])
    return Options(
        repos=tuple(kwargs["repo"]),
        paths=paths,
        components=tuple(kwargs["component"]),
        roles=roles,
        since=parse_date(since, what="--since") if since else None,
        until=parse_date(until, what="--until") if until else None,
        limit=kwargs["limit"],
        include_bots=kwargs["include_bots"],
        # asking for generated or vendored files is asking to count them
        include_generated=kwargs["include_generated"]
        or any(r in (Role.GENERATED, Role.VENDORED) for r in roles),
        follow_renames=not kwargs["no_renames"],
    )


def _writable(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """An output file whose folder exists (checked before any work is done)."""
    if value is None:
        return None
    if value.is_symlink():
        raise click.BadParameter(
            f"{value} is a symbolic link; techlead does not write through links "
            "(remove it, or choose another file)",
            ctx,
            param,
        )
    if not str(value) or str(value) == "." or value.is_dir():
        raise click.BadParameter(f"{str(value)!r} is a folder, not a file to write", ctx, param)
    folder = value.parent if str(value.parent) else Path(".")
    if not folder.is_dir():
        raise click.BadParameter(f"{value}: the folder {folder} does not exist", ctx, param)
    return value


def write_file(path: Path, text: str) -> None:
    """Write an output file atomically, never through a symbolic link (core/files.py); a
    failure (a link, permissions, a full disk, a folder gone) is one line."""
    write_text(path, text)


def out_file(**attrs: Any) -> Callable[[F], F]:
    """--out FILE, refused before any work when it is a symbolic link or its folder does
    not exist."""
    attrs.setdefault("type", click.Path(dir_okay=False, path_type=Path))
    return click.option("--out", callback=_writable, **attrs)


def open_reading(
    db: Path | None,
    repos: tuple[str, ...] = (),
    components: tuple[str, ...] = (),
    ecosystems: tuple[str, ...] = (),
) -> duckdb.DuckDBPyConnection:
    """The warehouse, read-only, once the names the command was given are known to it."""
    con = open_warehouse(resolve_db(db), read_only=True)
    try:
        require(con, repos, components, ecosystems)
    except BaseException:
        con.close()
        raise
    return con


def output_params(what: str) -> list[click.Parameter]:
    """--output FILE and --force, for commands that write a file they can also print."""
    return [
        click.Option(
            ["--output", "-o"],
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"Write {what} here instead of printing it.",
        ),
        click.Option(["--force"], is_flag=True, help="Replace the --output file if it exists."),
    ]


def print_or_write(text: str, output: Path | None, force: bool, said: str) -> None:
    """Print ``text``, or write it to ``output`` (atomically; an existing file only with
    ``force``) and say ``said`` on stderr."""
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise TechleadError(f"{output} exists: pass --force to replace it")
    write_text(output, text)
    click.echo(f"wrote {output} ({said})", err=True)
