"""CODEOWNERS files, GitHub's and GitLab's syntax: parsing, and which rule owns a path.

One rule per line, ``PATTERN OWNER...``; ``#`` at the start of a line or after a space
starts a comment; owners are ``@user``, ``@org/team`` (GitLab: ``@group/subgroup``) or
e-mail addresses; ``\\ `` escapes a space in a pattern and a leading ``\\#`` a pattern that
starts with ``#``. A rule without owners takes ownership away (GitHub) or gets its
section's default owners (GitLab).

GitLab sections: a line ``[Name]``, ``^[Name]`` (optional approval) or ``[Name][2]`` (two
approvals), optionally followed by default owners, starts a section; sections with the same
name (any case) are one. Within a section the last matching rule wins, and a path has the
owners of every section in which a rule matches it. A file without sections is one section:
GitHub's "the last matching pattern takes precedence".

Patterns follow gitignore (techlead.core.globs) with CODEOWNERS' exceptions: a pattern
matches a file or any directory above it, except that ``dir/*`` matches only the files
directly in ``dir`` (GitHub documents ``docs/*`` as not matching ``docs/build/x.md``);
``!`` negation is not supported (the line is reported and skipped, as GitHub skips it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from techlead.core.globs import GlobError, Regex, compile_regex, glob_to_regex

# Where each forge looks, in the order it looks (GitHub: .github/, root, docs/; GitLab:
# root, docs/, .gitlab/ — the first found is the one that counts).
LOCATIONS = ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
GITHUB_ORDER = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
GITLAB_ORDER = ("CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")

_SECTION = re.compile(r"^(\^)?\[([^\]]+)\](?:\[(\d+)\])?(?:\s+(.*))?$")
_ANY_DEPTH = "(?:/.*)?"


@dataclass(frozen=True)
class Rule:
    line: int
    pattern: str
    owners: tuple[str, ...]
    section: str = ""  # GitLab's section name as first written; "" before any section


@dataclass(frozen=True)
class Parsed:
    rules: tuple[Rule, ...]
    problems: tuple[str, ...]  # "line N: ..." for lines a forge would skip


def choose(paths: list[str]) -> str | None:
    """The CODEOWNERS a forge reads among ``paths`` (any case): GitHub's order when one is
    in ``.github/``, else GitLab's (which also covers a root or docs/ file on GitHub)."""
    present = {p.lower(): p for p in paths}
    order = GITHUB_ORDER if ".github/codeowners" in present else GITLAB_ORDER
    return next((present[p.lower()] for p in order if p.lower() in present), None)


def parse(text: str, sections: bool = True) -> Parsed:
    """The rules of a CODEOWNERS text; ``sections`` False reads GitHub's syntax only (a
    file in ``.github/``: ``[...]`` there is a pattern, not a GitLab section)."""
    rules: list[Rule] = []
    problems: list[str] = []
    section, defaults, names = "", (), {}  # type: tuple[str, tuple[str, ...], dict[str, str]]
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        if not line:
            continue
        header = _SECTION.match(line)
        if sections and header and not header.group(2).startswith(("!", "^")):
            section = names.setdefault(header.group(2).strip().lower(), header.group(2).strip())
            defaults = tuple(_words(header.group(4) or ""))
            continue
        words = _words(line)
        pattern, owners = words[0], tuple(words[1:]) or defaults
        if pattern.startswith("!"):
            problems.append(f"line {number}: negation ({pattern}) is not supported; skipped")
            continue
        rules.append(Rule(number, pattern, owners, section))
    return Parsed(tuple(rules), tuple(problems))


def _strip_comment(raw: str) -> str:
    text = raw.strip()
    if text.startswith("\\#"):
        return text[1:]
    if text.startswith("#"):
        return ""
    return re.split(r"(?<=\s)#", text, maxsplit=1)[0].strip()


def _words(line: str) -> list[str]:
    return [w.replace("\\ ", " ") for w in re.split(r"(?<!\\)\s+", line.strip()) if w]


def has_sections(path: str) -> bool:
    """Whether a CODEOWNERS at ``path`` may use GitLab's sections (not one in .github/)."""
    return not path.lower().startswith(".github/")


def pattern_regex(pattern: str) -> str:
    """The pattern as an anchored regular expression (RE2 and DuckDB agree on it); a
    malformed pattern raises GlobError."""
    body = glob_to_regex(pattern)
    if pattern.rstrip().endswith("/*") and body.endswith(_ANY_DEPTH):
        body = body[: -len(_ANY_DEPTH)]
    return f"^(?:{body})$"


def compiled(rule: Rule) -> Regex | GlobError:
    try:
        return compile_regex(pattern_regex(rule.pattern))
    except GlobError as exc:
        return exc


def owners_of(rules: tuple[Rule, ...] | list[Rule], path: str) -> tuple[Rule, ...]:
    """The rules that decide ``path``'s owners: the last matching one of each section."""
    deciding: dict[str, Rule] = {}
    for rule in rules:
        regex = compiled(rule)
        if not isinstance(regex, GlobError) and regex.match(path):
            deciding[rule.section.lower()] = rule
    return tuple(deciding.values())


def problems(rules: tuple[Rule, ...] | list[Rule], paths: list[str]) -> list[str]:
    """What is wrong with each rule, as ``line N: ...``: a malformed pattern, or one that
    matches no file."""
    found = []
    for rule in rules:
        regex = compiled(rule)
        if isinstance(regex, GlobError):  # CODEOWNERS is the repository's: say it, go on
            found.append(f"line {rule.line}: {regex}")
        elif not any(regex.match(path) for path in paths):
            found.append(f"line {rule.line}: {rule.pattern} matches no file")
    return found


def unmatched(rules: tuple[Rule, ...] | list[Rule], paths: list[str]) -> list[Rule]:
    """Rules whose pattern matches no file (a malformed pattern matches none)."""
    stale = []
    for rule in rules:
        regex = compiled(rule)
        if isinstance(regex, GlobError) or not any(regex.match(path) for path in paths):
            stale.append(rule)
    return stale


def email_owners(rules: tuple[Rule, ...] | list[Rule]) -> list[str]:
    return sorted({o for rule in rules for o in rule.owners if "@" in o and not o.startswith("@")})
