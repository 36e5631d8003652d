"""align: where the repositories and teams of a workspace have drifted apart.

Views (``--view``):

* ``drift``: each direct dependency pinned or resolved at more than one version across
  more than one repository (HEAD's manifests): the versions in use ordered by the
  ecosystem's rules (core.versions), the newest, which repositories hold the newest and
  which are behind (with the version), how many of the versions in use are newer than the
  oldest (``spread``), and whether the versions span several major versions (the first
  number: a ``major split`` usually needs code changes, not a version bump). Most versions
  first. Versions the ecosystem's rules cannot read are left out.
* ``fragmentation``: per kind of choice a team usually makes once, the technologies in use
  when there is more than one, with the teams (or, for repositories without a team, the
  repositories) using each: frameworks (a catalogue framework declared as a dependency
  that is not a development one, in a manifest of role production) and primary languages
  (a programming language holding at least a tenth of a repository's code).
* ``dependencies``: repository A depends on repository B when a direct dependency of A
  (any manifest at HEAD) is the package a manifest of B publishes (its own name:
  mining.manifests.published), same ecosystem and name: one row per (A, B, package), with
  A's version and manifest, and whether A only needs it for development.
* ``ownership``: per component, its declared owners (Backstage catalog-info.yaml, else
  CODEOWNERS) against the measured ones (techlead.analyses.ownership_drift).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.head import head_files
from techlead.analyses.moment import moment
from techlead.analyses.ownership_drift import ownership
from techlead.analyses.technology_files import declarations
from techlead.core import versions
from techlead.core.errors import AnalysisError
from techlead.core.model import Options, Result
from techlead.mining.languages import programming_languages
from techlead.mining.technologies import catalogue

PRIMARY_SHARE = 0.1  # a language holding this share of a repository's code is a choice
_MAJOR = re.compile(r"^v?(\d+)")


class DriftRow(NamedTuple):
    ecosystem: str
    package: str
    newest: str
    versions: list[str]  # oldest first
    at_newest: list[str]  # repositories
    behind: list[str]  # "repo@version", furthest behind first
    spread: int  # distinct versions in use newer than the oldest
    major_split: bool


class LinkRow(NamedTuple):
    repo: str  # depends on ...
    depends_on: str  # ... the repository that publishes the package
    ecosystem: str
    package: str
    version: str | None
    manifest: str
    dev: bool


class FragmentRow(NamedTuple):
    kind: str  # framework | language
    choices: int
    technology: str
    used_by: list[str]  # teams, else repositories


@dataclass(frozen=True)
class AlignParams(Params):
    view: str = param("drift", "drift, fragmentation, dependencies or ownership.",
                      choices=("drift", "fragmentation", "dependencies", "ownership"))  # fmt: skip


_VERSIONS = """
SELECT d.ecosystem, d.name, r.name, d.version
FROM dependencies d JOIN repos r USING (repo_id)
WHERE d.direct AND d.version IS NOT NULL AND (len($repos) = 0 OR list_contains($repos, r.name))
GROUP BY ALL ORDER BY 1, 2, 3, 4
"""


def _drift(con: duckdb.DuckDBPyConnection, options: Options) -> Result[DriftRow]:
    held: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for ecosystem, name, repo, version in con.execute(
        _VERSIONS, {"repos": list(options.repos)}
    ).fetchall():
        held[(ecosystem, name)].append((repo, version))
    rows = [row for (ecosystem, name), where in held.items()
            if (row := _drifted(ecosystem, name, where)) is not None]  # fmt: skip
    rows.sort(key=lambda r: (-len(r.versions), -r.spread, r.ecosystem, r.package))
    notes = [f"{sum(r.major_split for r in rows)} of {len(rows)} drifted packages span "
             "several major versions"] if rows else []  # fmt: skip
    return Result.of("align", DriftRow, rows[: options.limit], notes)


def _drifted(ecosystem: str, name: str, where: list[tuple[str, str]]) -> DriftRow | None:
    keyed: list[tuple[Any, str, str]] = []
    for repo, version in where:
        try:
            keyed.append((versions.key(ecosystem, version), repo, version))
        except versions.InvalidVersion:
            continue
    if len({repo for _, repo, _ in keyed}) < 2:
        return None
    keyed.sort(key=lambda k: k[0])
    levels: list[tuple[Any, str]] = []  # one spelling per distinct version, oldest first
    for key, _, version in keyed:
        if not levels or levels[-1][0] < key:
            levels.append((key, version))
    if len(levels) < 2:
        return None
    newest_key, newest = levels[-1]
    at_newest = sorted({repo for key, repo, _ in keyed if not key < newest_key})
    behind = [f"{repo}@{version}" for key, repo, version in keyed if key < newest_key]
    majors = {m.group(1) for _, version in levels if (m := _MAJOR.match(version))}
    return DriftRow(ecosystem, name, newest, [v for _, v in levels], at_newest,
                    behind, len(levels) - 1, len(majors) > 1)  # fmt: skip


_LANGUAGES = """
SELECT t.name, r.repo_id FROM technologies t JOIN repos r USING (repo_id)
WHERE list_contains($ids, r.repo_id) AND t.category = 'language' AND t.share >= $primary
  AND list_contains($languages, t.name)
