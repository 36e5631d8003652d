"""Documents a user names (a radar, a decision matrix, risks.toml) and dates: anything
malformed is a one-line error naming the file, the row or the key, never a traceback."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from techlead.core.dates import DateError, parse_date
from techlead.core.errors import ConfigError, TechleadError
from techlead.decisions import matrix, radar
from techlead.risk.hand_kept import load_hand_kept

from conftest import run_cli

NOW = datetime(2024, 6, 1, tzinfo=UTC)

# ---------------------------------------------------------------- radar files

BYOR_HEADER = "name,ring,quadrant,isNew,description\n"


def _radar_error(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(radar.RadarError) as caught:
        radar.load(path)
    message = str(caught.value)
    assert "\n" not in message
    return message.removeprefix(f"{path}")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("r.csv", BYOR_HEADER + "A,adopt,tools,false," + "x" * 140_000 + "\n",
         ":2: invalid CSV: field larger than field limit (131072)"),
        ("r.csv", BYOR_HEADER.encode() + b"Caf\xe9,adopt,tools,false,\n",
         ":2: not UTF-8 (byte 40); save it as UTF-8"),
        ("r.csv", BYOR_HEADER + "A,adopt,tools\nB,adopt\n", ": line 3: blip 'B' has no quadrant"),
        ("r.json", json.dumps([{"name": "A", "ring": "adopt", "quadrant": "tools",
                                "description": "x" * 140_000}]),
         ": entry #1: description is 140,000 characters long; at most 131,072"),
        ("r.json", json.dumps([{"name": "A", "ring": "adopt", "quadrant": "tools"}, 5]),
         ": entry #2: should be an object with name, ring, quadrant"),
        ("r.json", json.dumps([{"name": ["A"], "ring": "adopt", "quadrant": "tools"}]),
         ": entry #1: name should be text, not list"),
        ("r.json", "[" * 100_000, ": invalid JSON: nested too deeply"),
        ("r.json", json.dumps({"rings": [{"id": "adopt"}], "quadrants": [{"id": "tools"}],
                               "entries": {"a": 1}}),
         ": 'entries' should be a list of objects"),
        ("r.json", json.dumps({"rings": [{"id": "adopt"}], "quadrants": [{"id": "tools"}],
                               "entries": ["Kafka"]}),
         ": entry #1: should be an object (title, quadrant, timeline)"),
        ("r.json", json.dumps({"rings": [{"id": "adopt"}], "quadrants": [{"id": "tools"}],
                               "entries": [{"title": "K", "quadrant": "tools",
                                            "timeline": "adopt"}]}),
         ": entry #1: 'timeline' should be a list of objects (ringId, date)"),
        ("r.json", json.dumps({"rings": [{"id": ["adopt"]}], "quadrants": [{"id": "t"}]}),
         ": rings #1: 'id' should be a string or a number"),
        ("r.json", json.dumps({"entries": [{"label": "K", "quadrant": 0, "ring": 9}]}),
         ": ring index 9 of 'K' is not one of 0..3 (ADOPT, TRIAL, ASSESS, HOLD)"),
        ("r.json", json.dumps({"entries": [{"label": "K", "quadrant": True, "ring": 0}]}),
         ": quadrant index True of 'K' is not one of 0..3 (Languages, Infrastructure, "
         "Datastores, Data Management)"),
        ("r.json", json.dumps({"entries": [7]}),
         ": entry #1: should be an object (label, quadrant, ring)"),
        ("r.json", json.dumps({"entries": [{"label": "K", "quadrant": 0, "ring": 0,
                                            "moved": "up"}]}),
         ": entry #1: 'moved' should be -1, 0, 1 or 2"),
    ],
)  # fmt: skip
def test_a_malformed_radar_is_a_one_line_error_naming_the_row(
    tmp_path: Path, name: str, content: str | bytes, expected: str
) -> None:
    assert _radar_error(tmp_path, name, content) == expected


def test_a_backstage_ring_named_by_name_still_reads_its_move(tmp_path: Path) -> None:
    doc = {
        "rings": [{"id": "adopt", "name": "Adopt"}, {"id": "hold", "name": "Hold"}],
        "quadrants": [{"id": "tools", "name": "Tools"}],
        "entries": [{"title": "K", "quadrant": "tools", "timeline": [
            {"ringId": "hold", "date": "2020-01-01"}, {"ringId": "Adopt", "date": "2021-01-01"}
        ]}],
    }  # fmt: skip
    path = tmp_path / "b.json"
    path.write_text(json.dumps(doc))
    (blip,) = radar.load(path).blips
    assert (blip.name, blip.ring, blip.moved) == ("K", "Adopt", 1)


# ---------------------------------------------------------------- decision matrices

MATRIX = """title = "Broker"
{extra}
[[criteria]]
name = "Speed"
weight = {weight}
[[criteria]]
name = "Cost"
weight = 1
[[options]]
name = "Kafka"
scores = {{ "Speed" = {score}, "Cost" = 3 }}
[[options]]
name = "{second}"
scores = {{ "Speed" = 3, "Cost" = 3 }}
"""


def _matrix_error(tmp_path: Path, **fields: str) -> str:
    values = {"extra": "", "weight": "2", "score": "4", "second": "Rabbit", **fields}
    path = tmp_path / "m.toml"
    path.write_text(MATRIX.format(**values))
    with pytest.raises(TechleadError) as caught:  # MatrixError, or ConfigError for TOML
        matrix.load(path)
    assert "\n" not in str(caught.value)
    return str(caught.value).removeprefix(f"{path}: ")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"weight": "nan"}, "criterion 'Speed': weight must be a finite number, not nan"),
        ({"weight": "inf"}, "criterion 'Speed': weight must be a finite number, not inf"),
        ({"score": "-inf"}, "option 'Kafka': score for 'Speed' must be a finite number, not -inf"),
        ({"score": '"high"'}, "option 'Kafka': score for 'Speed' must be a number, not 'high'"),
        ({"weight": '"3"'}, "criterion 'Speed': weight must be a number, not '3'"),
        ({"extra": "margin = -0.1"}, "margin must not be negative (0.25 is 25%)"),
        ({"extra": "margin = nan"}, "margin must be a finite number, not nan"),
        ({"second": "Kafka"}, "options 'Kafka' appears twice"),
        ({"extra": 'scale = [5, 1]'}, "'scale' must be [low, high] with low below high"),
        ({"extra": "x = " + "[" * 100_000}, "invalid TOML: arrays or tables nested too deeply"),
    ],
)  # fmt: skip
def test_a_malformed_matrix_is_a_one_line_error_naming_the_key(
    tmp_path: Path, fields: dict[str, str], expected: str
) -> None:
    assert _matrix_error(tmp_path, **fields).startswith(expected)


def test_duplicate_criteria_and_items_of_the_wrong_type(tmp_path: Path) -> None:
    base = {"criteria": [{"name": "A"}, {"name": "A"}], "options": []}
    with pytest.raises(matrix.MatrixError, match=r"^m: criteria 'A' appears twice$"):
        matrix.parse(base, "m")
    with pytest.raises(matrix.MatrixError, match=r"^m: 'criteria' must be an array of tables"):
        matrix.parse({"criteria": [1]}, "m")
    doc = {"criteria": [{"name": "A"}], "options": [{"name": "X", "scores": [1]}]}
    with pytest.raises(matrix.MatrixError, match=r"^m: option 'X': 'scores' must be a table"):
        matrix.parse(doc, "m")
    doc["options"] = [{"name": "X", "scores": {"A": 1}, "meets": "all"}]
    with pytest.raises(matrix.MatrixError, match=r"^m: option 'X': 'meets' must be a list"):
        matrix.parse(doc, "m")


def test_decide_on_a_nan_weight_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(MATRIX.format(extra="", weight="nan", score="4", second="Rabbit"))
    result = run_cli("decide", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"techlead: error: {path}: criterion 'Speed': weight must be a finite number, not nan"
    ]


# ---------------------------------------------------------------- risks.toml


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("x = " + "[" * 100_000, "invalid TOML: arrays or tables nested too deeply"),
        ("risk = 1\n", "'risk' must be an array of tables ([[risk]])"),
        ('[[risk]]\nid = "R1"\ntitle = 5\n', "risk R1: 'title' must be a string"),
        ('[[risk]]\nid = "R1"\nowner = ["a"]\n', "risk R1: 'owner' must be a string"),
        ('[[risk]]\nid = "R1"\nimpact = true\n',
         "risk R1: 'impact' must be an integer from 1 to 5"),
        ('[[risk]]\nid = ""\n', "risk #1: every [[risk]] needs an 'id' string"),
        ("[[risk]]\nid = 3\n", "risk #1: every [[risk]] needs an 'id' string"),
    ],
)  # fmt: skip
def test_a_malformed_risks_file_is_a_one_line_error_naming_the_key(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "risks.toml"
    path.write_text(content)
    with pytest.raises(ConfigError) as caught:
        load_hand_kept(path)
    assert str(caught.value) == f"{path}: {expected}"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text",
    [
        "10000 years ago",
        "2000 years ago",
        "99999999999999999999 days ago",
        "9" * 5000 + " weeks ago",
        "0001-01-01",
        "9999-12-31T23:00:00-05:00",
    ],
)
def test_an_absurd_date_is_a_date_error(text: str) -> None:
    with pytest.raises(DateError, match="is out of range: give a date between the years 1000"):
        parse_date(text, now=NOW, what="--since")


def test_dates_in_range_still_read() -> None:
    assert parse_date("1000 years ago", now=NOW) == datetime(1024, 6, 1, tzinfo=UTC)
    assert parse_date("1000-01-01") == datetime(1000, 1, 1, tzinfo=UTC)


def test_an_absurd_since_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_cli("hotspots", "--since", "10000 years ago", "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "techlead: error: --since '10000 years ago' is out of range: give a date between the years "
        "1000 and 9000"
    ]
