"""Line counting: exact counts on small hand-written snippets, one family at a time.

Every expectation is (lines, code, comment, blank) and is derived line by line in the
comment next to it.
"""

from __future__ import annotations

from techlead.mining.languages import Language, catalogue
from techlead.mining.linecount import LineCounts, count_lines, is_binary


def counts(source: str | bytes, language: str | None) -> tuple[int, int, int, int]:
    content = source.encode() if isinstance(source, str) else source
    lang = catalogue()[language] if language is not None else None
    result = count_lines(content, lang)
    assert result.code + result.comment + result.blank == result.lines
    return result.lines, result.code, result.comment, result.blank


# --------------------------------------------------------------------------------------
# Basics: line splitting, blanks, binary


def test_empty_content_has_no_lines() -> None:
    assert counts(b"", "Python") == (0, 0, 0, 0)
    assert counts(b"", None) == (0, 0, 0, 0)


def test_final_line_without_newline_counts() -> None:
    # "a = 1\n" is line 1 (code); "b = 2" has no newline but is still line 2 (code).
    assert counts("a = 1\nb = 2", "Python") == (2, 2, 0, 0)
    # With the newline the count is the same: a trailing "\n" ends a line, it does not
    # start a new one.
    assert counts("a = 1\nb = 2\n", "Python") == (2, 2, 0, 0)


def test_single_newline_is_one_blank_line() -> None:
    assert counts("\n", "C") == (1, 0, 0, 1)


def test_whitespace_only_lines_are_blank() -> None:
    # 1 "   " blank, 2 "\t" blank, 3 "x" code, 4 " \t \f" blank (form feed is whitespace,
    # and does not split lines).
    assert counts("   \n\t\nx\n \t \f\n", "C") == (4, 1, 0, 3)


def test_crlf_line_endings() -> None:
    # Same as "// c\nint x;\n\nint y; // d\n": 1 comment, 2 code, 3 blank ("\r" is
    # whitespace), 4 code. A lone "\r" (line 5 is "a\rb", no newline) does not split.
    source = "// c\r\nint x;\r\n\r\nint y; // d\r\na\rb"
    assert counts(source, "C") == (5, 3, 1, 1)


def test_crlf_inside_block_comment() -> None:
    # 1 "/*" comment, 2 "*/" comment, 3 "x;" code: "\r" never hides a closer.
    assert counts("/*\r\n*/\r\nx;\r\n", "C") == (3, 1, 2, 0)


def test_unknown_language_counts_every_non_blank_line_as_code() -> None:
    # 1 "# not known" code (no syntax known), 2 blank, 3 "// neither" code.
    assert counts("# not known\n\n// neither\n", None) == (3, 2, 0, 1)


def test_language_without_comment_syntax() -> None:
    # Text has no comments: 1 code, 2 blank, 3 code ("#" means nothing in Text).
    assert counts("hello\n\n# world\n", "Text") == (3, 2, 0, 1)


def test_binary_blob_counts_nothing() -> None:
    blob = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\n" * 10
    assert is_binary(blob)
    assert count_lines(blob, catalogue()["C"]) == LineCounts(0, 0, 0, 0)
    assert count_lines(blob, None) == LineCounts(0, 0, 0, 0)


def test_binary_heuristic_looks_at_first_8000_bytes_only() -> None:
    assert not is_binary(b"plain text\n")
    assert not is_binary(b"")
    assert is_binary(b"x" * 7999 + b"\0")  # NUL at offset 7999: inside the window
    assert not is_binary(b"x" * 8000 + b"\0")  # NUL at offset 8000: outside it
    # Not binary, so counted: line 1 "x...x" code, line 2 "\0" code (no newline).
    assert counts(b"x" * 8000 + b"\n\0", None) == (2, 2, 0, 0)


def test_invalid_utf8_and_bom_are_tolerated() -> None:
    # The BOM is dropped, so line 1 starts with "#": comment. Line 2 has an invalid byte
    # (replaced): code. Line 3 "# caf\xe9" (Latin-1) is still a comment.
    source = b"\xef\xbb\xbf# header\nx = b'\xff'\n# caf\xe9\n"
    assert counts(source, "Python") == (3, 1, 2, 0)


def test_line_counts_add_up() -> None:
    total = LineCounts(3, 1, 1, 1) + LineCounts(2, 2, 0, 0)
    assert total == LineCounts(5, 3, 1, 1)


