"""The log parser on literal git output (as produced by log_format.log_argv)."""

from __future__ import annotations

import pytest

from techlead.core.errors import LogParseError
from techlead.git.log_parser import parse_log, tokens

A = "a" * 40
B = "b" * 40
C = "c" * 40
BLOB1 = "1" * 40
BLOB2 = "2" * 40
ZERO = "0" * 40


def header(sha: str, parents: str = "", message: str = "subject\n") -> bytes:
    fields = [
        sha,
        parents,
        "Alice",
        "alice@example.com",
        "alice",
        "ALICE@example.com",
        "1577880000 +0130",
        "Bob",
        "bob@example.com",
        "Bob",
        "bob@example.com",
        "1577883600 -0800",
        message,
    ]
    return "\0".join(fields).encode() + b"\0"


# Commit A: adds f.txt (3 lines) and a binary; commit B renames f.txt to "dir/g h.txt"
# with one line added; commit C is a merge (no diff). Mirrors git's real -z output.
STREAM = (
    header(A)
    + f"\n:000000 100644 {ZERO} {BLOB1} A\0f.txt\0".encode()
    + f":000000 100644 {ZERO} {BLOB2} A\0img.png\0".encode()
    + b"3\t0\tf.txt\0-\t-\timg.png\0"
    + b"\0"
    + header(B, A, "rename\n\nbody\nCo-authored-by: Carol <carol@example.com>\n")
    + f"\n:100644 100644 {BLOB1} {BLOB2} R087\0f.txt\0dir/g h.txt\0".encode()
    + b"1\t0\t\0f.txt\0dir/g h.txt\0"
    + b"\0"
    + header(C, f"{B} {A}", "Merge branch 'x'\n")
    + b"\0"
)


def test_parses_commits_changes_renames_binaries_and_merges() -> None:
    commits = list(parse_log([STREAM]))
    assert [c.sha for c in commits] == [A, B, C]
    first, second, merge = commits
    assert first.parents == ()
    assert first.author == ("Alice", "alice@example.com", "alice", "ALICE@example.com")
    assert first.author_time == 1577880000 and first.author_offset == 90
    assert first.commit_time == 1577883600 and first.commit_offset == -480
    assert [(c.change_type, c.path, c.added, c.deleted, c.is_binary) for c in first.changes] == [
        ("A", "f.txt", 3, 0, False),
        ("A", "img.png", None, None, True),
    ]
    assert first.changes[0].old_blob is None and first.changes[0].new_blob == BLOB1
    (rename,) = second.changes
    assert (rename.change_type, rename.old_path, rename.path, rename.similarity) == (
        "R",
        "f.txt",
        "dir/g h.txt",
        87,
    )
    assert (rename.added, rename.deleted) == (1, 0)
    assert "Co-authored-by" in second.message
    assert merge.parents == (B, A) and merge.changes == ()


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 4096])
def test_any_chunking_gives_the_same_result(size: int) -> None:
    chunks = [STREAM[i : i + size] for i in range(0, len(STREAM), size)]
    assert list(parse_log(chunks)) == list(parse_log([STREAM]))


def test_last_commit_without_trailing_separator_and_empty_message() -> None:
    stream = header(A, "", "") + f"\n:000000 100644 {ZERO} {BLOB1} A\0x\0".encode() + b"1\t0\tx\0"
    (commit,) = parse_log([stream])
    assert commit.message == ""
    assert [c.path for c in commit.changes] == ["x"]


def test_paths_with_newlines_tabs_quotes_and_invalid_utf8() -> None:
    odd = b'we\tird\n"name.txt'
    latin = b"caf\xe9.txt"
    stream = (
        header(A)
        + f"\n:000000 100644 {ZERO} {BLOB1} A\0".encode()
        + odd
        + f"\0:000000 100644 {ZERO} {BLOB2} A\0".encode()
        + latin
        + b"\0"
        + b"1\t0\t"
        + odd
        + b"\0"
        + b"2\t0\t"
        + latin
        + b"\0"
    )
    (commit,) = parse_log([stream])
    assert [c.path for c in commit.changes] == ['we\tird\n"name.txt', "caf\\xe9.txt"]


def test_type_change_and_copy() -> None:
    stream = (
        header(A)
        + f"\n:100644 120000 {BLOB1} {BLOB2} T\0link\0".encode()
        + f":100644 100644 {BLOB1} {BLOB1} C100\0src.c\0copy.c\0".encode()
        + b"1\t1\tlink\0"
        + b"0\t0\t\0src.c\0copy.c\0"
    )
    (commit,) = parse_log([stream])
    assert [(c.change_type, c.old_path, c.path, c.new_mode) for c in commit.changes] == [
        ("T", None, "link", "120000"),
        ("C", "src.c", "copy.c", "100644"),
    ]


def test_raw_only_output_has_unknown_line_counts() -> None:
    stream = header(A) + f"\n:000000 100644 {ZERO} {BLOB1} A\0f\0".encode()
    (commit,) = parse_log([stream])
    assert (commit.changes[0].added, commit.changes[0].deleted) == (None, None)


@pytest.mark.parametrize(
    "stream, message",
    [
        (b"not-a-sha\0" * 13, "expected a commit id"),
        (header(A)[:-40], "ended inside the commit"),
        (header(A) + f"\n:000000 100644 {ZERO} {BLOB1} Z\0f\0".encode(), "unknown change type"),
        (
            header(A) + f"\n:000000 100644 {ZERO} {BLOB1} A\0f\0".encode() + b"1\t0\tg\0",
            "numstat path",
        ),
    ],
)
def test_malformed_output_is_a_clear_error(stream: bytes, message: str) -> None:
    with pytest.raises(LogParseError, match=message):
        list(parse_log([stream]))


def test_tokens_split_on_nul_across_chunks() -> None:
    assert list(tokens([b"ab\0c", b"d\0", b"\0e"])) == [b"ab", b"cd", b"", b"e"]
