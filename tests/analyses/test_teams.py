"""teams on the fixture history with platform = Alice, web = Bob (Carol in no team).

Changes by component (bots left out):
  (root)  Alice: README.md and logo.png in init (+3, binary)  -> platform 2 changes, +3
          Bob: readme (+1), cleanup (binary)                  -> web 2 changes, +1
  src     Alice: init (+10), rename (+1); Bob: edit (+2)      -> platform 2 (+11), web 1 (+2)
  lib     Carol: feature (+5)                                  -> (no team) 1 (+5)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli, scan_json


@pytest.fixture
def scanned(history: Any, tmp_path: Path, db_path: Path) -> Path:
    (tmp_path / "techlead.toml").write_text(
        '[[repos]]\npath = "demo"\n\n[teams.platform]\nmembers = ["alice@example.com"]\n\n'
        '[teams.web]\nmembers = ["bob@example.com"]\n'
    )
    scan_json("--db", str(db_path), cwd=tmp_path)
    return db_path


def rows(db: Path, *args: str) -> list[list[Any]]:
    out = run_cli("teams", *args, "--db", str(db), "--format", "json")
    assert out.exit_code == 0, out.output
    return [list(r.values()) for r in json.loads(out.stdout)["rows"]]


def test_work_per_team_and_component(scanned: Path) -> None:
    assert rows(scanned) == [
        ["(root)", "platform", 2, 0.5, 3],
        ["(root)", "web", 2, 0.5, 1],
        ["lib", "(no team)", 1, 1.0, 5],
        ["src", "platform", 2, 0.67, 11],
        ["src", "web", 1, 0.33, 2],
    ]


def test_shared_components(scanned: Path) -> None:
    # (root): 2 teams, tie 2-2 -> the name first, platform, 2/4; src: platform 2/3.
    assert rows(scanned, "--view", "shared") == [
        ["(root)", 2, "platform", 0.5, ["platform", "web"]],
        ["src", 2, "platform", 0.67, ["platform", "web"]],
    ]


def test_team_coupling(scanned: Path) -> None:
    # platform and web both changed (root) and src: shared 2, each 2 components,
    # average ceil((2 + 2) / 2) = 2, strength 100. (no team) shares nothing.
    assert rows(scanned, "--view", "coupling") == [
        ["platform", "web", 2, 2, 100],
        ["web", "platform", 2, 2, 100],
    ]


def test_components_no_longer_at_head_are_left_out(tmp_path: Path) -> None:
    """old/ was changed by both teams, then deleted: no coordination need today, unless
    --include-deleted."""
    from conftest import ALICE, BOB, GitRepo

    repo = GitRepo(tmp_path / "app")
    repo.commit("a", author=ALICE, files={"old/a.py": "a = 1\n", "src/s.py": "s = 1\n"})
    repo.commit("b", author=BOB, files={"old/a.py": "a = 2\n"})
    repo.git("rm", "-q", "-r", "old")
    repo.commit("c", author=ALICE, files={"src/s.py": "s = 2\n"})
    (tmp_path / "techlead.toml").write_text(
        '[[repos]]\npath = "app"\n\n[teams.platform]\nmembers = ["alice@example.com"]\n\n'
        '[teams.web]\nmembers = ["bob@example.com"]\n'
    )
    db = tmp_path / "wh.duckdb"
    scan_json("--db", str(db), cwd=tmp_path)
    # old: platform 2 changes (add, delete), web 1; src: platform 2.
    assert rows(db, "--view", "shared") == []
    assert rows(db, "--view", "shared", "--include-deleted") == [
        ["old", 2, "platform", 0.67, ["platform", "web"]]]  # fmt: skip
