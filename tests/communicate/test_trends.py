"""Trends on every light and section, the overall verdict, and --goals/--roadmap/--no-trends
(communicate/trends.py, communicate/verdict.py, docs/roles.md "Trends", "Overall verdict").

History of the repository "two" (12:00 UTC, 2020):
  01-05  Alice adds a.py and b.py                 scan 1 with --now 2020-01-10
  02-10  Bob adds c.py and d.py                   scan 2 with --now 2020-06-15
Truck factor: Alice alone knows 2 of 2 files -> 1; then 2 of 4 each: removing one person
orphans half, not more -> 2. Knowledge islands (one person wrote every line): 2, then 4.
Monthly, from 2019-06-01 (a year before June 2020) to the moment 2020-06-15: nothing before
the first commit; 2020-02-01 truck factor 1 and 2 islands (Bob's commit is on the 10th);
2020-03-01 to 2020-06-15 truck factor 2 and 4 islands.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from techlead.communicate import trends
from techlead.communicate.lights import Light
from techlead.communicate.verdict import overall
from techlead.core.model import Trend
from techlead.render.sparkline import label, sparkline_svg

from conftest import BOB, run_cli, scan_json

NOW = "2020-06-15"


@pytest.fixture
def two(make_repo: Any, db_path: Path) -> Path:
    repo = make_repo("two")
    repo.commit(
        "ab", date="2020-01-05T12:00:00+00:00", files={"a.py": "a = 1\n", "b.py": "b = 1\n"}
    )
    scan_json(str(repo.path), "--db", str(db_path), "--now", "2020-01-10")
    repo.commit("cd", author=BOB, date="2020-02-10T12:00:00+00:00",
                files={"c.py": "c = 1\n", "d.py": "d = 1\n"})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path), "--now", NOW)
    return db_path


def brief_json(db: Path, *extra: str) -> dict[str, Any]:
    result = run_cli("brief", "--format", "json", "--db", str(db), *extra)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_lights_and_sections_say_the_scan_change_and_the_year(two: Path) -> None:
    brief = brief_json(two)
    knowledge = next(light for light in brief["lights"] if light["area"] == "Knowledge")
    factor = next(t for t in knowledge["trends"] if t["metric"] == "truck-factor")
    assert (factor["previous"], factor["latest"], factor["since"]) == (1, 2, "2020-01-10")
    dates = ["2020-02-01", "2020-03-01", "2020-04-01", "2020-05-01", "2020-06-01", "2020-06-15"]
    assert factor["series"] == [[d, v] for d, v in zip(dates, [1, 2, 2, 2, 2, 2], strict=True)]
    assert (factor["scope"], factor["better"]) == ("two", "higher")
    assert knowledge["trend"] == (
        "Since the scan of 2020-01-10: truck factor 1 → 2. Since 1 February 2020: truck "
        "factor 1 → 2 and code by people who left steady at 0%."
    )
    point = next(p for p in brief["points"] if p["title"] == "Knowledge map and truck factor")
    assert point["trend"] == (
        "Since the scan of 2020-01-10: truck factor 1 → 2 and knowledge islands 2 → 4. "
        "Since 1 February 2020: truck factor 1 → 2 and knowledge islands 2 → 4."
    )
    islands = next(t for t in point["trends"] if t["metric"] == "knowledge-islands")
    assert [v for _, v in islands["series"]] == [2, 4, 4, 4, 4, 4]
    # The standards are recorded by scans only: the last value of each month.
    standards = next(light for light in brief["lights"] if light["area"] == "Standards")
    assert standards["trends"][0]["series"] == [["2020-01-10", 20], ["2020-06-15", 20]]
    assert standards["trend"] == "Since 10 January 2020: checks passed steady at 20%."


def test_terminal_sparklines(two: Path) -> None:
    lines = run_cli("brief", "--db", str(two)).stdout.splitlines()
    assert "      ▁█████ truck factor, monthly from 2020-02-01 to 2020-06-15: 1 → 2" in lines
    assert "      ▁█████ knowledge islands, monthly from 2020-02-01 to 2020-06-15: 2 → 4" in lines
    markdown = run_cli("brief", "--format", "markdown", "--db", str(two)).stdout
    assert "\n  - ▁█████ truck factor, monthly from 2020-02-01 to 2020-06-15: 1 → 2\n" in markdown


def test_verdict_agrees_with_the_lights(two: Path) -> None:
    brief = brief_json(two)
    colours = [light["colour"] for light in brief["lights"]]
    assert colours == ["green", "amber", "grey", "red"]
    assert brief["verdict"] == (
        "Overall: at risk, and improving — of 4 lights, 1 red (Standards), 1 amber "
        "(Knowledge), 1 green (Code health), 1 grey (Dependencies and security); since the "
        "scan of 2020-01-10: truck factor up 1 → 2."
    )
    assert_agrees(brief["verdict"], brief["lights"])


def test_report_and_executive_page_draw_sparklines(two: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert run_cli("report", "--out", str(out), "--db", str(two)).exit_code == 0
    html = out.read_text()
    said = "truck factor (two), monthly from 2020-02-01 to 2020-06-15: 1, 2, 2, 2, 2, 2"
    assert f'role="img" aria-label="{said}"><title>{said}</title>' in html
    assert '<p class="verdict red"><b>Overall: at risk, and improving</b> — of 4 lights' in html
    assert (
        "<p>Since the scan of 2020-01-10: truck factor 1 → 2 and knowledge islands 2 → 4." in html
    )
    # Commits in the 90 days before each date (a metric of the moment, not of the snapshot):
    # 02-01 ab; 03-01 and 04-01 ab and cd; 05-01 cd; from 06-01 none.
    commits = "commits in 90 days (two), monthly from 2020-02-01 to 2020-06-15: 1, 2, 2, 1, 0, 0"
    assert f'aria-label="{commits}"' in html
    brief = tmp_path / "b.html"
    run_cli("report", "--audience", "executive", "--out", str(brief), "--db", str(two))
    page = brief.read_text()
    assert '<p class="verdict red"><b>Overall: at risk, and improving</b> — of 4 lights' in page
    assert f'aria-label="{said}"' in page


def test_no_trends_and_no_fake_trend(two: Path, make_repo: Any, tmp_path: Path) -> None:
    off = brief_json(two, "--no-trends")
    assert all(not light["trend"] and not light["trends"] for light in off["lights"])
    assert all(not p["trend"] for p in off["points"])
    assert off["verdict"].startswith("Overall: at risk — of 4 lights")  # no direction
    # One scan, one month of history: nothing to compare, nothing said.
    repo = make_repo("one")
    repo.commit("a", date="2020-01-05T12:00:00+00:00", files={"a.py": "a = 1\n"})
    db = tmp_path / "one.duckdb"
    scan_json(str(repo.path), "--db", str(db), "--now", "2020-01-20")
    once = brief_json(db)
    assert all(not light["trends"] for light in once["lights"])
    assert all(not p["trends"] and not p["trend"] for p in once["points"])


def test_a_page_filtered_to_a_team_or_dates_says_no_trend(two: Path) -> None:
    from datetime import UTC, datetime

    from techlead.communicate.model import Scope
    from techlead.core.model import Options
    from techlead.warehouse.connection import open_warehouse

    con = open_warehouse(two, read_only=True)
    try:
        dated = Scope(con, Options(since=datetime(2020, 2, 1, tzinfo=UTC)))
        assert trends.page_scope(dated) is None
        assert trends.page_scope(Scope(con)) == "two"
        assert trends.page_scope(Scope(con, trends=False)) is None
    finally:
        con.close()


# --- --goals and --roadmap ---------------------------------------------------------------

GOALS = """[[objective]]
id = "O1"
title = "Spread knowledge"

