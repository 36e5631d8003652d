"""Error types: one base class, one subclass per layer.

Core code raises these with a message that names the bad value and what would be valid;
only the CLI turns them into a single line on stderr and a non-zero exit code.
"""

from __future__ import annotations


class TechleadError(Exception):
    """Base of every error techlead reports to users (never shown as a traceback)."""

    exit_code = 2

    def __init__(self, message: str, *, tip: str | None = None) -> None:
        super().__init__(message)
        self.tip = tip


class ConfigError(TechleadError):
    """techlead.toml is malformed or names something that does not exist."""


class GitError(TechleadError):
    """git failed, or a path is not a usable git repository."""


class LogParseError(GitError):
    """git log printed something the parser did not expect."""


class WarehouseError(TechleadError):
    """The DuckDB warehouse cannot be opened, is foreign, newer, or locked."""


class WarehouseBusyError(WarehouseError):
    """Another process holds the warehouse's write lock."""


class AnalysisError(TechleadError):
    """An analysis was asked something it cannot answer: an unknown name, a value out of
    range, a file without the history it needs."""


class QueryError(AnalysisError):
    """A user-supplied SQL query failed."""


class DecisionError(TechleadError):
    """An ADR log, a radar or a decision matrix is malformed or not found."""


class RiskError(TechleadError):
    """Risk evidence (OSV data, risks.toml) cannot be read."""


class CommunicateError(TechleadError):
    """A page or briefing cannot be made (nothing scanned, nothing of that name)."""
