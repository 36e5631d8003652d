"""The report printed at the end of a scan: what was mined, then what each repository holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from techlead.core.model import RepoScan, Result
from techlead.render.terminal import render_table, visible

_MODES = {
    "full": "mined {commits:,} commits",
    "rewritten": "history rewritten; mined {commits:,} commits again",
    "incremental": "mined {commits:,} new commits",
    "unchanged": "up to date",
    "skipped": "skipped",
}


def describe(result: RepoScan) -> str:
    return _MODES[result.mode].format(commits=result.commits_added)


def print_summary(results: Sequence[RepoScan], summary: Result[Any], console: Console) -> None:
    for result in results:
        console.print(Text(f"{visible(result.name)}: {describe(result)}"))
    if summary.rows:
        console.print()
        render_table(summary, console)


def summary_document(results: Sequence[RepoScan], summary: Result[Any]) -> dict[str, Any]:
    held = {rec["repo"]: rec for rec in summary.records()}
    return {
        "repos": [
            {
                "name": r.name,
                "path": str(r.path),
                "mode": r.mode,
                "commits_added": r.commits_added,
                "changes_added": r.changes_added,
                "unknown_line_counts": r.unknown_line_counts,
                "blobs_read": r.blobs_read,
                "blobs_measured": r.blobs_measured,
                "warnings": list(r.warnings),
                "summary": held.get(r.name),
            }
            for r in results
        ]
    }
