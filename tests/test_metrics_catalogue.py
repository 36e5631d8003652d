"""The inventory metrics (hold technologies, vulnerabilities, dependency drift, lockfile
coverage) and custom SQL metrics, recorded by a scan of a hand-built workspace.

The workspace (techlead.toml beside the two repositories, January 2020):
  shop  3 commits: src/app.py; requirements.txt pinning requests==2.19.1; package.json
        depending on left-pad, with no lockfile.
  web   2 commits: requirements.txt pinning requests==2.20.0 and urllib3==1.26.0; then
        package.json depending on left-pad with its package-lock.json.
Worked out by hand:
  hold-technologies (radar: left-pad on hold, requests adopted, flask on hold but unused):
    shop 1 (left-pad), web 1 (left-pad), workspace 1 (one technology).
  vulnerabilities (the corpus' OSV data): requests 2.19.1 is affected by
    GHSA-x84v-xcm2-53pg (fixed in 2.20.0), urllib3 1.26.0 by GHSA-v845-jxx5-vc9f (fixed in
    1.26.17); requests 2.20.0 by none: shop 1, web 1, workspace 2.
  dependency-drift: requests pinned at 2.19.1 (shop) and 2.20.0 (web): workspace 1; within
    each repository one version: 0.
  lockfile-coverage: the npm manifests are shop's package.json (no lockfile) and web's
    (locked); requirements.txt is PyPI, which has no lockfile rule: shop 0 %, web 100 %,
    workspace 50 %.
  commit-count (custom: commits of $repos): shop 3, web 2, workspace 5.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, query_db, run_cli, scan_json

OSV = CORPUS / "osv"
LOCK = {
    "lockfileVersion": 3,
    "packages": {
        "": {"dependencies": {"left-pad": "^1.3.0"}},
        "node_modules/left-pad": {"version": "1.3.0"},
    },
}
PACKAGE_JSON = '{\n  "dependencies": {\n    "left-pad": "^1.3.0"\n  }\n}\n'
RADAR = ("name,ring,quadrant,isNew,description\nleft-pad,hold,tools,FALSE,\n"
         "requests,adopt,tools,FALSE,\nflask,hold,tools,FALSE,\n")  # fmt: skip
COMMITS = "SELECT count(*) FROM commits c JOIN repos r USING (repo_id) " \
    "WHERE list_contains($repos, r.name)"  # fmt: skip
BASE = '[[repos]]\npath = "shop"\n\n[[repos]]\npath = "web"\n'


def build(make_repo: Any) -> None:
    shop = make_repo("shop")
    shop.commit("app", files={"src/app.py": "x = 1\n"})
    shop.commit("deps", files={"requirements.txt": "requests==2.19.1\n"})
    shop.commit("web", files={"package.json": PACKAGE_JSON})
    web = make_repo("web")
    web.commit("deps", files={"requirements.txt": "requests==2.20.0\nurllib3==1.26.0\n"})
    web.commit("lock", files={"package.json": PACKAGE_JSON,
                              "package-lock.json": json.dumps(LOCK)})  # fmt: skip


def workspace(tmp_path: Path, make_repo: Any, db: Path, metrics: str) -> Path:
    build(make_repo)
    (tmp_path / "radar.csv").write_text(RADAR)
    config = tmp_path / "techlead.toml"
    config.write_text(BASE + metrics)
    scan_json("--config", str(config), "--db", str(db))
    return config


def recorded(db: Path, metric: str) -> dict[str, float | None]:
    rows = query_db(db, "SELECT scope, value FROM metric_history WHERE metric = ?", [metric])
    return dict(rows)


CONFIGURED = f"""
[metrics]
radar = "radar.csv"
osv = "{OSV}"

