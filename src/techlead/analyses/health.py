"""health: the code health of each file at HEAD, 10.0 (healthy) down to 1.0, and its roll-ups.

Per file of the HEAD snapshot (filtered by the common options, analyses.head; as of
``--until``, of that date's tree, its blobs read and measured once, analyses.as_of), its
biomarkers (analyses.health_score.BIOMARKERS) are counted in SQL from the functions and
classes the scan measured with tree-sitter (the warehouse's ``functions`` and ``classes``
tables, keyed by blob), each against the policy's threshold for the file's language
(core.policy.for_language); Python turns the counts of each file into its score. The
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb

from techlead.analyses import as_of
from techlead.analyses.changes import prepare
from techlead.analyses.entity import named
from techlead.analyses.head import head_files
from techlead.analyses.health_score import BIOMARKERS, Marker, score
from techlead.core.errors import AnalysisError
from techlead.core.health_policy import HEALTH_THRESHOLDS, for_language
from techlead.core.model import Entity, Options
from techlead.core.policy import Policy, counted_sql
from techlead.mining.languages import catalogue, programming_languages
from techlead.warehouse.policy import policy_of

__all__ = [
    "BY",
    "FileHealth",
    "GroupHealth",
    "aggregate",
    "file_health",
    "policy_notes",
    "team_revisions",
]

BY = ("file", "component", "repo", "team")

_FUNCTION_MARKERS = [b.name for b in BIOMARKERS if b.level == "function"]


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


# Per-language thresholds as a table, one row per language of the snapshot.
_THRESHOLD_COLUMNS = [name.removeprefix("health_") for name in HEALTH_THRESHOLDS]

_FUNCTIONS = """
WITH shapes AS (  -- how often each (syntax tree shape, length) occurs in the repository
    SELECT fn.repo_id, fn.shape, fn.length, count(*) AS copies
    FROM {tree} f JOIN {functions} fn
      ON fn.repo_id = f.repo_id AND fn.blob = f.blob AND fn.language = f.language
    WHERE {counted} AND fn.shape <> ''  -- '': too small to speak of duplication
    GROUP BY fn.repo_id, fn.shape, fn.length
),
judged AS (
    SELECT a.repo_id, a.path, fn.name, fn.start_line,
           fn.length > t.large_method AS large_method,
           fn.cyclomatic > t.complexity_limit AS complex_method,
           fn.nesting > t.deep_nesting AS deep_nesting,
           coalesce(fn.bumps, 0) > t.bumpy_road AS bumpy_road,
           coalesce(fn.complex_conditionals, 0) AS complex_conditional,
           fn.parameters > t.excess_parameters AS excess_parameters,
           coalesce(fn.variables, 0) > t.brain_variables AS many_variables,
           fn.length >= t.duplicate_lines AND coalesce(s.copies, 0) > 1 AS duplication
    FROM {files} a
    JOIN health_thresholds t ON t.language = a.language
    JOIN {functions} fn
      ON fn.repo_id = a.repo_id AND fn.blob = a.blob AND fn.language = a.language
    LEFT JOIN shapes s
      ON s.repo_id = fn.repo_id AND s.shape = fn.shape AND s.length = fn.length
),
marked AS (
    SELECT *, large_method AND complex_method AND deep_nesting AND many_variables
              AS brain_method
    FROM judged
)
SELECT repo_id, path,
       count(*) FILTER (WHERE brain_method),
       list(name ORDER BY start_line, name) FILTER (WHERE brain_method),
       count(*) FILTER (WHERE complex_method),
       list(name ORDER BY start_line, name) FILTER (WHERE complex_method),
       count(*) FILTER (WHERE deep_nesting),
       list(name ORDER BY start_line, name) FILTER (WHERE deep_nesting),
       count(*) FILTER (WHERE bumpy_road),
       list(name ORDER BY start_line, name) FILTER (WHERE bumpy_road),
       sum(complex_conditional)::BIGINT,
       list(name ORDER BY start_line, name) FILTER (WHERE complex_conditional > 0),
       count(*) FILTER (WHERE excess_parameters),
       list(name ORDER BY start_line, name) FILTER (WHERE excess_parameters),
       count(*) FILTER (WHERE large_method),
       list(name ORDER BY start_line, name) FILTER (WHERE large_method),
       count(*) FILTER (WHERE duplication),
       list(name ORDER BY start_line, name) FILTER (WHERE duplication)
