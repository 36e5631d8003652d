"""standards.toml: custom checks, levels, exemptions and the secrets allow-list.

::

    [levels]
    order = ["bronze", "silver", "gold", "platinum"]   # must keep the built-in three

    [secrets]
    allow = ["tests/certs/**"]          # globs added to the built-in allow-list
    fail_unshipped = true               # secrets in test, docs and example files fail too

    [[check]]
    id = "makefile"
    title = "a Makefile"
    level = "silver"                    # default bronze
    weight = 1                          # default 1
    fix = "Add a Makefile with run and test targets."
    file_exists = ["Makefile", "justfile"]              # one of these kinds per check:
    # file_absent = ["*.log"]
    # file_contains = { path = "README.md", regex = "## Install" }
    # file_lacks = { path = "**/*.py", regex = "breakpoint\\(\\)" }
    # sql = "SELECT count(*) FROM files WHERE repo_id = $repo AND ..."   with min / max
    # metric = { analysis = "hotspots", column = "score" }               with min / max
    where = { language = "Python", team = "payments", repo = "api-*" }  # all optional

    [[exemption]]
    repo = "legacy-*"                   # a glob over repository names
    check = "tests"
    reason = "retired in Q3"
    expires = 2027-06-30                # after it, the exemption no longer applies

A ``metric`` runs the analysis on the repository alone and takes the largest value of the
column over its rows (0 without rows); ``sql`` takes the first column of the first row.
An exempt check does not count (like ``n/a``) and says why.

Everything is validated when the file is read, before any repository is judged: an
unknown table or key, a value of the wrong type, an empty list of globs, a malformed glob
or regular expression (RE2 syntax, as DuckDB's), a metric on a column that holds no
numbers, a bound that is not a finite number, an ``sql`` check that does not use
``$repo``: each is a ConfigError naming the file, the line and the key.
"""

from __future__ import annotations

import fnmatch
import math
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from techlead.analyses import REGISTRY
from techlead.core.errors import ConfigError
from techlead.core.globs import GlobError, compile_regex, globs_regex
from techlead.core.model import Options
from techlead.core.toml_files import parse_toml, read_text
from techlead.standards.checks import LEVELS, Check, Outcome
from techlead.standards.context import RepoContext
from techlead.standards.toml_reader import Reader

KINDS = ("file_exists", "file_absent", "file_contains", "file_lacks", "sql", "metric")
_TABLES = {
    "levels": {"order"},
    "secrets": {"allow", "fail_unshipped"},
    "check": {"id", "title", "level", "weight", "fix", "where", "min", "max", *KINDS},
    "exemption": {"repo", "check", "reason", "expires"},
    "review": {"level"},  # the level of the built-in check review (docs/review.md)
}
_INNER = {
    "where": {"language", "team", "repo"},
    "file_contains": {"path", "regex"},
    "file_lacks": {"path", "regex"},
    "metric": {"analysis", "column"},
}


@dataclass(frozen=True)
class Exemption:
    repo: str
    check: str
    reason: str
    expires: date | None


