"""``roadmap.toml``: the initiatives a workspace plans, read and checked for shape.

Each ``[[initiative]]`` has an ``id``, a ``title``, ``start`` and ``end`` (TOML dates, the
end inclusive), and may name an ``owner``, ``teams``, the initiatives it ``depends_on``,
the ``goals`` (objective ids of ``goals.toml``) it serves and the ``adrs`` it carries out.
A file that is not of that shape is a ConfigError naming the file, the line and the key;
what the initiatives say about each other and the warehouse (conflicts) is judged in
``roadmap_check``.

Which file: ``--file PATH`` when given; else ``./roadmap.toml``; else the one beside the
``techlead.toml`` of the workspace's last configured scan. ``goals.toml`` is found the
same way; of it only the objectives' ids and their key results' deadlines are read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from techlead.core.dates import EARLIEST_YEAR, LATEST_YEAR
from techlead.core.errors import ConfigError
from techlead.core.toml_files import Locator, parse_toml, read_text
from techlead.warehouse.workspace import workspace_file

FILE_NAME = "roadmap.toml"
GOALS_NAME = "goals.toml"
REQUIRED = ("id", "title", "start", "end")
LISTS = ("teams", "depends_on", "goals")
KEYS = (*REQUIRED, "owner", *LISTS, "adrs")


@dataclass(frozen=True)
class Initiative:
    id: str
    title: str
    start: date
    end: date  # inclusive: the last day of work
    owner: str | None = None
    teams: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    adrs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Roadmap:
    path: Path
    initiatives: tuple[Initiative, ...]  # in the file's order


class _Where:
    """Error messages that name the file, the line and the key."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.locator = path, Locator(text)

    def fail(self, index: int | None, key: str | None, message: str) -> ConfigError:
        line = None
        if index is not None:
            line = self.locator.line("initiative", index, key) if key else None
            line = line or self.locator.line("initiative", index)
        line = line or self.locator.line("", None, "initiative")
        return self.at(line, message)

    def top(self, key: str, message: str) -> ConfigError:
        """An error about a key of the document itself (``[[key]]`` or ``key = ...``)."""
        return self.at(self.locator.line(key) or self.locator.line("", None, key), message)

    def at(self, line: int | None, message: str) -> ConfigError:
        position = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{position}: {message}")


def load(path: Path) -> Roadmap:
    """Read and check a roadmap file (see the module's docstring)."""
    text = read_text(path)
    doc = _parsed(path, text)
    where = _Where(path, text)
    for key in doc:
        if key != "initiative":
            raise where.top(key, f"unknown key '{_short(key)}' (valid: [[initiative]])")
    entries = doc.get("initiative", [])
    if not isinstance(entries, list):
        raise where.top("initiative", "'initiative' must be an array of tables ([[initiative]])")
    initiatives = [_initiative(where, i, entry) for i, entry in enumerate(entries)]
    _unique(where, initiatives)
    _known_dependencies(where, initiatives)
    return Roadmap(path, tuple(initiatives))


def _parsed(path: Path, text: str) -> dict[str, Any]:
    try:
        return parse_toml(path, text)
    except ValueError as exc:  # a number of thousands of digits
        raise ConfigError(f"{path}: invalid TOML: {str(exc).splitlines()[0]}") from None


def _initiative(where: _Where, index: int, entry: Any) -> Initiative:
    if not isinstance(entry, dict):
        raise where.fail(index, None, "each [[initiative]] must be a table")
    name = entry.get("id")
    if not isinstance(name, str) or not name.strip():
        raise where.fail(index, "id", "every [[initiative]] needs an 'id' (a non-empty string)")
    label = f"initiative {_short(name)!r}"
    for key in entry:
        if key not in KEYS:
            raise where.fail(
                index, key, f"{label}: unknown key '{_short(key)}' (valid: {', '.join(KEYS)})"
            )
    for key in ("title", "owner"):
        if key in entry and not isinstance(entry[key], str):
            raise where.fail(index, key, f"{label}: '{key}' must be a string")
    if "title" not in entry:
        raise where.fail(index, None, f"{label}: 'title' is missing")
    start, end = (_date(where, index, entry, key, label) for key in ("start", "end"))
    if end < start:
        raise where.fail(index, "end", f"{label}: 'end' ({end}) is before 'start' ({start})")
    lists = {key: _strings(where, index, entry, key, label) for key in LISTS}
    return Initiative(name, entry["title"], start, end, entry.get("owner"),
                      adrs=_adrs(where, index, entry, label), **lists)  # fmt: skip


