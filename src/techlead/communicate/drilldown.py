"""Drill-down pages: everything known about one file, component, person or ADR.

Each returns Sections (the same records the report shows), so the dashboard renders and
serialises them like any other page. A page for something the warehouse does not hold
raises NotFound.
"""

from __future__ import annotations

from dataclasses import replace

from techlead.analyses import coupling, knowledge, truck_factor
from techlead.analyses.changes import prepare
from techlead.analyses.decisions import impact
from techlead.communicate.model import (
    Scope,
    Section,
    Table,
    component_entity_ref,
    file_ref,
    person_ref,
)
from techlead.core.errors import TechleadError
from techlead.core.globs import literal_glob
from techlead.render.safe_markdown import record_html
from techlead.warehouse.connection import one


class NotFound(TechleadError):
    pass


def file_page(scope: Scope, repo: str, path: str) -> list[Section]:
    facts = one(
        scope.con,
        "SELECT f.language, f.component, f.lines, f.code, f.functions, f.cyclomatic_total, "
        "f.cyclomatic_max FROM files f JOIN repos r USING (repo_id) "
        "WHERE r.name = $repo AND f.path = $path",
        {"repo": repo, "path": path},
    )
    if facts is None:
        raise NotFound(f"no file {path!r} at HEAD of {repo!r}")
    options = replace(scope.options, repos=(repo,), paths=(literal_glob(path),), limit=None)
    table = prepare(scope.con, options)
    history = scope.con.execute(
        f"SELECT count(DISTINCT sha), count(DISTINCT author_id), min(author_time), "
        f"max(author_time) FROM {table}"
    ).fetchall()[0]
    authors = scope.con.execute(
        f"SELECT author, count(DISTINCT sha), sum(added), sum(deleted) FROM {table} "
        "GROUP BY author ORDER BY 2 DESC, 1 LIMIT 30"
    ).fetchall()
    commits = scope.con.execute(
        f"SELECT strftime(t.author_time, '%Y-%m-%d'), left(t.sha, 12), t.author, c.subject, "
        f"t.original_path FROM {table} t JOIN commits c ON c.repo_id = t.repo_id AND c.sha = t.sha "
        "ORDER BY t.author_time DESC, t.sha LIMIT 40"
    ).fetchall()
    functions = scope.con.execute(
        "SELECT fn.name, fn.start_line, fn.length, fn.cyclomatic, fn.nesting, fn.parameters "
        "FROM functions fn JOIN files f ON f.repo_id = fn.repo_id AND f.blob = fn.blob "
        "JOIN repos r ON r.repo_id = f.repo_id WHERE r.name = $repo AND f.path = $path "
        "ORDER BY fn.cyclomatic DESC, fn.start_line LIMIT 40",
        {"repo": repo, "path": path},
    ).fetchall()
    pairs = coupling.run(
        scope.con, replace(scope.options, repos=(repo,), limit=None, params={"of": path})
    ).rows
    at_head = {  # coupling remembers files deleted since; only today's files have a page
        p for (p,) in scope.con.execute(
            "SELECT f.path FROM files f JOIN repos r USING (repo_id) WHERE r.name = $repo "
            "AND list_contains($paths, f.path)",
            {"repo": repo, "paths": [str(b if a == path else a) for a, b, _d, _n in pairs]},
        ).fetchall()
    }  # fmt: skip
    coupled = [
        (file_ref(other, [repo]), d, n)
        for a, b, d, n in pairs
        if (other := str(b if a == path else a)) in at_head
    ]
    language, component, lines, code, count, total, worst = facts
    revisions, people, first, last = history
    return [
        Section(
            "file",
            path,
            f"{repo} · {component} · {language or 'unknown language'}",
            f"{revisions} revisions by {people} people"
            + (f" from {first:%Y-%m-%d} to {last:%Y-%m-%d}" if first else "")
            + f"; {code or 0:,} lines of code, cyclomatic complexity {total or 0:,}"
            + (f" (worst function {worst})" if worst else "")
            + ".",
            tuple(t for t in (
                Table("Authors", ("author", "commits", "lines added", "lines deleted"),
                      [(person_ref(str(a)), *rest) for a, *rest in authors]),
                Table("Recent commits (renames followed)",
                      ("date", "commit", "author", "subject", "path then"),
                      [(d, s, person_ref(str(a)), subj, p) for d, s, a, subj, p in commits]),
                Table("Functions, most complex first",
                      ("function", "line", "length", "cyclomatic", "nesting", "parameters"),
                      functions),
                Table("Changes together with", ("file", "degree %", "average revisions"), coupled),
            ) if t.rows),
            facts=(("revisions", revisions), ("authors", people), ("lines", lines),
                   ("functions", count or 0)),
        )
    ]  # fmt: skip


