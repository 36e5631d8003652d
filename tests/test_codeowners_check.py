"""`techlead codeowners check`: declared ownership against measured knowledge, on a
hand-built repository with GitLab sections, a team, a handle and people who left."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from techlead.core import codeowners

from conftest import ALICE, BOB, CAROL, run_cli, scan_json

DAVE = ("Dave Brown", "dave@example.com")

OWNERS = """# default
* @org/core
src/ bob@example.com
src/ui.py @carol
old/ alice@example.com
README.md
[Docs] @org/docs
docs/*
"""


@pytest.fixture
def scanned(make_repo: Any, tmp_path: Path) -> Path:
    repo = make_repo("api")
    ten = "".join(f"x{i} = {i}\n" for i in range(10))
    repo.commit("start", author=ALICE, date="2020-01-01T12:00:00+00:00", files={
        "src/pay.py": ten, "docs/guide.md": "a\nb\nc\n", "docs/sub/deep.md": "d\n",
        "README.md": "# api\ntext\n"})  # fmt: skip
    repo.commit("ui", author=BOB, date="2020-01-02T12:00:00+00:00", files={
        "src/pay.py": ten + "".join(f"y{i} = {i}\n" for i in range(5)),
        "src/ui.py": "a = 1\nb = 2\nc = 3\nd = 4\n"})  # fmt: skip
    repo.commit("more ui", author=CAROL, date="2020-01-03T12:00:00+00:00", files={
        "src/ui.py": "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\n"})  # fmt: skip
    repo.commit("owners", author=ALICE, date="2020-01-04T12:00:00+00:00",
                files={"CODEOWNERS": OWNERS})  # fmt: skip
    repo.commit("pay", author=BOB, date="2020-12-20T12:00:00+00:00", files={
        "src/pay.py": ten + "".join(f"y{i} = {i}\n" for i in range(6))})  # fmt: skip
    repo.commit("readme", author=DAVE, date="2021-01-01T12:00:00+00:00",
                files={"README.md": "# api\ntext\nmore\n"})  # fmt: skip
    config = tmp_path / "techlead.toml"
    config.write_text(
        f"[[repos]]\npath = '{repo.path}'\n\n[teams.core]\nmembers = ['alice@example.com']\n"
    )
    db = tmp_path / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db))
    return db


def _check(db: Path, *more: str) -> dict[str, Any]:
    result = run_cli("codeowners", "check", "--db", str(db), "--format", "json", *more)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_rules_against_knowledge(scanned: Path) -> None:
    rows = _check(scanned)["rows"]
    got = [(r["line"], r["section"], r["pattern"], r["files"], r["matched"], r["owners-share"],
            r["top-person"], r["top-share"], r["left"], r["unresolved"], r["problem"])
           for r in rows]  # fmt: skip
    # Newest commit 2021-01-01; inactive_days 180: Alice (last 2020-01-04) and Carol
    # (2020-01-03) have left; Bob (2020-12-20) and Dave are active.
    # `*` decides CODEOWNERS (8 lines, Alice), docs/guide.md (3, Alice) and
    # docs/sub/deep.md (1, Alice; docs/* does not reach nested files): 12 of 12 lines by
    # team core = Alice → 100%; it matches all 6 files; core's only member left.
    # `src/` decides src/pay.py: Alice 10, Bob 5 + 1 → Bob's 6/16 = 37.5%, Alice 62.5%.
    # `src/ui.py` decides src/ui.py: Bob 4, Carol 2 → @carol (e-mail local part) 2/6 =
    # 33.3%, Bob 66.7%; Carol left.
    # `old/` matches nothing; its owner Alice left.
    # `README.md` (no owners) decides README.md: Alice 2, Dave 1 → no share; Alice 66.7%.
    # [Docs] `docs/*` gets the section's @org/docs (no such team: unresolved); it decides
    # docs/guide.md (in its own section): Alice 3 → 0% for its owners.
    assert got == [
        (2, "", "*", 3, 6, 100.0, "Alice Smith", 100.0, ["@org/core"], [], ""),
        (3, "", "src/", 1, 2, 37.5, "Alice Smith", 62.5, [], [], ""),
        (4, "", "src/ui.py", 1, 1, 33.3, "Bob Jones", 66.7, ["@carol"], [], ""),
        (5, "", "old/", 0, 0, None, None, None, ["alice@example.com"], [], "matches no file"),
        (6, "", "README.md", 1, 1, None, "Alice Smith", 66.7, [], [],
         "no owners: the files it decides have none"),
        (8, "Docs", "docs/*", 1, 1, 0.0, "Alice Smith", 100.0, [], ["@org/docs"], ""),
    ]  # fmt: skip
    assert {r["file"] for r in rows} == {"CODEOWNERS"}
    assert rows[5]["owners"] == ["@org/docs"]


def test_uncovered_files_name_their_natural_owner(scanned: Path) -> None:
    found = _check(scanned, "--view", "uncovered")
    # Only README.md: its deciding rule has no owners; Alice added 2 of its 3 lines.
    assert [(r["entity"], r["main-dev"]) for r in found["rows"]] == [("README.md", "Alice Smith")]
    assert found["notes"] == ["api: 1 of 6 files (17%) have no owner in CODEOWNERS"]


def test_a_repository_without_codeowners_is_a_one_line_error(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("plain")
    repo.commit("one", files={"a.py": "x = 1\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    result = run_cli("codeowners", "check", "--db", str(db_path))
    assert result.exit_code != 0
    assert result.output.strip().splitlines()[-1].startswith("techlead: error: no CODEOWNERS")


def test_github_and_gitlab_syntax() -> None:
    gitlab = codeowners.parse(
        "\\#notes.md @a\n^[Optional] @team/x\n*.md\n[Two][2]\n*.py @b  # python\n"
        "!secret.py @c\n[optional]\n*.txt @d\n"
    )
    assert [(r.line, r.pattern, r.owners, r.section) for r in gitlab.rules] == [
        (1, "#notes.md", ("@a",), ""),
        (3, "*.md", ("@team/x",), "Optional"),
        (5, "*.py", ("@b",), "Two"),
        (8, "*.txt", ("@d",), "Optional"),  # sections of the same name (any case) are one
    ]
    assert gitlab.problems == ("line 6: negation (!secret.py) is not supported; skipped",)
    # In .github/ a bracket line is a pattern (GitHub has no sections).
    github = codeowners.parse("[Docs] @a\n", sections=codeowners.has_sections(".github/CODEOWNERS"))
    assert [(r.pattern, r.section) for r in github.rules] == [("[Docs]", "")]
    # Last match wins within a section; every section's match counts.
    rules = codeowners.parse("* @all\ndocs/* @docs\n[Extra]\n*.md @md\n").rules
    assert [r.line for r in codeowners.owners_of(rules, "docs/a.md")] == [2, 4]
    assert [r.line for r in codeowners.owners_of(rules, "docs/x/a.md")] == [1, 4]
    assert codeowners.choose(["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"]) == (
        ".github/CODEOWNERS"
    )
    assert codeowners.choose(["docs/CODEOWNERS", ".gitlab/CODEOWNERS"]) == "docs/CODEOWNERS"


def test_suggest_writes_owners_from_knowledge(scanned: Path, tmp_path: Path) -> None:
    result = run_cli("codeowners", "suggest", "--db", str(scanned), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    # Active: Bob and Dave; Alice and Carol have left (see above).
    # /* (CODEOWNERS, README.md): Alice 8 + 2, Dave 1 → Dave, the one active person.
    # /docs/: Alice 4 only → no owner.
    # /src/: Alice 10, Bob 6 + 4, Carol 2 of 22 → Bob.
    assert [(r["pattern"], r["owners"], r["evidence"].split("lines added: ")[1]) for r in rows] == [
        ("/*", ["dave@example.com"], "Alice Smith 91% (left), Dave Brown 9%"),
        ("/docs/", [], "Alice Smith 100% (left); no one active added lines here"),
        ("/src/", ["bob@example.com"],
         "Alice Smith 45% (left), Bob Jones 45%, Carol White 9% (left)"),
    ]  # fmt: skip
    target = tmp_path / "SUGGESTED"
    written = run_cli("codeowners", "suggest", "--db", str(scanned), "-o", str(target))
    assert written.exit_code == 0, written.output
    text = target.read_text()
    assert [line for line in text.splitlines() if line and not line.startswith("#")] == [
        "/* dave@example.com",
        "/src/ bob@example.com",
    ]
    assert "# /docs/: 2 files" in text
    again = run_cli("codeowners", "suggest", "--db", str(scanned), "-o", str(target))
    assert again.exit_code != 0 and "exists: pass --force" in again.output
    # What it writes parses back to the same rules.
    assert [(r.pattern, r.owners) for r in codeowners.parse(text).rules] == [
        ("/*", ("dave@example.com",)),
        ("/src/", ("bob@example.com",)),
    ]
