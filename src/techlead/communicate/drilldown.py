"""Drill-down pages: everything known about one file, component, person or ADR.

Each returns Sections (the same records the report shows), so the dashboard renders and
serialises them like any other page. A page for something the warehouse does not hold
raises NotFound. Every figure comes from an analysis.
"""

from __future__ import annotations

from techlead.analyses import (
    churn,
    complexity,
    contributors,
    coupling,
    decisions,
    files,
    health,
    knowledge,
    log,
    people,
    revisions,
    truck_factor,
)
from techlead.analyses.base import NoParams
from techlead.analyses.health_score import LABELS
from techlead.communicate.model import Scope, count, listing
from techlead.core.errors import CommunicateError, TechleadError
from techlead.core.globs import literal_glob
from techlead.core.model import Entity, Record, Section, Table, adr_ref, file_ref, person_ref


class NotFound(CommunicateError):
    pass


def file_page(scope: Scope, repo: str, path: str) -> list[Section]:
    narrow = {"repos": (repo,), "paths": (literal_glob(path),)}
    found = files.run(scope.con, scope.scoped(**narrow), NoParams()).rows
    if repo not in scope.repo_names() or not found:
        raise NotFound(f"no file {path!r} at HEAD of {repo!r}")
    facts = found[0]
    options = scope.scoped(**narrow)
    commits = log.run(scope.con, options, log.LogParams()).rows
    authors = churn.by_author(scope.con, options, churn.ChurnParams(by="author")).rows
    authors = sorted(authors, key=lambda a: (-a.commits, a.author))
    functions = complexity.by_function(
        scope.con, options, complexity.ComplexityParams(by="function")
    ).rows
    scored = next(iter(health.file_health(scope.con, options, scope.policy)), None)
    pairs = (
        scope.run(coupling.ANALYSIS, coupling.CouplingParams(of=path), repos=(repo,)).rows
        if commits
        else []
    )
    others = {p.coupled if p.entity.path == path else p.entity for p in pairs}
    globs = tuple(sorted(literal_glob(o.path) for o in others))
    at_head = (
        {
            f.entity
            for f in files.run(scope.con, scope.scoped(repos=(repo,), paths=globs), NoParams()).rows
        }
        if globs
        else set()
    )
    # coupling remembers files deleted since; only today's files have a page
    coupled = [
        (file_ref(other), p.degree, p.average_revs)
        for p in pairs
        if (other := p.coupled if p.entity.path == path else p.entity) in at_head
    ]
    people_count = len({c.author for c in commits})
    first, last = (commits[-1].date, commits[0].date) if commits else (None, None)
    return [
        Section(
            "file",
            path,
            f"{repo} · {facts.component} · {facts.language or 'unknown language'}",
            f"{count(len(commits), 'revision')} by {count(people_count, 'person', 'people')}"
            + (f" {_span(first, last)}" if first and last else "")
            + f"; {count(facts.code or 0, 'line')} of code, "
            + _health_words(scored, scope)
            + f"cyclomatic complexity {facts.cyclomatic or 0:,}"
            + (f" (worst function {facts.max_cyclomatic})" if facts.max_cyclomatic else "")
            + ".",
            tuple(t for t in (
                Table("Authors", ("author", "commits", "lines added", "lines deleted"),
                      [(person_ref(a.author), a.commits, a.added, a.deleted)
                       for a in authors[:30]], total=len(authors)),
                Table("Recent commits (renames followed)",
                      ("date", "commit", "author", "subject", "path then"),
                      [(c.date, c.commit, person_ref(c.author), c.subject, ", ".join(c.paths))
                       for c in commits[:40]], total=len(commits)),
                Table("Code health: what costs it points (techlead health)",
                      ("biomarker", "findings", "points", "where"),
                      [(LABELS[m.name], m.findings, round(m.deduction, 2), ", ".join(m.where))
                       for m in (scored.markers if scored else ()) if m.findings]),
                Table("Functions, most complex first",
                      ("function", "line", "length", "cyclomatic", "nesting", "parameters"),
                      [(f.function, f.line, f.length, f.cyclomatic, f.nesting, f.parameters)
                       for f in functions[:40]], total=len(functions)),
                Table("Changes together with", ("file", "degree %", "average revisions"), coupled),
            ) if t.rows),
            facts=(("revisions", len(commits)), ("authors", people_count),
                   ("lines", facts.lines), ("functions", facts.functions or 0),
                   *((("code health", f"{scored.health:.1f}"),)
                     if scored and scored.health is not None else ())),
        )
    ]  # fmt: skip


def _health_words(scored: health.FileHealth | None, scope: Scope) -> str:
    """The file's code health in a headline ("code health 6.3 of 10 (problematic: 4 to
    9), "), or why it has none; nothing for a file that is not code."""
    if scored is None:
        return ""
    if scored.health is None:
        return f"{scored.note}, "
    return f"code health {scored.health:.1f} of 10 ({health.words(scored.health, scope.policy)}), "


def _span(first: str, last: str) -> str:
    """When something happened: on one day, or from one day to another."""
    return f"on {first}" if first == last else f"from {first} to {last}"


