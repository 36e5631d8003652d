"""CODEOWNERS files: parsing and checking them against the repository.

Format (GitHub's): one rule per line, ``PATTERN OWNER...``; ``#`` starts a comment;
owners are ``@user``, ``@org/team`` or e-mail addresses; a pattern follows gitignore
rules (techlead.core.globs), ``\\ `` escapes a space. A rule without owners removes
ownership and is valid.

Checks: every pattern is well formed (a malformed one, such as ``[z-a]``, is named with its
line) and matches at least one file at HEAD (a rule that matches nothing is stale);
patterns are matched by RE2 (techlead.core.globs.compile_regex), in time linear in the
path whatever the pattern; every e-mail owner has committed in the year before ``now``
(``@`` handles cannot be resolved offline and are not judged).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from techlead.core.globs import GlobError, Regex, compile_regex, glob_to_regex


@dataclass(frozen=True)
class Rule:
    line: int
    pattern: str
    owners: tuple[str, ...]


def parse(text: str) -> list[Rule]:
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("\\#") else raw.strip()
        if not line:
            continue
        words = re.split(r"(?<!\\)\s+", line)
        rules.append(Rule(number, words[0].replace("\\ ", " "), tuple(words[1:])))
    return rules


def problems(rules: list[Rule], paths: list[str]) -> list[str]:
    """What is wrong with each rule, as ``line N: ...``: a malformed pattern, or one that
    matches no file."""
    found = []
    for rule in rules:
        regex = _regex(rule)
        if isinstance(regex, GlobError):  # CODEOWNERS is the repository's: say it, go on
            found.append(f"line {rule.line}: {regex}")
        elif not any(regex.match(path) for path in paths):
            found.append(f"line {rule.line}: {rule.pattern} matches no file")
    return found


def unmatched(rules: list[Rule], paths: list[str]) -> list[Rule]:
    """Rules whose pattern matches no file (a malformed pattern matches none)."""
    stale = []
    for rule in rules:
        regex = _regex(rule)
        if isinstance(regex, GlobError) or not any(regex.match(path) for path in paths):
            stale.append(rule)
    return stale


def _regex(rule: Rule) -> Regex | GlobError:
    try:
        return compile_regex("^(?:" + glob_to_regex(rule.pattern) + ")$")
    except GlobError as exc:
        return exc


def email_owners(rules: list[Rule]) -> list[str]:
    return sorted({o for rule in rules for o in rule.owners if "@" in o and not o.startswith("@")})
