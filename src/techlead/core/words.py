"""Sentences built from counts and lists, grammatical for any number (0, 1, many)."""

from __future__ import annotations

from collections.abc import Sequence


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 team``, ``3 teams``; thousands separated."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def verb(n: int, singular: str, plural: str) -> str:
    """The verb that agrees with ``n`` things: ``verb(1, "is", "are")`` is ``is``."""
    return singular if n == 1 else plural


def listing(items: Sequence[str], keep: int | None = None) -> str:
    """``a``, ``a and b``, ``a, b and c``; past ``keep`` items, ``a, b and 3 more``."""
    shown = list(items[:keep] if keep is not None else items)
    rest = len(items) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest:,} more"
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"
