"""techlead.toml -> frozen dataclasses.

Every problem is a ConfigError that names the file, the line and the key: an unknown key, a
value of the wrong type, a repository path that does not exist, a bad date or glob (a
reversed range such as ``[z-a]`` in ``members``, ``paths``, ``exclude``...), TOML nested too
deeply to parse.
Without a configuration file, the paths given on the command line form the workspace.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techlead.core import health_policy
from techlead.core import policy as policies
from techlead.core.dates import DateError, parse_date
from techlead.core.errors import ConfigError
from techlead.core.globs import glob_to_regex
from techlead.core.landing import ReviewRules, combined, default_rules, rules_from
from techlead.core.readonly_sql import refusal
from techlead.core.roles import NAMES as ROLE_NAMES
from techlead.core.toml_files import Locator, parse_toml, read_text

CONFIG_NAME = "techlead.toml"


@dataclass(frozen=True)
class RepoConfig:
    path: Path
    name: str | None = None
    team: str | None = None


@dataclass(frozen=True)
class TeamConfig:
    name: str
    members: tuple[str, ...]  # emails or globs over emails and names


@dataclass(frozen=True)
class ComponentConfig:
    name: str
    paths: tuple[str, ...]  # globs, see techlead.core.globs
    repos: tuple[str, ...] = ()  # repository names it applies to; empty = every repository


@dataclass(frozen=True)
class MiningConfig:
    exclude: tuple[str, ...] = ()
    bots: tuple[str, ...] = ()
    since: str | None = None
    complexity: bool = True
    merge_names: bool = True  # one person per full name as well as per email
    keep_texts: tuple[str, ...] = ()  # globs of files whose text the scan keeps (checks)


@dataclass(frozen=True)
class CustomMetric:
    """``[metrics.NAME]``: a metric measured by a read-only SELECT (core.readonly_sql)."""

    name: str
    sql: str
    definition: str
    unit: str
    better: str  # higher | lower
    where: str  # FILE:LINE of its table


@dataclass(frozen=True)
class MetricsConfig:
    radar: Path | None = None  # the radar whose hold ring the hold-technologies metric reads
    osv: Path | None = None  # OSV data for the vulnerabilities metric
    custom: tuple[CustomMetric, ...] = ()


@dataclass(frozen=True)
class PeopleConfig:
    # each group: one person's identities (names or e-mails); the first names the person
    aliases: tuple[tuple[str, ...], ...] = ()
    profiles: bool = False  # the report and dashboard show people's profiles


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    workspace_name: str | None = None
    repos: tuple[RepoConfig, ...] = ()
    teams: tuple[TeamConfig, ...] = ()
    components: tuple[ComponentConfig, ...] = ()
    mining: MiningConfig = field(default_factory=MiningConfig)
    policy: policies.Policy = policies.DEFAULT
    policy_sources: policies.Sources = field(default_factory=dict)  # name -> FILE:LINE
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()  # [roles]: role name -> extra globs
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    people: PeopleConfig = field(default_factory=PeopleConfig)
    review: ReviewRules = field(default_factory=default_rules)  # [review.NAME]: how changes land


_SCHEMA: dict[str, set[str]] = {
    "workspace": {"name"},
    "repos": {"path", "name", "team"},
    "teams": {"members"},
    "components": {"paths", "repos"},
    "mining": {"exclude", "bots", "since", "complexity", "merge_names", "keep_texts"},
    "policy": {f.name for f in dataclasses.fields(policies.Policy)},
    "roles": set(ROLE_NAMES),
    "metrics": {"sql", "definition", "unit", "better"},  # of [metrics.NAME]
    "people": {"aliases", "profiles"},
    "review": {"subject", "message", "reviewers", "merge", "web"},  # of [review.NAME]
}
_METRIC_FILES = ("radar", "osv")  # the plain keys of [metrics]
_METRIC_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,59}")


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.where = Locator(text)

    def fail(
        self, message: str, table: str, index: int | None = None, key: str | None = None
    ) -> ConfigError:
        line = (
            self.where.line(table, index, key)
            or self.where.line(table, index)
            or self.where.line("", None, table)
        )
        position = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{position}: {message}")

    def keys(self, table: str, data: dict[str, Any], index: int | None = None) -> None:
        allowed = _SCHEMA[table.split(".")[0]]
        for key in data:
            if key not in allowed:
                valid = ", ".join(sorted(allowed))
                raise self.fail(
                    f"unknown key '{key}' in [{table}] (valid: {valid})", table, index, key
                )

    def string(
        self, table: str, data: dict[str, Any], key: str, index: int | None = None
    ) -> str | None:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise self.fail(f"'{key}' in [{table}] must be a string", table, index, key)
        return value

    def boolean(self, table: str, data: dict[str, Any], key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' in [{table}] must be true or false", table, key=key)
        return value

    def strings(self, table: str, data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{key}' in [{table}] must be a list of strings", table, key=key)
        return tuple(value)

    def globs(
        self, table: str, data: dict[str, Any], key: str, *, folded: bool = False
    ) -> tuple[str, ...]:
        """A list of globs, each well formed (also in lower case when ``folded``: team
        members are matched that way)."""
        values = self.strings(table, data, key)
        for value in values:
            try:
                glob_to_regex(value)
                if folded:
                    glob_to_regex(value.lower())
            except ValueError as exc:
                raise self.fail(f"'{key}' in [{table}]: {exc}", table, key=key) from None
        return values

    def table(self, doc: dict[str, Any], name: str) -> dict[str, Any]:
        value = doc.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(f"'{name}' must be a table ([{name}])", "", key=name)
        return value


def load_config(path: Path) -> Config:
    """Read and validate a techlead.toml file."""
    if not path.exists():
        raise ConfigError(f"{path}: no such configuration file")
    text = read_text(path)
    doc = parse_toml(path, text)
    reader = _Reader(path, text)
    for key in doc:
        if key not in _SCHEMA:
            valid = ", ".join(f"[{k}]" for k in _SCHEMA)
            raise reader.fail(f"unknown table '{key}' (valid: {valid})", key)
    base = path.parent
    workspace = reader.table(doc, "workspace")
    reader.keys("workspace", workspace)
    return Config(
        path=path,
        workspace_name=reader.string("workspace", workspace, "name"),
        repos=_repos(reader, doc, base),
        teams=_teams(reader, doc),
        components=_components(reader, doc),
        mining=_mining(reader, doc),
        **_policy(reader, doc),
        roles=_roles(reader, doc),
        metrics=_metrics(reader, doc, base),
        people=_people(reader, doc),
        review=_review(reader, doc),
    )


def _review(reader: _Reader, doc: dict[str, Any]) -> ReviewRules:
    """[review.NAME]: tables of patterns over the built-in ones (core.landing)."""
    tables = _named_tables(reader, doc, "review")
    try:
        return rules_from(combined(tables))
    except ConfigError as exc:
        raise reader.fail(str(exc), "review") from None


def _people(reader: _Reader, doc: dict[str, Any]) -> PeopleConfig:
    """[people]: ``aliases``, groups of identities that are one person across the
    workspace, and ``profiles``."""
    people = reader.table(doc, "people")
    reader.keys("people", people)
    raw = people.get("aliases", [])
    shape = all(isinstance(g, list) and len(g) >= 2
                and all(isinstance(x, str) and x.strip() for x in g) for g in raw)  # fmt: skip
    if not isinstance(raw, list) or not shape:
        raise reader.fail("'aliases' in [people] must be a list of lists of two or more names "
                          'or e-mails (aliases = [["alice@acme.example", "Alice S."]])',
                          "people", key="aliases")  # fmt: skip
    groups = tuple(tuple(x.strip() for x in group) for group in raw)
    seen: dict[str, int] = {}
    for number, group in enumerate(groups, start=1):
        for entry in group:
            other = seen.setdefault(entry.casefold(), number)
            if other != number:
                raise reader.fail(f"'aliases' in [people]: {entry[:80]!r} is in groups {other} "
                                  f"and {number}: one identity is one person", "people",
                                  key="aliases")  # fmt: skip
    return PeopleConfig(groups, reader.boolean("people", people, "profiles", False))


def _metrics(reader: _Reader, doc: dict[str, Any], base: Path) -> MetricsConfig:
    """[metrics]: ``radar`` and ``osv`` (paths from techlead.toml's folder) and one
    ``[metrics.NAME]`` table per custom metric (docs/configuration.md)."""
    table = reader.table(doc, "metrics")
    files: dict[str, Path] = {}
    custom = []
    for name, value in table.items():
        if name in _METRIC_FILES:
            files[name] = _metric_file(reader, table, name, base)
        elif isinstance(value, dict):
            custom.append(_custom_metric(reader, name, value))
        else:
            raise reader.fail(f"'{name[:60]}' in [metrics] must be radar, osv or a table "
                              f"[metrics.{name[:60]}] with sql", "metrics", key=name)  # fmt: skip
    return MetricsConfig(files.get("radar"), files.get("osv"), tuple(custom))


def _metric_file(reader: _Reader, table: dict[str, Any], key: str, base: Path) -> Path:
    raw = reader.string("metrics", table, key)
    path = (base / raw).resolve() if raw else None
    if path is None or not path.exists():
        raise reader.fail(f"'{key}' in [metrics]: no such file: {raw!r}", "metrics", key=key)
    return path


def _custom_metric(reader: _Reader, name: str, body: dict[str, Any]) -> CustomMetric:
    where = f"metrics.{name}"
    if not _METRIC_NAME.fullmatch(name):
        raise reader.fail(f"metric name {name[:60]!r}: letters, digits, - and _ only (at "
                          "most 60)", where)  # fmt: skip
    reader.keys(where, body)
    sql = reader.string(where, body, "sql")
    if not sql:
        raise reader.fail(f"[{where}] needs 'sql' (one read-only SELECT)", where, key="sql")
    problem = refusal(sql)
    if problem:
        raise reader.fail(f"'sql' of [{where}] {problem}", where, key="sql")
    better = reader.string(where, body, "better") or "higher"
    if better not in ("higher", "lower"):
        raise reader.fail(f"'better' in [{where}] must be \"higher\" or \"lower\"", where,
                          key="better")  # fmt: skip
    line = reader.where.line(where)
    return CustomMetric(
        name, sql, reader.string(where, body, "definition") or f"custom: {sql}",
        reader.string(where, body, "unit") or "", better,
        f"{reader.path}:{line}" if line else str(reader.path),
    )  # fmt: skip


def _roles(reader: _Reader, doc: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """[roles]: more globs per file role (docs/file-roles.md); they win over the built-in
    rules."""
    table = reader.table(doc, "roles")
    reader.keys("roles", table)
    return tuple((name, reader.globs("roles", table, name)) for name in table)


def _policy(reader: _Reader, doc: dict[str, Any]) -> dict[str, Any]:
    """[policy]: each value checked (type and range), with the line it was set on."""
    table = dict(reader.table(doc, "policy"))
    health = table.pop("health", {})
    reader.keys("policy", table)
    values, sources = {}, {}
    if not isinstance(health, dict):
        raise reader.fail("'health' must be a table ([policy.health])", "policy", key="health")
    try:
        values.update(health_policy.health_values(health))
    except ConfigError as exc:
        raise reader.fail(str(exc), "policy.health") from None
    for name in values:
        short = name.removeprefix(health_policy.HEALTH_PREFIX)
        line = reader.where.line("policy.health", None, short)
        if short == "languages":  # where the first language's table starts
            line = reader.where.line(f"policy.health.languages.{next(iter(health[short]), '')}")
        sources[name] = f"{reader.path}:{line}" if line else str(reader.path)
    for name, value in table.items():
        try:
            values[name] = policies.checked(name, value)
        except ConfigError as exc:
            raise reader.fail(str(exc), "policy", key=name) from None
        line = reader.where.line("policy", None, name)
        sources[name] = f"{reader.path}:{line}" if line else str(reader.path)
    chosen = dataclasses.replace(policies.DEFAULT, **values)
    try:
        policies.consistent(chosen)
    except ConfigError as exc:
        raise reader.fail(str(exc), "policy") from None
    return {"policy": chosen, "policy_sources": sources}


def _repos(reader: _Reader, doc: dict[str, Any], base: Path) -> tuple[RepoConfig, ...]:
    entries = doc.get("repos", [])
    if not isinstance(entries, list):
        raise reader.fail("'repos' must be an array of tables ([[repos]])", "", key="repos")
    repos: list[RepoConfig] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise reader.fail("each [[repos]] entry must be a table", "repos", index)
        reader.keys("repos", entry, index)
        raw = reader.string("repos", entry, "path", index)
        if not raw:
            raise reader.fail("[[repos]] entry needs a 'path'", "repos", index)
        path = (base / raw).resolve()
        if not path.exists():
            raise reader.fail(
                f"repository path '{raw}' does not exist ({path})", "repos", index, "path"
            )
        name = reader.string("repos", entry, "name", index)
        if name is not None and name in {r.name for r in repos}:
            raise reader.fail(
                f"two [[repos]] entries are named {name!r}: names must be unique",
                "repos", index, "name",
            )  # fmt: skip
        repos.append(
            RepoConfig(path=path, name=name, team=reader.string("repos", entry, "team", index))
        )
    return tuple(repos)


def _named_tables(reader: _Reader, doc: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    tables = reader.table(doc, name)
    for key, value in tables.items():
        if not isinstance(value, dict):
            raise reader.fail(f"'{name}.{key}' must be a table ([{name}.{key}])", name, key=key)
        reader.keys(f"{name}.{key}", value)
    return tables


def _teams(reader: _Reader, doc: dict[str, Any]) -> tuple[TeamConfig, ...]:
    return tuple(
        TeamConfig(name, reader.globs(f"teams.{name}", body, "members", folded=True))
        for name, body in _named_tables(reader, doc, "teams").items()
    )


def _components(reader: _Reader, doc: dict[str, Any]) -> tuple[ComponentConfig, ...]:
    components = []
    for name, body in _named_tables(reader, doc, "components").items():
        paths = reader.globs(f"components.{name}", body, "paths")
        if not paths:
            raise reader.fail(f"component '{name}' needs 'paths'", f"components.{name}")
        repos = reader.strings(f"components.{name}", body, "repos")
        components.append(ComponentConfig(name, paths, repos))
    return tuple(components)


def _mining(reader: _Reader, doc: dict[str, Any]) -> MiningConfig:
    mining = reader.table(doc, "mining")
    reader.keys("mining", mining)
    since = reader.string("mining", mining, "since")
    if since is not None:
        try:
            parse_date(since, what="since")
        except DateError as exc:
            raise reader.fail(str(exc), "mining", key="since") from None
    return MiningConfig(
        exclude=reader.globs("mining", mining, "exclude"),
        bots=reader.strings("mining", mining, "bots"),
        since=since,
        complexity=reader.boolean("mining", mining, "complexity", True),
        merge_names=reader.boolean("mining", mining, "merge_names", True),
        keep_texts=reader.globs("mining", mining, "keep_texts"),
    )


def find_config(directory: Path) -> Path | None:
    candidate = directory / CONFIG_NAME
    return candidate if candidate.is_file() else None
