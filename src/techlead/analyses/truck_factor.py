"""truck-factor: how many people would have to leave before most of the code is orphaned.

Measures: the truck (bus) factor of a repository or component, with the people whose
departure would orphan the most files, so a leader can see where knowledge must spread.
Reads: the filtered change history (bots and generated files left out; renames followed;
``--until`` gives the truck factor as of a date: analyses.as_of).
Returns: one row per developer removed, in order: scope, truck-factor, step, developer,
authored (files they author), orphaned (files without any author after this step),
orphaned-share, examples (up to five of the files this step orphaned).

Formula (Avelino, Passos, Hora and Valente, "A novel approach for estimating truck factors",
ICPC 2016): for developer d and file f,
  DOA(d, f) = 3.293 + 1.098·FA + 0.164·DL − 0.321·ln(1 + AC)
where FA = 1 if d created f (made a change that adds it), DL = d's changes that modify or
rename f (the addition is not one) and AC = the other developers' such changes to f.
d authors f when DOA(d, f) / max_d' DOA(d', f) > 0.75 and (DOA(d, f) ≥ 3.293 or d created
f). Then, greedily, the developer who authors the
most files is removed, until more than half of the files have no author left; the truck
factor is the number removed.

Differences from the paper's reference implementation: ties between developers with as
many authored files go to the one whose departure orphans the most files at that step,
then to the lowest stable person id (the reference takes whichever its hash map yields);
"or d created f" follows the reference implementation; files are the files
alive at the end of the analysed history (HEAD's, or the snapshot's as of ``--until``),
after techlead's vendored/generated filters rather than Linguist's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import alive_sql, prepare
from techlead.core.model import Entity, Options, Result
from techlead.warehouse.policy import policy_of

AUTHOR_THRESHOLD = 0.75
DOA_BASE = 3.293


class TruckFactorRow(NamedTuple):
    scope: Entity  # a repository (empty path) or one of its components
    truck_factor: int
    step: int
    developer: str | None
    authored: int
    orphaned: int
    orphaned_share: float
    examples: list[str]


@dataclass(frozen=True)
class TruckFactorParams(Params):
    by: str = param("repo", "One truck factor per repo or per component.",
                    choices=("repo", "component"))  # fmt: skip
    code_only: bool | None = param(
        None, "Only files of a programming language (no docs, data or config).",
        policy="knowledge_code_only")  # fmt: skip


_AUTHORSHIP = """
WITH alive AS ({alive}),
-- As the reference implementation counts: whoever adds the file is a creator (FA), and a
-- delivery (DL) is a change that modifies or renames it; deletions count for nobody.
work AS (
    SELECT repo, path, author_id, any_value(author) AS author,
           bool_or(change_type IN ('A', 'C')) AS fa,
           count(*) FILTER (change_type IN ('M', 'R', 'T')) AS dl,
           any_value(component) AS component
    FROM {table} GROUP BY repo, path, author_id
),
doa AS (
    SELECT w.repo, w.path, w.component, w.author_id, w.author, w.fa,
           {base} + 1.098 * w.fa::INTEGER + 0.164 * w.dl
               - 0.321 * ln(1 + sum(w.dl) OVER (PARTITION BY w.repo, w.path) - w.dl) AS doa
    FROM work w
    JOIN alive USING (repo, path)
    WHERE w.fa OR w.dl > 0
),
scored AS (
    SELECT *, max(doa) OVER (PARTITION BY repo, path) AS top FROM doa
)
SELECT repo, {component} AS component, path, author_id, author, is_author
FROM (SELECT *, top > 0 AND doa / top > {threshold} AND (doa >= {base} OR fa) AS is_author
      FROM scored) scored
