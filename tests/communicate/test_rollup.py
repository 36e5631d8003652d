"""The team roll-up judges each team by the briefing's own lights (one truth): a team's
row says what `techlead brief` says for that team's repositories; and the skills section
agrees with `techlead skills`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from communicate.workspace import build_in
from techlead.communicate import alignment_sections
from techlead.communicate.model import Scope
from techlead.core.model import Section
from techlead.warehouse.connection import open_warehouse

from conftest import ALICE, BOB, run_cli, scan_json

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


def test_alignment_and_profiles_sections(make_repo: Any, tmp_path: Path) -> None:
    core, api = make_repo("core"), make_repo("api")
    core.commit("c", author=ALICE, date="2020-01-01T12:00:00+00:00",
                files={"pyproject.toml": '[project]\nname = "acme-core"\n',
                       "src/core.py": "def f():\n    return 1\n"})  # fmt: skip
    api.commit("a", author=BOB, date="2020-01-02T12:00:00+00:00",
               files={"requirements.txt": "acme-core==1.0\nflask==3.0\n",
                      "app.py": "x = 1\n"})  # fmt: skip
    api.commit("b", author=BOB, date="2020-01-03T12:00:00+00:00", files={"app.py": "x = 2\n"})
    config = tmp_path / "techlead.toml"
    text = f"[[repos]]\npath = '{core.path}'\n\n[[repos]]\npath = '{api.path}'\n"
    config.write_text(text)
    db = tmp_path / "w.duckdb"
    scan_json("--config", str(config), "--db", str(db))
    moment = datetime.fromisoformat("2020-01-04T00:00:00+00:00")

    def sections() -> tuple[Section, Section]:
        con = open_warehouse(db, read_only=True)
        try:
            scope = Scope(con, now=moment, trends=False)
            return (alignment_sections.alignment_section(scope),
                    alignment_sections.profiles_section(scope))  # fmt: skip
        finally:
            con.close()

    aligned, profiles = sections()
    # api pins acme-core, which core publishes; nothing else links or drifts.
    assert aligned.headline == ("1 repository pair linked by packages published in the "
                                "workspace; 0 dependencies at several versions (0 across "
                                "major versions).")  # fmt: skip
    assert aligned.tables[0].rows == [("api", "core", "acme-core", "1.0", "requirements.txt",
                                       False)]  # fmt: skip
    assert aligned.chart is not None
    assert profiles.empty  # off unless [people] profiles = true
    config.write_text(text + "\n[people]\nprofiles = true\n")
    scan_json("--config", str(config), "--db", str(db))
    _, profiles = sections()
    # Bob (2 commits) before Alice (1). Bob works in api's root only: breadth 0. Alice's
    # pyproject.toml and src/core.py weigh the same (2 lines + 1 each): evenly spread over
    # two components, breadth 1; the tie names the first, (root).
    assert [(row[0], row[1], row[2]) for row in profiles.tables[0].rows] == [
        ("Bob Jones", "api:(root)", 0.0), ("Alice Smith", "core:(root)", 1.0)]  # fmt: skip
