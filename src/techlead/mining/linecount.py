"""Count lines of code, comments and blanks in one file's content, like cloc or scc.

How lines are counted
---------------------

* **Lines** are physical lines separated by ``\\n``. A last line without a newline still
  counts; empty content has 0 lines. ``\\r\\n`` endings count once (the ``\\r`` is
  whitespace); a lone ``\\r`` does not end a line, and neither do form feeds or Unicode line
  separators.
* **Binary** content (a NUL byte in the first 8000 bytes, git's own test) is not counted:
  every number is 0. Other content is decoded as UTF-8, invalid bytes replaced and a
  leading byte-order mark dropped, so any encoding that is a superset of ASCII works.
  UTF-16 files contain NUL bytes and so are binary, as they are to git.
* A **blank** line contains only whitespace - even inside a block comment or a string.
* A **code** line has at least one non-whitespace character outside comments, even if it
  also has a comment (``x = 1  # note`` is code). String contents are code.
* A **comment** line is any other non-blank line: made only of comments, or inside a
  block comment that spans lines.
* So ``code + comment + blank == lines``.
* A file whose language is unknown counts every non-blank line as code.

What the scanner understands, per language (see ``data/languages.toml``):

* line comments (``//``, ``#``, ``--``): everything to the end of the line;
* block comments (``/* */``, ``<!-- -->``, ``{- -}``, ``--[[ ]]``), which may span lines and,
  where the language says so (Rust, Swift, Kotlin, Haskell, OCaml, ...), nest. At any
  point the marker that starts earliest wins, and of markers starting at the same place
  the longest, so Lua's ``--[[`` opens a block rather than a line comment;
* comments recognised only in column 1 (fixed-form Fortran's ``C``) and whole-line block
  comments that must start in column 1 (Ruby ``=begin``/``=end``, Perl POD up to ``=cut``,
  AsciiDoc ``////``); the opening and closing lines are comments too;
* single-line strings (``"..."``, ``'...'`` with backslash escapes): comment markers inside
  them are not comments, so ``s = "/*"`` opens no block comment. A quote that is not
  closed on its line is taken as an ordinary character (an apostrophe, a Rust lifetime,
  a Haskell prime) and scanning goes on;
* multi-line strings (Python ``\"\"\"``/``'''``, JavaScript template literals, Go raw
  strings, ``\"\"\"`` text blocks in Java, Kotlin, Swift, C#, ...): every line they touch is
  code, so a ``#`` line inside a docstring is code.

**Python docstrings are code.** Syntactically a docstring is a string literal; telling it
from any other triple-quoted string needs a parser, so only ``#`` starts a comment. tokei
counts the same way by default; cloc and scc count docstrings as comments. On 109 files of
CPython's standard library cloc reports 33,759 code and 8,232 comment lines, techlead
38,429 and 3,562 (blank lines agree). On 763 C headers from Linux they agree to within
one line in 143,516.

What it does not understand (each affects few lines in practice):

* strings that span lines without multi-line delimiters (a C string continued with a
  backslash, a shell string with an embedded newline, heredocs): their continuation lines
  are scanned like any other line, so one that starts with a comment marker counts as a
  comment;
* raw strings with custom delimiters (C++ ``R"x(...)x"``, Rust ``r#"..."#``), C#
  verbatim strings with ``""`` escapes, SQL dollar quoting, regular-expression literals;
* languages embedded in others (``<script>`` in HTML, SQL in strings, code after
  ``__END__`` in Ruby or Perl);
* contextual markers: a PHP 8 ``#[Attribute]`` line counts as a comment; F#'s ``(*)``
  operator opens a block comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

from techlead.mining.languages import Language

BINARY_SNIFF_BYTES = 8000  # git's FIRST_FEW_BYTES in xdiff-interface.c
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class LineCounts:
    """How many lines a file has, and how they split into code, comment and blank."""

    lines: int  # total physical lines
    code: int
    comment: int
    blank: int  # code + comment + blank == lines

    def __add__(self, other: LineCounts) -> LineCounts:
        return LineCounts(
            self.lines + other.lines,
            self.code + other.code,
            self.comment + other.comment,
            self.blank + other.blank,
        )


ZERO = LineCounts(0, 0, 0, 0)


def is_binary(content: bytes) -> bool:
    """git's heuristic: binary if a NUL byte occurs in the first 8000 bytes."""
    return content.find(b"\0", 0, BINARY_SNIFF_BYTES) != -1


# Design and print documents whose text header hides binary streams from git's rule; their
# "lines" are not code anyone reads or writes (a 2 MB Illustrator logo is 8,700 "lines").
BINARY_FORMATS = (".ai", ".eps", ".indd", ".pdf", ".psd", ".sketch", ".xcf")


