"""Sections about people: knowledge and truck factor, knowledge loss and off-boarding
exposure, mentoring, and how teams share the code."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from techlead.analyses import coupling, knowledge, teams, truck_factor
from techlead.analyses.changes import CODE_ONLY_ON
from techlead.communicate import charts
from techlead.communicate.model import (
    TITLES,
    Scope,
    Section,
    Table,
    component_entity_ref,
    count,
    file_ref,
    person_ref,
)

RECENT_AUTHORS_SQL = """
SELECT r.name, f.component, p.name, count(DISTINCT c.sha) AS commits
FROM file_changes fc
JOIN commits c ON c.repo_id = fc.repo_id AND c.sha = fc.sha
JOIN files f ON f.repo_id = fc.repo_id AND f.path = fc.path
JOIN people p ON p.repo_id = c.repo_id AND p.person_id = c.author_id
JOIN repos r ON r.repo_id = fc.repo_id
WHERE list_contains($repos, r.name) AND c.author_time >= $since AND NOT p.is_bot
GROUP BY ALL ORDER BY commits DESC, p.name
"""


def _now(scope: Scope) -> datetime:
    return scope.moment() or datetime.now(UTC)


def _map(scope: Scope, repos: list[str]) -> list[tuple[Any, ...]]:
    options = replace(scope.options, repos=tuple(repos), limit=None,
                      params={"view": "map", **CODE_ONLY_ON})  # fmt: skip
    return list(knowledge.run(scope.con, options).rows)


def _code_islands(scope: Scope, repos: list[str]) -> list[tuple[Any, ...]]:
    params = {"view": "islands", "now": _now(scope).isoformat(), **CODE_ONLY_ON}
    options = replace(scope.options, repos=tuple(repos), limit=None, params=params)
    return list(knowledge.run(scope.con, options).rows)


def knowledge_section(scope: Scope) -> Section:
    repos = scope.repo_names()
    options = replace(scope.options, repos=tuple(repos), limit=None)
    factors = truck_factor.run(scope.con, replace(options, params={"by": "repo", **CODE_ONLY_ON}))
    per_repo: dict[str, int] = {}
    steps: list[tuple[Any, ...]] = []
    for scope_name, factor, step, developer, authored, orphaned, share, _ in factors.rows:
        per_repo[str(scope_name)] = int(factor)
        steps.append((scope_name, factor, step, person_ref(str(developer)), authored, orphaned,
                      f"{share:.0%}"))  # fmt: skip
    island_rows = _code_islands(scope, repos)
    owners: dict[str, int] = {}
    for _component, _entity, dev, _share, lines in _map(scope, repos):
        owners[str(dev)] = owners.get(str(dev), 0) + int(lines or 0)
    top = sorted(owners.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    active = knowledge.active_people(scope.con, _now(scope))
    low = sorted(per_repo.items(), key=lambda kv: (kv[1], kv[0]))
    headline = (
        (
            f"Truck factor: {', '.join(f'{r} {f}' for r, f in low[:5])} — the fewest people whose "
            "departure would leave over half the files without anyone who knows them. "
        )
        if low
        else ""
    ) + (
        f"{count(len(island_rows), 'code file')} known by one person only (knowledge "
        "islands; documentation and data files left out)."
    )
    return Section(
        "knowledge",
        TITLES["knowledge"],
        "Who knows what, and how many departures could stall a repository?",
        headline,
        tuple(t for t in (
            Table("Truck factor: the people whose departure orphans files",
                  ("scope", "truck factor", "step", "developer", "files authored",
                   "files orphaned", "orphaned share"), steps),
            Table("Lines of code per main developer", ("developer", "lines"),
                  [(person_ref(d), n) for d, n in top]),
            Table("Knowledge islands (one person wrote at least 95%)",
                  ("component", "file", "main developer", "ownership", "lines"),
                  [(component_entity_ref(c, repos), file_ref(str(e), repos),
                    person_ref(str(d)), f"{float(o):.0%}", n)
                   for c, e, d, o, n in island_rows[:40]]),
        ) if t.rows),
        charts.bars([d for d, _ in top], [n for _, n in top], "lines of code they are main "
                    "developer of (red: has left, no commit for 180 days)",
                    [charts.AMBER if d in active else charts.RED for d, _ in top])
        if top else None,
    )  # fmt: skip


def loss_section(scope: Scope) -> Section:
    """Knowledge already lost, and what is exposed if an active person leaves."""
    repos = scope.repo_names()
    now = _now(scope)
    options = replace(scope.options, repos=tuple(repos), limit=None,
                      params={"view": "loss", "now": now.isoformat(), **CODE_ONLY_ON})  # fmt: skip
    lost = list(knowledge.run(scope.con, options).rows)
    active = knowledge.active_people(scope.con, now)
    exposure: dict[str, list[int]] = {}
    for _component, _entity, dev, share, lines in _map(scope, repos):
        if str(dev) in active:
            entry = exposure.setdefault(str(dev), [0, 0])
            entry[0] += int(lines or 0)
            entry[1] += 1 if share >= 0.95 else 0
    exposed = sorted(exposure.items(), key=lambda kv: (-kv[1][0], kv[0]))[:15]
    worst = lost[0] if lost and lost[0][3] > 0 else None
    headline = (
        (f"{worst[3]:.0%} of {_component_words(str(worst[0]))} was written by people who have "
         "not committed for 180 days. " if worst else "No component has lost most of its "
         "authors. ")
        + (f"If {exposed[0][0]} left, {exposed[0][1][0]:,} lines would lose their main "
           "developer." if exposed else "")
    )  # fmt: skip
    return Section(
        "loss",
        TITLES["loss"],
        "What knowledge has already left, and what would leave with each active person?",
        headline,
        tuple(t for t in (
            Table("Components by share of code written by people who left",
                  ("component", "lines", "lines by leavers", "share", "leavers"),
                  [(component_entity_ref(c, repos), n, lost_n, f"{s:.0%}", _short(who))
                   for c, n, lost_n, s, who in lost[:25]]),
            Table("Off-boarding exposure: active people and what they alone know best",
                  ("person", "lines as main developer", "files held alone (≥95%)"),
                  [(person_ref(p), n, i) for p, (n, i) in exposed]),
        ) if t.rows),
        charts.bars([str(r[0]) for r in lost[:15]], [round(100 * float(r[3])) for r in lost[:15]],
                    "% of lines written by people who left (red: half or more)",
                    [charts.RED if r[3] >= 0.5 else charts.AMBER for r in lost[:15]])
        if lost else None,
    )  # fmt: skip


def _short(names: list[str], keep: int = 4) -> str:
    people = [str(n) for n in names if n]
    more = f" and {len(people) - keep} more" if len(people) > keep else ""
    return ", ".join(people[:keep]) + more


def mentoring_section(scope: Scope) -> Section:
    """For each knowledge island, a partner to learn it: the person (other than its main
    developer) with most recent commits in its component."""
    repos = scope.repo_names()
    now = _now(scope)
    islands = _code_islands(scope, repos)
    recent = scope.con.execute(
        RECENT_AUTHORS_SQL, {"repos": repos, "since": now - timedelta(days=365)}
    ).fetchall()
    candidates: dict[str, list[str]] = {}
    for repo, component, name, _commits in recent:  # islands name "repo:component" when
        for key in (str(component), f"{repo}:{component}"):  # they span repositories
            candidates.setdefault(key, []).append(str(name))
    plan: dict[tuple[str, str], list[Any]] = {}
    for component, entity, dev, _share, lines in islands:
        learner = next((n for n in candidates.get(str(component), []) if n != dev), None)
        entry = plan.setdefault((str(dev), str(component)), [learner, 0, 0, entity])
        entry[1] += 1
        entry[2] += int(lines or 0)
    rows = [
        (person_ref(dev), component, person_ref(learner) if learner else "(nobody active)",
         files, lines, file_ref(str(example), repos))
        for (dev, component), (learner, files, lines, example) in sorted(
            plan.items(), key=lambda kv: (-kv[1][2], kv[0]))[:30]
    ]  # fmt: skip
    unpaired = sum(1 for r in rows if isinstance(r[2], str))
    headline = (
        f"{count(len(rows), 'pairing')} would spread knowledge held by one person"
        + (
            f"; for {count(unpaired, 'component')} nobody else is active to learn it."
            if unpaired
            else "."
        )
        if rows
        else "No knowledge islands: nobody is the only author of a file."
    )
    return Section(
        "mentoring",
        TITLES["mentoring"],
        "Who should pair with whom so that no file depends on one person?",
        headline,
        (Table("Suggested pairings (largest islands first)",
               ("expert", "component", "learner", "island files", "lines", "example"),
               rows),) if rows else (),
    )  # fmt: skip


def teams_section(scope: Scope) -> Section:
    """How teams share components, and coupled components owned by different teams."""
    repos = scope.repo_names()
    options = replace(scope.options, repos=tuple(repos), limit=None)
    members = scope.con.execute(
        "SELECT count(*) FROM people p JOIN repos r USING (repo_id) "
        "WHERE list_contains($repos, r.name) AND p.team IS NOT NULL",
        {"repos": repos},
    ).fetchall()[0][0]
    if not members:
        return _repository_teams(scope, repos, options)
    shares = list(teams.run(scope.con, replace(options, params={})).rows)
    main: dict[str, tuple[str, float]] = {}
    shared: list[tuple[Any, ...]] = []
    for component, team, changes, share, _added in shares:
        if str(component) not in main or share > main[str(component)][1]:
            main[str(component)] = (str(team), float(share))
        if share < 1.0:
            shared.append((component, team, changes, f"{share:.0%}"))
    pairs = coupling.run(scope.con, replace(options, params={"by": "component"})).rows
    cross = [
        (a, main.get(str(a), ("?", 0))[0], b, main.get(str(b), ("?", 0))[0], d, n)
        for a, b, d, n in pairs
        if main.get(str(a), ("", 0))[0] != main.get(str(b), ("", 0))[0]
    ][:30]
    team_names = {t for t, _ in main.values()}
    headline = (
        f"{count(len(team_names), 'team')}; {count(len({r[0] for r in shared}), 'component')} "
        f"changed by more than one team; {count(len(cross), 'coupled pair')} of components "
        "crossing a team boundary."
    )
    return Section(
        "teams",
        TITLES["teams"],
        "Where must teams coordinate because their code changes together?",
        headline,
        tuple(t for t in (
            Table("Coupled components owned by different teams",
                  ("component", "main team", "coupled with", "its main team", "degree %",
                   "average revisions"), cross),
            Table("Components several teams change", ("component", "team", "changes", "share"),
                  shared[:40]),
        ) if t.rows),
    )  # fmt: skip


def _repository_teams(scope: Scope, repos: list[str], options: Any) -> Section:
    """Without team membership, the teams that own repositories (``[[repos]] team``) and
    the components of different teams' repositories that change for the same tickets."""
    owners = dict(scope.con.execute(
        "SELECT name, team FROM repos WHERE list_contains($repos, name) AND team IS NOT NULL",
        {"repos": repos}).fetchall())  # fmt: skip
    by_team: dict[str, list[str]] = {}
    for repo, team in sorted(owners.items()):
        by_team.setdefault(str(team), []).append(str(repo))
    question = "Where must teams coordinate because their code changes together?"
    if not by_team:
        return Section("teams", TITLES["teams"], question,
                       "No teams configured: name them in techlead.toml ([teams.NAME] members, "
                       "or a team per repository).")  # fmt: skip
    params = {"by": "component", "across-repos": True}
    cross = [
        (a, owners[ra], b, owners[rb], d, n)
        for a, b, d, n in coupling.run(scope.con, replace(options, params=params)).rows
        if (ra := str(a).partition(":")[0]) in owners
        and (rb := str(b).partition(":")[0]) in owners
        and owners[ra] != owners[rb]
    ][:30]
    headline = (
        f"{count(len(by_team), 'team')} own these repositories ("
        + "; ".join(f"{t}: {', '.join(r)}" for t, r in by_team.items())
        + "); no person's team is configured, so a component counts for its repository's "
        f"team; {count(len(cross), 'coupled pair')} of components across teams (changed for "
        "the same tickets)."
    )
    return Section(
        "teams", TITLES["teams"], question, headline,
        tuple(t for t in (
            Table("Coupled components of different teams (commits citing the same ticket)",
                  ("component", "team", "coupled with", "its team", "degree %",
                   "average revisions"), cross),
            Table("Repositories by team", ("team", "repositories"),
                  [(t, ", ".join(r)) for t, r in by_team.items()]),
        ) if t.rows),
    )  # fmt: skip


def _component_words(entity: str) -> str:
    """``pytest:testing`` (how analyses name a component across repositories) in words."""
    repo, _, component = entity.partition(":")
    return f"the {component} component of {repo}" if component else f"the {entity} component"
