"""techlead standards on a repository that passes every check and one that fails most.

good: of its production code Alice creates 3 files and Bob 3, so removing either orphans
exactly half (not more than half) and the truck factor is 2; every document, an ADR with a
status, a pinned action with top-level permissions, Dependabot, tests. bad: one file by
one person.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import xmlschema

from official_schemas import official_schema
from techlead.core.policy import DEFAULT
from techlead.standards.checks import builtin_checks

from conftest import ALICE, BOB, run_cli, scan_json

CHECKS = builtin_checks(DEFAULT)

DATA = Path(__file__).parent / "data" / "standards"
MIT = "MIT License\n\nPermission is hereby granted, free of charge, to any person...\n"
WORKFLOW = (
    "on: push\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: x\n    steps:\n"
    "      - uses: actions/checkout@" + "a" * 40 + "\n"
)


def test_standards(make_repo: Any, db_path: Path) -> None:
    good = make_repo("good")
    good.commit("a", author=ALICE, files={
        "README.md": "# Good\n\nLicence: MIT\n", "LICENSE": MIT,
        "SECURITY.md": "Report to security@example.com\n", "CONTRIBUTING.md": "x\n",
        "CODE_OF_CONDUCT.md": "x\n", "CHANGELOG.md": "x\n",
        "doc/adr/0001-record.md": "# 1. Record\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n",
        ".github/CODEOWNERS": "* alice@example.com\n/src/ bob@example.com\n",
        "src/util.py": "def g(x):\n    return x\n", "src/core.py": "def h(x):\n    return x\n",
        "src/more.py": "def k(x):\n    return x\n",
    })  # fmt: skip
    # Production code files (the policy's knowledge_code_only; tests, docs and build files
    # left out): Alice authors util.py, core.py and more.py, Bob app.py, api.py and cli.py;
    # without Alice 3 of 6 are orphaned (not more than half), without Bob too all 6: truck
    # factor 2, gold's minimum.
    good.commit("b", author=BOB, files={
        ".github/workflows/ci.yml": WORKFLOW, ".github/dependabot.yml": "version: 2\n",
        "src/app.py": "def f(x):\n    return x\n", "tests/test_app.py": "def test_f():\n    pass\n",
        "src/api.py": "def a(x):\n    return x\n", "src/cli.py": "def c(x):\n    return x\n",
        "docs/guide.md": "x\n", "Makefile": "all:\n", "docs/faq.md": "x\n",
        "docs/more.md": "x\n",
    })  # fmt: skip
    bad = make_repo("bad")
    bad.commit("a", author=ALICE, files={"app.py": "def f():\n    return 1\n"})
    scan_json(str(good.path), str(bad.path), "--db", str(db_path))
    result = run_cli("standards", "--now", "2020-02-01", "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rows = {r["repo"]: r for r in document["rows"]}
    assert (rows["good"]["level"], rows["good"]["score"]) == ("gold", 10.0)
    assert {k: v for k, v in rows["good"].items() if v != "pass"} == {
        "repo": "good", "team": None, "level": "gold", "score": 10.0, "lockfiles": "n/a",
        "docker-digests": "n/a", "no-hold": "n/a", "no-vulnerabilities": "n/a",
        "complexity-limit": "n/a",  # healthy code: no hotspot (they rank by 10 - health)
        "review": "n/a",  # no pull request or review trailer: no review git can see
    }  # fmt: skip
    # bad: readme 2 + license 3 + ci 2 fail, activity 1 passes; readme-license n/a;
    # security 2, contributing 1, conduct 1, changelog 1, dependency updates 2 fail;
    # tests 3 fail (no test file); truck factor 3 fails (Alice alone); no-binaries 2 passes;
    # adr-statuses 1 fails (no log); codeowners 2 fails (none); no-secrets 3 passes;
    # complexity-limit (no hotspot: app.py's f is healthy, so it does not rank),
    # pull-request-target, docker-digests, the Actions checks, no-hold and
    # no-vulnerabilities do not apply.
    # Applicable weight: 2+3+2+1+2+1+1+1+3+2+3+2+1+2+3 = 29, passing 1+2+3 = 6:
    # 10 × 6/29 = 2.1.
    assert (rows["bad"]["level"], rows["bad"]["score"]) == ("none", 2.1)
    assert rows["bad"]["readme-license"] == "n/a" and rows["bad"]["activity"] == "pass"
    assert "bad: license (bronze): no LICENSE file at the root. Fix: Add a LICENSE file" in (
        "\n".join(document["notes"])
    )
    gate = run_cli("standards", "--level", "bronze", "--now", "2020-02-01", "--db", str(db_path))
    assert gate.exit_code == 1
    only_good = run_cli("standards", "--level", "gold", "--repo", "good", "--now", "2020-02-01",
                        "--db", str(db_path))  # fmt: skip
    assert only_good.exit_code == 0
    stale = run_cli("standards", "--repo", "good", "--now", "2020-06-30", "--db", str(db_path),
                    "--format", "json")  # fmt: skip
    [row] = json.loads(stale.stdout)["rows"]
    assert (row["activity"], row["level"]) == ("FAIL", "none")
    # Nobody has left: both owners committed within 180 days of the newest commit.
    assert row["codeowners"] == "pass"


def test_codeowners_name_an_owner_who_has_left(make_repo: Any, db_path: Path) -> None:
    """An owner has left when their last commit is more than the policy's 180 days older
    than the repository's newest commit (not older than the wall clock)."""
    repo = make_repo("svc")
    repo.commit("a", author=ALICE, date="2020-01-01T12:00:00+00:00", files={
        ".github/CODEOWNERS": "* alice@example.com\n/src/ bob@example.com\n",
        "README.md": "# Svc\n"})  # fmt: skip
    repo.commit("b", author=BOB, date="2020-01-02T12:00:00+00:00", files={"src/a.py": "a = 1\n"})
    repo.commit("c", author=BOB, date="2020-09-01T12:00:00+00:00", files={"src/a.py": "a = 2\n"})
    scan_json(str(repo.path), "--db", str(db_path))

    def codeowners(now: str) -> tuple[str, list[str]]:
        out = run_cli("standards", "--now", now, "--db", str(db_path), "--format", "json")
        document = json.loads(out.stdout)
        return document["rows"][0]["codeowners"], document["notes"]

    # As of 2020-06-30 the newest commit is Bob's first (01-02): Alice (01-01) is active.
    assert codeowners("2020-06-30")[0] == "pass"
    # As of 2020-10-01 it is Bob's second (09-01), 180 days after 2020-03-05: Alice's last
    # commit is older, so she has left and no longer counts as an active code owner.
    passed, notes = codeowners("2020-10-01")
    assert passed == "FAIL"
    assert any("alice@example.com has left (no commit in the 180 days before the newest "
               "commit of the repositories they worked in)" in n for n in notes)  # fmt: skip
    assert not any("bob@example.com" in n for n in notes)


