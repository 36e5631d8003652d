"""Radar files of tests/data/corpus/radar and techlead radar check on a scanned repository."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techlead.decisions.radar import Blip, Radar, RadarError, load, normal
from techlead.decisions.radar_check import blips_in_use

from conftest import BOB, CORPUS, run_cli, scan_json

RADARS = CORPUS / "radar"


def where(radar: Radar, *names: str) -> list[tuple[str, str, str]]:
    """(name, ring, quadrant) of the named blips."""
    blips = {b.name: b for b in radar.blips}
    return [(n, blips[n].ring, blips[n].quadrant) for n in names]


def test_corpus_radars_name_their_own_quadrants_and_rings() -> None:
    # Every corpus file loads with no flags: the names are the file's own (BYOR: its
    # distinct quadrant and ring values; Backstage: its rings[] and quadrants[]; Zalando's
    # config.json has indexes only, so Zalando's published names).
    backstage = load(
        RADARS
        / "backstage--pri-campos-backstage-governance-techradar-lab--platform-tech-radar.json"
    )
    assert backstage.quadrants == ("Infrastructure", "Frameworks", "Languages", "Process")
    assert backstage.rings == ("ADOPT", "TRIAL", "ASSESS", "HOLD") and backstage.hold == "HOLD"
    assert len(backstage.blips) == 18
    assert backstage.blips[0] == Blip(
        "TypeScript", "ADOPT", "Languages", True, 0,
        "Primary language for frontend and backend development, enabling type safety and "
        "maintainability.",
    )  # fmt: skip
    assert where(backstage, "pnpm", "React", "Code Review") == [
        ("pnpm", "ADOPT", "Infrastructure"), ("React", "ADOPT", "Frameworks"),
        ("Code Review", "ADOPT", "Process"),
    ]  # fmt: skip

    zalando = load(RADARS / "zalando--zalando-tech-radar--config.json")
    assert zalando.quadrants == ("Languages", "Infrastructure", "Datastores", "Data Management")
    assert zalando.rings == ("ADOPT", "TRIAL", "ASSESS", "HOLD")
    assert len(zalando.blips) == 81  # every entry is active
    # "AWS Athena": quadrant 3, ring 1; "Clojure": quadrant 0, ring 3; Flink moved in (1);
    # Agentgateway is new (moved 2).
    assert where(zalando, "AWS Athena", "Clojure", "AWS DocumentDB", "AWS CloudFormation") == [
        ("AWS Athena", "TRIAL", "Data Management"), ("Clojure", "HOLD", "Languages"),
        ("AWS DocumentDB", "TRIAL", "Datastores"),
        ("AWS CloudFormation", "ADOPT", "Infrastructure"),
    ]  # fmt: skip
    blips = {b.name: b for b in zalando.blips}
    assert (blips["Flink"].moved, blips["Agentgateway"].is_new) == (1, True)

    # Knowit: five rings, all ring words: keep (innermost, as Knowit's own site has it),
    # adopt, trial, test (with assess), hold.
    knowit = load(RADARS / "byor--knowit-teknologiradar--2022-06-02.csv")
    assert knowit.quadrants == ("Languages", "Frameworks", "Methods", "Tools")
    assert knowit.rings == ("KEEP", "ADOPT", "TRIAL", "TEST", "HOLD") and knowit.hold == "HOLD"
    assert len(knowit.blips) == 338 and knowit.blips[0].name == "C/C++"
    assert where(knowit, "C/C++", "Java", "Clojure", "Kubernetes", "Card sorting") == [
        ("C/C++", "ADOPT", "Languages"), ("Java", "KEEP", "Languages"),
        ("Clojure", "TEST", "Languages"), ("Kubernetes", "KEEP", "Tools"),
        ("Card sorting", "ADOPT", "Methods"),
    ]  # fmt: skip

    # Capra: rings are the numbers 1-4 (in order), quadrants in order of first appearance.
    capra = load(RADARS / "byor--capraconsulting-capra-fagradar@e3f0ffa--radar.csv")
    assert capra.quadrants == ("Software Engineering", "Backend", "Plattform", "Frontend")
    assert capra.rings == ("1", "2", "3", "4") and capra.hold == "4"
    assert len(capra.blips) == 123
    assert where(capra, "Microservice Architecture", "OpenAPI", "Kubernetes", "NodeJS") == [
        ("Microservice Architecture", "1", "Software Engineering"), ("OpenAPI", "1", "Backend"),
        ("Kubernetes", "2", "Plattform"), ("NodeJS", "1", "Frontend"),
    ]  # fmt: skip
    # A name may stand in two quadrants: Python is 1 in Plattform and 2 in Backend.
    assert [(b.ring, b.quadrant) for b in capra.blips if b.name == "Python"] == [
        ("1", "Plattform"),
        ("2", "Backend"),
    ]

    # Nivå 1-4 appear as 2, 3, 1, 4: ordered by their number.
    tekled = load(RADARS / "byor--capraconsulting-capra-fagradar@e3f0ffa--radar_tekled.csv")
    assert tekled.quadrants == ("Teknisk", "Organisasjon", "Ledelse", "Smidig")
    assert tekled.rings == ("Nivå 1", "Nivå 2", "Nivå 3", "Nivå 4")
    assert len(tekled.blips) == 31 and tekled.hold == "Nivå 4"  # no ring named hold: the last
    assert where(tekled, "Test-Driven Development (TDD)", "Team Topologies", "SAFe") == [
        ("Test-Driven Development (TDD)", "Nivå 2", "Teknisk"),
        ("Team Topologies", "Nivå 1", "Organisasjon"), ("SAFe", "Nivå 4", "Smidig"),
    ]  # fmt: skip


def test_flags_override_the_files_names() -> None:
    # Flags name the quadrants and rings (however spelled): the file's values must be
    # among them; Zalando's indexes take the flags' names by position.
    tekled = load(
        RADARS / "byor--capraconsulting-capra-fagradar@e3f0ffa--radar_tekled.csv",
        rings=("nivå-1", "NIVÅ 2", "nivå_3", "Nivå  4"),
        quadrants=("Smidig", "Teknisk", "Organisasjon", "Ledelse"),
    )
    assert (tekled.quadrants, tekled.rings) == (
        ("Smidig", "Teknisk", "Organisasjon", "Ledelse"), ("nivå-1", "NIVÅ 2", "nivå_3", "Nivå  4")
    )  # fmt: skip
    assert where(tekled, "SAFe") == [("SAFe", "Nivå  4", "Smidig")]
    zalando = load(
        RADARS / "zalando--zalando-tech-radar--config.json",
        rings=("use", "try", "look", "stop"), quadrants=("l", "i", "d", "m"),
    )  # fmt: skip
    assert where(zalando, "AWS Athena") == [("AWS Athena", "try", "m")]
    with pytest.raises(RadarError) as error:
        load(RADARS / "byor--knowit-teknologiradar--2022-06-02.csv",
             quadrants=("Languages", "Frameworks", "Tools"))  # fmt: skip
    assert str(error.value).endswith(
        "quadrant 'Methods' is not one of the configured quadrants (Languages, Frameworks, Tools)"
    )
    with pytest.raises(RadarError) as error:
        load(RADARS / "backstage--pri-campos-backstage-governance-techradar-lab--platform-tech-"
             "radar.json", rings=("adopt", "trial", "assess"))  # fmt: skip
    assert str(error.value).endswith(
        "ring 'HOLD' is not one of the configured rings (adopt, trial, assess)"
    )


def test_quadrant_and_ring_names_compare_however_spelled(tmp_path: Path) -> None:
    spellings = ["Languages & Frameworks", "languages-and-frameworks", "Languages and frameworks",
                 "languages_and_frameworks", " LANGUAGES  &  FRAMEWORKS "]  # fmt: skip
    assert {normal(s) for s in spellings} == {"languages and frameworks"}
    assert normal("Nivå 2") == "nivå 2" and normal("C++ & Go!") == "c and go"
    radar = tmp_path / "radar.csv"
    radar.write_text(
        "name,ring,quadrant\n"
        + "".join(f"B{i},{ring},{q}\n" for i, (ring, q) in enumerate(zip(
            ["Adopt", "adopt", "ADOPT", "Hold", "hold "], spellings, strict=True)))
    )  # fmt: skip
    loaded = load(radar)
    # One quadrant, as first spelled, then Thoughtworks' other three; Thoughtworks' rings.
    assert loaded.quadrants == ("Languages & Frameworks", "techniques", "tools", "platforms")
    assert loaded.rings == ("Adopt", "trial", "assess", "Hold")
    assert {(b.ring, b.quadrant) for b in loaded.blips} == {
        ("Adopt", "Languages & Frameworks"), ("Hold", "Languages & Frameworks")
    }  # fmt: skip
    flagged = load(radar, quadrants=("languages and frameworks",), rings=("adopt", "hold"))
    assert {b.quadrant for b in flagged.blips} == {"languages and frameworks"}


def test_rings_and_quadrants_from_a_byor_file(tmp_path: Path) -> None:
    def names(rows: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        radar = tmp_path / "radar.csv"
        radar.write_text("name,ring,quadrant,isNew\n" + rows)
        loaded = load(radar)
        return loaded.rings, loaded.quadrants

    # Thoughtworks' rings in their order, whatever the file's order; the missing ones added.
    assert names("a,hold,tools,\nb,trial,tools,\n")[0] == ("adopt", "trial", "assess", "hold")
    # Other names: the order of first appearance, quadrants too (no more than four).
    assert names("a,Often,Q2,\nb,Never,Q1,\nc,Rarely,Q3,\n") == (
        ("Often", "Never", "Rarely"), ("Q2", "Q1", "Q3")
    )  # fmt: skip
    # All ending in a number: by that number.
    assert names("a,Ring 10,x,\nb,Ring 2,x,\n")[0] == ("Ring 2", "Ring 10")


def test_names_a_radar_cannot_have(tmp_path: Path) -> None:
    radar = tmp_path / "radar.csv"
    radar.write_text("name,ring,quadrant\n" + "".join(f"b{q},adopt,Q{q}\n" for q in range(5)))
    with pytest.raises(RadarError) as error:
        load(radar)
    assert str(error.value) == (
        f"{radar}: the file names 5 quadrants (Q0, Q1, Q2, Q3, Q4); a radar has at most 4"
    )
    # A typo in a ring name is a fifth ring: an error naming them all.
    radar.write_text("name,ring,quadrant\n" + "".join(
        f"b{r},{r},tools\n" for r in ("adopt", "trial", "Trail", "assess", "hold")))  # fmt: skip
    with pytest.raises(RadarError) as error:
        load(radar)
    assert str(error.value) == (
        f"{radar}: the file names 5 rings (adopt, trial, Trail, assess, hold); a radar has at "
        "most 4 unless they are all of keep, adopt, trial, assess, test, hold"
    )
    radar.write_text("name,ring,quadrant\nb,,tools\n")
    with pytest.raises(RadarError, match="blip 'b' has no ring"):
        load(radar)


def test_zalando_config_with_its_own_names(tmp_path: Path) -> None:
    # Zalando's radar_visualization config, saved whole: quadrants and rings by name.
    config = tmp_path / "config.json"
    config.write_text(json.dumps({
        "quadrants": [{"name": "Engineering"}, {"name": "DevOps"}],
        "rings": [{"name": "ADOPT", "color": "#93c47d"}, {"name": "HOLD", "color": "#efafa9"}],
        "entries": [{"quadrant": 1, "ring": 1, "label": "Jenkins", "active": True, "moved": -1},
                    {"quadrant": 0, "ring": 0, "label": "Java 17", "moved": 2}],
    }))  # fmt: skip
    radar = load(config)
    assert (radar.quadrants, radar.rings) == (("Engineering", "DevOps"), ("ADOPT", "HOLD"))
    assert radar.blips == (Blip("Jenkins", "HOLD", "DevOps", False, -1),
                           Blip("Java 17", "ADOPT", "Engineering", True, 0))  # fmt: skip
    config.write_text(json.dumps({"entries": [{"quadrant": 4, "ring": 0, "label": "X"}]}))
    with pytest.raises(RadarError) as error:
        load(config)
    assert str(error.value) == (
        f"{config}: quadrant index 4 of 'X' is not one of 0..3 "
        "(Languages, Infrastructure, Datastores, Data Management)"
    )


def test_radar_check(make_repo: Any, db_path: Path, tmp_path: Path) -> None:
    repo = make_repo("shop")
    repo.commit("c1", files={"requirements.txt": "requests==2.31.0\nflask==3.0.0\n",
                             "app.py": "".join(f"x{i} = {i}\n" for i in range(50))})  # fmt: skip
    repo.commit("c2", author=BOB, files={"Dockerfile": "FROM python:3.12\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    radar = tmp_path / "radar.csv"
    radar.write_text(
        "name,ring,quadrant,isNew,description\n"
        "Requests,hold,tools,FALSE,prefer httpx\n"
        "Python,adopt,languages-and-frameworks,FALSE,\n"
        "Kafka,adopt,platforms,TRUE,\n"
    )
    result = run_cli("radar", "check", str(radar), "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    # requests: on hold, used since c1 (2020-01-01); flask and docker are in use but not on
    # the radar; Kafka is adopt and unused. Python (100% of the code) is on the radar.
    assert [
        (r["finding"], r["technology"], r["repos"], r["evidence"]) for r in document["rows"]
    ] == [
        ("hold in use", "Requests", ["shop"], ["shop:requirements.txt"]),
        ("not on radar", "docker", ["shop"], ["shop:Dockerfile"]),
        ("not on radar", "flask", ["shop"], ["shop:requirements.txt"]),
        ("adopt unused", "Kafka", [], []),
    ]
    assert document["rows"][0]["since"].startswith("2020-01-01")
    # in use: Python, docker, flask, requests: Python is on the radar outside hold (1 of 4),
    # requests is on hold.
    assert document["notes"] == [
        "team (no team): 1 of 4 technologies in use are on the radar outside hold (25%); 1 on hold"
    ]
    strict = run_cli("radar", "check", str(radar), "--strict", "--db", str(db_path))
    assert strict.exit_code == 1
    radar.write_text("name,ring,quadrant,isNew,description\nX,sometimes,tools,FALSE,\n")
    bad = run_cli("radar", "check", str(radar), "--rings", "Adopt,Hold", "--db", str(db_path))
    assert bad.exit_code == 2
    assert "ring 'sometimes' is not one of the configured rings (Adopt, Hold)" in bad.stderr


def test_radar_render_marks_moves_from_git_and_escapes(make_repo: Any, tmp_path: Path) -> None:
    repo = make_repo("radar")
    header = "name,ring,quadrant,isNew,description\n"
    repo.commit("v1", files={"radar.csv": header + "Kafka,trial,platforms,FALSE,\n"
                             "Ant,adopt,tools,FALSE,\n"})  # fmt: skip
    repo.commit(
        "v2",
        files={
            "radar.csv": header + "Kafka,adopt,platforms,FALSE,\nAnt,hold,tools,FALSE,\n"
            '"<script>alert(1)</script>",assess,tools,TRUE,"a <b>bold</b> & risky idea"\n'
        },
    )
    out = tmp_path / "radar.html"
    result = run_cli("radar", "render", str(repo.path / "radar.csv"), "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text()
    # The quadrants: the file's in order of appearance (platforms, tools), then Thoughtworks'
    # other two. Legend order: quadrants, then rings, then names: platforms/adopt (1,
    # Kafka), tools/assess (2, the script blip), tools/hold (3, Ant). Kafka moved in
    # (trial -> adopt), Ant moved out (adopt -> hold), the script blip is new since v1.
    assert '<li value="1"><b>Kafka</b> (moved in)</li>' in page
    assert "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b> (new)" in page
    assert "<p>a &lt;b&gt;bold&lt;/b&gt; &amp; risky idea</p>" in page
    assert '<li value="3"><b>Ant</b> (moved out)</li>' in page
    # Each quadrant is named in the corner its middle points to (the first starts at 12
    # o'clock and turns clockwise: top right, bottom right, bottom left, top left).
    assert re.findall(r'text-anchor="(\w+)" dominant-baseline="(\w+)" font-size="17" '
                      r'font-weight="600" fill="#333">([^<]+)<',
                      page) == [("end", "hanging", "platforms"), ("end", "auto", "tools"),
                                ("start", "auto", "techniques"),
                                ("start", "hanging", "languages-and-frameworks")]  # fmt: skip
    assert "<script>" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )  # nothing to fetch: self-contained
    again = tmp_path / "again.html"
    run_cli("radar", "render", str(repo.path / "radar.csv"), "--out", str(again))
    assert again.read_text() == page  # deterministic layout


def test_blips_in_use_marked_on_the_page_and_in_the_report(
    make_repo: Any, db_path: Path, tmp_path: Path
) -> None:
    repo = make_repo("shop")
    repo.commit("c1", files={"requirements.txt": "requests==2.31.0\n",
                             "app.py": "".join(f"x{i} = {i}\n" for i in range(50))})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    radar = tmp_path / "radar.csv"
    radar.write_text(
        "name,ring,quadrant,isNew,description\n"
        "Requests,hold,tools,FALSE,prefer httpx\n"
        "Python,adopt,languages-and-frameworks,FALSE,\n"
        "Kafka,adopt,platforms,TRUE,\n"
    )
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        assert blips_in_use(con, load(radar)) == frozenset({"requests", "python"})
    finally:
        con.close()
    out = tmp_path / "radar.html"
    result = run_cli("radar", "render", str(radar), "--in-use", "--db", str(db_path),
                     "--out", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text()
    # Legend order, the quadrants as the file names them first: tools (Requests),
    # languages-and-frameworks (Python), platforms (Kafka).
    assert [line for line in page.splitlines() if line.startswith("<li value=")] == [
        '<li value="1"><b>Requests</b> <strong class="breach">! on hold, yet in use</strong>'
        "<p>prefer httpx</p></li>",
        '<li value="2"><b>Python</b> <span class="used">in use</span></li>',
        '<li value="3"><b>Kafka</b> (new)</li>',
    ]
    assert "red ring and !: on hold, yet in use</li>" in page
    # Without --in-use, the warehouse is not read and nothing is marked.
    plain = run_cli("radar", "render", str(radar), "--out", str(out))
    assert plain.exit_code == 0 and "in use" not in out.read_text()
    # The report's radar section marks the same blips.
    report = tmp_path / "report.html"
    made = run_cli("report", "--radar", str(radar), "--db", str(db_path), "--out", str(report))
    assert made.exit_code == 0, made.output
    html = report.read_text()
    assert '<b>Requests</b> <strong class="breach">! on hold, yet in use</strong>' in html
    assert '<b>Python</b> <span class="used">in use</span>' in html
