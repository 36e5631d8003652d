"""Sections about aligning teams: the team roll-up (every team against the same lights as
the briefing) and skills (who knows which technology, and the gaps)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from techlead.analyses import align, people, profile, repositories, skills
from techlead.communicate import charts
from techlead.communicate.lights import Light, area_lights
from techlead.communicate.model import TITLES, Scope, count, listing
from techlead.core.model import Section, Table
from techlead.decisions import radar_check
from techlead.direction.settings import workspace_people
from techlead.mining.policy_documents import CATALOG_INFO, CODEOWNERS

NO_TEAM = "(no team)"
COLOURS = {"red": 0, "amber": 1, "grey": 2, "green": 3}


def team_repositories(scope: Scope) -> dict[str, list[str]]:
    """The scope's repositories by team (``[[repos]] team`` of techlead.toml); those
    without one under "(no team)"."""
    found = repositories.names(scope.con, tuple(scope.repo_names()))
    teams: dict[str, list[str]] = {}
    for name, team in found:
        teams.setdefault(team or NO_TEAM, []).append(name)
    return dict(sorted(teams.items(), key=lambda kv: (kv[0] == NO_TEAM, kv[0])))


def radar_light(scope: Scope) -> Light:
    if scope.radar is None:
        return Light("Radar", "grey", "No radar was given (--radar).")
    found = radar_check.check(scope.con, scope.radar, scope.repo_names()).rows
    held = sorted({r.technology for r in found if r.finding == radar_check.HOLD_IN_USE})
    unknown = sorted({r.technology for r in found if r.finding == radar_check.NOT_ON_RADAR})
    colour = "red" if held else "amber" if unknown else "green"
    parts = [f"{count(len(held), 'technology')} on hold still in use ({listing(held)})"
             if held else "no technology on hold in use"]  # fmt: skip
    if unknown:
        parts.append(f"{count(len(unknown), 'technology')} in use the radar does not name")
    sentence = "; ".join(parts)
    return Light("Radar", colour, f"{sentence[:1].upper()}{sentence[1:]}.")


def ownership_light(scope: Scope) -> Light:
    rows = scope.run(align.ANALYSIS, align.AlignParams(view="ownership"),
                     roles=scope.production).rows  # fmt: skip
    declared = [r for r in rows if r.state != "undeclared"]
    if not rows or not declares_owners(scope):
        return Light("Ownership", "grey", "No CODEOWNERS or catalog-info.yaml declares "
                     "who owns the code.")  # fmt: skip
    held = [r for r in rows if r.state == "held"]
    share = len(held) / len(rows)
    colour = ("green" if len(held) == len(rows) else
              "amber" if share >= scope.policy.ownership_held_share else "red")  # fmt: skip
    drifted = sum(1 for r in rows if r.state == "drifted")
    missing = len(rows) - len(declared)
    return Light("Ownership", colour,
                 f"The declared owners hold most of the knowledge of {len(held)} of "
                 f"{count(len(rows), 'component')}; {drifted} drifted to others, {missing} "
                 "have no declared owner.")  # fmt: skip


def declares_owners(scope: Scope) -> bool:
    """Whether a CODEOWNERS or a catalog-info.yaml of the scope's repositories was read."""
    found = scope.con.execute(
        "SELECT count(*) FROM file_texts t JOIN repos r USING (repo_id) "
        "WHERE list_contains($repos, r.name) AND regexp_full_match(t.path, $pattern)",
        {"repos": scope.repo_names(), "pattern": f"(?i)(?:{CODEOWNERS})|(?:{CATALOG_INFO})"},
    ).fetchall()
    return bool(found[0][0])


def team_lights(scope: Scope, repos: list[str]) -> list[Light]:
    """The lights of the briefing, the radar and ownership for these repositories."""
    narrowed = replace(scope, options=replace(scope.options, repos=tuple(repos)), teams=(),
                       memo={})  # fmt: skip
    return [*area_lights(narrowed), radar_light(narrowed), ownership_light(narrowed)]


