"""Every real lockfile and requirements file of tests/data/corpus parsed; the expected
counts are the ones the corpus README states (with how each was counted)."""

from __future__ import annotations

import pytest

from techlead.mining.manifests import parser_for
from techlead.mining.manifests.model import Dependency, Ecosystem, Kind, Parsed

from conftest import CORPUS

LOCKFILES = CORPUS / "lockfiles"

# file in the corpus -> (the path it would have in a repository, kind, entries, direct)
EXPECTED = {
    # 63 [[package]] tables, 11 without `source` (ripgrep's own crates)
    "cargo--BurntSushi-ripgrep--Cargo.lock": ("Cargo.lock", Kind.LOCKFILE, 52, 0),
    # 65 tables, 10 without `source`
    "cargo--BurntSushi-ripgrep@7cb2113--Cargo.lock": ("Cargo.lock", Kind.LOCKFILE, 55, 0),
    "composer--composer-composer--composer.lock": ("composer.lock", Kind.LOCKFILE, 36, 0),
    # 45 direct + 251 `// indirect`
    "go--ossf-scorecard--go.mod": ("go.mod", Kind.MANIFEST, 296, 45),
    "go--ossf-scorecard--go.sum": ("go.sum", Kind.LOCKFILE, 1158, 0),
    "npm--jquery-jquery--package-lock.json": ("package-lock.json", Kind.LOCKFILE, 820, 33),
    "npm--jquery-jquery@781647b--package-lock.json": ("package-lock.json", Kind.LOCKFILE, 653, 0),
    # 1052 top-level keys but one is the workspace root (prettier@workspace:.)
    "npm--prettier-prettier--yarn.lock": ("yarn.lock", Kind.LOCKFILE, 1051, 0),
    "npm--rails-rails--yarn.lock": ("yarn.lock", Kind.LOCKFILE, 762, 0),
    "npm--simonw-datasette--package-lock.json": ("package-lock.json", Kind.LOCKFILE, 47, 6),
    "npm--vuejs-pinia--pnpm-lock.yaml": ("pnpm-lock.yaml", Kind.LOCKFILE, 1153, 77),
    # 14 Direct + 139 Transitive; the 14 Project entries are the solution's own projects
    "nuget--bitwarden-server--packages.lock.json": ("packages.lock.json", Kind.LOCKFILE, 153, 14),
    "pypi--Textualize-rich--poetry.lock": ("poetry.lock", Kind.LOCKFILE, 49, 0),
    "pypi--Textualize-rich@356cec9--poetry.lock": ("poetry.lock", Kind.LOCKFILE, 63, 0),
    # 3 requirement lines; the git+https URL names no package, so 2 (and 19 missing -r)
    "pypi--celery-celery--requirements-test-ci-default.txt": (
        "requirements/test-ci-default.txt",
        Kind.MANIFEST,
        2,
        2,
    ),
    "pypi--celery-celery--requirements-test.txt": ("requirements/test.txt", Kind.MANIFEST, 11, 11),
    # 16 lines; `-e .[...]` is the project itself
    "pypi--encode-httpx--requirements.txt": ("requirements.txt", Kind.MANIFEST, 15, 15),
    "pypi--ossf-osv-schema--Pipfile.lock": ("Pipfile.lock", Kind.LOCKFILE, 59, 0),
    # 83 packages, 1 editable (flask itself)
    "pypi--pallets-flask--uv.lock": ("uv.lock", Kind.LOCKFILE, 82, 0),
    "pypi--pypi-warehouse--requirements-main.txt": (
        "requirements/main.txt",
        Kind.MANIFEST,
        184,
        184,
    ),
    # 250 GEM + 14 PATH specs; 96 of them named under DEPENDENCIES
    "rubygems--rails-rails--Gemfile.lock": ("Gemfile.lock", Kind.LOCKFILE, 264, 96),
}


def parse(name: str) -> Parsed:
    path = EXPECTED[name][0]
    parser = parser_for(path)
    assert parser is not None, path
    return parser(path, (LOCKFILES / name).read_text(encoding="utf-8"), lambda _: None)


def test_every_corpus_file_is_covered() -> None:
    assert sorted(p.name for p in LOCKFILES.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_counts(name: str) -> None:
    _, kind, entries, direct = EXPECTED[name]
    parsed = parse(name)
    assert parsed.kind is kind
    assert len(parsed.dependencies) == entries
    assert sum(d.direct for d in parsed.dependencies) == direct


def one(parsed: Parsed, name: str) -> Dependency:
    found = [d for d in parsed.dependencies if d.name == name]
    assert found, name
    return found[0]


def test_exact_entries() -> None:
    go = parse("go--ossf-scorecard--go.mod")
    assert all(d.ecosystem is Ecosystem.GO for d in go.dependencies)
    warehouse = parse("pypi--pypi-warehouse--requirements-main.txt")
    celery = one(warehouse, "celery")  # written celery[redis]==...: extras are not the name
    assert celery.spec == f"=={celery.version}" and celery.version
    pinia = parse("npm--vuejs-pinia--pnpm-lock.yaml")
    assert all(d.ecosystem is Ecosystem.NPM and d.version for d in pinia.dependencies)
    prettier = parse("npm--prettier-prettier--yarn.lock")
    assert not [d for d in prettier.dependencies if "workspace" in (d.version or "")]
    osv_schema = parse("pypi--ossf-osv-schema--Pipfile.lock")
    assert sum(d.dev for d in osv_schema.dependencies) == 8  # the `develop` section
    composer = parse("composer--composer-composer--composer.lock")
    assert sum(d.dev for d in composer.dependencies) == 6  # packages-dev
    rich_old = parse("pypi--Textualize-rich@356cec9--poetry.lock")
    assert all(d.version for d in rich_old.dependencies)


def test_missing_includes_are_warnings() -> None:
    parsed = parse("pypi--celery-celery--requirements-test.txt")
    assert [w.line for w in parsed.warnings] == [13, 14, 15, 16, 17, 18, 19][: len(parsed.warnings)]
    assert len(parsed.warnings) == 7
    assert all("not found" in w.message for w in parsed.warnings)
