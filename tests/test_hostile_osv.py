"""Hostile OSV data: zip bombs refused member by member, records of the wrong shape or
nested too deeply skipped with a warning naming them, the rest read."""

from __future__ import annotations

import json
import os
import resource
import zipfile
from pathlib import Path

import pytest

from techlead.risk import osv, osv_files
from techlead.risk.osv import OsvError

GOOD = {
    "id": "GHSA-good",
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "requests"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}],
        }
    ],
}


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _bomb(size: int) -> bytes:
    """A JSON document of ``size`` bytes that compresses a thousandfold."""
    return b'{"id": "' + b"A" * (size - 10) + b'"}'


def test_a_zip_bomb_member_is_refused_and_named(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "all.zip",
        {"bomb.json": _bomb(200 << 20), "good.json": json.dumps(GOOD).encode()},
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    db = osv.load(archive)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert db.records == 1
    [warning] = db.warnings
    compressed = zipfile.ZipFile(archive).getinfo("bomb.json").compress_size
    assert warning == (
        f"{archive}:bomb.json: refused: it expands beyond 100 times its compressed size of "
        f"{compressed} bytes (a zip bomb?)"
    )
    assert grown_kib < 64 << 10  # read as a stream: not the 200 MiB it expands to
    assert [m.advisory.id for m in osv.affected(db, "PyPI", "requests", "2.19.0")] == ["GHSA-good"]


def test_member_and_archive_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(osv_files, "MEMBER_LIMIT", 1 << 20)
    big = {**GOOD, "id": "GHSA-big", "details": os.urandom(1 << 20).hex()}  # incompressible
    archive = _zip(
        tmp_path / "all.zip",
        {"a.json": json.dumps(big).encode(), "b.json": json.dumps(GOOD).encode()},
    )
    db = osv.load(archive)
    assert db.warnings == [f"{archive}:a.json: refused: it expands beyond 1 MiB"]
    assert db.records == 1
    monkeypatch.setattr(osv_files, "TOTAL_LIMIT", 10)
    small = _zip(tmp_path / "small.zip", {f"{n}.json": json.dumps(GOOD).encode() for n in range(3)})
    db = osv.load(small)
    assert db.records == 1
    assert db.warnings == [
        f"{small}: stopped at {small}:1.json: the members read so far expand to 0 GiB, the "
        "limit for one archive"
    ]


@pytest.mark.parametrize(
    ("record", "warning"),
    [
        (
            {"id": "X-1", "affected": "requests"},
            "X-1): not an OSV record (affected must be a list of objects)",
        ),
        (
            {"id": "X-2", "affected": [{"package": {"name": "a"}}]},
            "X-2): not an OSV record (affected[0].package must have a string name and ecosystem)",
        ),
        (
            {
                "id": "X-3",
                "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": "1.0"}],
            },
            "X-3): not an OSV record (affected[0].ranges must be a list of objects)",
        ),
        (
            {
                "id": "X-4",
                "affected": [
                    {
                        "package": {"ecosystem": "npm", "name": "a"},
                        "ranges": [{"type": "SEMVER", "events": [{"fixed": 2}]}],
                    }
                ],
            },
            "X-4): not an OSV record "
            "(affected[0].ranges[0].events[0] must map event kinds to strings)",
        ),
        (
            {"id": "X-5", "severity": [{"type": "CVSS_V3", "score": 9.8}]},
            "X-5): not an OSV record (severity[0] must have a string type and score)",
        ),
        ({"id": 7}, "not an OSV record ('id' must be a non-empty string)"),
        ([GOOD], "not an OSV record (a JSON list, not an object)"),
    ],
)
def test_a_record_of_the_wrong_shape_is_skipped_and_named(
    tmp_path: Path, record: object, warning: str
) -> None:
    (tmp_path / "good.json").write_text(json.dumps(GOOD))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(record))
    db = osv.load(tmp_path)
    assert db.records == 1
    prefix = f"{bad} (" if warning.startswith("X-") else f"{bad}: "
    assert db.warnings == [prefix + warning]


def test_a_record_whose_id_holds_a_line_break_is_named_on_one_line(tmp_path: Path) -> None:
    # Found by hypothesis: an id of "(\n" made the warning two lines.
    (tmp_path / "good.json").write_text(json.dumps(GOOD))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "X-9\nforged: line", "affected": 1}))
    db = osv.load(tmp_path)
    assert db.warnings == [
        f"{bad} (X-9 forged: line): not an OSV record (affected must be a list of objects)"
    ]


def test_deeply_nested_osv_json_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(json.dumps(GOOD))
    (tmp_path / "deep.json").write_text(
        '{"id": "X", "affected": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    db = osv.load(tmp_path)
    assert db.records == 1
    assert db.warnings == [
        f"{tmp_path / 'deep.json'}: not an OSV record (nested too deeply to read)"
    ]


def test_osv_data_with_nothing_readable_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000)
    with pytest.raises(OsvError) as caught:
        osv.load(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}: no OSV records found: {tmp_path / 'deep.json'}: not an OSV record "
        "(nested too deeply to read)"
    )


def test_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    (tmp_path / "all.zip").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "good.json").write_text(json.dumps(GOOD))
    db = osv.load(tmp_path)
    assert db.records == 1
    assert db.warnings == [
        f"{tmp_path / 'all.zip'}: not a readable zip file (File is not a zip file)"
    ]
