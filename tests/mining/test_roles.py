"""File roles: real projects' paths, precedence, user overrides, Python and DuckDB agreeing."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import duckdb
import pytest

from techlead.core.errors import ConfigError
from techlead.mining.classify import PathRules
from techlead.mining.roles import (
    CONVENTIONS,
    OVERRIDE_ORDER,
    PRECEDENCE,
    Role,
    RoleRules,
    builtin_globs,
    rules_from_config,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"

P, T, D, E, B, G, V = (
    Role.PRODUCTION,
    Role.TEST,
    Role.DOCS,
    Role.EXAMPLE,
    Role.BUILD,
    Role.GENERATED,
    Role.VENDORED,
)

# Paths from the projects' repositories (as listed on GitHub), with the role they must get.
PATHS: list[tuple[str, Role]] = [
    # pallets/flask
    ("src/flask/app.py", P),
    ("src/flask/testing.py", P),
    ("src/flask/py.typed", P),
    ("tests/test_basic.py", T),
    ("tests/conftest.py", T),
    ("tests/static/index.html", T),
    ("tests/test_apps/blueprintapp/__init__.py", T),
    ("docs/conf.py", D),
    ("docs/Makefile", D),
    ("docs/tutorial/index.rst", D),
    ("examples/tutorial/flaskr/__init__.py", E),
    ("examples/tutorial/tests/test_auth.py", E),
    ("examples/javascript/tests/conftest.py", E),
    ("examples/celery/requirements.txt", E),
    ("examples/celery/pyproject.toml", E),
    ("examples/celery/uv.lock", G),
    ("requirements/tests.txt", T),
    ("requirements/tests-min.in", T),
    ("requirements/docs.txt", D),
    ("requirements/dev.txt", B),
    ("requirements/typing.txt", B),
    ("requirements/build.txt", B),
    ("pyproject.toml", P),
    ("uv.lock", G),
    ("CHANGES.rst", D),
    ("LICENSE.txt", D),
    ("README.md", D),
    ("CONTRIBUTING.rst", D),
    (".github/workflows/tests.yaml", B),
    (".github/dependabot.yml", B),
    (".github/ISSUE_TEMPLATE/bug-report.md", D),
    (".github/ISSUE_TEMPLATE/config.yml", D),
    (".github/SECURITY.md", D),
    (".pre-commit-config.yaml", B),
    (".readthedocs.yaml", D),
    (".devcontainer/devcontainer.json", B),
    (".devcontainer/Dockerfile", B),
    (".editorconfig", B),
    (".gitignore", B),
    (".flake8", B),
    ("tox.ini", B),
    ("MANIFEST.in", B),
    (".azure-pipelines.yml", B),
    (".travis.yml", B),
    # psf/requests
    ("src/requests/sessions.py", P),
    ("src/requests/__version__.py", P),
    ("tests/test_requests.py", T),
    ("tests/certs/expired/ca/ca-private.key", T),
    ("tests/certs/valid/server/server.pem", T),
    ("tests/certs/README.md", T),
    ("tests/certs/mtls/Makefile", T),
    ("docs/_themes/flask_theme_support.py", D),
    ("docs/user/quickstart.rst", D),
    ("HISTORY.md", D),
    ("NOTICE", D),
    ("AUTHORS.rst", D),
    ("setup.py", P),
    ("setup.cfg", P),
    ("Makefile", B),
    ("requirements-dev.txt", B),
    ("Pipfile", P),
    ("Pipfile.lock", G),
    (".coveragerc", B),
    (".github/CODEOWNERS", B),
    # pytest-dev/pytest
    ("src/_pytest/python.py", P),
    ("src/_pytest/pytester.py", P),
    ("testing/test_collection.py", T),
    ("testing/acceptance_test.py", T),
    ("testing/example_scripts/README.rst", T),
    ("testing/example_scripts/junit-10.xsd", T),
    ("doc/en/conf.py", D),
    ("doc/en/example/conftest.py", E),
    ("doc/en/example/assertion/failure_demo.py", E),
    ("changelog/10012.deprecation.rst", D),
    ("changelog/.gitignore", D),
    ("scripts/release.py", B),
    ("scripts/release.minor.rst", D),
    ("bench/bench.py", T),
    ("CITATION", D),
    # celery/celery
    ("celery/app/base.py", P),
    ("t/unit/app/test_app.py", T),
    ("t/unit/conftest.py", T),
    ("t/integration/tasks.py", T),
    ("requirements/default.txt", P),
    ("requirements/extras/redis.txt", P),
    ("requirements/test.txt", T),
    ("requirements/test-ci-base.txt", T),
    ("examples/django/proj/settings.py", E),
    ("examples/django/requirements.txt", E),
    ("extra/systemd/celery.service", P),
    ("Changelog.rst", D),
    # gin-gonic/gin (Go)
    ("gin.go", P),
    ("context_test.go", T),
    ("binding/binding.go", P),
    ("testdata/certificate/cert.pem", T),
    ("testdata/protoexample/test.pb.go", G),
    ("_examples/basic/main.go", E),
    ("go.mod", P),
    ("go.sum", G),
    (".golangci.yml", B),
    (".goreleaser.yaml", B),
    # kubernetes/kubernetes (Go)
    ("pkg/kubelet/kubelet.go", P),
    ("pkg/kubelet/kubelet_test.go", T),
    ("hack/verify-gofmt.sh", B),
    ("hack/api-changelog/main_test.go", T),
    ("test/e2e/framework/framework.go", T),
    ("vendor/github.com/google/uuid/uuid.go", V),
    ("pkg/apis/core/v1/zz_generated.conversion.go", G),
    ("pkg/apis/core/v1/doc.go", P),
    ("pkg/apis/core/v1/BUILD", B),
    ("CHANGELOG/CHANGELOG-1.28.md", D),
    # google/gson (Maven)
    ("gson/src/main/java/com/google/gson/Gson.java", P),
    ("gson/src/main/java/com/google/gson/stream/JsonReader.java", P),
    ("gson/src/test/java/com/google/gson/functional/ArrayTest.java", T),
    ("gson/pom.xml", P),
    ("pom.xml", P),
    (
        "extras/src/main/java/com/google/gson/extras/examples/rawcollections/RawCollectionsExample.java",
        E,
    ),
    ("examples/android-proguard-example/AndroidManifest.xml", E),
    (".mvn/jvm.config", B),
    ("UserGuide.md", D),
    ("COPYRIGHT", D),
    # square/okhttp (Gradle, Kotlin Multiplatform)
    ("okhttp/src/jvmTest/kotlin/okhttp3/CallTest.kt", T),
    ("okhttp/src/jvmTest/kotlin/okhttp3/SocksProxy.kt", T),
    ("okhttp/src/jvmMain/kotlin/okhttp3/OkHttpClient.kt", P),
    ("gradle/wrapper/gradle-wrapper.properties", B),
    ("settings.gradle.kts", B),
    ("build.gradle.kts", P),
    # expressjs/express, facebook/react, vitejs/vite (JavaScript)
    ("lib/application.js", P),
    ("test/app.router.js", T),
    ("test/acceptance/auth.js", T),
    ("examples/auth/index.js", E),
    ("benchmarks/middleware.js", T),
    ("History.md", D),
    ("package.json", P),
    (".eslintrc.yml", B),
    ("Readme.md", D),
    ("packages/react-dom/src/__tests__/ReactDOM-test.js", T),
    ("packages/react-dom/src/client/ReactDOMRoot.js", P),
    ("packages/react-dom/package.json", P),
    ("scripts/rollup/build.js", B),
    ("packages/vite/src/node/__tests__/build.spec.ts", T),
    ("packages/vite/src/node/server/index.ts", P),
    ("docs/.vitepress/config.ts", D),
    ("pnpm-lock.yaml", G),
    # BurntSushi/ripgrep (Rust), JamesNK/Newtonsoft.Json (.NET)
    ("crates/core/main.rs", P),
    ("crates/core/flags/doc/help.rs", P),
    ("tests/regression.rs", T),
    ("doc/rg.1.txt.tpl", D),
    ("Cargo.toml", P),
    ("Cargo.lock", G),
    ("build.rs", B),
    ("Src/Newtonsoft.Json.Tests/Linq/JObjectTests.cs", T),
    ("Src/Newtonsoft.Json/JsonConvert.cs", P),
    ("Src/Newtonsoft.Json.sln", B),
]


def sql_roles(rules: RoleRules, paths: list[str], **flags: str) -> dict[str, str]:
    """Every path's role computed by the SQL expression in a real in-memory DuckDB."""
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE p (path VARCHAR, v BOOLEAN, g BOOLEAN)")
        con.executemany("INSERT INTO p VALUES (?, false, false)", [[p] for p in paths])
        rows = con.execute(f"SELECT path, {rules.sql(**flags)} FROM p", rules.params())
        return dict(rows.fetchall())
    finally:
        con.close()


