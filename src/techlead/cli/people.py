"""``techlead people``: who authored the work (the analysis), and ``people suggest-mailmap``."""

from __future__ import annotations

from typing import Any

import click

from techlead.analyses import REGISTRY
from techlead.cli.analyses import command_for, file_command

_PEOPLE = command_for(REGISTRY["people"])


def _people(**kwargs: Any) -> None:
    if click.get_current_context().invoked_subcommand is None and _PEOPLE.callback:
        _PEOPLE.callback(**kwargs)


people_group = click.Group(
    "people",
    params=_PEOPLE.params,
    callback=_people,
    invoke_without_command=True,
    help=f"{_PEOPLE.help}\n\n`techlead people suggest-mailmap` proposes .mailmap lines.",
    short_help=_PEOPLE.short_help,
)


def _mailmap(result: Any, _: Any) -> tuple[str, str]:
    lines = ["# .mailmap lines suggested by techlead: identities that are probably one person.",
             "# Review each: the comment above it says why.", ""]  # fmt: skip
    said = ""
    for row in result.rows:
        if row.evidence != said:
            lines.append(f"# {row.rule}: {' '.join(row.evidence.split())}")
            said = row.evidence
        lines.append(row.line)
    return "\n".join(lines) + "\n", f"{len(result.rows)} lines"


people_group.add_command(
    file_command(
        REGISTRY["people-mailmap"], "suggest-mailmap", "mailmap", ".mailmap lines", _mailmap
    )
)
