"""CODEOWNERS files: parsing and checking them against the repository.

Format (GitHub's): one rule per line, ``PATTERN OWNER...``; ``#`` starts a comment;
owners are ``@user``, ``@org/team`` or e-mail addresses; a pattern follows gitignore
rules (techlead.core.globs), ``\\ `` escapes a space. A rule without owners removes
ownership and is valid.

Checks: every pattern matches at least one file at HEAD (a rule that matches nothing is
stale); every e-mail owner has committed in the year before ``now`` (``@`` handles cannot
be resolved offline and are not judged).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from techlead.core.globs import GlobError, glob_to_regex


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


def unmatched(rules: list[Rule], paths: list[str]) -> list[Rule]:
    """Rules whose pattern matches no file."""
    stale = []
    for rule in rules:
        try:
            regex = re.compile("^(?:" + glob_to_regex(rule.pattern) + ")$")
        except GlobError:  # a malformed pattern (CODEOWNERS is the repository's) matches nothing
            stale.append(rule)
            continue
        if not any(regex.match(path) for path in paths):
            stale.append(rule)
    return stale


def email_owners(rules: list[Rule]) -> list[str]:
    return sorted({o for rule in rules for o in rule.owners if "@" in o and not o.startswith("@")})
