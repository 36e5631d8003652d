"""Sections about the code: overview, hotspots, change coupling, architecture, complexity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from techlead.analyses import activity, complexity, coupling, files, hotspots, people
from techlead.analyses.base import NoParams
from techlead.communicate import charts
from techlead.communicate.model import TITLES, Scope, count, verb
from techlead.core.dates import the_last, years_before
from techlead.core.globs import literal_glob
from techlead.core.model import Section, Table
from techlead.core.roles import Role
from techlead.risk.register import latest

SHOWN = 40  # rows an evidence table shows (the headline counts them all)
# What a page that judges production code says of the rest.
PRODUCTION_NOTE = (
    "; production code only: tests, examples, documentation and build files are left out "
    "(`techlead hotspots --role test` ranks the tests)"
)
DRAWN = 30  # pairs a network chart draws


def ranking(scope: Scope) -> hotspots.Ranking:
    """The files ranked by hotspot score, once per page (the policy's percentile cuts)."""
    options = scope.scoped(roles=scope.production)
    return scope.once(
        ("hotspot-ranking", options),
        lambda: hotspots.rank(scope.con, options, hotspots.HotspotParams(by="file")),
    )


def head_files(scope: Scope) -> list[files.FileRow]:
    return list(scope.run(files.ANALYSIS, NoParams(), roles=scope.production).rows)


def overview(scope: Scope) -> Section:
    rows = scope.repositories()
    last = max((r.last_commit for r in rows if r.last_commit is not None), default=None)
    authors = list(scope.run(people.ANALYSIS, people.PeopleParams(now=scope.moment())).rows)
    active = sum(1 for p in authors if p.active)
    commits = sum(r.commits for r in rows)
    code = sum(r.lines_of_code for r in rows)
    merges, by_bots = sum(r.merges for r in rows), sum(r.bot_commits for r in rows)
    chart = None
    if last is not None:
        start = years_before(last.replace(day=1, hour=0, minute=0, second=0, microsecond=0), 3)
        since = max(start, scope.options.since) if scope.options.since else start
        months = scope.run(activity.ANALYSIS, activity.ActivityParams("month"), since=since).rows
        labels = sorted({f"{m.period:%Y-%m}" for m in months})
        series: dict[str, list[int]] = {}
        for m in months:
            series.setdefault(m.repo, [0] * len(labels))[labels.index(f"{m.period:%Y-%m}")] = (
                m.commits
            )
        chart = charts.stacked_bars(labels, series, "commits per month") if labels else None
    table = Table(
        "Repositories",
        ("repo", "team", "commits", "authors", "last commit", "files", "lines of code"),
        [(r.repo, r.team or "", r.commits, r.authors,
          f"{r.last_commit:%Y-%m-%d}" if r.last_commit else "", r.files, r.lines_of_code)
         for r in rows],
    )  # fmt: skip
    gone = len(authors) - active
    left = (f"; {count(gone, 'person', 'people')} {'has' if gone == 1 else 'have'} left: "
            f"{people.left_rule(scope.policy.inactive_days)}" if gone else "")  # fmt: skip
    headline = (
        f"{count(len(rows), 'repository', 'repositories')}, {count(commits, 'commit')} "
        f"({count(merges, 'merge')}, {by_bots:,} by bots) by "
        f"{count(len(authors), 'person', 'people')} ({active:,} active{left}), "
        f"{count(code, 'line')} of code."
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
        (("repositories", len(rows)), ("commits", commits), ("people", len(authors)),
         ("active", active), ("lines of code", code)),
    )  # fmt: skip


def hotspot_section(scope: Scope) -> Section:
    ranked = ranking(scope)
    hot = ranked.hot
    # The shares are of all the code that could rank: by health, every scored file (a
    # healthy file scores 0 and is not ranked, yet it is measured code).
    scored = [f for f in ranked.health.values() if f.health is not None]
    if scored:
        total_revs = sum(f.revisions for f in scored) or 1
        total_loc = sum(f.code for f in scored) or 1
    else:
        total_revs = sum(r.revisions for r in ranked.ranked) or 1
        total_loc = sum(r.loc or 0 for r in ranked.ranked) or 1
    hot_revs = sum(r.revisions for r in hot)
    hot_loc = sum(r.loc or 0 for r in hot)
    rows = [
        (r.rank, scope.file(r.entity), r.revisions, r.authors, r.loc, one_decimal(r.health),
         r.cyclomatic, r.score)
        for r in hot[:25]
    ]  # fmt: skip
    one = len(hot) == 1
    code_share, change_share = hot_loc / total_loc, hot_revs / total_revs
    # Only when they draw clearly more than their share of changes is the payback claimed.
    payback = (": improving them pays back first" if change_share >= 1.2 * code_share
               else "")  # fmt: skip
    headline = (
        f"{count(len(hot), 'hotspot file')} {'holds' if one else 'hold'} "
        f"{code_share:.0%} of the measured code and {'draws' if one else 'draw'} "
        f"{change_share:.0%} of its changes{payback}."
        if hot
        else "No hotspots: no file is both unhealthy and often changed."
    )
    return Section(
        "hotspots",
        TITLES["hotspots"],
        "Where does the code hurt: unhealthy code that keeps changing?",
        headline,
        (Table("Hotspots, highest score first (score = revisions × "
               f"{hotspots.measure_words(ranked.measure)})",
               ("rank", "file", "revisions", "authors", "lines of code", "code health",
                "cyclomatic", "score"),
               rows, ranked.note.split("; --percentile")[0]
               + (PRODUCTION_NOTE if scope.production == (Role.PRODUCTION,) else ""),
               total=len(hot)),)
        if rows else (),
        _treemap(scope, ranked),
    )  # fmt: skip


def one_decimal(value: float | None) -> str | None:
    """A code health as tables show it: always one decimal (1.0, not 1)."""
    return None if value is None else f"{value:.1f}"


def _treemap(scope: Scope, ranked: hotspots.Ranking) -> dict[str, Any] | None:
    """Repositories › components › files (the 400 most changed of those with a code health),
    sized by lines of code, coloured by code health (a component or repository: its files'
    health weighted by lines)."""
    revisions = {r.entity: r.revisions for r in ranked.ranked}
    scores = {(f.repo, f.path): f.health for f in ranked.health.values() if f.health is not None}
    shown = [f for f in head_files(scope) if f.code and (f.entity.repo, f.entity.path) in scores]
    shown.sort(key=lambda f: (-revisions.get(f.entity, 0), str(f.entity)))
    shown = shown[:400]
    if not shown:
        return None
    ids, parents, labels, sizes, colors, keys = [], [], [], [], [], []
    totals: dict[str, int] = {}
    weighted: dict[str, float] = {}
    for f in shown:
        repo, path, code = f.entity.repo, f.entity.path, int(f.code or 0)
        health = scores[repo, path]
        for node in (repo, f"{repo}/{f.component}"):
            totals[node] = totals.get(node, 0) + code
            weighted[node] = weighted.get(node, 0.0) + health * code
        ids.append(f"{repo}/{f.component}//{path}")
        parents.append(f"{repo}/{f.component}")
        labels.append(path.rsplit("/", 1)[-1])
        sizes.append(code)
        colors.append(round(health, 1))
        keys.append(str(scope.file(f.entity)))
    for node, size in totals.items():
        repo, _, component = node.partition("/")
        ids.append(node)
        parents.append(repo if component else "")
        labels.append(component or repo)
        sizes.append(size)
        colors.append(round(weighted[node] / size, 1))
        keys.append(component or repo)
    return charts.treemap(ids, parents, labels, sizes, colors, "code health", keys, health=True)


def coupling_section(scope: Scope) -> Section:
    # Pairs of today's files, at least one of them code (coupling --current): documents
    # that change together (release notes, a page and its index) crowd out what an
    # engineer can act on.
    pairs = scope.run(coupling.ANALYSIS, coupling.CouplingParams(current=True),
                      roles=scope.production).rows  # fmt: skip
    shown = pairs[:SHOWN]
    rows = [(scope.file(p.entity), scope.file(p.coupled), p.degree, p.average_revs)
            for p in shown]  # fmt: skip
    labels = {p.entity: str(scope.file(p.entity)) for p in shown}
    labels.update({p.coupled: str(scope.file(p.coupled)) for p in shown})
    drawn = shown[:DRAWN]
    nodes = sorted({labels[p.entity] for p in drawn} | {labels[p.coupled] for p in drawn})
    edges = [(labels[p.entity], labels[p.coupled], float(p.degree)) for p in drawn]
    least = scope.policy.coupling_min_degree
    headline = (
        f"{count(len(pairs), 'pair')} of files that exist today (at least one of them code) "
        f"{verb(len(pairs), 'changes', 'change')} together in at least {least}% of "
        "their commits (strongest: "
        f"{labels[pairs[0].entity]} and {labels[pairs[0].coupled]}, {pairs[0].degree}%)."
        if pairs
        else "No pair of files changes together often enough to count as coupled."
    )
    return Section(
        "coupling",
        TITLES["coupling"],
        "Which files change together, so that touching one means touching the other?",
        headline,
        (Table("Coupled files, strongest first",
               ("file", "coupled with", "degree %", "average revisions"), rows,
               total=len(pairs)),)
        if rows else (),
        charts.network(nodes, edges, "") if edges else None,
        caption=_network_words("files", len(drawn), len(pairs)) if edges else "",
    )  # fmt: skip


def _network_words(what: str, drawn: int, found: int) -> str:
    """What a coupling graph's lines mean, and how many of the pairs it draws."""
    strongest = "every pair" if drawn == found else f"the {drawn:,} strongest pairs of {found:,}"
    return (f"A line joins two {what} that change together: the higher their degree of "
            f"coupling, the thicker and darker the red line. Drawn: {strongest}.")  # fmt: skip


def architecture_section(scope: Scope) -> Section:
    """Coupling between components, and between repositories through shared tickets."""
    pairs = scope.run(coupling.ANALYSIS, coupling.CouplingParams(by="component", current=True),
                      roles=scope.production).rows  # fmt: skip
    shown = pairs[:SHOWN]
    rows = [(scope.component(p.entity), scope.component(p.coupled), p.degree, p.average_revs)
            for p in shown]  # fmt: skip
    tables = []
    if rows:
        tables.append(Table("Coupled components, strongest first",
                            ("component", "coupled with", "degree %", "average revisions"),
                            rows, total=len(pairs)))  # fmt: skip
    across: Sequence[coupling.CouplingRow] = ()
    if scope.several:
        across = scope.run(coupling.ANALYSIS, coupling.CouplingParams(across_repos=True),
                           roles=scope.production).rows  # fmt: skip
        if across:
            tables.append(Table(
                "Across repositories (commits citing one ticket), strongest first",
                ("file", "coupled", "degree %", "average revisions"),
                [(scope.file(p.entity), scope.file(p.coupled), p.degree, p.average_revs)
                 for p in across[:SHOWN]], total=len(across)))  # fmt: skip
    drawn = shown[:DRAWN]
    label = {p.entity: str(scope.component(p.entity)) for p in drawn}
    label.update({p.coupled: str(scope.component(p.coupled)) for p in drawn})
    strongest = pairs[0] if pairs else None
    headline = (
        f"{count(len(pairs), 'pair')} of components {verb(len(pairs), 'changes', 'change')} "
        "together"
        + (
            f", and {count(len(across), 'pair')} of files across repositories "
            f"{verb(len(across), 'shares', 'share')} tickets"
            if across
            else ""
        )
        + (f"; the strongest: {scope.component(strongest.entity)} and "
           f"{scope.component(strongest.coupled)} ({strongest.degree}%)." if strongest else ".")
    )  # fmt: skip
    return Section(
        "architecture",
        TITLES["architecture"],
        "Do the component boundaries hold, or do changes cross them?",
        headline,
        tuple(tables),
        charts.network(sorted(set(label.values())),
                       [(label[p.entity], label[p.coupled], float(p.degree)) for p in drawn], "")
        if drawn else None,
        caption=_network_words("components", len(drawn), len(pairs)) if drawn else "",
    )  # fmt: skip


def complexity_section(scope: Scope) -> Section:
    """The most complex functions of the hotspots, and the hotspots getting worse."""
    hot = {r.entity for r in ranking(scope).hot}
    params = complexity.ComplexityParams(by="function")
    globs = tuple(sorted({literal_glob(e.path) for e in hot}))
    found = (scope.call(complexity.by_function, params, paths=globs, roles=scope.production).rows
             if hot else [])  # fmt: skip
    every = [f for f in found if f.entity in hot]
    functions = every[:20]
    repos = scope.repo_names()
    risks, _ = latest(scope.con)
    rising = [r for r in risks if r.category == "hotspot" and r.repo in repos]
    tables = []
    if functions:
        tables.append(Table("Most complex functions in the hotspots",
                            ("file", "function", "line", "length", "cyclomatic", "nesting"),
                            [(scope.file(f.entity), f.function, f.line, f.length, f.cyclomatic,
                              f.nesting) for f in functions], total=len(every)))  # fmt: skip
    if rising:
        tables.append(Table("Hotspots at risk: unhealthy or getting more complex (as of the "
                            "last scan)",
                            ("file", "evidence", "what to do"),
                            [(scope.file(r.files[0]), r.evidence, r.mitigation)
                             for r in rising]))  # fmt: skip
    worst = functions[0] if functions else None
    limit = scope.policy.complexity_limit
    headline = (
        f"{len(rising) or 'None'} of the top hotspots {verb(len(rising), 'is', 'are')} "
        f"unhealthy or grew more complex in "
        f"{the_last(scope.policy.trend_window_days)}"
        + (f"; the most complex function in a hotspot is {worst.function} in "
           f"{scope.file(worst.entity)} (cyclomatic {worst.cyclomatic})." if worst else ".")
    )  # fmt: skip
    shown = functions[:12]
    return Section(
        "complexity",
        TITLES["complexity"],
        "Is the code that changes most getting harder to change?",
        headline,
        tuple(tables),
        charts.bars([f"{f.function} ({f.entity.path.rsplit('/', 1)[-1]})" for f in shown],
                    [f.cyclomatic for f in shown], "cyclomatic complexity",
                    [charts.RED if f.cyclomatic > limit else charts.AMBER for f in shown],
                    {charts.RED: f"above the limit of {limit}",
                     charts.AMBER: f"within the limit of {limit}"},
                    [str(scope.file(f.entity)) for f in shown])
        if functions else None,
        caption=(f"Red: above the policy's complexity limit of {limit}; amber: within it."
                 if functions else ""),
    )  # fmt: skip
