"""One workspace, one truth: the CLI analyses, the standards checks, the risk register,
the brief and the report state the same truck factor, the same leavers and the same
hotspots; and every sentence that states a policy value states the value in force.

The repository "app", measured to 2021-01-01 (the scan's --now):
- Alice wrote a.py, b.py (both branching code) and the README in 2019, then left (no
  commit in the 180 days before the repository's newest commit: the policy's
  inactive_days).
- Bob wrote c.py and d.py in 2020 and keeps changing b.py and c.py.
Counting code only (the policy's knowledge_code_only), Alice authors a.py (and b.py,
which she created), Bob c.py and d.py; the README (prose) does not count. Whatever the
exact figures, every output must agree with the analyses' own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from techlead.core.policy import DEFAULT

from conftest import ALICE, BOB, GitRepo, run_cli, scan_json

NOW = "2021-01-01"
LEFT = "no commit in the 180 days before the newest commit of the repositories they worked in"
# One function of cyclomatic complexity 21 (20 branches), above the policy's limit of 15,
# then 60 lines of plain code: enough lines for a knowledge-loss risk (the policy's 100).
BRANCHY = (
    "def f{n}(x):\n"
    + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(20))
    + "".join(f"V{i} = {i}\n" for i in range(60))
)


def code(n: int, extra: int = 0) -> str:
    return BRANCHY.format(n=n) + "".join(f"# change {i}\n" for i in range(extra))


@pytest.fixture(scope="module")
def workspace(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("agreement")
    repo = GitRepo(root / "app")
    repo.commit("start", author=ALICE, date="2019-01-02T10:00:00+00:00", files={
        "a.py": code(1), "b.py": code(2), "README.md": "# App\n\n" + "Prose.\n" * 40,
    })  # fmt: skip
    repo.commit("more", author=ALICE, date="2019-02-02T10:00:00+00:00",
                files={"a.py": code(1, 1)})  # fmt: skip
    for month in range(3, 13):
        repo.commit(f"work {month}", author=BOB, date=f"2020-{month:02d}-03T10:00:00+00:00",
                    files={"b.py": code(2, month), "c.py": code(3, month),
                           "d.py": code(4, month % 3)})  # fmt: skip
    db = root / "wh.duckdb"
    scan_json(str(repo.path), "--db", str(db), "--now", NOW)
    return db


def cli_json(db: Path, *args: str) -> dict[str, Any]:
    result = run_cli(*args, "--db", str(db), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_truck_factor_agrees(workspace: Path, tmp_path: Path) -> None:
    rows = cli_json(workspace, "truck-factor")["rows"]
    factor = rows[0]["truck-factor"]
    standards = cli_json(workspace, "standards", "--now", NOW)["rows"][0]
    assert standards["truck-factor"] == ("pass" if factor >= DEFAULT.truck_factor_min else "FAIL")
    evidence = run_cli("standards", "--now", NOW, "--db", str(workspace)).stdout
    if factor < 2:
        assert f"truck-factor (gold): truck factor {factor}." in evidence
    brief = cli_json(workspace, "brief", "--now", NOW)
    knowledge = next(light for light in brief["lights"] if light["area"] == "Knowledge")
    assert knowledge["sentence"].startswith(f"The truck factor of app is {factor};")
    out = tmp_path / "r.html"
    assert run_cli("report", "--out", str(out), "--now", NOW, "--db", str(workspace)).exit_code == 0
    who = "one person" if factor == 1 else f"{factor} people"
    assert f"Truck factor {factor}: the departure of {who} would leave" in out.read_text()


def test_leavers_agree(workspace: Path, tmp_path: Path) -> None:
    people = cli_json(workspace, "people", "--now", NOW)["rows"]
    left = sorted(p["person"] for p in people if not p["active"])
    assert left == ["Alice Smith"]
    loss = cli_json(workspace, "knowledge", "--view", "loss", "--now", NOW)["rows"]
    assert sorted({name for row in loss for name in row["leavers"]}) == left
    register = cli_json(workspace, "risk", "--now", NOW)["rows"]
    knowledge_risks = [r for r in register if r["category"] == "knowledge"]
    assert knowledge_risks and all("Alice Smith" in r["evidence"] for r in knowledge_risks)
    assert not any("Bob Jones" in r["evidence"] for r in knowledge_risks)
    out = tmp_path / "r.html"
    run_cli("report", "--out", str(out), "--now", NOW, "--db", str(workspace))
    html = out.read_text()
    loss_section = html[html.index('id="s-loss"') : html.index('id="s-mentoring"')]
    assert "Alice Smith" in loss_section
    assert f"by 2 people (1 active; 1 person has left: {LEFT})" in html


def test_hotspots_agree(workspace: Path, tmp_path: Path) -> None:
    hot = [r["entity"] for r in cli_json(workspace, "hotspots")["rows"]]
    assert hot
    out = tmp_path / "r.html"
    run_cli("report", "--out", str(out), "--now", NOW, "--db", str(workspace))
    html = out.read_text()
    section = html[html.index('id="s-hotspots"') : html.index('id="s-complexity"')]
    shown = re.findall(r'<tr data-key="([^"]+)"><td>\d+</td>', section)
    assert shown == hot
    # complexity-limit names the functions above the limit in the hotspots: every file has
    # one, so it names exactly the hotspots (in order of complexity, then path).
    standards = run_cli("standards", "--now", NOW, "--db", str(workspace)).stdout
    named = re.search(r"functions over cyclomatic 15 in hotspots: (.*?)\. Fix", standards)
    assert named is not None, standards
    assert sorted(f.split(":")[0] for f in named.group(1).split(", ")) == sorted(hot)


def test_a_changed_policy_is_stated_everywhere(module_git: None, tmp_path: Path) -> None:
    """[policy] inactive_days = 30 and island_share = 0.8: the policy command, the brief's
    glossary, the report's sentences and the analyses' defaults all use them."""
    repo = GitRepo(tmp_path / "app")
    repo.commit("one", author=ALICE, date="2020-01-02T10:00:00+00:00",
                files={"a.py": code(1), "b.py": code(2)})  # fmt: skip
    repo.commit("two", author=BOB, date="2020-03-20T10:00:00+00:00", files={"b.py": code(2, 1)})
    (tmp_path / "techlead.toml").write_text(
        '[workspace]\nname = "acme"\n\n[[repos]]\npath = "app"\n\n'
        "[policy]\ninactive_days = 30\nisland_share = 0.8\n"
    )
    db = tmp_path / "wh.duckdb"
    scan_json("--db", str(db), "--now", "2020-04-01", cwd=tmp_path)
    policy = {r["name"]: r for r in cli_json(db, "policy")["rows"]}
    assert policy["inactive_days"]["value"] == 30
    assert policy["inactive_days"]["source"].endswith("techlead.toml:8")
    assert policy["island_share"]["value"] == 0.8
    assert policy["hotspot_percentile"]["source"] == "default"
    # Alice's last commit (2020-01-02) is more than 30 days before Bob's (2020-03-20): she
    # has left.
    people = cli_json(db, "people", "--now", "2020-04-01")
    assert [(p["person"], p["active"]) for p in people["rows"]] == [
        ("Alice Smith", False), ("Bob Jones", True)]  # fmt: skip
    islands = cli_json(db, "knowledge", "--view", "islands", "--now", "2020-04-01")
    assert islands["notes"] == [
        "knowledge islands: files of which one active developer wrote >= 80%"
    ]
    brief = run_cli("brief", "--now", "2020-04-01", "--db", str(db)).stdout
    assert "180 days" not in brief and "95%" not in brief
    if "have left" in brief:  # the glossary explains the word with the value in force
        assert "people count as gone when they have made no commit in the 30 days before" in brief
    html_path = tmp_path / "r.html"
    run_cli("report", "--out", str(html_path), "--now", "2020-04-01", "--db", str(db))
    html = html_path.read_text()
    assert "acme · 1 repository: app" in html
    assert "1 person has left: no commit in the 30 days before the newest commit" in html
    assert "one active person wrote 80% or more" in html
    page = html[: html.index("<script>")]  # not the inlined plotly.js
    assert "180 days" not in page and "95%" not in page


def test_one_moment_without_now(module_git: None, tmp_path: Path) -> None:
    """Without --now every command measures activity to the moment the scan stored its
    register (here its --now, 2020-07-15). Bob's second commit (2020-08-01) is after that
    moment, so the newest commit is his first (2020-06-03), 180 days after 2019-12-06:
    Alice (last commit 2020-01-02) is active, for the people analysis, the knowledge loss,
    the risk register and the report alike. Measured to 2021-01-01, the newest commit is
    2020-08-01, 180 days after 2020-02-02: Alice has left."""
    repo = GitRepo(tmp_path / "app")
    repo.commit("a", author=ALICE, date="2020-01-02T10:00:00+00:00",
                files={"a.py": code(1), "b.py": code(2)})  # fmt: skip
    repo.commit("b", author=BOB, date="2020-06-03T10:00:00+00:00", files={"c.py": code(3)})
    repo.commit("c", author=BOB, date="2020-08-01T10:00:00+00:00", files={"c.py": code(3, 1)})
    db = tmp_path / "wh.duckdb"
    scan_json(str(repo.path), "--db", str(db), "--now", "2020-07-15")
    people = cli_json(db, "people")["rows"]
    assert [(p["person"], p["active"]) for p in people] == [
        ("Bob Jones", True), ("Alice Smith", True)]  # fmt: skip
    loss = cli_json(db, "knowledge", "--view", "loss")["rows"]
    assert {name for row in loss for name in row["leavers"]} == set()
    register = cli_json(db, "risk")["rows"]
    assert [r["category"] for r in register if r["category"] == "knowledge"] == []
    out = tmp_path / "r.html"
    assert run_cli("report", "--out", str(out), "--db", str(db)).exit_code == 0
    assert "by 2 people (2 active), " in out.read_text()
    later = cli_json(db, "people", "--now", "2021-01-01")["rows"]
    assert [(p["person"], p["active"]) for p in later] == [
        ("Bob Jones", True), ("Alice Smith", False)]  # fmt: skip
    loss = cli_json(db, "knowledge", "--view", "loss", "--now", "2021-01-01")["rows"]
    assert {name for row in loss for name in row["leavers"]} == {"Alice Smith"}


def test_hotspots_agree_across_repositories(module_git: None, tmp_path: Path) -> None:
    """In a workspace the hotspots are ranked once, over every repository: the standards
    check of each repository names only its files among them (a file that is a hotspot
    of its small repository alone is not one of the workspace's)."""
    api = GitRepo(tmp_path / "api")
    api.commit("b", author=BOB, date="2020-01-02T10:00:00+00:00", files={"b.py": code(2)})
    for month in range(1, 13):
        api.commit(f"w{month}", author=BOB, date=f"2020-{month:02d}-03T10:00:00+00:00",
                   files={"a.py": code(1, month)})  # fmt: skip
    web = GitRepo(tmp_path / "web")
    web.commit("once", author=ALICE, date="2020-05-03T10:00:00+00:00", files={"w.py": code(3)})
    db = tmp_path / "wh.duckdb"
    scan_json(str(api.path), str(web.path), "--db", str(db), "--now", "2021-01-01")
    hot = {r["entity"] for r in cli_json(db, "hotspots")["rows"]}
    # Scores: a.py 12 revisions × 21 = 252, b.py and web's w.py 1 × 21 = 21. The 90th
    # percentile of three scores is the third smallest, 252: a.py alone.
    assert hot == {"api:a.py"}
    notes = "\n".join(cli_json(db, "standards", "--now", "2021-01-01")["notes"])
    assert (
        "api: complexity-limit (gold): functions over cyclomatic 15 in hotspots: a.py:f1 "
        "(21)." in notes
    )
    # web's only file is no hotspot of the workspace: the check does not apply there.
    assert "web: complexity-limit" not in notes
    [web_row] = [r for r in cli_json(db, "standards", "--now", "2021-01-01")["rows"]
                 if r["repo"] == "web"]  # fmt: skip
    assert web_row["complexity-limit"] == "n/a"
