"""roadmap.toml refused with one line naming the file, the line and the key (exit 2),
and generated documents thrown at the reader and the checker."""

from __future__ import annotations

import string
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techlead.core.errors import TechleadError
from techlead.decisions.roadmap import Goals, load, load_goals
from techlead.decisions.roadmap_check import KINDS, Adr, conflicts, judged

from conftest import run_cli, scan_json

HEAD = '[[initiative]]\nid = "A"\ntitle = "Alpha"\nstart = 2027-01-01\nend = 2027-01-31\n'


def refused(tmp_path: Path, text: str) -> str:
    path = tmp_path / "roadmap.toml"
    path.write_text(textwrap.dedent(text).lstrip())
    with pytest.raises(TechleadError) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message
    return message.removeprefix(f"{path}:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[plan]]\nid = 1\n", "1: unknown key 'plan' (valid: [[initiative]])"),
        ("initiative = 3\n", "1: 'initiative' must be an array of tables ([[initiative]])"),
        ("initiative = [1]\n", "1: each [[initiative]] must be a table"),
        ('[[initiative]]\ntitle = "x"\n', "1: every [[initiative]] needs an "
         "'id' (a non-empty string)"),
        ('[[initiative]]\nid = ""\n', "2: every [[initiative]] needs an "
         "'id' (a non-empty string)"),
        (HEAD + "colour = 'red'\n",
         "6: initiative 'A': unknown key 'colour' (valid: id, title, start, end, owner, teams, "
         "depends_on, goals, adrs)"),
        ('[[initiative]]\nid = "A"\ntitle = 3\n', "3: initiative 'A': 'title' must be a string"),
        ('[[initiative]]\nid = "A"\nstart = 2027-01-01\n', "1: initiative 'A': 'title' is missing"),
        (HEAD.replace("end = 2027-01-31\n", ""), "1: initiative 'A': 'end' is missing"),
        (HEAD + "owner = ['bob']\n", "6: initiative 'A': 'owner' must be a string"),
        (HEAD.replace("start = 2027-01-01", 'start = "2027-01-01"'),
         "4: initiative 'A': 'start' must be a date (start = 2027-01-31)"),
        (HEAD.replace("start = 2027-01-01", "start = 2027-01-01T10:00:00"),
         "4: initiative 'A': 'start' must be a date (start = 2027-01-31)"),
        (HEAD.replace("end = 2027-01-31", "end = 9999-12-31"),
         "5: initiative 'A': 'end' must be between the years 1000 and 9000"),
        (HEAD.replace("end = 2027-01-31", "end = 2026-12-31"),
         "5: initiative 'A': 'end' (2026-12-31) is before 'start' (2027-01-01)"),
        (HEAD + "teams = 'payments'\n",
         "6: initiative 'A': 'teams' must be a list of non-empty strings"),
        (HEAD + "goals = ['O1', 2]\n",
         "6: initiative 'A': 'goals' must be a list of non-empty strings"),
        (HEAD + "adrs = [true]\n",
         "6: initiative 'A': 'adrs' must be a list of ADR numbers or names"),
        (HEAD + "\n" + HEAD, "8: two initiatives have the id 'A': ids must be unique"),
        (HEAD + "depends_on = ['Z']\n",
         "6: initiative 'A': 'depends_on' names 'Z', which is not an initiative of this roadmap"),
        ("[[initiative]\n", " invalid TOML: Expected ']]' at the end of an array declaration "
         "(at line 1, column 13)"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n",
         " invalid TOML: arrays or tables nested too deeply"),
    ],
)  # fmt: skip
def test_bad_files_are_one_line_errors(tmp_path: Path, text: str, expected: str) -> None:
    assert refused(tmp_path, text) == expected


def test_a_bad_file_exits_2_naming_it(make_repo: Any, db_path: Path, tmp_path: Path) -> None:
    make_repo("api").commit("one", files={"a.py": "x = 1\n"})
    scan_json(str(tmp_path / "api"), "--db", str(db_path))
    path = tmp_path / "roadmap.toml"
    path.write_text(HEAD.replace("end = 2027-01-31", "end = 2026-12-31"))
    result = run_cli("roadmap", "--file", str(path), "--check", "--db", str(db_path))
    assert (result.exit_code, result.stderr) == (2, f"techlead: error: {path}:5: initiative "
                                                 "'A': 'end' (2026-12-31) is before 'start' "
                                                 "(2027-01-01)\n")  # fmt: skip
    missing = run_cli("roadmap", "--file", str(tmp_path / "no.toml"), "--db", str(db_path))
    assert missing.stderr == f"techlead: error: {tmp_path / 'no.toml'}: no such file\n"
    goals = tmp_path / "goals.toml"
    goals.write_text("[[objective]\n")
    path.write_text(HEAD)
    broken = run_cli("roadmap", "--file", str(path), "--goals", str(goals), "--db", str(db_path))
    assert broken.exit_code == 2 and broken.stderr.startswith(
        f"techlead: error: {goals}: invalid TOML: "
    )


