"""Reading standards.toml's values: type checks whose errors name the file, the line and
the key (``standards.toml:12: check c: 'min' must be a finite number, not nan``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from techlead.core.errors import ConfigError
from techlead.core.globs import GlobError, glob_to_regex
from techlead.core.toml_files import Locator


class Reader:
    """Where a value sits (``file:line: [[check]] 2 (id "x"), 'min'``) and type checks."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.where = Locator(text)

    def fail(
        self, message: str, table: str, index: int | None = None, key: str | None = None
    ) -> ConfigError:
        line = self.where.line(table, index, key) or self.where.line(table, index)
        position = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{position}: {message}")

    def table(
        self, value: Any, what: str, table: str, index: int | None = None, key: str | None = None
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"{what} must be a table", table, index, key)
        return value

    def known(
        self,
        data: dict[str, Any],
        allowed: set[str],
        what: str,
        table: str,
        index: int | None = None,
        at: str | None = None,
    ) -> None:
        """Every key of ``data`` is allowed; ``at``: the key of the inline table ``data``
        is (for the line)."""
        for key in data:
            if key not in allowed:
                valid = ", ".join(sorted(allowed))
                message = f"unknown key '{key}' in {what} (valid: {valid})"
                raise self.fail(message, table or key, index, at or key)

    def text(
        self,
        data: dict[str, Any],
        key: str,
        what: str,
        table: str,
        index: int | None = None,
        default: str | None = None,
        at: str | None = None,
    ) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value:
            raise self.fail(f"{what} needs '{key}', a non-empty string", table, index, at or key)
        return value

    def globs(
        self, value: Any, what: str, table: str, index: int | None = None, key: str | None = None
    ) -> tuple[str, ...]:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.fail(f"{what} must be a glob or a list of globs", table, index, key)
        if not values:
            raise self.fail(f"{what} is empty: it needs at least one glob", table, index, key)
        for glob in values:
            try:
                glob_to_regex(glob)
            except GlobError as exc:
                raise self.fail(f"{what}: {exc}", table, index, key) from None
        return tuple(values)
