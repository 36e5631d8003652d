"""The built-in conventions behind file roles (techlead.mining.roles), each with its source.

Each :class:`Convention` is a group of globs (techlead.core.globs) that one tool, standard or
documented practice gives one role, and where that practice is written down. The tables
are data: techlead.mining.roles compiles each role's globs into one regular expression, and
docs/file-roles.md lists every glob (a test keeps the two in step).

Two limits of plain globs shape the choices below:

* A glob has no "not": a pattern that is usually right but sometimes names code (``doc/``
  is documentation in most repositories and a package in Go's standard library) is anchored
  at the repository root (``/doc/``) rather than matched at any depth.
* A glob without ``/`` also matches a directory of that name, so file names that could well
  be directory names in code (``configure``) are left out.

Dependency manifests (``package.json``, ``pyproject.toml``, ``setup.py``, ``pom.xml``,
``build.gradle``, ``Cargo.toml``, ``go.mod``, ``Gemfile``, ``*.csproj`` ...), Dockerfiles,
Compose files and Terraform are deliberately *not* build: they declare what the product runs
with, so their dependencies are production dependencies. They take the role of the folder
they sit in (``examples/app/requirements.txt`` is an example) and are production otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Convention:
    """Globs that one documented practice gives one role, and where it is documented."""

    globs: tuple[str, ...]
    source: str


def _convention(globs: str, source: str) -> Convention:
    # Globs are written space-separated, one table row per practice; none holds a space.
    return Convention(tuple(globs.split()), source)


LINGUIST_DOCS = "GitHub Linguist, lib/linguist/documentation.yml"
LINGUIST_TESTS = "GitHub Linguist, lib/linguist/test.yml"
LINGUIST_VENDOR = "GitHub Linguist, lib/linguist/vendor.yml"

EXAMPLE: tuple[Convention, ...] = (
    _convention(
        "[Ee]xamples/ [Ss]amples/ [Ss]ample/ [Dd]emos/ [Dd]emo/",
        f"{LINGUIST_DOCS} (^[Ee]xamples/, ^[Ss]amples?/, ^[Dd]emos?/, counted there as "
        "documentation); matched at any depth because monorepo packages keep their own",
    ),
    _convention(
        "[Ee]xample/",
        "Dart pub package layout (example/); Cargo uses examples/",
    ),
    _convention(
        "_examples/ _example/",
        "Go: the go tool ignores directories starting with _ (go help packages), "
        "e.g. gin-gonic/gin's _examples/",
    ),
    _convention(
        "/docs_src/",
        "FastAPI, Typer and SQLModel: the code shown in their docs",
    ),
    _convention(
        "/tutorial/ /tutorials/",
        "tutorial code at the repository root; anchored so that prose such as Flask's "
        "docs/tutorial/ stays documentation",
    ),
    _convention(
        "*.stories.*",
        "Storybook: a story is a demo of a component (*.stories.js)",
    ),
)

TEST: tuple[Convention, ...] = (
    _convention(
        "[Tt]ests/ [Tt]est/",
        f"{LINGUIST_TESTS} (^tests?/), at any depth: also Maven/Gradle src/test/, Cargo "
        "tests/, Mocha test/, Minitest and Rails test/, ExUnit test/, PHPUnit tests/, "
        "SwiftPM Tests/, Dart test/",
    ),
    _convention(
        "test_*.py *_test.py conftest.py pytest.ini /testing/",
        "pytest: default python_files (test_*.py, *_test.py), conftest.py, pytest.ini; "
        "pytest-dev/pytest keeps its tests in testing/ (anchored: numpy.testing is code)",
    ),
    _convention(
        "tests.py",
        "unittest discovers test*.py, narrowed to Django's startapp tests.py so that modules "
        "such as testing.py stay production",
    ),
    _convention(
        "*_test.go testdata/",
        "Go: go help test (*_test.go; the go tool ignores testdata/, kept for test data)",
    ),
    _convention(
        "__tests__/ __mocks__/ __snapshots__/ *.test.[jt]s *.test.[jt]sx "
        "*.test.[cm][jt]s *.spec.[jt]s *.spec.[jt]sx *.spec.[cm][jt]s jest.config.* "
        "vitest.config.* vitest.workspace.* karma.conf.* .mocharc.*",
        "Jest testMatch default (__tests__/, *.test.js, *.spec.js), manual mocks and "
        "snapshots; Vitest include default (*.test.ts, *.spec.mjs, *.test.cjs ...); Karma, Mocha",
    ),
    _convention(
        "cypress/ cypress.config.* playwright.config.* e2e/",
        "Cypress (cypress/ folder), Playwright and Angular CLI (e2e/ end-to-end tests)",
    ),
    _convention(
        "?*Test.java ?*Tests.java ?*TestCase.java ?*IT.java ?*ITCase.java ?*Test.kt ?*Tests.kt",
        "Maven Surefire includes (**/*Test.java, *Tests.java, *TestCase.java) and Failsafe "
        "(**/*IT.java, *ITCase.java), Kotlin alike; one character at least before the suffix "
        "so JUnit's own Test.java and TestCase.java stay production; the prefix forms "
        "(Test*.java) are left out because they name production classes (TestResult)",
    ),
    _convention(
        "**/src/*Test/ **/src/testFixtures/ **/src/jmh/",
        "Gradle source sets: JVM test suites (src/integrationTest/), Android "
        "(src/androidTest/), Kotlin Multiplatform (src/commonTest/, src/jvmTest/), "
        "java-test-fixtures (src/testFixtures/), JMH benchmarks (src/jmh/)",
    ),
    _convention(
        "/spec/ *_spec.rb .rspec *_test.rb *.feature",
        "RSpec (spec/, *_spec.rb, .rspec; spec/ anchored because elsewhere it often holds a "
        "specification such as an OpenAPI document), Minitest (*_test.rb), Cucumber "
        "(*.feature)",
    ),
    _convention(
        "benches/ benchmarks/ /bench/",
        "Cargo bench targets (benches/); airspeed velocity's benchmark_dir default "
        "(benchmarks/); pytest-dev/pytest's bench/ (anchored)",
    ),
    _convention(
        "*Tests/ *.Test/",
        ".NET test projects (dotnet new xunit: PrimeService.Tests, Foo.UnitTests), Xcode test "
        "targets (AppTests/, AppUITests/)",
    ),
    _convention(
        "?*Test.php phpunit.xml phpunit.xml.dist",
        "PHPUnit: default test suffix Test.php, configuration file",
    ),
    _convention(
        "*_test.exs",
        "Elixir ExUnit (test/*_test.exs)",
    ),
    _convention(
        "/t/ *.t",
        "Perl: prove and ExtUtils::MakeMaker run t/*.t; celery uses t/",
    ),
    _convention(
        "*_test.c *_test.cc *_test.cpp *_unittest.cc *_unittest.cpp",
        "C and C++: GoogleTest samples (sample1_unittest.cc), Chromium and Abseil (*_test.cc)",
    ),
    _convention(
        "*_test.dart integration_test/",
        "Dart and Flutter test conventions",
    ),
    _convention(
        "**/requirements/test* requirements-test* requirements_test* test-requirements* "
        "test_requirements*",
        "pip requirements for tests: Flask (requirements/tests.txt), Celery "
        "(requirements/test.txt), OpenStack (test-requirements.txt)",
    ),
)

DOCS: tuple[Convention, ...] = (
    _convention(
        "[Dd]ocs/ [Dd]ocumentation/ [Gg]roovydoc/ [Jj]avadoc/ **/inst/doc/",
        f"{LINGUIST_DOCS} (^[Dd]ocs?/, [Dd]ocumentation/, [Gg]roovydoc/, [Jj]avadoc/, "
        "inst/doc/); docs/ at any depth for monorepo packages",
    ),
    _convention(
        "/[Dd]oc/ /[Mm]an/",
        f"{LINGUIST_DOCS} (^docs?/, ^[Mm]an/), anchored like Linguist: doc is a code package "
        "in Go (go/doc) and in ripgrep (crates/core/flags/doc/)",
    ),
    _convention(
        "/vignettes/",
        f"R packages' long-form documentation ({LINGUIST_VENDOR} lists ^vignettes/)",
    ),
    _convention(
        "README* [Rr]eadme [Rr]eadme.txt CHANGE* CONTRIBUTING* COPYING* INSTALL* "
        "LICEN[CS]E* [Ll]icen[cs]e [Ll]icen[cs]e.txt CITATION*",
        f"{LINGUIST_DOCS} (README, CHANGES, CHANGELOG, CONTRIBUTING, COPYING, INSTALL, LICENSE, "
        "CITATION); lower-case names only without an extension or as .txt, because "
        "license.go or readme.py are code",
    ),
    _convention(
        "AUTHORS* NEWS* THANKS* ChangeLog HISTORY* Changes",
        "GNU Coding Standards, 'Releases' (AUTHORS, NEWS, THANKS, ChangeLog); HISTORY "
        "(psf/requests) and CPAN's Changes",
    ),
    _convention(
        "NOTICE* COPYRIGHT* CONTRIBUTORS* MAINTAINERS*",
        "Apache License 2.0 section 4(d) (NOTICE); copyright, contributor and maintainer "
        "lists (the Linux kernel's MAINTAINERS)",
    ),
    _convention(
        "CODE_OF_CONDUCT* SECURITY* SUPPORT* GOVERNANCE* ISSUE_TEMPLATE* "
        "PULL_REQUEST_TEMPLATE* pull_request_template*",
        "GitHub Docs, default community health files and issue and pull request templates",
    ),
    _convention(
        "*.md *.markdown *.rst *.adoc *.asciidoc",
        "prose markup: Linguist's languages.yml types Markdown, reStructuredText and "
        "AsciiDoc as prose",
    ),
    _convention(
        "mkdocs.yml mkdocs.yaml .readthedocs.yml .readthedocs.yaml readthedocs.yml "
        "readthedocs.yaml Doxyfile book.toml docusaurus.config.*",
        "documentation builds: MkDocs, Read the Docs, Doxygen, mdBook, Docusaurus (like "
        "Sphinx's docs/conf.py, which docs/ covers)",
    ),
    _convention(
        "/changelog/ /changelog.d/ newsfragments/ /releasenotes/ .changeset/",
        "change fragments: towncrier (newsfragments/, changelog.d/; pytest's changelog/), "
        "OpenStack reno (releasenotes/), Changesets (.changeset/)",
    ),
    _convention(
        "**/requirements/doc* requirements-doc* requirements_doc* doc-requirements* "
        "docs-requirements*",
        "pip requirements for the documentation build: Flask and Celery (requirements/docs.txt)",
    ),
)

BUILD: tuple[Convention, ...] = (
    _convention(
        ".github/ CODEOWNERS",
        "GitHub Actions workflows and actions, Dependabot, CODEOWNERS (its community health "
        "files are documentation: docs rank above build)",
    ),
    _convention(
        ".gitlab-ci.yml .gitlab/ .circleci/ Jenkinsfile azure-pipelines* "
        ".azure-pipelines* .travis.yml appveyor.yml .appveyor.yml .buildkite/ "
        "bitbucket-pipelines.yml .drone.yml .woodpecker.yml .woodpecker/ .cirrus.yml "
        "cloudbuild.yaml cloudbuild.yml /.ci/ /ci/",
        "each CI service's documented configuration file or folder (Jenkinsfile is in "
        f"{LINGUIST_VENDOR}); ci/ as in pandas",
    ),
    _convention(
        "renovate.json renovate.json5 .renovaterc* .mergify.yml codecov.yml "
        ".codecov.yml .codecov.yaml .coveragerc .pre-commit-config.yaml",
        "repository bots and quality gates: Renovate, Mergify, Codecov, coverage.py, pre-commit",
    ),
    _convention(
        "Makefile makefile GNUmakefile *.mk CMakeLists.txt *.cmake CMakePresets.json "
        "configure.ac Makefile.am Makefile.in *.m4 config.guess config.sub meson.build "
        "meson_options.txt meson.options BUILD BUILD.bazel *.bzl .bazelrc .bazelversion "
        "build.xml Rakefile [Jj]ustfile Taskfile.yml Taskfile.yaml Earthfile",
        "build tools' own file names: Make, CMake, Autotools (config.guess and *.m4 are in "
        f"{LINGUIST_VENDOR}), Meson, Bazel, Ant, Rake, just, Task, Earthly",
    ),
    _convention(
        "settings.gradle settings.gradle.kts gradle.properties gradlew gradlew.bat "
        "**/gradle/wrapper/ mvnw mvnw.cmd .mvn/ *.sln Directory.Build.props "
        "Directory.Build.targets global.json [Nn]u[Gg]et.[Cc]onfig build.rs "
        "rustfmt.toml .rustfmt.toml clippy.toml .clippy.toml deny.toml rust-toolchain "
        "rust-toolchain.toml",
        "Gradle and Maven wrappers and settings (wrappers are in "
        f"{LINGUIST_VENDOR}), .NET solutions and MSBuild props, Cargo build scripts and "
        "Rust tool configuration",
    ),
    _convention(
        "tox.ini noxfile.py MANIFEST.in fabfile.py .flake8 .pylintrc pylintrc mypy.ini "
        ".mypy.ini ruff.toml .ruff.toml .isort.cfg .python-version **/requirements/dev* "
        "**/requirements/build* **/requirements/lint* **/requirements/typing* "
        "requirements-dev* requirements_dev* dev-requirements* dev_requirements*",
        "Python tooling: tox, nox, setuptools' MANIFEST.in, Fabric (fabfile.py is in "
        f"{LINGUIST_VENDOR}), linters and type checkers, development requirements "
        "(Flask's requirements/dev.txt, typing.txt, build.txt)",
    ),
    _convention(
        ".eslintrc* eslint.config.* .eslintignore .prettierrc* prettier.config.* "
        ".prettierignore .stylelintrc* stylelint.config.* babel.config.* .babelrc* "
        "tsconfig*.json jsconfig.json webpack.config.* rollup.config.* vite.config.* "
        "biome.json biome.jsonc turbo.json nx.json lerna.json .npmrc .npmignore .nvmrc "
        ".node-version .yarnrc .yarnrc.yml .husky/ .browserslistrc Gruntfile.js "
        "[Gg]ulpfile.*",
        "JavaScript tooling: each tool's documented configuration file name (ESLint, "
        "Prettier, Stylelint, Babel, TypeScript, webpack, Rollup, Vite, Biome, Turborepo, "
        "Nx, Lerna, npm, nvm, Yarn, husky, Browserslist, Grunt, gulp)",
    ),
    _convention(
        ".golangci.yml .golangci.yaml .golangci.toml .goreleaser.yml .goreleaser.yaml "
        ".rubocop.yml .rubocop_todo.yml Guardfile phpcs.xml phpcs.xml.dist phpstan.neon "
        "phpstan.neon.dist",
        "golangci-lint, GoReleaser, RuboCop, Guard, PHP_CodeSniffer, PHPStan configuration",
    ),
    _convention(
        ".editorconfig .gitignore .gitattributes .gitmodules .mailmap "
        ".git-blame-ignore-revs .dockerignore .vscode/ .idea/ .devcontainer/ "
        ".gitpod.yml Vagrantfile",
        "editor, git and development-environment settings (.gitignore, .gitattributes, "
        f".gitmodules, .vscode and Vagrantfile are in {LINGUIST_VENDOR})",
    ),
    _convention(
        "/debian/ /scripts/ /tools/ /hack/ /build/",
        f"Debian packaging ({LINGUIST_VENDOR}); golang-standards/project-layout (/scripts, "
        "/tools, /build: 'Packaging and Continuous Integration'); Kubernetes' hack/; "
        "anchored because deeper scripts/ or tools/ folders are often shipped code",
    ),
)
