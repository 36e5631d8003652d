"""Output formats: the --format choice maps to exactly one renderer."""

from __future__ import annotations

import enum
import sys
from typing import Any, TextIO

from rich.console import Console

from techlead.core.model import Result
from techlead.render.csv import render_csv
from techlead.render.json import render_json
from techlead.render.markdown import render_markdown
from techlead.render.terminal import console_for, render_table, visible


class Format(enum.Enum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


def render(
    result: Result[Any], fmt: Format, out: TextIO | None = None, console: Console | None = None
) -> None:
    out = out or sys.stdout
    match fmt:
        case Format.TABLE:
            render_table(result, console or console_for(out))
        case Format.CSV:
            render_csv(result, out)
            for caveat in result.caveats:  # stdout stays a clean table
                sys.stderr.write(f"techlead: caveat: {visible(caveat)}\n")
        case Format.JSON:
            render_json(result, out)
        case Format.MARKDOWN:
            render_markdown(result, out)
