"""The traffic lights of a scope (docs/roles.md): code health, knowledge, dependencies and
security, standards. The briefing shows them; the team roll-up judges each team by them."""

from __future__ import annotations

from dataclasses import dataclass

from techlead.analyses import health, truck_factor
from techlead.communicate.governance_sections import scope_register
from techlead.communicate.health_section import hotspot_health
from techlead.communicate.model import Scope, count, verb
from techlead.communicate.people_sections import truck_factors
from techlead.core.dates import the_last
from techlead.core.model import Trend
from techlead.core.policy import Policy
from techlead.risk.model import Risk
from techlead.risk.sources import TOP_RANK
from techlead.standards.scorecard import latest_cards


@dataclass(frozen=True)
class Light:
    area: str
    colour: str  # green | amber | red | grey
    sentence: str
    answer: str = ""  # a red light: the decision that answers it, or why none is proposed
    trend: str = ""  # how its metrics moved, in words (communicate/trends.py)
    trends: tuple[Trend, ...] = ()  # the same as data: drawn as sparklines


def open_risks(scope: Scope) -> list[Risk]:
    """The scope's register without closed risks (an accepted one still is a risk, but is
    decided already)."""
    return [r for r in scope_register(scope)[0] if r.status != "closed"]


def area_lights(scope: Scope) -> list[Light]:
    """The four traffic lights of the scope (docs/roles.md), without trends: code health,
    knowledge, dependencies and security, standards."""
    risks = open_risks(scope)
    return [
        _code_light(scope, risks, scope.policy),
        _knowledge_light(scope, risks),
        _dependency_light(risks, scope.policy, checked=scope.advisories is not None),
        _standards_light(scope, scope.repo_names()),
    ]


def _code_light(scope: Scope, risks: list[Risk], policy: Policy) -> Light:
    hot = [r for r in risks if r.category == "hotspot"]
    top = [r for r in hot if r.impact == 5]
    score = hotspot_health(scope)
    if score is None and not hot:
        return Light("Code health", "grey", "No production code in a language techlead "
                     "reads changed in the period: nothing to judge.")  # fmt: skip
    low = score is not None and score < policy.health_unhealthy
    fair = score is not None and score < policy.health_healthy
    colour = "red" if top or low else "amber" if hot or fair else "green"
    window = the_last(policy.trend_window_days)
    if hot:
        judged = (
            f"{count(len(hot), 'hotspot')} {verb(len(hot), 'is', 'are')} unhealthy (below "
            f"{policy.health_unhealthy:g}) or grew more complex in {window}, "
            f"{len(top) or 'none'} of them among the top {TOP_RANK}"
        )
    else:
        judged = (f"no hotspot is unhealthy (below {policy.health_unhealthy:g}) or grew more "
                  f"complex in {window}")  # fmt: skip
    if score is None:
        return Light("Code health", colour, f"{judged[0].upper()}{judged[1:]}.")
    return Light("Code health", colour, f"The code people change most has code health "
                 f"{score:.1f} of 10 ({health.words(score, policy)}); {judged}.")  # fmt: skip


def _knowledge_light(scope: Scope, risks: list[Risk]) -> Light:
    factors = {str(s): f for s, f in truck_factor.factors(truck_factors(scope)).items()}
    lowest = min(factors.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    lost = [r for r in risks if r.category == "knowledge"]
    if lowest is None:
        return Light("Knowledge", "grey", "No history to measure who knows the code.")
    policy = scope.policy
    red = lowest[1] < policy.truck_factor_min
    colour = "red" if red else "amber" if lowest[1] <= policy.truck_factor_risk or lost else "green"
    share = f"{policy.loss_share:.0%}"
    gone = (f"in {count(len(lost), 'component')} the people who wrote {share} or more of "
            f"the code ({policy.loss_lines:,} lines or more) have left" if lost
            else f"no component has lost the people who wrote {share} of its code")  # fmt: skip
    factor = (
        f"The truck factor of {lowest[0]} is {lowest[1]}"
        if len(factors) == 1
        else f"The lowest truck factor of a repository is {lowest[1]} ({lowest[0]})"
    )
    return Light("Knowledge", colour, f"{factor}; {gone}.")  # fmt: skip


def _dependency_light(risks: list[Risk], policy: Policy, checked: bool) -> Light:
    vulns = [r for r in risks if r.category == "vulnerability" and not r.possible]
    possible = [r for r in risks if r.category == "vulnerability" and r.possible]
    locks = [r for r in risks if r.category == "lockfile"]
    held = [r for r in risks if r.category == "hold"]
    serious = [r for r in vulns if r.score >= policy.risk_high]
    colour = ("red" if serious else "amber" if vulns or possible or locks or held
              else "green" if checked else "grey")  # fmt: skip
    if not checked:
        flaws = "dependencies not checked for known vulnerabilities (no advisory data was given)"
    elif not vulns:
        flaws = "no known vulnerability in the dependencies we use"
    else:
        found = count(len(vulns), "known vulnerability", "known vulnerabilities")
        flaws = f"{found} in the dependencies we use ({len(serious) or 'none'} serious)"
    parts = [flaws]
    if possible:
        parts.append(
            f"{count(len(possible), 'more advisory', 'more advisories')} may apply to "
            "dependencies declared without a resolved version"
        )
    if locks:
        parts.append(f"{count(len(locks), 'dependency list')} without a lockfile")
    if held:
        parts.append(
            f"{count(len(held), 'retired technology', 'retired technologies')} still in use"
        )
    if not locks and not held:
        parts.append(
            "no dependency list lacks the lockfile its ecosystem expects, and no "
            "retired technology is in use"
        )
    sentence = "; ".join(parts)
    return Light("Dependencies and security", colour,
                 f"{sentence[:1].upper()}{sentence[1:]}.")  # fmt: skip


def _standards_light(scope: Scope, repos: list[str]) -> Light:
    cards = [c for c in latest_cards(scope.con)[0] if c.repo in repos]
    if not cards:
        return Light("Standards", "grey", "No standards results stored yet.")
    first = cards[0].levels[0]  # the basic level (bronze unless standards.toml renames it)
    below = [c for c in cards if c.level is None]
    basic = [c for c in cards if c.level == first]
    colour = "red" if below else "amber" if basic else "green"
    if len(cards) == 1:  # one repository: named, not counted
        repo, level = cards[0].repo, f"the basic standards level ({first})"
        said = (f"misses {level}" if below else f"reaches only {first}" if basic
                else f"reaches {level}")  # fmt: skip
        return Light("Standards", colour, f"{repo} {said}.")
    of = f"{len(below)} of {count(len(cards), 'repository', 'repositories')}"
    sentence = (f"{of} {verb(len(below), 'misses', 'miss')} the basic standards level "
                f"({first})" if below else "Every repository reaches the basic standards level "
                f"({first})")  # fmt: skip
    if basic:
        sentence += f"; {len(basic)} {verb(len(basic), 'reaches', 'reach')} only {first}"
    return Light("Standards", colour, f"{sentence}.")
