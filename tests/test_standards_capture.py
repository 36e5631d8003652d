"""The standards checks that read file contents judge what the scan recorded: they give the
same results after the repository moved, say n/a (and why) where the warehouse lacks a
text, and apply the secrets allow-list to the findings stored at scan time. Fake secrets
are assembled at run time so that this file holds none."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from techlead.standards.config import StandardsConfig
from techlead.standards.scorecard import scorecards
from techlead.warehouse.connection import open_warehouse

from conftest import ALICE, run_cli, scan_json

NOW = datetime(2020, 2, 1, tzinfo=UTC)
MIT = "MIT License\n\nPermission is hereby granted, free of charge, to any person...\n"
AWS = "AKIA" + "IOSFODNN7EXAMPLE"
KEY = "-----BEGIN " + "RSA PRIVATE KEY-----"
TEXT_CHECKS = ("license", "readme-license", "security-policy", "codeowners",
               "workflow-permissions", "pull-request-target", "no-secrets")  # fmt: skip
DOCUMENTS = {
    "README.md": "# Good\n\nLicence: MIT\n",
    "LICENSE": MIT,
    "SECURITY.md": "Report to security@example.com\n",
    ".github/CODEOWNERS": "* alice@example.com\n",
    ".github/workflows/ci.yml": "on: pull_request_target\npermissions:\n  contents: read\n",
    "app.py": "def f(x):\n    return x\n",
}


def evidence(db_path: Path, config: StandardsConfig | None = None) -> dict[str, Any]:
    con = open_warehouse(db_path, read_only=True)
    try:
        [card] = scorecards(con, NOW, config=config)
    finally:
        con.close()
    return {o.check.id: (o.passed, o.evidence) for o in card.outcomes if o.check.id in TEXT_CHECKS}


def test_checks_pass_as_before_after_the_repository_moved(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("good")
    repo.commit("a", author=ALICE, files=DOCUMENTS)
    scan_json(str(repo.path), "--db", str(db_path))
    args = ("standards", "--now", "2020-02-01", "--db", str(db_path), "--format", "json")
    before = run_cli(*args)
    assert before.exit_code == 0, before.output
    expected = {
        "license": (True, "LICENSE: MIT"),
        "readme-license": (True, "README.md"),
        "security-policy": (True, "SECURITY.md: security@example.com"),
        "codeowners": (True, ".github/CODEOWNERS: 1 rules"),
        "workflow-permissions": (True, "1 workflows declare permissions"),
        "pull-request-target": (True, "1 workflows"),
        "no-secrets": (True, "6 files scanned"),
    }
    assert evidence(db_path) == expected
    shutil.move(str(repo.path), str(repo.path) + "-moved")
    assert evidence(db_path) == expected
    after = run_cli(*args)
    assert after.stdout == before.stdout
    [row] = json.loads(after.stdout)["rows"]
    assert {check: row[check] for check in TEXT_CHECKS} == dict.fromkeys(TEXT_CHECKS, "pass")


def test_missing_texts_make_the_checks_not_apply(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("old")
    repo.commit("a", author=ALICE, files=DOCUMENTS)
    scan_json(str(repo.path), "--db", str(db_path))
    # What a warehouse scanned before techlead kept texts and searched for secrets holds.
    with duckdb.connect(str(db_path)) as con:
        con.execute("DELETE FROM file_texts")
        con.execute("UPDATE files SET secrets_scanned = NULL")
        con.execute("UPDATE files SET size = NULL WHERE path = 'LICENSE'")  # a partial clone
    not_recorded = (
        "the last scan did not record its text (the warehouse was scanned before techlead "
        "kept documents' texts); scan again"
    )
    assert evidence(db_path) == {
        "license": (None, "LICENSE: its content was not in the repository at scan time "
                    "(partial clone)"),
        "readme-license": (None, f"README.md: {not_recorded}"),
        "security-policy": (None, f"SECURITY.md: {not_recorded}"),
        "codeowners": (None, f".github/CODEOWNERS: {not_recorded}"),
        "workflow-permissions": (None, f".github/workflows/ci.yml: {not_recorded}"),
        "pull-request-target": (None, f".github/workflows/ci.yml: {not_recorded}"),
        "no-secrets": (None, "6 of 6 text files were not searched for secrets by the last "
                       "scan (e.g. .github/CODEOWNERS; a warehouse scanned before techlead "
                       "searched at scan time): scan again"),
    }  # fmt: skip


def test_truncated_texts(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("long")
    filler = "".join(f"line {i}\n" for i in range(40_000))  # about 390 KiB
    repo.commit("a", author=ALICE, files={
        **DOCUMENTS, "LICENSE": MIT + filler, "README.md": "# Long\n" + filler + "Licence: MIT\n",
    })  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    found = evidence(db_path)
    # The licence's marker is in the text kept; the README's mention of it is not.
    assert found["license"] == (True, "LICENSE: MIT")
    assert found["readme-license"] == (
        None, "README.md: not found in its first 256 KiB, the text the scan keeps (a mention "
        "of the licence)")  # fmt: skip


def test_secrets_allow_list_is_applied_when_checking(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("keys")
    repo.commit("a", author=ALICE, files={
        "config/settings.py": f"x = 1\nAWS = '{AWS}'\nB = '{AWS}'  # techlead: allow-secret\n",
        "tests/fixtures/key.pem": f"{KEY}\n", "certs/dev.pem": f"{KEY}\n",
    })  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    assert evidence(db_path)["no-secrets"] == (
        False, "2 possible secrets: certs/dev.pem:1 (private key), "
        "config/settings.py:2 (AWS access key id)")  # fmt: skip
    allowing = StandardsConfig(allow=("certs/**",))
    assert evidence(db_path, allowing)["no-secrets"] == (
        False, "1 possible secret: config/settings.py:2 (AWS access key id)")  # fmt: skip
    repo.commit("b", files={"config/settings.py": "import os\nAWS = os.environ['AWS']\n"})
    assert scan_json(str(repo.path), "--db", str(db_path))["repos"][0]["blobs_read"] == 1
    assert evidence(db_path, allowing)["no-secrets"] == (True, "1 files scanned")


def test_secrets_in_test_files_are_reported_and_do_not_fail(make_repo: Any, db_path: Path) -> None:
    """A TLS key a test suite needs (tests/certs/server.key: the test file role) is said,
    not counted; standards.toml's [secrets] fail_unshipped counts it."""
    repo = make_repo("tls")
    repo.commit("a", author=ALICE, files={"tests/certs/server.key": f"{KEY}\n",
                                          "src/app.py": "x = 1\n"})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    assert evidence(db_path)["no-secrets"] == (
        True, "2 files scanned; 1 possible secret in test files, not counted (e.g. "
        "tests/certs/server.key:1 (private key); [secrets] fail_unshipped in standards.toml "
        "counts them)")  # fmt: skip
    strict = StandardsConfig(fail_unshipped=True)
    assert evidence(db_path, strict)["no-secrets"] == (
        False, "1 possible secret: tests/certs/server.key:1 (private key)")  # fmt: skip
    # As flask's docs/config.rst and celery's examples/security/ssl/worker.key: a key in a
    # tutorial or an example project is not shipped either (docs, example roles).
    repo.commit("b", author=ALICE, files={"docs/tls.rst": f"{KEY}\n",
                                          "examples/ssl/worker.key": f"{KEY}\n"})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    assert evidence(db_path)["no-secrets"] == (
        True, "4 files scanned; 3 possible secrets in test, example and documentation files, "
        "not counted (e.g. docs/tls.rst:1 (private key), examples/ssl/worker.key:1 (private "
        "key), tests/certs/server.key:1 (private key); [secrets] fail_unshipped in "
        "standards.toml counts them)")  # fmt: skip
