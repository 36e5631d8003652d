"""Parsing of user-supplied dates (``--since``, ``--until``, ``[mining] since``).

Accepted: ISO 8601 dates and times (``2024-01-31``, ``2024-01-31T12:00:00+01:00``) and
relative ages (``90 days ago``, ``3 weeks ago``, ``6 months ago``, ``2 years ago``); months
and years are calendar months and years (the day is clamped to the end of a shorter month).
A date without a time means midnight UTC. A date (or an age) outside the years 1000 to
9000 is a DateError, as an unreadable one is: never OverflowError or ValueError.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta

from techlead.core.errors import TechleadError

_RELATIVE = re.compile(r"^\s*(\d+)\s+(day|week|month|year)s?\s+ago\s*$", re.I)
_DAYS = {"day": 1, "week": 7}
_MONTHS = {"month": 1, "year": 12}


class DateError(TechleadError):
    """A date option or setting could not be understood."""


def parse_date(text: str, *, now: datetime | None = None, what: str = "date") -> datetime:
    """A timezone-aware datetime for ``text``, or DateError naming the accepted forms (or
    the range, for an age before year 1)."""
    match = _RELATIVE.match(text)
    if match:
        value = _ago(match, now or datetime.now(UTC))
    else:
        try:
            value = datetime.fromisoformat(text.strip())
        except ValueError:
            raise DateError(
                f"{what} {_shown(text)} is not a date: use YYYY-MM-DD, an ISO 8601 time, "
                "or 'N days|weeks|months|years ago'"
            ) from None
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
    if value is None or not _EARLIEST <= value <= _LATEST:
        raise DateError(
            f"{what} {_shown(text)} is out of range: give a date between the years "
            f"{_EARLIEST.year} and {_LATEST.year}"
        )
    return value


# Dates every reader can still compute with (a year before, a day after, in any zone):
# datetime itself ends at the years 1 and 9999, and an age of 10,000 years overflows it.
EARLIEST_YEAR, LATEST_YEAR = 1000, 9000  # every date a file or a user gives lies within
_EARLIEST = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)
_LATEST = datetime(LATEST_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)
_DIGITS = 7  # an age of up to 9,999,999 days; more is out of range whatever the unit


def _ago(match: re.Match[str], now: datetime) -> datetime | None:
    """``now`` less the age matched, or None when that is before datetime's year 1."""
    digits, unit = match.group(1).lstrip("0") or "0", match.group(2).lower()
    if len(digits) > _DIGITS:
        return None
    try:
        if unit in _DAYS:
            return now - timedelta(days=int(digits) * _DAYS[unit])
        return _months_before(now, int(digits) * _MONTHS[unit])
    except (OverflowError, ValueError):
        return None


def _shown(text: str) -> str:
    """The user's text as an error quotes it: at most 40 characters."""
    return repr(text if len(text) <= 40 else text[:40] + "...")


def _months_before(when: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months earlier, clamped to that month's last day."""
    index = when.year * 12 + when.month - 1 - months
    year, month = divmod(index, 12)
    day = min(when.day, calendar.monthrange(year, month + 1)[1])
    return when.replace(year=year, month=month + 1, day=day)


def git_date(value: datetime) -> str:
    """A date git parses unambiguously: ISO 8601 with an explicit offset."""
    return value.isoformat(timespec="seconds")


def years_before(when: datetime, years: int = 1) -> datetime:
    """The same day ``years`` calendar years earlier (29 February becomes 28 February)."""
    return _months_before(when, 12 * years)


def span(days: int) -> str:
    """A number of days as a reader says it: ``a year``, ``2 years``, ``90 days``."""
    if days % 365 == 0:
        years = days // 365
        return "a year" if years == 1 else f"{years} years"
    return "a day" if days == 1 else f"{days:,} days"


def the_last(days: int) -> str:
    """``the last year``, ``the last 2 years``, ``the last 90 days``."""
    words = span(days)
    return "the last " + words.removeprefix("a ")


_PERIOD_MONTHS = {"week": 0, "month": 1, "quarter": 3}


def next_period(period: date, every: str) -> date:
    """The first day of the calendar period after ``period`` (a week, month or quarter
    that starts on that day)."""
    if every == "week":
        return period + timedelta(days=7)
    months = period.year * 12 + period.month - 1 + _PERIOD_MONTHS[every]
    return date(months // 12, months % 12 + 1, 1)
