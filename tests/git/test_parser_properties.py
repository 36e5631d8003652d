"""The pure parsers of git's output, thrown arbitrary and almost-right bytes: they either
parse or raise the project's own one-line error, never anything else (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from techlead.core.errors import TechleadError
from techlead.git.identities import co_authors, is_bot, person_id
from techlead.git.log_parser import parse_log
from techlead.git.mainline import parse_mainline
from techlead.git.patch import sections

SETTINGS = settings(max_examples=200, deadline=1000)
SHA = st.text(alphabet="0123456789abcdef", min_size=40, max_size=40)
# Patches (git.patch): headers, hunks with their lines or not, cut anywhere.
PATCH = st.builds(
    lambda header, hunk, body, cut: (b"diff --git a/x b/x\n" + header + hunk + body)[:cut],
    st.sampled_from(
        [
            b"",
            b"new file mode 100644\n",
            b"deleted file mode 100644\n",
            b"Binary files a/x and b/x differ\n",
            b"rename from x\n",
        ]
    ),
    st.from_regex(rb"\A@@ -\d{1,3}(,\d{1,2})? \+\d{1,3}(,\d{1,2})? @@[^\n]{0,9}\n\Z"),
    st.sampled_from([b"", b"-a\n", b"+b\n", b"-a\n+b\n", b"-a\n\\ No newline\n+b\n"]),
    st.integers(0, 200),
)
# Tokens near what git writes: commit ids, raw diff lines, numstat lines, paths, dates.
TOKEN = st.one_of(
    SHA.map(str.encode),
    st.builds(lambda a, b: f":100644 100644 {a} {b} M".encode(), SHA, SHA),
    st.builds(lambda n: f"{n}\t{n}\tpath".encode(), st.integers(-5, 10**6)),
    st.from_regex(rb"\A-?\d{1,12} [+-]{1,2}\d{1,5}\Z"),
    st.binary(max_size=40),
    PATCH,
)  # fmt: skip


def _consume(parse: object, chunks: list[bytes]) -> None:
    try:
        for _ in parse(iter(chunks)):  # type: ignore[operator]
            pass
    except TechleadError as exc:
        assert "\n" not in str(exc)


@SETTINGS
@given(st.lists(st.binary(max_size=200), max_size=6))
def test_log_parser_on_any_bytes(chunks: list[bytes]) -> None:
    _consume(parse_log, chunks)


@SETTINGS
@given(st.lists(TOKEN, max_size=40), st.integers(1, 64))
def test_log_parser_on_almost_git_output(tokens: list[bytes], size: int) -> None:
    stream = b"\0".join(tokens) + b"\0"
    _consume(parse_log, [stream[i : i + size] for i in range(0, len(stream), size)])


HEADER = [b"1" * 40, b"", b"A", b"a@x", b"A", b"a@x", b"1 +0000",
          b"A", b"a@x", b"A", b"a@x", b"1 +0000", b"message"]  # fmt: skip
RAW = b"\n:100644 100644 " + b"2" * 40 + b" " + b"3" * 40 + b" M"


@SETTINGS
@given(st.lists(PATCH, min_size=1, max_size=3),
       st.integers(1, 64))  # fmt: skip
def test_log_parser_on_a_commit_with_almost_git_patches(patches: list[bytes], size: int) -> None:
    # a commit whose raw entries are followed by a patch, well formed or not
    stream = b"\0".join([*HEADER, RAW, b"x", b"", b"".join(patches)])
    _consume(parse_log, [stream[i : i + size] for i in range(0, len(stream), size)])


@SETTINGS
@given(st.binary(max_size=300))
def test_patch_sections_on_any_bytes(text: bytes) -> None:
    try:
        found = sections(b"diff --git a/x b/x\n" + text)
    except TechleadError as exc:
        assert "\n" not in str(exc)
    else:
        assert found is None or all(s.added_lines >= 0 <= s.deleted_lines for s in found)


@SETTINGS
@given(st.lists(TOKEN, max_size=40), st.integers(1, 64))
def test_mainline_parser_on_almost_git_output(tokens: list[bytes], size: int) -> None:
    stream = b"\0" + b"\0".join(tokens) + b"\0"
    _consume(parse_mainline, [stream[i : i + size] for i in range(0, len(stream), size)])


@SETTINGS
@given(st.text(max_size=300), st.text(max_size=60), st.text(max_size=60))
def test_identities_on_any_text(message: str, name: str, email: str) -> None:
    for found_name, found_email in co_authors(message):
        assert isinstance(found_name, str) and isinstance(found_email, str)
    assert isinstance(person_id(name, email), int)
    assert isinstance(is_bot(name, email, ("*[bot]*",)), bool)
