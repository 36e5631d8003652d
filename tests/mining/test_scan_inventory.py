"""The inventory the scan mines: dependencies (merged manifests and lockfiles, with the
commits that introduced them), manifests, technologies, warnings; and deps, tech, sbom."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import BOB, GitRepo, query_db, run_cli, scan_json

PYPROJECT_1 = """[project]
name = "shop"
dependencies = [
    "requests>=2.0",
    "click",
]

[project.optional-dependencies]
test = ["pytest"]
"""
# c3 drops click and adds django (line 5).
PYPROJECT_3 = PYPROJECT_1.replace('    "click",\n', '    "click",\n').replace(
    '    "click",\n', '    "django==4.2.1",\n'
)
PACKAGE_JSON = '{\n  "name": "web",\n  "dependencies": {\n    "react": "^18.2.0"\n  }\n}\n'
PACKAGE_LOCK = json.dumps(
    {
        "name": "web",
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "web", "dependencies": {"react": "^18.2.0"}},
            "node_modules/react": {"version": "18.2.0"},
            "node_modules/loose-envify": {"version": "1.4.0"},
        },
    },
    indent=2,
)
WORKFLOW = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n"


def build(repo: GitRepo) -> list[str]:
    shas = [
        repo.commit("c1", files={"pyproject.toml": PYPROJECT_1, "app.py": "import requests\n"}),
        repo.commit(
            "c2",
            author=BOB,
            files={
                "requirements-dev.txt": "ruff==0.6.0\n",
                "web/package.json": PACKAGE_JSON,
                "web/package-lock.json": PACKAGE_LOCK,
                "Dockerfile": "FROM python:3.11-slim\n",
                ".github/workflows/ci.yml": WORKFLOW,
            },
        ),
        repo.commit("c3", files={"pyproject.toml": PYPROJECT_3}),
    ]
    return shas


@dataclass(frozen=True)
class Shop:
    """The shop repository of build(), scanned once for the module."""

    db: Path
    c1: str
    c2: str
    c3: str

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return query_db(self.db, sql, params)


@pytest.fixture(scope="module")
def shop(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Shop:
    folder = tmp_path_factory.mktemp("inventory")
    repo = GitRepo(folder / "shop")
    c1, c2, c3 = build(repo)
    db = folder / "wh" / "techlead.duckdb"
    scan_json(str(repo.path), "--db", str(db))
    return Shop(db, c1, c2, c3)


DEPENDENCIES = (
    "SELECT manifest, lockfile, ecosystem, name, spec, version, direct, dev, line, "
    "introduced_sha FROM dependencies WHERE manifest = ? ORDER BY ecosystem, name"
)


def test_dependencies_come_from_every_manifest(shop: Shop) -> None:
    # The manifests of the tests below, and no other; 8 dependencies in all.
    assert shop.query("SELECT manifest, count(*) FROM dependencies GROUP BY ALL ORDER BY 1") == [
        (".github/workflows/ci.yml", 1),
        ("Dockerfile", 1),
        ("pyproject.toml", 3),
        ("requirements-dev.txt", 1),
        ("web/package-lock.json", 1),
        ("web/package.json", 1),
    ]


def test_dockerfile_dependency(shop: Shop) -> None:
    assert shop.query(DEPENDENCIES, ["Dockerfile"]) == [
        (
            "Dockerfile",
            None,
            "Docker",
            "python",
            "python:3.11-slim",
            "3.11-slim",
            True,
            False,
            1,
            shop.c2,
        ),
    ]


def test_workflow_dependency(shop: Shop) -> None:
    assert shop.query(DEPENDENCIES, [".github/workflows/ci.yml"]) == [
        (
            ".github/workflows/ci.yml",
            None,
            "GitHub Actions",
            "actions/checkout",
            "v4",
            "v4",
            True,
            True,
            6,
            shop.c2,
        ),
    ]


def test_pyproject_dependencies_and_their_introducing_commits(shop: Shop) -> None:
    c1, c3 = shop.c1, shop.c3
    assert shop.query(DEPENDENCIES, ["pyproject.toml"]) == [
        ("pyproject.toml", None, "PyPI", "django", "==4.2.1", "4.2.1", True, False, 5, c3),
        ("pyproject.toml", None, "PyPI", "pytest", None, None, True, True, 9, c1),
        ("pyproject.toml", None, "PyPI", "requests", ">=2.0", None, True, False, 4, c1),
    ]


def test_requirements_dependency(shop: Shop) -> None:
    assert shop.query(DEPENDENCIES, ["requirements-dev.txt"]) == [
        ("requirements-dev.txt", None, "PyPI", "ruff", "==0.6.0", "0.6.0", True, True, 1, shop.c2),
    ]


def test_lockfile_only_dependency_is_transitive(shop: Shop) -> None:
    # loose-envify only the lockfile lists: transitive, no introducing commit.
    assert shop.query(DEPENDENCIES, ["web/package-lock.json"]) == [
        (
            "web/package-lock.json",
            "web/package-lock.json",
            "npm",
            "loose-envify",
            None,
            "1.4.0",
            False,
            False,
            None,
            None,
        ),
    ]


def test_package_json_dependency_gets_its_lockfile_version(shop: Shop) -> None:
    assert shop.query(DEPENDENCIES, ["web/package.json"]) == [
        (
            "web/package.json",
            "web/package-lock.json",
            "npm",
            "react",
            "^18.2.0",
            "18.2.0",
            True,
            False,
            4,
            shop.c2,
        ),
    ]


def test_manifests(shop: Shop) -> None:
    assert shop.query(
        "SELECT path, kind, ecosystems, dependencies FROM manifests ORDER BY path"
    ) == [
        (".github/workflows/ci.yml", "manifest", ["GitHub Actions"], 1),
        ("Dockerfile", "manifest", ["Docker"], 1),
        ("pyproject.toml", "manifest", ["PyPI"], 3),
        ("requirements-dev.txt", "manifest", ["PyPI"], 1),
        ("web/package-lock.json", "lockfile", ["npm"], 2),
        ("web/package.json", "manifest", ["npm"], 1),
    ]


def test_technologies_and_commands(shop: Shop) -> None:
    assert shop.query(
        "SELECT name, category, source, evidence, evidence_count FROM technologies "
        "WHERE category <> 'language' ORDER BY name"
    ) == [
        ("django", "framework", "dependency", "pyproject.toml", 1),
        ("docker", "platform", "file", "Dockerfile", 1),
        ("github-actions", "tool", "file", ".github/workflows/ci.yml", 1),
        ("pytest", "tool", "dependency", "pyproject.toml", 1),
        ("react", "framework", "dependency", "web/package.json", 1),
        ("requests", "library", "dependency", "pyproject.toml", 1),
        ("ruff", "tool", "dependency", "requirements-dev.txt", 1),
    ]
    deps = run_cli(
        "deps", "--ecosystem", "pypi", "--name", "r*", "--db", str(shop.db), "--format", "csv"
    )
    assert deps.stdout == (
        "repo,manifest,ecosystem,name,spec,version,direct,dev,lockfile,line\n"
        "shop,pyproject.toml,PyPI,requests,>=2.0,,True,False,,4\n"
        "shop,requirements-dev.txt,PyPI,ruff,'==0.6.0,0.6.0,True,True,,1\n"
    )
    bom = json.loads(run_cli("sbom", "--db", str(shop.db)).stdout)
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6"
    purls = sorted(c["purl"] for c in bom["components"])
    assert purls == [
        "pkg:docker/python@3.11-slim",
        "pkg:github/actions/checkout@v4",
        "pkg:npm/loose-envify@1.4.0",
        "pkg:npm/react@18.2.0",
        "pkg:pypi/django@4.2.1",
        "pkg:pypi/pytest",
        "pkg:pypi/requests",
        "pkg:pypi/ruff@0.6.0",
    ]
    again = json.loads(run_cli("sbom", "--db", str(shop.db)).stdout)
    assert again == bom  # reproducible


def test_malformed_manifest_is_a_warning(make_repo: Any, db_path: Path, query: Any) -> None:
    repo = make_repo("bad")
    repo.commit("c1", files={"package.json": '{\n  "dependencies": {\n    "a": \n}\n'})
    result = run_cli("scan", str(repo.path), "--db", str(db_path), "--quiet")
    assert result.exit_code == 0
    assert "techlead: warning: bad: package.json:4:" in result.stderr
    assert query("SELECT count(*) FROM files") == [(1,)]
