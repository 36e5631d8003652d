"""Radar files of tests/data/corpus/radar and techlead radar check on a scanned repository."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from techlead.decisions.radar import Blip, RadarError, load

from conftest import BOB, CORPUS, run_cli, scan_json

RADARS = CORPUS / "radar"


def test_corpus_radars() -> None:
    backstage = load(
        RADARS
        / "backstage--pri-campos-backstage-governance-techradar-lab--platform-tech-radar.json"
    )
    assert len(backstage.blips) == 18 and backstage.rings == ("ADOPT", "TRIAL", "ASSESS", "HOLD")
    assert backstage.hold == "HOLD"
    assert backstage.blips[0] == Blip(
        "TypeScript", "ADOPT", "Languages", True, 0,
        "Primary language for frontend and backend development, enabling type safety and "
        "maintainability.",
    )  # fmt: skip
    zalando = load(
        RADARS / "zalando--zalando-tech-radar--config.json",
        quadrants=("languages", "infrastructure", "datastores", "data management"),
    )
    assert len(zalando.blips) == 81  # every entry is active
    knowit = load(
        RADARS / "byor--knowit-teknologiradar--2022-06-02.csv",
        rings=("ADOPT", "TRIAL", "TEST", "KEEP", "HOLD"),
        quadrants=("Languages", "Frameworks", "Tools", "Methods"),
    )
    assert len(knowit.blips) == 338 and knowit.blips[0].name == "C/C++"
    tekled = load(
        RADARS / "byor--capraconsulting-capra-fagradar@e3f0ffa--radar_tekled.csv",
        rings=("Nivå 1", "Nivå 2", "Nivå 3", "Nivå 4"),
        quadrants=("Teknisk", "Smidig", "Organisasjon", "Ledelse"),
    )
    assert len(tekled.blips) == 31 and tekled.hold == "Nivå 4"  # no ring named hold: the last
    with pytest.raises(RadarError, match="quadrant 'Software Engineering' is not one of"):
        load(RADARS / "byor--capraconsulting-capra-fagradar@e3f0ffa--radar.csv")
    with pytest.raises(RadarError, match="quadrant 'Languages' is not one of the configured"):
        load(RADARS / "byor--knowit-teknologiradar--2022-06-02.csv")


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
    bad = run_cli("radar", "check", str(radar), "--db", str(db_path))
    assert bad.exit_code == 2
    assert "ring 'sometimes' is not one of the configured rings (adopt, trial, assess, hold)" in (
        bad.stderr
    )


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
    # Legend order: quadrants, then rings, then names: tools/assess (1, the script blip),
    # tools/hold (2, Ant), platforms/adopt (3, Kafka). Kafka moved in (trial -> adopt),
    # Ant moved out (adopt -> hold), the script blip is new since v1.
    assert '<li value="2"><b>Ant</b> (moved out)</li>' in page
    assert "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b> (new)" in page
    assert "<p>a &lt;b&gt;bold&lt;/b&gt; &amp; risky idea</p>" in page
    assert '<li value="3"><b>Kafka</b> (moved in)</li>' in page
    # Each quadrant is named in the corner its middle points to (the first starts at 12
    # o'clock and turns clockwise: top right, bottom right, bottom left, top left).
    assert re.findall(r'text-anchor="(\w+)" dominant-baseline="(\w+)" class="quadname">([^<]+)<',
                      page) == [("end", "hanging", "techniques"), ("end", "auto", "tools"),
                                ("start", "auto", "platforms"),
                                ("start", "hanging", "languages-and-frameworks")]  # fmt: skip
    assert "<script>" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )  # nothing to fetch: self-contained
    again = tmp_path / "again.html"
    run_cli("radar", "render", str(repo.path / "radar.csv"), "--out", str(again))
    assert again.read_text() == page  # deterministic layout
