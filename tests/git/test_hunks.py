"""The main line's hunk parser (git/hunks.py) and the line ages it feeds
(mining/line_ages.py), on a hand-written ``git log -p --unified=0`` output:
tests/data/hunks/tricky.patch. Its hunk bodies hold lines that look like headers
(``--- ...``, ``@@ ...``, ``diff --git``, ``rename from``), which must be skipped."""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any

import pytest

from techlead.core.errors import GitError
from techlead.git.hunks import FileDiff, HunkCommit, parse_hunks
from techlead.mining.line_ages import LineAges, walk

PATCH = Path(__file__).resolve().parents[1] / "data" / "hunks" / "tricky.patch"
S1, S2, S3, S4 = ("1" * 40, "2" * 40, "3" * 40, "4" * 40)
WEIRD = 'we"ird\tname'  # C-quoted by git: "a/we\"ird\tname"


def _parsed(size: int) -> list[HunkCommit]:
    data = PATCH.read_bytes()
    return list(parse_hunks(data[i : i + size] for i in range(0, len(data), size)))


@pytest.mark.parametrize("size", [7, 64, 1 << 20])  # chunk boundaries anywhere
def test_parse_reads_headers_only(size: int) -> None:
    assert _parsed(size) == [
        # a new file of 4 lines; its body's look-alike headers are text
        HunkCommit(S1, [FileDiff(None, "src/a.py", [(0, 0, 1, 4)])]),
        HunkCommit(
            S2,
            [
                # "@@ -2 +2,2 @@": a count left out is 1; "@@ -4,0 +6 @@": insert after line 4
                FileDiff("src/a.py", "src/a.py", [(2, 1, 2, 2), (4, 0, 6, 1)]),
                FileDiff(None, WEIRD, [(0, 0, 1, 1)]),
                FileDiff(None, "logo.png", [], binary=True),
            ],
        ),
        HunkCommit(
            S3,
            [
                FileDiff("src/a.py", "lib/b.py", [(1, 1, 0, 0)]),  # a rename, its line 1 gone
                FileDiff("gone.txt", None, [(1, 2, 0, 0)]),
            ],
        ),
        HunkCommit(S4, []),  # a merge with nothing against its first parent
    ]


def test_line_ages_follow_the_hunks() -> None:
    ages = LineAges()
    rows = [ages.apply(commit) for commit in _parsed(1 << 20)]
    assert rows == [
        # position 1: 4 new lines
        [(S1, "src/a.py", None, 4)],
        # position 2: line 2 (born 1) replaced by 2 lines: 1 replaced, 1 new; then 1 line
        # inserted after old line 4: new; the quoted name's 1 new line; the binary file none
        [(S2, "src/a.py", 1, 1), (S2, "src/a.py", None, 2), (S2, WEIRD, None, 1)],
        # position 3: the renamed file loses its line 1 (born 1), kept under its new name;
        # gone.txt was never seen (as after a binary version): 2 lines of unknown age (0)
        [(S3, "lib/b.py", 1, 1), (S3, "gone.txt", 0, 2)],
        [],
    ]
    # after 2: [1, 2, 2, 1, 1, 2] (line 1, the 2 replacing lines, old 3 and 4, the
    # inserted line); after 3 line 1 is gone. logo.png has no ages (binary).
    assert ages.files == {"lib/b.py": array("i", [2, 2, 1, 1, 2]), WEIRD: array("i", [2])}
    assert (ages.position, ages.mismatches) == (4, 0)
    assert list(ages.runs()) == [
        ("lib/b.py", 1, 2, 2), ("lib/b.py", 3, 2, 1), ("lib/b.py", 5, 1, 2), (WEIRD, 1, 1, 2)
    ]  # fmt: skip
    again = LineAges.from_runs(ages.runs(), ages.position)
    assert (again.files, again.position) == (ages.files, 4)


def test_a_hunk_that_does_not_fit_is_followed() -> None:
    # The kept state says 2 lines; git replaces line 5: git is right, the lines between
    # are of unknown age (0) and one mismatch is counted.
    ages = LineAges({"f": array("i", [1, 1])}, position=1)
    rows = ages.apply(HunkCommit("c" * 40, [FileDiff("f", "f", [(5, 1, 5, 1)])]))
    assert rows == [("c" * 40, "f", 0, 1)]
    assert ages.files["f"] == array("i", [1, 1, 0, 0, 2])
    assert ages.mismatches == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"@@ -1 +1 @@\n", "a hunk outside any file"),
        (b"diff --git a/x b/x\n", "a file before any commit"),
        (b"\0" + b"a" * 40 + b" 1\n", "unexpected commit line"),
        (b"\0" + b"a" * 40 + b"\ndiff --git a/x b/x\n@@ -x +1 @@\n", "unexpected hunk"),
    ],
)
def test_malformed_output_is_an_error(data: bytes, message: str) -> None:
    with pytest.raises(GitError, match=message):
        list(parse_hunks([data]))


def test_hostile_names_through_git(make_repo: Any) -> None:
    # Names git writes as they are (spaces, " b/" inside, non-ASCII), C-quoted (a quote,
    # a backslash, a newline) or as raw bytes that are not UTF-8; one is renamed.
    repo = make_repo("names")
    names = ["a b/c d.txt", 'q"uo\\te.txt', "new\nline.txt", "été.txt"]
    files: dict[str | bytes, str | bytes] = {name: "1\n2\n" for name in names}
    files[b"caf\xe9.txt"] = "1\n2\n"
    repo.commit("c1", files=files, date="2020-01-01T00:00:00+00:00")
    (repo.path / "a b" / "moved b").mkdir()
    repo.git("mv", "--", "a b/c d.txt", "a b/moved b/x.txt")
    repo.commit("c2", files={name: "1\n3\n" for name in names[1:]},
                date="2020-01-02T00:00:00+00:00")  # fmt: skip
    ages, shas, rows = walk(repo.path, "HEAD")
    # every file: line 1 from c1 (position 1); line 2 from c2 except the renamed file's
    assert ages.files == {
        "a b/moved b/x.txt": array("i", [1, 1]),
        'q"uo\\te.txt': array("i", [1, 2]),
        "new\nline.txt": array("i", [1, 2]),
        "été.txt": array("i", [1, 2]),
        "caf\\xe9.txt": array("i", [1, 1]),  # not UTF-8: shown escaped (decode_path)
    }
    # c2: one replaced line (born 1) in each of the three changed files
    assert sorted(r[1:] for r in rows if r[0] == shas[1]) == [
        ("new\nline.txt", 1, 1), ('q"uo\\te.txt', 1, 1), ("été.txt", 1, 1)
    ]  # fmt: skip
