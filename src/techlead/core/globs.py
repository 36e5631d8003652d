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

Every regular expression made from a glob (or from any pattern a repository or a
configuration file supplies) is compiled with :func:`compile_regex`, which uses RE2, the
engine DuckDB uses: matching takes time linear in the text whatever the pattern (Python's
``re`` backtracks, and ``**/`` fourteen times or ``*a`` twenty-five times against a long
path would take hours), and Python and SQL agree on what a pattern means.

Name globs (:func:`names_regex`) match names rather than paths, e.g. package names:
``*`` is any run of characters, ``/`` and ``:`` included, ``?`` one character, everything
else is literal.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Protocol

import re2

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
        compile_regex(regex)
    except GlobError:  # e.g. a reversed range
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
def _compiled(patterns: tuple[str, ...]) -> Regex | None:
    return compile_regex(globs_regex(patterns)) if patterns else None


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


# ------------------------------------------------------------- compiling (RE2, linear time)


class Regex(Protocol):
    """A compiled RE2 expression (the subset of ``re.Pattern`` techlead uses)."""

    @property
    def pattern(self) -> str: ...

    def match(self, text: str) -> Any: ...

    def fullmatch(self, text: str) -> Any: ...

    def search(self, text: str) -> Any: ...


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # RE2 would print its own diagnostics on stderr
    options.max_mem = 64 << 20  # room for alternations of many globs
    return options


_OPTIONS = _options()


@lru_cache(maxsize=1024)
def compile_regex(regex: str) -> Regex:
    """``regex`` compiled by RE2 (linear-time matching, DuckDB's syntax: no lookaround or
    backreferences; flags inline, e.g. ``(?i)``); a pattern RE2 rejects raises GlobError
    with RE2's reason."""
    try:
        compiled: Regex = re2.compile(regex, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise GlobError(f"bad regular expression {regex!r}: {reason}") from None
    return compiled
