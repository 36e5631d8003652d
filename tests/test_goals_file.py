"""Reading goals.toml (every error names file, line and key) and the forecast's arithmetic
(docs/direction.md "Goals"); no warehouse needed."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techlead.core.errors import ConfigError
from techlead.direction import forecast as fc
from techlead.direction.catalogue import Scope
from techlead.direction.goals import read_goals

HEAD = '[[objective]]\nid = "O1"\n'
RESULT = '[[objective.key_result]]\nmetric = "truck-factor"\n'
GOOD = "target = 3\ndeadline = 2027-06-30\n"
KR = "'{key}' of objective O1 key result 1"


def read(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "goals.toml"
    path.write_text(text)
    return read_goals(path)


def error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        read(tmp_path, text)
    message = str(caught.value)
    assert "\n" not in message
    return message.replace(str(tmp_path / "goals.toml"), "goals.toml")


def test_a_good_file(tmp_path: Path) -> None:
    text = (HEAD + 'title = "Spread knowledge"\nowner = "alice@acme.example"\n'
            'links = ["ADR-7"]\n\n' + RESULT + 'scope = { component = "api", repo = "shop" }\n'
            "target = 3\ndeadline = 2027-06-30\nbaseline = 2026-12-01\n\n" + RESULT
            + 'scope = { team = "web" }\ntarget = 2.5\ndeadline = 2028-01-01\n')  # fmt: skip
    [objective] = read(tmp_path, text)
    assert (objective.id, objective.title, objective.owner, objective.links) == (
        "O1",
        "Spread knowledge",
        "alice@acme.example",
        ("ADR-7",),
    )
    first, second = objective.key_results
    assert (first.metric, first.scope, first.target, first.deadline, first.baseline) == (
        "truck-factor", Scope("component", "api", "shop"), 3.0, date(2027, 6, 30),
        date(2026, 12, 1))  # fmt: skip
    assert (second.scope, second.target, second.baseline) == (Scope("team", "web"), 2.5, None)
    assert read(tmp_path, "") == []


@pytest.mark.parametrize(("text", "message"), [
    ("colour = 1\n", "goals.toml:1: unknown key 'colour' (a goals file holds [[objective]] "
                     "tables)"),
    ("objective = 3\n", "goals.toml:1: 'objective' must be an array of tables ([[objective]])"),
    ('[[objective]]\ntitle = "x"\n',
     "goals.toml:1: 'id' of objective #1: every objective needs an 'id' string"),
    (HEAD + "colour = 1\n", "goals.toml:3: 'colour' of objective O1: unknown key (valid: id, "
                            "title, owner, links, key_result)"),
    (HEAD + "title = 3\n", "goals.toml:3: 'title' of objective O1: must be a string"),
    (HEAD + "links = [1]\n", "goals.toml:3: 'links' of objective O1: must be a list of strings "
                             '(links = ["ADR-7", "KNOW-90c69e93"])'),
    (HEAD + "key_result = 1\n", "goals.toml:3: 'key_result' of objective O1: must be an array "
                                "of tables ([[objective.key_result]])"),
    (HEAD + HEAD, "goals.toml:4: 'id' of objective O1: duplicate objective id"),
    (HEAD + RESULT + GOOD + "colour = 1\n",
     f"goals.toml:7: {KR.format(key='colour')}: unknown key (valid: metric, scope, target, "
     "deadline, baseline)"),
    (HEAD + RESULT.replace("truck-factor", "bus-factor") + GOOD,
     f"goals.toml:4: {KR.format(key='metric')}: unknown metric 'bus-factor' (known: "
     "truck-factor, lost-share, knowledge-islands, code-health, hotspot-health, "
     "hotspot-complexity-max, hotspot-complexity-total, coupled-components, commits, "
     "active-people, "
     "standards-pass-rate, standards-level, hold-technologies, vulnerabilities, "
     "dependency-drift, lockfile-coverage, docstring-coverage, reviewed-share; `techlead metrics` "
     "lists them)"),
    (HEAD + "[[objective.key_result]]\n" + GOOD, f"goals.toml:3: {KR.format(key='metric')}: "
     "unknown metric missing (known: truck-factor, lost-share, knowledge-islands, "
     "code-health, hotspot-health, hotspot-complexity-max, hotspot-complexity-total, "
     "coupled-components, commits, "
     "active-people, standards-pass-rate, standards-level, hold-technologies, vulnerabilities, "
     "dependency-drift, lockfile-coverage, docstring-coverage, reviewed-share; `techlead metrics` "
     "lists them)"),
    (HEAD + RESULT + 'scope = "shop"\n' + GOOD,
     f"goals.toml:5: {KR.format(key='scope')}: must be a table of names: "
     '{ repo = "x" }, { team = "t" } or { component = "c", repo = "x" }'),
    (HEAD + RESULT + 'scope = { repo = "" }\n' + GOOD,
     f"goals.toml:5: {KR.format(key='scope')}: must be a table of names: "
     '{ repo = "x" }, { team = "t" } or { component = "c", repo = "x" }'),
    (HEAD + RESULT + 'scope = { team = "t", repo = "x" }\n' + GOOD,
     f"goals.toml:5: {KR.format(key='scope')}: must be {{}} (the workspace), "
     '{ repo = "x" }, { team = "t" } or { component = "c", repo = "x" }'),
    (HEAD + RESULT + 'scope = { path = "x" }\n' + GOOD,
     f"goals.toml:5: {KR.format(key='scope')}: must be {{}} (the workspace), "
     '{ repo = "x" }, { team = "t" } or { component = "c", repo = "x" }'),
    (HEAD + RESULT.replace("truck-factor", "commits") + 'scope = { component = "api" }\n' + GOOD,
     f"goals.toml:5: {KR.format(key='scope')}: commits is not measured per component (its "
     "scopes: workspace, repository, team)"),
    (HEAD + RESULT + 'target = "3"\ndeadline = 2027-06-30\n',
     f"goals.toml:5: {KR.format(key='target')}: must be a finite number (target = 3)"),
    (HEAD + RESULT + "target = true\ndeadline = 2027-06-30\n",
     f"goals.toml:5: {KR.format(key='target')}: must be a finite number (target = 3)"),
    (HEAD + RESULT + "target = nan\ndeadline = 2027-06-30\n",
     f"goals.toml:5: {KR.format(key='target')}: must be a finite number (target = 3)"),
    (HEAD + RESULT + "target = -inf\ndeadline = 2027-06-30\n",
     f"goals.toml:5: {KR.format(key='target')}: must be a finite number (target = 3)"),
    (HEAD + RESULT + "deadline = 2027-06-30\n",
     f"goals.toml:3: {KR.format(key='target')}: must be a finite number (target = 3)"),
    (HEAD + RESULT + "target = 3\n",
     f"goals.toml:3: {KR.format(key='deadline')}: is missing (deadline = 2027-06-30)"),
    (HEAD + RESULT + 'target = 3\ndeadline = "2027-06-30"\n',
     f"goals.toml:6: {KR.format(key='deadline')}: must be a date (deadline = 2027-06-30)"),
    (HEAD + RESULT + "target = 3\ndeadline = 2027-06-30T12:00:00\n",
     f"goals.toml:6: {KR.format(key='deadline')}: must be a date (deadline = 2027-06-30)"),
    (HEAD + RESULT + "target = 3\ndeadline = 0999-06-30\n",
     f"goals.toml:6: {KR.format(key='deadline')}: must be a date between the years 1000 and "
     "9000"),
    (HEAD + RESULT + GOOD + "baseline = 12\n",
     f"goals.toml:7: {KR.format(key='baseline')}: must be a date (baseline = 2027-06-30)"),
    (HEAD + RESULT + GOOD + "baseline = 2027-06-30\n",
     f"goals.toml:7: {KR.format(key='baseline')}: must be before the deadline"),
    (HEAD + "[[objective.key_result]]\nmetric = \"truck-factor\"\n" + GOOD + '[[objective]]\n'
     'id = "O2"\n' + RESULT + "target = 1\ndeadline = 1\n",  # the second objective's result
     "goals.toml:12: 'deadline' of objective O2 key result 1: must be a date (deadline = "
     "2027-06-30)"),
    ("[[objective]\n", "goals.toml: invalid TOML: Expected ']]' at the end of an array "
                       "declaration (at line 1, column 12)"),
    (HEAD + RESULT + "target = 1" + "0" * 5000 + "\n",
     "goals.toml: invalid TOML: Exceeds the limit (4300 digits) for integer string "
     "conversion: value has 5001 digits; use sys.set_int_max_str_digits() to increase the "
     "limit"),
])  # fmt: skip
def test_every_error_names_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    assert error(tmp_path, text) == message


def test_the_fit_of_a_known_series() -> None:
    # x 0 1 2 3, y 1 3 2 4: mean x 1.5, mean y 2.5, Sxx 5, Sxy 4 -> slope 0.8, intercept
    # 1.3; fitted 1.3 2.1 2.9 3.7, residuals -.3 .9 -.9 .3, SSR 1.8, se = sqrt(1.8 / 2).
    found = fc.fit([0, 1, 2, 3], [1, 3, 2, 4])
    assert found is not None
    assert (found.slope, found.intercept, found.points) == (pytest.approx(0.8),
                                                            pytest.approx(1.3), 4)  # fmt: skip
    assert found.residual_se == pytest.approx(math.sqrt(0.9))
    # At x 5: 1.3 + 4 = 5.3, band 1.96 x sqrt(0.9 x (1 + 1/4 + 3.5² / 5)) = 1.96 x 1.8248
    value, half = found.at(5)
    assert value == pytest.approx(5.3) and half == pytest.approx(3.5766, abs=1e-4)
    assert fc.fit([0, 1, 2], [1, 2, 3]) is None  # too short
    assert fc.fit([1, 1, 1, 1], [1, 2, 3, 4]) is None  # one date


def months(*values: float) -> list[tuple[date, float]]:
    return [(date(2020, 1 + i, 1), v) for i, v in enumerate(values)]


def test_forecast_and_statuses() -> None:
    # The series above, one month apart from January 2020; the deadline June 1st is x 5.
    series = months(1, 3, 2, 4)
    wide = fc.forecast(series, date(2020, 6, 1), current=4, target=20)
    assert (wide.value, wide.low, wide.high) == (5.3, 1.723, 8.877)
    assert fc.status(4, 20, "higher", False, wide) == "off track"  # 8.877 < 20
    # target 8: the line (5.3) misses, the band's better edge (8.877) meets: at risk
    risky = fc.forecast(series, date(2020, 6, 1), current=4, target=8)
    assert fc.status(4, 8, "higher", False, risky) == "at risk"
    assert fc.status(4, 5, "higher", False, fc.forecast(series, date(2020, 6, 1), 4, 5)).startswith(
        "at risk"
    )
    # target 6: the band (±3.577, 7.15 wide) is wider than the distance 2 to the target
    noisy = fc.forecast(series, date(2020, 6, 1), current=4, target=6)
    assert noisy.value is None
    assert noisy.note == ("too noisy to forecast (band ±3.58 is wider than the distance 2 to "
                          "the target)")  # fmt: skip
    assert fc.status(4, 6, "higher", False, noisy) == "at risk"
    assert fc.status(4, 6, "higher", True, noisy) == "missed"
    assert fc.status(6, 6, "higher", True, noisy) == "met"
    straight = fc.forecast(months(9, 8, 7, 6), date(2020, 8, 1), current=6, target=3)
    assert (straight.value, straight.low, straight.high) == (2.0, 2.0, 2.0)
    assert fc.status(6, 3, "lower", False, straight) == "on track"


def test_progress_and_trend() -> None:
    assert fc.progress(9, 5, 3, "lower") == 66.7
    assert fc.progress(1, 4, 3, "higher") == 150.0
    assert fc.progress(2, 1, 3, "higher") == -100.0
    assert fc.progress(3, 3, 3, "higher") == 100.0 and fc.progress(3, 2, 3, "higher") == 0.0
    assert fc.progress(None, 2, 3, "higher") is None
    assert fc.trend([1, 5, 2, 3, 4], "higher") == "worsening"  # 4 against 5, three back
    assert fc.trend([1, 2, 3], "lower") == "worsening"
    assert fc.trend([3, 1, 3], "lower") == "flat"
    assert fc.trend([3], "lower") == "unknown"


# --- generated documents ------------------------------------------------------------------

NAMES = st.sampled_from(
    [
        "id",
        "title",
        "owner",
        "links",
        "key_result",
        "metric",
        "scope",
        "target",
        "deadline",
        "baseline",
        "repo",
        "team",
        "component",
        "x",
    ]
)
SCALARS = st.one_of(
    st.sampled_from(["truck-factor", "commits", "O1", "bus-factor", "", 3, 2.5, True]),
    st.integers(-(10**20), 10**20), st.floats(allow_nan=True), st.text(max_size=4),
    st.dates(), st.datetimes(),
)  # fmt: skip
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=2)
                      | st.dictionaries(NAMES, inner, max_size=2), max_leaves=4)  # fmt: skip
RESULTS = st.lists(st.dictionaries(NAMES, VALUES, max_size=5), max_size=2)
SHARED_TMP = [HealthCheck.function_scoped_fixture]  # one tmp_path rewritten by each example
OBJECTIVES = st.lists(
    st.fixed_dictionaries({}, optional={"id": SCALARS, "key_result": RESULTS, "links": VALUES}),
    max_size=2,
)


@settings(max_examples=150, deadline=5000, suppress_health_check=SHARED_TMP)
@given(document=st.dictionaries(st.sampled_from(["objective", "x"]), OBJECTIVES | VALUES,
                                max_size=2))  # fmt: skip
def test_generated_documents_are_read_or_refused_in_one_line(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):
        return  # not TOML at all (a nan in an array, a naive datetime in some versions)
    try:
        objectives = read(tmp_path, text)
    except ConfigError as exc:
        assert "\n" not in str(exc)
        return
    for objective in objectives:
        assert objective.id.strip()
        for result in objective.key_results:
            assert math.isfinite(result.target) and result.deadline.year >= 1000


@settings(max_examples=150, deadline=5000, suppress_health_check=SHARED_TMP)
@given(text=st.text(alphabet='[]{}=".,\n #-_0123456789abcdeijklmnortuy', max_size=120))
def test_generated_text_is_read_or_refused_in_one_line(tmp_path: Path, text: str) -> None:
    try:
        read(tmp_path, text)
    except ConfigError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=150, deadline=5000)
@given(values=st.lists(st.floats(-1e9, 1e9), max_size=30), target=st.floats(-1e9, 1e9),
       better=st.sampled_from(["higher", "lower"]))  # fmt: skip
def test_generated_histories_forecast_without_error(values: list[float], target: float,
                                                    better: str) -> None:  # fmt: skip
    points = [(date(2020 + i // 12, 1 + i % 12, 1), v) for i, v in enumerate(values)]
    current = values[-1] if values else None
    ahead = fc.forecast(points, date(2024, 1, 1), current, target)
    assert fc.status(current, target, better, False, ahead) in (
        "met",
        "on track",
        "off track",
        "at risk",
    )
    assert fc.trend(values, better) in ("improving", "worsening", "flat", "unknown")