def _date(where: _Where, index: int, entry: dict[str, Any], key: str, label: str) -> date:
    if key not in entry:
        raise where.fail(index, None, f"{label}: '{key}' is missing")
    value = entry[key]
    # A TOML date-time is a datetime (a subclass of date): a roadmap plans whole days.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise where.fail(index, key, f"{label}: '{key}' must be a date ({key} = 2027-01-31)")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise where.fail(
            index,
            key,
            f"{label}: '{key}' must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}",
        )
    return value


def _strings(
    where: _Where, index: int, entry: dict[str, Any], key: str, label: str
) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise where.fail(index, key, f"{label}: '{key}' must be a list of non-empty strings")
    return tuple(dict.fromkeys(value))


def _adrs(where: _Where, index: int, entry: dict[str, Any], label: str) -> tuple[str, ...]:
    """ADR references: numbers or strings (``7``, ``"ADR-7"``, ``"billing:7"``, a path)."""
    value = entry.get("adrs", [])
    if not isinstance(value, list) or not all(
        (isinstance(v, str) and v) or (isinstance(v, int) and not isinstance(v, bool))
        for v in value
    ):
        raise where.fail(index, "adrs", f"{label}: 'adrs' must be a list of ADR numbers or names")
    return tuple(dict.fromkeys(str(v) for v in value))


def _unique(where: _Where, initiatives: list[Initiative]) -> None:
    seen: set[str] = set()
    for index, initiative in enumerate(initiatives):
        if initiative.id in seen:
            raise where.fail(index, "id", f"two initiatives have the id "
                             f"{_short(initiative.id)!r}: ids must be unique")  # fmt: skip
        seen.add(initiative.id)


def _known_dependencies(where: _Where, initiatives: list[Initiative]) -> None:
    ids = {i.id for i in initiatives}
    for index, initiative in enumerate(initiatives):
        for needed in initiative.depends_on:
            if needed not in ids:
                raise where.fail(
                    index, "depends_on",
                    f"initiative {_short(initiative.id)!r}: 'depends_on' names "
                    f"{_short(needed)!r}, which is not an initiative of this roadmap",
                )  # fmt: skip


def _short(text: str) -> str:
    """A name from the file as an error message quotes it: at most 60 characters."""
    return text if len(text) <= 60 else text[:57] + "..."


# Finding the files --------------------------------------------------------------------


def locate(con: duckdb.DuckDBPyConnection, given: Path | None, name: str) -> Path | None:
    """The file called ``name`` to read: ``given`` (which must exist), else ``./name``,
    else the one beside the workspace's techlead.toml; None when there is none."""
    return workspace_file(con, given, name)


@dataclass(frozen=True)
class Goals:
    path: Path | None  # None: no goals file was found
    deadlines: dict[str, tuple[date, ...]]  # objective id -> its key results' deadlines


def load_goals(path: Path | None) -> Goals:
    """The objectives' ids and deadlines of a goals file; entries of another shape are
    left to ``techlead goals`` to report."""
    if path is None:
        return Goals(None, {})
    doc = _parsed(path, read_text(path))
    objectives = doc.get("objective", [])
    deadlines: dict[str, tuple[date, ...]] = {}
    for objective in objectives if isinstance(objectives, list) else []:
        if not isinstance(objective, dict) or not isinstance(objective.get("id"), str):
            continue
        results = objective.get("key_result", [])
        dates = [
            r["deadline"] for r in (results if isinstance(results, list) else [])
            if isinstance(r, dict) and _plain_date(r.get("deadline"))
        ]  # fmt: skip
        deadlines[objective["id"]] = deadlines.get(objective["id"], ()) + tuple(dates)
    return Goals(path, deadlines)


def _plain_date(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)
