"""health: the code health of each file at HEAD, 10.0 (healthy) down to 1.0, and its roll-ups.

Per file of the HEAD snapshot (filtered by the common options, analyses.head; as of
``--until``, of that date's tree, its blobs read and measured once, analyses.as_of), its
biomarkers (analyses.health_score.BIOMARKERS) are counted in SQL from the functions and
classes the scan measured with tree-sitter (the warehouse's ``functions`` and ``classes``
tables, keyed by blob), each against the policy's threshold for the file's language
(core.health_policy.for_language); Python turns the counts of each file into its score. The
classes of past blobs are not kept: a past file has at most one low-cohesion finding (its
least cohesive class, ``lcom4_max``), unnamed.

A file of a programming language without a grammar (``files.functions`` is NULL) is not
scored: its row says so ("not scored: no grammar for Clojure"), and roll-ups count it
apart. Files of markup, data, prose or configuration have no code health and are left out.

Roll-ups (``aggregate``) per component, repository or team:

* ``average`` health: the mean of the files' scores weighted by their lines of code;
* ``hotspot`` health: the mean weighted by change frequency: commits that changed the file
  within --since/--until (renames followed), so the code people work in counts most;
  None when none of its scored files changed in the window;
* the worst file and its score, and the findings of each biomarker summed.

A team's files are the files its members changed within the window (people outside every
team form "(no team)"); its hotspot health weighs each file by the team's own commits to it.

Source: Tornhill, *Software Design X-Rays* (2018), ch. 6 and CodeScene's Code Health
(biomarkers, 1-10 scale); Lanza & Marinescu, *Object-Oriented Metrics in Practice* (2006)
for brain methods; Hitz & Montazeri (1995) for LCOM4.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import duckdb

from techlead.analyses import as_of_files
from techlead.analyses.changes import prepare
from techlead.analyses.entity import named
from techlead.analyses.head import head_files
from techlead.analyses.health_score import BIOMARKERS, Marker, score
from techlead.analyses.health_sql import findings
from techlead.core.errors import AnalysisError
from techlead.core.health_policy import for_language
from techlead.core.model import Entity, Options
from techlead.core.policy import Policy
from techlead.mining.languages import catalogue, programming_languages
from techlead.warehouse.policy import policy_of

__all__ = [
    "BY",
    "FileHealth",
    "GroupHealth",
    "aggregate",
    "blob_health",
    "file_health",
    "hotspot_health",
    "policy_notes",
    "team_revisions",
    "weighted",
    "words",
]

BY = ("file", "component", "repo", "team")


@dataclass(frozen=True)
class FileHealth:
    """One file's code health; ``health`` is None when it is not scored (``note`` says why)."""

    entity: Entity
    repo: str
    path: str
    component: str
    language: str
    code: int  # lines of code
    revisions: int  # commits that changed it within --since/--until
    health: float | None  # unrounded; outputs round to one decimal
    markers: tuple[Marker, ...]
    note: str | None = None


@dataclass(frozen=True)
class GroupHealth:
    """A component's, repository's or team's code health."""

    name: Entity | str  # a component or repository as an Entity, a team by name
    files: int  # scored files
    unscored: int  # files of a programming language without a grammar
    code: int  # lines of code of the scored files
    average: float | None  # weighted by lines of code
    hotspot: float | None  # weighted by change frequency in the window
    worst: Entity | None
    worst_health: float | None
    findings: dict[str, int]  # per biomarker, summed over the scored files


_FILES = """
WITH history AS (
    SELECT repo_id, path, count(DISTINCT sha) AS revisions FROM {changes} GROUP BY repo_id, path
)
SELECT a.repo_id, a.repo, a.path, a.blob, a.entity, a.component, a.language,
       coalesce(a.code, 0), coalesce(h.revisions, 0)
FROM {files} a
LEFT JOIN history h ON h.repo_id = a.repo_id AND h.path = a.path
WHERE list_contains($languages, a.language) AND (NOT $changed OR h.revisions > 0)
ORDER BY a.entity
"""


