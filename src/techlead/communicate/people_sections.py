"""Sections about people: knowledge and truck factor, knowledge loss and off-boarding
exposure, mentoring, and how teams share the code."""

from __future__ import annotations

from datetime import datetime

from techlead.analyses import coupling, knowledge, mentoring, people, teams, truck_factor
from techlead.communicate import charts
from techlead.communicate.model import TITLES, Scope, count, listing, verb
from techlead.core.model import Entity, Result, Section, Table, person_ref
from techlead.core.policy import ROOT_COMPONENT, component_words
from techlead.core.roles import Role

HALF = 0.5  # the loss chart's red: half of a component's code or more lost


def moment(scope: Scope) -> datetime:
    return scope.moment()


def knowledge_map(scope: Scope) -> list[knowledge.KnowledgeFile]:
    return list(scope.call(knowledge.file_map, knowledge.KnowledgeParams(view="map"),
                           roles=scope.production).rows)  # fmt: skip


def islands(scope: Scope) -> list[knowledge.KnowledgeFile]:
    params = knowledge.KnowledgeParams(view="islands", now=moment(scope))
    return list(scope.call(knowledge.file_map, params, roles=scope.production).rows)


def active(scope: Scope) -> set[str]:
    now = moment(scope)
    return scope.once(("active", now), lambda: people.active_people(scope.con, now))


def truck_factors(scope: Scope) -> Result[truck_factor.TruckFactorRow]:
    return scope.run(truck_factor.ANALYSIS, truck_factor.TruckFactorParams(by="repo"),
                     roles=scope.production)  # fmt: skip


def _left_words(scope: Scope) -> str:
    return people.left_rule(scope.policy.inactive_days)


def knowledge_section(scope: Scope) -> Section:
    factors = truck_factors(scope)
    steps = [(str(r.scope), r.truck_factor, r.step, person_ref(str(r.developer)), r.authored,
              r.orphaned, f"{r.orphaned_share:.0%}") for r in factors.rows]  # fmt: skip
    island_rows = islands(scope)
    owners: dict[str, int] = {}
    for row in knowledge_map(scope):
        owners[row.main_dev] = owners.get(row.main_dev, 0) + int(row.lines or 0)
    top = sorted(owners.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    here = active(scope)
    share = scope.policy.island_share
    headline = _truck_factor_words(truck_factor.factors(factors)) + (
        f"{count(len(island_rows), 'code file')} known by one person only (knowledge "
        f"islands: one active person wrote {share:.0%} or more; documentation and data files "
        "left out)."
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
                  [(person_ref(d), n) for d, n in top], total=len(owners)),
            Table(f"Knowledge islands (one person wrote at least {share:.0%})",
                  ("component", "file", "main developer", "ownership", "lines"),
                  [(scope.component(i.component), scope.file(i.entity), person_ref(i.main_dev),
                    f"{i.ownership:.0%}", i.lines) for i in island_rows[:40]],
                  total=len(island_rows)),
        ) if t.rows),
        charts.bars([d for d, _ in top], [n for _, n in top],
                    "lines of code as main developer",
                    [charts.AMBER if d in here else charts.RED for d, _ in top],
                    {charts.RED: "has left", charts.AMBER: "active"})
        if top else None,
        caption=(f"Red: the main developer has left ({_left_words(scope)}); amber: still "
                 "active." if top else ""),
    )  # fmt: skip


def _tests_context(scope: Scope, params: knowledge.KnowledgeParams) -> str:
    """The test code's loss, as context for the production code's (never a judgment of
    its own): " Tests: 40% of the test code (1,200 lines) was written by people who have
    left." Nothing when the page already asks for roles, or there is no test code."""
    if scope.options.roles:
        return ""
    tests = scope.call(knowledge.loss, params, roles=(Role.TEST,)).rows
    lines, lost = sum(r.lines for r in tests), sum(r.lost_lines for r in tests)
    if not lines:
        return ""
    return (f" Tests, for context: {lost / lines:.0%} of the test code ({count(lines, 'line')}) "
            "was written by people who have left.")  # fmt: skip