def test_junit_and_sarif(make_repo: Any, db_path: Path) -> None:
    bad = make_repo("bad")
    bad.commit("a", author=ALICE, files={"README.md": "# Bad\n", "app.py": "x = 1\n"})
    scan_json(str(bad.path), "--db", str(db_path))
    junit = run_cli("standards", "--now", "2020-02-01", "--db", str(db_path), "--format", "junit")
    xmlschema.XMLSchema(official_schema("junit")).validate(junit.stdout)
    # 25 checks (no-hold and no-vulnerabilities do not apply without --radar and --osv):
    # readme, activity, no-secrets and no-binaries pass; lockfiles, actions-pinned,
    # workflow-permissions, pull-request-target, docker-digests, complexity-limit (no
    # hotspot: app.py has no function) and review (no pull request or review trailer)
    # do not apply: 9 skipped; the other 12 fail:
    # license, ci, readme-license (no licence word), security-policy, contributing,
    # code-of-conduct, changelog, tests (app.py has no test beside it),
    # dependency-updates, adr-statuses (no log), codeowners (none), truck-factor.
    assert junit.stdout == (DATA / "bad.junit.xml").read_text()
    sarif = json.loads(
        run_cli(
            "standards", "--now", "2020-02-01", "--db", str(db_path), "--format", "sarif"
        ).stdout
    )
    jsonschema.Draft7Validator(
        json.loads(official_schema("sarif").read_text()),
        format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER,
    ).validate(sarif)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [c.id for c in CHECKS]
    assert run["tool"]["driver"]["rules"][1] == {
        "id": "license",
        "shortDescription": {"text": CHECKS[1].title},
        "help": {"text": "Add a LICENSE file with the full text of an SPDX licence."},
        "properties": {"level": "bronze", "weight": 3},
    }
    # The 12 failures, in check order: error for bronze checks, warning above; located at
    # the files the check names (a file that exists), else at the repository's root (a
    # missing SECURITY.md is not a place to point at).
    results = [
        (r["ruleId"], r["level"], r["message"]["text"],
         r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in run["results"]
    ]  # fmt: skip
    assert results == [
        ("license", "error", "bad: no LICENSE file at the root", "."),
        ("ci", "error", "bad: no CI configuration", "."),
        ("readme-license", "warning", "bad: README.md does not mention the licence", "README.md"),
        ("security-policy", "warning", "bad: no SECURITY.md", "."),
        ("contributing", "warning", "bad: no CONTRIBUTING", "."),
        ("code-of-conduct", "warning", "bad: no CODE_OF_CONDUCT", "."),
        ("changelog", "warning", "bad: no CHANGELOG", "."),
        ("tests", "warning", "bad: test-to-code ratio 0.00 (0 of 1 lines are tests)", "."),
        ("dependency-updates", "warning", "bad: no Dependabot or Renovate configuration", "."),
        ("codeowners", "warning", "bad: no CODEOWNERS", "."),
        ("adr-statuses", "warning", "bad: no ADR log", "."),
        ("truck-factor", "warning", "bad: truck factor 1", "."),
    ]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"]
            for r in run["results"]} == {"bad"}  # fmt: skip


