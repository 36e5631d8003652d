"""Report sections as readers see them (issue 14): what a headline counts, what a table
says when it is cut, what a chart's colours and ticks mean; each on a hand-built
repository, built in the test with the values worked out in its comments."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from techlead.communicate import (
    brief,
    code_sections,
    drilldown,
    governance_sections,
    people_sections,
)
from techlead.communicate.charts import AMBER, RED, date_axis, matrix
from techlead.communicate.model import Scope
from techlead.core.model import Section
from techlead.warehouse.connection import open_warehouse
from techlead.web.serialise import sections_json

from conftest import ALICE, BOB, CAROL, run_cli, scan_json

NOW = datetime.fromisoformat("2020-02-01T00:00:00+00:00")


@contextmanager
def scope_of(db: Path, **fields: Any) -> Iterator[Scope]:
    """A Scope over the warehouse, measured to NOW, as a page would build it."""
    con = open_warehouse(db, read_only=True)
    try:
        yield Scope(con, now=NOW, **fields)
    finally:
        con.close()


def section(db: Path, build: Callable[[Scope], Section], **fields: Any) -> Section:
    with scope_of(db, **fields) as scope:
        return build(scope)


def scan(db: Path, config: Path) -> None:
    scan_json("--db", str(db), "--config", str(config), "--now", NOW.date().isoformat())


def test_teams_headline_does_not_count_people_in_no_team(
    make_repo: Any, db_path: Path, tmp_path: Path
) -> None:
    # core = Alice, front = Bob; Carol is in no team.
    # src: Alice 5 changes, Bob 1 -> shared by core (5/6) and front (1/6).
    # lib: Alice 5 (with src: coupled, 5 shared of 6 and 11 revisions), Carol 6 -> its main
    #      team is (no team), which is no team: lib is not shared between teams, and the
    #      pair lib-src crosses no team boundary.
    # app: Bob 1.
    repo = make_repo("shop")
    for n in range(5):
        repo.commit(
            f"a{n}", author=ALICE, files={"src/a.py": f"a = {n}\n", "lib/b.py": f"b = {n}\n"}
        )
    repo.commit("bob", author=BOB, files={"src/a.py": "a = 9\n", "app/c.py": "c = 1\n"})
    for n in range(6):
        repo.commit(f"c{n}", author=CAROL, files={"lib/b.py": f"b = {n + 10}\n"})
    config = tmp_path / "techlead.toml"
    config.write_text(
        f'[[repos]]\npath = "{repo.path}"\n\n[teams.core]\nmembers = ["alice@example.com"]\n\n'
        '[teams.front]\nmembers = ["bob@example.com"]\n'
    )
    scan(db_path, config)
    coupled = run_cli("coupling", "--by", "component", "--db", str(db_path), "--format", "json")
    assert [(r["entity"], r["coupled"]) for r in json.loads(coupled.stdout)["rows"]] == [
        ("lib", "src")]  # fmt: skip
    teams = section(db_path, people_sections.teams_section)
    assert teams.headline == (
        "2 teams; 1 component changed by more than one team; 0 coupled pairs of components "
        "crossing a team boundary. 1 person of 3 is in no team; they change 1 component "
        "more than any team does."
    )
    assert [(t.title, [tuple(map(str, r)) for r in t.rows]) for t in teams.tables] == [
        (
            "Components several teams change",
            [("src", "core", "5", "83%"), ("src", "front", "1", "17%")],
        ),
        ("Components changed most by people in no team", [("lib", "6", "55%")]),
    ]


def test_teams_of_repositories_some_without_a_team(
    make_repo: Any, db_path: Path, tmp_path: Path
) -> None:
    # Nobody's team is configured; api is core's, web has no team.
    api, web = make_repo("api"), make_repo("web")
    api.commit("a", files={"src/a.py": "a = 1\n"})
    web.commit("w", author=BOB, files={"app/w.js": "w = 1\n"})
    config = tmp_path / "techlead.toml"
    config.write_text(f'[[repos]]\npath = "{api.path}"\nteam = "core"\n\n'
                      f'[[repos]]\npath = "{web.path}"\n')  # fmt: skip
    scan(db_path, config)
    teams = section(db_path, people_sections.teams_section)
    assert teams.headline == (
        "1 team owns 1 repository (core: api); 1 repository has no team (web); no person's "
        "team is configured, so a component counts for its repository's team; 0 coupled pairs "
        "of components across teams (changed for the same tickets)."
    )


def test_cut_tables_say_how_many_rows_there_were(
    make_repo: Any, db_path: Path, tmp_path: Path
) -> None:
    # Alice changes src/a.py 41 times; 15 more people add a file each: 16 main developers.
    repo = make_repo("shop")
    for n in range(41):
        repo.commit(f"a{n}", date=f"2020-01-{1 + n // 24:02d}T{n % 24:02d}:00:00+00:00",
                    files={"src/a.py": f"a = {n}\n"})  # fmt: skip
    for n in range(15):
        who = (f"Dev {n}", f"dev{n}@example.com")
        repo.commit(f"d{n}", author=who, date=f"2020-01-10T{n:02d}:00:00+00:00",
                    files={f"src/d{n}.py": f"d = {n}\n"})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path), "--now", NOW.date().isoformat())
    knowledge = section(db_path, people_sections.knowledge_section)
    [per_developer] = [t for t in knowledge.tables if t.title.startswith("Lines of code per")]
    assert (len(per_developer.rows), per_developer.total, per_developer.count) == (
        15, 16, "showing 15 of 16")  # fmt: skip
    with scope_of(db_path) as scope:
        [file] = drilldown.file_page(scope, "shop", "src/a.py")
        [person] = drilldown.person_page(scope, "Alice Smith")
    assert [(t.title, t.count) for t in file.tables] == [
        ("Authors", "1"),
        ("Recent commits (renames followed)", "showing 40 of 41"),
    ]
    assert [(t.title, t.count) for t in person.tables] == [
        ("The files they are the main developer of (most changed first), and who would take "
         "each over if they left", "1"),
        ("Recent commits", "showing 30 of 41"),
    ]  # fmt: skip
    # The page says so in the table's summary; the JSON twin gives the total.
    out = tmp_path / "report.html"
    run_cli("report", "--out", str(out), "--now", NOW.date().isoformat(), "--db", str(db_path))
    assert "<summary>Lines of code per main developer (showing 15 of 16)</summary>" in (
        out.read_text()
    )
    tables = sections_json([knowledge], None)["sections"][0]["tables"]
    assert [(len(t["rows"]), t["total"]) for t in tables if t["title"] == per_developer.title] == [
        (15, 16)]  # fmt: skip


ADR = "# 1. Use Python\n\nDate: {date}\n\n## Status\n\n{status}\n\n## Decision\n\nWe will.\n"


def test_adr_timeline_of_one_date_ticks_in_days(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("shop")
    record = ADR.format(date="2020-01-05", status="Accepted")
    repo.commit("adr", files={"doc/adr/0001-use-python.md": record})
    scan_json(str(repo.path), "--db", str(db_path), "--now", NOW.date().isoformat())
    decisions = section(db_path, governance_sections.decisions_section)
    assert decisions.chart is not None
    # One date: a four-week window around it, a tick a week from it, labelled by day.
    assert decisions.chart["layout"]["xaxis"] == {
        "type": "date",
        "tickformat": "%Y-%m-%d",
        "range": ["2019-12-22", "2020-01-19"],
        "tick0": "2020-01-05",
        "dtick": 7 * 86_400_000,
    }
    # The one status has its colour named in a legend.
    assert [t["name"] for t in decisions.chart["data"]] == ["accepted"]
    assert decisions.chart["layout"]["showlegend"] is True


def test_date_axis_pads_short_spans_only() -> None:
    # 2020-01-01 to 2020-01-11: ten days, a window around 2020-01-06.
    assert date_axis(["2020-01-11", "2020-01-01"]) == {
        "type": "date",
        "tickformat": "%Y-%m-%d",
        "range": ["2019-12-23", "2020-01-20"],
        "tick0": "2020-01-01",
        "dtick": 7 * 86_400_000,
    }
    # Four weeks or more: plotly chooses the ticks, labelled by day.
    assert date_axis(["2020-01-01", "2020-01-29"]) == {"type": "date", "tickformat": "%Y-%m-%d"}


def test_knowledge_and_loss_charts_explain_their_colours(make_repo: Any, db_path: Path) -> None:
    # Bob wrote lib/b.py in 2019 and has left (no commit in the 180 days before Alice's
    # last, 2020-01-02); Alice wrote src/a.py and is active.
    repo = make_repo("shop")
    repo.commit("b", author=BOB, date="2019-01-01T12:00:00+00:00",
                files={"lib/b.py": "b = 1\nc = 2\n"})  # fmt: skip
    repo.commit("a", files={"src/a.py": "a = 1\n"})
    repo.commit("a2", files={"src/a.py": "a = 2\n"})
    scan_json(str(repo.path), "--db", str(db_path), "--now", NOW.date().isoformat())
    left = "no commit in the 180 days before the newest commit of the repositories they worked in"
    knowledge = section(db_path, people_sections.knowledge_section)
    assert knowledge.chart is not None
    assert [(t["name"], t["marker"]["color"], t["y"]) for t in knowledge.chart["data"]] == [
        ("has left", RED, ["Bob Jones"]),
        ("active", AMBER, ["Alice Smith"]),
    ]
    # The bars keep their ranking (most lines first) across the two traces.
    assert knowledge.chart["layout"]["yaxis"]["categoryarray"] == ["Bob Jones", "Alice Smith"]
    assert knowledge.chart["layout"]["showlegend"] is True
    assert knowledge.caption == f"Red: the main developer has left ({left}); amber: still active."
    loss = section(db_path, people_sections.loss_section)
    assert loss.chart is not None
    assert [(t["name"], t["marker"]["color"], t["y"], t["x"]) for t in loss.chart["data"]] == [
        ("half or more", RED, ["lib"], [100]),
        ("less than half", AMBER, ["src"], [0]),
    ]
    assert loss.caption == (
        f"The share of each component's lines of code whose main developer has left ({left}). "
        "Red: half or more; amber: less than half."
    )


def test_matrix_reads_without_colour() -> None:
    # Two repositories, three checks: the checks, the longer list, run down the page.
    figure = matrix(["api", "web"], ["readme", "license", "no-hold"],
                    [[True, False, None], [True, True, None]])  # fmt: skip
    [heatmap] = figure["data"]
    assert (heatmap["x"], heatmap["y"]) == (["api", "web"], ["readme", "license", "no-hold"])
    assert heatmap["text"] == [["✓", "✓"], ["✗", "✓"], ["–", "–"]]
    assert heatmap["customdata"] == [["pass", "pass"], ["fail", "pass"], ["n/a", "n/a"]]
    assert heatmap["z"] == [[1.0, 1.0], [0.0, 1.0], [0.5, 0.5]]
    assert heatmap["texttemplate"] == "%{text}"
    # More repositories than checks: the repositories run down.
    wide = matrix(["a", "b", "c"], ["readme"], [[True], [False], [None]])["data"][0]
    assert (wide["x"], wide["y"], wide["text"]) == (["readme"], ["a", "b", "c"],
                                                    [["✓"], ["✗"], ["–"]])  # fmt: skip


def test_standards_section_marks_each_outcome(make_repo: Any, db_path: Path) -> None:
    # A README and no LICENSE; no radar given, so no-hold is not applicable.
    repo = make_repo("shop")
    repo.commit("start", files={"README.md": "# shop\n", "src/a.py": "a = 1\n"})
    scan_json(str(repo.path), "--db", str(db_path), "--now", NOW.date().isoformat())
    standards = section(db_path, governance_sections.standards_section)
    assert standards.chart is not None
    [heatmap] = standards.chart["data"]
    marks = dict(zip(heatmap["y"], (row[0] for row in heatmap["text"]), strict=True))
    assert (heatmap["x"], marks["readme"], marks["license"], marks["no-hold"]) == (
        ["shop"], "✓", "✗", "–")  # fmt: skip
    assert standards.caption.startswith("✓ pass (green), ✗ fail (red), – not applicable (grey)")


def headlines(db: Path, *builders: Callable[[Scope], Section]) -> list[str]:
    with scope_of(db) as scope:
        return [build(scope).headline for build in builders]


def test_sentences_with_one_of_everything(make_repo: Any, db_path: Path) -> None:
    # One repository named "one": Alice writes a.py (1 line) in one commit.
    repo = make_repo("one")
    repo.commit("a", files={"a.py": "a = 1\n"})
    scan_json(str(repo.path), "--db", str(db_path), "--now", NOW.date().isoformat())
    got = headlines(db_path, code_sections.overview, people_sections.knowledge_section,
                    code_sections.coupling_section, code_sections.architecture_section)  # fmt: skip
    assert got == [
        "1 repository, 1 commit (0 merges, 0 by bots) by 1 person (1 active), 1 line of code.",
        # not "Truck factor: one 1"
        "Truck factor 1: the departure of one person would leave over half of the files "
        "without anyone who knows them. 1 code file known by one person only (knowledge "
        "islands: one active person wrote 95% or more; documentation and data files left out).",
        "No pair of files changes together often enough to count as coupled.",
        "0 pairs of components change together.",
    ]
    with scope_of(db_path) as scope:
        [file] = drilldown.file_page(scope, "one", "a.py")
        [person] = drilldown.person_page(scope, "Alice Smith")
        [component] = drilldown.component_page(scope, "one", "(root)")
        lights = brief.briefing(scope, None, []).lights
    assert [file.headline, person.headline, component.headline] == [
        # a.py holds no function: no biomarker, code health 10
        "1 revision by 1 person on 2020-01-01; 1 line of code, code health 10.0 of 10 "
        "(healthy: 9 or more), cyclomatic complexity 0.",
        "1 commit in one on 2020-01-01; main developer of 1 file (1 line).",
        "1 file, 1 line of code, 1 file change; truck factor 1.",
    ]
    assert [(light.area, light.sentence) for light in lights][1:4:2] == [
        ("Knowledge", "The truck factor of one is 1; no component has lost the people who "
         "wrote 25% of its code."),
        ("Standards", "one misses the basic standards level (bronze)."),
    ]  # fmt: skip


def test_sentences_with_several_of_everything(make_repo: Any, db_path: Path) -> None:
    # one: Alice alone (truck factor 1); two: Alice's a.py and Bob's b.py, each needed
    # (2); three: Carol alone (1). Every repository misses bronze.
    one, two, three = make_repo("one"), make_repo("two"), make_repo("three")
    one.commit("a", files={"a.py": "a = 1\n"})
    two.commit("a", files={"a.py": "a = 1\n"})
    two.commit("b", author=BOB, files={"b.py": "b = 1\n"})
    three.commit("c", author=CAROL, files={"c.py": "c = 1\n"})
    for repo in (one, two, three):
        scan_json(str(repo.path), "--db", str(db_path), "--now", NOW.date().isoformat())
    [overview, knowledge] = headlines(db_path, code_sections.overview,
                                      people_sections.knowledge_section)  # fmt: skip
    assert overview == (
        "3 repositories, 4 commits (0 merges, 0 by bots) by 3 people (3 active), 4 lines of code."
    )
    assert knowledge.startswith(
        "Truck factor per repository: 1 in one and three; 2 in two (the fewest people whose "
        "departure would leave over half of a repository's files without anyone who knows "
        "them). 4 code files known by one person only"
    )
    with scope_of(db_path) as scope:
        lights = brief.briefing(scope, None, []).lights
    assert [light.sentence for light in lights][1:4:2] == [
        "The lowest truck factor of a repository is 1 (one); no component has lost the people "
        "who wrote 25% of its code.",
        "3 of 3 repositories miss the basic standards level (bronze).",
    ]


def test_one_coupled_pair_and_code_lost(make_repo: Any, db_path: Path) -> None:
    # Bob changes lib/a.py and lib/b.py together 5 times in 2019 (60 lines each at
    # the end) and leaves; Alice adds src/c.py in 2020. 1 pair of files is coupled (100%);
    # all 120 lines of lib were written by Bob, who has left.
    repo = make_repo("shop")
    for n in range(5):
        body = "".join(f"x{i} = {n}\n" for i in range(60))
        repo.commit(f"t{n}", author=BOB, date=f"2019-01-0{n + 1}T12:00:00+00:00",
                    files={"lib/a.py": body, "lib/b.py": body})  # fmt: skip
    repo.commit("c", files={"src/c.py": "c = 1\n"})
    scan_json(str(repo.path), "--db", str(db_path), "--now", NOW.date().isoformat())
    [coupling] = headlines(db_path, code_sections.coupling_section)
    assert coupling == (
        "1 pair of files that exist today (at least one of them code) changes together in at "
        "least 30% of their commits (strongest: lib/a.py and lib/b.py, 100%)."
    )
    rows = json.loads(run_cli("risk", "--db", str(db_path), "--format", "json").stdout)["rows"]
    [lost] = [r for r in rows if r["category"] == "knowledge"]
    assert lost["title"] == "100% of the code in lib was written by people who have left"
    assert lost["evidence"] == (
        "120 of 120 lines of code have a main developer with no commit in the 180 days before "
        "the newest commit of the repositories they worked in: Bob Jones"
    )