@dataclass(frozen=True)
class StandardsConfig:
    levels: tuple[str, ...] = LEVELS
    checks: tuple[Check, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    allow: tuple[str, ...] = field(default_factory=tuple)
    fail_unshipped: bool = False  # secrets in test, docs and example files fail no-secrets too
    review_level: str | None = None  # [review] level: the review check's (None: silver)

    def exemption(self, repo: str, check: str, today: date) -> Exemption | None:
        for item in self.exemptions:
            applies = item.check == check and fnmatch.fnmatchcase(repo, item.repo)
            if applies and (item.expires is None or item.expires >= today):
                return item
        return None


def load(path: Path) -> StandardsConfig:
    text = read_text(path)
    doc = parse_toml(path, text)
    reader = Reader(path, text)
    reader.known(doc, set(_TABLES), "standards.toml", "")
    levels = _levels(reader, doc.get("levels", {}))
    entries = _array(reader, doc, "check")
    checks = tuple(_check(reader, entry, i, levels) for i, entry in enumerate(entries))
    seen: set[str] = set()
    for index, check in enumerate(checks):
        if check.id in seen:
            raise reader.fail(
                f"two [[check]] entries have the id {check.id!r}", "check", index, "id"
            )
        seen.add(check.id)
    exemptions = tuple(
        _exemption(reader, entry, i) for i, entry in enumerate(_array(reader, doc, "exemption"))
    )
    secrets = reader.table(doc.get("secrets", {}), "[secrets]", "secrets")
    reader.known(secrets, _TABLES["secrets"], "[secrets]", "secrets")
    allow = secrets.get("allow", [])
    if allow != []:
        allow = reader.globs(allow, "[secrets] allow", "secrets", key="allow")
    fail_unshipped = secrets.get("fail_unshipped", False)
    if not isinstance(fail_unshipped, bool):
        raise reader.fail(
            "[secrets] fail_unshipped must be true or false", "secrets", key="fail_unshipped"
        )
    return StandardsConfig(levels, checks, exemptions, tuple(allow), fail_unshipped,
                           _review_level(reader, doc, levels))  # fmt: skip


def _review_level(reader: Reader, doc: dict[str, Any], levels: tuple[str, ...]) -> str | None:
    """``[review] level``: the level of the built-in check review."""
    table = reader.table(doc.get("review", {}), "[review]", "review")
    reader.known(table, _TABLES["review"], "[review]", "review")
    level = table.get("level")
    if level is not None and level not in levels:
        raise reader.fail(f"[review] level {str(level)[:40]!r} is not one of "
                          f"{', '.join(levels)}", "review", key="level")  # fmt: skip
    return level


def _levels(reader: Reader, found: Any) -> tuple[str, ...]:
    table = reader.table(found, "[levels]", "levels")
    reader.known(table, _TABLES["levels"], "[levels]", "levels")
    order = table.get("order", list(LEVELS))
    if not isinstance(order, list) or not all(isinstance(v, str) and v for v in order):
        raise reader.fail("[levels] order must be a list of names", "levels", key="order")
    if len(set(order)) != len(order):
        raise reader.fail("[levels] order names a level twice", "levels", key="order")
    if not set(LEVELS) <= set(order):
        raise reader.fail(f"[levels] order must keep {', '.join(LEVELS)}", "levels", key="order")
    return tuple(order)


def _array(reader: Reader, doc: dict[str, Any], name: str) -> list[dict[str, Any]]:
    entries = doc.get(name, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise reader.fail(f"'{name}' must be an array of tables ([[{name}]])", name)
    return entries


def _exemption(reader: Reader, entry: dict[str, Any], index: int) -> Exemption:
    what = f"[[exemption]] {index + 1}"
    reader.known(entry, _TABLES["exemption"], what, "exemption", index)
    repo, check, reason = (
        reader.text(entry, key, what, "exemption", index) for key in ("repo", "check", "reason")
    )
    expires = entry.get("expires")
    if expires is not None and not isinstance(expires, date):
        raise reader.fail(
            f"{what} ({check}): 'expires' must be a date (2027-06-30)",
            "exemption",
            index,
            "expires",
        )
    return Exemption(repo, check, reason, expires)


def _check(reader: Reader, entry: dict[str, Any], index: int, levels: tuple[str, ...]) -> Check:
    cid = reader.text(entry, "id", f"[[check]] {index + 1}", "check", index)
    where = f"check {cid}"
    reader.known(entry, _TABLES["check"], where, "check", index)
    kinds = [k for k in KINDS if k in entry]
    if len(kinds) != 1:
        raise reader.fail(f"{where}: needs exactly one of {', '.join(KINDS)}", "check", index)
    level = entry.get("level", "bronze")
    if level not in levels:
        raise reader.fail(
            f"{where}: level {level!r} is not one of {', '.join(levels)}", "check", index, "level"
        )
    weight = entry.get("weight", 1)
    if not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= 10:
        raise reader.fail(
            f"{where}: 'weight' must be a whole number from 0 to 10", "check", index, "weight"
        )
    run = _runner(reader, where, index, kinds[0], entry)
    condition = _condition(reader, where, index, entry.get("where", {}))

    def guarded(ctx: RepoContext) -> Outcome:
        reason = _excluded(ctx, condition)
        return (None, reason) if reason else run(ctx)

    title = reader.text(entry, "title", where, "check", index, default=cid)
    fix = reader.text(entry, "fix", where, "check", index, default="See standards.toml.")
    return Check(cid, level, weight, title, fix, guarded)


def _condition(reader: Reader, where: str, index: int, found: Any) -> dict[str, str]:
    condition = reader.table(found, f"{where}: 'where'", "check", index, "where")
    reader.known(condition, _INNER["where"], f"{where}: 'where'", "check", index, "where")
    for key in condition:
        reader.text(condition, key, f"{where}: 'where'", "check", index, at="where")
    return condition


def _excluded(ctx: RepoContext, condition: dict[str, str]) -> str | None:
    if "repo" in condition and not fnmatch.fnmatchcase(ctx.name, condition["repo"]):
        return f"only for repositories {condition['repo']}"
    if "team" in condition:
        team = ctx.query("SELECT team FROM repos WHERE repo_id = $repo")[0][0]
        if team != condition["team"]:
            return f"only for team {condition['team']}"
    if "language" in condition:
        rows = ctx.query(
            "SELECT count(*) FROM files WHERE repo_id = $repo AND language = $language",
            language=condition["language"],
        )
        if not rows[0][0]:
            return f"only for {condition['language']} code"
    return None


def _runner(reader: Reader, where: str, index: int, kind: str, entry: dict[str, Any]) -> Any:
    value = entry[kind]
    for bound in ("min", "max"):
        if bound in entry and kind not in ("sql", "metric"):
            raise reader.fail(
                f"{where}: '{bound}' applies to sql and metric checks only", "check", index, bound
            )
    if kind in ("file_exists", "file_absent"):
        globs = reader.globs(value, f"{where}: {kind}", "check", index, kind)
        regex = compile_regex(globs_regex(globs))

        def files(ctx: RepoContext) -> Outcome:
            found = sorted(p for p in ctx.files if regex.match(p))
            if kind == "file_exists":
                return (True, found[0]) if found else (False, f"no file matches {', '.join(globs)}")
            return (False, "found " + ", ".join(found[:5])) if found else (True, "none found")

        return files
    if kind in ("file_contains", "file_lacks"):
        return _contents(reader, where, index, kind, value)
    low, high = _bounds(reader, where, index, entry)
    if kind == "sql":
        _sql(reader, where, index, value)
    else:
        _metric(reader, where, index, value)

    def threshold(ctx: RepoContext) -> Outcome:
        measured = _measure(ctx, kind, value, where)
        passed = (low is None or measured >= low) and (high is None or measured <= high)
        wanted = [f">= {low}" if low is not None else "", f"<= {high}" if high is not None else ""]
        bounds = " and ".join(b for b in wanted if b)
        return passed, f"{measured:g} (wanted {bounds})"

    return threshold


def _contents(reader: Reader, where: str, index: int, kind: str, found: Any) -> Any:
    what = f"{where}: {kind}"
    value = reader.table(found, f"{what} ({{ path = ..., regex = ... }})", "check", index, kind)
    reader.known(value, _INNER[kind], what, "check", index, kind)
    path = reader.text(value, "path", what, "check", index, at=kind)
    paths = compile_regex(globs_regex(reader.globs(path, f"{what} path", "check", index, kind)))
    try:
        pattern = compile_regex("(?m)" + reader.text(value, "regex", what, "check", index, at=kind))
    except GlobError as exc:
        raise reader.fail(f"{what}: {exc} (RE2 syntax)", "check", index, kind) from None

    def contents(ctx: RepoContext) -> Outcome:
        chosen = sorted(p for p in ctx.files if paths.match(p))
        if not chosen:
            return None, f"no file matches {path}"
        hits = [p for p in chosen if (d := ctx.document(p)) and pattern.search(d.text)]
        # A file whose text the scan did not keep (or kept in part) could hold a match.
        unread = [ctx.unread(p) for p in chosen if ctx.document(p) is None]
        unread += [
            ctx.cut(p) for p in chosen if (d := ctx.document(p)) and d.truncated and p not in hits
        ]
        if kind == "file_contains":
            if hits:
                return True, hits[0]
            return (None, unread[0]) if unread else (False, f"no {path} matches")
        if hits:
            return False, "found in " + ", ".join(hits[:5])
        return (None, unread[0]) if unread else (True, "not found")

    return contents


def _bounds(
    reader: Reader, where: str, index: int, entry: dict[str, Any]
) -> tuple[float | None, float | None]:
    found: list[float | None] = []
    for bound in ("min", "max"):
        value = entry.get(bound)
        if value is not None and (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            raise reader.fail(
                f"{where}: '{bound}' must be a finite number, not {value!r}", "check", index, bound
            )
        found.append(value)
    low, high = found
    if low is None and high is None:
        raise reader.fail(f"{where}: needs min or max", "check", index)
    if low is not None and high is not None and low > high:
        raise reader.fail(f"{where}: min {low:g} is above max {high:g}", "check", index, "min")
    return low, high


def _sql(reader: Reader, where: str, index: int, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise reader.fail(f"{where}: 'sql' must be a query", "check", index, "sql")
    if "$repo" not in value:
        raise reader.fail(
            f"{where}: the sql query must use $repo, the id of the repository being checked "
            "(e.g. WHERE repo_id = $repo); without it every repository gets the same answer",
            "check",
            index,
            "sql",
        )


def _metric(reader: Reader, where: str, index: int, found: Any) -> None:
    what = f"{where}: metric"
    value = reader.table(
        found, f"{what} ({{ analysis = ..., column = ... }})", "check", index, "metric"
    )
    reader.known(value, _INNER["metric"], what, "check", index, "metric")
    name = reader.text(value, "analysis", what, "check", index, at="metric")
    analysis = REGISTRY.get(name)
    if analysis is None:
        raise reader.fail(
            f"{what}: unknown analysis {name!r} (valid: {', '.join(sorted(REGISTRY))})",
            "check",
            index,
            "metric",
        )
    column = reader.text(value, "column", what, "check", index, at="metric")
    numeric = [c for c in analysis.columns if _numeric(analysis.row, c)]
    if column not in numeric:
        kind = "holds no numbers" if column in analysis.columns else "is not a column"
        raise reader.fail(
            f"{what}: {column!r} {kind} of {name} (numeric columns: "
            f"{', '.join(numeric) or 'none'})",
            "check",
            index,
            "metric",
        )


def _numeric(row: type[tuple[Any, ...]], column: str) -> bool:
    hint = typing.get_type_hints(row).get(column.replace("-", "_"))
    kinds = typing.get_args(hint) or (hint,)
    return any(k in (int, float) for k in kinds) and bool not in kinds


def _measure(ctx: RepoContext, kind: str, value: Any, where: str) -> float:
    """The measured value (the query or metric was validated when the file was read)."""
    if kind == "sql":
        rows = ctx.query(str(value))
        return _number(rows[0][0] if rows else None, where)
    analysis = REGISTRY[value["analysis"]]
    result = analysis.run(ctx.con, Options(repos=(ctx.name,)), analysis.params())
    index = result.columns.index(value["column"])
    return max((_number(row[index], where) for row in result.rows), default=0.0)


def _number(value: object, where: str) -> float:
    if value is None:
        return 0.0
    try:
        return float(str(value))
    except ValueError:
        raise ConfigError(f"{where}: measured {str(value)[:80]!r}, not a number") from None