FROM marked GROUP BY repo_id, path
"""

_CLASSES = """
SELECT a.repo_id, a.path, count(*), list(c.name ORDER BY c.start_line, c.name)
FROM {files} a
JOIN health_thresholds t ON t.language = a.language
JOIN classes c ON c.repo_id = a.repo_id AND c.blob = a.blob AND c.language = a.language
WHERE c.lcom4 > t.low_cohesion
GROUP BY a.repo_id, a.path
"""

_FILES = """
WITH history AS (
    SELECT repo_id, path, count(DISTINCT sha) AS revisions FROM {changes} GROUP BY repo_id, path
)
SELECT a.repo_id, a.repo, a.path, a.entity, a.component, a.language, coalesce(a.code, 0),
       coalesce(h.revisions, 0), a.functions, a.global_nesting,
       coalesce(a.code, 0) > t.large_file, coalesce(a.functions, 0) > t.many_functions,
       coalesce(a.global_nesting, 0) > t.global_nesting,
       coalesce(a.lcom4_max, 0) > t.low_cohesion
FROM {files} a
LEFT JOIN health_thresholds t ON t.language = a.language
LEFT JOIN history h ON h.repo_id = a.repo_id AND h.path = a.path
WHERE list_contains($languages, a.language)
ORDER BY a.entity
"""


def file_health(
    con: duckdb.DuckDBPyConnection, options: Options, policy: Policy | None = None
) -> list[FileHealth]:
    """Every file of a programming language at HEAD (as filtered by ``options``), scored
    when its language has a grammar; ordered by entity. ``policy``: the warehouse's."""
    policy = policy or policy_of(con)
    files = head_files(con, options)
    tree, measures = "files", "functions"
    if options.until is not None:  # the snapshot head_files read (cached by its arguments)
        tree, measures = as_of.files_table(con, options.until, options.repos, True, True)
    _thresholds(con, files, policy)
    changes = prepare(con, options)
    sql = _FUNCTIONS.format(files=files, tree=tree, functions=measures, counted=counted_sql("f"))
    functions = {(row[0], row[1]): row[2:] for row in con.execute(sql).fetchall()}
    classes = {
        (repo_id, path): (count, names)
        for repo_id, path, count, names in con.execute(_CLASSES.format(files=files)).fetchall()
    }
    rows = con.execute(
        _FILES.format(files=files, changes=changes),
        {"languages": sorted(programming_languages())},
    ).fetchall()
    found = []
    for (
        repo_id,
        repo,
        path,
        entity,
        component,
        language,
        code,
        revisions,
        measured,
        _global,
        large,
        many,
        nested,
        uncohesive,
    ) in rows:
        label = named(repo, path, entity != path)
        if measured is None:
            found.append(
                FileHealth(
                    label,
                    repo,
                    path,
                    component,
                    language,
                    code,
                    revisions,
                    None,
                    (),
                    f"not scored: no grammar for {language}",
                )
            )
            continue
        counts: dict[str, int] = {
            "large_file": int(large),
            "many_functions": int(many),
            "global_nesting": int(nested),
        }
        where: dict[str, tuple[str, ...]] = {}
        per_function = functions.get((repo_id, path))
        if per_function is not None:
            for index, name in enumerate(_FUNCTION_MARKERS):
                counts[name] = int(per_function[2 * index] or 0)
                where[name] = tuple(per_function[2 * index + 1] or ())
        cohesion = classes.get((repo_id, path))
        if cohesion is not None:
            counts["low_cohesion"], where["low_cohesion"] = cohesion[0], tuple(cohesion[1])
        elif uncohesive:  # a past blob: its classes are not kept, its least cohesive one is
            counts["low_cohesion"] = 1
        health, markers = score(counts, for_language(policy, language), where)
        found.append(
            FileHealth(label, repo, path, component, language, code, revisions, health, markers)
        )
    return found


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


def _thresholds(con: duckdb.DuckDBPyConnection, files: str, policy: Policy) -> None:
    """The temporary table ``health_thresholds``: per language of the snapshot, its
    thresholds (the policy's, or the language's own)."""
    languages = [
        row[0]
        for row in con.execute(
            f"SELECT DISTINCT language FROM {files} WHERE language IS NOT NULL"
        ).fetchall()
    ]
    columns = ", ".join(f"{column} INTEGER" for column in _THRESHOLD_COLUMNS)
    con.execute(f"CREATE OR REPLACE TEMP TABLE health_thresholds (language VARCHAR, {columns})")
    rows = [
        [language, *(getattr(for_language(policy, language), name) for name in HEALTH_THRESHOLDS)]
        for language in languages
    ]
    if rows:
        marks = ", ".join("?" for _ in range(len(HEALTH_THRESHOLDS) + 1))
        con.executemany(f"INSERT INTO health_thresholds VALUES ({marks})", rows)


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


def _mean(pairs: list[tuple[float | None, int]]) -> float:
    total = sum(weight for _, weight in pairs)
    return sum((value or 0.0) * weight for value, weight in pairs) / total


def _findings(f: FileHealth, name: str) -> int:
    return next((m.findings for m in f.markers if m.name == name), 0)
