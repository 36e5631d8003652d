"""coupling: files that change together (temporal, or logical, coupling).

Measures: for each pair of files changed in the same commits, how strongly their change
histories overlap: hidden dependencies that the code structure does not show.
Reads: the filtered change history.
Returns: entity, coupled, degree, average-revs, sorted by degree then average-revs,
descending (then by name). ``entity`` sorts before ``coupled``.
Formula: commits that change more than --max-changeset-size files are left out; then
revs(f) = commits changing f, shared(a, b) = commits changing both,
average(a, b) = (revs(a) + revs(b)) / 2 and coupling = shared / average × 100.
A pair is kept when average ≥ --min-revs, shared ≥ --min-shared-revs,
coupling ≥ --min-coupling and floor(coupling) ≤ --max-coupling.
degree = coupling truncated to an integer; average-revs = ceil(average).
Source: code-maat's ``coupling`` analysis (defaults 5, 5, 30, 100, 30), same columns.

``--by component`` couples components instead of files (a commit is one revision of each
component it touches). ``--across-repos`` couples work in different repositories: every
ticket key (``--ticket-pattern``, e.g. ``PAY-123``) cited in commit messages is one
revision of each file (or component) changed by the commits citing it, and only pairs in
different repositories are reported. ``--of`` keeps the pairs of one file or component.

Speed: pairs are generated per commit in SQL, so the cost is Σ|c|² over the commits kept;
--max-changeset-size bounds it, which keeps commits touching thousands of files cheap.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, Params, param
from techlead.analyses.changes import prepare
from techlead.analyses.entity import label_sql, named, spans_repos
from techlead.analyses.head import tree_table
from techlead.core.errors import AnalysisError
from techlead.core.model import Entity, Options, Result
from techlead.mining.languages import programming_languages
from techlead.warehouse.policy import policy_of

TICKET_PATTERN = r"\b[A-Z][A-Z0-9]+-[0-9]+\b"


class CouplingRow(NamedTuple):
    entity: Entity
    coupled: Entity
    degree: int
    average_revs: int


@dataclass(frozen=True)
class CouplingParams(Params):
    min_revs: int | None = param(
        None, "Minimum average revisions of the pair.", policy="coupling_min_revs"
    )
    min_shared_revs: int | None = param(
        None, "Minimum commits changing both files.", policy="coupling_min_shared"
    )
    min_coupling: int | None = param(
        None, "Minimum degree of coupling (percent).", policy="coupling_min_degree"
    )
    max_coupling: int = param(100, "Maximum degree of coupling (percent).", low=0, high=100)
    max_changeset_size: int | None = param(
        None, "Leave out commits that change more files.", policy="coupling_max_changeset"
    )
    by: str = param("file", "Couple files or components.", choices=("file", "component"))
    across_repos: bool = param(False, "Couple work in different repositories citing one ticket.")
    ticket_pattern: str = param(TICKET_PATTERN, "Regular expression of a ticket key.")
    of: str = param(
        "", "Only the pairs of this file (or component), as the entity column names it."
    )
    current: bool = param(
        False,
        "Only pairs of files (components) at HEAD, at least one of them code (not docs or data).",
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        try:
            re.compile(self.ticket_pattern)
        except re.error as exc:
            raise AnalysisError(
                f"--ticket-pattern {self.ticket_pattern!r} is not a regular expression: {exc}"
            ) from None


# A revision is a commit, or with --across-repos a ticket key cited by commits of several
# repositories; an entity is a file or a component.
_UNITS_COMMIT = """
SELECT DISTINCT repo_id || '@' || sha AS rev, repo_id, repo, {name} AS name, {label} AS entity
FROM {table}
"""
_UNITS_TICKET = """
SELECT DISTINCT t.ticket AS rev, c.repo_id, c.repo, {name} AS name, {label} AS entity
FROM {table} c
JOIN (SELECT repo_id, sha, unnest(regexp_extract_all(subject || ' ' || body, $pattern)) AS ticket
      FROM commits) t USING (repo_id, sha)
