"""CSV output: a header row with the column names, then one row per record.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula, and repository text (a file named
``=HYPERLINK(...)``, an author) can begin so. As OWASP advises, such a text cell is
written with a leading ``'``; numbers, dates and booleans never are, so ``-3`` stays a
number. ``--csv-raw`` (``RAW``) writes every cell as it is, for pipelines that expect
code-maat's output byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
from contextvars import ContextVar
from typing import Any, TextIO

from techlead.core.model import Result
from techlead.render.values import plain

RAW: ContextVar[bool] = ContextVar("techlead_csv_raw", default=False)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_TEXT = (int, float, decimal.Decimal, dt.date, dt.datetime, dt.time, dt.timedelta)


def neutral(value: Any) -> str:
    """A cell as written: a text cell that a spreadsheet would run, quoted with ``'``."""
    text = plain(value)
    if isinstance(value, _NOT_TEXT) or not text.startswith(FORMULA_STARTS):
        return text
    return "'" + text


def render_csv(result: Result[Any], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    show = plain if RAW.get() else neutral
    for row in result.rows:
        writer.writerow([show(value) for value in row])