def rollup_section(scope: Scope) -> Section:
    teams = team_repositories(scope)
    lit = {team: team_lights(scope, repos) for team, repos in teams.items()}
    areas = [light.area for light in next(iter(lit.values()), [])]
    rows = [(team, len(teams[team]), *(light.colour for light in lights))
            for team, lights in lit.items()]  # fmt: skip
    why = [(team, light.area, light.colour, light.sentence)
           for team, lights in lit.items() for light in lights
           if light.colour in ("red", "amber")]  # fmt: skip
    why.sort(key=lambda w: (COLOURS[w[2]], w[0], areas.index(w[1])))
    red = {team: [lt.area for lt in lights if lt.colour == "red"] for team, lights in lit.items()}
    reds = {team: areas_ for team, areas_ in red.items() if areas_}
    if not teams:
        headline = "No repository to judge."
    elif reds:
        named = "; ".join(f"{team} ({listing(found)})" for team, found in sorted(reds.items()))
        headline = f"{len(reds)} of {count(len(teams), 'team')} have a red light: {named}."
    else:
        headline = f"No red light in any of the {count(len(teams), 'team')}."
    if set(teams) == {NO_TEAM}:
        headline += " No team is configured: [[repos]] team in techlead.toml names them."
    chart = (
        charts.lights(
            list(lit),
            areas,
            [[lt.colour for lt in ls] for ls in lit.values()],
            [[lt.sentence for lt in ls] for ls in lit.values()],
        )
        if lit
        else None
    )
    return Section(
        "rollup", TITLES["rollup"],
        "Which teams need help, and with what, judged by the same lights?",
        headline,
        (Table("Lights per team", ("team", "repositories", *(a.lower() for a in areas)), rows),
         Table("Why: the red and amber lights", ("team", "area", "light", "why"), why)),
        chart=chart,
        facts=(("teams", len(teams)), ("with a red light", len(reds))),
        caption="Each cell is a team's light for an area, as the briefing judges it: red, "
                "amber, green, or grey when there is nothing to judge it by; hover for why.",
    )  # fmt: skip


def skills_section(scope: Scope) -> Section:
    gaps = scope.run(skills.ANALYSIS, skills.SkillsParams(view="gaps")).rows
    coverage = scope.run(skills.ANALYSIS, skills.SkillsParams(view="teams")).rows
    none = [g for g in gaps if not g.active_experts]
    one = [g for g in gaps if g.active_experts]
    if gaps:
        named = listing([g.technology for g in gaps][:6])
        headline = (f"{count(len(none), 'technology', 'technologies')} in production use "
                    f"{'has' if len(none) == 1 else 'have'} no active expert and "
                    f"{len(one)} only one: {named}.")  # fmt: skip
    else:
        headline = "Every technology in production use has two active experts or more."
    gap_rows = [(g.technology, g.kind, g.production_files,
                 ", ".join(g.active_experts) or "nobody", ", ".join(g.departed_experts))
                for g in gaps]  # fmt: skip
    team_rows = [(t.team, t.technology, t.people, t.experts, ", ".join(t.names))
                 for t in coverage]  # fmt: skip
    return Section(
        "skills", TITLES["skills"],
        "Which technologies depend on one person, and which teams cover what?",
        headline,
        (Table("Gaps: production technologies with one active expert or none",
               ("technology", "kind", "production files", "active experts",
                "experts who left"), gap_rows),
         Table("Team coverage", ("team", "technology", "active people", "active experts",
                                 "experts"), team_rows[:200], total=len(team_rows))),
        facts=(("no active expert", len(none)), ("one active expert", len(one))),
    )  # fmt: skip


