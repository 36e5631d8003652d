"""A briefing in plain language: traffic lights, the three things that need a decision
and what each costs if ignored, then the headlines of the sections a role reads first.

Every sentence carries the figure it rests on; a term a non-engineer may not know is
explained once in the glossary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from techlead.analyses.people import left_rule
from techlead.communicate import agenda, trends
from techlead.communicate.lights import Light, area_lights, open_risks
from techlead.communicate.model import Scope, count, listing, verb
from techlead.communicate.roles import Role
from techlead.communicate.verdict import overall
from techlead.core.model import Section, Trend
from techlead.core.policy import Policy, component_words
from techlead.risk.model import Risk
from techlead.standards.scorecard import Outcome, latest_cards


def glossary(policy: Policy) -> dict[str, str]:
    """Every term a briefing may use, in plain words, stating the policy in force."""
    return {
        "hotspot": "a file that is both unhealthy (low code health) and changed often: where "
        "effort and defects concentrate",
        "code health": "a score from 10 (easy to change) down to 1, lowered by what makes code "
        "hard to change: very long or complex functions, deep nesting, tangled conditions, "
        f"copied code; below {policy.health_unhealthy:g} is unhealthy, "
        f"{policy.health_healthy:g} or more healthy",
        "truck factor": "how many people would have to leave before most of the code has nobody "
        "who knows it",
        "knowledge island": f"a file written almost entirely ({policy.island_share:.0%} or more) "
        "by one person",
        "lockfile": "a file that pins the exact version of every dependency so builds repeat",
        "change coupling": "files that keep changing in the same commits, so one cannot be "
        "changed without the other",
        "vulnerability": "a publicly known security flaw in a dependency we use",
        "standards level": "bronze, silver or gold: which of our engineering standards a "
        "repository meets",
        "left": f"people count as gone when they have made {left_rule(policy.inactive_days)}",
        "component": "a part of a repository: a top-level folder, or a part named in the "
        "workspace's configuration",
        "likelihood": "likelihood and impact are each scored from 1 (low) to 5 (high); their "
        "product ranks the risks",
        "revisions": "the commits that changed a file",
        "complexity": "cyclomatic complexity: the number of paths through the code; the more "
        "paths, the harder it is to change safely",
        "retired technology": "a technology our technology radar puts on hold: no new use, "
        "existing use to be moved away from",
    }


# How a term shows in the text when not verbatim.
SPELLED = {"left": "have left", "retired technology": "retired technolog"}

COST = {
    "knowledge": "changes there will be slower and riskier while the team relearns code "
    "nobody active wrote",
    "truck-factor": "losing its people would leave most of it with nobody who knows it",
    "hotspot": "every change to this file costs more each quarter, and it is where defects "
    "concentrate",
    "vulnerability": "a publicly known security flaw stays open to attackers",
    "stale": "code nobody has touched in a long time is hard to change safely when it must be",
    "lockfile": "builds are not repeatable: a new dependency release can break or "
    "compromise them without any change of ours",
    "hold": "we keep paying to maintain a technology we decided to retire",
}


@dataclass(frozen=True)
class Decision:
    title: str
    evidence: str
    cost: str
    level: str = "file"  # the level it is taken at: file, component or repository
    risks: tuple[str, ...] = ()  # the ids of the register's risks it settles


@dataclass(frozen=True)
class Point:
    """A section's headline, as a briefing lists it, with how its metrics moved."""

    title: str
    headline: str
    trend: str = ""
    trends: tuple[Trend, ...] = ()


@dataclass(frozen=True)
class Briefing:
    title: str
    lights: tuple[Light, ...]
    decisions: tuple[Decision, ...]
    points: tuple[Point, ...]
    glossary: tuple[tuple[str, str], ...]
    as_of: str
    notices: tuple[str, ...] = ()  # dormant repositories, stale/shallow/partial clones
    verdict: str = ""  # the one sentence on top: how things stand and where they go


def briefing(
    scope: Scope, chosen: Role | None, sections: Sequence[Section], level: str | None = None
) -> Briefing:
    """The briefing for a role; its decisions are taken at ``level`` (default: the role's,
    else file level)."""
    level = level or (chosen.level if chosen else "file")
    risks = open_risks(scope)
    lights = [_with_trends(scope, light) for light in area_lights(scope)]
    decisions, lights = _decide(scope, risks, lights, level)
    points = tuple(Point(s.title, s.headline, s.trend, s.trends)
                   for s in sections if s.id != "overview")  # fmt: skip
    text = " ".join(
        [*(light.sentence for light in lights),
         *(f"{d.title} {d.evidence} {d.cost}" for d in decisions)]
    ).lower()  # fmt: skip
    terms = tuple(
        (term, meaning)
        for term, meaning in glossary(scope.policy).items()
        if SPELLED.get(term, term) in text
    )
    last = max((r.last_commit for r in scope.repositories() if r.last_commit), default=None)
    title = f"Briefing for {chosen.title}" if chosen else "Briefing"
    return Briefing(title, tuple(lights), decisions, points, terms,
                    f"{last:%Y-%m-%d}" if last else "no commits", scope.notices(),
                    overall(lights))  # fmt: skip


