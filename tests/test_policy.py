"""The policy: one place for every threshold and rule, listed by `techlead policy` and in
docs/policy.md with the same values; the default-component rule is the same in Python
and in SQL."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from techlead.core.errors import ConfigError
from techlead.core.policy import (
    DEFAULT,
    ROOT_COMPONENT,
    Policy,
    checked,
    default_component,
    default_component_sql,
    describe,
)

from conftest import run_cli, scan_json

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_docs_list_every_value_with_its_default_and_meaning() -> None:
    text = (DOCS / "policy.md").read_text()
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", text, re.M))
    assert list(rows) == [f.name for f in dataclasses.fields(Policy)]
    for name, shown in rows.items():
        value = getattr(DEFAULT, name)
        expected = {True: "true", False: "false"}.get(value) if isinstance(value, bool) else (
            f"{value:g}" if isinstance(value, float) else str(value))  # fmt: skip
        assert shown.strip() == expected, name
        assert describe(name)[1] in text, name


def test_policy_command_prints_every_value_with_its_source(tmp_path: Path) -> None:
    result = run_cli("policy", "--db", str(tmp_path / "none.duckdb"), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [r["name"] for r in document["rows"]] == [f.name for f in dataclasses.fields(Policy)]
    assert {r["source"] for r in document["rows"]} == {"default"}
    assert document["notes"] == ["the default policy (no warehouse and no techlead.toml here)"]
    config = tmp_path / "techlead.toml"
    config.write_text("[policy]\n# people\ninactive_days = 90\n")
    set_by_file = run_cli("policy", "--config", str(config), "--format", "json")
    rows = {r["name"]: r for r in json.loads(set_by_file.stdout)["rows"]}
    assert rows["inactive_days"]["value"] == 90
    assert rows["inactive_days"]["source"] == f"{config}:3"
    assert rows["island_share"]["source"] == "default"


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("inactive_days", 0, "inactive_days = 0 is out of range (at least 1)"),
        ("island_share", 1.5, "island_share = 1.5 is out of range (from 0.5 to 1)"),
        ("inactive_days", 1.5, "inactive_days must be a whole number"),
        ("knowledge_code_only", 1, "knowledge_code_only must be true or false"),
        ("hotspot_percentile", "90", "hotspot_percentile must be a number"),
        ("nope", 1, "unknown policy value 'nope'"),
    ],
)
def test_values_are_checked(name: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        checked(name, value)


def test_a_whole_number_is_accepted_for_a_share() -> None:
    assert checked("island_share", 1) == 1.0 and isinstance(checked("island_share", 1), float)


@pytest.mark.parametrize("path", ["a.py", "src/a.py", "src/deep/a.py", "(x)/y", ".github/ci.yml"])
def test_default_component_is_one_rule_in_python_and_sql(path: str) -> None:
    con = duckdb.connect()
    in_sql = con.execute(f"SELECT {default_component_sql('p')} FROM (SELECT ? AS p)", [path])
    assert in_sql.fetchall()[0][0] == default_component(path)
    assert default_component("top.py") == ROOT_COMPONENT


def test_a_scan_without_configuration_keeps_the_stored_policy(
    make_repo: Any, tmp_path: Path
) -> None:
    """A configured scan stores [policy] and [workspace] name; a later scan of a path on
    the command line, from a folder without techlead.toml, keeps them."""
    repo = make_repo("app")
    repo.commit("a", files={"a.py": "x = 1\n"})
    config = tmp_path / "conf"
    config.mkdir()
    (config / "techlead.toml").write_text(
        f'[workspace]\nname = "acme"\n\n[[repos]]\npath = "{repo.path}"\n\n'
        "[policy]\ninactive_days = 30\n"
    )
    db = tmp_path / "wh.duckdb"
    scan_json("--db", str(db), cwd=config)
    repo.commit("b", files={"a.py": "x = 2\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    scan_json(str(repo.path), "--db", str(db), cwd=elsewhere)
    rows = {r["name"]: r for r in json.loads(
        run_cli("policy", "--db", str(db), "--format", "json").stdout)["rows"]}  # fmt: skip
    assert (rows["inactive_days"]["value"], rows["inactive_days"]["source"]) == (
        30, f"{config / 'techlead.toml'}:8")  # fmt: skip
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute(
            "SELECT value FROM techlead_meta WHERE key = 'workspace_name'"
        ).fetchall() == [("acme",)]
    finally:
        con.close()


def test_contradicting_values_are_refused(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "techlead.toml").write_text("[policy]\nimpact_3_share = 0.5\n")
    result = run_cli("scan", "--db", str(db_path), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"techlead: error: {tmp_path / 'techlead.toml'}:1: impact_5_share >= impact_4_share >= "
        "impact_3_share must hold (they are 0.25, 0.1, 0.5)"
    )
