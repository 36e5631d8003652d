"""A merge whose first-parent diff is its second parent's own diff takes the hunks mining
read for that commit instead of asking git to diff it again (git.hunks
branch_commit_merges): a branch of one commit made on the main line's tip and merged as
it was. Every other merge is diffed by git; the walk's result is the same either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from techlead.git.hunks import branch_commit_merges, main_line
from techlead.git.patch import HunkCommit
from techlead.mining.line_ages import Mined, walk

from conftest import GitRepo, identity_env, query_db, scan_json

ALICE = ("Alice Smith", "alice@example.com")


def _lines(*names: str) -> str:
    return "".join(f"{name}\n" for name in names)


def _build(repo: GitRepo) -> dict[str, str]:
    """Main line c1, m1, c2, c3, m2, m3, m4 (day n of January 2020 at noon, in order):
    m1 merges s, one commit on c1 (the tip) -> the one merge to take s's hunks;
    m2 merges o, one commit made on c2 while c3 landed first -> its diff is not o's;
    m3 merges t1, t2, two commits on m2 -> two diffs, not one;
    m4 merges u, one commit on m3, with a line added in the merge -> its tree is not u's."""
    day = "2020-01-{:02d}T12:00:00+00:00".format
    shas = {"c1": repo.commit("c1", date=day(1), files={"a.py": _lines("a1", "a2", "a3")})}

    def branch(name: str, *commits: tuple[str, dict[str, str | bytes]]) -> None:
        repo.git("checkout", "-q", "-b", name)
        for message, files in commits:
            shas[message] = repo.commit(message, date=day(len(shas) + 1), files=files)
        repo.git("checkout", "-q", "main")

    branch("s", ("s", {"a.py": _lines("a1", "S", "a3"), "s.py": _lines("s1")}))
    shas["m1"] = repo.merge("s", "m1", date=day(len(shas) + 1))
    shas["c2"] = repo.commit("c2", date=day(len(shas) + 1), files={"c.py": _lines("c1")})
    branch("o", ("o", {"o.py": _lines("o1", "o2")}))
    shas["c3"] = repo.commit("c3", date=day(len(shas) + 1), files={"c.py": _lines("c1", "c2")})
    shas["m2"] = repo.merge("o", "m2", date=day(len(shas) + 1))
    branch("t", ("t1", {"t.py": _lines("t1")}), ("t2", {"t.py": _lines("t1", "t2")}))
    shas["m3"] = repo.merge("t", "m3", date=day(len(shas) + 1))
    branch("u", ("u", {"u.py": _lines("u1")}))
    repo.git("merge", "-q", "--no-ff", "--no-commit", "u")
    repo.write("u.py", _lines("u1", "resolved"))
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "m4", env=identity_env(ALICE, ALICE, day(len(shas) + 1)))
    shas["m4"] = repo.head()
    return shas


def test_only_a_tip_branch_of_one_commit_merged_as_it_was(make_repo: Any) -> None:
    repo: GitRepo = make_repo("app")
    shas = _build(repo)
    line = main_line(repo.path, "HEAD")
    assert line.second_parents == {
        shas["m1"]: shas["s"], shas["m2"]: shas["o"], shas["m3"]: shas["t2"],
        shas["m4"]: shas["u"],
    }  # fmt: skip
    assert branch_commit_merges(repo.path, line.second_parents) == {shas["m1"]: shas["s"]}
    # and git's diff of m1 against c1 is s's own
    (m1,), (s,) = repo.hunks([shas["m1"]]), repo.hunks([shas["s"]])
    assert m1.files == s.files


def _mined(repo: GitRepo, shas: dict[str, str], altered: dict[str, HunkCommit]) -> Mined:
    own = [sha for name, sha in shas.items() if not name.startswith("m")]
    mined = Mined(frozenset(own))
    mined.put([altered.get(c.sha, c) for c in repo.hunks(own)])
    mined.put(None)
    return mined


def test_the_walk_takes_the_merge_from_its_second_parent(make_repo: Any) -> None:
    repo: GitRepo = make_repo("app")
    shas = _build(repo)
    alone = walk(repo.path, "HEAD")
    handed = walk(repo.path, "HEAD", mined=_mined(repo, shas, {}))
    assert (handed[0].files, handed[1:]) == (alone[0].files, alone[1:])
    # m1's rows are s's hunks as handed over: s said to change nothing, m1 has no rows
    # (a merge git diffs keeps its rows whatever its second parent is said to be)
    empty = {shas["s"]: HunkCommit(shas["s"], []), shas["o"]: HunkCommit(shas["o"], [])}
    _, _, rows = walk(repo.path, "HEAD", mined=_mined(repo, shas, empty))
    by_commit = {row["sha"] for row in rows.table().to_pylist()}
    assert shas["m1"] not in by_commit
    assert shas["m2"] in by_commit


def test_a_second_parent_mined_by_an_earlier_scan_is_diffed(make_repo: Any, db_path: Path) -> None:
    # s is mined by the first scan (every ref); the merge m1 comes later, and the second
    # scan mines only m1: s's hunks are not handed over, so git diffs m1, with the rows
    # a walk of git's diffs alone finds
    repo: GitRepo = make_repo("app")
    repo.commit("c1", date="2020-01-01T12:00:00+00:00", files={"a.py": _lines("a1", "a2")})
    repo.git("checkout", "-q", "-b", "s")
    repo.commit("s", date="2020-01-02T12:00:00+00:00", files={"a.py": _lines("a1", "S")})
    repo.git("checkout", "-q", "main")
    scan_json(str(repo.path), "--db", str(db_path), "--all-refs")
    m1 = repo.merge("s", "m1", date="2020-01-03T12:00:00+00:00")
    assert branch_commit_merges(repo.path, main_line(repo.path, "HEAD").second_parents) == {
        m1: repo.git("rev-parse", "s")
    }
    mined = scan_json(str(repo.path), "--db", str(db_path), "--all-refs")["repos"][0]
    assert (mined["mode"], mined["commits_added"]) == ("incremental", 1)
    _, _, rows = walk(repo.path, "HEAD")
    stored = query_db(db_path, "SELECT sha, path, born, lines FROM line_work ORDER BY ALL")
    assert stored == sorted(tuple(row.values()) for row in rows.table().to_pylist())
    assert m1 in {sha for sha, *_ in stored}
