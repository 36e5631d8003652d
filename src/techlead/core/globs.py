"""Path globs with gitignore-like meaning, compiled to one regular expression.

* ``*`` matches within one path segment, ``?`` one character, ``[abc]`` a class;
* ``**`` matches any number of segments (``docs/**``, ``**/test_*.py``);
* a pattern without ``/`` matches the file name at any depth (``*.min.js``);
* a pattern ending in ``/`` matches everything under such a directory at any depth
  (``node_modules/``), or under that path when it also contains an inner ``/``;
* a leading ``/`` anchors the pattern at the repository root.

A malformed pattern (an unclosed ``[``, a class such as ``[z-a]``) raises ``GlobError``, a
TechleadError (one line for the user) that is also a ValueError. Patterns compile to a
single regular expression so that DuckDB's ``regexp_matches`` can classify millions of
paths in one vectorised pass.

Name globs (:func:`names_regex`) match names rather than paths, e.g. package names:
``*`` is any run of characters, ``/`` and ``:`` included, ``?`` one character, everything
else is literal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from techlead.core.errors import TechleadError

_SPECIAL = frozenset(".^$*+?()[]{}|\\")


class GlobError(TechleadError, ValueError):
    """A malformed glob; the message names the pattern."""


def _escape(c: str) -> str:
    # Portable between Python's re and DuckDB's RE2 (which rejects escapes like "\\ ").
    return "\\" + c if c in _SPECIAL else c


def _class(pattern: str, start: int) -> tuple[str, int]:
    """The character class opening at ``start`` as a regex, and the index of its ``]``.

    A ``]`` right after ``[`` (or after ``[!``/``[^``) is a member, as in fnmatch."""
    body_start = start + 1
    negated = pattern.startswith(("!", "^"), body_start)
    first = body_start + 1 if negated else body_start
    end = pattern.find("]", first + 1)
    if end < 0:
        raise GlobError("unclosed '['")
    body = "".join("\\" + c if c in "\\[]" else c for c in pattern[first:end])
    regex = ("[^" if negated else "[") + body + "]"
    try:
        re.compile(regex)
    except re.error:  # e.g. a reversed range
        raise GlobError(f"bad character class {pattern[start : end + 1]!r}") from None
    return regex, end


def _segment(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            regex, i = _class(pattern, i)
            out.append(regex)
        else:
            out.append(_escape(c))
        i += 1
    return "".join(out)


def glob_to_regex(pattern: str) -> str:
    """One glob as an (unanchored-free) regular expression matching whole paths; a
    malformed glob raises GlobError."""
    original = pattern
    pattern = pattern.strip()
    if not pattern:
        raise GlobError("empty glob")
    directory = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    anchored = pattern.startswith("/") or "/" in pattern
    pattern = pattern.lstrip("/")
    try:
        body = _segment(pattern)
    except GlobError as exc:
        raise GlobError(f"malformed glob {original!r}: {exc}") from None
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if directory else "(?:/.*)?"
    return f"{prefix}{body}{suffix}"


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile(globs_regex(patterns)) if patterns else None


def globs_regex(patterns: Iterable[str]) -> str:
    """All patterns as one anchored alternation, usable in Python and in DuckDB (RE2)."""
    parts = [glob_to_regex(p) for p in patterns]
    if not parts:
        return "^$.^"  # matches nothing
    return "^(?:" + "|".join(parts) + ")$"


def matches(path: str, patterns: tuple[str, ...]) -> bool:
    regex = _compiled(patterns)
    return bool(regex and regex.match(path))


def names_regex(patterns: Iterable[str]) -> str:
    """Name globs as one case-insensitive regular expression for a whole name (Python and
    DuckDB's RE2): ``*`` any run of characters, ``?`` one, everything else literal."""

    def one(glob: str) -> str:
        return "".join(".*" if c == "*" else "." if c == "?" else _escape(c) for c in glob)

    return "(?i)^(?:" + "|".join(one(p) for p in patterns) + ")$"


def literal_glob(path: str) -> str:
    """A glob matching exactly ``path`` (anchored, wildcard characters made literal)."""
    return "/" + "".join(f"[{c}]" if c in "*?[" else c for c in path)
