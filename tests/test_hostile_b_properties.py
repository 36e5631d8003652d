"""Generated documents thrown at the readers of part B: globs, CODEOWNERS, techlead.toml,
standards.toml and OSV data. Each either reads the input or says what is wrong in one
line (a TechleadError); nothing else escapes, and nothing hangs."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techlead.core import codeowners
from techlead.core.config import load_config
from techlead.core.errors import TechleadError
from techlead.core.globs import GlobError, compile_regex, globs_regex, names_regex
from techlead.risk import osv
from techlead.standards.config import load as load_standards

FAST = settings(
    max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
GLOB_TEXT = st.text(alphabet="ab/*?[]!^-\\.z{}()|+$ \n#@", max_size=30)
PATH = st.text(alphabet="ab/.z-", max_size=30)
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.dates()
)


def _one_line(exc: TechleadError) -> None:
    assert "\n" not in str(exc)


@FAST
@given(GLOB_TEXT, st.lists(PATH, max_size=5))
def test_a_glob_is_rejected_or_means_the_same_in_python_and_duckdb(
    glob: str, paths: list[str]
) -> None:
    try:
        regex = globs_regex([glob])
    except GlobError as exc:
        _one_line(exc)
        return
    compiled = compile_regex(regex)
    con = duckdb.connect()
    for path in paths:
        sql = con.execute("SELECT regexp_full_match(?, ?)", [path, regex]).fetchone()
        assert sql is not None and sql[0] == (compiled.match(path) is not None)


@FAST
@given(st.lists(st.text(max_size=15), min_size=1, max_size=4), st.text(max_size=20))
def test_name_globs_always_compile(globs: list[str], name: str) -> None:
    compile_regex(names_regex(globs)).match(name)


@FAST
@given(st.text(max_size=300), st.lists(PATH, max_size=5))
def test_codeowners_of_any_text(text: str, paths: list[str]) -> None:
    rules = codeowners.parse(text).rules
    assert len(codeowners.problems(rules, paths)) >= len(codeowners.unmatched(rules, paths))
    codeowners.email_owners(rules)


def _toml(draw: Any, tables: dict[str, list[str]]) -> dict[str, Any]:
    """A document with the right table names and keys (and some wrong), values of any
    type."""
    value = st.one_of(SCALAR, st.lists(st.one_of(SCALAR, GLOB_TEXT), max_size=3), GLOB_TEXT)
    doc: dict[str, Any] = {}
    for table, keys in tables.items():
        if draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from([*keys, "oops"]), max_size=4, unique=True))
            doc[table] = {k: draw(value) for k in chosen}
    return {k: _without_none(v) for k, v in doc.items()}


def _without_none(value: Any) -> Any:  # TOML has no null
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value if v is not None]
    return value


@st.composite
def techlead_tomls(draw: Any) -> dict[str, Any]:
    doc = _toml(
        draw,
        {
            "workspace": ["name"],
            "mining": ["exclude", "bots", "since", "complexity", "merge_names", "keep_texts"],
            "policy": ["activity_days", "hotspot_percentile", "truck_factor_min"],
            "roles": ["test", "docs"],
        },
    )
    for table in ("teams", "components"):
        if draw(st.booleans()):
            inner = _toml(draw, {"x": ["members", "paths", "repos"]})
            doc[table] = inner or draw(SCALAR.filter(lambda v: v is not None))
    if draw(st.booleans()):
        doc["repos"] = draw(
            st.lists(
                st.fixed_dictionaries({"path": st.sampled_from([".", "nope", ""])}), max_size=2
            )
        )
    return doc


@settings(FAST, max_examples=150)
@given(techlead_tomls())
def test_techlead_toml_reads_or_fails_in_one_line(tmp_path: Path, doc: dict[str, Any]) -> None:
    path = tmp_path / "techlead.toml"
    path.write_text(tomli_w.dumps(doc))
    try:
        load_config(path)
    except TechleadError as exc:
        _one_line(exc)


@settings(FAST, max_examples=100)
@given(st.text(max_size=200))
def test_techlead_toml_of_any_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "techlead.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_config(path)
    except TechleadError as exc:
        _one_line(exc)


@st.composite
def standards_tomls(draw: Any) -> dict[str, Any]:
    doc = _toml(draw, {"levels": ["order"], "secrets": ["allow", "fail_unshipped"]})
    keys = [
        "id",
        "title",
        "level",
        "weight",
        "fix",
        "where",
        "min",
        "max",
        "file_exists",
        "file_absent",
        "file_contains",
        "sql",
        "metric",
    ]
    inner = st.one_of(
        st.fixed_dictionaries({}, optional={"path": GLOB_TEXT, "regex": GLOB_TEXT}),
        st.fixed_dictionaries(
            {},
            optional={
                "analysis": st.sampled_from(["hotspots", "x"]),
                "column": st.sampled_from(["score", "entity"]),
            },
        ),
        st.fixed_dictionaries({}, optional={"repo": GLOB_TEXT, "os": st.text(max_size=3)}),
    )
    value = st.one_of(
        SCALAR,
        inner,
        GLOB_TEXT,
        st.lists(GLOB_TEXT, max_size=2),
        st.just("SELECT 1 WHERE $repo > 0"),
        st.floats(allow_nan=True),
    )
    checks = draw(st.lists(st.dictionaries(st.sampled_from(keys), value, max_size=5), max_size=3))
    doc["check"] = checks
    doc["exemption"] = draw(
        st.lists(
            st.dictionaries(
                st.sampled_from(["repo", "check", "reason", "expires", "x"]),
                st.one_of(st.text(max_size=5), st.dates(max_value=date(2100, 1, 1)), st.integers()),
            ),
            max_size=2,
        )
    )
    return {k: _without_none(v) for k, v in doc.items()}


@settings(FAST, max_examples=150)
@given(standards_tomls())
def test_standards_toml_reads_or_fails_in_one_line(tmp_path: Path, doc: dict[str, Any]) -> None:
    path = tmp_path / "standards.toml"
    path.write_text(tomli_w.dumps(doc))
    try:
        load_standards(path)
    except TechleadError as exc:
        _one_line(exc)


# ------------------------------------------------------------------------------- OSV

EVENT = st.dictionaries(
    st.sampled_from(["introduced", "fixed", "last_affected", "limit"]),
    st.one_of(st.sampled_from(["0", "1.0", "2.0.0", "1.2.3-rc1", "", "v1"]), st.text(max_size=6)),
    max_size=2,
)
RANGE = st.fixed_dictionaries(
    {"type": st.sampled_from(["ECOSYSTEM", "SEMVER", "GIT"]), "events": st.lists(EVENT, max_size=3)}
)
AFFECTED = st.fixed_dictionaries(
    {
        "package": st.fixed_dictionaries(
            {
                "ecosystem": st.sampled_from(["PyPI", "npm", "Go", "Maven", "crates.io", "Zz"]),
                "name": st.sampled_from(["a", "b"]),
            }
        ),
    },
    optional={"ranges": st.lists(RANGE, max_size=2), "versions": st.lists(st.text(max_size=5))},
)
RECORD = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=8)},
    optional={
        "affected": st.lists(AFFECTED, max_size=2),
        "severity": st.lists(
            st.fixed_dictionaries(
                {
                    "type": st.just("CVSS_V3"),
                    "score": st.sampled_from(
                        ["CVSS:3.1/AV:N", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "x"]
                    ),
                }
            )
        ),
        "withdrawn": st.text(max_size=3),
        "database_specific": st.fixed_dictionaries({"severity": st.text(max_size=8)}),
    },
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


def _mangled(record: dict[str, Any], draw: Any) -> dict[str, Any]:
    """The record with one field replaced by a value of any type."""
    if draw(st.booleans()):
        key = draw(st.sampled_from(["id", "affected", "aliases", "severity", "database_specific"]))
        record = {**record, key: draw(JSON)}
    return record


@settings(FAST, max_examples=150)
@given(st.data())
def test_osv_data_reads_or_warns(tmp_path: Path, data: st.DataObject) -> None:
    records = [_mangled(data.draw(RECORD), data.draw) for _ in range(data.draw(st.integers(1, 3)))]
    folder = tmp_path / "osv"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for n, record in enumerate(records):
        (folder / f"{n}.json").write_text(json.dumps(record))
    with zipfile.ZipFile(folder / "all.zip", "w") as archive:
        archive.writestr("z.json", json.dumps(data.draw(JSON)))
    try:
        db = osv.load(folder)
    except TechleadError as exc:
        _one_line(exc)
        return
    for ecosystem, name in db.by_package:
        for version in ("0.1", "1.0", "2.0.0", "v1", "x"):
            osv.affected(db, ecosystem, name, version)
        osv.possibly_affected(db, ecosystem, name, "^1")