def alignment_section(scope: Scope) -> Section:
    """Where repositories drifted apart: which depend on each other, framework and language
    fragmentation, and dependency versions (techlead align)."""

    def view(name: str) -> list[Any]:
        return list(scope.run(align.ANALYSIS, align.AlignParams(view=name)).rows)

    links, fragments, drift = view("dependencies"), view("fragmentation"), view("drift")
    pairs: dict[tuple[str, str], list[str]] = {}
    for link in links:
        pairs.setdefault((link.repo, link.depends_on), []).append(link.package)
    most = max((len(p) for p in pairs.values()), default=1)
    nodes = sorted({repo for pair in pairs for repo in pair})
    chart = charts.network(
        nodes, [(a, b, 100 * len(p) / most) for (a, b), p in pairs.items()],
        "Repositories that depend on a package another one publishes",
        [f"{a} → {b}: {', '.join(p)}" for (a, b), p in pairs.items()],
    ) if pairs else None  # fmt: skip
    splits = [d for d in drift if d.major_split]
    kinds = sorted({f.kind for f in fragments})
    headline = (
        f"{count(len(pairs), 'repository pair')} linked by packages published in the "
        f"workspace; {count(len(drift), 'dependency', 'dependencies')} at several versions "
        f"({len(splits)} across major versions)"
        + (f"; more than one {' and more than one '.join(kinds)} in use" if kinds else "")
        + "."
    )
    return Section(
        "alignment", TITLES["alignment"],
        "Where have the repositories and teams drifted apart?",
        headline,
        (Table("Repositories that depend on each other",
               ("repository", "depends on", "package", "version", "manifest", "development"),
               [(r.repo, r.depends_on, r.package, r.version, r.manifest, r.dev)
                for r in links]),
         Table("Fragmentation: more than one framework or primary language",
               ("kind", "choices", "technology", "used by"),
               [(f.kind, f.choices, f.technology, ", ".join(f.used_by)) for f in fragments]),
         Table("Dependency drift (versions in the ecosystem's order)",
               ("ecosystem", "package", "newest", "versions", "behind", "major split"),
               [(d.ecosystem, d.package, d.newest, ", ".join(d.versions), ", ".join(d.behind),
                 d.major_split) for d in drift[:100]], total=len(drift))),
        chart=chart,
        facts=(("linked pairs", len(pairs)), ("drifted dependencies", len(drift)),
               ("major splits", len(splits))),
        caption="Each line joins a repository to one whose package it depends on; the "
                "thicker, the more packages; hover for which." if chart else "",
    )  # fmt: skip


PROFILES = 12  # the most active people whose profiles the section shows


def profiles_section(scope: Scope) -> Section:
    """Career-conversation evidence (techlead profile) for the most active people, only
    when techlead.toml says ``[people] profiles = true``: it describes, never ranks."""
    if not workspace_people(scope.con).profiles:
        return Section("profiles", TITLES["profiles"], QUESTION, "Off: [people] profiles = "
                       "true in techlead.toml shows them.")  # fmt: skip
    found = scope.run(people.ANALYSIS, people.PeopleParams(now=scope.moment())).rows
    chosen = sorted((p for p in found if p.active), key=lambda p: (-p.commits, p.person))
    rows = []
    for person in chosen[:PROFILES]:
        who = person.email or person.person
        params = profile.ProfileParams(person=who, now=scope.moment())
        facts = {(r.aspect, r.item): r for r in scope.run(profile.ANALYSIS, params).rows}
        top = next((r.item for (aspect, _), r in facts.items() if aspect == "components"), "")
        breadth = facts.get(("breadth", "components"))
        reach = facts.get(("reach", "collaborators"))
        code = facts.get(("hands-on", "code commits"))
        rows.append((person.person, top, breadth.value if breadth else None,
                     reach.value if reach else None, code.value if code else None))  # fmt: skip
    return Section(
        "profiles", TITLES["profiles"], QUESTION,
        f"Evidence for career conversations with the "
        f"{count(len(rows), 'most active person', 'most active people')}: where they work, "
        "not how well; never a ranking.",
        (Table("Profiles (techlead profile PERSON for each in full)",
               ("person", "knows best", "breadth (0 specialist, 1 generalist)",
                "collaborators", "code share of commits %"), rows),),
    )  # fmt: skip


QUESTION = "What does each person's work look like, as material for a career conversation?"
