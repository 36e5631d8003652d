"""Sections as JSON: the ``.json`` twin of every dashboard page."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from techlead.communicate.brief import Briefing
from techlead.core.model import Ref, Section
from techlead.render.html import dashboard_link


def value_json(value: Any) -> Any:
    if isinstance(value, Ref):
        return {"label": value.label, "kind": value.kind, "link": dashboard_link(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [value_json(v) for v in value]
    return value


def sections_json(sections: list[Section], brief: Briefing | None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "question": s.question,
                "headline": s.headline,
                "trend": s.trend,  # how its metrics moved, in words; the data below
                "trends": [asdict(t) for t in s.trends],
                "facts": {name: value_json(v) for name, v in s.facts},
                "tables": [
                    {
                        "title": t.title,
                        "columns": list(t.columns),
                        "rows": [[value_json(v) for v in row] for row in t.rows],
                        # how many rows there were before the table was cut
                        "total": len(t.rows) if t.total is None else t.total,
                        "note": t.note,
                    }
                    for t in s.tables
                ],
                "chart": s.chart,
                "caption": s.caption,
            }
            for s in sections
        ]
    }
    if brief is not None:
        document["brief"] = asdict(brief)
    return document
