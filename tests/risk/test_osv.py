"""OSV loading and matching on the real advisories of tests/data/corpus/osv; versions."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from techlead.core import versions
from techlead.risk.osv import OsvError, affected, cvss3_base_score, load, possibly_affected

from conftest import CORPUS

OSV = CORPUS / "osv"


@pytest.fixture(scope="module")
def db():  # type: ignore[no-untyped-def]
    return load(OSV)


@pytest.mark.parametrize(
    ("ecosystem", "name", "version", "expected"),
    [
        # introduced 0 / fixed 2.20.0
        ("PyPI", "requests", "2.19.1", [("GHSA-x84v-xcm2-53pg", ("2.20.0",))]),
        ("PyPI", "requests", "2.20.0", []),
        ("PyPI", "Requests", "2.0.0", [("GHSA-x84v-xcm2-53pg", ("2.20.0",))]),  # PEP 503
        # two affected entries: <1.26.17 and 2.0.0 - <2.0.6
        ("PyPI", "urllib3", "1.26.16", [("GHSA-v845-jxx5-vc9f", ("1.26.17",))]),
        ("PyPI", "urllib3", "1.26.17", []),
        ("PyPI", "urllib3", "2.0.5", [("GHSA-v845-jxx5-vc9f", ("2.0.6",))]),
        ("PyPI", "urllib3", "2.0.6", []),
        # last_affected 2.88.2: that version is affected, the next is not; no fix
        ("npm", "request", "2.88.2", [("GHSA-p8p7-x288-28g6", ())]),
        ("npm", "request", "2.88.3", []),
        # explicit versions[]
        ("npm", "event-stream", "3.3.6", [("GHSA-mh6f-8j2x-4483", ("4.0.0",))]),
        ("npm", "event-stream", "3.3.5", []),
        # withdrawn
        ("npm", "jsonwebtoken", "8.5.1", []),
        # two ranges in one entry
        ("npm", "minimist", "0.2.3", [("GHSA-xvch-5gv4-984h", ("0.2.4",))]),
        ("npm", "minimist", "1.2.5", [("GHSA-xvch-5gv4-984h", ("1.2.6",))]),
        ("npm", "minimist", "1.2.6", []),
        (
            "Maven",
            "org.apache.logging.log4j:log4j-core",
            "2.14.1",
            [("GHSA-jfh8-c2jp-5v3q", ("2.15.0",))],
        ),
        ("Maven", "org.apache.logging.log4j:log4j-core", "2.15.0", []),
        (
            "Go",
            "golang.org/x/net",
            "0.6.0",
            [("GHSA-vvpx-j8f3-3w6h", ("0.7.0",)), ("GO-2023-1571", ("0.7.0",))],
        ),
        ("Go", "golang.org/x/net", "0.7.0", []),
        ("crates.io", "regex", "1.5.4", [("GHSA-m5pq-gvj9-9vr8", ("1.5.5",))]),
        ("RubyGems", "nokogiri", "1.13.3", [("GHSA-crjr-9rc5-ghw8", ("1.13.4",))]),
        ("RubyGems", "nokogiri", "1.13.4", []),
    ],
)
def test_matches(db, ecosystem: str, name: str, version: str, expected: list) -> None:  # type: ignore[no-untyped-def]
    got = [(m.advisory.id, m.fixed) for m in affected(db, ecosystem, name, version)]
    assert got == expected


def test_every_record_loads_with_severity(db) -> None:  # type: ignore[no-untyped-def]
    assert db.records == 14 and db.warnings == []
    [log4shell] = [a for a in db.by_package[("Maven", "org.apache.logging.log4j:log4j-core")]]
    assert (log4shell.score, log4shell.level) == (10.0, "critical")
    assert "CVE-2021-44228" in log4shell.aliases


def test_possibly_affected(db) -> None:  # type: ignore[no-untyped-def]
    found = possibly_affected(db, "npm", "jsonwebtoken", "^8.0.0")  # only withdrawn: none
    assert found == []
    [(advisory, reason, fixed)] = possibly_affected(db, "PyPI", "requests", ">=2")
    assert advisory.id == "GHSA-x84v-xcm2-53pg" and reason == "version not resolved (spec >=2)"
    assert fixed == ("2.20.0",)
    # Two ranges (1.x and 2.x), each with its fix, in version order.
    [(advisory, _, fixed)] = possibly_affected(db, "PyPI", "urllib3", ">=1.26")
    assert advisory.id == "GHSA-v845-jxx5-vc9f" and fixed == ("1.26.17", "2.0.6")


def test_zip_layout_and_broken_records(tmp_path: Path) -> None:
    folder = tmp_path / "PyPI"
    folder.mkdir()
    with zipfile.ZipFile(folder / "all.zip", "w") as archive:
        archive.write(OSV / "GHSA-x84v-xcm2-53pg.json", "GHSA-x84v-xcm2-53pg.json")
        archive.writestr("broken.json", "{not json")
    (tmp_path / "README.txt").write_text("ignored\n")
    db = load(tmp_path)
    assert db.records == 1
    assert db.warnings == [
        f"{folder / 'all.zip'}:broken.json: not an OSV record "
        "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"
    ]
    assert [m.advisory.id for m in affected(db, "PyPI", "requests", "2.0")] == [
        "GHSA-x84v-xcm2-53pg"
    ]
    with pytest.raises(OsvError, match="no such file or directory"):
        load(tmp_path / "missing")


def test_cvss3_base_scores() -> None:
    assert cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") == 9.8
    assert cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H") == 10.0
    assert cvss3_base_score("CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N") == 5.3
    assert cvss3_base_score("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H") == 7.8
    assert cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N") == 0.0


@pytest.mark.parametrize(
    ("ecosystem", "lower", "higher"),
    [
        ("PyPI", "2.0", "1!0.1"),  # epoch
        ("PyPI", "1.0rc1", "1.0"),
        ("PyPI", "1.0.dev1", "1.0a1"),
        ("PyPI", "1.0", "1.0.post1"),
        ("npm", "1.0.0-alpha", "1.0.0-alpha.1"),
        ("npm", "1.0.0-alpha.1", "1.0.0-alpha.beta"),  # numeric before text
        ("npm", "1.0.0-beta.2", "1.0.0-beta.11"),  # numerically
        ("npm", "1.0.0-rc.1", "1.0.0"),
        ("Go", "0.0.0-20210101000000-abcdef123456", "0.0.1"),  # a pseudo-version
        ("Maven", "1.0-alpha", "1.0"),
        ("Maven", "2.0-beta9", "2.0-rc1"),
        ("Maven", "1-snapshot", "1"),
        ("Maven", "1", "1-sp"),
        ("Maven", "1-sp", "1.1"),
        ("RubyGems", "1.0.0.a", "1.0.0"),
        ("RubyGems", "1.0.a", "1.0.1"),
        ("RubyGems", "1.13.4.rc1", "1.13.4"),
    ],
)
def test_version_order(ecosystem: str, lower: str, higher: str) -> None:
    assert versions.key(ecosystem, lower) < versions.key(ecosystem, higher)


@pytest.mark.parametrize(
    ("ecosystem", "a", "b"),
    [
        ("Maven", "1.0", "1"),
        ("Maven", "1.0.0", "1"),
        ("Maven", "1-final", "1"),
        ("RubyGems", "1.0", "1"),
        ("npm", "1.0.0+build.5", "1.0.0"),
        ("Go", "v0.7.0", "0.7.0"),
    ],
)
def test_equal_versions(ecosystem: str, a: str, b: str) -> None:
    assert versions.key(ecosystem, a) == versions.key(ecosystem, b)


def test_invalid_versions() -> None:
    with pytest.raises(versions.InvalidVersion):
        versions.key("PyPI", "not a version")
    with pytest.raises(versions.InvalidVersion):
        versions.key("npm", "1.x")


DATA = Path(__file__).resolve().parents[1] / "data" / "osv"


@pytest.mark.parametrize(
    ("ecosystem", "name", "version", "hit"),
    [
        # TEST-2024-0001: [1.0.0-beta.2, 1.4.0) below the limit 2.0.0, and [2.1.0, 2.2.0)
        ("npm", "@scope/widget", "1.0.0-beta.1", False),  # before the pre-release
        ("npm", "@scope/widget", "1.0.0-beta.2", True),
        ("npm", "@scope/widget", "1.3.9", True),
        ("npm", "@scope/widget", "1.4.0", False),
        ("npm", "@scope/widget", "2.0.5", False),  # beyond the first range's limit
        ("npm", "@scope/widget", "2.1.7", True),
        ("npm", "@scope/widget", "2.2.0", False),  # the limit of the second range
        # TEST-2024-0002: everything up to 2.0rc1 inclusive; epoch 1 from 1!1.0 to 1!1.2
        ("PyPI", "some-package", "1.9", True),
        ("PyPI", "some.package", "2.0rc1", True),  # PEP 503 name; last_affected included
        ("PyPI", "some-package", "2.0", False),  # the release after the rc
        ("PyPI", "some-package", "1!1.1", True),
        ("PyPI", "some-package", "1!1.2", False),
        ("PyPI", "some-package", "1!0.5", False),  # epoch 1 is above every epoch-0 event
    ],
)
def test_hand_written_ranges(ecosystem: str, name: str, version: str, hit: bool) -> None:
    db = load(DATA)
    assert bool(affected(db, ecosystem, name, version)) is hit


def test_severity_from_a_label() -> None:
    db = load(DATA)
    [advisory] = db.by_package[("PyPI", "some-package")]
    assert (advisory.score, advisory.level) == (None, "medium")
    [widget] = db.by_package[("npm", "@scope/widget")]
    assert (widget.score, widget.level) == (7.5, "high")
