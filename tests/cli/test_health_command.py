"""techlead health: the command's JSON, CSV and roll-ups on the repository of
tests/analyses/test_health.py, scanned with a techlead.toml that sets [policy.health], a
threshold for Python alone and two teams; and its one-line errors.

The configured policy is that test's TEST policy with Python's large_method at 20: brain
(13 lines) is no longer a large method, so no brain method either. engine.py's findings:
complex method 2 (2.0 × 2/3 = 1.3333), deep nesting 1 (0.5), bumpy road 1 (0.5), complex
conditional 1 (0.2), excess parameters 1 (0.1), duplication 1 (0.25), low cohesion 1
(0.5), global nesting 1 (0.5): 3.8833, health 6.1167. copy.py: 8.5833 (as there).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analyses.test_health import COPY_TEST, build

from conftest import GitRepo, run_cli, scan_json

ENGINE = 10 - (2 * 2 / 3 + 0.5 + 0.5 + 0.2 + 0.1 + 0.25 + 0.5 + 0.5)  # 6.1167

CONFIG = """\
[[repos]]
path = "{path}"

[teams.core]
members = ["alice@example.com"]

[teams.edge]
members = ["bob@example.com"]

[policy]
complexity_limit = 3

[policy.health]
large_method = 10
deep_nesting = 2
excess_parameters = 2
bumpy_road = 1
brain_variables = 2
low_cohesion = 1
duplicate_lines = 3
global_nesting = 1