def test_the_table_has_80_real_paths_once_each() -> None:
    paths = [path for path, _ in PATHS]
    assert len(paths) >= 80
    assert len(set(paths)) == len(paths)
    assert {role for _, role in PATHS} == set(Role)


@pytest.mark.parametrize("path, role", PATHS, ids=[p for p, _ in PATHS])
def test_role_of_real_paths(path: str, role: Role) -> None:
    assert RoleRules.build().role_of(path) is role


def test_sql_gives_every_path_the_python_role() -> None:
    rules = RoleRules.build()
    assert sql_roles(rules, [p for p, _ in PATHS]) == {p: r.value for p, r in PATHS}


def test_vendored_and_generated_are_exactly_the_classify_flags() -> None:
    flags = PathRules.build()
    rules = RoleRules.build()
    for path, _ in PATHS:
        vendored = re.fullmatch(flags.vendored, path) is not None
        generated = re.fullmatch(flags.generated, path) is not None
        assert (rules.role_of(path) is V) == vendored, path
        assert (rules.role_of(path) is G) == (generated and not vendored), path


@pytest.mark.parametrize(
    "path, role",
    [
        ("examples/foo/test_x.py", E),  # example > test: an example's own tests
        ("docs/examples/x.py", E),  # example > docs
        ("tests/examples/x.py", E),  # example > test, whichever folder is outer
        ("docs/tests/test_build.py", T),  # test > docs
        ("tests/docs/index.md", T),  # test > docs: a fixture
        ("tests/Makefile", T),  # test > build
        ("docs/requirements.txt", D),  # docs > production: the docs build's dependencies
        (".github/CONTRIBUTING.md", D),  # docs > build
        ("scripts/README.md", D),  # docs > build
        ("examples/.gitignore", E),  # example > build
        ("tests/node_modules/pkg/index.js", V),  # vendored > test
        ("examples/app/node_modules/x.min.js", V),  # vendored > generated
        ("tests/api_pb2.py", G),  # generated > test
        ("docs/_static/jquery.min.js", G),  # generated > docs
    ],
)
def test_precedence(path: str, role: Role) -> None:
    rules = RoleRules.build()
    assert rules.role_of(path) is role
    assert sql_roles(rules, [path]) == {path: role.value}