-- every file once (to count it), and its authors
QUALIFY is_author OR row_number() OVER (PARTITION BY repo, path ORDER BY author_id) = 1
"""

Person = tuple[int, str]  # (person id, name)
File = tuple[str, str]  # (repository, path)


def code_only(con: duckdb.DuckDBPyConnection, params: TruckFactorParams) -> bool:
    return params.code_only if params.code_only is not None else policy_of(con).knowledge_code_only


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: TruckFactorParams
) -> Result[TruckFactorRow]:
    table = prepare(con, options)
    by_component = params.by == "component"
    rows = con.execute(
        _AUTHORSHIP.format(
            table=table,
            alive=alive_sql(con, table, options, code_only(con, params)),
            component="component" if by_component else "''",
            base=DOA_BASE,
            threshold=AUTHOR_THRESHOLD,
        )
    ).fetchall()  # fmt: skip
    files: dict[tuple[str, str], set[File]] = defaultdict(set)
    authored: dict[tuple[str, str], dict[Person, set[File]]] = defaultdict(lambda: defaultdict(set))
    for repo, component, path, author_id, author, is_author in rows:
        files[repo, component].add((repo, path))
        if is_author:
            authored[repo, component][(author_id, author)].add((repo, path))
    scopes = {key: Entity(key[0], key[1], by_component) for key in files}
    result: list[TruckFactorRow] = []
    for key in sorted(files, key=lambda k: str(scopes[k])):
        result.extend(_greedy(scopes[key], files[key], authored[key]))
    notes = tuple(f"{r.scope}: truck factor {r.truck_factor}" for r in result
                  if r.step == r.truck_factor)  # fmt: skip
    return Result.of("truck-factor", TruckFactorRow, result[: options.limit], notes)


def factors(result: Result[TruckFactorRow]) -> dict[Entity, int]:
    """The truck factor of each scope of a result."""
    return {row.scope: row.truck_factor for row in result.rows}


def _greedy(
    scope: Entity, files: set[File], authored: dict[Person, set[File]]
) -> list[TruckFactorRow]:
    """Remove the developer authoring the most files until more than half are orphaned.
    (A count of remaining authors per file makes each step cost the files of the person
    removed, not a union of everyone's.)"""
    remaining = dict(authored)
    authors: dict[File, int] = {}
    for owned in remaining.values():
        for file in owned:
            authors[file] = authors.get(file, 0) + 1
    covered = len(authors)
    steps: list[tuple[str, int, int, list[str]]] = []
    while remaining and len(files) - covered <= len(files) / 2:
        person = _next(remaining, authors)
        gone = remaining.pop(person)
        orphaned_now = []
        for file in gone:
            authors[file] -= 1
            if authors[file] == 0:
                orphaned_now.append(file[1])
        covered -= len(orphaned_now)
        steps.append((person[1], len(gone), len(files) - covered, sorted(orphaned_now)))
    factor = len(steps)
    if not steps:
        orphaned = len(files) - covered
        share = round(orphaned / len(files), 3) if files else 0.0
        return [TruckFactorRow(scope, 0, 0, None, 0, orphaned, share, [])]
    return [
        TruckFactorRow(scope, factor, i, name, count, orphaned,
                       round(orphaned / len(files), 3), examples[:5])
        for i, (name, count, orphaned, examples) in enumerate(steps, start=1)
    ]  # fmt: skip


def _next(remaining: dict[Person, set[File]], authors: dict[File, int]) -> Person:
    """The developer authoring the most files; among equals, the one whose departure
    orphans the most files now, then the lowest stable person id (names change between
    scans, ids do not)."""
    most = max(len(owned) for owned in remaining.values())
    tied = [p for p, owned in remaining.items() if len(owned) == most]
    if len(tied) == 1:
        return tied[0]

    def orphaning(person: Person) -> int:
        return sum(1 for file in remaining[person] if authors[file] == 1)

    return min(tied, key=lambda p: (-orphaning(p), p[0]))


ANALYSIS = Analysis(
    "truck-factor",
    "Truck factor (Avelino et al.): who would have to leave to orphan most files.",
    TruckFactorRow,
    TruckFactorParams,
    run,
)
