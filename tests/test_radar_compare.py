"""techlead radar compare: two radars side by side (decisions/radar_compare.py)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techlead.core.errors import TechleadError
from techlead.decisions.radar import RING_WORDS, Blip, Radar, load
from techlead.decisions.radar_compare import (
    LESS,
    MORE,
    OURS_ONLY,
    SAME,
    THEIRS_ONLY,
    RadarDifference,
    adoption,
    compare,
    match_key,
)
from techlead.render.terminal import visible

from conftest import CORPUS, run_cli

RADARS = CORPUS / "radar"
KNOWIT = RADARS / "byor--knowit-teknologiradar--2022-06-02.csv"
ZALANDO = RADARS / "zalando--zalando-tech-radar--config.json"
BACKSTAGE = (
    RADARS / "backstage--pri-campos-backstage-governance-techradar-lab--platform-tech-radar.json"
)
CAPRA = RADARS / "byor--capraconsulting-capra-fagradar@e3f0ffa--radar.csv"

OURS_CSV = """name,ring,quadrant,isNew,description
Node.js,adopt,tools,FALSE,
Kafka,trial,platforms,FALSE,
Perl,hold,languages-and-frameworks,FALSE,
Rust,assess,languages-and-frameworks,FALSE,
Make,adopt,tools,FALSE,
kafka,hold,tools,FALSE,
"""
THEIRS_JSON = [
    {"name": "nodejs", "ring": "Trial", "quadrant": "Tools", "isNew": "FALSE"},
    {"name": "Kafka", "ring": "Adopt", "quadrant": "Platforms", "isNew": "FALSE"},
    {"name": "Perl", "ring": "Hold", "quadrant": "Languages & Frameworks", "isNew": "FALSE"},
    {"name": "RUST", "ring": "Assess", "quadrant": "Languages & Frameworks", "isNew": "TRUE"},
    {"name": "Zig", "ring": "Assess", "quadrant": "Languages & Frameworks", "isNew": "TRUE"},
]


def small_radars(tmp_path: Path) -> tuple[Path, Path]:
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.json"
    ours.write_text(OURS_CSV, encoding="utf-8")
    theirs.write_text(json.dumps(THEIRS_JSON), encoding="utf-8")
    return ours, theirs


def test_small_radars_compare_by_normalised_name_and_ring_order(tmp_path: Path) -> None:
    # Node.js = nodejs and Rust = RUST (radar.key); adopt beats trial (we adopt more),
    # trial is behind adopt (we adopt less); Kafka is listed twice in ours, the first counts.
    ours, theirs = small_radars(tmp_path)
    found = compare(load(ours), load(theirs))
    assert found.rows == [
        RadarDifference("Kafka", "trial", "Adopt", "platforms", "Platforms", LESS),
        RadarDifference("Node.js", "adopt", "Trial", "tools", "Tools", MORE),
        RadarDifference(
            "Perl", "hold", "Hold", "languages-and-frameworks", "Languages & Frameworks", SAME
        ),
        RadarDifference(
            "Rust", "assess", "Assess", "languages-and-frameworks", "Languages & Frameworks", SAME
        ),
        RadarDifference("Make", "adopt", None, "tools", None, OURS_ONLY),
        RadarDifference("Zig", None, "Assess", None, "Languages & Frameworks", THEIRS_ONLY),
    ]
    assert found.notes == [
        "4 technologies on both radars, 2 in a different ring (1 we adopt more, 1 less); "
        "1 only on ours, 1 only on theirs",
        "our radar lists 'kafka' more than once; compared at its first listing (trial, platforms)",
    ]


def test_rings_without_ring_words_are_placed_by_their_order(tmp_path: Path) -> None:
    # Three numbered rings: "1" reads as adopt (1), "2" halfway (2.5), "3" as hold (4).
    # So "2" is behind trial (2) and ahead of assess (3).
    ours = tmp_path / "ours.csv"
    ours.write_text("name,ring,quadrant\nA,1,q\nB,2,q\nC,2,q\nD,3,q\n", encoding="utf-8")
    theirs = tmp_path / "theirs.csv"
    theirs.write_text(
        "name,ring,quadrant\nA,adopt,q\nB,trial,q\nC,assess,q\nD,hold,q\n", encoding="utf-8"
    )
    mine = load(ours)
    assert [adoption(mine, r) for r in mine.rings] == [1.0, 2.5, 4.0]
    assert [r.finding for r in compare(mine, load(theirs)).rows] == [SAME, LESS, MORE, SAME]


def test_keep_and_test_rings_take_their_ring_word_places() -> None:
    # Knowit's KEEP sits before adopt and TEST with assess (radar.RING_WORDS).
    knowit = load(KNOWIT)
    assert adoption(knowit, "KEEP") == RING_WORDS["keep"] == 0
    assert adoption(knowit, "TEST") == adoption(knowit, "ASSESS") == 3


def test_backstage_against_zalando() -> None:
    # Only TypeScript is on both (ADOPT on each); Backstage has 18 blips, Zalando 81.
    found = compare(load(BACKSTAGE), load(ZALANDO))
    both = [r for r in found.rows if r.finding not in (OURS_ONLY, THEIRS_ONLY)]
    assert both == [RadarDifference("TypeScript", "ADOPT", "ADOPT", "Languages", "Languages", SAME)]
    assert found.notes == [
        "1 technology on both radars, 0 in a different ring (0 we adopt more, 0 less); "
        "17 only on ours, 80 only on theirs"
    ]


def test_knowit_against_zalando() -> None:
    # Worked out from the two files: Knowit's KEEP is ahead of ADOPT, TEST equals ASSESS.
    found = compare(load(KNOWIT), load(ZALANDO))
    both = [
        (r.technology, r.ours_ring, r.theirs_ring, r.finding)
        for r in found.rows
        if r.finding not in (OURS_ONLY, THEIRS_ONLY)
    ]
    assert both == [
        ("AWS Athena", "TRIAL", "TRIAL", SAME),
        ("AWS CloudFront", "ADOPT", "ADOPT", SAME),
        ("AWS DynamoDB", "ADOPT", "ADOPT", SAME),
        ("AWS Glue", "TRIAL", "ASSESS", MORE),
        ("Clojure", "TEST", "HOLD", MORE),
        ("Dart", "ADOPT", "TRIAL", MORE),
        ("Databricks", "TRIAL", "ADOPT", LESS),
        ("DBT", "TEST", "TRIAL", LESS),
        ("Docker", "KEEP", "ADOPT", MORE),
        ("Go", "TRIAL", "ADOPT", LESS),
        ("Google BigQuery", "ADOPT", "TRIAL", MORE),
        ("GraalVM", "TEST", "HOLD", MORE),
        ("GraphQL", "ADOPT", "ADOPT", SAME),
        ("Java", "KEEP", "ADOPT", MORE),
        ("JavaScript", "HOLD", "ADOPT", LESS),
        ("Kafka", "KEEP", "ADOPT", MORE),
        ("Kotlin", "KEEP", "ADOPT", MORE),
        ("Kotlin Multiplatform", "TEST", "ASSESS", SAME),
        ("Kubernetes", "ADOPT", "ADOPT", SAME),
        ("MongoDB", "TRIAL", "HOLD", MORE),
        ("MySql", "HOLD", "HOLD", SAME),
        ("OracleDB", "HOLD", "HOLD", SAME),
        ("PostgreSQL", "KEEP", "ADOPT", MORE),
        ("Python", "KEEP", "ADOPT", MORE),
        ("Redis", "ADOPT", "HOLD", MORE),
        ("Rust", "TRIAL", "HOLD", MORE),
        ("Scala", "HOLD", "ADOPT", LESS),
        ("Swift", "KEEP", "ADOPT", MORE),
        ("Typescript", "ADOPT", "ADOPT", SAME),
        ("WebAssembly", "TEST", "TRIAL", LESS),
    ]
    assert found.notes[0] == (
        "30 technologies on both radars, 21 in a different ring (15 we adopt more, 6 less); "
        "302 only on ours, 51 only on theirs"
    )


def test_cli_json_rows_carry_the_asked_keys(tmp_path: Path) -> None:
    ours, theirs = small_radars(tmp_path)
    result = run_cli("radar", "compare", str(ours), str(theirs), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["rows"][1] == {
        "technology": "Node.js",
        "ours_ring": "adopt",
        "theirs_ring": "Trial",
        "ours_quadrant": "tools",
        "theirs_quadrant": "Tools",
        "finding": "we adopt more",
    }
    assert document["rows"][-1]["finding"] == "theirs only"


def test_cli_csv_and_table(tmp_path: Path) -> None:
    ours, theirs = small_radars(tmp_path)
    csv_out = run_cli("radar", "compare", str(ours), str(theirs), "--format", "csv")
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.stdout.splitlines()[:2] == [
        "technology,ours_ring,theirs_ring,ours_quadrant,theirs_quadrant,finding",
        "Kafka,trial,Adopt,platforms,Platforms,we adopt less",
    ]
    table = run_cli("radar", "compare", str(ours), str(theirs))
    assert table.exit_code == 0
    assert "4 technologies on both radars" in table.stdout


def test_a_bad_radar_is_one_line_and_exit_2(tmp_path: Path) -> None:
    ours, _ = small_radars(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"entries": [', encoding="utf-8")
    result = run_cli("radar", "compare", str(ours), str(bad))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"techlead: error: {bad}:1: invalid JSON: Expecting value"
    ]
    missing = run_cli("radar", "compare", str(tmp_path / "none.csv"), str(ours))
    assert missing.exit_code == 2 and len(missing.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------ properties

NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
RING_NAMES = st.sampled_from(["adopt", "trial", "assess", "hold", "keep", "test", "1", "2", "x"])


@st.composite
def radars(draw: st.DrawFn) -> Radar:
    rings = tuple(draw(st.lists(RING_NAMES, min_size=1, max_size=5, unique=True)))
    quadrants = ("a", "b", "c", "d")
    blips = draw(
        st.lists(
            st.builds(Blip, NAMES, st.sampled_from(rings), st.sampled_from(quadrants)),
            max_size=25,
        )
    )
    return Radar(rings, quadrants, tuple(blips))


KNOWIT_RADAR = load(KNOWIT)
OPPOSITE = {SAME: SAME, MORE: LESS, LESS: MORE, OURS_ONLY: THEIRS_ONLY, THEIRS_ONLY: OURS_ONLY}


@settings(max_examples=150, deadline=5000)
@given(radars(), radars())
def test_compare_is_whole_and_symmetric(ours: Radar, theirs: Radar) -> None:
    found = compare(ours, theirs)
    swapped = compare(theirs, ours)
    assert sorted(OPPOSITE[r.finding] for r in found.rows) == sorted(
        r.finding for r in swapped.rows
    )
    mine, other = ({match_key(b.name) for b in r.blips} for r in (ours, theirs))
    findings = [r.finding for r in found.rows]
    assert len(findings) == len(mine | other)
    assert findings.count(OURS_ONLY) == len(mine - other)
    assert findings.count(THEIRS_ONLY) == len(other - mine)
    assert all(r.ours_ring is not None for r in found.rows if r.finding != THEIRS_ONLY)
    assert found.notes[0].startswith(f"{len(mine & other)} technolog")


@settings(
    max_examples=120, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(NAMES, NAMES, NAMES), max_size=12),
    st.sampled_from([".csv", ".json"]),
)
def test_generated_radar_files_compare_or_fail_in_one_line(
    tmp_path: Path, rows: list[tuple[str, str, str]], suffix: str
) -> None:
    path = tmp_path / f"generated{suffix}"
    if suffix == ".csv":
        body = "name,ring,quadrant\n" + "".join(
            ",".join('"' + v.replace('"', '""') + '"' for v in row) + "\n" for row in rows
        )
    else:
        body = json.dumps([{"name": n, "ring": r, "quadrant": q} for n, r, q in rows])
    path.write_text(body, encoding="utf-8")
    try:
        radar = load(path)
    except TechleadError as exc:  # printed as one line: the CLI shows control characters
        assert "\n" not in visible(str(exc))
        return
    found = compare(radar, KNOWIT_RADAR)
    assert len(found.rows) == len({match_key(r.technology) for r in found.rows})