[[objective.key_result]]
metric = "truck-factor"
target = 3
deadline = 2021-06-30
"""

ROADMAP = """[[initiative]]
id = "R1"
title = "Pair on a.py"
start = 2020-03-01
end = 2020-09-30
"""


def test_goals_and_roadmap_files_given(two: Path, tmp_path: Path) -> None:
    goals, roadmap = tmp_path / "g.toml", tmp_path / "r.toml"
    goals.write_text(GOALS)
    roadmap.write_text(ROADMAP)
    brief = brief_json(two, "--role", "tpm", "--goals", str(goals), "--roadmap", str(roadmap))
    headlines = {p["title"]: p["headline"] for p in brief["points"]}
    assert headlines["Goals"].startswith("1 key result: 1 ")
    assert headlines["Roadmap"].startswith("1 initiative: 0 done, 1 in progress, 0 planned")
    executive = brief_json(two, "--role", "executive", "--goals", str(goals))
    assert [p["title"] for p in executive["points"]][:2] == ["Risk register", "Goals"]


@pytest.mark.parametrize("command", ["report", "brief", "serve"])
def test_a_bad_goals_or_roadmap_file_is_one_line(two: Path, tmp_path: Path, command: str) -> None:
    missing = run_cli(command, "--goals", str(tmp_path / "nope.toml"), "--db", str(two))
    assert missing.exit_code == 2
    assert missing.stderr == f"techlead: error: {tmp_path / 'nope.toml'}: no such goals file\n"
    bad = tmp_path / "bad.toml"
    bad.write_text('[[initiative]]\nid = "R1"\nstart = "soon"\n')
    refused = run_cli(command, "--roadmap", str(bad), "--db", str(two))
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"techlead: error: {bad}:")
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr


# --- words, sparklines and the verdict, on any input -----------------------------------


def trend(values: list[float], words: str = "truck factor", scope: str = "two",
          unit: str = "") -> Trend:  # fmt: skip
    series = tuple((f"2020-{m + 1:02d}-01", v) for m, v in enumerate(values))
    return Trend("truck-factor", words, unit, scope, "higher", series)


def test_year_moves_say_the_ends_and_the_range() -> None:
    assert trends.year_move(trend([1, 2])) == "truck factor 1 → 2"
    assert trends.year_move(trend([2, 2, 2])) == "truck factor steady at 2"
    assert trends.year_move(trend([3, 1, 2])) == "truck factor 3 → 2 (lowest 1)"
    assert trends.year_move(trend([1, 5, 2])) == "truck factor 1 → 2 (highest 5)"
    assert trends.year_move(trend([2, 0, 5, 2])) == "truck factor 2 → 2 (between 0 and 5)"
    assert trends.year_move(trend([1])) == ""
    assert trends.spark(trend([1, 2, 3, 4, 5, 6, 7, 8])) == "▁▂▃▄▅▆▇█"
    assert trends.day_words("2025-12-01") == "1 December 2025"


def test_sparkline_escapes_names() -> None:
    svg = str(sparkline_svg(trend([1, 3, 2], scope="a\"<b>&'")))
    assert "a&#34;&lt;b&gt;&amp;&#39;" in svg and "<b>" not in svg
    assert '<polyline points="3,25 60,3 117,14"' in svg


def assert_agrees(verdict: str, lights: list[dict[str, Any]]) -> None:
    """Every part of the verdict says what the lights say: the state, each colour's count
    and names, and the direction of the metrics it names."""
    colours = [light["colour"] for light in lights]
    state = ("at risk" if "red" in colours else "needs attention" if "amber" in colours
             else "healthy" if "green" in colours else "not judged")  # fmt: skip
    assert verdict.startswith(f"Overall: {state}")
    assert f"of {len(lights)} lights, " in verdict
    for colour in ("red", "amber", "green", "grey"):
        named = [light["area"] for light in lights if light["colour"] == colour]
        said = re.search(rf"(\d+) {colour} \(([^)]*)\)", verdict)
        if named:
            assert said is not None and int(said.group(1)) == len(named)
            assert all(name in said.group(2) for name in named)
        else:
            assert said is None
    number = r"(-?\d+(?:\.\d+)?(?:e[+-]\d+)?)"
    for way, before, after in re.findall(rf" (up|down) {number}%? → {number}", verdict):
        assert (float(after) > float(before)) == (way == "up"), (verdict, way)


AREAS = ("Code health", "Knowledge", "Dependencies and security", "Standards")
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 1))


@st.composite
def lights(draw: st.DrawFn) -> list[Light]:
    found = []
    for area in AREAS:
        series = draw(st.lists(values, max_size=14))
        scan = draw(st.none() | st.tuples(values, values))
        t = Trend(f"m-{area}", draw(st.sampled_from(["truck factor", "checks passed"])),
                  draw(st.sampled_from(["", "%"])), "workspace",
                  draw(st.sampled_from(["higher", "lower"])),
                  tuple((f"2020-{i % 12 + 1:02d}-01", v) for i, v in enumerate(series)),
                  scan[0] if scan else None, scan[1] if scan else None,
                  "2020-01-10" if scan else "")  # fmt: skip
        colour = draw(st.sampled_from(["red", "amber", "green", "grey"]))
        found.append(Light(area, colour, "s", trends=(t,) if draw(st.booleans()) else ()))
    return found


@settings(max_examples=150, deadline=None)
@given(lights())
def test_verdict_agrees_with_any_lights(found: list[Light]) -> None:
    said = overall(found)
    assert_agrees(said, [{"area": light.area, "colour": light.colour} for light in found])
    assert said.endswith(".")
    for light in found:
        for t in light.trends:
            trends.sentence(light.trends)
            assert len(trends.spark(t)) == (len(t.series) if len(t.series) > 1 else 0)


@settings(max_examples=150, deadline=None)
@given(st.lists(values, min_size=2, max_size=14), st.text(max_size=30), st.text(max_size=30))
def test_any_sparkline_is_well_formed_svg(series: list[float], words: str, scope: str) -> None:
    t = trend(series, words=words, scope=scope)
    svg = str(sparkline_svg(t))
    if any((ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff" for c in words + scope):
        return  # XML 1.0 cannot hold these characters at all; an HTML parser shows them
    root = ET.fromstring(svg)
    # (an XML parser reads a line break or tab in an attribute as a space)
    assert root.get("aria-label") == re.sub(r"\r\n|[\t\n\r]", " ", label(t))
    assert root.find("title") is not None


def test_dashboard_draws_trends_and_the_verdict(two: Path) -> None:
    import http.client
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    command = [sys.executable, "-m", "techlead", "serve", "--port", str(port), "--db", str(two)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def get(path: str) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", path)
            return connection.getresponse().read()
        finally:
            connection.close()

    try:
        for _ in range(150):
            try:
                get("/static/style.css")
                break
            except OSError:
                time.sleep(0.1)
        section = json.loads(get("/section/knowledge.json"))["sections"][0]
        assert section["trend"].startswith("Since the scan of 2020-01-10: truck factor 1 → 2")
        assert [t["metric"] for t in section["trends"]] == ["truck-factor", "knowledge-islands"]
        home = get("/").decode()
        assert '<p class="verdict red"><b>Overall: at risk, and improving</b> — of 4 lights' in home
        assert '<svg class="spark"' in home
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_repository_page_back_computes_its_change_since_the_scan(
    make_repo: Any, db_path: Path
) -> None:
    # "two" as in the fixture beside "other" (Alice's o.py, unchanged), both scanned at each
    # moment. With two repositories a scan records each back-computed metric for the
    # workspace only; the page of "two" back-computes its truck factor at the moments of
    # the two scans: 1 on 2020-01-10 (Alice knows a.py, b.py), 2 on 2020-06-15.
    two, other = make_repo("two"), make_repo("other")
    other.commit("o", date="2020-01-03T12:00:00+00:00", files={"o.py": "o = 1\n"})
    two.commit("ab", date="2020-01-05T12:00:00+00:00",
               files={"a.py": "a = 1\n", "b.py": "b = 1\n"})  # fmt: skip
    paths = (str(two.path), str(other.path))
    scan_json(*paths, "--db", str(db_path), "--now", "2020-01-10")
    two.commit("cd", author=BOB, date="2020-02-10T12:00:00+00:00",
               files={"c.py": "c = 1\n", "d.py": "d = 1\n"})  # fmt: skip
    scan_json(*paths, "--db", str(db_path), "--now", NOW)
    from conftest import query_db

    scopes = query_db(db_path, "SELECT DISTINCT scope FROM metric_history "
                      "WHERE metric = 'truck-factor'")  # fmt: skip
    assert scopes == [("workspace",)]
    brief = brief_json(db_path, "--repo", "two")
    knowledge = next(light for light in brief["lights"] if light["area"] == "Knowledge")
    factor = next(t for t in knowledge["trends"] if t["metric"] == "truck-factor")
    assert (factor["scope"], factor["previous"], factor["latest"], factor["since"]) == (
        "two", 1, 2, "2020-01-10")  # fmt: skip
    assert knowledge["trend"].startswith("Since the scan of 2020-01-10: truck factor 1 → 2.")
