"""Sections about the code: overview, hotspots, change coupling, complexity."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from techlead.analyses import coupling, hotspots
from techlead.analyses.head import head_files
from techlead.communicate import charts
from techlead.communicate.model import (
    TITLES,
    Scope,
    Section,
    Table,
    component_entity_ref,
    count,
    file_ref,
    risk_file_ref,
)
from techlead.mining.languages import programming_languages
from techlead.risk.register import latest

OVERVIEW_SQL = """
SELECT r.name, r.team, count(c.sha) AS commits,
       count(DISTINCT c.author_id) FILTER (NOT p.is_bot) AS authors,
       max(c.author_time) AS last_commit,
       (SELECT count(*) FROM files f WHERE f.repo_id = r.repo_id) AS files,
       (SELECT coalesce(sum(f.code), 0) FROM files f WHERE f.repo_id = r.repo_id
          AND NOT (f.is_generated OR f.is_vendored OR f.is_excluded)) AS code,
       count(c.sha) FILTER (c.is_merge) AS merges, count(c.sha) FILTER (p.is_bot) AS by_bots
FROM repos r
LEFT JOIN commits c ON c.repo_id = r.repo_id
     AND ($since IS NULL OR c.author_time >= $since) AND ($until IS NULL OR c.author_time < $until)
LEFT JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
WHERE list_contains($repos, r.name)
GROUP BY r.repo_id, r.name, r.team ORDER BY r.name
"""

ACTIVITY_SQL = """
SELECT strftime(date_trunc('month', c.author_time), '%Y-%m') AS month, r.name, count(*)
FROM commits c JOIN repos r USING (repo_id)
WHERE list_contains($repos, r.name) AND c.author_time >= $start
  AND ($until IS NULL OR c.author_time < $until)
GROUP BY ALL ORDER BY 1, 2
"""

# People: the authors of the commits counted (the period applies); active: those of them
# with a commit (anywhere) in the year before the moment measured to.
PEOPLE_SQL = """
SELECT count(DISTINCT c.author_id),
       count(DISTINCT c.author_id) FILTER (w.last_commit_at >= $recent)
FROM commits c JOIN repos r USING (repo_id)
JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
JOIN persons w ON w.person_id = c.author_id
WHERE list_contains($repos, r.name) AND NOT p.is_bot
  AND ($since IS NULL OR c.author_time >= $since) AND ($until IS NULL OR c.author_time < $until)