def test_goals_files_read_only_ids_and_deadlines(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text(
        '[[objective]]\nid = "O1"\nowner = 3\n[[objective.key_result]]\ndeadline = 2027-06-30\n'
        '[[objective.key_result]]\ndeadline = "soon"\n[[objective]]\ntitle = "no id"\n'
        '[[objective]]\nid = "O2"\n'
    )
    assert load_goals(path) == Goals(path, {"O1": (date(2027, 6, 30),), "O2": ()})
    path.write_text("objective = [")
    with pytest.raises(TechleadError, match=r"goals\.toml: invalid TOML: "):
        load_goals(path)


# Generated documents --------------------------------------------------------------------

NAMES = st.text(string.ascii_letters + "-_ <>&\u202e", min_size=0, max_size=6)
DATES = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)),
    st.integers(-3, 3),
    NAMES,
)
VALUES: st.SearchStrategy[Any] = st.recursive(
    st.one_of(st.booleans(), st.integers(-10, 10), NAMES, DATES),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=3),
    max_leaves=8,
)
KEY = st.sampled_from(["id", "title", "start", "end", "owner", "teams", "depends_on",
                       "goals", "adrs", "other"])  # fmt: skip
FIELD_VALUES = st.one_of(
    VALUES,
    st.lists(st.sampled_from(["A", "B", "C", "D"]), max_size=4),
    st.sampled_from(["A", "B", "C", "D"]),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 1, 1)),
)
INITIATIVE = st.dictionaries(KEY, FIELD_VALUES, max_size=10)
IDS = st.sampled_from(["A", "B", "C", "D", "E"])
PLANNED = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 1, 1))
WELL_FORMED = st.fixed_dictionaries(
    {"id": IDS, "title": NAMES, "start": PLANNED, "end": PLANNED},
    optional={"teams": st.lists(st.sampled_from(["x", "y"]), max_size=2),
              "depends_on": st.lists(IDS, max_size=3), "goals": st.lists(IDS, max_size=2),
              "adrs": st.lists(st.one_of(st.integers(0, 3), NAMES), max_size=2)},
)  # fmt: skip
DOCUMENTS = st.one_of(
    st.fixed_dictionaries({"initiative": st.lists(WELL_FORMED, max_size=6)}),
    st.fixed_dictionaries({"initiative": st.lists(INITIATIVE, max_size=6)}),
    st.dictionaries(st.sampled_from(["initiative", "objective", "x"]), VALUES, max_size=2),
)


def _toml(document: dict[str, Any]) -> str | None:
    try:
        return tomli_w.dumps(document)
    except (TypeError, ValueError):  # a shape TOML cannot hold (a list of mixed tables)
        return None


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(document=DOCUMENTS)
def test_generated_roadmaps_are_read_or_refused(tmp_path: Path, document: dict[str, Any]) -> None:
    text = _toml(document)
    if text is None:
        return
    path = tmp_path / "roadmap.toml"
    path.write_text(text)
    try:
        roadmap = load(path)
    except TechleadError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path))
        return
    goals = Goals(None, {"A": (date(2027, 1, 1),)})
    found = conflicts(roadmap, goals, [Adr("r", 1, "doc/adr/0001-x.md")], 2)
    result = judged(roadmap, found, date(2027, 1, 1))
    assert len(result.rows) == len(roadmap.initiatives)
    assert all(c.kind in KINDS and "\n" not in c.message for c in found)


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(text=st.text(alphabet="[]=\"'\n ,.{}abcidnteg0123456789-:T", max_size=120))
def test_generated_text_is_read_or_refused(tmp_path: Path, text: str) -> None:
    for reader in (load, load_goals):
        path = tmp_path / "file.toml"
        path.write_text(text)
        try:
            reader(path)
        except TechleadError as exc:
            assert "\n" not in str(exc)
