"""The team roll-up judges each team by the briefing's own lights (one truth): a team's
row says what `techlead brief` says for that team's repositories; and the skills section
agrees with `techlead skills`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from communicate.workspace import build_in
from techlead.communicate import alignment_sections
from techlead.communicate.model import Scope
from techlead.warehouse.connection import open_warehouse

from conftest import run_cli

NOW = "2020-02-01"


@pytest.fixture(scope="module")
def workspace_db(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_in(tmp_path_factory.mktemp("workspace"))


def _brief_lights(db: Path, repo: str) -> dict[str, str]:
    result = run_cli("brief", "--repo", repo, "--now", NOW, "--no-trends", "--format", "json",
                     "--db", str(db))  # fmt: skip
    assert result.exit_code == 0, result.output
    return {light["area"]: light["colour"] for light in json.loads(result.stdout)["lights"]}


def test_each_team_gets_the_lights_its_briefing_gives(workspace_db: Path) -> None:
    con = open_warehouse(workspace_db, read_only=True)
    try:
        scope = Scope(con, now=datetime.fromisoformat(NOW + "T00:00:00+00:00"), trends=False)
        section = alignment_sections.rollup_section(scope)
    finally:
        con.close()
    lights, why = section.tables
    areas = lights.columns[2:]
    assert areas == ("code health", "knowledge", "dependencies and security", "standards",
                     "radar", "ownership")  # fmt: skip
    # core owns api, front owns web (workspace.py); the first four lights are the brief's.
    assert [(row[0], row[1]) for row in lights.rows] == [("core", 1), ("front", 1)]
    for row, repo in zip(lights.rows, ("api", "web"), strict=True):
        briefed = _brief_lights(workspace_db, repo)
        assert dict(zip(("Code health", "Knowledge", "Dependencies and security", "Standards"),
                        row[2:6], strict=True)) == briefed  # fmt: skip
        # no --radar, no CODEOWNERS or catalog-info.yaml: nothing to judge by
        assert row[6:] == ("grey", "grey")
    reds = [team for team, *colours in lights.rows if "red" in colours]
    assert section.facts == (("teams", 2), ("with a red light", len(reds)))
    assert all(colour in ("red", "amber") for _, _, colour, _ in why.rows)
