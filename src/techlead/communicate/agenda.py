"""What needs a decision, at the level a role decides at (docs/roles.md).

A CTO decides about repositories and teams, an engineering manager about teams and
components, a tech lead about components and files. The register's risks are grouped at
the reader's level: a group is the risks of one kind in one place (a file, a component or
a repository), ranked by its highest risk, and becomes one decision. A red traffic light
is answered first by the highest group behind it; a red light nothing in the register
answers says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from techlead.communicate.model import count, listing, verb
from techlead.core.policy import Policy, component_words
from techlead.risk.hand_kept import SETTLED
from techlead.risk.model import Risk

LEVELS = ("file", "component", "repository")

# The kinds of risk that turn each light red (brief.py's lights decide the colour).
RED_BECAUSE: dict[str, Callable[[Risk, Policy], bool]] = {
    "Code health": lambda r, p: r.category == "hotspot" and r.impact == 5,
    "Knowledge": lambda r, p: r.category in ("truck-factor", "knowledge"),
    "Dependencies and security": lambda r, p: (
        r.category == "vulnerability" and not r.possible and r.score >= p.risk_high
    ),
}


@dataclass(frozen=True)
class Group:
    """Risks of one kind in one place at a level; ``risks`` ranked, highest first."""

    category: str
    place: str  # the file, component or repository they are in ("" for the workspace)
    risks: tuple[Risk, ...]

    @property
    def top(self) -> Risk:
        return self.risks[0]


def place(risk: Risk, level: str) -> str:
    """Where a risk is, at a level: its file, its component or its repository."""
    repo = risk.repo or ""
    if risk.category in ("vulnerability", "hold") and level != "file":
        return repo  # a dependency is the repository's, whatever manifest declares it
    if level == "repository":
        return repo
    if level == "component" and risk.component:
        return f"{repo}:{risk.component}"
    return risk.id if level == "file" else repo


def groups(risks: Sequence[Risk], level: str) -> list[Group]:
    """The register's open risks grouped at ``level``, in the order of their highest risk."""
    found: dict[tuple[str, str], list[Risk]] = {}
    for risk in risks:
        if risk.status not in SETTLED:
            found.setdefault((risk.category, place(risk, level)), []).append(risk)
    return [Group(category, where, tuple(members))
            for (category, where), members in found.items()]  # fmt: skip


def choose(
    found: Sequence[Group], red: Sequence[str], policy: Policy, limit: int = 3
) -> tuple[list[Group], list[Group]]:
    """Up to ``limit`` groups: first, for each red light in turn, the highest group behind
    it; then the highest of the rest, preferring kinds not chosen yet (so that one kind
    cannot crowd out the others). Returns the red lights' answers and the rest."""
    answering: list[Group] = []
    for area in red:
        match = next((g for g in found if answers(g, area, policy)), None)
        if match is not None and match not in answering and len(answering) < limit:
            answering.append(match)
    rest: list[Group] = []
    kinds = {g.category for g in answering}
    for group in found:
        if len(answering) + len(rest) < limit and group not in answering \
                and group.category not in kinds:  # fmt: skip
            rest.append(group)
            kinds.add(group.category)
    for group in found:
        if len(answering) + len(rest) < limit and group not in answering and group not in rest:
            rest.append(group)
    return answering, sorted(rest, key=found.index)


def answers(group: Group, area: str, policy: Policy) -> bool:
    behind = RED_BECAUSE.get(area)
    return behind is not None and any(behind(r, policy) for r in group.risks)


def unanswered(area: str, risks: Sequence[Risk], policy: Policy) -> str:
    """Why no decision is proposed for a red light."""
    behind = RED_BECAUSE.get(area)
    settled = [r for r in risks if behind and behind(r, policy) and r.status in SETTLED]
    if settled:
        first = settled[0]
        who = f" by {first.owner}" if first.owner else ""
        review = f", to be reviewed on {first.review}" if first.review else ""
        return (f"No decision proposed: {first.title} is {first.status}{who} in risks.toml"
                f"{review}.")  # fmt: skip
    if area == "Knowledge":
        return ("No decision proposed: no component's knowledge rests on people still active "
                "in a way the register scores, and no component lost enough of its authors "
                f"({policy.loss_share:.0%} of its code and {policy.loss_lines:,} lines); see "
                "the knowledge and loss sections.")  # fmt: skip
    return "No decision proposed: no risk in the register stands behind it."


def title(group: Group, level: str) -> str:
    """The decision a group asks for. At file level, and for one risk of a component at
    component level, the risk's own mitigation; otherwise one sentence for the place."""
    risks, top = group.risks, group.top
    if level == "file" or (level == "component" and len(risks) == 1 and top.component):
        return top.mitigation
    repo, _, component = group.place.partition(":")
    where = (f"{component_words(component)} of {repo}" if level == "component" and component
             else group.place or "the workspace")  # fmt: skip
    n = len(risks)
    named = sorted({r.component for r in risks if r.component})
    parts = listing([component_words(c) for c in named], keep=3)
    people = listing(list(dict.fromkeys(p for r in risks for p in r.people)), keep=3)
    files = listing([str(r.files[0].path) for r in risks if r.files], keep=3)
    sentences = {
        "truck-factor": f"spread the knowledge of {where}: {parts} {verb(n, 'depends', 'depend')}"
        f" on {people}; pair {verb(len(set(top.people)) if n == 1 else 2, 'them', 'each')} with "
        f"another developer{', highest risk first' if n > 1 else ''}",
        "knowledge": f"name owners for {parts} in {where}, whose authors have left, and recover "
        f"{verb(n, 'its', 'their')} knowledge, most changed files first",
        "hotspot": f"schedule the refactoring of {count(n, 'hotspot')} in {where} that "
        f"{verb(n, 'keeps', 'keep')} getting more complex ({files})",
        "stale": f"name owners for {parts} in {where}, left untouched after heavy change, and "
        f"check that {verb(n, 'it builds, is', 'they build, are')} tested and still needed",
        "lockfile": f"commit lockfiles for {count(n, 'dependency list')} in {where} ({files})",
        "vulnerability": f"{top.mitigation} in {where}"
        if n == 1
        else f"fix {count(n, 'vulnerability advisory', 'vulnerability advisories')} against the "
        f"dependencies of {where}, starting with: {top.mitigation}",
        "hold": top.mitigation
        if n == 1
        else f"plan the migration off "
        f"{count(n, 'retired technology', 'retired technologies')} in {where}",
    }
    return sentences.get(group.category, f"act on {count(n, group.category + ' risk')} in {where}")


def evidence(group: Group) -> str:
    """The highest risk's title and evidence, and how many more the decision covers."""
    top = group.top
    said = f"{top.title} — {top.evidence.replace(' (Avelino et al.)', '')}"
    more = len(group.risks) - 1
    if more:
        others = listing([r.title for r in group.risks[1:]], keep=2)
        said += f"; and {count(more, 'more risk')} of this kind: {others}"
    return f"{said} (likelihood {top.likelihood}/5, impact {top.impact}/5)"
