"""Reading TOML files of the workspace (techlead.toml, standards, goals, roadmaps,
decision matrices, hand-kept risks): the text, parsed, and the line of a table or key for
error messages. Every problem is a ConfigError that names the file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from techlead.core.errors import ConfigError

__all__ = ["Locator", "parse_toml", "read_text", "read_toml"]


class Locator:
    """Finds the line of a table or key in the TOML text, for error messages."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.]+)\s*=")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line(self, table: str, index: int | None = None, key: str | None = None) -> int | None:
        seen = -1
        inside = table == ""
        for number, raw in enumerate(self.lines, start=1):
            header = self._HEADER.match(raw)
            if header:
                name = header.group(2).replace('"', "").replace("'", "")
                if name == table:
                    seen += 1
                    inside = index is None or seen == index
                    if inside and key is None:
                        return number
                else:
                    inside = False
                continue
            if inside and key is not None:
                found = self._KEY.match(raw)
                if found and found.group(1).strip("\"'") == key:
                    return number
        return None


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict; a missing, unreadable or invalid file is a ConfigError."""
    return parse_toml(path, read_text(path))


def read_text(path: Path) -> str:
    """A configuration file's text; missing or unreadable is a ConfigError."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def parse_toml(path: Path, text: str) -> dict[str, Any]:
    """TOML text as a dict; invalid TOML, or arrays and tables nested too deeply for the
    parser (tomllib recurses), is a ConfigError naming the file."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deeply") from None
