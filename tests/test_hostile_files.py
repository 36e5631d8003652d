"""Malformed manifests from a repository are warnings naming file:line and what was
expected, never the end of the scan: the rest of the repository is mined."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from techlead.mining.manifests import parse_file, parser_for
from techlead.mining.manifests.model import Parsed

from conftest import query_db, scan_json

DEEP_JSON = "[" * 100_000
DEEP_TOML = "x = " + "[" * 100_000
DEEP_YAML = "a: " + "[" * 100_000

# path, text, the warning the scan reports (file:line: what was expected)
MALFORMED = [
    ("a/pnpm-lock.yaml", "just a string\n",
     "a/pnpm-lock.yaml:1: the file should be a YAML mapping (lockfileVersion, importers, "
     "packages), not a string"),
    ("b/pnpm-lock.yaml", "- a\n- b\n",
     "b/pnpm-lock.yaml:1: the file should be a YAML mapping (lockfileVersion, importers, "
     "packages), not a list"),
    (".github/workflows/list.yml", "on: push\njobs:\n  - build\n",
     ".github/workflows/list.yml:2: 'jobs' should be a mapping of job ids to jobs, not a list"),
    ("c/docker-compose.yml", "services:\n  - web\n",
     "c/docker-compose.yml:1: 'services' should be a mapping of service names to services, "
     "not a list"),
    ("d/package-lock.json", '{\n  "packages": null\n}\n',
     "d/package-lock.json:2: 'packages' should be an object, not empty"),
    ("e/package.json", '{\n  "dependencies": ["a"]\n}\n',
     "e/package.json:2: 'dependencies' should be an object of names to version ranges "
     '({"name": "^1.0"}), not a list'),
    ("f/pyproject.toml", '[project]\nname = "f"\noptional-dependencies = "oops"\n',
     "f/pyproject.toml:3: 'optional-dependencies' should be a table of names to lists of "
     "requirements, not a string"),
    ("g/Cargo.lock", "version = 3\npackage = 1\n",
     "g/Cargo.lock:2: 'package' should be an array of tables ([[package]]), not a number"),
    ("h/poetry.lock", "package = 1\n",
     "h/poetry.lock:1: 'package' should be an array of tables ([[package]]), not a number"),
    ("i/package.json", DEEP_JSON, "i/package.json: invalid JSON: nested too deeply"),
    ("j/pyproject.toml", DEEP_TOML, "j/pyproject.toml: invalid TOML: nested too deeply"),
    (".github/workflows/deep.yml", DEEP_YAML,
     ".github/workflows/deep.yml:1: invalid YAML: while increasing flow level; exceeded "
     'maximum nesting depth; in "<unicode string>", line 1, column 1003'),
    ("k/compose.yaml", "services:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(3000)),
     "k/compose.yaml:1000: invalid YAML: while increasing block level; exceeded maximum "
     'nesting depth; in "<unicode string>", line 1000, column 1001'),
]  # fmt: skip

GOOD = {
    "requirements.txt": "requests==2.31.0\n",
    "web/package.json": '{"dependencies": {"react": "18.2.0"}}\n',
    "svc/Cargo.toml": '[dependencies]\nserde = "1.0"\n',
    ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n",
}


@pytest.fixture
def hostile(make_repo: Any) -> Any:
    repo = make_repo("hostile")
    repo.commit("files", files={**GOOD, **{path: text for path, text, _ in MALFORMED}})
    return repo


def test_a_malformed_manifest_is_a_warning_and_the_rest_is_mined(
    hostile: Any, db_path: Path
) -> None:
    doc = scan_json(str(hostile.path), "--db", str(db_path))
    warnings = [w for repo in doc["repos"] for w in repo["warnings"]]
    for _, _, expected in MALFORMED:
        assert f"hostile: {expected}" in warnings
    stored = query_db(db_path, "SELECT ecosystem, name FROM dependencies ORDER BY ALL")
    assert stored == [
        ("GitHub Actions", "actions/checkout"),
        ("PyPI", "requests"),
        ("crates.io", "serde"),
        ("npm", "react"),
    ]


def _parse(path: str, text: str) -> Parsed:
    parser = parser_for(path)
    assert parser is not None
    return parse_file(parser, path, text, lambda _: None)


@pytest.mark.parametrize(
    ("path", "text", "line", "message"),
    [
        ("pnpm-lock.yaml", "importers:\n  .: [1]\n", 2, "'.' should be a table, not a list"),
        ("pnpm-lock.yaml", "packages: 5\n", 1, "'packages' should be a table, not a number"),
        (".github/workflows/x.yml", "jobs:\n  b:\n    steps: 5\n", 3,
         "'steps' should be a list of steps, not a number"),
        ("docker-compose.yml", "services:\n  web: 1\n", 2,
         "'web' should be a mapping (image: ...), not a number"),
        ("package-lock.json", '{"packages": {"node_modules/a": 1}}', 1,
         "'node_modules/a' should be an object, not a number"),
        ("package-lock.json", '{"dependencies": {"a": 1}}', 1,
         "'a' should be an object, not a number"),
        ("package.json", '{"dependencies": {"a": ["1"]}}', 1, "'a' should be a string, not a list"),
        ("pyproject.toml", "project = 1\n", 1, "'project' should be a table, not a number"),
        ("pyproject.toml", '[project]\ndependencies = "requests"\n', 2,
         "'dependencies' should be a list of requirements ([\"requests>=2\"]), not a string"),
        ("poetry.lock", "package = [1]\n", 1,
         "'package' should be a table ([[package]]), not a number"),
        ("Pipfile", "packages = 1\n", 1, "'packages' should be a table, not a number"),
        ("Pipfile.lock", "[]", 1, "the file should be a JSON object, not a list"),
        ("Cargo.toml", "target = 1\n", 1, "'target' should be a table, not a number"),
        ("composer.json", '{"require": [1]}', 1, "'require' should be an object, not a list"),
        ("composer.lock", '{"packages": [1]}', 1,
         "'packages' should be a list of objects, not a number"),
        ("packages.lock.json", '{"dependencies": {"net8.0": {"a": 1}}}', 1,
         "'a' should be an object, not a number"),
        ("package.json", '{"a": ' + "9" * 5000 + "}", None,
         "invalid JSON: Exceeds the limit (4300 digits) for integer string conversion: "
         "value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit"),
        ("pnpm-lock.yaml", "lockfileVersion: 2024-13-45\n", None,
         "invalid YAML: month must be in 1..12"),
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_type_is_a_warning_naming_its_line(
    path: str, text: str, line: int | None, message: str
) -> None:
    parsed = _parse(path, text)
    assert [(w.line, w.message) for w in parsed.warnings] == [(line, message)]


def test_the_good_entries_next_to_a_bad_one_are_read() -> None:
    text = '{"packages": {"": {"dependencies": {"b": "1"}}, "node_modules/a": 1,\n'
    text += '"node_modules/b": {"version": "1.0.0"}}}'
    parsed = _parse("package-lock.json", text)
    assert [(d.name, d.version, d.direct) for d in parsed.dependencies] == [("b", "1.0.0", True)]
    assert [w.message for w in parsed.warnings] == [
        "'node_modules/a' should be an object, not a number"
    ]


def test_a_deep_v1_lockfile_is_walked_without_recursion() -> None:
    depth = 450  # two JSON levels each, within what json reads; the walk adds no frames
    text = '{"dependencies": ' + '{"a": {"version": "1", "dependencies": ' * depth
    text += "{}" + "}}" * depth + "}"
    parsed = _parse("package-lock.json", text)
    assert len(parsed.dependencies) == depth
    assert parsed.warnings == ()


def test_an_unclosed_gemfile_string_of_backslashes_is_read_at_once() -> None:
    # the quoted-string pattern backtracked exponentially: 50 backslashes took hours
    parsed = _parse("Gemfile", 'gem "rails"\ngem "' + "\\" * 50_000 + "\n")
    assert [d.name for d in parsed.dependencies] == ["rails"]


def test_a_long_gradle_line_of_spaces_is_read_at_once() -> None:
    parsed = _parse("build.gradle", "a" + " " * 200_000 + "x\nimplementation 'g:a:1'\n")
    assert [d.name for d in parsed.dependencies] == ["g:a"]


def test_many_unclosed_terraform_blocks_are_read_at_once() -> None:
    text = 'module "m" { source = "x/y/z"\n version = "1"\n}\n' + 'module "n" {\n' * 50_000
    parsed = _parse("main.tf", text)
    assert [(d.name, d.spec) for d in parsed.dependencies] == [("x/y/z", "1")]