def component_page(scope: Scope, repo: str, name: str) -> list[Section]:
    files = scope.con.execute(
        "SELECT f.path, coalesce(f.code, 0), coalesce(f.cyclomatic_total, 0) FROM files f "
        "JOIN repos r USING (repo_id) WHERE r.name = $repo AND f.component = $name "
        "ORDER BY f.path",
        {"repo": repo, "name": name},
    ).fetchall()
    if not files:
        raise NotFound(f"no component {name!r} in {repo!r}")
    options = replace(scope.options, repos=(repo,), components=(name,), limit=None)
    table = prepare(scope.con, options)
    revisions = dict(
        scope.con.execute(f"SELECT path, count(DISTINCT sha) FROM {table} GROUP BY path").fetchall()
    )
    people = scope.con.execute(
        f"SELECT author, count(DISTINCT sha), max(author_time) FROM {table} "
        "GROUP BY author ORDER BY 2 DESC, 1 LIMIT 30"
    ).fetchall()
    owners = {str(r[1]): (r[2], r[3]) for r in knowledge.run(
        scope.con, replace(options, params={"view": "map"})).rows}  # fmt: skip
    factor = truck_factor.run(scope.con, replace(options, params={"by": "repo"})).rows
    ranked = sorted(files, key=lambda f: (-revisions.get(f[0], 0), f[0]))
    return [
        Section(
            "component",
            f"{name} ({repo})",
            "Which files of this component change most, and who knows them?",
            f"{len(files)} files, {sum(f[1] for f in files):,} lines of code, "
            f"{sum(revisions.values()):,} file changes; truck factor "
            f"{factor[0][1] if factor else 0}.",
            tuple(t for t in (
                Table("Files, most changed first",
                      ("file", "revisions", "lines of code", "cyclomatic", "main developer",
                       "ownership"),
                      [(file_ref(p, [repo]), revisions.get(p, 0), loc, cc,
                        person_ref(str(owners[p][0])) if p in owners else "",
                        f"{float(owners[p][1]):.0%}" if p in owners else "")
                       for p, loc, cc in ranked[:60]]),
                Table("People", ("person", "commits", "last commit"),
                      [(person_ref(str(a)), n, f"{w:%Y-%m-%d}") for a, n, w in people]),
            ) if t.rows),
        )
    ]  # fmt: skip


def person_page(scope: Scope, name: str) -> list[Section]:
    person = one(
        scope.con,
        "SELECT sum(p.commits), min(p.first_commit_at), max(p.last_commit_at), "
        "string_agg(DISTINCT r.name, ', ') FROM people p JOIN repos r USING (repo_id) "
        "WHERE p.name = $name",
        {"name": name},
    )
    if person is None or person[0] is None:
        raise NotFound(f"nobody called {name!r} in the warehouse")
    commits, first, last, repos = person
    # Every repository in scope, not only theirs: the history prepared for the sections
    # serves this page too (a person's own subset would be built anew for each person).
    names = scope.repo_names()
    options = replace(scope.options, repos=tuple(names), limit=None)
    owned = [r for r in knowledge.run(scope.con, replace(options, params={"view": "map"})).rows
             if r[2] == name]  # fmt: skip
    owned.sort(key=lambda r: (-int(r[4] or 0), str(r[1])))
    leaving = knowledge.run(scope.con, replace(options, params={"view": "loss", "leaving": name}))
    table = prepare(scope.con, options)
    recent = scope.con.execute(
        "SELECT strftime(t.author_time, '%Y-%m-%d'), t.repo, left(t.sha, 12), "
        f"any_value(c.subject), count(*) FROM {table} t "
        "JOIN commits c ON c.repo_id = t.repo_id AND c.sha = t.sha "
        "WHERE t.author = $name GROUP BY ALL ORDER BY 1 DESC, 3 LIMIT 30",
        {"name": name},
    ).fetchall()
    return [
        Section(
            "person",
            name,
            "What does this person know, and what would leave with them?",
            f"{commits:,} commits in {repos} from {first:%Y-%m-%d} to {last:%Y-%m-%d}; main "
            f"developer of {len(owned)} files ({sum(int(r[4] or 0) for r in owned):,} lines).",
            tuple(t for t in (
                Table("The files they are the main developer of (most changed first), and who "
                      "would take each over if they left",
                      ("component", "file", "revisions", "lines", "their share", "successor",
                       "successor's share"),
                      [(component_entity_ref(c, names), file_ref(str(e), names), revs, lines,
                        f"{float(own):.0%}", person_ref(str(heir)) if heir else "(nobody)",
                        f"{float(share):.0%}" if heir else "")
                       for c, e, revs, lines, own, heir, share in leaving.rows[:60]]),
                Table("Recent commits", ("date", "repo", "commit", "subject", "files"), recent),
            ) if t.rows),
        )
    ]  # fmt: skip


def adr_page(scope: Scope, repo: str, path: str) -> list[Section]:
    record = one(
        scope.con,
        "SELECT d.number, d.title, d.status, d.date, d.format, d.links, d.text, d.paths, "
        "d.technologies FROM decisions d JOIN repos r USING (repo_id) "
        "WHERE r.name = $repo AND d.path = $path",
        {"repo": repo, "path": path},
    )
    if record is None:
        raise NotFound(f"no decision record {path!r} in {repo!r}")
    number, title, status, when, fmt, links, text, _paths, technologies = record
    governed = impact(scope.con, number, repo) if number is not None else None
    return [
        Section(
            "adr",
            f"{number or ''} {title}".strip(),
            f"{repo} · {path} · {fmt}",
            f"Status {status or '(none)'}"
            + (f", dated {when:%Y-%m-%d}" if when else "")
            + (f"; links: {'; '.join(links)}" if links else "")
            + (f"; names {', '.join(technologies)}" if technologies else "")
            + ".",
            (Table("Files it governs", governed.columns,
                   [(file_ref(str(r[0]), [repo]), *r[1:]) for r in governed.rows]),)
            if governed is not None and governed.rows else (),
            extra_html=record_html(text),
        )
    ]  # fmt: skip
