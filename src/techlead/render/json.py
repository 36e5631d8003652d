"""JSON output: ``{"name", "columns", "rows": [{column: value}], "notes", "caveats"}``."""

from __future__ import annotations

import json
from typing import Any, TextIO

from techlead.core.model import Result
from techlead.render.values import jsonable


def render_json(result: Result[Any], out: TextIO) -> None:
    document = {
        "name": result.name,
        "columns": list(result.columns),
        "rows": [{k: jsonable(v) for k, v in rec.items()} for rec in result.records()],
        "notes": list(result.notes),
        "caveats": list(result.caveats),
    }
    write_json(document, out)


def write_json(document: Any, out: TextIO) -> None:
    json.dump(jsonable(document), out, indent=2, ensure_ascii=False)
    out.write("\n")
