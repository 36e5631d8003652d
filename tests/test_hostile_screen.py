"""Repository text that reaches a screen stays inert (issue 20, part D): terminal tables,
briefings and scan summaries show control characters instead of obeying them, markdown
and plotly labels carry no live markup, and CSV cells a spreadsheet would run as formulas
are neutralised (unless --csv-raw)."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from techlead.communicate.charts import bars, inert, network, treemap
from techlead.core.errors import TechleadError
from techlead.render.csv import FORMULA_STARTS, neutral
from techlead.render.markdown import literal
from techlead.render.terminal import visible
from techlead.web.filters import _date

from conftest import BOB, GitRepo, run_cli, scan_json

LINK = '<a href="https:evil.example">X'
IMG = "<img src=x onerror=window.__pwned=1>"
ANSI = "\x1b[31mred\x1b]0;owned\x07"
EVE = ("Eve\x1b[2J Smith", "eve@example.com")  # git trims a leading escape
SETTINGS = settings(max_examples=150, deadline=5000)


def core(n: int) -> str:
    branches = "".join(f"    if x == {i}:\n        return {i + n}\n" for i in range(5))
    return f"def f(x):\n{branches}    return 0\n"


def build_hostile(folder: Path) -> Path:
    """One repository whose names try to inject: a directory that plotly would draw as a
    link, an HTML file name, escape sequences and a newline in file names and an author's
    name, file names a spreadsheet would run. Returns the scanned warehouse."""
    repo = GitRepo(folder / "app")
    repo.commit("start", author=EVE, files={
        f"{LINK}/core.py": core(0), f"src/{ANSI}.py": "x = 1\n", "src/two\nlines.py": "y = 2\n",
        "=1+2.py": "z = 3\n", "-2+3.py": "w = 1\n", f"{IMG}/page.py": "p = 1\n",
    })  # fmt: skip
    for n in range(1, 5):
        repo.commit(f"change {n} \x1b]0;title\x07", author=EVE if n % 2 else BOB, files={
            f"{LINK}/core.py": core(n), "=1+2.py": f"z = {n}\n", f"src/{ANSI}.py": f"x = {n}\n",
            f"{IMG}/page.py": f"p = {n}\n",
        })  # fmt: skip
    db = folder / "wh" / "techlead.duckdb"
    scan_json("--db", str(db), str(repo.path), "--now", "2020-02-01")
    return db


@pytest.fixture(scope="module")
def hostile_db(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


def out(*args: str) -> str:
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    return result.output


# Terminal: control characters shown, one row per row.


def test_terminal_table_shows_escape_sequences_and_keeps_rows(hostile_db: Path) -> None:
    text = out("revisions", "--db", str(hostile_db))
    assert "\x1b" not in text and "\x07" not in text
    lines = text.splitlines()
    assert len(lines) == 2 + 6  # header, rule, one line per file
    assert any(line.startswith("src/␛[31mred␛]0;owned␇.py ") for line in lines)
    assert any(line.startswith("src/two␊lines.py ") for line in lines)


def test_brief_text_shows_escape_sequences(hostile_db: Path) -> None:
    text = out("brief", "--db", str(hostile_db), "--now", "2020-02-01")
    assert "\x1b" not in text
    assert "Pair Eve␛[2J Smith with another developer" in text


def test_scan_summary_shows_escape_sequences_in_a_repository_name(
    make_repo: object, tmp_path: Path
) -> None:
    repo = GitRepo(tmp_path / "evil\x1b]0;pwned\x07")
    repo.commit("one", files={"a.py": "a = 1\n"})
    text = out("scan", "--db", str(tmp_path / "t.duckdb"), str(repo.path))
    assert "\x1b" not in text and "\x07" not in text
    assert "evil␛]0;pwned␇: mined 1 commits" in text


def test_warnings_and_errors_show_escape_sequences(tmp_path: Path) -> None:
    # A malformed manifest in a folder whose name holds an escape sequence: the scan's
    # warning names it visibly; an error naming a path that does not exist likewise.
    repo = GitRepo(tmp_path / "w")
    repo.commit("one", files={f"x{ANSI}/package.json": '{"dependencies": ["a"]}\n',
                              "a.py": "a = 1\n"})  # fmt: skip
    result = run_cli("scan", "--db", str(tmp_path / "t.duckdb"), str(repo.path))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "techlead: warning: w: x␛[31mred␛]0;owned␇/package.json:1:" in result.stderr
    missing = run_cli("scan", "--db", str(tmp_path / "t.duckdb"), str(tmp_path / "no\x1b[2J"))
    assert missing.exit_code == 2
    assert "\x1b" not in missing.stderr and "no␛[2J" in missing.stderr


def test_markdown_table_shows_escape_sequences(hostile_db: Path) -> None:
    text = out("risk", "--db", str(hostile_db), "--format", "markdown")
    assert "\x1b" not in text and "Eve␛\\[2J Smith" in text


@SETTINGS
@given(st.text())
def test_visible_leaves_no_control_character(text: str) -> None:
    shown = visible(text)
    assert not any(unicodedata.category(c) == "Cc" for c in shown)
    assert "\u202e" not in shown and "\u2028" not in shown
    assert len(shown.splitlines()) <= 1


# Markdown: repository text is data.

HTML = MarkdownIt("commonmark", {"html": True}).enable("table")


def test_brief_markdown_carries_no_html_from_repositories(hostile_db: Path) -> None:
    text = out("brief", "--db", str(hostile_db), "--now", "2020-02-01", "--format", "markdown")
    assert "\\<a href=" in text and "\x1b" not in text
    tags = set(re.findall(r"<([a-z0-9]+)", HTML.render(text)))
    assert tags <= {"h1", "h2", "p", "ul", "ol", "li", "strong"}, tags


@SETTINGS
@given(st.text())
def test_literal_renders_as_one_paragraph_of_text(text: str) -> None:
    rendered = HTML.render("x " + literal(text) + " x")
    assert set(re.findall(r"<([a-z0-9]+)", rendered)) <= {"p"}, rendered


# Plotly: labels drawn as text.


def test_hotspot_treemap_labels_are_not_markup() -> None:
    figure = treemap(["r", "r/" + LINK], ["", "r"], ["r", LINK], [1, 1], [1, 1], "revisions",
                     ["r", LINK])  # fmt: skip
    trace = figure["data"][0]
    assert trace["labels"][1] == '&lt;a href="https:evil.example"&gt;X'
    assert trace["customdata"][1] == LINK  # the click key stays what the table holds


def test_bars_and_network_labels_are_not_markup() -> None:
    figure = bars([IMG], [1], "t<b>", ["#c0392b"], {"#c0392b": "<i>m</i>"}, keys=[IMG])
    trace = figure["data"][0]
    assert trace["y"] == [inert(IMG)] == figure["layout"]["yaxis"]["categoryarray"]
    assert (trace["name"], trace["customdata"]) == ("&lt;i&gt;m&lt;/i&gt;", [IMG])
    nodes = network([LINK, "b"], [(LINK, "b", 50.0)], "")["data"]
    assert "<" not in nodes[0]["text"] and nodes[-1]["hovertext"][0] == inert(LINK)


@SETTINGS
@given(st.text())
def test_inert_leaves_no_tag_and_reads_back(text: str) -> None:
    shown = inert(text)
    assert "<" not in shown and ">" not in shown
    assert shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


# CSV: formulas neutralised, numbers kept, --csv-raw for code-maat pipelines.


def test_csv_neutralises_formula_cells(hostile_db: Path) -> None:
    rows = out("revisions", "--db", str(hostile_db), "--format", "csv").splitlines()
    assert "'=1+2.py,5" in rows and "'-2+3.py,1" in rows
    raw = out("revisions", "--db", str(hostile_db), "--format", "csv", "--csv-raw").splitlines()
    assert "=1+2.py,5" in raw and "-2+3.py,1" in raw


def test_csv_keeps_negative_numbers_and_neutralises_text(hostile_db: Path) -> None:
    sql = "SELECT -1 AS n, -2.5 AS f, '-3' AS s, '@x' AS a, '\tb' AS t, 'c' AS c"
    assert out("sql", "--db", str(hostile_db), "--format", "csv", sql) == (
        "n,f,s,a,t,c\n-1,-2.5,'-3,'@x,'\tb,c\n"
    )
    raw = out("sql", "--db", str(hostile_db), "--format", "csv", "--csv-raw", sql)
    assert raw == "n,f,s,a,t,c\n-1,-2.5,-3,@x,\tb,c\n"
    # --csv-raw lasts for its own command only.
    again = out("sql", "--db", str(hostile_db), "--format", "csv", "SELECT '=1' AS s")
    assert again == "s\n'=1\n"


@SETTINGS
@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False)))
def test_neutral_never_starts_a_formula_and_keeps_numbers(value: object) -> None:
    cell = neutral(value)
    if isinstance(value, str):
        assert not cell.startswith(FORMULA_STARTS)
        assert cell == value or cell == "'" + value
    else:
        assert cell == str(value) if isinstance(value, int) else cell == f"{value:.6g}"


# The dashboard's date filters: a date the calendar cannot hold is the project's error.


@pytest.mark.parametrize("text", ["10000 years ago", "99999999999999999999 days ago", "soon"])
def test_dashboard_date_filter_is_a_one_line_error(text: str) -> None:
    with pytest.raises(TechleadError) as raised:
        _date(text, "since")
    assert str(raised.value).startswith(f"since {text!r} ") and "\n" not in str(raised.value)


@settings(max_examples=150, deadline=5000)
@given(st.text(max_size=40))
def test_dashboard_date_filter_parses_or_says_why(text: str) -> None:
    with contextlib.suppress(TechleadError):  # anything else fails the test
        _date(text, "since")