def is_binary_format(path: str) -> bool:
    return path.lower().endswith(BINARY_FORMATS)


def count_lines(content: bytes, language: Language | None) -> LineCounts:
    """Lines, code, comment and blank lines of ``content`` (see the module docstring)."""
    if not content or is_binary(content):
        return ZERO
    if content.startswith(_BOM):
        content = content[3:]
    # Not the "utf-8-sig" codec: it is implemented in Python and costs more than the
    # whole count of a small file.
    text = content.decode("utf-8", "replace")
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    total = len(lines)

    if language is None:
        blank = total - len(list(filter(None, map(str.strip, lines))))
        return LineCounts(total, total - blank, 0, blank)

    plan = _plan(language)
    if not plan.needs_scan(text):
        # No construct can span lines or hide a marker: a line is a comment exactly when
        # it starts with a line-comment marker. Done with C-level iteration.
        stripped = list(filter(None, map(str.strip, lines)))
        blank = total - len(stripped)
        if plan.line_markers:
            comment = list(map(str.startswith, stripped, repeat(plan.line_markers))).count(True)
        else:
            comment = 0
        return LineCounts(total, total - blank - comment, comment, blank)
    return _scan_lines(lines, plan)


# ---------------------------------------------------------------------------------------
# The scanner

_LINE, _BLOCK, _MLSTRING, _QUOTE = range(4)

# Scanner state carried from one line to the next:
#   None                                  ordinary code
#   (_BLOCK, close, depth, open)          inside a block comment (depth > 1 when nested)
#   (_MLSTRING, close, 0, open)           inside a multi-line string
#   (_LINE, close, 0, open)               inside a column-1 block comment (=begin ... =end)
_State = tuple[int, str, int, str] | None


@dataclass(frozen=True, slots=True)
class _Plan:
    """A language's syntax, compiled for scanning."""

    line_markers: tuple[str, ...]
    line_start_markers: tuple[str, ...]
    line_start_blocks: dict[str, str]  # opener -> closer
    line_start_openers: tuple[str, ...]
    openers: tuple[str, ...]  # markers that can start a multi-line construct
    tokens: re.Pattern[str] | None  # any marker or quote, longest alternatives first
    roles: dict[str, tuple[int, str]]  # marker -> (role, closer)
    nested: bool
    nest_patterns: dict[str, re.Pattern[str]]  # opener -> pattern of (closer | opener)

    def needs_scan(self, text: str) -> bool:
        """Whether ``text`` needs the line-by-line scanner, rather than the bulk count."""
        if self.line_start_markers:
            return True
        for opener in self.openers:
            if opener in text:
                return True
        for opener in self.line_start_openers:
            if text.startswith(opener) or "\n" + opener in text:
                return True
        return False


# Plans by id(language), holding the language so that its id cannot be reused. Hashing a
# Language (eleven fields) on every call would cost more than counting a small file.
_PLANS: dict[int, tuple[Language, _Plan]] = {}


def _plan(language: Language) -> _Plan:
    cached = _PLANS.get(id(language))
    if cached is not None and cached[0] is language:
        return cached[1]
    if len(_PLANS) >= 1024:  # only ad-hoc Language objects can get here
        _PLANS.clear()
    plan = _compile(language)
    _PLANS[id(language)] = (language, plan)
    return plan


def _compile(language: Language) -> _Plan:
    roles: dict[str, tuple[int, str]] = {}
    for marker in language.line_comments:
        roles[marker] = (_LINE, "")
    for quote in language.string_quotes:
        roles[quote] = (_QUOTE, quote)
    for opener, closer in language.multiline_strings:
        roles[opener] = (_MLSTRING, closer)
    for opener, closer in language.block_comments:
        roles[opener] = (_BLOCK, closer)
    openers = tuple(o for o, _ in (*language.block_comments, *language.multiline_strings))
    tokens = None
    if openers:
        alternatives = sorted(roles, key=len, reverse=True)
        tokens = re.compile("|".join(re.escape(a) for a in alternatives))
    nest_patterns = {
        opener: re.compile(f"{re.escape(closer)}|{re.escape(opener)}")
        for opener, closer in language.block_comments
    }
    return _Plan(
        line_markers=language.line_comments,
        line_start_markers=language.line_start_comments,
        line_start_blocks=dict(language.line_start_block_comments),
        line_start_openers=tuple(o for o, _ in language.line_start_block_comments),
        openers=openers,
        tokens=tokens,
        roles=roles,
        nested=language.nested_comments,
        nest_patterns=nest_patterns,
    )


