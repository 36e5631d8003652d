"""Each manifest format on small hand-written files; expected values worked out by hand."""

from __future__ import annotations

from techlead.mining.manifests import parser_for
from techlead.mining.manifests.model import Dependency, Ecosystem, Kind, Parsed

E = Ecosystem


def parse(path: str, text: str, files: dict[str, str] | None = None) -> Parsed:
    parser = parser_for(path)
    assert parser is not None, path
    return parser(path, text, (files or {}).get)


def deps(path: str, text: str, files: dict[str, str] | None = None) -> list[Dependency]:
    return list(parse(path, text, files).dependencies)


def test_requirements_with_includes_constraints_and_cycles() -> None:
    files = {
        "req/base.txt": "Django_REST.framework>=3.14  # comment\n-r dev.txt\n",
        "req/dev.txt": "-r base.txt\n",  # a cycle: read once
        "req/constraints.txt": "six==1.16\n",
    }
    text = (
        "-c constraints.txt\n"
        "-r base.txt\n"
        "requests==2.31.0 \\\n    --hash=sha256:abc\n"
        "-e git+https://git.example/x.git#egg=Tool_X\n"
        "--index-url https://index.example/simple\n"
        "not a requirement!\n"
    )
    parsed = parse("req/requirements-test.txt", text, files)
    # test in the file name: development; the included file inherits it.
    assert list(parsed.dependencies) == [
        Dependency(E.PYPI, "django-rest-framework", ">=3.14", None, True, True, 1),
        Dependency(E.PYPI, "requests", "==2.31.0", "2.31.0", True, True, 3),
        Dependency(E.PYPI, "tool-x", None, None, True, True, 5),
    ]
    assert [(w.line, w.message.split(":")[0]) for w in parsed.warnings] == [
        (7, "not a valid requirement")
    ]
    missing = parse("requirements.txt", "-r nowhere.txt\n")
    assert [(w.line, w.message) for w in missing.warnings] == [
        (1, "included file nowhere.txt not found")
    ]


PYPROJECT = """[project]
name = "x"
dependencies = ["requests>=2", "click==8.1.7"]

[project.optional-dependencies]
test = ["pytest>=8"]
fast = ["orjson"]

[dependency-groups]
lint = ["ruff"]
tests = ["x[extra]"]

[tool.poetry.dependencies]
python = "^3.11"
httpx = { version = "^0.27" }

[tool.poetry.group.docs.dependencies]
mkdocs = "1.6.0"
"""


def test_pyproject() -> None:
    assert deps("pyproject.toml", PYPROJECT) == [
        Dependency(E.PYPI, "requests", ">=2", None, True, False, 3),
        Dependency(E.PYPI, "click", "==8.1.7", "8.1.7", True, False, 3),
        Dependency(E.PYPI, "pytest", ">=8", None, True, True, 6),
        Dependency(E.PYPI, "orjson", None, None, True, False, 7),
        Dependency(E.PYPI, "ruff", None, None, True, True, 10),
        Dependency(E.PYPI, "httpx", "^0.27", None, True, False, 15),
        Dependency(E.PYPI, "mkdocs", "1.6.0", "1.6.0", True, True, 18),
    ]
    broken = parse("pyproject.toml", "[project]\ndependencies = [\n")
    assert broken.dependencies == () and broken.warnings[0].line == 3


def test_pipfile_and_setup_cfg() -> None:
    pipfile = '[packages]\nflask = "*"\n\n[dev-packages]\npytest = "==8.0.0"\n'
    assert deps("Pipfile", pipfile) == [
        Dependency(E.PYPI, "flask", None, None, True, False, 2),
        Dependency(E.PYPI, "pytest", "==8.0.0", "8.0.0", True, True, 5),
    ]
    cfg = (
        "[options]\ninstall_requires =\n    attrs>=22\n\n[options.extras_require]\ntests = pytest\n"
    )
    assert deps("setup.cfg", cfg) == [
        Dependency(E.PYPI, "attrs", ">=22", None, True, False, 3),
        Dependency(E.PYPI, "pytest", None, None, True, True, 6),
    ]