def _truck_factor_words(factors: dict[Entity, int]) -> str:
    """The truck factor in a sentence: of the one repository, or of each (repositories
    grouped by factor, lowest first, so that no name reads as part of a number)."""
    if not factors:
        return ""
    if len(factors) == 1:
        [factor] = factors.values()
        if factor == 0:
            return ("Truck factor 0: over half of the files have no author who knows them "
                    "already. ")  # fmt: skip
        who = "one person" if factor == 1 else f"{factor:,} people"
        return (f"Truck factor {factor:,}: the departure of {who} would leave over half of "
                "the files without anyone who knows them. ")  # fmt: skip
    by_factor: dict[int, list[str]] = {}
    for scope, factor in sorted(factors.items(), key=lambda kv: (kv[1], str(kv[0]))):
        by_factor.setdefault(factor, []).append(str(scope))
    groups = "; ".join(f"{f:,} in {listing(names, keep=4)}" for f, names in by_factor.items())
    return (f"Truck factor per repository: {groups} (the fewest people whose departure would "
            "leave over half of a repository's files without anyone who knows them). ")  # fmt: skip


def loss_section(scope: Scope) -> Section:
    """Knowledge already lost, and what is exposed if an active person leaves."""
    params = knowledge.KnowledgeParams(view="loss", now=moment(scope))
    lost = list(scope.call(knowledge.loss, params, roles=scope.production).rows)
    here = active(scope)
    share = scope.policy.island_share
    exposure: dict[str, list[int]] = {}
    for row in knowledge_map(scope):
        if row.main_dev in here:
            entry = exposure.setdefault(row.main_dev, [0, 0])
            entry[0] += int(row.lines or 0)
            entry[1] += 1 if row.ownership >= share else 0
    exposed = sorted(exposure.items(), key=lambda kv: (-kv[1][0], kv[0]))[:15]
    worst = lost[0] if lost and lost[0].lost_lines > 0 else None  # the most lines lost
    headline = (
        (f"The most code written by people who have left ({_left_words(scope)}) is in "
         f"{_component_words(worst.component, scope)}: {count(worst.lost_lines, 'line')}, "
         f"{worst.lost_share:.0%} of it. " if worst
         else "No component's code was written by people who have left. ")
        + (f"If {exposed[0][0]} left, {count(exposed[0][1][0], 'line')} would lose their "
           "main developer." if exposed else "")
        + _tests_context(scope, params)
    )  # fmt: skip
    return Section(
        "loss",
        TITLES["loss"],
        "What knowledge has already left, and what would leave with each active person?",
        headline,
        tuple(t for t in (
            Table("Components by lines of code written by people who left",
                  ("component", "lines", "lines by leavers", "share", "leavers"),
                  [(scope.component(r.component), r.lines, r.lost_lines, f"{r.lost_share:.0%}",
                    _short(r.leavers)) for r in lost[:25]], total=len(lost)),
            Table("Off-boarding exposure: active people and what they alone know best",
                  ("person", "lines as main developer", f"files held alone (≥{share:.0%})"),
                  [(person_ref(p), n, i) for p, (n, i) in exposed], total=len(exposure)),
        ) if t.rows),
        charts.bars([str(scope.component(r.component)) for r in lost[:15]],
                    [round(100 * r.lost_share) for r in lost[:15]],
                    "% of lines written by people who left",
                    [charts.RED if r.lost_share >= HALF else charts.AMBER for r in lost[:15]],
                    {charts.RED: "half or more", charts.AMBER: "less than half"})
        if lost else None,
        caption=(f"The share of each component's lines of code whose main developer has left "
                 f"({_left_words(scope)}). Red: half or more; amber: less than half."
                 if lost else ""),
    )  # fmt: skip


def _short(names: list[str], keep: int = 4) -> str:
    found = [str(n) for n in names if n]
    more = f" and {len(found) - keep} more" if len(found) > keep else ""
    return ", ".join(found[:keep]) + more


