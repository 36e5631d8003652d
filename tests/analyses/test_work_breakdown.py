"""techlead work over a history built with the git CLI (fixed dates, committer = author
date): edits of old and young lines, pure additions, deletions, a rename and a merge;
every count worked out by hand below. Also: the kept line ages equal ``git blame
--first-parent``'s, a re-scan walks only the new commits, a rewrite walks everything."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techlead.git.hunks import main_line
from techlead.git.patch import HunkCommit
from techlead.mining.line_ages import Mined, NotMined, walk

from conftest import ALICE, BOB, BOT, CAROL, GitRepo, query_db, run_cli, scan_json

TEAMS = (
    '[[repos]]\npath = "app"\n\n[teams.platform]\nmembers = ["alice@example.com"]\n\n'
    '[teams.web]\nmembers = ["bob@example.com"]\n'
)  # Carol is in no team


def _lines(*names: str) -> str:
    return "".join(f"{name} is a line of its own\n" for name in names)


L = [f"L{i}" for i in range(1, 11)]


def _build_until_merge(repo: GitRepo) -> None:
    """Main line, committer dates (UTC noon):
    c1 01-01 Alice: a.py = L1..L10                      new 10
    c2 01-05 Bob: a.py L2,L3 -> X1,X2,X3 (c1's, 4 days) rework 2, new 1; notes.txt 4 lines
       new 4                                              -> new 5, rework 2
    c3 03-01 Carol: a.py L1 -> Y1 (c1's, 60 days) refactor 1; notes.txt deleted (c2's,
       56 days) refactor 4                                -> refactor 5
    c4 03-03 Alice: a.py Y1 deleted (c3's, 2 days)        rework 1
    c5 04-01 Bob: a.py renamed src/c.py, L10 -> Z (c1's, 91 days)   refactor 1
    feature (from c5): f1 04-02 Carol: d.py 5 lines; f2 04-03 Bob: e.py 2 lines
    c6 04-05 Alice: src/c.py + W at the end              new 1
    m  04-25 Alice merges feature: against c6, d.py and e.py are new: new 7, shared by the
       lines f1 and f2 changed: Carol 5/7 x 7 = 5, Bob 2/7 x 7 = 2"""
    day = "2020-{}T12:00:00+00:00".format
    repo.commit("c1", author=ALICE, date=day("01-01"), files={"a.py": _lines(*L)})
    c2 = _lines(L[0], "X1", "X2", "X3", *L[3:])
    repo.commit("c2", author=BOB, date=day("01-05"),
                files={"a.py": c2, "notes.txt": _lines("N1", "N2", "N3", "N4")})  # fmt: skip
    repo.git("rm", "-q", "notes.txt")
    c3 = _lines("Y1", "X1", "X2", "X3", *L[3:])
    repo.commit("c3", author=CAROL, date=day("03-01"), files={"a.py": c3})
    c4 = _lines("X1", "X2", "X3", *L[3:])
    repo.commit("c4", author=ALICE, date=day("03-03"), files={"a.py": c4})
    (repo.path / "src").mkdir()
    repo.git("mv", "a.py", "src/c.py")
    c5 = _lines("X1", "X2", "X3", *L[3:9], "Z")
    repo.commit("c5", author=BOB, date=day("04-01"), files={"src/c.py": c5})
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("f1", author=CAROL, date=day("04-02"),
                files={"d.py": _lines("D1", "D2", "D3", "D4", "D5")})  # fmt: skip
    repo.commit("f2", author=BOB, date=day("04-03"), files={"e.py": _lines("E1", "E2")})
    repo.git("checkout", "-q", "main")
    repo.commit("c6", author=ALICE, date=day("04-05"), files={"src/c.py": c5 + _lines("W")})
    repo.merge("feature", "m", author=ALICE, date=day("04-25"))


def _c7(repo: GitRepo) -> None:
    """c7 05-10 Bob: d.py D1 -> V (landed with m on 04-25: 15 days, though f1 wrote it on
    04-02, 38 days) rework 1; src/c.py X1 (c2's, 126 days) -> two lines: refactor 1, new 1."""
    c7 = _lines("V1", "V2", "X2", "X3", *L[3:9], "Z", "W")
    repo.commit("c7", author=BOB, date="2020-05-10T12:00:00+00:00",
                files={"d.py": _lines("V", "D2", "D3", "D4", "D5"), "src/c.py": c7})  # fmt: skip


@pytest.fixture
def built(make_repo: Any, tmp_path: Path, db_path: Path) -> GitRepo:
    repo: GitRepo = make_repo("app")
    _build_until_merge(repo)
    _c7(repo)
    (tmp_path / "techlead.toml").write_text(TEAMS)
    scan_json("--db", str(db_path), cwd=tmp_path)
    return repo


def _rows(db: Path, *args: str) -> list[list[Any]]:
    out = run_cli("work", *args, "--db", str(db), "--format", "json")
    assert out.exit_code == 0, out.output
    return [list(r.values()) for r in json.loads(out.stdout)["rows"]]


def test_work_per_month(built: GitRepo, db_path: Path) -> None:
    # period, team, new, refactor, rework, total, shares (new, refactor, rework)
    assert _rows(db_path) == [
        # c1 new 10; c2 new 5, rework 2: 17
        ["2020-01-01", "(all)", 15, 0, 2, 17, 0.882, 0.0, 0.118],
        ["2020-02-01", "(all)", 0, 0, 0, 0, None, None, None],  # no commit: listed, empty
        # c3 refactor 5; c4 rework 1
        ["2020-03-01", "(all)", 0, 5, 1, 6, 0.0, 0.833, 0.167],
        # c5 refactor 1 (the rename kept the lines' ages); c6 new 1; m new 7
        ["2020-04-01", "(all)", 8, 1, 0, 9, 0.889, 0.111, 0.0],
        # c7: rework 1 (age from landing: 15 days), refactor 1, new 1
        ["2020-05-01", "(all)", 1, 1, 1, 3, 0.333, 0.333, 0.333],
    ]


def test_work_per_team(built: GitRepo, db_path: Path) -> None:
    # Alice platform, Bob web, Carol (no team); m's 7 lines go to f1's Carol (5) and
    # f2's Bob (2), none to Alice who merged.
    assert _rows(db_path, "--by", "team") == [
        ["2020-01-01", "platform", 10, 0, 0, 10, 1.0, 0.0, 0.0],  # c1
        ["2020-01-01", "web", 5, 0, 2, 7, 0.714, 0.0, 0.286],  # c2
        ["2020-03-01", "(no team)", 0, 5, 0, 5, 0.0, 1.0, 0.0],  # c3
        ["2020-03-01", "platform", 0, 0, 1, 1, 0.0, 0.0, 1.0],  # c4
        ["2020-04-01", "(no team)", 5, 0, 0, 5, 1.0, 0.0, 0.0],  # m: Carol's share
        ["2020-04-01", "platform", 1, 0, 0, 1, 1.0, 0.0, 0.0],  # c6
        ["2020-04-01", "web", 2, 1, 0, 3, 0.667, 0.333, 0.0],  # c5; m: Bob's share
        ["2020-05-01", "web", 1, 1, 1, 3, 0.333, 0.333, 0.333],  # c7
    ]
    # web per quarter: Q1 c2 (5, 0, 2); Q2 c5 (0, 1, 0) + m (2, 0, 0) + c7 (1, 1, 1)
    assert _rows(db_path, "--team", "web", "--every", "quarter") == [
        ["2020-01-01", "(all)", 5, 0, 2, 7, 0.714, 0.0, 0.286],
        ["2020-04-01", "(all)", 3, 2, 1, 6, 0.5, 0.333, 0.167],
    ]


def test_refactor_days_and_filters(built: GitRepo, db_path: Path) -> None:
    # With 100 days c3's lines (60 and 56 days) and c5's (91) are rework; c7's X1 (126)
    # stays refactoring. --since 2020-03-01 leaves January out.
    assert _rows(db_path, "--refactor-days", "100", "--since", "2020-03-01") == [
        ["2020-03-01", "(all)", 0, 0, 6, 6, 0.0, 0.0, 1.0],
        ["2020-04-01", "(all)", 8, 0, 1, 9, 0.889, 0.0, 0.111],
        ["2020-05-01", "(all)", 1, 1, 1, 3, 0.333, 0.333, 0.333],
    ]
    # --path: only d.py: m's 5 new lines, c7's rework 1
    assert _rows(db_path, "--path", "d.py") == [
        ["2020-04-01", "(all)", 5, 0, 0, 5, 1.0, 0.0, 0.0],
        ["2020-05-01", "(all)", 0, 0, 1, 1, 0.0, 0.0, 1.0],
    ]


def test_unknown_team_is_one_line(built: GitRepo, db_path: Path) -> None:
    out = run_cli("work", "--team", "nope", "--db", str(db_path))
    assert out.exit_code == 2
    assert out.stderr.strip().splitlines() == [
        "techlead: error: work: no team 'nope'; teams: platform, web, (no team)"
    ]


def _blame(repo: GitRepo, path: str) -> list[str]:
    out = subprocess.run(
        ["git", "-C", str(repo.path), "blame", "--line-porcelain", "--first-parent", "HEAD",
         "--", path], capture_output=True, check=True).stdout  # fmt: skip
    return [line.split(b" ")[0].decode() for line in out.split(b"\n")
            if len(line.split(b" ")[0]) == 40 and not line.startswith(b"\t")]  # fmt: skip


def test_ages_equal_blame_first_parent(built: GitRepo) -> None:
    ages, shas, _ = walk(built.path, "HEAD")
    # the main line: c1 c2 c3 c4 c5 c6 m c7 (8 positions); d.py and e.py landed with m
    assert len(shas) == 8
    for path in ("src/c.py", "d.py", "e.py"):
        assert [shas[p - 1] for p in ages.files[path]] == _blame(built, path), path
    m = shas[6]
    assert [shas[p - 1] for p in ages.files["d.py"]] == [shas[7], m, m, m, m]


def _work(db: Path) -> list[tuple[Any, ...]]:
    return query_db(db, "SELECT sha, path, born, lines FROM line_work ORDER BY ALL")


def test_rescan_walks_only_new_commits(make_repo: Any, tmp_path: Path, db_path: Path) -> None:
    repo: GitRepo = make_repo("app")
    _build_until_merge(repo)
    (tmp_path / "techlead.toml").write_text(TEAMS)
    scan_json("--db", str(db_path), cwd=tmp_path)
    # Mark every kept line as landed by c1 (position 1): a walk from the kept state
    # classifies c7's change of d.py by it; a walk from scratch would not.
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE line_ages SET born = 1")
    con.close()
    _c7(repo)
    scan_json("--db", str(db_path), cwd=tmp_path)
    c7 = repo.head()
    assert query_db(db_path, "SELECT born, lines FROM line_work WHERE sha = ? AND path = 'd.py'",
                    [c7]) == [(1, 1)]  # fmt: skip
    assert query_db(db_path, "SELECT sha, position FROM line_age_heads") == [(c7, 8)]
    # an amended c7 rewrites history: everything is walked again, as a fresh scan does
    repo.git("commit", "-q", "--amend", "-m", "c7 again",
             env={"GIT_COMMITTER_DATE": "2020-05-10T12:00:00+00:00"})  # fmt: skip
    scan_json("--db", str(db_path), cwd=tmp_path)
    fresh = tmp_path / "fresh.duckdb"
    scan_json("--db", str(fresh), cwd=tmp_path)
    assert _work(db_path) == _work(fresh)
    # the fresh walk: d.py's D1 landed with m, at position 7
    assert query_db(fresh, "SELECT born, lines FROM line_work WHERE path = 'd.py' AND "
                    "born IS NOT NULL") == [(7, 1)]  # fmt: skip


def test_a_schema_16_warehouse_walks_on_the_next_scan(
    built: GitRepo, tmp_path: Path, db_path: Path
) -> None:
    before = _work(db_path)
    con = duckdb.connect(str(db_path))
    for table in ("line_work", "line_ages", "line_age_heads"):
        con.execute(f"DROP TABLE {table}")
    con.execute("UPDATE techlead_meta SET value = '16' WHERE key = 'schema_version'")
    con.close()
    # HEAD did not move, but nothing is stored yet: the scan walks the whole main line
    doc = scan_json("--db", str(db_path), cwd=tmp_path)
    assert doc["repos"][0]["mode"] == "unchanged"
    assert _work(db_path) == before
    assert query_db(db_path, "SELECT position FROM line_age_heads") == [(8,)]


def test_bots_and_generated_files(make_repo: Any, db_path: Path) -> None:
    # c1 01-01 Alice: a.py 3 lines, poetry.lock 2 lines (generated): new 3 + 2
    # c2 01-02 dependabot: poetry.lock's 2 lines replaced (1 day old): rework 2
    repo: GitRepo = make_repo("deps")
    repo.commit("c1", date="2020-01-01T00:00:00+00:00",
                files={"a.py": "1\n2\n3\n", "poetry.lock": "x\ny\n"})  # fmt: skip
    repo.commit("c2", author=BOT, date="2020-01-02T00:00:00+00:00",
                files={"poetry.lock": "x2\ny2\n"})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    month = ["2020-01-01", "(all)"]
    assert _rows(db_path) == [[*month, 3, 0, 0, 3, 1.0, 0.0, 0.0]]
    assert _rows(db_path, "--include-bots") == [[*month, 3, 0, 0, 3, 1.0, 0.0, 0.0]]
    assert _rows(db_path, "--include-generated") == [[*month, 5, 0, 0, 5, 1.0, 0.0, 0.0]]
    assert _rows(db_path, "--include-generated", "--include-bots") == [
        [*month, 5, 0, 2, 7, 0.714, 0.0, 0.286]
    ]


def test_the_users_git_configuration_does_not_change_the_walk(built: GitRepo) -> None:
    _, shas, rows = walk(built.path, "HEAD")
    for key, value in (("log.diffMerges", "combined"), ("diff.algorithm", "histogram"),
                       ("diff.noprefix", "true"), ("diff.renames", "false"),
                       ("color.diff", "always")):  # fmt: skip
        built.git("config", "--global", key, value)
    assert walk(built.path, "HEAD")[1:] == (shas, rows)


def test_the_scan_walks_mined_hunks_as_git_diffs_them(built: GitRepo, tmp_path: Path) -> None:
    # mining hands the walk its patches (git diffs only the merge m): the same rows as a
    # walk that asks git for every commit's patch
    db = tmp_path / "mined.duckdb"
    scan_json(str(built.path), "--db", str(db))
    _, _, rows = walk(built.path, "HEAD")
    assert sorted(_work(db), key=repr) == sorted(rows, key=repr)


def test_a_walk_takes_the_hunks_mining_hands_over(built: GitRepo) -> None:
    order = main_line(built.path, "HEAD")
    own = [sha for sha, merge in order if not merge]
    commits = built.hunks(own)
    mined = Mined(frozenset(own))
    # out of order, in two batches, with a commit of the feature branch (not wanted)
    mined.put([*commits[4:][::-1], HunkCommit(built.git("rev-parse", "feature"), [])])
    mined.put(commits[:4])
    mined.put(None)
    assert walk(built.path, "HEAD", mined=mined)[1:] == walk(built.path, "HEAD")[1:]
    # what it is handed is what it applies: c1 handed over with no change
    altered = Mined(frozenset(own))
    altered.put([HunkCommit(own[0], []), *commits[1:]])
    altered.put(None)
    _, _, rows = walk(built.path, "HEAD", mined=altered)
    assert not [row for row in rows if row[0] == own[0]]
    # a commit mining was to hand over and did not: an error, not a wrong age
    short = Mined(frozenset(own))
    short.put(commits[1:])
    short.put(None)
    with pytest.raises(NotMined):
        walk(built.path, "HEAD", mined=short)
