"""techlead review on a hand-built history: every view's figures worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from techlead.analyses.review_sql import gini

from conftest import ALICE, BOB, CAROL, identity_env, run_cli, scan_json

DAN = ("Dan Brown", "dan@example.com")
WEB = ("GitHub", "noreply@github.com")


def lines(n: int, start: int = 1) -> str:
    return "".join(f"{i}\n" for i in range(start, start + n))


def build(repo: Any) -> dict[str, str]:
    """January 2020: c1 direct (Alice, a.py 10 lines); pull request #1 merged by its only
    author Bob (f1 adds b.py, 3 lines, authored 01-02 12:00; f2 adds 2 lines; merged 01-05
    00:00, Bob committing); #2 squash-merged on the forge (Carol, c.py 500 lines).
    February: "Fix a" (Alice, 1 line changed = 2 lines) reviewed by Bob, who never wrote
    a.py, and tested by Alice herself; "Tidy a" (Alice) reviewed by Alice only; #3 merged on
    the forge by Dan (g1 by Carol, 1 line added to b.py, authored 02-03 12:00, merged
    02-04 12:00); "Tune b" (Bob, 1 line of b.py) reviewed by Carol, who wrote b.py's last
    line; stable (s1 by Alice) merged back."""
    shas = {"c1": repo.commit("Initial", files={"a.py": lines(10)},
                              date="2020-01-01T12:00:00+00:00")}  # fmt: skip
    repo.git("checkout", "-q", "-b", "feat")
    repo.commit("Add b", author=BOB, files={"b.py": lines(3)}, date="2020-01-02T12:00:00+00:00")
    repo.commit("More b", author=BOB, files={"b.py": lines(5)}, date="2020-01-03T12:00:00+00:00")
    repo.git("checkout", "-q", "main")
    shas["pr1"] = repo.merge("feat", "Merge pull request #1 from bob/feat", author=BOB,
                             date="2020-01-05T00:00:00+00:00")  # fmt: skip
    shas["pr2"] = repo.commit("Add c (#2)", author=CAROL, committer=WEB,
                              files={"c.py": lines(500)},
                              date="2020-01-06T12:00:00+00:00")  # fmt: skip
    shas["fix"] = repo.commit(
        "Fix a\n\nReviewed-by: Bob Jones <bob@example.com>\n"
        "Tested-by: Alice Smith <alice@example.com>",
        files={"a.py": lines(9) + "ten\n"}, date="2020-02-01T12:00:00+00:00",
    )  # fmt: skip
    shas["tidy"] = repo.commit(
        "Tidy a\n\nReviewed-by: Alice Smith <alice@example.com>",
        files={"a.py": "one\n" + lines(8, 2) + "ten\n"}, date="2020-02-02T12:00:00+00:00",
    )  # fmt: skip
    repo.git("checkout", "-q", "-b", "feat2")
    repo.commit("Grow b", author=CAROL, files={"b.py": lines(6)},
                date="2020-02-03T12:00:00+00:00")  # fmt: skip
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge pull request #3 from carol/grow", "feat2",
             env=identity_env(DAN, WEB, "2020-02-04T12:00:00+00:00"))  # fmt: skip
    shas["pr3"] = repo.head()
    shas["tune"] = repo.commit(
        "Tune b\n\nReviewed-by: Carol White <carol@example.com>", author=BOB,
        files={"b.py": lines(5) + "six\n"}, date="2020-02-05T12:00:00+00:00",
    )  # fmt: skip
    repo.git("checkout", "-q", "-b", "stable", shas["c1"])
    shas["s1"] = repo.commit("Backport", files={"d.py": "1\n"}, date="2020-02-06T12:00:00+00:00")
    repo.git("checkout", "-q", "main")
    shas["mb"] = repo.merge("stable", "Merge branch 'stable'", date="2020-02-07T12:00:00+00:00")
    return shas


@pytest.fixture
def scanned(make_repo: Any, db_path: Path) -> dict[str, str]:
    rev = make_repo("rev")
    shas = build(rev)
    other = make_repo("other")
    other.commit("Only", author=DAN, files={"x.py": "1\n"}, date="2020-01-10T12:00:00+00:00")
    scan_json(str(rev.path), str(other.path), "--db", str(db_path))
    return shas


def review(db_path: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("review", "--db", str(db_path), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)["rows"]
    return rows


def test_share_per_month(scanned: dict[str, str], db_path: Path) -> None:
    found = review(db_path, "--every", "month", "--repo", "rev")
    keys = ["period", "scope", "changes", "reviewed", "direct", "reviewed-share",
            "pull-requests", "trailer-reviewed", "merges", "self-merged", "merger-known",
            "reviewers", "reviewer-gini", "unknowing"]  # fmt: skip
    assert [[row[k] for k in keys] for row in found] == [
        # January: c1 direct; #1 and #2 pull requests: 2 of 3 reviewed (0.667). #1's merger
        # is its committer Bob, its only author: self-merged; #2 was committed by GitHub
        # and is no merge commit: no merger recorded. No trailers: no reviewers.
        ["2020-01-01", "rev", 3, 2, 1, 0.667, 2, 0, 0, 1, 1, 0, None, 0],
        # February: Fix a (Bob reviews; Alice's own Tested-by does not count), #3, Tune b
        # (Carol reviews) reviewed; Tidy a names only its author: direct; so is Backport,
        # on stable's own main line, which the stable merge brought. 3 of 5 = 0.6; the
        # stable merge itself is no change. #3's merger: GitHub committed the merge commit, so
        # its author Dan, not its author Carol. Bob 1 review, Carol 1: Gini 0. Bob never
        # added a line to a.py: 1 unknowing review; Carol wrote b.py's line 6 on 02-03.
        ["2020-02-01", "rev", 5, 3, 2, 0.6, 1, 2, 1, 0, 1, 2, 0.0, 1],
    ]


def test_share_per_workspace_and_window(scanned: dict[str, str], db_path: Path) -> None:
    # the other repository's one direct change joins the 8 changes of rev: 5 of 9 reviewed
    [row] = review(db_path, "--by", "workspace")
    assert (row["period"], row["scope"], row["changes"], row["reviewed"], row["direct"],
            row["reviewed-share"]) == (None, "workspace", 9, 5, 4, 0.556)  # fmt: skip
    # no techlead.toml gives the repositories a team: one row, "(no team)", the same
    [row] = review(db_path, "--by", "team")
    assert (row["scope"], row["changes"], row["reviewed"]) == ("(no team)", 9, 5)
    # --since/--until select by the landing's commit time: 02-01 to 02-05 (exclusive) holds
    # Fix a, Tidy a, #3 (02-04 12:00)
    [row] = review(db_path, "--since", "2020-02-01", "--until", "2020-02-05", "--repo", "rev")
    assert (row["changes"], row["reviewed"], row["direct"]) == (3, 2, 1)


def test_pull_requests(scanned: dict[str, str], db_path: Path) -> None:
    [row] = review(db_path, "--view", "pull-requests", "--repo", "rev")
    # lines: #1 3 + 2 = 5, #2 500, #3 1: median 5; 500 > 400: 1 large of 3 = 0.333.
    # Time to land (merge commits): #1 01-02 12:00 -> 01-05 00:00 = 60 h; #3 02-03 12:00 ->
    # 02-04 12:00 = 24 h; quartiles of [24, 60] interpolated: 24 + 0.25 * 36 = 33, 42, 51
    assert row == {"period": None, "scope": "rev", "pull-requests": 3, "lines-median": 5.0,
                   "large": 1, "large-share": 0.333, "timed": 2, "land-hours-q1": 33.0,
                   "land-hours-median": 42.0, "land-hours-q3": 51.0}  # fmt: skip
    [row] = review(db_path, "--view", "pull-requests", "--repo", "rev", "--large-lines", "4")
    assert (row["large"], row["large-share"]) == (2, 0.667)  # 5 and 500 lines exceed 4


def test_lists(scanned: dict[str, str], db_path: Path) -> None:
    direct = review(db_path, "--view", "direct", "--repo", "rev")
    # newest first: Backport (stable, 02-06: d.py 1 line), Tidy a (1 line changed: 2), c1
    # (10 lines added)
    assert [(r["sha"], r["author"], r["files"], r["lines"]) for r in direct] == [
        (scanned["s1"], ALICE[0], 1, 1),
        (scanned["tidy"], ALICE[0], 1, 2),
        (scanned["c1"], ALICE[0], 1, 10),
    ]
    own = review(db_path, "--view", "self-merged")
    assert [(r["sha"], r["number"], r["author"], r["lines"]) for r in own] == [
        (scanned["pr1"], 1, BOB[0], 5)
    ]
    people = review(db_path, "--view", "reviewers")
    # one review each, half the reviews each; Bob's was of a file he never wrote
    assert [(r["reviewer"], r["reviews"], r["share"], r["unknowing"]) for r in people] == [
        (BOB[0], 1, 0.5, 1),
        (CAROL[0], 1, 0.5, 0),
    ]
    blind = review(db_path, "--view", "unknowing")
    assert [(r["sha"], r["reviewer"], r["files"]) for r in blind] == [(scanned["fix"], BOB[0], 1)]


def test_gini() -> None:
    assert gini([]) is None
    assert gini([1, 1, 1]) == 0.0
    # [3, 1]: ordered pairs |3-1| twice = 4; 2 n² μ = 2 * 2 * 4 = 16 -> 0.25
    assert gini([3, 1]) == 0.25
    # [6, 1, 1]: |6-1| four times (ordered) = 20; 2 * 3 * 8 = 48 -> 0.417
    assert gini([6, 1, 1]) == 0.417


def test_unknown_view_is_a_usage_error(scanned: dict[str, str], db_path: Path) -> None:
    result = run_cli("review", "--db", str(db_path), "--view", "nope")
    assert result.exit_code == 2
    assert "nope" in result.output
    # no techlead.toml gave a team: a one-line error
    result = run_cli("review", "--db", str(db_path), "--team", "core")
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "--team 'core': no repository of that team (teams: none: [[repos]] team in techlead.toml)"
    )


def test_pull_requests_landed_on_a_merged_branch(make_repo: Any, db_path: Path) -> None:
    """A pull request merged into stable, stable merged into main: counted as landed, with
    the commits of its own branch."""
    repo = make_repo("fwd")
    repo.commit("Initial", files={"a.py": "1\n"}, date="2020-02-01T00:00:00+00:00")
    repo.git("checkout", "-q", "-b", "stable")
    repo.commit("Release", files={"v.txt": "1\n"}, date="2020-02-02T00:00:00+00:00")
    repo.git("checkout", "-q", "-b", "fix")
    repo.commit("Fix 1", author=CAROL, files={"b.py": lines(3)},
                date="2020-03-01T00:00:00+00:00")  # fmt: skip
    repo.commit("Fix 2", author=CAROL, files={"b.py": lines(5)},
                date="2020-03-02T00:00:00+00:00")  # fmt: skip
    repo.git("checkout", "-q", "stable")
    repo.merge("fix", "Merge pull request #9 from carol/fix", author=CAROL,
               date="2020-03-03T00:00:00+00:00")  # fmt: skip
    repo.git("checkout", "-q", "main")
    repo.merge("stable", "Merge branch 'stable'", date="2020-03-04T00:00:00+00:00")
    scan_json(str(repo.path), "--db", str(db_path))
    [row] = review(db_path)
    # Initial (main) and Release (stable) direct, #9 (stable) reviewed: 1 of 3; Carol
    # committed the merge of her own pull request: self-merged
    assert [row[k] for k in ("changes", "reviewed", "direct", "merges", "self-merged")] == [
        3, 1, 2, 1, 1]  # fmt: skip
    [row] = review(db_path, "--view", "pull-requests")
    # #9 brings Fix 1 (3 lines) and Fix 2 (2 more): 5 lines; 03-01 00:00 -> 03-03 00:00 = 48 h
    assert [row[k] for k in ("pull-requests", "lines-median", "timed", "land-hours-median")] == [
        1, 5.0, 1, 48.0]  # fmt: skip


def test_every_repository_s_window_at_once_is_each_one_s(
    scanned: dict[str, str], db_path: Path
) -> None:
    # windows() (the register's and the standards' query for all repositories) gives what
    # window() gives for each repository alone, on every window: both repositories, one,
    # or none with changes
    from datetime import UTC, datetime

    from techlead.analyses.review import EMPTY, window, windows
    from techlead.core.model import Options
    from techlead.warehouse.connection import open_warehouse

    con = open_warehouse(db_path, read_only=True)
    try:
        names = [n for (n,) in con.execute("SELECT name FROM repos ORDER BY name").fetchall()]
        assert len(names) == 2
        for when, days in [((2020, 3, 1), 90), ((2020, 2, 3), 5), ((2019, 1, 1), 30)]:
            moment = datetime(*when, tzinfo=UTC)
            every = windows(con, Options(), moment, days)
            alone = {n: window(con, Options(repos=(n,)), moment, days) for n in names}
            assert {n: every.get(n, EMPTY) for n in names} == alone, when
        assert windows(con, Options(), datetime(2020, 3, 1, tzinfo=UTC), 90)  # not vacuous
    finally:
        con.close()