METRIC_WORDS = {
    "truck-factor": "truck factor",
    "knowledge-islands": "knowledge islands",
    "lost-share": "code by people who left (%)",
}


def mentoring_section(scope: Scope) -> Section:
    """The mentoring pairs of ``techlead mentoring`` for the production code: for each
    component at knowledge risk, an expert, a learner and a measurable target."""
    params = mentoring.MentoringParams(now=moment(scope))
    found = scope.call(mentoring.pairs, params, roles=scope.production).rows
    paired = [p for p in found if p.expert and p.learner]
    alone = [p for p in found if not p.expert]
    rows = [
        (str(scope.component(_key(p.component))), p.risk,
         person_ref(p.expert) if p.expert else "(none)",
         person_ref(p.learner) if p.learner else "(none)", p.reason, _target(p))
        for p in found
    ]  # fmt: skip
    if not found:
        headline = "No component is at knowledge risk: no mentoring pair is needed."
    else:
        headline = (f"{count(len(found), 'component')} at knowledge risk: "
                    f"{count(len(paired), 'mentoring pair')} proposed"
                    + (f"; {len(alone)} without an active expert to teach"
                       if alone else "") + ".")  # fmt: skip
    return Section(
        "mentoring",
        TITLES["mentoring"],
        "Who should pair with whom so that no component depends on one person?",
        headline,
        (Table("Mentoring pairs (most at risk first)",
               ("component", "risk", "expert", "learner", "why", "target"),
               rows[:30], total=len(rows)),) if rows else (),
        facts=(("at risk", len(found)), ("pairs", len(paired))),
    )  # fmt: skip


def _target(pair: mentoring.Pair) -> str:
    words = METRIC_WORDS.get(pair.metric, pair.metric)
    now = "?" if pair.value is None else f"{pair.value:g}"
    return f"{words} {now} → {pair.target:g}"


def _key(component: Entity) -> Entity:
    """A component as a dictionary key, whatever label it was printed with."""
    return Entity(component.repo, component.path)


def teams_section(scope: Scope) -> Section:
    """How teams share components, and coupled components owned by different teams.
    People outside every team are no team: they neither count as one nor make a
    component shared or a coupled pair cross a boundary; the headline says how many
    there are and how many components they change most."""
    members = scope.run(people.ANALYSIS, people.PeopleParams(now=moment(scope))).rows
    if not any(p.team for p in members):
        return _repository_teams(scope)
    shares = scope.call(teams.work, teams.TeamsParams(view="work"), roles=scope.production).rows
    main: dict[Entity, tuple[str, float]] = {}
    named: dict[Entity, set[str]] = {}
    for row in shares:
        key = _key(row.component)
        if key not in main or row.share > main[key][1]:
            main[key] = (row.team, row.share)
        if row.team != teams.NO_TEAM:
            named.setdefault(key, set()).add(row.team)
    several = {key for key, found in named.items() if len(found) > 1}
    shared = [(scope.component(row.component), row.team, row.changes, f"{row.share:.0%}")
              for row in shares if _key(row.component) in several]  # fmt: skip
    unowned = [
        (scope.component(row.component), row.changes, f"{row.share:.0%}")
        for row in shares
        if row.team == teams.NO_TEAM and main[_key(row.component)][0] == teams.NO_TEAM
    ]
    pairs = scope.run(coupling.ANALYSIS, coupling.CouplingParams(by="component", current=True),
                      roles=scope.production).rows  # fmt: skip
    crossing = [
        p for p in pairs
        if _team(main, p.entity) != _team(main, p.coupled)
        and teams.NO_TEAM not in (_team(main, p.entity), _team(main, p.coupled))
    ]  # fmt: skip
    cross = [
        (scope.component(p.entity), _team(main, p.entity), scope.component(p.coupled),
         _team(main, p.coupled), p.degree, p.average_revs)
        for p in crossing[:30]
    ]  # fmt: skip
    team_names = {t for found in named.values() for t in found}
    outside = sum(1 for p in members if not p.team)
    headline = (
        f"{count(len(team_names), 'team')}; {count(len(several), 'component')} "
        f"changed by more than one team; {count(len(crossing), 'coupled pair')} of components "
        "crossing a team boundary."
        + (f" {count(outside, 'person', 'people')} of {len(members):,} "
           f"{verb(outside, 'is', 'are')} in no team"
           + (f"; they change {count(len(unowned), 'component')} more than any team does."
              if unowned else ".")
           if outside else "")
    )  # fmt: skip
    return Section(
        "teams",
        TITLES["teams"],
        "Where must teams coordinate because their code changes together?",
        headline,
        tuple(t for t in (
            Table("Coupled components owned by different teams",
                  ("component", "main team", "coupled with", "its main team", "degree %",
                   "average revisions"), cross, total=len(crossing)),
            Table("Components several teams change", ("component", "team", "changes", "share"),
                  shared[:40], total=len(shared)),
            Table("Components changed most by people in no team",
                  ("component", "changes by people in no team", "share"), unowned[:40],
                  total=len(unowned)),
        ) if t.rows),
    )  # fmt: skip


