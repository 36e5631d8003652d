"""--format markdown (render/markdown.py) on untrusted text, through `techlead adr list`.

The renderer promises that every character markdown reads as syntax is backslash-escaped
(``|`` ``\\`` ``<`` ``&`` ``*`` ``_`` `````` ``[`` ``]``; ``>`` is syntax only at a line's
start and stays as written) and that line breaks become spaces, so a cell can neither end
its row or the table nor inject markup, emphasis, code or links. (`techlead sql` has no
markdown format; `adr list` renders a Result of ADR
titles and file names, text written by anyone with commit access.)
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

TITLE = (
    r"Use a|b and a\|b, C:\temp\new, <b>bold</b>, &lt;i&gt; & "
    r"*stars* _under_ `code` [link](javascript:x)"
)


def adr_file(folder: Path, name: str, title: str, status: str, date: str) -> None:
    text = f"# {title}\n\nDate: {date}\n\n## Status\n\n{status}\n\n## Context\n\nx\n"
    (folder / name).write_text(text, encoding="utf-8")


def test_markdown_table_escapes_untrusted_cells(tmp_path: Path) -> None:
    folder = tmp_path / "doc" / "adr"
    folder.mkdir(parents=True)
    adr_file(folder, "0001-use-pipes.md", f"1. {TITLE}", "Accepted", "2020-01-05")
    # File names may hold line breaks (\n, \r\n) and pipes on Linux.
    adr_file(folder, "0002-line\nbreak.md", "2. Second", "Accepted", "2020-01-06")
    adr_file(
        folder, "0003-cr\r\nlf.md", "3. Third", "Superseded by [4. Fourth](0004-a|b.md)",
        "2020-01-07",
    )  # fmt: skip
    adr_file(folder, "0004-a|b.md", "4. Fourth", "Accepted", "2020-01-08")
    result = run_cli("adr", "list", "--root", str(tmp_path), "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines(keepends=True) == [
        "| number | title | status | date | superseded-by | file |\n",
        "|---|---|---|---|---|---|\n",
        # | -> \|, \ -> \\ (so a\|b is a\\\|b), < -> \<, & -> \&, > unchanged;
        # *, _, ` and [ ] escaped too.
        r"| 1 | Use a\|b and a\\\|b, C:\\temp\\new, \<b>bold\</b>, \&lt;i\&gt; "
        r"\& \*stars\* \_under\_ \`code\` \[link\](javascript:x) | accepted | 2020-01-05 |  | "
        "0001-use-pipes.md |\n",
        # \n -> one space
        "| 2 | Second | accepted | 2020-01-06 |  | 0002-line break.md |\n",
        # \r\n -> two spaces; the pipe of the link target is escaped too
        r"| 3 | Third | superseded | 2020-01-07 | 0004-a\|b.md | 0003-cr  lf.md |" "\n",
        r"| 4 | Fourth | accepted | 2020-01-08 |  | 0004-a\|b.md |" "\n",
    ]  # fmt: skip
