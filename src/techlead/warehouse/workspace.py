"""Files a workspace keeps beside its techlead.toml (risks.toml, goals.toml, roadmap.toml),
found the same way by every reader: the file the user named, else the one in the current
folder, else the one beside the techlead.toml of the workspace's last configured scan."""

from __future__ import annotations

from pathlib import Path

import duckdb

from techlead.core.errors import ConfigError

# The scan keeps the path of the risks file beside its techlead.toml (risk.hand_kept
# .remember); its folder is the workspace's.
MARK = "risks_file"


def workspace_file(
    con: duckdb.DuckDBPyConnection | None, given: Path | None, name: str, what: str = "file"
) -> Path | None:
    """``given`` (which must exist: otherwise "no such {what}"), else ``./name``, else
    ``name`` beside the workspace's techlead.toml; None when there is none."""
    if given is not None:
        if not given.is_file():
            raise ConfigError(f"{given}: no such {what}")
        return given
    here = Path(name)
    if here.is_file():
        return here
    if con is None:
        return None
    found = con.execute("SELECT value FROM techlead_meta WHERE key = ?", [MARK]).fetchall()
    beside = Path(found[0][0]).parent / name if found else None
    return beside if beside is not None and beside.is_file() else None