def test_schemas_reject_invalid_documents() -> None:
    """The validators are not vacuous: a testsuite without its required counts and a SARIF
    result with an unknown level fail."""
    junit = xmlschema.XMLSchema(official_schema("junit"))
    assert not junit.is_valid('<testsuites><testsuite name="x" tests="1"/></testsuites>')
    sarif = jsonschema.Draft7Validator(json.loads(official_schema("sarif").read_text()))
    run = {"tool": {"driver": {"name": "t"}}, "results": [{"message": {"text": "m"}}]}
    assert sarif.is_valid({"version": "2.1.0", "runs": [run]})
    run["results"][0]["level"] = "fatal"
    assert not sarif.is_valid({"version": "2.1.0", "runs": [run]})


def test_scans_store_results_and_diff(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("svc")
    repo.commit("a", files={"app.py": "x = 1\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    first = json.loads(
        run_cli("standards", "--diff", "--db", str(db_path), "--format", "json").stdout
    )
    assert first["rows"] == []
    assert first["notes"] == [
        "fewer than two scans have stored standards results: nothing to compare"
    ]
    repo.commit("b", files={"README.md": "# svc\n\nLicence: MIT\n", "LICENSE": MIT})
    scan_json(str(repo.path), "--db", str(db_path))
    second = json.loads(
        run_cli("standards", "--diff", "--db", str(db_path), "--format", "json").stdout
    )
    # readme and license now pass; readme-license went from n/a to pass (not a change of
    # pass/fail, so not listed).
    assert [(r["change"], r["repo"], r["check"]) for r in second["rows"]] == [
        ("newly passing", "svc", "license"),
        ("newly passing", "svc", "readme"),
    ]
    assert second["notes"] == ["most improved: svc (+2 checks)"]


def test_codeowners_parsing_and_staleness() -> None:
    from techlead.core.codeowners import Rule, email_owners, parse, unmatched

    from conftest import CORPUS

    counts = {
        p.name: len(parse(p.read_text()).rules) for p in (CORPUS / "owners").glob("*CODEOWNERS")
    }
    # non-blank lines that are not comments (the corpus README's files)
    assert counts == {
        "nodejs-node--CODEOWNERS": 81,
        "ossf-scorecard--CODEOWNERS": 4,
        "python-cpython--CODEOWNERS": 29,
    }
    rules = parse(
        "# owners\n* @org/all\n/docs/ docs@example.com  # docs team\nold/** x@example.com\n"
    ).rules
    assert rules == (
        Rule(2, "*", ("@org/all",)),
        Rule(3, "/docs/", ("docs@example.com",)),
        Rule(4, "old/**", ("x@example.com",)),
    )
    assert unmatched(rules, ["docs/a.md", "src/b.py"]) == [rules[2]]
    assert email_owners(rules) == ["docs@example.com", "x@example.com"]


def test_hold_and_vulnerabilities_with_radar_and_osv(
    make_repo: Any, db_path: Path, tmp_path: Path
) -> None:
    from conftest import CORPUS

    repo = make_repo("api")
    repo.commit("a", files={"requirements.txt": "requests==2.19.1\nflask==3.0.0\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    radar = tmp_path / "radar.csv"
    radar.write_text("name,ring,quadrant,isNew,description\nflask,hold,tools,FALSE,\n")
    result = run_cli(
        "standards", "--radar", str(radar), "--osv", str(CORPUS / "osv"), "--now", "2020-02-01",
        "--db", str(db_path), "--format", "json",
    )  # fmt: skip
    document = json.loads(result.stdout)
    [row] = document["rows"]
    assert (row["no-hold"], row["no-vulnerabilities"]) == ("FAIL", "FAIL")
    assert "api: no-hold (silver): on the hold ring: flask." in "\n".join(document["notes"])
    assert "requests 2.19.1: GHSA-x84v-xcm2-53pg" in "\n".join(document["notes"])


def test_standards_toml(make_repo: Any, db_path: Path, tmp_path: Path) -> None:
    repo = make_repo("api")
    repo.commit("a", files={
        "README.md": "# api\n\n## Install\n", "app.py": "def f():\n    breakpoint()\n",
        "debug.log": "x\n", "keys/dev.pem": "-----BEGIN " + "RSA PRIVATE KEY-----\n",
    })  # fmt: skip
    # The scan keeps the text of the Python files for the file_lacks check.
    (tmp_path / "techlead.toml").write_text('[mining]\nkeep_texts = ["**/*.py"]\n')
    scan_json(str(repo.path), "--db", str(db_path), cwd=tmp_path)
    config = tmp_path / "standards.toml"
    config.write_text(
        '[levels]\norder = ["bronze", "silver", "gold", "platinum"]\n\n'
        '[secrets]\nallow = ["keys/**"]\n\n'
        '[[check]]\nid = "makefile"\nlevel = "platinum"\nfile_exists = ["Makefile"]\n\n'
        '[[check]]\nid = "no-logs"\nfile_absent = ["*.log"]\n\n'
        '[[check]]\nid = "install-docs"\n'
        'file_contains = { path = "README.md", regex = "^## Install" }\n\n'
        '[[check]]\nid = "no-breakpoints"\n'
        'file_lacks = { path = "**/*.py", regex = "breakpoint\\\\(\\\\)" }\n'
        'where = { language = "Python" }\n\n'
        '[[check]]\nid = "small"\n'
        'sql = "SELECT count(*) FROM files WHERE repo_id = $repo"\nmax = 3\n\n'
        '[[check]]\nid = "few-revisions"\n'
        'metric = { analysis = "revisions", column = "n-revs" }\nmax = 1\n\n'
        '[[check]]\nid = "go-only"\nfile_exists = ["go.mod"]\nwhere = { language = "Go" }\n\n'
        '[[exemption]]\nrepo = "api"\ncheck = "license"\nreason = "internal tool"\n'
        "expires = 2030-01-01\n\n"
        '[[exemption]]\nrepo = "api"\ncheck = "ci"\nreason = "old"\nexpires = 2019-01-01\n'
    )
    result = run_cli("standards", "--config", str(config), "--now", "2020-02-01",
                     "--db", str(db_path), "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    [row] = document["rows"]
    # makefile: no Makefile; no-logs: debug.log; install-docs: the README has it;
    # no-breakpoints: app.py has one (a Python repository); small: 4 files > 3;
    # few-revisions: every file changed once; go-only does not apply (no Go);
    # license exempt (until 2030), ci's exemption expired in 2019: it fails;
    # the private key is under the allowed keys/**.
    assert {k: row[k] for k in ("makefile", "no-logs", "install-docs", "no-breakpoints",
                                "small", "few-revisions", "go-only", "license", "ci",
                                "no-secrets")} == {
        "makefile": "FAIL", "no-logs": "FAIL", "install-docs": "pass",
        "no-breakpoints": "FAIL", "small": "FAIL", "few-revisions": "pass",
        "go-only": "n/a", "license": "n/a", "ci": "FAIL", "no-secrets": "pass",
    }  # fmt: skip
    notes = "\n".join(document["notes"])
    assert "api: small (bronze): 4 (wanted <= 3)." in notes
    assert "team (no team): no level (1 repositories; lowest: api)" in notes
    platinum = run_cli("standards", "--config", str(config), "--level", "platinum",
                       "--now", "2020-02-01", "--db", str(db_path))  # fmt: skip
    assert platinum.exit_code == 1
    wrong = run_cli("standards", "--level", "platinum", "--now", "2020-02-01", "--db", str(db_path))
    assert wrong.exit_code == 2 and "--level 'platinum' is not one of bronze, silver, gold" in (
        wrong.stderr
    )
    # Scanned without [mining] keep_texts, the Python files' text is not in the warehouse:
    # the content check cannot tell, so it does not apply, and says why.
    other = tmp_path / "other.duckdb"
    scan_json(str(repo.path), "--db", str(other))
    junit = run_cli("standards", "--config", str(config), "--now", "2020-02-01",
                    "--db", str(other), "--format", "junit").stdout  # fmt: skip
    assert (
        '<testcase classname="api" name="no-breakpoints">\n      <skipped message="app.py: the '
        "scan keeps the text of policy documents (README, LICENSE, SECURITY, CONTRIBUTING, "
        "CODE_OF_CONDUCT, CODEOWNERS, GitHub workflows) and of files matching [mining] "
        "keep_texts in techlead.toml; add this file's glob there and scan again\" />" in junit
    )
    config.write_text('[[check]]\nid = "x"\n')
    bad = run_cli("standards", "--config", str(config), "--db", str(db_path))
    assert bad.exit_code == 2 and "check x: needs exactly one of file_exists" in bad.stderr


def test_failing_variants(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("risky")
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(16))
    workflow = (
        "on: pull_request_target\njobs:\n  t:\n    runs-on: x\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
    )
    repo.commit("a", files={
        "big.py": "def f(x):\n" + branches + "    return -1\n",
        ".github/workflows/pr.yml": workflow, "Dockerfile": "FROM python:3.12\n",
        "tool.exe": b"MZ\x00\x00", "SECURITY.md": "Please be nice.\n",
    })  # fmt: skip
    repo.commit("b", files={"big.py": "def f(x):\n" + branches + "    return -2\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    result = run_cli("standards", "--now", "2020-02-01", "--db", str(db_path), "--format", "json")
    document = json.loads(result.stdout)
    [row] = document["rows"]
    # f: 1 + 16 ifs = cyclomatic 17 > 15, in the only hotspot (big.py, 2 revisions).
    assert {k: row[k] for k in ("pull-request-target", "actions-pinned", "workflow-permissions",
                                "docker-digests", "no-binaries", "security-policy",
                                "complexity-limit")} == dict.fromkeys(
        ("pull-request-target", "actions-pinned", "workflow-permissions", "docker-digests",
         "no-binaries", "security-policy", "complexity-limit"), "FAIL")  # fmt: skip
    notes = "\n".join(document["notes"])
    assert (
        "pull_request_target checks out the pull request's code: .github/workflows/pr.yml" in notes
    )
    assert "not pinned by commit: actions/checkout@v4" in notes
    assert "not pinned by digest: python:3.12" in notes
    assert "1 binary artifacts or files over 5 MiB: tool.exe" in notes
    assert "SECURITY.md names no contact" in notes
    assert "functions over cyclomatic 15 in hotspots: big.py:f (17)" in notes


def test_sarif_points_at_the_line_of_a_secret(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("leaky")
    key = "AKIA" + "ABCDEFGHIJKLMNOP"  # an AWS access key id's shape
    repo.commit("a", files={"README.md": "# leaky\n", "conf/app.ini": f"[aws]\n\nid = {key}\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    sarif = json.loads(run_cli("standards", "--now", "2020-02-01", "--db", str(db_path),
                               "--format", "sarif").stdout)  # fmt: skip
    [found] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "no-secrets"]
    assert found["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "conf/app.ini", "uriBaseId": "leaky"},
        "region": {"startLine": 3}}}]  # fmt: skip


def test_licence_markers_in_their_order(make_repo: Any, db_path: Path) -> None:
    """A BSD-3-Clause text holds BSD-2-Clause's words first; the markers' order decides."""
    repo = make_repo("bsd")
    bsd3 = (
        "Copyright (c) 2020\n\nRedistribution and use in source and binary forms, with or "
        "without modification, are permitted provided that ...\n3. Neither the name of the "
        "copyright holder nor the names of its contributors may be used ...\n"
    )
    repo.commit("a", files={"LICENSE": bsd3, "README.md": "# bsd\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    junit = run_cli("standards", "--now", "2020-02-01", "--db", str(db_path),
                    "--format", "junit").stdout  # fmt: skip
    assert '<testcase classname="bsd" name="license" />' in junit
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        [(evidence,)] = con.execute(
            "SELECT evidence FROM standards_snapshots WHERE check_id = 'license'"
        ).fetchall()
    finally:
        con.close()
    assert evidence == "LICENSE: BSD-3-Clause"
