"""The package a manifest publishes (mining.manifests.published): its own name, as other
repositories of the workspace depend on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from techlead.mining.manifests.published import published

from conftest import CORPUS, query_db, scan_json


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("pyproject.toml", '[project]\nname = "Billing_Core"\n', ("PyPI", "billing-core")),
        ("lib/pyproject.toml", '[tool.poetry]\nname = "acme.pay"\n', ("PyPI", "acme-pay")),
        ("setup.cfg", "[metadata]\nname = Acme.Tools\n", ("PyPI", "acme-tools")),
        ("package.json", '{"name": "@acme/ui", "version": "1.0.0"}', ("npm", "@acme/ui")),
        ("package.json", '{"name": "site", "private": true}', None),
        ("Cargo.toml", '[package]\nname = "acme-core"\n', ("crates.io", "acme-core")),
        ("go.mod", "module github.example/acme/pay\n\ngo 1.22\n",
         ("Go", "github.example/acme/pay")),
        ("composer.json", '{"name": "acme/pay"}', ("Packagist", "acme/pay")),
        ("pom.xml", '<project xmlns="http://maven.apache.org/POM/4.0.0"><parent><groupId>'
         "org.acme</groupId></parent><artifactId>pay</artifactId></project>",
         ("Maven", "org.acme:pay")),
        ("pyproject.toml", "[project\nname = 'x'\n", None),  # malformed: nothing
        ("pom.xml", "<!DOCTYPE x [<!ENTITY a 'b'>]><project/>", None),  # refused XML
        ("requirements.txt", "flask\n", None),  # names nothing of its own
    ],
)  # fmt: skip
def test_published_names(path: str, text: str, expected: tuple[str, str] | None) -> None:
    found = published(path, text)
    assert (None if found is None else (found[0].value, found[1])) == expected


def test_a_real_go_module() -> None:
    text = (CORPUS / "lockfiles" / "go--ossf-scorecard--go.mod").read_text()
    found = published("go.mod", text)
    assert found is not None and found[1] == "github.com/ossf/scorecard/v5"


def test_a_scan_stores_published_names_and_docstring_coverage(make_repo: Any,
                                                              db_path: Path) -> None:  # fmt: skip
    repo = make_repo("core")
    repo.commit("c", files={
        "pyproject.toml": '[project]\nname = "Acme.Core"\n',
        "src/acme/core.py": '"""Core."""\n\ndef api():\n    """Doc."""\n\ndef other():\n'
                            "    pass\n\ndef _private():\n    pass\n",
        "legacy.py": "print 'python 2'\n"})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    assert query_db(db_path, "SELECT manifest, ecosystem, name FROM published_packages") == [
        ("pyproject.toml", "PyPI", "acme-core")]  # fmt: skip
    # core.py: the module, api and other → 3, of which the module and api are documented.
    assert query_db(db_path, "SELECT path, documentable, documented FROM files "
                             "WHERE language = 'Python' ORDER BY path") == [
        ("legacy.py", None, None), ("src/acme/core.py", 3, 2)]  # fmt: skip
