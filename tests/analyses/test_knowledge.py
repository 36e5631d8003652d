"""Knowledge map, islands, loss and off-boarding on the fixture history.

Lines added per alive file (bots left out; logo.png is deleted; renames followed):
  src/main.py  Alice 10 + 1 = 11, Bob 2  -> main Alice 11/13 = 0.846 -> 0.85; 12 lines at HEAD
  README.md    Alice 3, Bob 1            -> main Alice 3/4 = 0.75;   3 lines of code (1 blank)
  lib/util.py  Carol 5                   -> main Carol 1.0;          5 lines
Last commits (authored or co-authored): Alice 2020-01-06 (the merge), Bob 2020-01-08,
Carol 2020-01-08 (co-author of cleanup); the repository's newest commit is 2020-01-08
10:00, which activity is measured against (not the wall clock).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli, scan_json


@pytest.fixture
def scanned(history: Any, db_path: Path) -> Path:
    repo, _ = history
    scan_json(str(repo.path), "--db", str(db_path))
    return db_path


def result(db: Path, *args: str) -> dict[str, Any]:
    out = run_cli("knowledge", *args, "--db", str(db), "--format", "json")
    assert out.exit_code == 0, out.output
    document: dict[str, Any] = json.loads(out.stdout)
    return document


def rows(document: dict[str, Any]) -> list[list[Any]]:
    return [list(r.values()) for r in document["rows"]]


def test_knowledge_map(scanned: Path) -> None:
    assert rows(result(scanned, "--no-code-only")) == [
        ["(root)", "README.md", "Alice Smith", 0.75, 3],
        ["lib", "lib/util.py", "Carol White", 1.0, 5],
        ["src", "src/main.py", "Alice Smith", 0.85, 12],
    ]
    # README.md is Markdown (prose), not code: by default (the policy's
    # knowledge_code_only) and with --code-only, only code counts.
    assert (
        rows(result(scanned))
        == rows(result(scanned, "--code-only"))
        == [
            ["lib", "lib/util.py", "Carol White", 1.0, 5],
            ["src", "src/main.py", "Alice Smith", 0.85, 12],
        ]
    )


def test_knowledge_loss(scanned: Path) -> None:
    # With 1 inactive day, measured against the newest commit (2020-01-08 10:00, however
    # late --now is), the cut-off is 2020-01-07 10:00: Alice (last commit 2020-01-06) has
    # left; Bob and Carol have not.
    document = result(
        scanned, "--view", "loss", "--now", "2021-06-10", "--inactive-days", "1", "--no-code-only"
    )
    assert rows(document) == [
        ["src", 12, 12, 1.0, ["Alice Smith"]],
        ["(root)", 3, 3, 1.0, ["Alice Smith"]],
        ["lib", 5, 0, 0.0, []],
    ]
    assert document["notes"] == [
        "leavers: no commit in the day before the newest commit of the repositories they worked in"
    ]
    # Measured to 2020-01-07 (--now), the newest commit is Alice's merge (01-06 10:00):
    # the cut-off is 01-05 10:00, Alice is active and Carol (01-04 10:00) has left.
    early = result(scanned, "--view", "loss", "--now", "2020-01-07", "--inactive-days", "1")
    assert rows(early) == [["lib", 5, 5, 1.0, ["Carol White"]], ["src", 12, 0, 0.0, []]]


def test_knowledge_islands(scanned: Path) -> None:
    # Only lib/util.py has one author with >= 95%, and Carol is still active.
    document = result(scanned, "--view", "islands", "--now", "2030-01-10", "--inactive-days", "3")
    assert rows(document) == [["lib", "lib/util.py", "Carol White", 1.0, 5]]


def test_someone_leaving(scanned: Path) -> None:
    # Alice is main developer of src/main.py (3 revisions; Bob added 2 of 13 lines = 0.15)
    # and README.md (2 revisions; Bob 1 of 4 = 0.25). Hotspots (most revisions) first.
    document = result(scanned, "--leaving", "ALICE@example.com", "--no-code-only")
    assert rows(document) == [
        ["src", "src/main.py", 3, 12, 0.85, "Bob Jones", 0.15],
        ["(root)", "README.md", 2, 3, 0.75, "Bob Jones", 0.25],
    ]
    assert document["notes"] == [
        "ALICE@example.com is the main developer of 2 files",
        "successor: the active other author who added most lines (left: no commit in the "
        "180 days before the newest commit of the repositories they worked in)",
    ]
    bad = run_cli("knowledge", "--view", "maps", "--db", str(scanned))
    assert bad.exit_code == 2
    assert bad.stderr == (
        "techlead: error: Invalid value for '--view': 'maps' is not one of 'map', 'islands', "
        "'loss'. (see `techlead knowledge --help`)\n"
    )