"""


def _fragmentation(con: duckdb.DuckDBPyConnection, options: Options) -> Result[FragmentRow]:
    repos = con.execute(
        "SELECT repo_id, coalesce(team, name) FROM repos "
        "WHERE len($repos) = 0 OR list_contains($repos, name)",
        {"repos": list(options.repos)},
    ).fetchall()
    owner = {int(r): str(o) for r, o in repos}
    production = {(int(r), p) for r, p in con.execute(
        "SELECT repo_id, path FROM files WHERE role = 'production'").fetchall()}  # fmt: skip
    kinds = {t.name: t.category for t in catalogue()}
    used: dict[str, dict[str, set[str]]] = {"framework": defaultdict(set),
                                            "language": defaultdict(set)}  # fmt: skip
    for d in declarations(con, list(owner)):
        if kinds.get(d.technology) == "framework" and not d.dev \
                and (d.repo_id, d.manifest) in production:  # fmt: skip
            used["framework"][d.technology].add(owner[d.repo_id])
    for name, repo_id in con.execute(_LANGUAGES, {
            "ids": list(owner), "primary": PRIMARY_SHARE,
            "languages": sorted(programming_languages())}).fetchall():  # fmt: skip
        used["language"][str(name)].add(owner[int(repo_id)])
    rows: list[FragmentRow] = []
    for kind, found in used.items():
        if len(found) > 1:
            ordered = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            rows += [FragmentRow(kind, len(found), name, sorted(who)) for name, who in ordered]
    return Result.of("align", FragmentRow, rows[: options.limit])


_LINKS = """
SELECT r.name, pr.name, d.ecosystem, d.name, min(d.version), min(d.manifest), bool_and(d.dev)
FROM dependencies d JOIN repos r USING (repo_id)
JOIN published_packages p ON p.ecosystem = d.ecosystem AND p.name = d.name
JOIN repos pr ON pr.repo_id = p.repo_id
WHERE d.direct AND d.repo_id <> p.repo_id
  AND (len($repos) = 0 OR list_contains($repos, r.name) OR list_contains($repos, pr.name))
GROUP BY ALL ORDER BY 1, 2, 3, 4
"""


def _links(con: duckdb.DuckDBPyConnection, options: Options) -> Result[LinkRow]:
    rows = [LinkRow(*r) for r in con.execute(_LINKS, {"repos": list(options.repos)}).fetchall()]
    pairs = len({(r.repo, r.depends_on) for r in rows})
    links = f"{len(rows)} package{'' if len(rows) == 1 else 's'}"
    notes = [f"{pairs} repository pair{'' if pairs == 1 else 's'} linked by {links} "
             "published in the workspace"]  # fmt: skip
    return Result.of("align", LinkRow, rows[: options.limit], notes)


def run(con: duckdb.DuckDBPyConnection, options: Options, params: AlignParams) -> Result[Any]:
    if params.view == "ownership":
        if options.until is not None:
            raise AnalysisError("declared owners are read as of the last scan: --until does "
                                "not apply")  # fmt: skip
        head_files(con, options, measured=False)
        return ownership(con, options, prepare(con, options), moment(con))
    if options.until or options.since or options.paths or options.components or options.roles:
        raise AnalysisError("align --view drift and fragmentation read the manifests and "
                            "technologies at HEAD: --until, --since, --path, --component "
                            "and --role do not apply")  # fmt: skip
    if params.view == "fragmentation":
        return _fragmentation(con, options)
    if params.view == "dependencies":
        return _links(con, options)
    return _drift(con, options)


ANALYSIS = Analysis(
    "align",
    "Where repositories and teams drifted apart: dependency versions, framework and "
    "language fragmentation, dependencies between repositories, declared against measured "
    "ownership.",
    DriftRow,
    AlignParams,
    run,
)