def test_precedence_orders_every_role_once() -> None:
    assert sorted(PRECEDENCE) == sorted(Role)
    assert PRECEDENCE[-1] is P
    assert sorted(OVERRIDE_ORDER) == sorted(Role)
    assert OVERRIDE_ORDER[0] is P
    assert CONVENTIONS.keys() == set(Role)
    assert builtin_globs(P) == ()


def test_known_flags_give_their_role_in_python_and_in_sql() -> None:
    rules = RoleRules.build()
    assert rules.role_of("src/api/client.go", generated=True) is G
    assert rules.role_of("tests/client.go", generated=True) is G
    assert rules.role_of("lib/x.js", vendored=True, generated=True) is V
    con = duckdb.connect()
    rows = con.execute(
        "SELECT path, "
        + rules.sql("path", vendored_flag="v", generated_flag="g")
        + " FROM (VALUES ('src/api/client.go', false, true), ('lib/x.js', true, true),"
        " ('src/a.go', false, false), ('vendor/a.go', false, false)) t(path, v, g)"
        " ORDER BY path",
        rules.params(),
    ).fetchall()
    assert rows == [
        ("lib/x.js", "vendored"),
        ("src/a.go", "production"),
        ("src/api/client.go", "generated"),
        ("vendor/a.go", "vendored"),
    ]


def test_a_user_glob_adds_a_path_to_a_role() -> None:
    rules = RoleRules.build({T: ["qa/**"]})
    assert rules.role_of("qa/smoke/run.py") is T
    assert rules.role_of("src/qa/run.py") is P
    assert sql_roles(rules, ["qa/smoke/run.py", "src/qa/run.py"]) == {
        "qa/smoke/run.py": "test",
        "src/qa/run.py": "production",
    }


def test_a_user_production_glob_demotes_built_in_roles() -> None:
    rules = RoleRules.build({P: ["examples/core/**", "vendor/ours/"]})
    expected = {
        "examples/core/engine.py": "production",
        "examples/other/demo.py": "example",
        "vendor/ours/lib.go": "production",
        "vendor/theirs/lib.go": "vendored",
    }
    assert {p: rules.role_of(p).value for p in expected} == expected
    assert sql_roles(rules, list(expected)) == expected
    # ... and beats a flag computed elsewhere (a marker in the content)
    assert rules.role_of("examples/core/engine.py", generated=True) is P


def test_user_globs_beat_built_in_ones_and_production_comes_first_among_them() -> None:
    rules = RoleRules.build({T: ["examples/**", "qa/**"], D: ["tests/**"], P: ["qa/runtime/**"]})
    expected = {
        "examples/app/main.py": "test",  # user test > built-in example
        "tests/test_a.py": "docs",  # user docs > built-in test
        "qa/runtime/hooks.py": "production",  # user production > user test
        "qa/check.py": "test",
    }
    assert {p: rules.role_of(p).value for p in expected} == expected
    assert sql_roles(rules, list(expected)) == expected