def _with_trends(scope: Scope, light: Light) -> Light:
    found = trends.trends(scope, trends.LIGHT_METRICS.get(light.area, ()))
    return replace(light, trend=trends.sentence(found), trends=found)


def _decide(
    scope: Scope, risks: list[Risk], lights: list[Light], level: str
) -> tuple[tuple[Decision, ...], list[Light]]:
    """Three decisions at ``level``, the red lights' first; each red light says which
    decision answers it, or why none is proposed."""
    policy = scope.policy
    red = [light.area for light in lights if light.colour == "red"]
    standards = _standards_decision(scope) if "Standards" in red else None
    found = agenda.groups(risks, level)
    answering, rest = agenda.choose(found, red, policy, 3 - (standards is not None))
    several = len(scope.repo_names()) > 1
    taken: list[tuple[agenda.Group | None, Decision]] = [
        (g, _decision(g, level, several)) for g in answering
    ]
    taken += [(None, standards)] if standards else []
    taken += [(g, _decision(g, level, several)) for g in rest]
    answered = []
    for light in lights:
        if light.colour == "red":
            number = next(
                (
                    n
                    for n, (g, _) in enumerate(taken, start=1)
                    if (g is None and light.area == "Standards")
                    or (g is not None and agenda.answers(g, light.area, policy))
                ),
                0,
            )
            crowded = next((g for g in found if agenda.answers(g, light.area, policy)), None)
            answer = (
                f"Decision {number} below answers this." if number
                else f"Not among the three decisions, which answer the other red lights: "
                f"{crowded.top.title} is the register's highest risk behind it."
                if crowded else agenda.unanswered(light.area, risks, policy)
            )  # fmt: skip
            light = replace(light, answer=answer)
        answered.append(light)
    return tuple(d for _, d in taken), answered


def _ids(group: agenda.Group) -> tuple[str, ...]:
    return tuple(r.id for r in group.risks)


def _losing(risk: Risk, component: str | None) -> str:
    """What a truck-factor risk costs if ignored: losing the people still there; those who
    have left already are said apart, not counted as a loss to come."""
    where = component_words(component) if component else risk.repo or "the repository"
    staying = [p for p in risk.people if p not in risk.gone]
    n = risk.truck_factor or 0
    who = listing(staying) if staying else "one person" if n == 1 else f"{n} people"
    left = (f" ({listing(list(risk.gone))} {verb(len(risk.gone), 'has', 'have')} left already)"
            if risk.gone else "")  # fmt: skip
    return f"losing {who} would leave most of {where} with nobody who knows it{left}"


def _decision(group: agenda.Group, level: str, several: bool) -> Decision:
    risk = group.top
    cost = COST.get(risk.category, "the risk stays as likely and as damaging as it is today")
    if risk.category == "truck-factor":
        cost = _losing(risk, risk.component if len(group.risks) == 1 else None)
    title = agenda.title(group, level)
    where = f" (in {risk.repo})" if several and risk.repo and risk.repo not in title else ""
    return Decision(f"{title[:1].upper()}{title[1:]}{where}", agenda.evidence(group),
                    f"If ignored: {cost}.", level, _ids(group))  # fmt: skip


def _standards_decision(scope: Scope) -> Decision | None:
    """Bring the repositories below the basic standards level up to it, starting with
    the basic check that fails in the most of them (ties: the checks' order)."""
    repos = scope.repo_names()
    below = [c for c in latest_cards(scope.con)[0] if c.repo in repos and c.level is None]
    if not below:
        return None
    first = below[0].levels[0]
    failing: dict[str, tuple[Outcome, list[str]]] = {}
    for card in below:
        for o in card.outcomes:
            if o.check.level == first and o.passed is False:
                failing.setdefault(o.check.id, (o, []))[1].append(card.repo)
    if not failing:
        return None
    check, _ = max(failing.values(), key=lambda f: len(f[1]))  # the first of the most
    fix = f"{check.check.fix[:1].lower()}{check.check.fix[1:]}"
    names = [c.repo for c in below]
    who = names[0] if len(names) == 1 else count(len(names), "repository", "repositories")
    fails = "; ".join(
        f"{o.check.title} fails"
        + ("" if len(names) == 1
           else " in " + (("both" if len(found) == 2 else f"all {len(found)}")
                          if len(found) == len(names) else listing(found, keep=3)))
        for o, found in failing.values()
    )  # fmt: skip
    return Decision(
        f"Bring {who} up to the basic standards level ({first}): {fix}",
        f"{listing(names, keep=4)} {verb(len(names), 'misses', 'miss')} {first}: {fails}",
        f"If ignored: {verb(len(names), 'it stays', 'they stay')} below the basic engineering "
        f"standards, and {listing([o.check.title for o, _ in failing.values()], keep=3)} "
        f"{verb(len(failing), 'stays', 'stay')} unmet.",
        "repository",
    )
