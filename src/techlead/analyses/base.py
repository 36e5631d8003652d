"""What every analysis shares: its typed parameters, the Analysis record of the registry,
and the check that the names an analysis is asked about exist.

An analysis is one module of this package exposing ``ANALYSIS``; ``ANALYSIS.run(con,
options, params)`` returns a Result of typed rows. Parameters are a frozen dataclass per
analysis, each field declared with :func:`param` (help, choices, bounds): the CLI makes
its options from them, and constructing a value out of range raises an AnalysisError that
names the option, so a bad value is refused however the analysis is called.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import duckdb

from techlead.core.errors import AnalysisError
from techlead.core.model import Options, Result, columns_of
from techlead.core.policy import bounds_of


def param(
    default: Any,
    help: str,
    *,
    choices: Sequence[str] = (),
    low: float | None = None,
    high: float | None = None,
    policy: str | None = None,
) -> Any:
    """A parameter field: its default, its help, and what values are valid. ``policy``
    names the policy value used when the parameter is left at None; its bounds are the
    policy value's unless given."""
    if policy is not None:
        bounds = bounds_of(policy)
        low = bounds[0] if low is None else low
        high = bounds[1] if high is None else high
    meta = {"help": help, "choices": tuple(choices), "low": low, "high": high, "policy": policy}
    return field(default=default, metadata=meta)


def option_name(name: str) -> str:
    return "--" + name.replace("_", "-")


@dataclass(frozen=True)
class Params:
    """Base of every analysis's parameters: checks choices and bounds on construction."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None or isinstance(value, bool):
                continue
            choices = f.metadata.get("choices")
            low, high = f.metadata.get("low"), f.metadata.get("high")
            if choices and value not in choices:
                raise AnalysisError(
                    f"{option_name(f.name)} {value!r} is not valid (valid: {', '.join(choices)})"
                )
            if isinstance(value, int | float) and not _within(value, low, high):
                raise AnalysisError(f"{option_name(f.name)} {value:g} must be {_bounds(low, high)}")


def _within(value: float, low: float | None, high: float | None) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _bounds(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"between {low:g} and {high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


@dataclass(frozen=True)
class NoParams(Params):
    pass


P = TypeVar("P", bound=Params)
R = TypeVar("R", bound=tuple[Any, ...])


@dataclass(frozen=True)
class Analysis(Generic[P, R]):
    """One entry of the registry: a command, its parameters and what its rows hold. An
    analysis with several views (knowledge, churn, complexity, teams) has rows of Any
    here; its typed views are module functions the sections call."""

    name: str
    help: str  # one line, shown in --help and the registry's error message
    row: type[tuple[Any, ...]]  # the row type of the default view
    params: type[P]
    run: Callable[[duckdb.DuckDBPyConnection, Options, P], Result[R]]
    argument: str | None = None  # a parameter given as a required positional argument

    @property
    def columns(self) -> tuple[str, ...]:
        return columns_of(self.row)

    def fields(self) -> list[tuple[dataclasses.Field[Any], type]]:
        """The parameter fields with their resolved types (for the CLI)."""
        hints = typing.get_type_hints(self.params)
        return [(f, hints[f.name]) for f in dataclasses.fields(self.params)]
