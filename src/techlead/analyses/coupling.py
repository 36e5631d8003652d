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

import duckdb

from techlead.analyses.base import Analysis, Options, Param, Result
from techlead.analyses.changes import prepare
from techlead.analyses.entity import entity_sql

COLUMNS = ("entity", "coupled", "degree", "average-revs")
TICKET_PATTERN = r"\b[A-Z][A-Z0-9]+-[0-9]+\b"
PARAMS = (
    Param("min-revs", 5, "Minimum average revisions of the pair."),
    Param("min-shared-revs", 5, "Minimum commits changing both files."),
    Param("min-coupling", 30, "Minimum degree of coupling (percent)."),
    Param("max-coupling", 100, "Maximum degree of coupling (percent)."),
    Param("max-changeset-size", 30, "Leave out commits that change more files."),
    Param("by", "file", "Couple files or components."),
    Param("across-repos", False, "Couple work in different repositories citing one ticket."),
    Param("ticket-pattern", TICKET_PATTERN, "Regular expression of a ticket key."),
    Param("of", "", "Only the pairs of this file (or component), as the entity column names it."),
)

# A revision is a commit, or with --across-repos a ticket key cited by commits of several
# repositories; an entity is a file or a component.
_UNITS_COMMIT = (
    "SELECT DISTINCT repo_id || '@' || sha AS rev, repo_id, {entity} AS entity FROM {table}"
)
_UNITS_TICKET = """
SELECT DISTINCT t.ticket AS rev, c.repo_id, {entity} AS entity
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
    SELECT a.entity AS entity, b.entity AS coupled, count(*) AS shared
    FROM paired a JOIN paired b ON a.rev = b.rev AND a.entity < b.entity {across}
    WHERE $of = '' OR $of IN (a.entity, b.entity)
    GROUP BY ALL
),
measured AS (
    SELECT p.entity, p.coupled, p.shared, (ra.revs + rb.revs) / 2 AS average,
           p.shared / ((ra.revs + rb.revs) / 2) * 100 AS coupling
    FROM pairs p JOIN revs ra ON ra.entity = p.entity JOIN revs rb ON rb.entity = p.coupled
)
SELECT entity, coupled, trunc(coupling)::INTEGER AS degree, ceil(average)::INTEGER AS average_revs
FROM measured
WHERE average >= $min_revs AND shared >= $min_shared AND coupling >= $min_coupling
  AND floor(coupling) <= $max_coupling
ORDER BY degree DESC, average_revs DESC, entity, coupled
LIMIT $limit
"""


def run(con: duckdb.DuckDBPyConnection, options: Options) -> Result:
    table = prepare(con, options)
    param = ANALYSIS.param
    by = ANALYSIS.choice(options, "by", ("file", "component"))
    across = bool(param(options, "across-repos"))
    if by == "file":
        entity = "repo || ':' || path" if across else entity_sql(con, table)
    else:
        entity = "repo || ':' || component" if across else entity_sql(con, table, "component")
    units = (_UNITS_TICKET if across else _UNITS_COMMIT).format(entity=entity, table=table)
    query = _SQL.format(units=units, across="AND a.repo_id <> b.repo_id" if across else "")
    values = {
        "max_size": param(options, "max-changeset-size"),
        "min_revs": param(options, "min-revs"),
        "min_shared": param(options, "min-shared-revs"),
        "min_coupling": param(options, "min-coupling"),
        "max_coupling": param(options, "max-coupling"),
        "limit": options.limit,
        "of": str(param(options, "of")),
    }
    if across:
        values["pattern"] = str(param(options, "ticket-pattern"))
    return Result("coupling", COLUMNS, con.execute(query, values).fetchall())


ANALYSIS = Analysis(
    "coupling", "Temporal coupling: pairs of files that change together.", COLUMNS, run, PARAMS
)
