"""Mining's patches (git/patch.py, log_format.PATCH_FLAGS): the line counts read from
``-p --unified=0`` hunk headers, and the hunks mining hands to the line ages, which must
be those of the line ages' own ``git log -p`` (git/hunks.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from techlead.core.errors import LogParseError
from techlead.git.hunks import hunks_argv, parse_hunks
from techlead.git.log_format import log_argv
from techlead.git.log_parser import Commit, parse_log
from techlead.git.patch import FileDiff, Section, sections

from conftest import ALICE, identity_env

# A commit's patch as git prints it (hand-written): a typechange (two sections), a
# binary file, a last line without newline, a mode change only, a pure rename, and
# changed lines that look like headers (counted, never read).
TEXT = b"""diff --git a/f b/f
deleted file mode 100644
index de98044..0000000
--- a/f
+++ /dev/null
@@ -1,3 +0,0 @@
-diff --git a/x b/x
-@@ -1 +1 @@
-Binary files a/x and b/x differ
diff --git a/f b/f
new file mode 120000
index 0000000..7937c68
--- /dev/null
+++ b/f
@@ -0,0 +1 @@
+g
\\ No newline at end of file
diff --git a/g b/g
index c1b0730..5aad937 100644
--- a/g
+++ b/g
@@ -1 +1 @@
-x
\\ No newline at end of file
+xy
@@ -4,0 +5,2 @@ def f():
+--- a/g
++++ b/g
diff --git a/h.bin b/h.bin
index 87ae6b6..22f6b3b 100644
Binary files a/h.bin and b/h.bin differ
diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
diff --git a/old name b/new name
similarity index 100%
rename from old name
rename to new name
"""


def test_sections_count_by_hunk_headers() -> None:
    # (added, deleted) as --numstat counts: the removed and added lines of the hunks
    assert sections(TEXT) == [
        Section([(1, 3, 0, 0)], deleted=True, added_lines=0, deleted_lines=3),
        Section([(0, 0, 1, 1)], created=True, added_lines=1, deleted_lines=0),
        Section([(1, 1, 1, 1), (4, 0, 5, 2)], added_lines=3, deleted_lines=1),
        Section([], binary=True),
        Section([]),
        Section([]),
    ]


@pytest.mark.parametrize("cut", [len(TEXT) - 1, TEXT.index(b"+xy") + 2, TEXT.index(b"+g") + 1])
def test_a_patch_cut_inside_a_line_is_incomplete(cut: int) -> None:
    # what a NUL byte in a changed line does to git's -z tokens: the caller joins the next
    assert sections(TEXT[:cut]) is None


def test_a_hunk_missing_its_lines_is_incomplete() -> None:
    assert sections(b"diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1,3 +1 @@\n-x\n") is None


@pytest.mark.parametrize(
    "text",
    [
        b"@@ -1 +1 @@\n-x\n+y\n",  # a hunk before any file
        b"diff --git a/a b/a\nsomething else\n",  # a header line git does not write
        b"diff --git a/a b/a\n@@ -x +1 @@\n",  # a broken hunk header
        b"diff --git a/a b/a\n@@ --1 +1 @@\n",
        # a hunk with more lines than its header counts, followed by another file
        b"diff --git a/a b/a\n@@ -1 +1 @@\n-x\n+y\n+z\ndiff --git a/b b/b\n",
    ],
)
def test_unexpected_patches_are_parse_errors(text: bytes) -> None:
    with pytest.raises(LogParseError):
        sections(text)


def _history(make_repo: Any) -> Any:
    repo = make_repo("patches")
    text_with_nul = "a\n" * 5000 + "x\0y\n"  # a NUL after git's 8,000-byte binary check
    repo.commit("c1", files={"f.txt": "1\n2\n3\n", "t.txt": text_with_nul,
                             "logo.png": b"\x89PNG\0\1", "end.txt": "no newline",
                             "old.py": "".join(f"line {i}\n" for i in range(30)),
                             # names git C-quotes in a patch's headers, or not UTF-8
                             'we"ird\tname': "1\n", "new\nline.txt": "1\n",
                             b"caf\xe9.txt": "1\n"})  # fmt: skip
    repo.write("t.txt", text_with_nul.replace("x\0y", "x\0z\0") + "more\0\n")
    repo.write("end.txt", "no newline, still")
    for name in ('we"ird\tname', "new\nline.txt", b"caf\xe9.txt"):
        repo.write(name, "1\n2\n")
    repo.write("logo.png", b"\x89PNG\0\2")
    repo.git("mv", "old.py", "new.py")
    repo.write("new.py", "".join(f"line {i}\n" for i in range(30)).replace("line 7", "L7"))
    repo.commit("c2")
    (repo.path / "f.txt").unlink()
    os.symlink("t.txt", repo.path / "f.txt")  # a typechange
    (repo.path / "end.txt").chmod(0o755)  # a mode change only
    repo.commit("c3")
    # a submodule's commit (a gitlink): counted, left out of the line ages
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{repo.head()},sub")
    repo.git("commit", "-q", "-m", "c4", env=identity_env(ALICE, ALICE, "2020-01-04T12:00:00Z"))
    repo.git("checkout", "-q", "-b", "side", "HEAD~2")
    repo.commit("s1", files={"side.txt": "s\n"})
    repo.git("checkout", "-q", "main")
    repo.merge("side", "merge side", date="2020-02-01T00:00:00+00:00")
    return repo


def _mined(path: Path, argv: list[str]) -> dict[str, Commit]:
    shas = subprocess.run(["git", "-C", str(path), "rev-list", "--all"], capture_output=True,
                          check=True).stdout  # fmt: skip
    out = subprocess.run(["git", "-C", str(path), *argv], input=shas, capture_output=True,
                         check=True).stdout  # fmt: skip
    return {c.sha: c for c in parse_log([out])}


def test_counts_are_what_numstat_counts_without_context(make_repo: Any) -> None:
    repo = _history(make_repo)
    patched = _mined(repo.path, log_argv())
    # --numstat with the same diff: no context lines (with context, git diffs the whole
    # files instead of leaving their common ends out, which can place a change elsewhere)
    counted = _mined(repo.path, ["-c", "diff.context=0", *log_argv(patch=False)])
    assert len(patched) == 6
    for sha, commit in patched.items():
        assert commit._replace(diffs=()) == counted[sha]
    changes = {c.path: c for c in patched[repo.git("rev-parse", "main~3")].changes}  # c2
    # t.txt: the changed line holds NULs (git cut the patch into tokens): 2 lines for 1
    assert (changes["t.txt"].added, changes["t.txt"].deleted) == (2, 1)
    assert changes["logo.png"].is_binary and changes["logo.png"].added is None
    # the typechange, two sections: 3 lines deleted, the link's 1 line added
    assert [(c.change_type, c.added, c.deleted) for c in patched[repo.git(
        "rev-parse", "main~2")].changes if c.path == "f.txt"] == [("T", 1, 3)]  # fmt: skip
    c4 = patched[repo.git("rev-parse", "main~1")].changes
    assert [(c.path, c.added, c.deleted) for c in c4] == [("sub", 1, 0)]


def test_mined_hunks_are_those_of_the_line_ages_git_log(make_repo: Any) -> None:
    repo = _history(make_repo)
    patched = _mined(repo.path, log_argv())
    walked = {c.sha: c.files for c in parse_hunks([_walk_output(repo.path, list(patched))])}
    for sha, commit in patched.items():
        if len(commit.parents) < 2:  # merges: mining reads no diff
            assert list(commit.diffs) == walked[sha], sha
    c3 = patched[repo.git("rev-parse", "main~2")]
    assert list(c3.diffs) == [FileDiff("end.txt", "end.txt", []),  # its mode only
                              FileDiff("f.txt", None, [(1, 3, 0, 0)]),  # the typechange
                              FileDiff(None, "f.txt", [(0, 0, 1, 1)])]  # fmt: skip
    assert patched[repo.git("rev-parse", "main~1")].diffs == ()  # the gitlink, left out


def _walk_output(path: Path, shas: list[str]) -> bytes:
    stdin = "".join(f"{sha}\n" for sha in shas).encode()
    return subprocess.run(["git", "-C", str(path), *hunks_argv()], input=stdin,
                          capture_output=True, check=True).stdout  # fmt: skip


def test_a_patch_cut_by_many_nuls_is_read_whole() -> None:
    # git -z cuts the patch token at every NUL of a changed line (a text file with NULs
    # after git's 8,000-byte check): 2,000 pieces, joined once
    header = [b"1" * 40, b"", b"A", b"a@x", b"A", b"a@x", b"1 +0000",
              b"A", b"a@x", b"A", b"a@x", b"1 +0000", b"message"]  # fmt: skip
    raw = b"\n:100644 100644 " + b"2" * 40 + b" " + b"3" * 40 + b" M"
    body = b"".join(b"-old\0%d\n" % i for i in range(1000))
    body += b"".join(b"+new\0%d\n" % i for i in range(1000))
    patch = b"diff --git a/d b/d\n--- a/d\n+++ b/d\n@@ -1,1000 +1,1000 @@\n" + body
    stream = b"\0".join([*header, raw, b"d", b"", patch, b"9" * 40, *header[1:]])
    first, second = parse_log([stream[i : i + 4096] for i in range(0, len(stream), 4096)])
    assert [(c.added, c.deleted) for c in first.changes] == [(1000, 1000)]
    assert first.diffs == (FileDiff("d", "d", [(1, 1000, 1, 1000)]),)
    assert second.sha == "9" * 40 and second.changes == ()
