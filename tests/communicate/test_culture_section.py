"""The culture section on the hand-built history of tests/analyses/test_culture.py: its
tiles are the latest quarter's figures, its tables the figures per quarter and the
evidence, its chart one panel per view sharing the quarters."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from analyses.test_culture import TOML, build
from techlead.communicate.culture_section import culture_section
from techlead.communicate.model import Scope
from techlead.decisions.radar import Blip, Radar
from techlead.warehouse.connection import open_warehouse

from conftest import scan_json

RADAR = Radar(
    ("Adopt", "Trial", "Assess", "Hold"),
    ("Tools", "Techniques", "Platforms", "Languages & Frameworks"),
    (Blip("Flask", "Trial", "Tools"), Blip("React", "Adopt", "Tools")),
)


def test_the_section_shows_every_view(make_repo: Any, tmp_path: Path) -> None:
    build(make_repo("api"))
    (tmp_path / "techlead.toml").write_text(TOML)
    db = tmp_path / "wh.duckdb"
    scan_json("--db", str(db), cwd=tmp_path)
    con = open_warehouse(db, read_only=True)
    try:
        section = culture_section(Scope(con, radar=RADAR))
    finally:
        con.close()
    facts = dict(section.facts)
    # Q3 2024: no tie; 7 learning firsts (4 in Q2, 3 in Q3); 4 new dependencies, one
    # (Flask) on Trial.
    assert (facts["ties, last quarter"], facts["cross-team ties"], facts["density"]) == (0, 0, 0.0)
    assert facts["learning firsts since 2024-01-01"] == 7
    assert facts["new dependencies since 2024-01-01"] == 4
    assert facts["Trial/Assess blips adopted"] == 1
    assert section.headline.startswith("In the quarter of 2024-07-01, 2 people formed 0 ties")
    assert section.headline.endswith(
        "Since 2024-01-01: 7 firsts by people learning a component or technology new to "
        "them, and 4 new dependencies."
    )
    tables = {t.title: t for t in section.tables}
    assert list(tables["Ties, the latest quarter first, cross-team ties first"].rows) == [
        (date(2024, 4, 1), "Alice Smith", "Carol White", "alpha", "beta", "web"),
        (date(2024, 1, 1), "Alice Smith", "Bob Jones", "alpha", "alpha", "core"),
    ]
    new = tables["New dependencies, the latest first"].rows
    assert [(r[3], r[5]) for r in new] == [
        ("celery", None),
        ("react", "React (Adopt)"),
        ("flask", "Flask (Trial)"),
        ("requests", None),
    ]
    assert section.chart is not None
    data = section.chart["data"]
    assert [t["name"] for t in data] == [
        "ties", "cross-team ties", "people", "truck factor", "knowledge islands",
        "learning firsts", "people learning", "newcomers", "new dependencies", "on Trial/Assess",
    ]  # fmt: skip
    assert data[0]["x"] == ["2024-01-01", "2024-04-01", "2024-07-01"]
    assert data[0]["y"] == [1, 1, 0] and data[1]["y"] == [0, 1, 0]
    # cross-team ties and knowledge islands have a scale of their own, on the right
    assert (data[1]["yaxis"], data[4]["yaxis"]) == ("y5", "y6")
    assert section.chart["layout"]["yaxis6"]["overlaying"] == "y2"
    assert data[-2]["y"] == [1, 2, 1] and data[-1]["y"] == [0, 1, 0]
