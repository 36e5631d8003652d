"""E-mail addresses that do not identify one person, shared by mining (who is who) and the
analyses that judge identities (techlead.analyses.mailmap)."""

from __future__ import annotations

from fnmatch import fnmatchcase

# Emails that do not identify one person: people are told apart by name instead.
PLACEHOLDER_EMAILS: tuple[str, ...] = (
    "none",
    "none@none",
    "(none)",
    "*@(none)",
    "unknown",
    "unknown@unknown",
    "nobody",
    "nobody@nowhere",
    "*@localhost",
    "*@localhost.localdomain",
    "noreply",
)


def is_placeholder_email(email: str) -> bool:
    return not email or any(fnmatchcase(email, pattern) for pattern in PLACEHOLDER_EMAILS)