def _scan_lines(lines: Sequence[str], plan: _Plan) -> LineCounts:
    code = comment = blank = 0
    state: _State = None
    line_markers = plan.line_markers
    line_start_markers = plan.line_start_markers
    line_start_openers = plan.line_start_openers
    openers = plan.openers
    nested = plan.nested

    for line in lines:
        s = line.strip()
        if not s:
            blank += 1
            continue

        if state is None:
            if line_start_openers and line.startswith(line_start_openers):
                closer = _line_start_block(line, plan)
                if closer is not None:
                    comment += 1
                    state = (_LINE, closer, 0, "")
                    continue
            if line_start_markers and line.startswith(line_start_markers):
                comment += 1
                continue
            for opener in openers:
                if opener in s:
                    break
            else:  # fast path: nothing on this line can hide a marker or span lines
                if s.startswith(line_markers):
                    comment += 1
                else:
                    code += 1
                continue
        else:
            role, closer, _, opener = state
            if role == _LINE:
                comment += 1
                if line.startswith(closer):
                    state = None
                continue
            if closer not in s and not (nested and role == _BLOCK and opener in s):
                # fast path: the block comment or string goes on past this line
                if role == _BLOCK:
                    comment += 1
                else:
                    code += 1
                continue

        has_code, state = _scan(s, state, plan)
        if has_code:
            code += 1
        else:
            comment += 1

    return LineCounts(len(lines), code, comment, blank)


def _line_start_block(line: str, plan: _Plan) -> str | None:
    """The closer of the column-1 block comment ``line`` opens, or None if it opens none."""
    for opener, closer in plan.line_start_blocks.items():
        if line.startswith(opener):
            rest = line[len(opener) :]
            if not rest or rest[0].isspace():
                return closer
    return None


def _scan(s: str, state: _State, plan: _Plan) -> tuple[bool, _State]:
    """Scan one stripped, non-blank line: (has code outside comments, state after it).

    A line that is not code is a comment line: every non-whitespace character is either
    code or inside a comment.
    """
    pos = 0
    has_code = False
    if state is not None:
        role, closer, depth, opener = state
        if role == _BLOCK:
            end, depth = _block_end(s, 0, closer, opener, depth, plan)
            if end < 0:
                return False, (_BLOCK, closer, depth, opener)
        else:  # _MLSTRING
            has_code = True
            end = _unescaped_end(s, 0, closer)
            if end < 0:
                return True, state
        pos = end

    tokens = plan.tokens
    assert tokens is not None  # only languages with openers reach the scanner
    roles = plan.roles
    n = len(s)
    while pos < n:
        m = tokens.search(s, pos)
        if m is None:
            if not has_code and not s[pos:].isspace():
                has_code = True
            break
        start = m.start()
        if not has_code and start > pos and not s[pos:start].isspace():
            has_code = True
        token = m.group()
        role, closer = roles[token]
        if role == _LINE:
            break
        if role == _BLOCK:
            end, depth = _block_end(s, m.end(), closer, token, 1, plan)
            if end < 0:
                return has_code, (_BLOCK, closer, depth, token)
            pos = end
        elif role == _MLSTRING:
            has_code = True
            end = _unescaped_end(s, m.end(), closer)
            if end < 0:
                return True, (_MLSTRING, closer, 0, token)
            pos = end
        else:  # _QUOTE; an unclosed quote is an ordinary character
            has_code = True
            end = _unescaped_end(s, m.end(), closer)
            pos = m.end() if end < 0 else end
    return has_code, None


def _block_end(
    s: str, pos: int, closer: str, opener: str, depth: int, plan: _Plan
) -> tuple[int, int]:
    """Index just past the closer that ends a block comment, or (-1, remaining depth)."""
    if not plan.nested:
        end = s.find(closer, pos)
        return (-1, depth) if end < 0 else (end + len(closer), 0)
    search = plan.nest_patterns[opener].search
    while True:
        m = search(s, pos)
        if m is None:
            return -1, depth
        if m.group() == closer:
            depth -= 1
            if depth == 0:
                return m.end(), 0
        else:
            depth += 1
        pos = m.end()
    # (unreachable)


def _unescaped_end(s: str, pos: int, closer: str) -> int:
    """Index just past the first ``closer`` at or after ``pos`` not escaped by a backslash."""
    lo = pos
    while True:
        found = s.find(closer, pos)
        if found < 0:
            return -1
        k = found
        while k > lo and s[k - 1] == "\\":
            k -= 1
        if (found - k) % 2 == 0:
            return found + len(closer)
        pos = found + 1
