"""Who did what: canonical people from git identities, .mailmap, co-author trailers and bots.

* ``.mailmap`` is applied by git itself (``%aN``/``%aE`` in the log format, and
  ``git check-mailmap`` for co-authors), so techlead honours exactly what git honours.
* The same email under several names is one person: a person's key is the lower-cased
  email after .mailmap, except for placeholder emails that many people share (``none@none``
  in converted histories, ``user@localhost`` ...), where the lower-cased name is the key.
* ``Co-authored-by: Name <email>`` trailer lines record co-authorship.
* Bots are recognised by glob patterns matched, case-insensitively, against names and emails.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path

from techlead.core.emails import is_placeholder_email
from techlead.git.runner import run_git

DEFAULT_BOT_PATTERNS: tuple[str, ...] = (
    "*[[]bot[]]*",  # GitHub Apps: dependabot[bot], renovate[bot], github-actions[bot] ...
    "dependabot*",
    "renovate*",
    "github-actions*",
    "greenkeeper*",
    "snyk-bot*",
    "pre-commit-ci*",
    "mergify*",
    "imgbot*",
    "allcontributors*",
    "semantic-release-bot*",
    "*-bot@*",
    "bot@*",
    "* bot",  # names such as "pytest bot", "codetriage-readme-bot", "release_bot"
    "*-bot",
    "*_bot",
    "*[[]bot[]]@users.noreply.github.com",
    # AI coding agents, usually seen in Co-authored-by trailers: not human knowledge holders.
    "noreply@anthropic.com",
    "claude@anthropic.com",
    "claude-*@anthropic.com",
    "*+copilot@users.noreply.github.com",
    "cursoragent@cursor.com",
)

_CO_AUTHOR = re.compile(r"^[ \t]*co-authored-by:[ \t]*(.*?)[ \t]*<([^<>\n]*)>[ \t]*$", re.I | re.M)


def person_key(name: str, email: str) -> str:
    email = email.strip().lower()
    return "name:" + name.strip().lower() if is_placeholder_email(email) else email


@lru_cache(maxsize=65536)
def person_id(name: str, email: str) -> int:
    """A stable signed 64-bit id for the person behind (name, email) after .mailmap."""
    digest = hashlib.blake2b(person_key(name, email).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def co_authors(message: str) -> list[tuple[str, str]]:
    """(name, email) of every ``Co-authored-by:`` trailer line in a commit message."""
    return [(m.group(1), m.group(2)) for m in _CO_AUTHOR.finditer(message)]


def is_bot(name: str, email: str, patterns: Sequence[str]) -> bool:
    name, email = name.lower(), email.lower()
    return any(fnmatchcase(name, p.lower()) or fnmatchcase(email, p.lower()) for p in patterns)


def check_mailmap(
    repo: Path, idents: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """Map (name, email) pairs through the repository's .mailmap using git itself."""
    pairs = sorted(set(idents))
    result: dict[tuple[str, str], tuple[str, str]] = {}
    for start in range(0, len(pairs), 200):
        batch = pairs[start : start + 200]
        contacts = [f"{_clean(name)} <{_clean(email)}>" for name, email in batch]
        out = run_git(repo, ["check-mailmap", "--end-of-options", *contacts])
        lines = out.decode("utf-8", "replace").splitlines()
        for pair, line in zip(batch, lines, strict=False):
            result[pair] = _split_contact(line, pair)
    return result


def _clean(text: str) -> str:
    return text.replace("<", "").replace(">", "").replace("\n", " ").strip()


def _split_contact(line: str, fallback: tuple[str, str]) -> tuple[str, str]:
    if "<" not in line or not line.endswith(">"):
        return fallback
    name, _, email = line[:-1].rpartition("<")
    return name.strip(), email.strip()