[metrics.commit-count]
sql = "{COMMITS}"
definition = "commits in the warehouse"
unit = "commits"
"""


def test_a_scan_records_the_inventory_and_custom_metrics(
    tmp_path: Path, make_repo: Any, db_path: Path
) -> None:
    workspace(tmp_path, make_repo, db_path, CONFIGURED)
    assert recorded(db_path, "hold-technologies") == {"workspace": 1, "shop": 1, "web": 1}
    assert recorded(db_path, "vulnerabilities") == {"workspace": 2, "shop": 1, "web": 1}
    assert recorded(db_path, "dependency-drift") == {"workspace": 1, "shop": 0, "web": 0}
    assert recorded(db_path, "lockfile-coverage") == {"workspace": 50, "shop": 0, "web": 100}
    assert recorded(db_path, "commit-count") == {"workspace": 5, "shop": 3, "web": 2}


def test_without_a_radar_or_osv_data_those_metrics_have_no_value(
    tmp_path: Path, make_repo: Any, db_path: Path
) -> None:
    workspace(tmp_path, make_repo, db_path, "")
    assert recorded(db_path, "hold-technologies") == {"workspace": None, "shop": None,
                                                      "web": None}  # fmt: skip
    assert recorded(db_path, "vulnerabilities") == {"workspace": None, "shop": None,
                                                    "web": None}  # fmt: skip
    listed = run_cli("metrics", "--db", str(db_path), "--format", "json")
    notes = json.loads(listed.stdout)["notes"]
    assert notes == [
        "hold-technologies has no value until [metrics] radar = FILE in techlead.toml (a "
        "radar as `techlead radar check` reads) is set",
        "vulnerabilities has no value until [metrics] osv = PATH in techlead.toml (OSV data "
        "as `techlead vulns --osv` reads) is set",
    ]


def test_metrics_history_and_goals_know_custom_metrics(
    tmp_path: Path, make_repo: Any, db_path: Path
) -> None:
    config = workspace(tmp_path, make_repo, db_path, CONFIGURED)
    listed = run_cli("metrics", "--db", str(db_path), "--format", "json")
    rows = {r["metric"]: r for r in json.loads(listed.stdout)["rows"]}
    assert rows["commit-count"] == {
        "metric": "commit-count", "unit": "commits", "better": "higher",
        "scopes": ["workspace", "repository", "team"], "history": "recorded by scans",
        "definition": "commits in the warehouse", "source": f"{config}:11",
    }  # fmt: skip
    assert rows["lockfile-coverage"]["history"] == "recorded by scans"
    assert rows["truck-factor"]["source"] == "catalogue"
    assert json.loads(listed.stdout)["notes"] == []
    history = run_cli("history", "commit-count", "--repo", "shop", "--db", str(db_path),
                      "--format", "json")  # fmt: skip
    [point] = json.loads(history.stdout)["rows"]
    assert (point["scope"], point["value"], point["source"]) == ("shop", 3.0, "recorded")
    goals = tmp_path / "goals.toml"
    goals.write_text('[[objective]]\nid = "O1"\ntitle = "t"\nowner = "o"\n\n'
                     '[[objective.key_result]]\nmetric = "commit-count"\nscope = { repo = '
                     '"web" }\ntarget = 4\ndeadline = 2030-01-01\n')  # fmt: skip
    found = run_cli("goals", "--file", str(goals), "--db", str(db_path), "--format", "json")
    assert found.exit_code == 0, found.output
    [row] = json.loads(found.stdout)["rows"]
    assert (row["metric"], row["value"], row["target"]) == ("commit-count", 2.0, 4.0)


def failure(tmp_path: Path, make_repo: Any, db: Path, metrics: str) -> str:
    build(make_repo)
    config = tmp_path / "techlead.toml"
    config.write_text(BASE + metrics)
    result = run_cli("scan", "--config", str(config), "--db", str(db))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0].replace(str(config), "techlead.toml")


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT count(*), 1 FROM commits", "must return one number (one row, one column); it "
         "returned 2 columns"),
        ("SELECT 1 FROM range(3)", "must return one number (one row, one column); it returned "
         "several rows"),
        ("SELECT 1 WHERE false", "must return one number (one row, one column); it returned "
         "no row"),
        ("SELECT 'three'", "must return a number, not str"),
        ("SELECT count(*) FROM nowhere", "Catalog Error: Table with name nowhere does not exist!"),
    ],
)  # fmt: skip
def test_a_custom_metric_that_does_not_give_one_number_stops_the_scan(
    tmp_path: Path, make_repo: Any, db_path: Path, sql: str, message: str
) -> None:
    said = failure(tmp_path, make_repo, db_path, f'\n[metrics.bad]\nsql = "{sql}"\n')
    assert said == f"techlead: error: techlead.toml:7: metric bad: {message}"


def test_a_custom_metric_may_not_take_a_catalogue_name(
    tmp_path: Path, make_repo: Any, db_path: Path
) -> None:
    said = failure(tmp_path, make_repo, db_path, '\n[metrics.commits]\nsql = "SELECT 1"\n')
    assert said == ("techlead: error: techlead.toml:7: [metrics.commits]: techlead's "
                    "catalogue has a metric of that name: choose another")  # fmt: skip


def test_before_a_scan_metrics_lists_the_custom_metrics_of_this_folder(tmp_path: Path) -> None:
    (tmp_path / "techlead.toml").write_text('[metrics.one]\nsql = "SELECT 1"\nunit = "u"\n')
    listed = run_cli("metrics", "--db", str(tmp_path / "none.duckdb"), "--format", "json",
                     cwd=tmp_path)  # fmt: skip
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)["rows"]
    assert [(r["metric"], r["source"]) for r in rows[-2:]] == [
        ("reviewed-share", "catalogue"), ("one", f"{tmp_path / 'techlead.toml'}:1"),
    ]  # fmt: skip
    assert len(json.loads(listed.stdout)["notes"]) == 2  # no radar, no OSV data
