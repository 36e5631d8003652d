"""What every analysis shares: its Options, its Result, and the Analysis record.

An analysis is one module in this package exposing ``ANALYSIS``; its ``run(con, options)``
returns a Result (named columns, rows, notes) that any renderer can print.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb

from techlead.core.errors import TechleadError


@dataclass(frozen=True)
class Result:
    name: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Options:
    """Options common to every analysis command (see docs/cli.md, "Analyses")."""

    repos: tuple[str, ...] = ()  # repository names; empty = all
    paths: tuple[str, ...] = ()  # globs over (rename-followed) paths; empty = all
    components: tuple[str, ...] = ()  # component names; empty = all
    since: datetime | None = None  # changes authored at or after
    until: datetime | None = None  # history up to (exclusive)
    limit: int | None = None
    include_bots: bool = False
    include_generated: bool = False  # also vendored and excluded paths
    follow_renames: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)  # analysis-specific options


@dataclass(frozen=True)
class Param:
    """An analysis-specific option, e.g. coupling's --min-revs."""

    name: str  # option name without dashes, e.g. "min-revs"
    default: int | float | str | bool  # a bool default makes a flag
    help: str


@dataclass(frozen=True)
class Analysis:
    name: str
    help: str  # one line, shown in --help and the registry's error message
    columns: tuple[str, ...]
    run: Callable[[duckdb.DuckDBPyConnection, Options], Result]
    params: tuple[Param, ...] = ()
    argument: str | None = None  # a required positional argument (e.g. "FILE"), in params

    def param(self, options: Options, name: str) -> Any:
        if self.argument and name == self.argument.lower():
            return options.params[name]
        for p in self.params:
            if p.name == name:
                return options.params.get(name, p.default)
        raise KeyError(name)

    def choice(self, options: Options, name: str, valid: tuple[str, ...]) -> str:
        """The value of option ``name``, which must be one of ``valid``."""
        value = str(self.param(options, name))
        if value not in valid:
            raise TechleadError(
                f"--{name} {value!r} is not valid for {self.name} (valid: {', '.join(valid)})"
            )
        return value
