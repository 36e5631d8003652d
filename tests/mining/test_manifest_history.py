"""The manifests' history: every version of a manifest on the main line, parsed once per
blob, so that the dependencies as of a main-line position are a join."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techlead.mining.manifest_history import _parse_all, update_manifest_history
from techlead.warehouse.schema import SCHEMA_VERSION

from conftest import BOB, GitRepo, query_db, scan_json

# The main line: 1 requirements.txt [requests]; 2 README only; 3 [requests, flask];
# 4 package.json [react] and requirements back to [requests]; 5 requirements [requests,
# django]. Three distinct requirements blobs: v1 (1, 4), v3, v5; one package.json blob.
AS_OF = """
SELECT d.ecosystem, d.name FROM tree_spans s
JOIN manifest_blob_dependencies d USING (repo_id, path, blob)
WHERE s.since_pos <= ? AND (s.until_pos IS NULL OR ? < s.until_pos)
ORDER BY 1, 2
"""


def build(repo: GitRepo) -> None:
    repo.commit("one", files={"requirements.txt": "requests==2.0\n"})
    repo.commit("two", files={"README.md": "hello\n"})
    repo.commit("three", files={"requirements.txt": "requests==2.0\nflask\n"}, author=BOB)
    repo.commit(
        "four",
        files={
            "requirements.txt": "requests==2.0\n",
            "web/package.json": '{"dependencies": {"react": "^18"}}',
        },
    )
    repo.commit("five", files={"requirements.txt": "requests==2.0\ndjango>=4\n"})


def test_every_version_is_parsed_once_and_joins_by_position(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("shop")
    build(repo)
    scan_json("--db", str(db_path), str(repo.path))
    blobs = query_db(
        db_path,
        "SELECT path, kind, status, dependencies FROM manifest_blobs ORDER BY path, dependencies",
    )
    assert blobs == [
        ("requirements.txt", "manifest", "parsed", 1),
        ("requirements.txt", "manifest", "parsed", 2),
        ("requirements.txt", "manifest", "parsed", 2),
        ("web/package.json", "manifest", "parsed", 1),
    ]

    def at(position: int) -> list[tuple[str, str]]:
        return [tuple(r) for r in query_db(db_path, AS_OF, [position, position])]  # type: ignore[misc]

    assert at(1) == [("PyPI", "requests")]
    assert at(2) == [("PyPI", "requests")]
    assert at(3) == [("PyPI", "flask"), ("PyPI", "requests")]
    assert at(4) == [("PyPI", "requests"), ("npm", "react")]
    assert at(5) == [("PyPI", "django"), ("PyPI", "requests"), ("npm", "react")]
    pinned = query_db(
        db_path,
        "SELECT version, direct, dev FROM manifest_blob_dependencies "
        "WHERE name = 'requests' GROUP BY ALL",
    )
    assert pinned == [("2.0", True, False)]


def test_a_rescan_reads_only_new_versions(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("shop")
    build(repo)
    scan_json("--db", str(db_path), str(repo.path))
    repo.commit("six", files={"requirements.txt": "requests==2.1\n"})
    scan_json("--db", str(db_path), str(repo.path))
    assert query_db(db_path, "SELECT count(*) FROM manifest_blobs") == [(5,)]
    con = duckdb.connect(str(db_path))
    try:
        found = update_manifest_history(con, 1, repo.path, 100)
    finally:
        con.close()
    assert (found.read, found.left) == (0, 0)


def test_the_policy_caps_a_scan_and_the_next_goes_on(
    make_repo: Any, tmp_path: Path, db_path: Path
) -> None:
    repo = make_repo("shop")
    build(repo)
    (tmp_path / "techlead.toml").write_text(
        '[[repos]]\npath = "shop"\n\n[policy]\nmanifest_history_blobs = 2\n'
    )
    first = scan_json("--db", str(db_path), cwd=tmp_path)
    warned = [w for r in first["repos"] for w in r["warnings"]]
    assert (
        "shop: read 2 past versions of manifests and lockfiles; 2 older ones are left "
        "for the next scan (policy manifest_history_blobs)" in warned
    )
    # the newest two: requirements v5 (position 5), then of the two spans that begin at
    # position 4 the first by path: requirements v1 (back at 4) before package.json
    assert query_db(db_path, "SELECT path, dependencies FROM manifest_blobs ORDER BY 2") == [
        ("requirements.txt", 1),
        ("requirements.txt", 2),
    ]
    scan_json("--db", str(db_path), cwd=tmp_path)  # nothing new to mine: the rest is read
    assert query_db(db_path, "SELECT count(*) FROM manifest_blobs") == [(4,)]


def test_a_rescan_with_nothing_new_and_nothing_left_reads_no_manifest(
    make_repo: Any, tmp_path: Path, db_path: Path
) -> None:
    """A re-scan with HEAD where it was, after a scan that left no version for later, does
    not look for manifest versions (scan._manifests_settled): a row taken away by hand
    stays away. After a scan that left some (the cap), the next one goes on (above)."""
    repo = make_repo("shop")
    build(repo)
    scan_json("--db", str(db_path), str(repo.path))
    # requirements.txt's three contents (the fourth version is the first again) and
    # web/package.json: the four versions of the first test
    assert query_db(db_path, "SELECT count(*) FROM manifest_blobs") == [(4,)]
    con = duckdb.connect(str(db_path))
    try:
        con.execute("DELETE FROM manifest_blobs WHERE path = 'web/package.json'")
    finally:
        con.close()
    scan_json("--db", str(db_path), str(repo.path))  # nothing new: the row is not read again
    assert query_db(db_path, "SELECT count(*) FROM manifest_blobs") == [(3,)]
    repo.commit("three", files={"README.md": "shop\n"})
    scan_json("--db", str(db_path), str(repo.path))  # HEAD moved: the missing version is read
    assert query_db(db_path, "SELECT count(*) FROM manifest_blobs") == [(4,)]


def test_a_malformed_version_is_recorded_and_the_rest_read(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("web")
    repo.commit("one", files={"package.json": "{not json"})
    repo.commit("two", files={"package.json": '{"dependencies": {"vue": "3"}}'})
    scan_json("--db", str(db_path), str(repo.path))
    rows = query_db(db_path, "SELECT status, dependencies FROM manifest_blobs ORDER BY 2")
    assert rows == [("parsed", 0), ("parsed", 1)]  # the parser warns and reads nothing


PATHS = (
    "package.json",
    "requirements.txt",
    "pyproject.toml",
    "Cargo.lock",
    "go.mod",
    "poetry.lock",
    "pom.xml",
    ".github/workflows/ci.yml",
    "Dockerfile",
    "yarn.lock",
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.sampled_from(PATHS), text=st.text(max_size=300) | st.binary(max_size=300))
def test_any_version_is_parsed_or_recorded(tmp_path: Path, path: str, text: str | bytes) -> None:
    """Whatever a past version holds, it gets a status and no exception ends the scan."""
    folder = tmp_path / "blobs"
    if not (folder / ".git").exists():
        GitRepo(folder)
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    blob = (
        subprocess.run(
            ["git", "-C", str(folder), "hash-object", "-w", "--stdin"],
            input=data,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    [(got_path, got_blob, parsed, status)] = list(_parse_all(folder, [(path, blob)]))
    assert (got_path, got_blob) == (path, blob)
    assert status in ("parsed", "unreadable")
    assert (parsed is None) == (status == "unreadable")


def test_a_schema_10_warehouse_gains_the_history_on_the_next_scan(
    make_repo: Any, db_path: Path
) -> None:
    repo = make_repo("shop")
    build(repo)
    scan_json("--db", str(db_path), str(repo.path))
    con = duckdb.connect(str(db_path))  # what techlead with schema 10 wrote
    con.execute("DROP TABLE manifest_blob_dependencies")
    con.execute("DROP TABLE manifest_blobs")
    con.execute("UPDATE techlead_meta SET value = '10' WHERE key = 'schema_version'")
    con.close()
    scan_json("--db", str(db_path), str(repo.path))
    assert query_db(db_path, "SELECT value FROM techlead_meta WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION),)
    ]
    assert query_db(db_path, "SELECT count(*) FROM manifest_blobs") == [(4,)]
