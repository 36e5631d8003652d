"""techlead adr: init, new, supersede, status, list, lint, toc, graph, on real folders."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conftest import run_cli

TODAY = date.today().isoformat()


def adr(root: Path, *args: str) -> str:
    result = run_cli("adr", *args, "--root", str(root))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_adr_tools_log(tmp_path: Path) -> None:
    adr(tmp_path, "init")
    adr(tmp_path, "new", "Use PostgreSQL")
    assert (
        adr(tmp_path, "new", "Use CockroachDB", "--supersedes", "2")
        .strip()
        .endswith("doc/adr/0003-use-cockroachdb.md")
    )
    adr(tmp_path, "status", "3", "accepted")
    listed = json.loads(adr(tmp_path, "list", "--format", "json"))["rows"]
    assert [
        (r["number"], r["title"], r["status"], r["date"], r["superseded-by"]) for r in listed
    ] == [
        (1, "Record architecture decisions", "accepted", TODAY, None),
        (2, "Use PostgreSQL", "superseded", TODAY, "0003-use-cockroachdb.md"),
        (3, "Use CockroachDB", "accepted", TODAY, None),
    ]
    old = (tmp_path / "doc/adr/0002-use-postgresql.md").read_text()
    assert "## Status\n\nSuperseded by [3. Use CockroachDB](0003-use-cockroachdb.md)\n" in old
    new = (tmp_path / "doc/adr/0003-use-cockroachdb.md").read_text()
    assert new.startswith(f"# 3. Use CockroachDB\n\nDate: {TODAY}\n\n## Status\n\nAccepted\n")
    assert "Supersedes [2. Use PostgreSQL](0002-use-postgresql.md)" in new
    assert run_cli("adr", "lint", "--root", str(tmp_path)).exit_code == 0
    assert adr(tmp_path, "toc").splitlines()[2:] == [
        "* [1. Record architecture decisions](0001-record-architecture-decisions.md)",
        "* [2. Use PostgreSQL](0002-use-postgresql.md)",
        "* [3. Use CockroachDB](0003-use-cockroachdb.md)",
    ]
    assert adr(tmp_path, "graph").splitlines() == [
        "digraph adrs {",
        "  node [shape=box];",
        '  adr1 [label="1. Record architecture decisions"];',
        '  adr2 [label="2. Use PostgreSQL"];',
        '  adr3 [label="3. Use CockroachDB"];',
        '  adr2 -> adr3 [label="superseded by"];',
        '  adr3 -> adr2 [label="supersedes"];',
        "}",
    ]
    assert adr(tmp_path, "show", "2") == old


def test_madr_log_keeps_its_format(tmp_path: Path) -> None:
    adr(tmp_path, "init", "architecture/decisions", "--format", "madr")
    assert (tmp_path / ".adr-dir").read_text() == "architecture/decisions\n"
    adr(tmp_path, "new", "Use Kafka")
    adr(tmp_path, "status", "2", "accepted")
    text = (tmp_path / "architecture/decisions/0002-use-kafka.md").read_text()
    assert text.startswith(f"---\nstatus: accepted\ndate: {TODAY}\ndecision-makers: []\n---\n")


def test_lint_finds_every_problem(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "adr"
    folder.mkdir(parents=True)
    sections = "\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n"
    (folder / "0001-a.md").write_text(
        f"# 1. A\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n{sections}"
    )
    (folder / "0002-b.md").write_text(
        f"# 2. B\n\nDate: 2020-01-02\n\n## Status\n\nSuperseded\n\nAmends [9. Z](0009-z.md)\n"
        f"{sections}"
    )
    (folder / "0002-c.md").write_text("# 2. C\n\n## Status\n\nMaybe\n")
    result = run_cli("adr", "lint", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert [line.split(": ", 1)[1] for line in result.stdout.splitlines()] == [
        "number 2 is used by 2 ADRs",
        "broken link to 0009-z.md",
        "superseded, but names no successor",
        "number 2 is used by 2 ADRs",
        "unknown status 'maybe' (known: proposed, accepted, rejected, deprecated, "
        "superseded, on hold)",
        "missing section 'Context' (adr-tools)",
        "missing section 'Decision' (adr-tools)",
        "missing section 'Consequences' (adr-tools)",
    ]


def test_errors(tmp_path: Path) -> None:
    missing = run_cli("adr", "list", "--root", str(tmp_path))
    assert missing.exit_code == 2
    assert f"no ADR log under {tmp_path}" in missing.stderr
    assert "techlead: tip: create one with `techlead adr init`" in missing.stderr
    adr(tmp_path, "init")
    unknown = run_cli("adr", "show", "7", "--root", str(tmp_path))
    assert unknown.exit_code == 2 and "no ADR number 7" in unknown.stderr
    again = run_cli("adr", "init", "--root", str(tmp_path))
    assert again.exit_code == 2 and "already holds ADRs" in again.stderr


def test_link_and_rename_repair_links(tmp_path: Path) -> None:
    adr(tmp_path, "init")
    adr(tmp_path, "new", "Use PostgreSQL")
    adr(tmp_path, "new", "Shard by tenant", "--link", "Amends:2:Amended by")
    adr(tmp_path, "link", "3", "Relates to", "1")  # no reverse link
    assert (
        adr(tmp_path, "rename", "2", "Use PostgreSQL 16")
        .strip()
        .endswith("doc/adr/0002-use-postgresql-16.md")
    )
    folder = tmp_path / "doc" / "adr"
    assert not (folder / "0002-use-postgresql.md").exists()
    renamed = (folder / "0002-use-postgresql-16.md").read_text()
    assert renamed.startswith("# 2. Use PostgreSQL 16\n")
    assert (
        "Proposed\n\nAmended by [3. Shard by tenant](0003-shard-by-tenant.md)\n\n## Context"
        in renamed
    )
    third = (folder / "0003-shard-by-tenant.md").read_text()
    assert (
        "Proposed\n\nAmends [2. Use PostgreSQL 16](0002-use-postgresql-16.md)\n\n"
        "Relates to [1. Record architecture decisions](0001-record-architecture-decisions.md)"
        "\n\n## Context"
    ) in third
    assert "Relates to" not in (folder / "0001-record-architecture-decisions.md").read_text()
    assert run_cli("adr", "lint", "--root", str(tmp_path)).exit_code == 0
    bad = run_cli("adr", "new", "X", "--link", "Amends", "--root", str(tmp_path))
    assert bad.exit_code == 2 and 'expected "RELATION:N:REVERSE"' in bad.stderr


def test_madr_bullet_log_written_by_hand(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "decisions"
    folder.mkdir(parents=True)
    (folder / "0001-use-markdown.md").write_text(
        "# Use Markdown\n\n* Status: accepted\n* Deciders: Ann, Bo\n* Date: 2019-05-01\n\n"
        "## Context and Problem Statement\n\nx\n\n## Decision Outcome\n\ny\n"
    )
    (folder / "0002-use-toml.md").write_text(
        "# Use TOML\n\n* Status: proposed\n* Date: 2019-06-01\n\n"
        "## Context and Problem Statement\n\nx\n\n## Decision Outcome\n\ny\n"
    )
    (folder / "index.md").write_text("# Decisions\n")
    adr(tmp_path, "status", "2", "accepted")
    assert "* Status: accepted\n" in (folder / "0002-use-toml.md").read_text()
    assert adr(tmp_path, "list", "--format", "csv") == (
        "number,title,status,date,superseded-by,file\n"
        "1,Use Markdown,accepted,2019-05-01,,0001-use-markdown.md\n"
        "2,Use TOML,accepted,2019-06-01,,0002-use-toml.md\n"
    )
    adr(tmp_path, "new", "Use YAML", "--supersedes", "2")
    third = (folder / "0003-use-yaml.md").read_text()
    assert third.startswith(f"---\nstatus: proposed\ndate: {TODAY}\n")  # the log's format
    assert "* Supersedes [2. Use TOML](0002-use-toml.md)" in third
    assert (
        "* Status: superseded by [3. Use YAML](0003-use-yaml.md)\n"
        in (folder / "0002-use-toml.md").read_text()
    )
    assert run_cli("adr", "lint", "--root", str(tmp_path)).exit_code == 0