"""


def overview(scope: Scope) -> Section:
    repos = scope.repo_names()
    params = {"repos": repos, "since": scope.options.since, "until": scope.options.until}
    rows = scope.con.execute(OVERVIEW_SQL, params).fetchall()
    last = max((row[4] for row in rows if row[4] is not None), default=None)
    now = scope.moment() or last
    people = active = 0
    if now is not None:
        recent = now.replace(year=now.year - 1) if now.month != 2 or now.day != 29 else now
        people, active = scope.con.execute(PEOPLE_SQL, {**params, "recent": recent}).fetchall()[0]
    commits = sum(row[2] for row in rows)
    code = sum(row[6] for row in rows)
    merges, by_bots = sum(row[7] for row in rows), sum(row[8] for row in rows)
    chart = None
    if last is not None:
        start = last.replace(day=1).replace(year=last.year - 3)
        found = scope.con.execute(
            ACTIVITY_SQL, {"repos": repos, "start": start, "until": scope.options.until}
        ).fetchall()
        months = sorted({m for m, _, _ in found})
        series: dict[str, list[int]] = {}
        for month, name, commits_in_month in found:
            series.setdefault(name, [0] * len(months))[months.index(month)] = commits_in_month
        chart = charts.stacked_bars(months, series, "commits per month") if months else None
    table = Table(
        "Repositories",
        ("repo", "team", "commits", "authors", "last commit", "files", "lines of code"),
        [(name, team or "", c, a, f"{lc:%Y-%m-%d}" if lc else "", f, loc)
         for name, team, c, a, lc, f, loc, _m, _b in rows],
    )  # fmt: skip
    headline = (
        f"{count(len(rows), 'repository', 'repositories')}, {count(commits, 'commit')} "
        f"({count(merges, 'merge')}, {by_bots:,} by bots) by {count(people, 'person', 'people')}"
        f" ({active:,} active in the last year), {count(code, 'line')} of code."
        + (
            " A component filter does not apply to this overview of whole repositories."
            if scope.options.components
            else ""
        )
    )
    return Section(
        "overview",
        TITLES["overview"],
        "What is in the warehouse, and how active is it?",
        headline,
        (table,) if rows else (),
        chart,
        (("repositories", len(rows)), ("commits", commits), ("people", people),
         ("active in the last year", active), ("lines of code", code)),
    )  # fmt: skip


def hotspot_section(scope: Scope) -> Section:
    repos = scope.repo_names()
    options = replace(scope.options, repos=tuple(repos), limit=None)
    result = hotspots.run(scope.con, replace(options, params={"by": "file"}))
    ranked = hotspots.run(scope.con, replace(options, params={"by": "file", "percentile": 0.0}))
    total_revs = sum(int(r[2]) for r in ranked.rows) or 1
    total_loc = sum(int(r[5] or 0) for r in ranked.rows) or 1
    hot_revs = sum(int(r[2]) for r in result.rows)
    hot_loc = sum(int(r[5] or 0) for r in result.rows)
    rows = [
        (rank, file_ref(str(entity), repos), revs, authors, loc, cyclo, score)
        for rank, entity, revs, authors, _churn, loc, cyclo, _max, _c, score in result.rows[:25]
    ]
    one = len(result.rows) == 1
    code_share, change_share = hot_loc / total_loc, hot_revs / total_revs
    # Only when they draw clearly more than their share of changes is the payback claimed.
    payback = (": improving them pays back first" if change_share >= 1.2 * code_share
               else "")  # fmt: skip
    headline = (
        f"{count(len(result.rows), 'hotspot file')} {'holds' if one else 'hold'} "
        f"{code_share:.0%} of the measured code and {'draws' if one else 'draw'} "
        f"{change_share:.0%} of its changes{payback}."
        if result.rows
        else "No hotspots: no file is both complex and often changed."
    )
    return Section(
        "hotspots",
        TITLES["hotspots"],
        "Where does the code hurt: complex code that keeps changing?",
        headline,
        (Table(("Hotspots" if len(rows) == len(result.rows)
                else f"Hotspots with the highest scores, of {len(result.rows)}")
               + " (score = revisions × cyclomatic complexity)",
               ("rank", "file", "revisions", "authors", "lines of code", "cyclomatic", "score"),
               rows, "\n".join(n.split("; --percentile")[0] for n in result.notes)),)
        if rows else (),
        _treemap(scope, options, {str(r[1]): int(r[2]) for r in ranked.rows}),
    )  # fmt: skip


def _treemap(scope: Scope, options: Any, revisions: dict[str, int]) -> dict[str, Any] | None:
    """Repositories › components › files (the 400 most changed), sized by lines of code,
    coloured by revisions."""
    table = head_files(scope.con, options)
    files = scope.con.execute(
        f"SELECT repo, component, path, entity, coalesce(code, 0) FROM {table} WHERE code > 0"
    ).fetchall()
    files.sort(key=lambda f: (-revisions.get(f[3], 0), f[3]))
    files = files[:400]
    if not files:
        return None
    ids, parents, labels, sizes, colors, keys = [], [], [], [], [], []
    totals: dict[str, int] = {}
    changes: dict[str, int] = {}
    for repo, component, path, entity, code in files:
        for node in (repo, f"{repo}/{component}"):
            totals[node] = totals.get(node, 0) + code
            changes[node] = max(changes.get(node, 0), revisions.get(entity, 0))
        ids.append(f"{repo}/{component}//{path}")
        parents.append(f"{repo}/{component}")
        labels.append(path.rsplit("/", 1)[-1])
        sizes.append(code)
        colors.append(revisions.get(entity, 0))
        keys.append(entity)
    for node, size in totals.items():
        repo, _, component = node.partition("/")
        ids.append(node)
        parents.append(repo if component else "")
        labels.append(component or repo)
        sizes.append(size)
        colors.append(changes[node])
        keys.append(component or repo)
    # A component or repository takes the colour of its most changed file, so one colour
    # scale reads for files and for what holds them.
    return charts.treemap(ids, parents, labels, sizes, colors, "revisions", keys)


def coupling_section(scope: Scope) -> Section:
    repos = scope.repo_names()
    options = replace(scope.options, repos=tuple(repos), limit=None)
    result = coupling.run(scope.con, replace(options, params={}))
    table = head_files(scope.con, options)
    languages = dict(scope.con.execute(f"SELECT entity, language FROM {table}").fetchall())
    code = programming_languages()
    # Pairs of today's files, at least one of them code: documents that change together
    # (release notes, a page and its index) crowd out what an engineer can act on.
    pairs = [r for r in result.rows if str(r[0]) in languages and str(r[1]) in languages
             and (languages[str(r[0])] in code or languages[str(r[1])] in code)][:40]  # fmt: skip
    rows = [(file_ref(str(a), repos), file_ref(str(b), repos), d, n) for a, b, d, n in pairs]
    nodes = sorted({str(p[0]) for p in pairs[:30]} | {str(p[1]) for p in pairs[:30]})
    edges = [(str(a), str(b), float(d)) for a, b, d, _ in pairs[:30]]
    headline = (
        f"{count(len(pairs), 'pair')} of files that exist today (at least one of them code) "
        f"change together in at least 30% of their commits (strongest: {pairs[0][0]} and "
        f"{pairs[0][1]}, {pairs[0][2]}%)."
        if pairs
        else "No pair of files changes together often enough to count as coupled."
    )
    return Section(
        "coupling",
        TITLES["coupling"],
        "Which files change together, so that touching one means touching the other?",
        headline,
        (Table("Coupled files", ("file", "coupled with", "degree %", "average revisions"),
               rows),) if rows else (),
        charts.network(nodes, edges, "") if edges else None,
    )  # fmt: skip


def architecture_section(scope: Scope) -> Section:
    """Coupling between components, and between repositories through shared tickets."""
    repos = scope.repo_names()
    options = replace(scope.options, repos=tuple(repos), limit=None)
    by_component = coupling.run(scope.con, replace(options, params={"by": "component"}))
    rows = [(component_entity_ref(a, repos), component_entity_ref(b, repos), d, n)
            for a, b, d, n in by_component.rows[:40]]  # fmt: skip
    tables = []
    if rows:
        tables.append(Table("Coupled components", ("component", "coupled with", "degree %",
                                                   "average revisions"), rows))  # fmt: skip
    across: list[tuple[Any, ...]] = []
    if len(repos) > 1:
        result = coupling.run(scope.con, replace(options, params={"across-repos": True}))
        across = [(file_ref(str(a), repos), file_ref(str(b), repos), d, n)
                  for a, b, d, n in result.rows[:40]]  # fmt: skip
        if across:
            tables.append(Table("Across repositories (commits citing one ticket)",
                                result.columns, across))  # fmt: skip
    nodes = sorted({str(r[0]) for r in rows[:30]} | {str(r[1]) for r in rows[:30]})
    headline = (
        f"{count(len(rows), 'pair')} of components change together"
        + (
            f", and {count(len(across), 'pair')} of files across repositories share tickets"
            if across
            else ""
        )
        + (f"; the strongest: {rows[0][0]} and {rows[0][1]} ({rows[0][2]}%)." if rows else ".")
    )
    return Section(
        "architecture",
        TITLES["architecture"],
        "Do the component boundaries hold, or do changes cross them?",
        headline,
        tuple(tables),
        charts.network(nodes, [(str(a), str(b), float(d)) for a, b, d, _ in rows[:30]], "")
        if rows
        else None,
    )


def complexity_section(scope: Scope) -> Section:
    """The most complex functions of the hotspots, and the hotspots getting worse."""
    repos = scope.repo_names()
    options = replace(scope.options, repos=tuple(repos), limit=None)
    hot = hotspots.run(scope.con, replace(options, params={"by": "file"}))
    entities = [str(r[1]) for r in hot.rows]
    table = head_files(scope.con, options)
    functions = scope.con.execute(
        f"SELECT f.entity, fn.name, fn.start_line, fn.length, fn.cyclomatic, fn.nesting "
        f"FROM {table} f JOIN functions fn ON fn.repo_id = f.repo_id AND fn.blob = f.blob "
        "WHERE list_contains($entities, f.entity) ORDER BY fn.cyclomatic DESC, f.entity, "
        "fn.start_line LIMIT 20",
        {"entities": entities},
    ).fetchall()
    risks, _ = latest(scope.con)
    rising = [r for r in risks if r.category == "hotspot" and (r.repo in repos)]
    tables = []
    if functions:
        tables.append(Table("Most complex functions in the hotspots",
                            ("file", "function", "line", "length", "cyclomatic", "nesting"),
                            [(file_ref(e, repos), *rest) for e, *rest in functions]))  # fmt: skip
    if rising:
        tables.append(Table("Hotspots getting more complex (as of the last scan)",
                            ("file", "evidence", "what to do"),
                            [(risk_file_ref(r.repo, r.files[0], repos), r.evidence, r.mitigation)
                             for r in rising]))  # fmt: skip
    worst = functions[0] if functions else None
    headline = (
        f"{len(rising)} of the top hotspots grew more complex in the last year"
        + (f"; the most complex function in a hotspot is {worst[1]} in {worst[0]} "
           f"(cyclomatic {worst[4]})." if worst else ".")
    )  # fmt: skip
    return Section(
        "complexity",
        TITLES["complexity"],
        "Is the code that changes most getting harder to change?",
        headline,
        tuple(tables),
        charts.bars([f"{f[1]} ({f[0].rsplit('/', 1)[-1]})" for f in functions[:12]],
                    [f[4] for f in functions[:12]], "cyclomatic complexity",
                    [charts.RED if f[4] > 15 else charts.AMBER for f in functions[:12]],
                    [f[0] for f in functions[:12]])
        if functions else None,
    )  # fmt: skip