def test_package_json() -> None:
    text = (
        '{\n  "dependencies": {\n    "react": "^18.2.0",\n    "@scope/pkg": "1.0.0"\n  },\n'
        '  "devDependencies": {\n    "jest": "~29.0.0"\n  }\n}\n'
    )
    assert deps("web/package.json", text) == [
        Dependency(E.NPM, "react", "^18.2.0", None, True, False, 3),
        Dependency(E.NPM, "@scope/pkg", "1.0.0", "1.0.0", True, False, 4),
        Dependency(E.NPM, "jest", "~29.0.0", None, True, True, 7),
    ]
    broken = parse("package.json", '{\n  "a": \n}\n')
    assert [w.line for w in broken.warnings] == [3]


def test_ruby_php_dotnet_manifests() -> None:
    gemfile = (
        'source "https://gems.example"\ngem "rails", "~> 7.1"\n'
        "group :development, :test do\n  gem 'rspec'\nend\n"
    )
    assert deps("Gemfile", gemfile) == [
        Dependency(E.RUBYGEMS, "rails", "~> 7.1", None, True, False, 2),
        Dependency(E.RUBYGEMS, "rspec", None, None, True, True, 4),
    ]
    composer = '{"require": {"php": ">=8.1", "ext-json": "*", "monolog/monolog": "^3.0"}}'
    assert deps("composer.json", composer) == [
        Dependency(E.PACKAGIST, "monolog/monolog", "^3.0", None, True, False)
    ]
    csproj = (
        '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>'
        '<PackageReference Include="Serilog" Version="3.1.1" />'
        '<PackageReference Include="Dapper"><Version>2.1.0</Version></PackageReference>'
        "</ItemGroup></Project>"
    )
    assert deps("src/App/App.csproj", csproj) == [
        Dependency(E.NUGET, "Serilog", "3.1.1", "3.1.1", True, False),
        Dependency(E.NUGET, "Dapper", "2.1.0", "2.1.0", True, False),
    ]


def test_go_mod_and_cargo_toml() -> None:
    gomod = (
        "module example.com/m\n\ngo 1.22\n\nrequire (\n\tgithub.com/a/b v1.2.3\n"
        "\tgolang.org/x/net v0.7.0 // indirect\n)\n\nrequire github.com/c/d v0.1.0\n"
        "replace github.com/c/d => github.com/e/d v0.2.0\n"
    )
    assert deps("go.mod", gomod) == [
        Dependency(E.GO, "github.com/a/b", "v1.2.3", "1.2.3", True, False, 6),
        Dependency(E.GO, "golang.org/x/net", "v0.7.0", "0.7.0", False, False, 7),
        Dependency(E.GO, "github.com/e/d", "v0.2.0", "0.2.0", True, False, 10),
    ]
    cargo = (
        '[dependencies]\nserde = { version = "1.0", features = ["derive"] }\nregex = "=1.5.4"\n'
        '\n[dev-dependencies]\ncriterion = "0.5"\n'
    )
    assert deps("Cargo.toml", cargo) == [
        Dependency(E.CRATES, "serde", "1.0", None, True, False, 2),
        Dependency(E.CRATES, "regex", "=1.5.4", "1.5.4", True, False, 3),
        Dependency(E.CRATES, "criterion", "0.5", None, True, True, 6),
    ]


def test_maven_and_gradle() -> None:
    pom = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <version>1.0</version>
  <properties><log4j.version>2.14.1</log4j.version></properties>
  <dependencyManagement><dependencies><dependency>
    <groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>
    <version>2.15.0</version></dependency></dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId><version>${log4j.version}</version></dependency>
    <dependency><groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId>
      <version>4.13.2</version><scope>test</scope></dependency>
  </dependencies>
