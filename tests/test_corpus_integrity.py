"""The checked-in test data is what its checksum lists say: every file of tests/data/corpus
listed in SHA256SUMS (or, for the one file the original list omits, SHA256SUMS.supplement;
see tests/data/corpus/COPIED.md) has that SHA-256, and no data file is unlisted."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from official_schemas import SCHEMAS, official_schema

from conftest import CORPUS

LISTS = ("SHA256SUMS", "SHA256SUMS.supplement")
# Files about the corpus rather than of it: the original provenance README, the two checksum
# lists and the note on this copy.
NOT_DATA = {"README.md", "COPIED.md", *LISTS}


def listed(name: str) -> dict[str, str]:
    """Relative path -> SHA-256 from one checksum list, in `sha256sum` text format."""
    sums: dict[str, str] = {}
    for number, line in enumerate((CORPUS / name).read_text().splitlines(), 1):
        digest, sep, path = line.partition("  ")
        assert sep and len(digest) == 64 and path, f"{name}:{number}: malformed line {line!r}"
        assert path not in sums, f"{name}:{number}: {path} listed twice"
        sums[path] = digest
    return sums


def all_listed() -> dict[str, str]:
    original, supplement = (listed(name) for name in LISTS)
    assert not original.keys() & supplement.keys(), "a file is in both lists"
    return original | supplement


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def test_every_listed_file_has_its_checksum() -> None:
    sums = all_listed()
    assert len(listed("SHA256SUMS")) == 91
    actual = {path: sha256_of(CORPUS / path) for path in sums}
    assert {path: digest for path, digest in actual.items() if digest != sums[path]} == {}


def test_no_data_file_is_missing_from_the_lists() -> None:
    present = {path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*") if path.is_file()}
    assert present - NOT_DATA - all_listed().keys() == set()
    assert present >= NOT_DATA


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_official_schema_is_checked_in_with_its_pinned_checksum(name: str) -> None:
    path = official_schema(name)  # asserts the pinned SHA-256
    assert path.parent == Path(__file__).resolve().parent / "data" / "schemas"
