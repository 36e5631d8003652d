"""CSV output: a header row with the column names, then one row per record."""

from __future__ import annotations

import csv
from typing import Any, TextIO

from techlead.core.model import Result
from techlead.render.values import plain


def render_csv(result: Result[Any], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([plain(value) for value in row])