# --------------------------------------------------------------------------------------
# C-like


C_SOURCE = """\
/* Licence header
 * spanning three lines
 */
#include <stdio.h>

int main(void) {  // entry point
    // a whole-line comment
    printf("/* not a comment */\\n");
    char c = '"'; /* a quote in a char literal
                     does not open a string */
    int x = 1; /* short */ int y = 2;
    /* one-liner */
    return 0; /*
    trailing block opened after code */
}
"""


def test_c_block_and_line_comments() -> None:
    # 1 "/* Licence header"            comment (opens a block)
    # 2 " * spanning three lines"      comment (inside the block)
    # 3 " */"                          comment (closes it)
    # 4 "#include <stdio.h>"           code ("#" is not a comment in C)
    # 5 ""                             blank
    # 6 "int main(void) {  // entry"   code (code before the comment)
    # 7 "// a whole-line comment"      comment
    # 8 'printf("/* not ... */\n");'   code, and the "/*" in the string opens nothing
    # 9 "char c = '\"'; /* a quote"    code ('"' is a char literal, so "/*" is real)
    # 10 "does not open a string */"   comment (inside the block, which closes here)
    # 11 "int x = 1; /* short */ ..."  code
    # 12 "/* one-liner */"             comment
    # 13 "return 0; /*"                code (opens a block after code)
    # 14 "trailing block ... */"       comment
    # 15 "}"                           code
    # code: 4, 6, 8, 9, 11, 13, 15 = 7; comment: 1, 2, 3, 7, 10, 12, 14 = 7; blank: 5 = 1
    assert counts(C_SOURCE, "C") == (15, 7, 7, 1)
    # Same syntax, same counts, for the other C-family entries.
    assert counts(C_SOURCE, "C++") == (15, 7, 7, 1)
    assert counts(C_SOURCE, "Java") == (15, 7, 7, 1)


def test_code_after_block_close_is_code() -> None:
    # 1 "/* a" comment, 2 "b */ x = 1;" code (code follows the closer), 3 "/* c */" comment
    assert counts("/* a\nb */ x = 1;\n/* c */\n", "C") == (3, 1, 2, 0)


def test_line_comment_hides_block_opener() -> None:
    # 1 "// see /* here" comment: the "/*" is inside a line comment, so it opens nothing;
    # 2 "x;" code.
    assert counts("// see /* here\nx;\n", "C") == (2, 1, 1, 0)


def test_string_with_line_comment_marker_does_not_hide_block_opener() -> None:
    # 1 's = "//"; /* open' code; the "//" is in a string, so the "/*" after it is real;
    # 2 "still comment */" comment.
    assert counts('s = "//"; /* open\nstill comment */\n', "C") == (2, 1, 1, 0)


def test_escaped_quote_inside_string() -> None:
    # 1 's = "a \\" /* b";' is code; the escaped quote does not end the string, so the
    # "/*" stays inside it; 2 "x;" code (no block was opened).
    assert counts('s = "a \\" /* b";\nx;\n', "C") == (2, 2, 0, 0)


def test_unclosed_quote_is_an_ordinary_character() -> None:
    # Rust: 1 "struct S<'a> { /* a lifetime, then a comment" code - only '"' is a string
    # quote in Rust; 2 "*/ }" code (closer, then code); 3 "// end" comment.
    source = "struct S<'a> { /* a lifetime, then a comment\n*/ }\n// end\n"
    assert counts(source, "Rust") == (3, 2, 1, 0)
    # C: the apostrophe in 1 "x = 'a; /* note" never closes, so scanning goes on and the
    # "/*" opens a block: code; 2 "*/" comment.
    assert counts("x = 'a; /* note\n*/\n", "C") == (2, 1, 1, 0)
    # But a later apostrophe does close it: in "x = 'a; /* it's" the string is
    # "'a; /* it'", which swallows the "/*"; so 1 code, 2 "*/" code too (no block).
    assert counts("x = 'a; /* it's\n*/\n", "C") == (2, 2, 0, 0)


def test_nested_block_comments() -> None:
    # Rust nests: 1 "/* outer" comment (depth 1), 2 "/* inner */" comment (depth 2 -> 1),
    # 3 "still outer */" comment (depth 0), 4 "fn f() {}" code.
    source = "/* outer\n/* inner */\nstill outer */\nfn f() {}\n"
    assert counts(source, "Rust") == (4, 1, 3, 0)
    # C does not nest: line 2's "*/" closes the comment, so line 3 is code.
    assert counts(source, "C") == (4, 2, 2, 0)