def component_page(scope: Scope, repo: str, name: str) -> list[Section]:
    options = scope.scoped(repos=(repo,), components=(name,))
    members = files.run(scope.con, options, NoParams()).rows if repo in scope.repo_names() else []
    if not members:
        raise NotFound(f"no component {name!r} in {repo!r}")
    changed = {r.entity.path: r.n_revs for r in revisions.run(scope.con, options, NoParams()).rows}
    workers = contributors.run(scope.con, options, NoParams()).rows
    owners = {
        r.entity.path: r
        for r in knowledge.file_map(
            scope.con, options, knowledge.KnowledgeParams(view="map", code_only=False)
        ).rows
    }
    factor = truck_factor.run(scope.con, options, truck_factor.TruckFactorParams()).rows
    ranked = sorted(members, key=lambda f: (-changed.get(f.entity.path, 0), f.entity.path))
    return [
        Section(
            "component",
            f"{name} ({repo})",
            "Which files of this component change most, and who knows them?",
            f"{count(len(members), 'file')}, "
            f"{count(sum(f.code or 0 for f in members), 'line')} of code, "
            f"{count(sum(changed.values()), 'file change')}; truck factor "
            f"{factor[0].truck_factor if factor else 0}.",
            tuple(t for t in (
                Table("Files, most changed first",
                      ("file", "revisions", "lines of code", "cyclomatic", "main developer",
                       "ownership"),
                      [_file_row(repo, f, changed, owners) for f in ranked[:60]],
                      total=len(ranked)),
                Table("People", ("person", "commits", "last commit"),
                      [(person_ref(w.author), w.commits, f"{w.last_commit:%Y-%m-%d}")
                       for w in workers[:30]], total=len(workers)),
            ) if t.rows),
        )
    ]  # fmt: skip


def _file_row(
    repo: str,
    f: files.FileRow,
    changed: dict[str, int],
    owners: dict[str, knowledge.KnowledgeFile],
) -> tuple[object, ...]:
    owner = owners.get(f.entity.path)
    return (
        file_ref(Entity(repo, f.entity.path)),
        changed.get(f.entity.path, 0),
        f.code or 0,
        f.cyclomatic or 0,
        person_ref(owner.main_dev) if owner else "",
        f"{owner.ownership:.0%}" if owner else "",
    )


def person_page(scope: Scope, name: str) -> list[Section]:
    try:
        found = people.run(scope.con, scope.scoped(), people.PeopleParams(name=name)).rows
    except TechleadError as exc:
        raise NotFound(f"nobody called {name!r} in the warehouse") from exc
    if not found:
        raise NotFound(f"{name!r} has no commit in these repositories")
    person = found[0]
    # Every repository in scope, not only theirs: the history prepared for the sections
    # serves this page too (a person's own subset would be built anew for each person).
    owned = [r for r in scope.call(knowledge.file_map, knowledge.KnowledgeParams(view="map")).rows
             if r.main_dev == name]  # fmt: skip
    leaving = knowledge.leaving(
        scope.con, scope.scoped(), knowledge.KnowledgeParams(leaving=name)
    ).rows
    commits = log.run(scope.con, scope.scoped(), log.LogParams(author=name)).rows
    return [
        Section(
            "person",
            name,
            "What does this person know, and what would leave with them?",
            f"{count(person.commits, 'commit')} in {listing(person.repos)} "
            + _span(f"{person.first_commit:%Y-%m-%d}", f"{person.last_commit:%Y-%m-%d}")
            + "; main "
            f"developer of {count(len(owned), 'file')} "
            f"({count(sum(r.lines for r in owned), 'line')}).",
            tuple(t for t in (
                Table("The files they are the main developer of (most changed first), and who "
                      "would take each over if they left",
                      ("component", "file", "revisions", "lines", "their share", "successor",
                       "successor's share"),
                      [(scope.component(r.component), scope.file(r.entity), r.n_revs, r.lines,
                        f"{r.ownership:.0%}",
                        person_ref(r.successor) if r.successor else "(nobody)",
                        f"{r.successor_share:.0%}" if r.successor else "")
                       for r in leaving[:60]], total=len(leaving)),
                Table("Recent commits", ("date", "repo", "commit", "subject", "files"),
                      [(c.date, c.repo, c.commit, c.subject, c.files) for c in commits[:30]],
                      total=len(commits)),
            ) if t.rows),
        )
    ]  # fmt: skip


def adr_page(scope: Scope, repo: str, path: str) -> list[Section]:
    found = decisions.record(scope.con, repo, path)
    if found is None:
        raise NotFound(f"no decision record {path!r} in {repo!r}")
    governed = decisions.impact(scope.con, found.number, repo) if found.number else None
    title = f"{found.number or ''} {found.title}".strip()
    return [
        Section(
            "adr",
            title,
            f"{repo} · {path} · {found.format}",
            f"Status {found.status or '(none)'}"
            + (f", dated {found.date:%Y-%m-%d}" if found.date else "")
            + (f"; links: {'; '.join(found.links)}" if found.links else "")
            + (f"; names {', '.join(found.technologies)}" if found.technologies else "")
            + ".",
            (Table("Files it governs", governed.columns,
                   [(file_ref(Entity(repo, r.entity.path)), *r[1:]) for r in governed.rows]),)
            if governed is not None and governed.rows else (),
            record=Record(adr_ref(repo, path, title), found.text or ""),
        )
    ]  # fmt: skip
