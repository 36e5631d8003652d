"""ADR logs mined by the scan into `decisions`; adr list --workspace and adr impact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import BOB, CALC_PY, run_cli, scan_json

ADR_2 = """# 2. Keep billing in PostgreSQL

Date: 2020-01-03

## Status

Accepted

Amends [1. Record architecture decisions](0001-record-architecture-decisions.md)

## Context

Orders live in `src/billing/`; src/billing/calc.py computes totals. The core stays.

## Decision

Use PostgreSQL 16 and Kafka-streams? No: plain kafka.

## Consequences

None.
"""


def build(make_repo: Any, db: Path) -> Any:
    repo = make_repo("shop")
    repo.commit("adr 1", files={
        "architecture/0001-record-architecture-decisions.md": "# 1. Record architecture "
        "decisions\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n",
        ".adr-dir": "architecture\n",
        "src/billing/calc.py": CALC_PY,
        "core/readme.txt": "x\n",
    })  # fmt: skip
    repo.commit(
        "edit", author=BOB, files={"src/billing/calc.py": CALC_PY + "\n\ndef f():\n    return 1\n"}
    )
    repo.commit("adr 2", files={"architecture/0002-keep-billing-in-postgresql.md": ADR_2})
    scan_json(str(repo.path), "--db", str(db))
    return repo


def test_decisions_are_mined(make_repo: Any, db_path: Path, query: Any) -> None:
    build(make_repo, db_path)
    assert query(
        "SELECT path, number, title, status, CAST(date AS VARCHAR), format, links, paths, "
        "technologies FROM decisions ORDER BY number"
    ) == [
        ("architecture/0001-record-architecture-decisions.md", 1,
         "Record architecture decisions", "accepted", "2020-01-01", "adr-tools", [], [], []),
        # `src/billing/` (a folder) and src/billing/calc.py (a file) exist at HEAD; "core"
        # has no "/" so it is not a path; Kafka-streams is not kafka, "kafka" is.
        ("architecture/0002-keep-billing-in-postgresql.md", 2, "Keep billing in PostgreSQL",
         "accepted", "2020-01-03", "adr-tools",
         ["amends: 0001-record-architecture-decisions.md"],
         ["src/billing/", "src/billing/calc.py"], ["kafka", "postgres"]),
    ]  # fmt: skip
    listed = json.loads(
        run_cli("adr", "list", "--workspace", "--db", str(db_path), "--format", "json").stdout
    )["rows"]
    assert [(r["repo"], r["number"], r["status"]) for r in listed] == [
        ("shop", 1, "accepted"),
        ("shop", 2, "accepted"),
    ]


def test_adr_impact(make_repo: Any, db_path: Path) -> None:
    build(make_repo, db_path)
    result = run_cli("adr", "impact", "2", "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    # calc.py: 2 revisions (adr 1 by Alice, edit by Bob); add 1 + sign 3 + f 1 = 5;
    # score 2 × 5 = 10; Alice added 10 lines, Bob 4: Alice owns 10/14 = 0.71.
    assert [list(r.values()) for r in document["rows"]] == [
        ["src/billing/calc.py", 2, 5, 10, "Alice Smith", 0.71]
    ]
    assert document["notes"] == [
        "ADR 2 of shop: Keep billing in PostgreSQL (accepted)",
        "technologies named: kafka, postgres",
    ]
    missing = run_cli("adr", "impact", "9", "--db", str(db_path))
    assert missing.exit_code == 2 and "no ADR number 9 in the warehouse" in missing.stderr
