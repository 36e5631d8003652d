"""Parsing of user-supplied dates (``--since``, ``--until``, ``[mining] since``).

Accepted: ISO 8601 dates and times (``2024-01-31``, ``2024-01-31T12:00:00+01:00``) and
relative ages (``90 days ago``, ``6 months ago``, ``2 years ago``, ``3 weeks ago``).
A date without a time means midnight UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from techlead.errors import TechleadError

_RELATIVE = re.compile(r"^\s*(\d+)\s+(day|week|month|year)s?\s+ago\s*$", re.I)
_DAYS = {"day": 1, "week": 7, "month": 30.4375, "year": 365.25}


class DateError(TechleadError):
    """A date option or setting could not be understood."""


def parse_date(text: str, *, now: datetime | None = None, what: str = "date") -> datetime:
    """A timezone-aware datetime for ``text``, or DateError naming the accepted forms."""
    match = _RELATIVE.match(text)
    if match:
        days = int(match.group(1)) * _DAYS[match.group(2).lower()]
        return (now or datetime.now(UTC)) - timedelta(days=days)
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DateError(
            f"{what} {text!r} is not a date: use YYYY-MM-DD, an ISO 8601 time, "
            "or 'N days|weeks|months|years ago'"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def git_date(value: datetime) -> str:
    """A date git parses unambiguously: ISO 8601 with an explicit offset."""
    return value.isoformat(timespec="seconds")
