"""dependency-freshness: who in the workspace is behind the newest version of a package
that the workspace itself already uses.

Per (ecosystem, package), the versions the scanned repositories pin or resolve at HEAD
(``dependencies.version``; direct dependencies, and with ``--transitive`` those only a
lockfile lists) are ordered by the ecosystem's rules (core.versions). One row per
(repository, manifest, version) below the newest:

* ``newest``: the newest version anywhere in the scope; ``behind``: how many of the
  workspace's distinct versions are newer than this one (equal versions spelled apart,
  1.0 and 1.0.0, count once);
* ``since``: since when the workspace has held a newer version, at the latest: each file
  that holds a newer version (the lockfile that resolves it, else the manifest that pins
  it) has held it since the last commit that changed the file, and ``since`` is the
  earliest of those commits' author times; NULL when no such commit is in the history
  (a shallow clone). ``exact`` says that date is the day the newer version arrived: the
  commit that made it is also the one that introduced the dependency in its manifest
  (``dependencies.introduced_at``), and no holder introduced it earlier.

Versions an ecosystem's rules cannot read ("latest", a git URL, a Docker tag) are left
out, and a note counts them. The manifests are HEAD's, so ``--until``, ``--since``,
``--path``, ``--component`` and ``--role`` are refused.
Reads: dependencies, repos, file_changes, commits.
Returns: ecosystem, package, newest, repo, manifest, version, behind, since, exact; by
ecosystem, package, then the furthest behind first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.core import versions
from techlead.core.errors import AnalysisError
from techlead.core.model import Options, Result
from techlead.core.words import count


class FreshnessRow(NamedTuple):
    ecosystem: str
    package: str
    newest: str
    repo: str
    manifest: str
    version: str
    behind: int  # distinct workspace versions newer than this one
    since: datetime | None  # a newer version has been in the workspace since, at the latest
    exact: bool  # since is the day the first newer version arrived


@dataclass(frozen=True)
class FreshnessParams(Params):
    transitive: bool = param(
        False, "Also dependencies only a lockfile lists (pulled in by other packages)."
    )


class _Holder(NamedTuple):
    repo: str
    manifest: str
    version: str
    introduced: datetime | None  # when its manifest began declaring the package
    changed: datetime | None  # the last change of the file that records the version


# The last change (author time) of each file that records a version: its lockfile, else
# its manifest. Merges carry no file_changes, so this is the commit that made the change.
_HOLDERS = """
WITH held AS (
    SELECT d.repo_id, r.name AS repo, d.ecosystem, d.name, d.manifest,
           coalesce(d.lockfile, d.manifest) AS holder, d.version, min(d.introduced_at) AS since
    FROM dependencies d JOIN repos r USING (repo_id)
    WHERE d.version IS NOT NULL AND (d.direct OR $transitive)
      AND (len($repos) = 0 OR list_contains($repos, r.name))
    GROUP BY ALL
), last_change AS (
    SELECT fc.repo_id, fc.path, max(c.author_time) AS changed
    FROM file_changes fc JOIN commits c USING (repo_id, sha)
    WHERE (fc.repo_id, fc.path) IN (SELECT (repo_id, holder) FROM held)
    GROUP BY ALL
)
SELECT h.ecosystem, h.name, h.repo, h.manifest, h.version, h.since, l.changed
FROM held h LEFT JOIN last_change l ON l.repo_id = h.repo_id AND l.path = h.holder
ORDER BY h.ecosystem, h.name, h.repo, h.manifest, h.version
"""


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: FreshnessParams
) -> Result[FreshnessRow]:
    _refuse_history_filters(options)
    packages: dict[tuple[str, str], list[_Holder]] = defaultdict(list)
    found = con.execute(
        _HOLDERS, {"repos": list(options.repos), "transitive": params.transitive}
    ).fetchall()
    for ecosystem, name, *holder in found:
        packages[(str(ecosystem), str(name))].append(_Holder(*holder))
    rows: list[FreshnessRow] = []
    unreadable: set[tuple[str, str, str]] = set()
    for (ecosystem, name), holders in packages.items():
        rows += _behind(ecosystem, name, holders, unreadable)
    rows = rows[: options.limit] if options.limit is not None else rows
    return Result.of("dependency-freshness", FreshnessRow, rows, _notes(rows, unreadable))


def _refuse_history_filters(options: Options) -> None:
    """The filters of the change history have no meaning over HEAD's manifests; silently
    ignoring one would answer another question than the one asked."""
    given = [flag for flag, value in (("--until", options.until), ("--since", options.since),
             ("--path", options.paths), ("--component", options.components),
             ("--role", options.roles)) if value]  # fmt: skip
    if given:
        raise AnalysisError(
            f"dependency-freshness reads the manifests at HEAD; {given[0]} is not supported"
        )


def _behind(
    ecosystem: str, name: str, holders: list[_Holder], unreadable: set[tuple[str, str, str]]
) -> list[FreshnessRow]:
    """The rows of one package: its holders below the newest version, furthest first."""
    keyed: list[tuple[Any, _Holder]] = []
    for holder in holders:
        try:
            keyed.append((versions.key(ecosystem, holder.version), holder))
        except versions.InvalidVersion:
            unreadable.add((ecosystem, name, holder.version))
    levels = _levels([k for k, _ in keyed])
    if len(levels) < 2:
        return []
    newest = next(h.version for k, h in keyed if _same(k, levels[-1]))
    rows = []
    for own, holder in keyed:
        level = next(i for i, k in enumerate(levels) if _same(k, own))
        newer = [h for k, h in keyed if own < k]
        if newer:
            behind = len(levels) - 1 - level
            where = (holder.repo, holder.manifest, holder.version)
            rows.append(FreshnessRow(ecosystem, name, newest, *where, behind, *_since(newer)))
    return sorted(rows, key=lambda r: (-r.behind, r.repo, r.manifest, r.version))


def _same(a: Any, b: Any) -> bool:
    return not (a < b or b < a)  # Maven versions are ordered but not hashable


def _levels(keys: Sequence[Any]) -> list[Any]:
    """The distinct versions, oldest first (one key per set of equal ones)."""
    levels: list[Any] = []
    for key in sorted(keys):
        if not levels or not _same(levels[-1], key):
            levels.append(key)
    return levels


def _since(newer: list[_Holder]) -> tuple[datetime | None, bool]:
    """When a newer version is known to be in the workspace, at the latest, and whether
    that is the day it arrived (see the module's docstring)."""
    known = [h for h in newer if h.changed is not None]
    if not known:
        return None, False
    first = min(known, key=lambda h: h.changed or datetime.max)
    assert first.changed is not None
    arrived = first.introduced == first.changed
    earlier = any(h.introduced is None or h.introduced < first.changed for h in newer)
    return first.changed, arrived and not earlier and len(known) == len(newer)


def _notes(rows: list[FreshnessRow], unreadable: set[tuple[str, str, str]]) -> list[str]:
    packages = len({(r.ecosystem, r.package) for r in rows})
    notes = [
        f"{count(len(rows), 'manifest version')} behind the newest in the workspace, "
        f"of {count(packages, 'package')}"
    ]
    if unreadable:
        shown = ", ".join(f"{e} {n} {v!r}" for e, n, v in sorted(unreadable)[:3])
        notes.append(
            f"{count(len(unreadable), 'version')} left out: not a version its ecosystem's "
            f"rules read (e.g. {shown})"
        )
    return notes


ANALYSIS = Analysis(
    "dependency-freshness",
    "Who is behind the newest version of a package the workspace already uses, and since when.",
    FreshnessRow,
    FreshnessParams,
    run,
)
