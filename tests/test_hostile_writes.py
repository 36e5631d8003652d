"""Hostile repositories and files: techlead writes only where the user asked (issue 20).

Output files are never written through a symlink or outside their folder, ADR logs stay
inside their repository and are written all or nothing, ``init`` writes valid TOML from
any directory names, and a warehouse that is not one is a one-line error.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from techlead.core.config import load_config
from techlead.core.errors import TechleadError, WarehouseError
from techlead.core.files import write_texts
from techlead.decisions.adr_log import find_folder
from techlead.decisions.adr_text import adr_tools_text, madr_text, md_link, with_link, with_status
from techlead.mining.adr import parse_adr
from techlead.mining.workspace import starter_config
from techlead.warehouse.connection import schema_version

from conftest import GitRepo, run_cli, scan_json

RADAR_CSV = "name,ring,quadrant,isNew,description\nPython,adopt,languages,false,x\n"


def _one_line_error(result: Any, *words: str) -> str:
    """The error line of a failed command (its tip, if any, is the only other line)."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("techlead: error:"), result.stderr
    assert all(line.startswith("techlead: tip: ") for line in lines[1:]), result.stderr
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0], lines[0]
    return str(lines[0])


@pytest.fixture(scope="module")
def scanned(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of one small repository."""
    root = tmp_path_factory.mktemp("hostile")
    repo = GitRepo(root / "demo")
    repo.commit("init", files={"a.py": "print(1)\n", "requirements.txt": "requests==2.0\n"})
    db = root / "wh.duckdb"
    scan_json(str(repo.path), "--db", str(db))
    return db


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "outside" / "victim.txt"
    victim.parent.mkdir()
    victim.write_text("precious\n")
    return victim


def _commands(db: Path, radar: Path) -> dict[str, list[str]]:
    """Every command that writes a file, by the file it writes when not told --out."""
    return {
        "techlead-report.html": ["report", "--db", str(db)],
        "radar.html": ["radar", "render", str(radar)],
        "bom.json": ["sbom", "--out", "bom.json", "--db", str(db)],
        "page.html": ["report", "--out", "page.html", "--db", str(db)],
    }


# --- output files -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["techlead-report.html", "radar.html", "bom.json", "page.html"])
@pytest.mark.parametrize("dangling", [False, True])
def test_output_through_a_committed_symlink_is_refused(
    scanned: Path, tmp_path: Path, name: str, dangling: bool
) -> None:
    """A repository that commits its report's name as a link to a file of the user's does
    not get that file overwritten (nor created, when the link dangles)."""
    victim = _victim(tmp_path)
    repo = GitRepo(tmp_path / "hostile")
    radar = repo.path / "radar.csv"
    radar.write_text(RADAR_CSV)
    target = victim.parent / "created.txt" if dangling else victim
    (repo.path / name).symlink_to(target)
    repo.commit("a link where techlead writes")
    result = run_cli(*_commands(scanned, radar)[name], cwd=repo.path)
    _one_line_error(result, name, "symbolic link")
    assert victim.read_text() == "precious\n"
    assert not (victim.parent / "created.txt").exists()
    assert (repo.path / name).is_symlink()
    assert sorted(p.name for p in victim.parent.iterdir()) == ["victim.txt"]


def test_output_replaces_a_file_atomically_and_leaves_no_temporary(
    scanned: Path, tmp_path: Path
) -> None:
    """The report replaces the directory entry (a hard link to the old file keeps the old
    content) and nothing else is left in the folder."""
    out = tmp_path / "site" / "report.html"
    out.parent.mkdir()
    out.write_text("old\n")
    out.chmod(0o640)
    (tmp_path / "hard.html").hardlink_to(out)
    result = run_cli("report", "--out", str(out), "--db", str(scanned))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "hard.html").read_text() == "old\n"
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]


def test_output_in_a_missing_folder_is_one_line(scanned: Path, tmp_path: Path) -> None:
    target = tmp_path / "gone" / "report.html"
    line = _one_line_error(run_cli("report", "--out", str(target), "--db", str(scanned)))
    assert f"{target}: the folder {target.parent} does not exist" in line


def test_write_texts_is_all_or_nothing(tmp_path: Path) -> None:
    """One file that cannot be written (its folder is gone, or it is a link) and none is."""
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text("old\n")
    with pytest.raises(TechleadError, match=r"cannot write .*missing/x\.md: the folder"):
        write_texts({first: "new\n", tmp_path / "missing" / "x.md": "x"}, remove=[second])
    (tmp_path / "link.md").symlink_to(second)
    with pytest.raises(TechleadError, match=r"link\.md is a symbolic link"):
        write_texts({first: "new\n", tmp_path / "link.md": "x"})
    assert first.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.md", "link.md"]
    write_texts({first: "new\n", second: "2\n"}, remove=[tmp_path / "link.md"])
    assert (first.read_text(), second.read_text()) == ("new\n", "2\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.md", "second.md"]


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's sysfs")
def test_output_in_a_folder_nobody_may_write_is_one_line(scanned: Path) -> None:
    """sysfs refuses new files even to root (the read-only case when tests run as root)."""
    result = run_cli("report", "--out", "/sys/report.html", "--db", str(scanned))
    _one_line_error(result, "cannot write /sys/report.html: Permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_output_in_a_read_only_folder_is_one_line(scanned: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run_cli("report", "--out", str(folder / "r.html"), "--db", str(scanned))
        _one_line_error(result, f"cannot write {folder / 'r.html'}", "ermission denied")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


# --- the warehouse's schema_version ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("nine", "schema_version is not a number"),
        ("", "schema_version is not a number"),
        ("9.5", "schema_version is not a number"),
        ("-1", "schema_version is not a number"),
        ("\x1b]0;title\x07", "schema_version is not a number"),
        (None, "records no schema_version"),
    ],
)
def test_schema_version_not_a_number_is_one_line(
    make_repo: Any, db_path: Path, value: str | None, expected: str
) -> None:
    repo = make_repo()
    repo.commit("init", files={"a.txt": "a\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    con = duckdb.connect(str(db_path))
    if value is None:
        con.execute("DELETE FROM techlead_meta WHERE key = 'schema_version'")
    else:
        con.execute("UPDATE techlead_meta SET value = ? WHERE key = 'schema_version'", [value])
    con.close()
    for args in (["summary"], ["scan", str(repo.path)]):
        result = run_cli(*args, "--db", str(db_path))
        _one_line_error(result, str(db_path), expected)
        assert "\x1b" not in result.stderr


# --- ADR logs ---------------------------------------------------------------------------

ADR_2 = "# 2. Use PostgreSQL\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n"


def _adr_log(tmp_path: Path) -> tuple[Path, Path]:
    """A project with an adr-tools log of two records; returns (root, log folder)."""
    root = tmp_path / "project"
    assert run_cli("adr", "init", "--root", str(_mkdir(root))).exit_code == 0
    folder = root / "doc" / "adr"
    (folder / "0002-use-postgresql.md").write_text(ADR_2)
    return root, folder


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("named", ["../outside", "ABSOLUTE", "../..", "docs/../../outside"])
def test_adr_dir_outside_the_repository_is_refused(tmp_path: Path, named: str) -> None:
    root = _mkdir(tmp_path / "project")
    outside = _mkdir(tmp_path / "outside")
    (root / ".adr-dir").write_text(str(outside) if named == "ABSOLUTE" else named + "\n")
    for args in (["new", "Escape"], ["list"], ["init", "../outside"]):
        result = run_cli("adr", *args, "--root", str(root))
        _one_line_error(result, "outside", "inside its repository")
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside", "project"]


def test_adr_folder_linked_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    root = _mkdir(tmp_path / "project")
    outside = _mkdir(tmp_path / "outside")
    _mkdir(root / "docs")
    (root / "docs" / "adr").symlink_to(outside)
    _one_line_error(run_cli("adr", "new", "Escape", "--root", str(root)), "outside")
    (root / "docs" / "adr").unlink()
    (root / "docs" / "adr").mkdir()
    (root / ".adr-dir").write_text("docs/adr/link\n")
    (root / "docs" / "adr" / "link").symlink_to(outside)
    _one_line_error(run_cli("adr", "new", "Escape", "--root", str(root)), "outside")
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"\xff\xfe\n", ".adr-dir:1: expected a folder's path in UTF-8"), (b"\n\n", ".adr-dir:1:"),
     (b"a\x00b\n", ".adr-dir:1:")],
)  # fmt: skip
def test_adr_dir_unreadable_is_one_line(tmp_path: Path, content: bytes, expected: str) -> None:
    root = _mkdir(tmp_path / "project")
    (root / ".adr-dir").write_bytes(content)
    _one_line_error(run_cli("adr", "list", "--root", str(root)), expected)


def test_symlinked_adr_is_never_edited_nor_read(tmp_path: Path) -> None:
    """A record that is a link to a file outside: status and supersedes refuse to edit it,
    and show does not print what it points to."""
    root, folder = _adr_log(tmp_path)
    victim = _victim(tmp_path)
    victim.write_text(ADR_2.replace("2. Use PostgreSQL", "3. Secret"))
    (folder / "0003-secret.md").symlink_to(victim)
    before = _tree(folder)
    _one_line_error(run_cli("adr", "status", "3", "rejected", "--root", str(root)),
                    "0003-secret.md is a symbolic link")  # fmt: skip
    result = run_cli("adr", "new", "Next", "--supersedes", "3", "--root", str(root))
    _one_line_error(result, "0003-secret.md is a symbolic link")
    result = run_cli("adr", "link", "2", "Amends", "3", "Amended by", "--root", str(root))
    _one_line_error(result, "0003-secret.md is a symbolic link")
    shown = run_cli("adr", "show", "3", "--root", str(root))
    assert shown.exit_code == 0 and "Secret" not in shown.output
    assert victim.read_text() == ADR_2.replace("2. Use PostgreSQL", "3. Secret")
    assert _tree(folder) == before and (folder / "0003-secret.md").is_symlink()


def test_supersedes_a_non_utf8_adr_writes_nothing(tmp_path: Path) -> None:
    root, folder = _adr_log(tmp_path)
    (folder / "0002-use-postgresql.md").write_bytes(ADR_2.encode() + b"caf\xe9\n")
    before = _tree(folder)
    result = run_cli("adr", "new", "Use Cockroach", "--supersedes", "2", "--root", str(root))
    line = _one_line_error(
        result, f"0002-use-postgresql.md: not UTF-8 text (byte {len(ADR_2) + 3})"
    )
    assert line.endswith("changed nothing")
    assert _tree(folder) == before
    result = run_cli("adr", "new", "Amending", "--link", "Amends:2:Amended by", "--root", str(root))
    _one_line_error(result, "not UTF-8")
    assert _tree(folder) == before


def test_link_is_all_or_nothing(tmp_path: Path) -> None:
    root, folder = _adr_log(tmp_path)
    (folder / "0003-broken.md").write_bytes(b"# 3. Broken\n\n## Status\n\n\xff\n")
    before = _tree(folder)
    result = run_cli("adr", "link", "2", "Amends", "3", "Amended by", "--root", str(root))
    _one_line_error(result, "0003-broken.md: not UTF-8")
    assert _tree(folder) == before


@pytest.mark.parametrize("fmt", ["adr-tools", "madr"])
@pytest.mark.parametrize(
    "title", ['Use "x]" now', "Brackets [a] and \\ backslash", "Parens ) and ( here", "\\1 \\g<0>"]
)
def test_markdown_significant_title_keeps_the_supersedes_link(
    tmp_path: Path, fmt: str, title: str
) -> None:
    root = _mkdir(tmp_path / "project")
    assert run_cli("adr", "init", "--format", fmt, "--root", str(root)).exit_code == 0
    for args in (["new", title], ["new", "Successor", "--supersedes", "2"]):
        result = run_cli("adr", *args, "--root", str(root))
        assert result.exit_code == 0, result.output
    rows = _adr_rows(root)
    assert [(r["number"], r["title"], r["status"], r["superseded-by"]) for r in rows[1:]] == [
        (2, title, "superseded", rows[2]["file"]),
        (3, "Successor", "proposed", None),
    ]
    lint = run_cli("adr", "lint", "--root", str(root))
    assert lint.exit_code == 0, lint.output
    renamed = run_cli("adr", "rename", "3", title + " again", "--root", str(root))
    assert renamed.exit_code == 0, renamed.output
    rows = _adr_rows(root)
    assert rows[1]["superseded-by"] == rows[2]["file"] != "0003-successor.md"
    assert rows[2]["title"] == title + " again"
    assert run_cli("adr", "lint", "--root", str(root)).exit_code == 0


def _adr_rows(root: Path) -> list[dict[str, Any]]:
    result = run_cli("adr", "list", "--format", "json", "--root", str(root))
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)["rows"]
    return rows


@pytest.mark.parametrize("title", ["Two\nlines", "## Status", "\x1b]0;owned\x07", " ", "a\u2028b"])
def test_title_of_more_than_one_line_is_refused(tmp_path: Path, title: str) -> None:
    root, folder = _adr_log(tmp_path)
    before = _tree(folder)
    result = run_cli("adr", "new", title, "--root", str(root))
    if title == "## Status":  # one line: written, and its heading stays the title
        assert result.exit_code == 0, result.output
        assert _adr_rows(root)[-1]["title"] == "## Status"
        return
    _one_line_error(result, "one line of printable text")
    assert _tree(folder) == before


# --- techlead init ----------------------------------------------------------------------

HOSTILE_NAMES = ["a\nb", "c\x1b[31md", 'q"]z', "u\u2028v", "x\x7fy", "t\tab", "back\\slash"]


def test_init_writes_valid_toml_from_hostile_directory_names(tmp_path: Path) -> None:
    """Control characters, quotes and line separators are encoded by the TOML writer; a
    name that is not UTF-8 is left out with a warning that shows it without raw escapes."""
    root = _mkdir(tmp_path / "ws")
    for name in HOSTILE_NAMES:
        GitRepo(root / name)
    bad = os.path.join(os.fsencode(root), b"\xff\x1b]0;t\x07")
    os.mkdir(bad)
    GitRepo(Path(os.fsdecode(bad)))
    result = run_cli("init", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {root / 'techlead.toml'} with 7 repositories\n"
    assert result.stderr == (
        f"techlead: warning: {root}/\ufffd\\x1b]0;t\\x07: name is not UTF-8; not listed\n"
    )
    document = tomllib.loads((root / "techlead.toml").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in document["repos"]) == sorted(HOSTILE_NAMES)
    assert [r.path for r in load_config(root / "techlead.toml").repos] == sorted(
        root / n for n in HOSTILE_NAMES
    )


def test_init_never_writes_through_a_linked_config(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    root = _mkdir(tmp_path / "ws")
    (root / "techlead.toml").symlink_to(victim)
    _one_line_error(run_cli("init", str(root), "--force"), "techlead.toml is a symbolic link")
    (root / "techlead.toml").unlink()
    (root / "techlead.toml").symlink_to(victim.parent / "new.toml")  # dangling
    _one_line_error(run_cli("init", str(root)), "techlead.toml is a symbolic link")
    assert sorted(p.name for p in victim.parent.iterdir()) == ["victim.txt"]
    assert victim.read_text() == "precious\n"


def test_a_record_named_with_a_line_break_is_not_linked_to(tmp_path: Path) -> None:
    root, folder = _adr_log(tmp_path)
    (folder / "0003-a\nb.md").write_text(ADR_2.replace("2. Use", "3. Use"))
    before = _tree(folder)
    result = run_cli("adr", "new", "Next", "--supersedes", "3", "--root", str(root))
    _one_line_error(result, "'0003-a\\nb.md'", "cannot be linked to")
    assert _tree(folder) == before


# --- property-based: every reader and writer of this area, on generated input ----------

FRAGMENTS = st.sampled_from(
    ["---", "status: ", "date: 2020-01-01", "## Status", "# 1. T", "# T", "* Status: ", "- ",
     "Superseded by ", "Supersedes ", "[", "]", "(", ")", "<", ">", "\\", " ", "\t", ":", "&a",
     "*a", "[[[", "{", "0003-x.md", "decision-makers:", "\n", "\r\n", "\x00", "\u2028"]
)  # fmt: skip
ADR_TEXTS = st.one_of(st.text(max_size=400), st.lists(FRAGMENTS, max_size=80).map("".join))
FILE_NAMES = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="/"),
    min_size=1,
    max_size=30,
).map(lambda s: f"0004-{s}.md")
LABELS = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40)


@settings(max_examples=200, deadline=5000)
@given(name=st.one_of(FILE_NAMES, st.text(max_size=20)), text=ADR_TEXTS)
def test_parse_adr_reads_anything(name: str, text: str) -> None:
    adr = parse_adr(name, text)
    assert adr.format in ("adr-tools", "madr")
    assert all(isinstance(link.target, str) for link in adr.links)


@settings(max_examples=200, deadline=5000)
@given(label=LABELS, file=FILE_NAMES, madr=st.booleans())
def test_a_written_link_reads_back(label: str, file: str, madr: bool) -> None:
    """Whatever the title and file name, the supersedes link written is the one read."""
    status = f"superseded by {md_link('3. ' + label, file)}"
    record = madr_text("T", "accepted", date(2020, 1, 1), []) if madr else (
        adr_tools_text(2, "T", "accepted", date(2020, 1, 1), []))  # fmt: skip
    before = parse_adr("0002-t.md", record)
    after = parse_adr("0002-t.md", with_status(before, record, status))
    assert after.status == "superseded"
    assert [(k.relation, k.target) for k in after.links] == [("superseded by", file)]
    if not madr:  # MADR records are read for the link in their status only
        amended = with_link(before.format, record, f"Amends {md_link(label, file)}")
        linked = parse_adr("0002-t.md", amended)
        assert [(k.relation, k.target) for k in linked.links] == [("amends", file)]


@settings(max_examples=150, deadline=5000)
@given(content=st.one_of(st.binary(max_size=60), st.lists(FRAGMENTS, max_size=10).map(
    lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))))  # fmt: skip
def test_adr_dir_reads_anything(content: bytes) -> None:
    """.adr-dir of any bytes: a folder inside the project, or one line of AdrError."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "project"
        (root / "inner").mkdir(parents=True)
        (root / ".adr-dir").write_bytes(content)
        try:
            folder = find_folder(root)
        except TechleadError as exc:
            assert "\n" not in str(exc)
            return
        assert os.path.realpath(folder).startswith(os.path.realpath(root))


@functools.cache
def _meta() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE techlead_meta (key VARCHAR NOT NULL, value VARCHAR NOT NULL)")
    con.execute("INSERT INTO techlead_meta VALUES ('schema_version', '9')")
    return con


@settings(max_examples=200, deadline=5000)
@given(value=st.text(max_size=20))
def test_schema_version_reads_anything(value: str) -> None:
    con = _meta()
    con.execute("UPDATE techlead_meta SET value = ?", [value])
    try:
        assert schema_version(con) == int(value)
    except WarehouseError as exc:
        assert "\n" not in str(exc)
        assert not (value.strip().isascii() and value.strip().isdigit())


NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=200, deadline=5000)
@given(name=NAMES, repos=st.lists(NAMES.filter(lambda n: "/" not in n and "\x00" not in n
                                               and n not in (".", "..")), max_size=4))  # fmt: skip
def test_starter_config_round_trips_any_name(name: str, repos: list[str]) -> None:
    root = Path("/ws")
    document = tomllib.loads(starter_config(root, [root / r for r in repos], name))
    assert document["workspace"]["name"] == name
    assert [r["path"] for r in document.get("repos", [])] == repos
