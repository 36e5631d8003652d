"""File roles from the scan to the analyses: stored for every path at HEAD and in history,
``--role`` keeps some, ``[roles]`` in techlead.toml wins over the built-in rules.

The repository: src/app.py (production), tests/test_app.py (test), docs/index.md (docs),
examples/demo/app.py and examples/demo/requirements.txt (example), the CI workflow (build),
tests/certs/server.key (a test fixture), and qa/check.py, production by the built-in
rules, which techlead.toml's ``[roles] test = ["qa/**"]`` makes a test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import GitRepo, query_db, run_cli, scan_json

FILES = {
    "src/app.py": "def f(x):\n    return x\n",
    "tests/test_app.py": "def test_f():\n    assert True\n",
    "docs/index.md": "# Docs\n",
    "examples/demo/app.py": "print(1)\n",
    "examples/demo/requirements.txt": "requests==2.19.1\n",
    ".github/workflows/ci.yml": "on: push\n",
    "tests/certs/server.key": "not a real key\n",
    "qa/check.py": "x = 1\n",
}


def roles_of(db: Path, table: str) -> dict[str, str]:
    return dict(query_db(db, f"SELECT DISTINCT path, role FROM {table} ORDER BY path"))


def rows(db: Path, *args: str) -> list[dict[str, Any]]:
    out = run_cli(*args, "--db", str(db), "--format", "json")
    assert out.exit_code == 0, out.output
    found: list[dict[str, Any]] = json.loads(out.stdout)["rows"]
    return found


def test_roles_are_stored_and_filter_the_analyses(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "app")
    repo.commit("all", files=FILES)
    repo.commit("edit", files={"src/app.py": "def f(x):\n    return x + 1\n",
                               "tests/test_app.py": "def test_f():\n    assert 1\n"})  # fmt: skip
    db = tmp_path / "wh.duckdb"
    scan_json(str(repo.path), "--db", str(db))
    expected = {
        "docs/index.md": "docs", "examples/demo/app.py": "example",
        "examples/demo/requirements.txt": "example", "qa/check.py": "production",
        ".github/workflows/ci.yml": "build", "src/app.py": "production",
        "tests/certs/server.key": "test", "tests/test_app.py": "test",
    }  # fmt: skip
    assert roles_of(db, "files") == roles_of(db, "file_changes") == expected
    assert [r["entity"] for r in rows(db, "files", "--role", "test")] == [
        "tests/certs/server.key", "tests/test_app.py"]  # fmt: skip
    # History analyses filter by role too: src/app.py and tests/test_app.py have 2
    # revisions each; with --role production only src/app.py and qa/check.py remain.
    assert [(r["entity"], r["n-revs"]) for r in rows(db, "revisions", "--role", "production")] \
        == [("src/app.py", 2), ("qa/check.py", 1)]  # fmt: skip
    # The configuration's [roles] wins over the built-in rules; the next scan reclassifies
    # history and HEAD without mining again.
    (tmp_path / "techlead.toml").write_text(
        '[[repos]]\npath = "app"\n\n[roles]\ntest = ["qa/**"]\n'
        'production = ["examples/demo/app.py"]\n'
    )
    scan_json("--db", str(db), cwd=tmp_path)
    changed = expected | {"qa/check.py": "test", "examples/demo/app.py": "production"}
    assert roles_of(db, "files") == roles_of(db, "file_changes") == changed


def test_an_unknown_role_in_the_configuration_is_refused(tmp_path: Path) -> None:
    GitRepo(tmp_path / "app").commit("a", files={"a.py": "a = 1\n"})
    config = '[[repos]]\npath = "app"\n\n[roles]\ntests = ["x/**"]\n'
    (tmp_path / "techlead.toml").write_text(config)
    out = run_cli("scan", "--db", str(tmp_path / "wh.duckdb"), cwd=tmp_path)
    assert out.exit_code == 2
    assert "unknown key 'tests' in [roles] (valid: build, docs, example, generated, production, " \
        "test, vendored)" in out.stderr  # fmt: skip


def test_configured_components_apply_to_history(tmp_path: Path) -> None:
    """[components] core = celery/**: a file deleted before the scan (celery/old.py) counts
    for core, as celery/app.py at HEAD does, not for its top-level folder "celery"."""
    repo = GitRepo(tmp_path / "celery")
    repo.commit("a", files={"celery/app.py": "a = 1\n", "celery/old.py": "o = 1\n"})
    repo.git("rm", "-q", "celery/old.py")
    repo.commit("b", files={"celery/app.py": "a = 2\n"})
    (tmp_path / "techlead.toml").write_text(
        '[[repos]]\npath = "celery"\n\n[components.core]\npaths = ["celery/**"]\n'
    )
    db = tmp_path / "wh.duckdb"
    scan_json("--db", str(db), cwd=tmp_path)
    # Alice: commit a (app.py, old.py) and b (app.py, old.py deleted): 2 commits in core.
    assert [(r["component"], r["commits"]) for r in rows(db, "contributors")] == [("core", 2)]
