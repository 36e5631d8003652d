"""``techlead codeowners``: declared ownership against measured knowledge."""

from __future__ import annotations

import click

from techlead.analyses import REGISTRY
from techlead.cli.analyses import command_for


@click.group("codeowners")
def codeowners_group() -> None:
    """CODEOWNERS (GitHub and GitLab) checked against who really knows the code."""


codeowners_group.add_command(command_for(REGISTRY["codeowners"], "check"))
