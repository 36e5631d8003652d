"""Sections about aligning teams: the team roll-up (every team against the same lights as
the briefing) and skills (who knows which technology, and the gaps)."""

from __future__ import annotations

from dataclasses import replace

from techlead.analyses import align, repositories, skills
from techlead.communicate import charts
from techlead.communicate.lights import Light, area_lights
from techlead.communicate.model import TITLES, Scope, count, listing
from techlead.core.model import Section, Table
from techlead.decisions import radar_check
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