def file_health(
    con: duckdb.DuckDBPyConnection,
    options: Options,
    policy: Policy | None = None,
    changed: bool = False,
) -> list[FileHealth]:
    """Every file of a programming language at HEAD (as of ``options.until`` when set),
    as filtered by ``options``, scored when its language has a grammar; ordered by
    entity. ``policy``: the warehouse's. ``changed``: only the files changed within
    ``options.since``/``until`` (what a weight by revisions counts)."""
    policy = policy or policy_of(con)
    files = head_files(con, options)
    tree, measures = "files", "functions"
    if options.until is not None:  # the snapshot head_files read (cached by its arguments)
        tree, measures = as_of_files.files_table(
            con, options.until, options.repos, True, True, options.roles
        )
    found = findings(con, files, measures, policy, tree, measures)
    rows = con.execute(
        _FILES.format(files=files, changes=prepare(con, options)),
        {"languages": sorted(programming_languages()), "changed": changed},
    ).fetchall()
    scored = []
    for repo_id, repo, path, blob, entity, component, language, code, revisions in rows:
        label = named(repo, path, entity != path)
        facts = found.get((repo_id, path, blob))
        if facts is None:
            note = f"not scored: no grammar for {language}"
            scored.append(FileHealth(label, repo, path, component, language, code, revisions,
                                     None, (), note))  # fmt: skip
            continue
        health, markers = score(facts[0], for_language(policy, language), facts[1])
        scored.append(FileHealth(label, repo, path, component, language, code, revisions,
                                 health, markers))  # fmt: skip
    return scored


_BLOBS = """
CREATE OR REPLACE TEMP TABLE health_blobs AS
SELECT r.repo_id, r.path, r.blob,
       coalesce(p.language, f.language) AS language, coalesce(p.code, f.code) AS code,
       coalesce(p.functions, f.functions) AS functions,
       coalesce(p.global_nesting, f.global_nesting) AS global_nesting,
       coalesce(p.lcom4_max, f.lcom4_max) AS lcom4_max
FROM health_blob_rows r
LEFT JOIN (SELECT repo_id, blob, path, any_value(COLUMNS(* EXCLUDE (repo_id, blob, path)))
           FROM past_files GROUP BY ALL) p
  ON p.repo_id = r.repo_id AND p.blob = r.blob AND p.path = r.old_path
LEFT JOIN (SELECT repo_id, blob, any_value(COLUMNS(* EXCLUDE (repo_id, blob)))
           FROM files GROUP BY ALL) f
  ON f.repo_id = r.repo_id AND f.blob = r.blob
"""


def blob_health(
    con: duckdb.DuckDBPyConnection,
    versions: Sequence[tuple[int, str, str, str]],
    policy: Policy | None = None,
) -> dict[tuple[int, str, str, str], tuple[float, tuple[Marker, ...]] | None]:
    """The health of past (or present) versions of files, for trends: ``versions`` are
    (repo_id, path at HEAD, path of the version, blob), as ``trend_samples`` holds them;
    each is scored from the facts the warehouse keeps for its blob (``files``/
    ``functions`` at HEAD, ``past_files``/``past_functions`` else), or None when none
    are kept or its language has no grammar. Duplicates are looked for in HEAD's tree
    (less the file's own version there) and in the blob; a past blob's low cohesion is
    its least cohesive class (its classes are not kept)."""
    policy = policy or policy_of(con)
    con.execute("CREATE OR REPLACE TEMP TABLE health_blob_rows "
                "(repo_id INTEGER, path VARCHAR, old_path VARCHAR, blob VARCHAR)")  # fmt: skip
    if versions:
        con.executemany("INSERT INTO health_blob_rows VALUES (?, ?, ?, ?)", list(versions))
    con.execute(_BLOBS)
    languages = dict(
        ((repo_id, path, blob), language)
        for repo_id, path, blob, language in con.execute(
            "SELECT repo_id, path, blob, language FROM health_blobs"
        ).fetchall()
    )
    measured = "(FROM functions UNION FROM past_functions)"
    found = findings(con, "health_blobs", measured, policy)
    scores: dict[tuple[int, str, str, str], tuple[float, tuple[Marker, ...]] | None] = {}
    for version in versions:
        repo_id, path, _, blob = version
        facts = found.get((repo_id, path, blob))
        language = languages.get((repo_id, path, blob))
        scores[version] = (
            None if facts is None else score(facts[0], for_language(policy, language), facts[1])
        )
    return scores


def policy_notes(policy: Policy) -> list[str]:
    """A note per language of [policy.health.languages] that techlead does not know (its
    thresholds judge nothing: a misspelt name, or a language named otherwise)."""
    known = catalogue()
    return [
        f"[policy.health.languages.{name}] judges no file: techlead knows no language {name!r} "
        "(names as in techlead tech: Python, Java, C++ ...)"
        for name in sorted(policy.health_languages)
        if name not in known
    ]


