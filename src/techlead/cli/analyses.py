"""One command per analysis in the registry: the options every analysis shares, and the
analysis's own options made from the fields of its parameters dataclass (choices become
click choices, bounds click ranges, so a bad value is a one-line usage error)."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import click

from techlead.analyses import REGISTRY
from techlead.analyses import run as run_analysis
from techlead.analyses.base import Analysis, option_name
from techlead.analyses.names import known_names
from techlead.cli.options import (
    common_filter_params,
    csv_raw_param,
    db_param,
    format_param,
    options_from,
    output_params,
    print_or_write,
    resolve_db,
)
from techlead.core.dates import parse_date
from techlead.core.model import Options
from techlead.render.base import Format, render
from techlead.warehouse.connection import open_warehouse


def _bare(kind: Any) -> tuple[Any, bool]:
    """The type inside ``X | None``, and whether None was allowed."""
    if get_origin(kind) in (Union, types.UnionType):
        args = [a for a in get_args(kind) if a is not type(None)]
        return args[0], len(args) < len(get_args(kind))
    return kind, False


def _click_type(f: dataclasses.Field[Any], kind: Any) -> Any:
    meta = f.metadata
    if meta.get("choices"):
        return click.Choice(meta["choices"])
    low, high = meta.get("low"), meta.get("high")
    if kind is int:
        return click.IntRange(min=low, max=high) if low is not None or high is not None else int
    if kind is float:
        if low is not None or high is not None:
            return click.FloatRange(min=low, max=high)
        return float
    return str


def _default_help(f: dataclasses.Field[Any]) -> str:
    policy = f.metadata.get("policy")
    return f"  [default: the policy's {policy}; see `techlead policy`]" if policy else ""


def param_options(analysis: Analysis[Any, Any]) -> list[click.Parameter]:
    params: list[click.Parameter] = []
    for f, hinted in analysis.fields():
        kind, _optional = _bare(hinted)
        if f.name == analysis.argument:
            params.insert(0, click.Argument([f.name], metavar=f.name.upper()))
            continue
        name, help_text = option_name(f.name), f.metadata["help"] + _default_help(f)
        if kind is bool and f.default is None:  # on, off, or the policy's
            flag = f"{name}/--no-{name[2:]}"
            params.append(click.Option([flag, f.name], default=None, help=help_text))
        elif kind is bool:
            params.append(click.Option([name, f.name], is_flag=True, help=help_text))
        elif kind is datetime:
            params.append(click.Option([name, f.name], help=help_text))
        else:
            params.append(
                click.Option(
                    [name, f.name],
                    type=_click_type(f, kind),
                    default=f.default,
                    show_default=f.default not in (None, ""),
                    help=help_text,
                )
            )
    return params


def params_from(analysis: Analysis[Any, Any], kwargs: dict[str, Any]) -> Any:
    """The analysis's parameters from the parsed command line (dates parsed here)."""
    values = {}
    for f, hinted in analysis.fields():
        value = kwargs[f.name]
        if _bare(hinted)[0] is datetime and value:
            value = parse_date(str(value), what=option_name(f.name))
        values[f.name] = value
    return analysis.params(**values)


def run_read_only(db: Path | None, analysis: Analysis[Any, Any], kwargs: dict[str, Any]) -> Any:
    """``analysis`` over the warehouse opened read-only, with the options and parameters
    of the parsed command line (names it is asked about must exist)."""
    options: Options = options_from(kwargs)
    params = params_from(analysis, kwargs)
    con = open_warehouse(resolve_db(db), read_only=True)
    try:
        known_names(con, options)
        return run_analysis(con, analysis, options, params)
    finally:
        con.close()


def file_command(analysis: Analysis[Any, Any], name: str, kind: str, what: str,
                 write: Callable[[Any, Any], tuple[str, str]]) -> click.Command:  # fmt: skip
    """A command printing (or with ``--output``, writing) a file that ``analysis``'s rows
    make: ``write(result, params)`` gives its text and what to say once written. Its
    ``--format`` is ``kind`` (the file, the default) or the rows as a table, CSV or JSON."""

    def callback(db: Path | None, fmt: str, output: Path | None, force: bool,
                 **kwargs: Any) -> None:  # fmt: skip
        result = run_read_only(db, analysis, kwargs)
        if fmt != kind:
            render(result, Format(fmt))
            return
        text, said = write(result, params_from(analysis, kwargs))
        print_or_write(text, output, force, said)

    return click.Command(
        name,
        callback=callback,
        params=[
            *common_filter_params(),
            *(p for p in param_options(analysis) if not isinstance(p, click.Argument)),
            db_param(),
            click.Option(
                ["--format", "fmt"],
                type=click.Choice([kind, "table", "csv", "json"]),
                default=kind,
                show_default=True,
                help=f"Output format: {what}, or its rows.",
            ),
            *output_params(what),
        ],
        help=f"{analysis.help}\n\nSee docs/metrics.md ({analysis.name}) for the definition.",
        short_help=analysis.help,
    )


def command_for(analysis: Analysis[Any, Any], name: str = "") -> click.Command:
    """The command that runs ``analysis`` (named ``name``, default the analysis's)."""

    def callback(db: Path | None, fmt: str, **kwargs: Any) -> None:
        render(run_read_only(db, analysis, kwargs), Format(fmt))

    own = param_options(analysis)
    params = [
        *(p for p in own if isinstance(p, click.Argument)),
        *common_filter_params(),
        *(p for p in own if not isinstance(p, click.Argument)),
        db_param(),
        format_param(Format.TABLE, Format.CSV, Format.JSON),
        csv_raw_param(),
    ]
    return click.Command(
        name or analysis.name,
        callback=callback,
        params=params,
        help=f"{analysis.help}\n\nSee docs/metrics.md for the definition.",
        short_help=analysis.help,
    )


# Analyses with a command of their own (cli/codeowners.py, people.py, mentoring.py)
GROUPED = ("codeowners", "codeowners-suggest", "people", "people-mailmap", "mentoring")
ANALYSIS_COMMANDS = [command_for(a) for a in REGISTRY.values() if a.name not in GROUPED]
