"""File roles: what part of a repository a path belongs to (docs/file-roles.md).

The names live here, at the bottom, because every layer speaks of them: the
configuration (``[roles]`` in techlead.toml), mining (which classifies every path:
mining.roles), the analyses (``--role``) and the judgments (which weigh production code).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What part of a repository a path belongs to (docs/file-roles.md says what each holds)."""

    PRODUCTION = "production"
    TEST = "test"
    DOCS = "docs"
    EXAMPLE = "example"
    BUILD = "build"
    GENERATED = "generated"
    VENDORED = "vendored"


NAMES: tuple[str, ...] = tuple(role.value for role in Role)

# Files of these roles are not what the product ships: a vulnerable dependency or a secret
# found only there weighs less (docs/risk.md, docs/standards.md).
NOT_SHIPPED: frozenset[str] = frozenset({Role.EXAMPLE, Role.TEST, Role.DOCS})