def team_revisions(
    con: duckdb.DuckDBPyConnection, options: Options
) -> list[tuple[str, str, str, int]]:
    """(team, repo, path, commits) for each file a team changed within the window."""
    changes = prepare(con, options)
    return [
        (str(team), str(repo), str(path), int(revisions))
        for team, repo, path, revisions in con.execute(
            f"SELECT team, repo, path, count(DISTINCT sha) FROM {changes} "
            "GROUP BY team, repo, path ORDER BY team, repo, path"
        ).fetchall()
    ]


def aggregate(
    files: Sequence[FileHealth],
    by: str,
    teams: Iterable[tuple[str, str, str, int]] = (),
) -> list[GroupHealth]:
    """Roll ``files`` up per component, repository or team (``teams``: team_revisions'
    rows, needed for ``by="team"``), worst average health first."""
    if by not in BY[1:]:
        raise AnalysisError(f"health roll-ups are per {', '.join(BY[1:])}, not {by!r}")
    several = len({f.repo for f in files}) > 1
    groups: dict[Entity | str, list[tuple[FileHealth, int]]] = defaultdict(list)
    if by == "team":
        by_path = {(f.repo, f.path): f for f in files}
        for team, repo, path, revisions in teams:
            if (repo, path) in by_path:
                groups[team].append((by_path[repo, path], revisions))
    else:
        for f in files:
            key = Entity(f.repo, f.component, several) if by == "component" else Entity(f.repo, "")
            groups[key].append((f, f.revisions))
    rows = [_group(name, members) for name, members in groups.items()]
    return sorted(rows, key=lambda g: (g.average is None, g.average or 0.0, str(g.name)))


def _group(name: Entity | str, members: list[tuple[FileHealth, int]]) -> GroupHealth:
    scored = [(f, weight) for f, weight in members if f.health is not None]
    code = sum(f.code for f, _ in scored)
    changed = sum(weight for _, weight in scored)
    average = _mean([(f.health, f.code) for f, _ in scored]) if code else None
    hotspot = _mean([(f.health, weight) for f, weight in scored]) if changed else None
    worst = min(scored, key=lambda pair: (pair[0].health, str(pair[0].entity)), default=None)
    findings = {b.name: sum(_findings(f, b.name) for f, _ in scored) for b in BIOMARKERS}
    return GroupHealth(
        name,
        len(scored),
        len(members) - len(scored),
        code,
        average,
        hotspot,
        worst[0].entity if worst else None,
        worst[0].health if worst else None,
        findings,
    )


def words(score: float, policy: Policy) -> str:
    """What a health score is called, by the policy's bounds."""
    if score >= policy.health_healthy:
        return f"healthy: {policy.health_healthy:g} or more"
    if score < policy.health_unhealthy:
        return f"unhealthy: below {policy.health_unhealthy:g}"
    return f"problematic: {policy.health_unhealthy:g} to {policy.health_healthy:g}"


HOTSPOT_DAYS = 365  # the hotspot health of a moment weighs files by their commits in the year


def hotspot_health(
    con: duckdb.DuckDBPyConnection, options: Options, when: datetime
) -> float | None:
    """The health of the code people change, as of ``when``: the scored files' health
    weighted by their commits in the HOTSPOT_DAYS before it (the ``hotspot-health`` metric
    and the code-health light, so both say the same figure)."""
    recent = replace(options, since=when - timedelta(days=HOTSPOT_DAYS), until=options.until)
    # a file unchanged in the window weighs nothing: it is not scored
    return weighted(file_health(con, recent, changed=True), lambda f: f.revisions)


def weighted(files: Sequence[FileHealth], weight: Callable[[FileHealth], int]) -> float | None:
    """The mean health of scored ``files`` weighted by ``weight`` (lines of code: the
    average health; commits in the window: the hotspot health), 1 decimal; None when the
    weights sum to 0."""
    pairs = [(f.health, weight(f)) for f in files if f.health is not None]
    if not sum(w for _, w in pairs):
        return None
    return round(_mean(pairs), 1)


def _mean(pairs: Sequence[tuple[float | None, int]]) -> float:
    total = sum(weight for _, weight in pairs)
    return sum((value or 0.0) * weight for value, weight in pairs) / total


def _findings(f: FileHealth, name: str) -> int:
    return next((m.findings for m in f.markers if m.name == name), 0)