def test_template_literal_spans_lines() -> None:
    # JavaScript: 1 "const s = `" code (opens a template literal), 2 "// inside" code
    # (string content), 3 "`;" code (closes it), 4 "// real" comment.
    assert counts("const s = `\n// inside\n`;\n// real\n", "JavaScript") == (4, 3, 1, 0)


# --------------------------------------------------------------------------------------
# Python


PY_SOURCE = '''\
#!/usr/bin/env python3
"""Module docstring.

# not a comment: inside the docstring
"""
import os  # trailing comment

# a comment
s = "# not a comment"
t = '# nor this'
u = "it's"  # apostrophe inside a string
    # indented comment
def f():
    """One-line docstring."""
    return 1
'''


def test_python_comments_and_strings() -> None:
    # 1 "#!/usr/bin/env python3"           comment
    # 2 '"""Module docstring.'             code (docstrings are strings, hence code)
    # 3 ""                                 blank (blank even inside a string)
    # 4 "# not a comment: inside..."       code (inside the docstring)
    # 5 '"""'                              code (closes it)
    # 6 "import os  # trailing comment"    code
    # 7 ""                                 blank
    # 8 "# a comment"                      comment
    # 9 's = "# not a comment"'            code
    # 10 "t = '# nor this'"                code
    # 11 "u = \"it's\"  # apostrophe..."   code
    # 12 "    # indented comment"          comment
    # 13 "def f():"                        code
    # 14 '"""One-line docstring."""'       code
    # 15 "return 1"                        code
    # code: 2, 4, 5, 6, 9, 10, 11, 13, 14, 15 = 10; comment: 1, 8, 12 = 3; blank: 3, 7 = 2
    assert counts(PY_SOURCE, "Python") == (15, 10, 3, 2)


def test_python_without_triple_quotes() -> None:
    # The bulk path (no multi-line constructs in the file): 1 "# c" comment, 2 "x = '#'"
    # code, 3 blank, 4 "  # d" comment, 5 "y" code.
    assert counts("# c\nx = '#'\n\n  # d\ny\n", "Python") == (5, 2, 2, 1)


def test_python_triple_quote_inside_string_and_comment() -> None:
    # 1 "x = '\"\"\"'" code; the triple quote is inside a '...' string, so nothing opens;
    # 2 "# c" comment (proves no string was left open);
    # 3 "# '''" comment (a triple quote inside a comment opens nothing); 4 "# d" comment.
    assert counts("x = '\"\"\"'\n# c\n# '''\n# d\n", "Python") == (4, 1, 3, 0)


# --------------------------------------------------------------------------------------
# Markup


def test_html_comments() -> None:
    # 1 "<!DOCTYPE html>" code
    # 2 "<!-- a comment -->" comment
    # 3 "<p>Hi</p> <!-- note -->" code
    # 4 "<!--" comment (opens), 5 "  spanning" comment, 6 "-->" comment (closes)
    # 7 "" blank
    # 8 "<p>it's</p>" code (an apostrophe is not a string quote in HTML)
    source = (
        "<!DOCTYPE html>\n<!-- a comment -->\n<p>Hi</p> <!-- note -->\n"
        "<!--\n  spanning\n-->\n\n<p>it's</p>\n"
    )
    assert counts(source, "HTML") == (8, 3, 4, 1)
    assert counts(source, "XML") == (8, 3, 4, 1)


def test_markdown_comment() -> None:
    # 1 "# Title" code (a heading, not a comment), 2 "<!-- hidden -->" comment,
    # 3 "text" code.
    assert counts("# Title\n<!-- hidden -->\ntext\n", "Markdown") == (3, 2, 1, 0)


# --------------------------------------------------------------------------------------
# Lua and Haskell: block openers that start with the line-comment marker


def test_lua_block_comment_beats_line_comment() -> None:
    # 1 "-- line" comment
    # 2 "--[[ block" comment: "--[[" is longer than "--" at the same place, so a block opens
    # 3 "still -- block" comment
    # 4 "]] x = 1" code (block closes, then code)
    # 5 "--[==[ level 2 ]] still ]==]" comment: "]]" does not close a level-2 block
    # 6 "s = [[ a long" code (a long string opens), 7 "-- string ]]" code (inside it)
    assert counts(
        "-- line\n--[[ block\nstill -- block\n]] x = 1\n--[==[ level 2 ]] still ]==]\n"
        "s = [[ a long\n-- string ]]\n",
        "Lua",
    ) == (7, 3, 4, 0)


