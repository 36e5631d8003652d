"""How a change reached the main line, from its commit message alone (pure; docs/review.md).

The patterns are data: ``mining/data/review.toml`` holds one table per forge or convention
(GitHub, GitLab, Bitbucket, Azure DevOps, Gerrit, squash merges, review trailers, merges of
other branches), and techlead.toml's ``[review.NAME]`` tables replace the keys they set or
add tables (``core.config``). A main-line commit is, in this order:

* ``pull-request``: its subject or a line of its body matches a table's ``subject`` or
  ``message`` pattern (the first table that matches names the forge; the named groups
  ``number`` and ``source`` are kept as evidence);
* ``trailers``: it carries a reviewer trailer (``Reviewed-by:``, ``Acked-by:``, ...);
* ``merge``: a merge commit whose subject matches a ``merge`` pattern (``Merge branch
  'stable'``): another branch brought in, neither reviewed nor a direct change;
* ``direct``: none of these.

Reviewer trailers are read whatever the kind (a Gerrit change carries both). Commit
messages are untrusted text: they are only matched and stored as values.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from techlead.core.errors import ConfigError

KINDS = ("pull-request", "trailers", "merge", "direct")
KEYS = ("subject", "message", "reviewers", "merge", "web")
_PATTERN_KEYS = ("subject", "message", "merge")
EVIDENCE_CHARS = 200  # of the matched text kept as evidence


@dataclass(frozen=True)
class Forge:
    """One table of the patterns."""

    name: str
    subject: tuple[re.Pattern[str], ...] = ()
    message: tuple[re.Pattern[str], ...] = ()
    reviewers: tuple[str, ...] = ()  # trailer keys, as written
    merge: tuple[re.Pattern[str], ...] = ()
    web: tuple[str, ...] = ()  # the forge's committer e-mails, lower-cased


@dataclass(frozen=True)
class ReviewRules:
    forges: tuple[Forge, ...]
    key: str  # a hash of the tables: a stored classification made by other rules is redone

    @property
    def web_emails(self) -> tuple[str, ...]:
        return tuple(e for f in self.forges for e in f.web)


class Landing(NamedTuple):
    kind: str  # one of KINDS
    forge: str | None  # the table that matched (pull-request, merge: the table; trailers)
    number: int | None  # the pull request's number, when the pattern captures it
    source: str | None  # the branch or project it came from, when captured
    evidence: str  # the matched text (at most EVIDENCE_CHARS)


class Reviewer(NamedTuple):
    trailer: str  # the trailer key as the table writes it (Reviewed-by, ...)
    name: str
    email: str  # "" when the trailer gives none


def rules_from(tables: Mapping[str, Mapping[str, Any]]) -> ReviewRules:
    """Rules from tables shaped like review.toml's; a value of the wrong type or a pattern
    that does not compile is a ConfigError naming the table and key."""
    forges = []
    for name, table in tables.items():
        values: dict[str, Any] = {}
        for key in KEYS:
            raw = table.get(key, [])
            if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
                raise ConfigError(f"'{key}' in [review.{name}] must be a list of strings")
            if key in _PATTERN_KEYS:
                values[key] = tuple(_compile(name, key, x) for x in raw)
            elif key == "web":
                values[key] = tuple(x.strip().lower() for x in raw)
            else:
                values[key] = tuple(x.strip() for x in raw)
        unknown = sorted(set(table) - set(KEYS))
        if unknown:
            raise ConfigError(f"unknown key '{unknown[0]}' in [review.{name}] "
                              f"(valid: {', '.join(KEYS)})")  # fmt: skip
        forges.append(Forge(name, **values))
    document = json.dumps({n: {k: t.get(k, []) for k in KEYS} for n, t in tables.items()})
    return ReviewRules(tuple(forges), hashlib.sha256(document.encode()).hexdigest()[:16])


def _compile(table: str, key: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.MULTILINE)
    except re.error as exc:
        raise ConfigError(f"'{key}' in [review.{table}]: {pattern!r}: {exc}") from None


@cache
def default_tables() -> dict[str, dict[str, Any]]:
    """The built-in tables (mining/data/review.toml), in the file's order."""
    text = resources.files("techlead").joinpath("mining/data/review.toml").read_text("utf-8")
    return tomllib.loads(text)


def combined(overrides: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The built-in tables with techlead.toml's ``[review.NAME]`` tables over them: a key
    set replaces the built-in one; a new name adds a table after the built-in ones."""
    tables = {name: dict(table) for name, table in default_tables().items()}
    for name, table in overrides.items():
        tables.setdefault(name, {}).update(table)
    return tables


@cache
def default_rules() -> ReviewRules:
    return rules_from(default_tables())


def classify(subject: str, body: str, is_merge: bool, rules: ReviewRules) -> Landing:
    """How the commit with this message landed (the module's order of kinds)."""
    for forge in rules.forges:
        found = _first(forge.subject, subject) or _first(forge.message, body)
        if found is not None:
            groups = found.groupdict()
            number = groups.get("number")
            return Landing("pull-request", forge.name, int(number) if number else None,
                           groups.get("source"), found.group(0)[:EVIDENCE_CHARS])  # fmt: skip
    found_reviewers = reviewers(body, rules)
    if found_reviewers:
        first = found_reviewers[0]
        return Landing(
            "trailers",
            None,
            None,
            None,
            f"{first.trailer}: {first.name} <{first.email}>"[:EVIDENCE_CHARS],
        )
    if is_merge:
        for forge in rules.forges:
            found = _first(forge.merge, subject)
            if found is not None:
                return Landing("merge", forge.name, None, None, subject[:EVIDENCE_CHARS])
    return Landing("direct", None, None, None, "")


def _first(patterns: Sequence[re.Pattern[str]], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        found = pattern.search(text)
        if found is not None:
            return found
    return None


@cache
def _trailer_pattern(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    if not keys:
        return None
    names = "|".join(re.escape(k) for k in keys)
    return re.compile(
        rf"^[ \t]*({names})[ \t]*:[ \t]*([^<>\n]*?)[ \t]*(?:<([^<>\n]*)>)?[ \t]*$",
        re.IGNORECASE | re.MULTILINE,
    )


def reviewers(body: str, rules: ReviewRules) -> list[Reviewer]:
    """Every reviewer trailer of a message, in order, once per (name, e-mail)."""
    keys = tuple(k for forge in rules.forges for k in forge.reviewers)
    pattern = _trailer_pattern(keys)
    if pattern is None:
        return []
    canonical = {k.lower(): k for k in keys}
    found: dict[tuple[str, str], Reviewer] = {}
    for match in pattern.finditer(body):
        name, email = match.group(2).strip(), (match.group(3) or "").strip()
        if not name and not email:
            continue
        found.setdefault((name.lower(), email.lower()),
                         Reviewer(canonical[match.group(1).lower()], name, email))  # fmt: skip
    return list(found.values())
