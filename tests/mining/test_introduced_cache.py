"""The introducing commits read the manifests' history where it parsed a version (the
main line's versions, by path and blob) and ask git only for the others (a branch's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from techlead.mining.introduced import store_introduced
from techlead.warehouse.connection import open_warehouse

from conftest import GitRepo, query_db, scan_json


def _pyproject(*names: str) -> str:
    listed = "".join(f'    "{name}",\n' for name in names)
    return f'[project]\nname = "app"\ndependencies = [\n{listed}]\n'


def _build(repo: GitRepo) -> dict[str, str]:
    """Commit times in order: c1 (a), c2 (a, b), on a branch from c2 x1 (a, b, z) and x2
    (a, b), then the merge m. x1's version of pyproject.toml is on no main-line tree, so
    the manifests' history never parses it; had the walk found no dependency in it, a and
    b would count from x2 (their declaration "interrupted" at x1)."""
    shas = {"c1": repo.commit("c1", files={"pyproject.toml": _pyproject("a")})}
    shas["c2"] = repo.commit("c2", files={"pyproject.toml": _pyproject("a", "b")})
    repo.git("checkout", "-q", "-b", "topic")
    shas["x1"] = repo.commit("x1", files={"pyproject.toml": _pyproject("a", "b", "z")})
    shas["x2"] = repo.commit("x2", files={"pyproject.toml": _pyproject("a", "b")})
    repo.git("checkout", "-q", "main")
    shas["m"] = repo.merge("topic", "m", date="2020-02-01T12:00:00+00:00")
    return shas


INTRODUCED = "SELECT name, introduced_sha FROM dependencies ORDER BY name"


def test_introduced_reads_the_parsed_versions_and_diffs_the_others(
    make_repo: Any, db_path: Path
) -> None:
    repo: GitRepo = make_repo("app")
    shas = _build(repo)
    scan_json(str(repo.path), "--db", str(db_path))
    assert query_db(db_path, INTRODUCED) == [("a", shas["c1"]), ("b", shas["c2"])]
    blob = repo.git("rev-parse", f"{shas['c1']}:pyproject.toml")
    parsed = query_db(db_path, "SELECT path, status FROM manifest_blobs WHERE blob = ?", [blob])
    assert parsed == [("pyproject.toml", "parsed")]
    # The history's rows are what the walk reads: said to declare b as well, c1's version
    # makes c1 b's introducing commit, without git reading it again. x1's version, which
    # the history has not, is still read with git (a and b go on through it).
    con = open_warehouse(db_path)
    try:
        con.execute(
            "INSERT INTO manifest_blob_dependencies SELECT repo_id, path, blob, ecosystem, "
            "'b', NULL, direct, dev FROM manifest_blob_dependencies WHERE blob = ?",
            [blob],
        )
        store_introduced(con, 1, repo.path, {}, None)
    finally:
        con.close()
    assert query_db(db_path, INTRODUCED) == [("a", shas["c1"]), ("b", shas["c1"])]
