"""risks.toml is the register's own word, applied whenever the register is read.

The workspace (techlead.toml and, later, risks.toml in one folder; commands run from
another folder):
- shop: Alice writes src/app.py (120 lines of Python) and a package.json without a
  lockfile in January 2020; Bob writes notes (prose) on 2020-12-01. Measured to
  2021-01-01 Alice has left (no commit in the 180 days before Bob's): knowledge risk,
  likelihood 5 (100% lost) × impact 5 (all of shop's code) = 25; lockfile risk 3 × 3 = 9.
- blog: Carol writes a package.json without a lockfile on 2020-12-15: lockfile 9.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from techlead.risk.model import risk_id

from conftest import ALICE, BOB, CAROL, GitRepo, run_cli, scan_json

PACKAGE = '{\n  "dependencies": {\n    "left-pad": "^1.3.0"\n  }\n}\n'
NOW = "2021-01-01"
KNOWLEDGE = risk_id("knowledge", "shop", "src")
SHOP_LOCK = risk_id("lockfile", "shop", "package.json", "npm")
BLOG_LOCK = risk_id("lockfile", "blog", "package.json", "npm")


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path, GitRepo]:
    shop, blog = GitRepo(tmp_path / "shop"), GitRepo(tmp_path / "blog")
    app = "".join(f"x{i} = {i}\n" for i in range(120))
    shop.commit("app", author=ALICE, files={"src/app.py": app})
    shop.commit("web", author=ALICE, files={"package.json": PACKAGE})
    shop.commit("notes", author=BOB, date="2020-12-01T12:00:00+00:00", files={"NOTES.md": "n\n"})
    blog.commit("web", author=CAROL, date="2020-12-15T12:00:00+00:00",
                files={"package.json": PACKAGE})  # fmt: skip
    (tmp_path / "techlead.toml").write_text(
        '[workspace]\nname = "acme"\n\n[[repos]]\npath = "shop"\n\n[[repos]]\npath = "blog"\n'
    )
    db = tmp_path / "wh.duckdb"
    scan_json("--db", str(db), "--now", NOW, cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return db, elsewhere, blog


def brief(db: Path, cwd: Path, *args: str) -> dict[str, Any]:
    out = run_cli("brief", "--format", "json", "--db", str(db), *args, cwd=cwd)
    assert out.exit_code == 0, out.output
    document: dict[str, Any] = json.loads(out.stdout)
    return document


def register(db: Path, cwd: Path, *args: str) -> dict[str, dict[str, Any]]:
    out = run_cli("risk", "--format", "json", "--now", NOW, "--db", str(db), *args, cwd=cwd)
    assert out.exit_code == 0, out.output
    return {r["id"]: r for r in json.loads(out.stdout)["rows"]}


def test_closed_and_accepted_risks_never_become_decisions(
    workspace: tuple[Path, Path, GitRepo],
) -> None:
    db, elsewhere, _ = workspace
    titles = [d["title"] for d in brief(db, elsewhere)["decisions"]]
    assert titles[0].startswith("Name an owner for src and recover its knowledge")
    # The workspace's risks.toml, next to its techlead.toml, written after the scan: read
    # without a scan and without --risks, from another folder.
    (db.parent / "risks.toml").write_text(
        f'[[risk]]\nid = "{KNOWLEDGE}"\nstatus = "closed"\nowner = "cto@example.com"\n\n'
        f'[[risk]]\nid = "{SHOP_LOCK}"\nstatus = "accepted"\nowner = "bob@example.com"\n'
        "review = 2027-01-31\n"
    )
    # Left: the standards light's answer (shop and blog miss bronze) and blog's lockfile.
    decided = brief(db, elsewhere)["decisions"]
    assert [d["title"] for d in decided] == [
        "Bring 2 repositories up to the basic standards level (bronze): add a README.md: what "
        "it is, how to run it, its licence.",
        "Commit a lockfile next to package.json (package-lock.json, yarn.lock or "
        "pnpm-lock.yaml) (in blog)",
    ]
    rows = register(db, elsewhere)
    assert (rows[KNOWLEDGE]["status"], rows[KNOWLEDGE]["owner"]) == ("closed", "cto@example.com")
    assert (rows[SHOP_LOCK]["status"], rows[SHOP_LOCK]["owner"], rows[SHOP_LOCK]["review"]) \
        == ("accepted", "bob@example.com", "2027-01-31")  # fmt: skip
    # --risks names another file, which wins; a missing one is a clear error.
    other = elsewhere / "mine.toml"
    other.write_text(f'[[risk]]\nid = "{KNOWLEDGE}"\nstatus = "mitigating"\n')
    assert register(db, elsewhere, "--risks", str(other))[KNOWLEDGE]["status"] == "mitigating"
    assert brief(db, elsewhere, "--risks", str(other))["decisions"][0]["title"].startswith(
        "Name an owner for src and recover its knowledge"
    )
    missing = run_cli("brief", "--risks", str(elsewhere / "none.toml"), "--db", str(db))
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"techlead: error: {elsewhere / 'none.toml'}: no such risks")


def test_the_report_shows_the_registers_word_and_what_changed(
    workspace: tuple[Path, Path, GitRepo], tmp_path: Path
) -> None:
    db, elsewhere, blog = workspace
    # A second scan with new evidence: blog gains a second manifest without a lockfile.
    blog.commit("more", author=CAROL, date="2020-12-20T12:00:00+00:00",
                files={"site/package.json": PACKAGE})  # fmt: skip
    scan_json("--db", str(db), "--now", NOW, cwd=db.parent)
    new = risk_id("lockfile", "blog", "site/package.json", "npm")
    rows = register(db, elsewhere)
    assert {k: rows[k]["change"] for k in (KNOWLEDGE, SHOP_LOCK, BLOG_LOCK, new)} == {
        KNOWLEDGE: "same", SHOP_LOCK: "same", BLOG_LOCK: "same", new: "new"}  # fmt: skip
    (db.parent / "risks.toml").write_text(
        f'[[risk]]\nid = "{SHOP_LOCK}"\nstatus = "accepted"\nowner = "bob@example.com"\n'
        "review = 2027-01-31\n"
    )
    out = tmp_path / "r.html"
    assert run_cli("report", "--out", str(out), "--db", str(db), cwd=elsewhere).exit_code == 0
    html = out.read_text()
    section = html[html.index('id="s-risks"') : html.index('id="s-hotspots"')]
    # Grouped by repository, the repository of the highest risk first.
    assert section.index("shop: 2 risks (1 knowledge, 1 lockfile)") < section.index(
        "blog: 2 risks (2 lockfile)"
    )
    assert ("<th scope=\"col\">status</th><th scope=\"col\">owner</th><th scope=\"col\">"
            "review</th><th scope=\"col\">since last scan</th>") in section  # fmt: skip
    assert "<td>accepted</td><td>bob@example.com</td><td>2027-01-31</td><td>same</td>" in section
    assert 'data-filter="3x3"' in section and 'data-filter="5x5"' in section
