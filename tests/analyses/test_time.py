"""Time judged against the repositories, not the wall clock: who has left, dormant
repositories, stale clones, and the boundary of a shallow clone.

The workspace (policy: inactive_days 180):
- old (dormant): Hank writes old.py on 2019-01-10 and 2019-02-01; Eve writes eve.py on
  2018-01-10. Newest commit: Hank's, 2019-02-01.
- live: Frank writes f.py (40 lines) on 2020-01-10 and edits it on 2020-06-01; Dana adds
  10 lines to f.py on 2019-06-01, before Frank (Dana creates f.py); Gina adds 5 lines on
  2020-03-01. Newest commit: Frank's, 2020-06-01.
Measured to 2026-12-05 (the scan's --now), each person against the newest commit of the
repositories they worked in:
- Hank: last 2019-02-01, reference 2019-02-01 (old): active. The repository is dormant,
  its team has not "left".
- Eve: last 2018-01-10, reference 2019-02-01: 387 days > 180: left.
- Dana (old and live): last 2019-06-01, reference max(2019-02-01, 2020-06-01) =
  2020-06-01: 366 days: left.
- Frank: last 2020-06-01: active. Gina: 2020-03-01, 92 days before: active.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import GitRepo, run_cli, scan_json

HANK = ("Hank Old", "hank@example.com")
EVE = ("Eve Early", "eve@example.com")
DANA = ("Dana Moved", "dana@example.com")
FRANK = ("Frank Main", "frank@example.com")
GINA = ("Gina New", "gina@example.com")
NOW = "2026-12-05"


def lines(n: int, tag: str) -> str:
    return "".join(f"{tag}{i} = {i}\n" for i in range(n))


@pytest.fixture(scope="module")
def workspace(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("time")
    old = GitRepo(root / "old")
    old.commit("eve", author=EVE, date="2018-01-10T10:00:00+00:00", files={"eve.py": lines(5, "e")})
    old.commit("hank", author=HANK, date="2019-01-10T10:00:00+00:00",
               files={"old.py": lines(5, "h")})  # fmt: skip
    old.commit("dana", author=DANA, date="2019-01-20T10:00:00+00:00",
               files={"dana.py": lines(5, "d")})  # fmt: skip
    old.commit("hank 2", author=HANK, date="2019-02-01T10:00:00+00:00",
               files={"old.py": lines(6, "h")})  # fmt: skip
    live = GitRepo(root / "live")
    live.commit("dana", author=DANA, date="2019-06-01T10:00:00+00:00",
                files={"f.py": lines(10, "d")})  # fmt: skip
    live.commit("frank", author=FRANK, date="2020-01-10T10:00:00+00:00",
                files={"f.py": lines(10, "d") + lines(40, "f")})  # fmt: skip
    live.commit("gina", author=GINA, date="2020-03-01T10:00:00+00:00",
                files={"f.py": lines(10, "d") + lines(40, "f") + lines(5, "g")})  # fmt: skip
    live.commit("frank 2", author=FRANK, date="2020-06-01T10:00:00+00:00",
                files={"g.py": lines(3, "x")})  # fmt: skip
    db = root / "wh.duckdb"
    scan_json(str(old.path), str(live.path), "--db", str(db), "--now", NOW)
    return db


def cli_json(db: Path, *args: str) -> dict[str, Any]:
    result = run_cli(*args, "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_who_has_left_is_measured_against_their_repositories(workspace: Path) -> None:
    people = cli_json(workspace, "people")["rows"]
    assert {p["person"]: p["active"] for p in people} == {
        "Hank Old": True, "Eve Early": False, "Dana Moved": False, "Frank Main": True,
        "Gina New": True,
    }  # fmt: skip
    # As of 2019-03-01 live's newest commit up to then is none (its first is 2019-06-01)
    # and old's is Hank's 2019-02-01: Dana (2019-01-20) is active, Eve still left.
    early = cli_json(workspace, "people", "--now", "2019-03-01")["rows"]
    assert {p["person"]: p["active"] for p in early if p["person"] in ("Dana Moved", "Eve Early")} \
        == {"Dana Moved": True, "Eve Early": False}  # fmt: skip


def test_the_successor_is_active(workspace: Path) -> None:
    # f.py: lines added Frank 40, Dana 10, Gina 5. Frank is main developer; Dana added
    # more than Gina but has left, so Gina (5 of 55 = 0.091, two significant digits) is
    # the successor.
    rows = cli_json(workspace, "knowledge", "--leaving", "Frank Main", "--repo", "live")["rows"]
    assert [(r["entity"], r["successor"], r["successor-share"]) for r in rows] == [
        ("f.py", "Gina New", 0.091), ("g.py", None, None)]  # fmt: skip


def test_dormant_repositories_are_said_at_the_top(workspace: Path, tmp_path: Path) -> None:
    repos = {r["repo"]: r for r in cli_json(workspace, "repositories")["rows"]}
    assert (repos["old"]["dormant"], repos["live"]["dormant"]) == (True, True)
    # As of 2020-07-01 live (newest 2020-06-01) is not dormant; old is.
    early = {
        r["repo"]: r["dormant"]
        for r in cli_json(workspace, "repositories", "--until", "2020-07-01")["rows"]
    }
    assert early == {"live": False, "old": True}
    brief = cli_json(workspace, "brief")
    assert brief["notices"] == [
        "live is dormant: no commit since 2020-06-01, more than 180 days ago",
        "old is dormant: no commit since 2019-02-01, more than 180 days ago",
    ]
    text = run_cli("brief", "--db", str(workspace)).stdout
    assert "Read this first\n\n  • live is dormant: no commit since 2020-06-01" in text
    out = tmp_path / "r.html"
    assert run_cli("report", "--out", str(out), "--db", str(workspace)).exit_code == 0
    html = out.read_text()
    assert html.index("Read this first") < html.index("Three things that need a decision")
    assert "<li>old is dormant: no commit since 2019-02-01, more than 180 days ago</li>" in html


def test_a_stale_clone_says_so(module_git: None, tmp_path: Path) -> None:
    """A clone last fetched long ago: its newest commit is old, but the project may not
    be dormant at all; every analysis and the brief say so."""
    origin = GitRepo(tmp_path / "origin")
    origin.commit("one", date="2020-01-10T10:00:00+00:00", files={"a.py": lines(5, "a")})
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin.path), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "fetch", "-q"], check=True)
    fetched = datetime(2020, 2, 1, tzinfo=UTC).timestamp()
    os.utime(clone / ".git" / "FETCH_HEAD", (fetched, fetched))
    db = tmp_path / "wh.duckdb"
    scan_json(str(clone), "--db", str(db), "--now", "2021-01-01")
    [repo] = cli_json(db, "repositories")["rows"]
    assert (repo["dormant"], repo["fetched"]) == (True, "2020-02-01T00:00:00+00:00")
    caveat = (
        "clone: no commit since 2020-01-10, and this clone was last fetched on "
        "2020-02-01, more than 180 days ago: newer work may exist (fetch and scan again)"
    )
    assert cli_json(db, "hotspots")["caveats"] == [caveat]
    assert cli_json(db, "brief")["notices"] == [caveat]
    csv = run_cli("hotspots", "--db", str(db), "--format", "csv")
    assert csv.stderr == f"techlead: caveat: {caveat}\n"


def test_a_shallow_clone_boundary_is_not_authorship(module_git: None, tmp_path: Path) -> None:
    """Alice writes ten files; Bob then edits b.py ten times; Carol edits a0.py once. A
    clone of the last 5 commits starts at Bob's 7th edit, whose diff adds every file.

    Whole history: Alice creates a0..a9 (authors them; Carol's one edit of a0.py gives her
    DOA 3.293 + 0.164 - 0.321·ln 2 = 3.23 < 3.293: not an author), Bob b.py:
    11 files, Alice authors 10: removing her orphans 10 > 5.5, truck factor 1.
    Shallow: the boundary is left out, so only the files changed inside the window count:
    b.py (Bob: 3 edits) and a0.py (Carol: 1 edit); each has one author, removing one
    orphans 1 of 2 (not more than half), removing both 2: truck factor 2, not Bob's 1
    that the boundary's "additions" would give him."""
    origin = GitRepo(tmp_path / "origin")
    alice = ("Alice Smith", "alice@example.com")
    bob, carol = ("Bob Jones", "bob@example.com"), ("Carol White", "carol@example.com")
    origin.commit("a", author=alice, date="2020-01-01T10:00:00+00:00",
                  files={f"a{i}.py": lines(10, f"a{i}_") for i in range(10)})  # fmt: skip
    for n in range(10):
        origin.commit(f"b{n}", author=bob, date=f"2020-02-{n + 1:02d}T10:00:00+00:00",
                      files={"b.py": lines(n + 1, "b")})  # fmt: skip
    origin.commit("c", author=carol, date="2020-03-01T10:00:00+00:00",
                  files={"a0.py": lines(11, "a0_")})  # fmt: skip
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "5", f"file://{origin.path}", str(clone)],
                   check=True)  # fmt: skip
    whole, shallow = tmp_path / "whole.duckdb", tmp_path / "shallow.duckdb"
    scan_json(str(origin.path), "--db", str(whole), "--now", "2020-03-02")
    scan_json(str(clone), "--db", str(shallow), "--now", "2020-03-02")
    full = cli_json(whole, "truck-factor")
    assert [(r["truck-factor"], r["developer"]) for r in full["rows"]] == [(1, "Alice Smith")]
    assert full["caveats"] == []
    cut = cli_json(shallow, "truck-factor")
    assert [(r["truck-factor"], r["step"]) for r in cut["rows"]] == [(2, 1), (2, 2)]
    assert cut["caveats"] == [
        "shallow: a shallow clone, its history starts on 2020-02-07 (5 commits); the files "
        "of its first commit are the state it started from, not work by its author, so who "
        "wrote the code before then is unknown (`git fetch --unshallow` and scan again for "
        "the whole history)"
    ]
    [repo] = cli_json(shallow, "repositories")["rows"]
    assert repo["history"] == "shallow"
