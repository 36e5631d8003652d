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
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from techlead.analyses import REGISTRY
from techlead.core.config import read_toml
from techlead.core.errors import ConfigError
from techlead.core.globs import globs_regex
from techlead.core.model import Options
from techlead.standards.checks import LEVELS, Check, Outcome
from techlead.standards.context import RepoContext

KINDS = ("file_exists", "file_absent", "file_contains", "file_lacks", "sql", "metric")


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

    def exemption(self, repo: str, check: str, today: date) -> Exemption | None:
        for item in self.exemptions:
            applies = item.check == check and fnmatch.fnmatchcase(repo, item.repo)
            if applies and (item.expires is None or item.expires >= today):
                return item
        return None


def load(path: Path) -> StandardsConfig:
    doc = read_toml(path)
    levels = tuple(doc.get("levels", {}).get("order", LEVELS))
    if not set(LEVELS) <= set(levels):
        raise ConfigError(f"{path}: [levels] order must keep {', '.join(LEVELS)}")
    checks = tuple(_check(path, entry, levels) for entry in doc.get("check", []))
    exemptions = tuple(_exemption(path, entry) for entry in doc.get("exemption", []))
    found = doc.get("secrets", {})
    allow = tuple(str(g) for g in found.get("allow", []))
    fail_unshipped = found.get("fail_unshipped", False)
    if not isinstance(fail_unshipped, bool):
        raise ConfigError(f"{path}: [secrets] fail_unshipped must be true or false")
    return StandardsConfig(levels, checks, exemptions, allow, fail_unshipped)


def _exemption(path: Path, entry: dict[str, Any]) -> Exemption:
    for key in ("repo", "check", "reason"):
        if not isinstance(entry.get(key), str):
            raise ConfigError(f"{path}: every [[exemption]] needs '{key}'")
    expires = entry.get("expires")
    if expires is not None and not isinstance(expires, date):
        raise ConfigError(f"{path}: exemption of {entry['check']}: 'expires' must be a date")
    return Exemption(entry["repo"], entry["check"], entry["reason"], expires)


def _check(path: Path, entry: dict[str, Any], levels: tuple[str, ...]) -> Check:
    cid = entry.get("id")
    if not isinstance(cid, str) or not cid:
        raise ConfigError(f"{path}: every [[check]] needs an 'id'")
    where = f"{path}: check {cid}"
    kinds = [k for k in KINDS if k in entry]
    if len(kinds) != 1:
        raise ConfigError(f"{where}: needs exactly one of {', '.join(KINDS)}")
    level = entry.get("level", "bronze")
    if level not in levels:
        raise ConfigError(f"{where}: level {level!r} is not one of {', '.join(levels)}")
    run = _runner(where, kinds[0], entry)
    condition = entry.get("where", {})

    def guarded(ctx: RepoContext) -> Outcome:
        reason = _excluded(ctx, condition)
        return (None, reason) if reason else run(ctx)

    return Check(
        cid,
        level,
        int(entry.get("weight", 1)),
        str(entry.get("title", cid)),
        str(entry.get("fix", "See standards.toml.")),
        guarded,
    )


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


def _runner(where: str, kind: str, entry: dict[str, Any]) -> Any:
    value = entry[kind]
    if kind in ("file_exists", "file_absent"):
        globs = [value] if isinstance(value, str) else list(value)
        regex = re.compile(globs_regex(globs))

        def files(ctx: RepoContext) -> Outcome:
            found = sorted(p for p in ctx.files if regex.match(p))
            if kind == "file_exists":
                return (True, found[0]) if found else (False, f"no file matches {', '.join(globs)}")
            return (False, "found " + ", ".join(found[:5])) if found else (True, "none found")

        return files
    if kind in ("file_contains", "file_lacks"):
        if not isinstance(value, dict) or "path" not in value or "regex" not in value:
            raise ConfigError(f"{where}: {kind} needs {{ path = ..., regex = ... }}")
        paths = re.compile(globs_regex([value["path"]]))
        pattern = re.compile(value["regex"], re.M)

        def contents(ctx: RepoContext) -> Outcome:
            chosen = sorted(p for p in ctx.files if paths.match(p))
            if not chosen:
                return None, f"no file matches {value['path']}"
            hits = [p for p in chosen if (d := ctx.document(p)) and pattern.search(d.text)]
            # A file whose text the scan did not keep (or kept in part) could hold a match.
            unread = [ctx.unread(p) for p in chosen if ctx.document(p) is None]
            unread += [ctx.cut(p) for p in chosen
                       if (d := ctx.document(p)) and d.truncated and p not in hits]  # fmt: skip
            if kind == "file_contains":
                if hits:
                    return True, hits[0]
                return (None, unread[0]) if unread else (False, f"no {value['path']} matches")
            if hits:
                return False, "found in " + ", ".join(hits[:5])
            return (None, unread[0]) if unread else (True, "not found")

        return contents
    low, high = entry.get("min"), entry.get("max")
    if low is None and high is None:
        raise ConfigError(f"{where}: {kind} needs min or max")

    def threshold(ctx: RepoContext) -> Outcome:
        measured = _measure(ctx, kind, value, where)
        passed = (low is None or measured >= low) and (high is None or measured <= high)
        wanted = [f">= {low}" if low is not None else "", f"<= {high}" if high is not None else ""]
        bounds = " and ".join(b for b in wanted if b)
        return passed, f"{measured:g} (wanted {bounds})"

    return threshold


def _measure(ctx: RepoContext, kind: str, value: Any, where: str) -> float:
    if kind == "sql":
        rows = ctx.query(str(value))
        return float(str(rows[0][0])) if rows and rows[0][0] is not None else 0.0
    analysis = REGISTRY.get(str(value.get("analysis")))
    if analysis is None:
        raise ConfigError(f"{where}: unknown analysis {value.get('analysis')!r}")
    result = analysis.run(ctx.con, Options(repos=(ctx.name,)), analysis.params())
    if value.get("column") not in result.columns:
        raise ConfigError(
            f"{where}: {analysis.name} has no column {value.get('column')!r} "
            f"(columns: {', '.join(result.columns)})"
        )
    index = result.columns.index(value["column"])
    numbers = [float(str(row[index])) for row in result.rows if row[index] is not None]
    return max(numbers, default=0.0)
