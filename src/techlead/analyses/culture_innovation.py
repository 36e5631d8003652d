"""culture, innovation view: the dependencies each period brought to the main line.

A dependency (ecosystem, name) of a repository is **new** in the period holding the commit
time of the first main-line commit whose tree declares it directly: a manifest declares
it, or a lockfile marks it direct (``tree_spans`` joined with
``manifest_blob_dependencies``, the manifests' history of mining.manifest_history). A
dependency removed and added again counts once, at its first arrival. ``technology`` is
the catalogue technology the dependency is evidence of (mining/data/technologies.toml),
if any; the radar's ring is added above analyses, where the radar is read.
Versions of manifests a scan has not read yet (the policy's ``manifest_history_blobs``)
are counted in a note: their dependencies may show later than they arrived.
Reads: tree_spans, manifest_blob_dependencies, manifest_blobs, landings, commits, repos.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple

import duckdb

from techlead.core.model import Options, Result
from techlead.mining.manifests import parser_for
from techlead.mining.technologies import catalogue


class NewDependency(NamedTuple):
    period: date
    repo: str
    ecosystem: str
    dependency: str
    technology: str | None
    manifest: str  # the file that first declared it
    dev: bool
    commit: str
    date: datetime


_NEW = """
WITH firsts AS (
    SELECT s.repo_id, d.ecosystem, d.name, min(s.since_pos) AS pos,
           first(s.path ORDER BY s.since_pos, s.path) AS manifest,
           first(d.dev ORDER BY s.since_pos, s.path) AS dev
    FROM tree_spans s JOIN manifest_blob_dependencies d USING (repo_id, path, blob)
    WHERE d.direct GROUP BY s.repo_id, d.ecosystem, d.name
)
SELECT date_trunc($every, c.commit_time)::DATE AS period, r.name, f.ecosystem, f.name,
       f.manifest, f.dev, c.sha, c.commit_time
FROM firsts f
JOIN landings l ON l.repo_id = f.repo_id AND l.position = f.pos
JOIN commits c ON c.repo_id = l.repo_id AND c.sha = l.sha
JOIN repos r ON r.repo_id = f.repo_id
WHERE (len($repos) = 0 OR list_contains($repos, r.name))
  AND (CAST($since AS TIMESTAMPTZ) IS NULL OR c.commit_time >= $since)
  AND (CAST($until AS TIMESTAMPTZ) IS NULL OR c.commit_time < $until)
ORDER BY period, r.name, f.ecosystem, f.name
"""

_UNREAD = """
SELECT count(*) FROM (SELECT DISTINCT s.repo_id, s.path, s.blob FROM tree_spans s
JOIN repos r USING (repo_id)
WHERE list_contains($paths, s.path) AND s.mode IN ('100644', '100755')
  AND (len($repos) = 0 OR list_contains($repos, r.name))
  AND NOT EXISTS (SELECT 1 FROM manifest_blobs m
                  WHERE m.repo_id = s.repo_id AND m.path = s.path AND m.blob = s.blob))
"""


def innovation(
    con: duckdb.DuckDBPyConnection, options: Options, every: str
) -> Result[NewDependency]:
    """Every new direct dependency of the periods, oldest first."""
    found = con.execute(
        _NEW, {"every": every, "repos": list(options.repos), "since": options.since,
               "until": options.until},
    ).fetchall()  # fmt: skip
    rows = [
        NewDependency(period, repo, eco, name, technology_of(eco, name), manifest, dev, sha, at)
        for period, repo, eco, name, manifest, dev, sha, at in found
    ]
    return Result.of("culture-innovation", NewDependency, rows, _notes(con, options))


def _notes(con: duckdb.DuckDBPyConnection, options: Options) -> list[str]:
    paths = [
        str(p)
        for (p,) in con.execute("SELECT DISTINCT path FROM tree_spans").fetchall()
        if parser_for(str(p)) is not None
    ]
    (unread,) = con.execute(_UNREAD, {"paths": paths, "repos": list(options.repos)}).fetchall()[0]
    if not unread:
        return []
    return [
        f"{unread:,} past versions of manifests are not read yet (policy "
        "manifest_history_blobs): the next scan reads them; until then some dependencies "
        "may show later than they arrived"
    ]


@lru_cache(maxsize=4096)
def technology_of(ecosystem: str, name: str) -> str | None:
    """The first catalogue technology (in catalogue order) the dependency is evidence of."""
    for tech in catalogue():
        for want, pattern in tech.dependencies:
            if want == ecosystem and fnmatch.fnmatchcase(name, pattern):
                return tech.name
    return None


class InnovationRow(NamedTuple):
    period: date
    new_dependencies: int
    repositories: int
    technologies: list[str]  # catalogue technologies among them


def summarise(found: Sequence[NewDependency]) -> list[InnovationRow]:
    """One row per period from its new dependencies."""
    by_period: dict[date, list[NewDependency]] = defaultdict(list)
    for item in found:
        by_period[item.period].append(item)
    return [
        InnovationRow(
            period,
            len(items),
            len({i.repo for i in items}),
            sorted({i.technology for i in items if i.technology}),
        )
        for period, items in sorted(by_period.items())
    ]
