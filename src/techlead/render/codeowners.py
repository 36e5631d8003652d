"""A suggested CODEOWNERS as the file itself (analyses.codeowners_suggest rows)."""

from __future__ import annotations

from typing import Any

from techlead.core.model import Result


def codeowners_text(result: Result[Any], header: str) -> str:
    """The CODEOWNERS text: ``header`` lines as comments, then per repository (a banner
    when there are several) each rule after the comment giving its evidence. A folder
    without owners is said in a comment only (a rule without owners would remove them)."""
    repos = sorted({row.repo for row in result.rows})
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    for repo in repos:
        if len(repos) > 1:
            lines += ["", f"# ===== {_one_line(repo)} ====="]
        for row in (r for r in result.rows if r.repo == repo):
            lines += ["", f"# {_one_line(row.pattern)}: {_one_line(row.evidence)}"]
            if row.owners:
                lines.append(" ".join([_escaped(row.pattern), *row.owners]))
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())  # names and paths come from the repository: no newlines


def _escaped(pattern: str) -> str:
    return pattern.replace(" ", "\\ ")