def test_haskell_nested_block_comments() -> None:
    # 1 "{-# LANGUAGE GADTs #-}" comment (a pragma is a block comment)
    # 2 "-- line" comment
    # 3 "{- outer {- inner -}" comment (depth 2 -> 1)
    # 4 "still outer -}" comment (depth 0)
    # 5 "main = putStrLn \"{- not a comment\"" code
    # 6 "f x' = x' -- primes are not quotes" code
    source = (
        "{-# LANGUAGE GADTs #-}\n-- line\n{- outer {- inner -}\nstill outer -}\n"
        'main = putStrLn "{- not a comment"\n'
        "f x' = x' -- primes are not quotes\n"
    )
    assert counts(source, "Haskell") == (6, 2, 4, 0)


# --------------------------------------------------------------------------------------
# Column-1 block comments


def test_ruby_begin_end() -> None:
    # 1 "# c" comment
    # 2 "=begin" comment (opens, column 1)
    # 3 "puts 1" comment (inside)
    # 4 "" blank (blank even inside a comment)
    # 5 "=end" comment (closes)
    # 6 "puts 2" code
    # 7 "  =begin" code: not at column 1, so no comment (a syntax error in Ruby)
    # 8 "=beginning" code: "=begin" must be followed by whitespace or the end of line
    source = "# c\n=begin\nputs 1\n\n=end\nputs 2\n  =begin\n=beginning\n"
    assert counts(source, "Ruby") == (8, 3, 4, 1)


def test_perl_pod() -> None:
    # 1 "my $x = 1;" code, 2 "=head1 NAME" comment (POD opens), 3 "text" comment,
    # 4 "=cut" comment (POD closes), 5 "print $x; # c" code
    assert counts("my $x = 1;\n=head1 NAME\ntext\n=cut\nprint $x; # c\n", "Perl") == (5, 2, 3, 0)


def test_fortran_fixed_form_column_one_comment() -> None:
    # 1 "C     comment" comment (C in column 1), 2 "      CALL FOO" code,
    # 3 "*     also comment" comment, 4 "      X = 1 ! trailing" code,
    # 5 "      ! bang comment" comment
    source = (
        "C     comment\n      CALL FOO\n*     also comment\n"
        "      X = 1 ! trailing\n      ! bang comment\n"
    )
    assert counts(source, "Fortran") == (5, 2, 3, 0)
    # Free form has no column-1 rule: 1 "contains" code, 2 "! c" comment.
    assert counts("contains\n! c\n", "Fortran Free Form") == (2, 1, 1, 0)


# --------------------------------------------------------------------------------------
# SQL, shell


def test_sql_comments() -> None:
    # 1 "-- header" comment
    # 2 "SELECT '--not', 1 /* a" code (the "--" is in a string; "/*" opens a block)
    # 3 "b */ FROM t; -- done" code (closer, then code)
    # 4 "/* x */ -- y" comment (only comments)
    # 5 "" blank
    source = "-- header\nSELECT '--not', 1 /* a\nb */ FROM t; -- done\n/* x */ -- y\n\n"
    assert counts(source, "SQL") == (5, 2, 2, 1)


def test_shell_with_shebang() -> None:
    # 1 "#!/bin/bash" comment, 2 "set -e" code, 3 "" blank, 4 "# comment" comment,
    # 5 'echo "# not" $#' code, 6 "  # indented" comment
    source = '#!/bin/bash\nset -e\n\n# comment\necho "# not" $#\n  # indented\n'
    assert counts(source, "Shell") == (6, 2, 3, 1)


# --------------------------------------------------------------------------------------
# Ad-hoc languages (speed: benchmarks/bench_linecount.py, not timed here)


def test_ad_hoc_language_object() -> None:
    # A Language built by hand needs only the four required fields.
    lang = Language("Semi", "programming", (";",), ())
    # 1 "; c" comment, 2 "x ; c" code, 3 blank
    assert count_lines(b"; c\nx ; c\n\n", lang) == LineCounts(3, 1, 1, 1)