[policy.health.languages.Python]
large_method = 20
"""


@pytest.fixture(scope="module")
def db(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("health_cli")
    repo = GitRepo(root / "app")
    build(repo)
    (root / "techlead.toml").write_text(CONFIG.format(path=repo.path))
    warehouse = root / "wh.duckdb"
    scan_json("--db", str(warehouse), cwd=root)
    return warehouse


def health(db: Path, *args: str) -> dict[str, Any]:
    result = run_cli("health", "--db", str(db), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_json_lists_every_biomarker_with_its_findings_and_deduction(db: Path) -> None:
    document = health(db)
    assert [(r["rank"], r["entity"], r["health"], r["loc"], r["revisions"])
            for r in document["rows"]] == [
        (1, "src/engine.py", 6.1, 36, 3),  # 6.1167
        (2, "src/copy.py", 8.6, 8, 1),  # 8.5833
    ]  # fmt: skip
    markers = document["rows"][0]["biomarkers"]
    assert list(markers) == [
        "brain_method", "complex_method", "deep_nesting", "bumpy_road", "complex_conditional",
        "excess_parameters", "large_method", "duplication", "large_file", "many_functions",
        "low_cohesion", "global_nesting"]  # fmt: skip
    assert markers["brain_method"] == {"findings": 0, "deduction": 0.0, "where": []}
    assert markers["complex_method"] == {
        "findings": 2, "deduction": 1.33, "where": ["brain", "bumpy"]}  # fmt: skip
    assert markers["global_nesting"] == {"findings": 1, "deduction": 0.5, "where": []}
    assert sum(m["deduction"] for m in markers.values()) == pytest.approx(10 - 6.1167, abs=0.01)
    assert "not scored: no grammar for Clojure (1 file)" in document["notes"]


def test_top_keeps_the_least_healthy(db: Path) -> None:
    assert [r["entity"] for r in health(db, "--top", "1")["rows"]] == ["src/engine.py"]


def test_teams_weigh_the_files_their_members_changed_by_their_own_commits(db: Path) -> None:
    rows = {r["entity"]: r for r in health(db, "--by", "team")["rows"]}
    # edge (Bob): engine.py alone (c2)
    assert (rows["edge"]["rank"], rows["edge"]["average-health"],
            rows["edge"]["hotspot-health"]) == (1, 6.1, 6.1)  # fmt: skip
    core = rows["core"]  # Alice: engine.py twice (c1, c3), copy.py and run.clj once (c1)
    # by lines (6.1167 × 36 + 8.5833 × 8) / 44 = 6.5652; by commits (6.1167 × 2 + 8.5833) / 3
    # = 6.9389
    assert (core["average-health"], core["hotspot-health"]) == (
        round((ENGINE * 36 + COPY_TEST * 8) / 44, 1),
        round((ENGINE * 2 + COPY_TEST) / 3, 1),
    )
    assert (core["average-health"], core["hotspot-health"]) == (6.6, 6.9)
    assert (core["files"], core["unscored"], core["worst"], core["worst-health"]) == (
        2, 1, "src/engine.py", 6.1)  # fmt: skip
    assert core["biomarkers"]["complex_method"] == 3  # 2 in engine.py, 1 in copy.py
    only = health(db, "--by", "team", "--team", "core")["rows"]
    assert [r["entity"] for r in only] == ["core"]
    # files of one team: the ones its members changed
    assert [r["entity"] for r in health(db, "--team", "edge")["rows"]] == ["src/engine.py"]


def test_csv_by_component_names_the_biomarkers_found(db: Path) -> None:
    result = run_cli("health", "--db", str(db), "--by", "component", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "rank,entity,files,unscored,loc,average-health,hotspot-health,worst,worst-health,biomarkers"
    )
    # src: (6.1167 × 36 + 8.5833 × 8) / 44 = 6.5652, (6.1167 × 3 + 8.5833) / 4 = 6.7333
    assert lines[1].startswith("1,src,2,0,44,6.6,6.7,src/engine.py,6.1,")
    assert "complex method 3" in lines[1] and "duplicated function 2" in lines[1]
    assert lines[2] == "2,tools,0,1,0,,,,,"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--team", "nobody"), "techlead: error: no change by team 'nobody' in the window "
                               "(teams: core, edge)"),
        (("--top", "0"), "techlead: error: Invalid value for '--top': 0 is not in the range x>=1"),
        (("--by", "person"), "techlead: error: Invalid value for '--by': 'person' is not one of"),
    ],
)  # fmt: skip
def test_errors_are_one_line(db: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli("health", "--db", str(db), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[policy.health]\nlong = 3\n", "unknown key 'long' in [policy.health] (valid: "
                                        "large_method, deep_nesting"),
        ("[policy.health]\nlarge_method = 0\n", "health_large_method = 0 is out of range"),
        ("[policy.health.languages.Java]\nweight_large_file = 9\n",
         "unknown threshold 'weight_large_file' in [policy.health.languages.Java] (valid: "
         "complexity_limit, large_method"),
        ("[policy]\nhealth_languages = 1\n",
         "per-language health thresholds go in [policy.health.languages.NAME]"),
        ("[policy]\nhealth = 1\n", "'health' must be a table ([policy.health])"),
    ],
)  # fmt: skip
def test_policy_health_is_checked(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "techlead.toml").write_text(text)
    result = run_cli("policy", cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_policy_lists_the_language_thresholds_with_their_line(tmp_path: Path) -> None:
    (tmp_path / "techlead.toml").write_text(
        "[policy.health]\nweight_brain_method = 2.5\n\n"
        "[policy.health.languages.Java]\nlarge_method = 80\n"
    )
    result = run_cli("policy", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)["rows"]}
    where = "techlead.toml"  # as found in the current folder
    assert (rows["health_weight_brain_method"]["value"],
            rows["health_weight_brain_method"]["source"]) == (2.5, f"{where}:2")  # fmt: skip
    assert (rows["health_languages"]["value"], rows["health_languages"]["source"]) == (
        {"Java": {"health_large_method": 80}}, f"{where}:4")  # fmt: skip


def test_until_scores_the_files_of_that_date_and_says_so(db: Path) -> None:
    document = health(db, "--until", "2020-01-02")
    # c1 only: engine.py's first blob (the same functions) changed once, copy.py once
    assert [(r["entity"], r["health"], r["revisions"]) for r in document["rows"]] == [
        ("src/engine.py", 6.1, 1),
        ("src/copy.py", 8.6, 1),
    ]
    assert document["notes"][0].startswith("app as of ")  # c1, the newest commit before
    assert document["notes"][0].endswith(" (2020-01-01), the newest commit of its main line "
                                         "before --until")  # fmt: skip