</project>"""
    assert deps("pom.xml", pom) == [
        Dependency(E.MAVEN, "org.apache.logging.log4j:log4j-core", "2.14.1", "2.14.1"),
        Dependency(E.MAVEN, "com.fasterxml.jackson.core:jackson-databind", "2.15.0", "2.15.0"),
        Dependency(E.MAVEN, "junit:junit", "4.13.2", "4.13.2", True, True),
    ]
    gradle = (
        "dependencies {\n"
        '    implementation("org.springframework.boot:spring-boot-starter:3.2.0")\n'
        "    testImplementation 'org.junit.jupiter:junit-jupiter:5.10.0'\n"
        "    api group: 'com.google.guava', name: 'guava', version: '32.1.3-jre'\n"
        '    implementation "io.ktor:ktor-client:$ktorVersion"\n'
        "}\n"
    )
    assert deps("build.gradle", gradle) == [
        Dependency(
            E.MAVEN,
            "org.springframework.boot:spring-boot-starter",
            "3.2.0",
            "3.2.0",
            True,
            False,
            2,
        ),
        Dependency(E.MAVEN, "org.junit.jupiter:junit-jupiter", "5.10.0", "5.10.0", True, True, 3),
        Dependency(E.MAVEN, "com.google.guava:guava", "32.1.3-jre", "32.1.3-jre", True, False, 4),
        Dependency(E.MAVEN, "io.ktor:ktor-client", "$ktorVersion", None, True, False, 5),
    ]


def test_containers_workflows_terraform() -> None:
    dockerfile = (
        "ARG BASE=3.12\nFROM --platform=linux/amd64 python:${BASE}-slim AS build\n"
        "RUN echo \\\n  hi\nFROM build\nFROM docker.io/library/nginx@sha256:abc\nFROM scratch\n"
    )
    assert deps("Dockerfile", dockerfile) == [
        Dependency(E.DOCKER, "python", "python:3.12-slim", "3.12-slim", True, False, 2),
        Dependency(E.DOCKER, "nginx", "docker.io/library/nginx@sha256:abc", None, True, False, 6),
    ]
    compose = "services:\n  db:\n    image: postgres:16\n  app:\n    build: .\n"
    assert deps("docker-compose.yml", compose) == [
        Dependency(E.DOCKER, "postgres", "postgres:16", "16", True, False, 3)
    ]
    workflow = (
        "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - uses: ./local-action\n"
        "      - uses: github/codeql-action/init@v3\n  call:\n"
        "    uses: org/repo/.github/workflows/w.yml@main\n"
    )
    assert deps(".github/workflows/ci.yml", workflow) == [
        Dependency(E.GITHUB_ACTIONS, "actions/checkout", "v4", "v4", True, True, 6),
        Dependency(E.GITHUB_ACTIONS, "github/codeql-action", "v3", "v3", True, True, 8),
        Dependency(E.GITHUB_ACTIONS, "org/repo", "main", "main", True, True, 10),
    ]
    assert parser_for("docs/.github/workflows/ci.yml") is None  # only at the root
    terraform = (
        'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
        '      version = "~> 5.0"\n    }\n    # random = { source = "x/y" }\n  }\n}\n'
        'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.1.0"\n}\n'
    )
    assert deps("infra/main.tf", terraform) == [
        Dependency(E.TERRAFORM, "hashicorp/aws", "~> 5.0", None, True, False, 3),
        Dependency(E.TERRAFORM, "terraform-aws-modules/vpc/aws", "5.1.0", None, True, False, 10),
    ]


def test_vendored_manifests_are_not_read() -> None:
    assert parser_for("node_modules/react/package.json") is None
    assert parser_for("vendor/github.com/x/go.mod") is None
    assert parse("package-lock.json", "{}").kind is Kind.LOCKFILE
