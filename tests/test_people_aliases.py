"""[people] aliases in techlead.toml: identities that are one person across the workspace,
applied at scan time (and again when the aliases change, with no repository changed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from techlead.core.config import load_config
from techlead.core.errors import ConfigError

from conftest import run_cli, scan_json


def _people(db: Path) -> list[tuple[str, int, list[str]]]:
    result = run_cli("people", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    return [(r["person"], r["commits"], r["repos"]) for r in json.loads(result.stdout)["rows"]]


def test_aliases_make_one_person_across_repositories(make_repo: Any, tmp_path: Path) -> None:
    api, web = make_repo("api"), make_repo("web")
    api.commit("a", author=("Alice Smith", "alice@acme.example"), files={"a.py": "x = 1\n"})
    web.commit("b", author=("asmith", "alice@old.example"), files={"b.py": "y = 1\n"})
    web.commit("c", author=("asmith", "alice@old.example"), files={"b.py": "y = 2\n"})
    repos = f"[[repos]]\npath = '{api.path}'\n\n[[repos]]\npath = '{web.path}'\n"
    config = tmp_path / "techlead.toml"
    config.write_text(repos)
    db = tmp_path / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db))
    assert _people(db) == [("asmith", 2, ["web"]), ("Alice Smith", 1, ["api"])]
    aliases = '[["Alice Smith <alice@acme.example>", "asmith"]]'
    config.write_text(f"{repos}\n[people]\naliases = {aliases}\n")
    scan_json("--config", str(config), "--db", str(db))  # no repository changed
    assert _people(db) == [("Alice Smith", 3, ["api", "web"])]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[people]\naliases = ['a']\n", ":2: 'aliases' in [people] must be a list of lists"),
        ("[people]\naliases = [['a']]\n", ":2: 'aliases' in [people] must be a list of lists"),
        ("[people]\naliases = [['a', 'b'], ['B', 'c']]\n",
         ":2: 'aliases' in [people]: 'B' is in groups 1 and 2: one identity is one person"),
        ("[people]\nprofiles = 'yes'\n", ":2: 'profiles' in [people] must be true or false"),
        ("[people]\nnames = 1\n", ":2: unknown key 'names' in [people] (valid: aliases, profiles)"),
    ],
)  # fmt: skip
def test_bad_people_tables_name_file_line_and_key(tmp_path: Path, text: str,
                                                  message: str) -> None:  # fmt: skip
    path = tmp_path / "techlead.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(raised.value).startswith(f"{path}{message}")
