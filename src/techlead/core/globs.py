"""Path globs with gitignore-like meaning, compiled to one regular expression.

* ``*`` matches within one path segment, ``?`` one character, ``[abc]`` a class;
* ``**`` matches any number of segments (``docs/**``, ``**/test_*.py``);
* a pattern without ``/`` matches the file name at any depth (``*.min.js``);
* a pattern ending in ``/`` matches everything under such a directory at any depth
  (``node_modules/``), or under that path when it also contains an inner ``/``;
* a leading ``/`` anchors the pattern at the repository root.

Patterns compile to a single regular expression so that DuckDB's ``regexp_matches`` can
classify millions of paths in one vectorised pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_SPECIAL = frozenset(".^$*+?()[]{}|\\")


def _escape(c: str) -> str:
    # Portable between Python's re and DuckDB's RE2 (which rejects escapes like "\\ ").
    return "\\" + c if c in _SPECIAL else c


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
            end = pattern.find("]", i + 2)
            if end < 0:
                out.append(_escape(c))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(_escape(c))
        i += 1
    return "".join(out)


def glob_to_regex(pattern: str) -> str:
    """One glob as an (unanchored-free) regular expression matching whole paths."""
    pattern = pattern.strip()
    if not pattern:
        raise ValueError("empty glob")
    directory = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    anchored = pattern.startswith("/") or "/" in pattern
    pattern = pattern.lstrip("/")
    body = _segment(pattern)
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


def literal_glob(path: str) -> str:
    """A glob matching exactly ``path`` (anchored, wildcard characters made literal)."""
    return "/" + "".join(f"[{c}]" if c in "*?[" else c for c in path)
