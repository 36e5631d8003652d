"""Generated documents thrown at every manifest and lockfile parser, the radar readers,
the decision matrix reader, risks.toml and the date parser: each either reads the document
or says what is wrong (a one-line warning, or the project's one-line error), never
another exception, never a hang."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli_w
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techlead.core.dates import DateError, parse_date
from techlead.core.errors import TechleadError
from techlead.decisions import matrix, radar
from techlead.mining.manifests import registrations
from techlead.mining.manifests.model import Parsed
from techlead.risk.hand_kept import load_hand_kept

# Keys the parsers look for, so generated documents reach past the first check.
_WORDS = (
    "dependencies devDependencies optionalDependencies peerDependencies packages importers "
    "jobs steps uses services image project optional-dependencies dependency-groups tool "
    "poetry group dev-dependencies package name version source category default develop "
    "require require-dev packages-dev target workspace build-dependencies resolved type "
    "dev link node_modules/a __metadata . criteria options must scores weight meets scale "
    "margin title direction risk id likelihood impact status review owner entries rings "
    "quadrants timeline ringId date quadrant ring label moved active key description isNew"
)
KEYS = tuple(_WORDS.split())
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(KEYS)
    | st.text(max_size=12)
)
JSON_SCALARS = SCALARS.filter(lambda v: not isinstance(v, float) or (v == v and abs(v) < 1e300))
KEY = st.sampled_from(KEYS) | st.text(max_size=8)


def documents(scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEY, inner, max_size=5),
        max_leaves=25,
    )


FAST = settings(
    max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow]
)  # a parser's whole run: well under 5 s for 150 documents
PARSERS = registrations()
PATHS = [glob.lstrip("/").replace("**/", "").replace("*", "x") for glob, _ in PARSERS]


def _check(parsed: Parsed) -> None:
    for warning in parsed.warnings:
        assert "\n" not in warning.message
    for dep in parsed.dependencies:
        assert isinstance(dep.name, str)
        assert dep.version is None or isinstance(dep.version, str)
        assert dep.spec is None or isinstance(dep.spec, str)


def _serialised(doc: Any, path: str) -> str:
    if path.endswith((".json", ".lock.json")) or path.endswith("package.json"):
        return json.dumps(doc)
    if path.endswith((".toml", ".lock", "Pipfile")) and isinstance(doc, dict):
        try:
            return tomli_w.dumps(doc)
        except (TypeError, ValueError):
            return json.dumps(doc, default=str)
    return yaml.safe_dump(doc)


@FAST
@given(st.sampled_from(range(len(PARSERS))), documents(JSON_SCALARS))
def test_every_parser_reads_or_warns_on_generated_documents(index: int, doc: Any) -> None:
    (_, parser), path = PARSERS[index], PATHS[index]
    _check(parser(path, _serialised(doc, path), lambda _: None))


@FAST
@given(st.sampled_from(range(len(PARSERS))), st.text(max_size=300))
def test_every_parser_reads_or_warns_on_any_text(index: int, text: str) -> None:
    (_, parser), path = PARSERS[index], PATHS[index]
    _check(parser(path, text, lambda _: None))


@settings(max_examples=30, deadline=5000)
@given(st.sampled_from(range(len(PARSERS))), st.sampled_from("[{(\"'\\ -:<"), st.integers(1, 3))
def test_every_parser_survives_deep_or_long_runs(index: int, char: str, power: int) -> None:
    (_, parser), path = PARSERS[index], PATHS[index]
    _check(parser(path, "a" + char * 10**power * 30, lambda _: None))


# The examples' files, in one folder removed when the tests end (a fixture's tmp_path
# would be shared by every example of a property anyway).
_SCRATCH = tempfile.TemporaryDirectory(prefix="techlead-properties-")


def _in_file(name: str, content: str | bytes) -> Path:
    folder = Path(tempfile.mkdtemp(dir=_SCRATCH.name))
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@FAST
@given(documents(JSON_SCALARS))
def test_the_radar_reader_reads_or_says_what_is_wrong(doc: Any) -> None:
    try:
        radar.load(_in_file("radar.json", json.dumps(doc)))
    except radar.RadarError as exc:
        assert "\n" not in str(exc)


@FAST
@given(st.lists(st.lists(st.text(max_size=8) | st.sampled_from(KEYS), max_size=6), max_size=6))
def test_the_radar_csv_reader_reads_or_says_what_is_wrong(rows: list[list[str]]) -> None:
    text = "name,ring,quadrant,isNew,description\n" + "\n".join(",".join(r) for r in rows)
    try:
        radar.load(_in_file("radar.csv", text))
    except radar.RadarError as exc:
        assert "\n" not in str(exc)


@FAST
@given(documents(SCALARS))
def test_the_matrix_reader_reads_or_says_what_is_wrong(doc: Any) -> None:
    try:
        parsed = matrix.parse(doc if isinstance(doc, dict) else {"options": doc}, "m.toml")
    except matrix.MatrixError as exc:
        assert "\n" not in str(exc)
        return
    matrix.notes(parsed)  # a matrix that reads also ranks and explains itself


@FAST
@given(st.dictionaries(KEY, documents(JSON_SCALARS), max_size=4))
def test_the_risks_reader_reads_or_says_what_is_wrong(doc: dict[str, Any]) -> None:
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):  # None, or mixed arrays tomli_w cannot write: no file
        return
    try:
        load_hand_kept(_in_file("risks.toml", text))
    except TechleadError as exc:
        assert "\n" not in str(exc)


@FAST
@given(
    st.text(max_size=30)
    | st.builds(
        lambda n, unit: f"{n} {unit} ago",
        st.integers(0, 10**30),
        st.sampled_from(["days", "weeks", "months", "years", "day"]),
    )
)
def test_the_date_parser_reads_or_says_what_is_wrong(text: str) -> None:
    try:
        value = parse_date(text, now=datetime(2024, 6, 1, tzinfo=UTC))
    except DateError as exc:
        assert "\n" not in str(exc)
        return
    assert 1000 <= value.astimezone(UTC).year <= 9000