"""

_SQL = """
WITH units AS ({units}),
kept AS (
    SELECT * FROM units QUALIFY count(*) OVER (PARTITION BY rev) <= $max_size
),
revs AS (SELECT entity, count(*) AS revs FROM kept GROUP BY entity),
-- with --of, only the revisions of that entity can hold its pairs
paired AS (
    SELECT * FROM kept
    WHERE $of = '' OR rev IN (SELECT rev FROM kept WHERE entity = $of)
),
pairs AS (
    SELECT a.entity AS entity, b.entity AS coupled, any_value(a.repo) AS repo_a,
           any_value(a.name) AS name_a, any_value(b.repo) AS repo_b,
           any_value(b.name) AS name_b, count(*) AS shared
    FROM paired a JOIN paired b ON a.rev = b.rev AND a.entity < b.entity {across}
    WHERE $of = '' OR $of IN (a.entity, b.entity)
    GROUP BY a.entity, b.entity
),
measured AS (
    SELECT p.*, (ra.revs + rb.revs) / 2 AS average,
           p.shared / ((ra.revs + rb.revs) / 2) * 100 AS coupling
    FROM pairs p JOIN revs ra ON ra.entity = p.entity JOIN revs rb ON rb.entity = p.coupled
),
-- with --current: the files (components) at HEAD (as of --until: then), and whether each
-- is (holds) code
head AS (
    SELECT r.name AS repo, f.{column} AS path,
           bool_or(coalesce(list_contains($code, f.language), FALSE)) AS code
    FROM {tree} f JOIN repos r USING (repo_id) WHERE $current GROUP BY ALL
)
SELECT repo_a, name_a, repo_b, name_b, trunc(coupling)::INTEGER AS degree,
       ceil(average)::INTEGER AS average_revs
FROM measured m
LEFT JOIN head ha ON ha.repo = m.repo_a AND ha.path = m.name_a
LEFT JOIN head hb ON hb.repo = m.repo_b AND hb.path = m.name_b
WHERE average >= $min_revs AND shared >= $min_shared AND coupling >= $min_coupling
  AND floor(coupling) <= $max_coupling
  AND (NOT $current OR (ha.path IS NOT NULL AND hb.path IS NOT NULL AND (ha.code OR hb.code)))
ORDER BY degree DESC, average_revs DESC, entity, coupled
LIMIT $limit
"""


def run(
    con: duckdb.DuckDBPyConnection, options: Options, params: CouplingParams
) -> Result[CouplingRow]:
    policy = policy_of(con)
    table = prepare(con, options)
    column = "path" if params.by == "file" else "component"
    several = params.across_repos or spans_repos(con, table)
    units = (_UNITS_TICKET if params.across_repos else _UNITS_COMMIT).format(
        name=column, label=label_sql(several, column), table=table
    )
    query = _SQL.format(
        units=units,
        across="AND a.repo_id <> b.repo_id" if params.across_repos else "",
        column=column,
        tree=tree_table(con, options) if params.current else "files",
    )
    values: dict[str, object] = {
        "max_size": _or(params.max_changeset_size, policy.coupling_max_changeset),
        "min_revs": _or(params.min_revs, policy.coupling_min_revs),
        "min_shared": _or(params.min_shared_revs, policy.coupling_min_shared),
        "min_coupling": _or(params.min_coupling, policy.coupling_min_degree),
        "max_coupling": params.max_coupling,
        "limit": options.limit,
        "of": params.of,
        "current": params.current,
        "code": sorted(programming_languages()),
    }
    if params.across_repos:
        values["pattern"] = params.ticket_pattern
    rows = [
        CouplingRow(named(ra, na, several), named(rb, nb, several), degree, average)
        for ra, na, rb, nb, degree, average in con.execute(query, values).fetchall()
    ]
    if params.of and not rows:  # no pair: say so, or that nothing of that name changed
        _known_entity(con, units, params, values)
    return Result.of("coupling", CouplingRow, rows)


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def _known_entity(
    con: duckdb.DuckDBPyConnection, units: str, params: CouplingParams, values: dict[str, object]
) -> None:
    """--of must name an entity of the analysed history; suggest the nearest names."""
    bound = {k: v for k, v in values.items() if k == "pattern"}
    names = [str(n) for (n,) in con.execute(
        f"SELECT DISTINCT entity FROM ({units})", bound).fetchall()]  # fmt: skip
    if params.of in names:
        return
    kind = "file" if params.by == "file" else "component"
    close = difflib.get_close_matches(params.of, names, n=3, cutoff=0.6)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise AnalysisError(
        f"--of {params.of!r}: no {kind} of that name in the analysed history{hint}",
        tip=f"name it as `techlead revisions` prints it ({len(names):,} {kind}s changed)",
    )


ANALYSIS = Analysis(
    "coupling",
    "Temporal coupling: pairs of files that change together.",
    CouplingRow,
    CouplingParams,
    run,
)
