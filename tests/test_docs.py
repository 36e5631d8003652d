"""Documentation is tested: every command, option, table and column is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from techlead.cli import cli
from techlead.warehouse.connection import open_warehouse

DOCS = Path(__file__).resolve().parents[1] / "docs"


def sections(text: str, level: str) -> dict[str, str]:
    parts = re.split(rf"^{level} (.+)$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def all_commands() -> list[tuple[str, click.Command]]:
    found = []

    def walk(prefix: str, command: click.Command) -> None:
        if isinstance(command, click.Group):  # as help lists them: the top level loads lazily
            context = click.Context(command)
            for name in command.list_commands(context):
                sub = command.get_command(context, name)
                assert sub is not None, f"{prefix} {name} does not load"
                walk(f"{prefix} {name}", sub)
        else:
            found.append((prefix, command))

    walk("techlead", cli)
    return found


@pytest.mark.parametrize("name, command", all_commands(), ids=lambda v: str(v))
def test_every_command_has_help_and_a_documented_section(name: str, command: click.Command) -> None:
    assert command.help and command.help.strip(), f"{name} has no help text"
    documented = sections((DOCS / "cli.md").read_text(), "##")
    assert name in documented, f"docs/cli.md has no '## {name}' section"
    body = documented[name]
    for param in command.params:
        if isinstance(param, click.Option):
            if param.hidden:
                continue
            longest = max(param.opts, key=len)
            assert f"`{longest}" in body, f"{name}: option {longest} is not in docs/cli.md"
            assert param.help, f"{name}: option {longest} has no help text"
        elif isinstance(param, click.Argument):
            assert f"`{param.name.upper() if param.name else ''}" in body, (
                f"{name}: argument {param.name} is not in docs/cli.md"
            )


def test_every_table_and_column_is_documented(tmp_path: Path) -> None:
    con = open_warehouse(tmp_path / "t.duckdb")
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name IN "
            "(SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')"
        ).fetchall()
        views = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'"
            ).fetchall()
        }
    finally:
        con.close()
    text = (DOCS / "schema.md").read_text()
    tables = sections(text, "##")
    view_docs = sections(text, "###")
    for table, column in columns:
        assert table in tables, f"docs/schema.md has no '## {table}' section"
        assert re.search(rf"^\| {re.escape(column)} \|", tables[table], re.M), (
            f"docs/schema.md: column {table}.{column} is not documented"
        )
    for view in views:
        assert view in view_docs, f"docs/schema.md has no '### {view}' section"


def test_schema_doc_has_no_stale_columns(tmp_path: Path) -> None:
    con = open_warehouse(tmp_path / "t.duckdb")
    try:
        real = {
            (t, c)
            for t, c in con.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'main'"
            ).fetchall()
        }
    finally:
        con.close()
    tables = sections((DOCS / "schema.md").read_text(), "##")
    for table, body in tables.items():
        if table in {"Policies", "Views"}:
            continue
        for column in re.findall(r"^\| ([a-z_]+) \|", body, re.M):
            if column == "Column":
                continue
            assert (table, column) in real, (
                f"docs/schema.md documents {table}.{column}, which does not exist"
            )


def test_readme_quick_start_is_the_two_make_commands() -> None:
    readme = (DOCS.parent / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^make \w+", quick, re.M)
    assert commands == ["make run", "make test"]
    ci = (DOCS.parent / ".ci" / "run").read_text()
    assert "make test" in ci


def test_every_analysis_has_a_metrics_section() -> None:
    from techlead.analyses import REGISTRY

    documented = sections((DOCS / "metrics.md").read_text(), "##")
    for name in REGISTRY:
        assert name in documented, f"docs/metrics.md has no '## {name}' section"
