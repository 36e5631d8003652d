"""What a set of repositories builds with, summed up across them: languages (average
share of the code), technologies (and where), dependencies per repository and ecosystem,
and version drift (one direct dependency pinned at several versions in different
manifests). Reads ``technologies`` and ``dependencies`` as the last scan mined them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

import duckdb


class LanguageShare(NamedTuple):
    language: str
    share: float  # average over every repository in scope (0 where a repository lacks it)
    repos: list[str]


class TechnologyUse(NamedTuple):
    technology: str
    category: str
    repos: list[str]


class DependencyCount(NamedTuple):
    repo: str
    ecosystem: str
    direct: int
    transitive: int
    unpinned: int  # direct, with no lockfile and no resolved version


class Drift(NamedTuple):
    ecosystem: str
    dependency: str
    versions: list[str]
    where: list[tuple[str, str]]  # (repository, version), sorted


_LANGUAGES = """
SELECT t.name, round(sum(t.share) / len($repos), 3), list(DISTINCT r.name ORDER BY r.name)
FROM technologies t JOIN repos r USING (repo_id)
WHERE list_contains($repos, r.name) AND t.category = 'language' AND t.share >= $least
GROUP BY ALL ORDER BY 2 DESC, 1
"""

_TECHNOLOGIES = """
SELECT t.name, t.category, list(DISTINCT r.name ORDER BY r.name) AS repos
FROM technologies t JOIN repos r USING (repo_id)
WHERE list_contains($repos, r.name) AND t.category <> 'language'
GROUP BY ALL ORDER BY len(repos) DESC, t.name
"""

_DEPENDENCIES = """
SELECT r.name, d.ecosystem, count(*) FILTER (d.direct), count(*) FILTER (NOT d.direct),
       count(*) FILTER (d.direct AND d.lockfile IS NULL AND d.version IS NULL)
FROM dependencies d JOIN repos r USING (repo_id)
WHERE list_contains($repos, r.name) GROUP BY ALL ORDER BY 1, 2
"""

_DRIFT = """
SELECT d.ecosystem, d.name, list(DISTINCT d.version ORDER BY d.version),
       list(DISTINCT (r.name, d.version) ORDER BY (r.name, d.version))
FROM dependencies d JOIN repos r USING (repo_id)
WHERE list_contains($repos, r.name) AND d.direct AND d.version IS NOT NULL
GROUP BY ALL
-- drift is between manifests: one lockfile may pin two versions for two Python versions
HAVING count(DISTINCT d.version) > 1 AND count(DISTINCT (r.name, d.manifest)) > 1
ORDER BY count(DISTINCT d.version) DESC, 1, 2
"""

LANGUAGE_FLOOR = 0.01  # languages under 1% of a repository's code are noise here


def language_shares(con: duckdb.DuckDBPyConnection, repos: Sequence[str]) -> list[LanguageShare]:
    rows = con.execute(_LANGUAGES, {"repos": list(repos), "least": LANGUAGE_FLOOR}).fetchall()
    return [LanguageShare(*row) for row in rows]


def technology_use(con: duckdb.DuckDBPyConnection, repos: Sequence[str]) -> list[TechnologyUse]:
    rows = con.execute(_TECHNOLOGIES, {"repos": list(repos)}).fetchall()
    return [TechnologyUse(*row) for row in rows]


def dependency_counts(
    con: duckdb.DuckDBPyConnection, repos: Sequence[str]
) -> list[DependencyCount]:
    rows = con.execute(_DEPENDENCIES, {"repos": list(repos)}).fetchall()
    return [DependencyCount(*row) for row in rows]


def drift(con: duckdb.DuckDBPyConnection, repos: Sequence[str]) -> list[Drift]:
    rows = con.execute(_DRIFT, {"repos": list(repos)}).fetchall()
    return [
        Drift(ecosystem, name, versions, [(str(w[0]), str(w[1])) for w in where])
        for ecosystem, name, versions, where in rows
    ]


class Package(NamedTuple):
    """One package at one version across the repositories (a bill-of-materials entry)."""

    ecosystem: str
    name: str
    version: str | None
    dev_only: bool
    repos: list[str]
    manifests: list[str]  # repo:manifest


class Inventory(NamedTuple):
    workspace: str | None  # [workspace] name of techlead.toml, as at the last scan
    scanned_at: datetime | None
    packages: list[Package]
    repos: list[str]  # the repositories the bill covers (with dependencies or not)


_PACKAGES = """
SELECT d.ecosystem, d.name, d.version, bool_and(d.dev) AS dev,
       list(DISTINCT r.name ORDER BY r.name) AS repos,
       list(DISTINCT r.name || ':' || d.manifest ORDER BY r.name || ':' || d.manifest) AS manifests
FROM dependencies d JOIN repos r USING (repo_id)
WHERE len($repos) = 0 OR list_contains($repos, r.name)
GROUP BY d.ecosystem, d.name, d.version
ORDER BY d.ecosystem, d.name, d.version NULLS FIRST
"""


def packages(con: duckdb.DuckDBPyConnection, repos: Sequence[str]) -> Inventory:
    rows = con.execute(_PACKAGES, {"repos": list(repos)}).fetchall()
    scanned = con.execute("SELECT max(finished_at) FROM scans").fetchall()[0][0]
    covered = [str(name) for (name,) in con.execute(
        "SELECT name FROM repos WHERE len($repos) = 0 OR list_contains($repos, name) "
        "ORDER BY name", {"repos": list(repos)}).fetchall()]  # fmt: skip
    return Inventory(workspace_name(con), scanned, [Package(*row) for row in rows], covered)


def workspace_name(con: duckdb.DuckDBPyConnection) -> str | None:
    """The workspace's name as the last scan read it from techlead.toml, if any."""
    found = con.execute("SELECT value FROM techlead_meta WHERE key = 'workspace_name'").fetchall()
    return str(found[0][0]) if found and found[0][0] else None


# Ecosystems whose projects are expected to commit a lockfile next to the manifest.
LOCKFILES = {
    "npm": "package-lock.json, yarn.lock or pnpm-lock.yaml",
    "Go": "go.sum",
    "RubyGems": "Gemfile.lock",
    "Packagist": "composer.lock",
}

_UNLOCKED = """
SELECT r.name, m.path, e.ecosystem
FROM manifests m JOIN repos r USING (repo_id), unnest(m.ecosystems) AS e(ecosystem)
WHERE m.kind = 'manifest' AND m.dependencies > 0 AND list_contains($lockable, e.ecosystem)
  AND (len($repos) = 0 OR list_contains($repos, r.name))
  AND NOT EXISTS (
    SELECT 1 FROM manifests l, unnest(l.ecosystems) AS le(ecosystem)
    WHERE l.repo_id = m.repo_id AND l.kind = 'lockfile' AND le.ecosystem = e.ecosystem
      AND parse_dirpath(l.path) = parse_dirpath(m.path))
ORDER BY r.name, m.path, e.ecosystem
"""


def unlocked_manifests(
    con: duckdb.DuckDBPyConnection, repos: Sequence[str] = ()
) -> list[tuple[str, str, str]]:
    """(repo, manifest, ecosystem) of manifests declaring dependencies of an ecosystem in
    LOCKFILES with no lockfile of that ecosystem in the same folder."""
    rows = con.execute(_UNLOCKED, {"lockable": list(LOCKFILES), "repos": list(repos)}).fetchall()
    return [(str(repo), str(path), str(ecosystem)) for repo, path, ecosystem in rows]