def _team(main: dict[Entity, tuple[str, float]], component: Entity) -> str:
    return main.get(_key(component), ("?", 0.0))[0]


def _repository_teams(scope: Scope) -> Section:
    """Without team membership, the teams that own repositories (``[[repos]] team``) and
    the components of different teams' repositories that change for the same tickets."""
    owners = {r.repo: r.team for r in scope.repositories() if r.team}
    by_team: dict[str, list[str]] = {}
    for repo, team in sorted(owners.items()):
        by_team.setdefault(str(team), []).append(repo)
    question = "Where must teams coordinate because their code changes together?"
    if not by_team:
        return Section("teams", TITLES["teams"], question,
                       "No teams configured: name them in techlead.toml ([teams.NAME] members, "
                       "or a team per repository).")  # fmt: skip
    params = coupling.CouplingParams(by="component", across_repos=True)
    crossing = [
        p for p in scope.run(coupling.ANALYSIS, params).rows
        if p.entity.repo in owners and p.coupled.repo in owners
        and owners[p.entity.repo] != owners[p.coupled.repo]
    ]  # fmt: skip
    cross = [
        (scope.component(p.entity), owners[p.entity.repo], scope.component(p.coupled),
         owners[p.coupled.repo], p.degree, p.average_revs)
        for p in crossing[:30]
    ]  # fmt: skip
    orphans = [r for r in scope.repo_names() if r not in owners]
    headline = (
        f"{count(len(by_team), 'team')} {verb(len(by_team), 'owns', 'own')} "
        f"{count(len(owners), 'repository', 'repositories')} ("
        + "; ".join(f"{t}: {', '.join(r)}" for t, r in by_team.items())
        + ")"
        + (f"; {count(len(orphans), 'repository', 'repositories')} "
           f"{verb(len(orphans), 'has', 'have')} no team ({listing(orphans)})"
           if orphans else "")
        + "; no person's team is configured, so a component counts for its repository's "
        f"team; {count(len(crossing), 'coupled pair')} of components across teams (changed for "
        "the same tickets)."
    )  # fmt: skip
    return Section(
        "teams", TITLES["teams"], question, headline,
        tuple(t for t in (
            Table("Coupled components of different teams (commits citing the same ticket)",
                  ("component", "team", "coupled with", "its team", "degree %",
                   "average revisions"), cross, total=len(crossing)),
            Table("Repositories by team", ("team", "repositories"),
                  [(t, ", ".join(r)) for t, r in by_team.items()]),
        ) if t.rows),
    )  # fmt: skip


def _component_words(component: Entity, scope: Scope) -> str:
    """A component in words: "the testing component of pytest"."""
    if component.path == ROOT_COMPONENT:
        named = component_words(component.path)
        return f"{named} of {component.repo}" if scope.several else named
    if scope.several:
        return f"the {component.path} component of {component.repo}"
    return f"the {component.path} component"
