"""``techlead codeowners``: declared ownership against measured knowledge."""

from __future__ import annotations

from typing import Any

import click

from techlead import __version__
from techlead.analyses import REGISTRY
from techlead.cli.analyses import command_for, file_command
from techlead.render.codeowners import codeowners_text


@click.group("codeowners")
def codeowners_group() -> None:
    """CODEOWNERS (GitHub and GitLab) checked against who really knows the code."""


def _codeowners(result: Any, params: Any) -> tuple[str, str]:
    header = (
        f"CODEOWNERS suggested by techlead {__version__} from measured knowledge.\n"
        "Owners: the active person who added most of a folder's lines, and the active people "
        f"who added at least\n{params.min_share:.0%} of them (at most {params.owners} "
        "owners); the evidence of each rule is the comment above it.\nReview before "
        "committing: a folder no active person knows has no rule."
    )
    rules = sum(1 for r in result.rows if r.owners)
    return codeowners_text(result, header), f"{rules} rules"


codeowners_group.add_command(command_for(REGISTRY["codeowners"], "check"))
codeowners_group.add_command(
    file_command(
        REGISTRY["codeowners-suggest"], "suggest", "codeowners", "the CODEOWNERS file", _codeowners
    )
)