def test_sql_parameters_are_the_bound_ones() -> None:
    rules = RoleRules.build({B: ["ops/**"], P: ["docs/api/**"]})
    assert set(re.findall(r"\$(\w+)", rules.sql())) == set(rules.params())
    assert list(rules.params()) == [
        "role_user_production",
        "role_user_build",
        "role_vendored",
        "role_generated",
        "role_example",
        "role_test",
        "role_docs",
        "role_build",
    ]
    assert rules.sql("f.path").startswith(
        "CASE WHEN regexp_full_match(f.path, $role_user_production) THEN 'production' "
        "WHEN regexp_full_match(f.path, $role_user_build) THEN 'build' "
        "WHEN regexp_full_match(f.path, $role_vendored) THEN 'vendored' "
    )
    assert rules.sql().endswith(
        "WHEN regexp_full_match(path, $role_build) THEN 'build' ELSE 'production' END"
    )


def test_key_changes_with_any_rule_and_only_then() -> None:
    default = RoleRules.build()
    assert RoleRules.build().key == default.key
    assert RoleRules.build({}).key == default.key
    assert RoleRules.build({T: []}).key == default.key
    keys = {
        default.key,
        RoleRules.build({T: ["qa/**"]}).key,
        RoleRules.build({T: ["qa/"]}).key,
        RoleRules.build({D: ["qa/**"]}).key,
        RoleRules.build({P: ["qa/**"]}).key,
    }
    assert len(keys) == 5
    assert re.fullmatch(r"[0-9a-f]{16}", default.key)


def test_rules_from_config_builds_the_overrides() -> None:
    rules = rules_from_config({"test": ["qa/**"], "production": ["examples/core/**"]})
    assert rules == RoleRules.build({T: ["qa/**"], P: ["examples/core/**"]})
    assert rules_from_config({}) == RoleRules.build()


def test_an_unknown_role_is_refused_naming_the_valid_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        rules_from_config({"tests": ["qa/**"]})
    assert str(caught.value) == (
        "unknown role 'tests' in [roles] "
        "(valid: build, docs, example, generated, production, test, vendored)"
    )
    assert caught.value.tip == "did you mean 'test'?"
    with pytest.raises(ConfigError) as caught:
        rules_from_config({"qa": ["qa/**"]})
    assert caught.value.tip is None


@pytest.mark.parametrize(
    "mapping, message",
    [
        ({"test": "qa/**"}, "'test' in [roles] must be a list of globs, e.g. test = [...]"),
        ({"docs": 3}, "'docs' in [roles] must be a list of globs, e.g. docs = [...]"),
        ({"build": ["ci/**", 3]}, "'build' in [roles]: 3 is not a glob (a string)"),
        ({"test": ["qa/[a"]}, "'test' in [roles]: malformed glob 'qa/[a': unclosed '['"),
    ],
)
def test_malformed_overrides_are_refused(mapping: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        rules_from_config(mapping)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_every_role_and_every_built_in_glob_is_documented() -> None:
    text = (DOCS / "file-roles.md").read_text()
    sections = doc_sections()
    for role in Role:
        assert f"`{role}`" in sections, f"docs/file-roles.md has no '## `{role}`' section"
        body = sections[f"`{role}`"]
        for glob in builtin_globs(role):
            assert f"`{glob}`" in body, f"docs/file-roles.md: {role} glob {glob} undocumented"
    assert " > ".join(PRECEDENCE) in text


def doc_sections() -> dict[str, str]:
    parts = re.split(r"^## (.+)$", (DOCS / "file-roles.md").read_text(), flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def test_the_documented_precedence_examples_hold() -> None:
    rows = re.findall(r"^\| (`.+?) \| (\w+) \|", doc_sections()["Precedence"], re.M)
    examples = {path: role for paths, role in rows for path in re.findall(r"`([^`]+)`", paths)}
    assert len(examples) >= 15
    rules = RoleRules.build()
    assert {path: rules.role_of(path).value for path in examples} == examples


def test_the_documented_toml_example_is_accepted() -> None:
    body = doc_sections()["Your own rules: `[roles]`"]
    toml_text = body.split("```toml\n", 1)[1].split("```", 1)[0]
    rules = rules_from_config(tomllib.loads(toml_text)["roles"])
    assert rules.role_of("qa/load/locustfile.py") is T
    assert rules.role_of("examples/core/engine.py") is P
    assert rules.role_of("examples/other/demo.py") is E
    assert rules.role_of("ops/deploy.sh") is B
