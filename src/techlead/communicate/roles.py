"""The sections each role sees first, and what it leaves out (docs/roles.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from techlead.communicate import alignment_sections as alignment
from techlead.communicate import code_sections as code
from techlead.communicate import governance_sections as governance
from techlead.communicate import people_sections as people
from techlead.communicate.culture_section import culture_section
from techlead.communicate.delivery_section import delivery_section
from techlead.communicate.goals_section import goals_section
from techlead.communicate.health_section import health_section
from techlead.communicate.model import Scope
from techlead.communicate.review_section import review_section
from techlead.communicate.roadmap_chart import roadmap_section
from techlead.communicate.trends import with_trends
from techlead.communicate.work_section import work_section
from techlead.core.errors import CommunicateError
from techlead.core.model import Section

BUILDERS: dict[str, Callable[[Scope], Section]] = {
    "overview": code.overview,
    "risks": governance.risks_section,
    "hotspots": code.hotspot_section,
    "health": health_section,
    "complexity": code.complexity_section,
    "coupling": code.coupling_section,
    "architecture": code.architecture_section,
    "knowledge": people.knowledge_section,
    "loss": people.loss_section,
    "mentoring": people.mentoring_section,
    "skills": alignment.skills_section,
    "teams": people.teams_section,
    "rollup": alignment.rollup_section,
    "alignment": alignment.alignment_section,
    "culture": culture_section,
    "profiles": alignment.profiles_section,
    "inventory": governance.inventory_section,
    "radar": governance.radar_section,
    "decisions": governance.decisions_section,
    "standards": governance.standards_section,
    "roadmap": roadmap_section,
    "goals": goals_section,
    "delivery": delivery_section,
    "review": review_section,
    "work": work_section,
}


@dataclass(frozen=True)
class Role:
    name: str
    title: str  # "a CTO"
    sections: tuple[str, ...]  # shown, in this order; the others are left out
    level: str = "file"  # where its decisions are taken: repository, component or file


ROLES: dict[str, Role] = {
    role.name: role
    for role in (
        Role("cto", "a CTO",
             ("risks", "goals", "rollup", "delivery", "work", "radar", "standards", "review",
              "loss", "knowledge", "culture", "inventory", "overview", "hotspots", "health",
              "decisions", "roadmap"),
             "repository"),
        Role("vp-engineering", "a VP of Engineering",
             ("risks", "goals", "rollup", "standards", "review", "loss", "teams", "knowledge",
              "culture", "skills", "overview", "hotspots", "radar"), "repository"),
        Role("director", "an engineering director",
             ("rollup", "standards", "review", "risks", "goals", "teams", "loss", "knowledge",
              "culture", "skills", "overview", "hotspots", "decisions"), "repository"),
        Role("executive", "an executive",
             ("risks", "goals", "standards", "loss", "overview"), "repository"),
        Role("engineering-manager", "an engineering manager",
             ("rollup", "knowledge", "loss", "mentoring", "skills", "culture", "profiles",
              "goals", "roadmap", "delivery", "work", "risks", "teams", "standards", "review",
              "hotspots", "health", "overview"),
             "component"),
        Role("tech-lead", "a tech lead",
             ("hotspots", "health", "complexity", "coupling", "knowledge", "mentoring", "risks",
              "standards", "review", "decisions", "inventory", "overview")),
        Role("staff-engineer", "a staff engineer",
             ("hotspots", "health", "coupling", "complexity", "architecture", "knowledge",
              "risks",
              "decisions", "inventory", "overview")),
        Role("principal-engineer", "a principal engineer",
             ("architecture", "decisions", "roadmap", "radar", "alignment", "hotspots",
              "health", "complexity", "inventory", "coupling", "risks", "standards",
              "overview")),
        Role("architect", "an architect",
             ("architecture", "decisions", "roadmap", "coupling", "alignment", "radar",
              "inventory", "hotspots", "health", "teams", "overview")),
        Role("tpm", "a technical program manager",
             ("rollup", "roadmap", "goals", "delivery", "work",
              "teams", "alignment", "architecture",
              "inventory", "risks", "decisions", "loss", "overview"),
             "component"),
    )
}  # fmt: skip

ALL_SECTIONS = tuple(BUILDERS)


def role(name: str | None) -> Role | None:
    if name is None:
        return None
    try:
        return ROLES[name]
    except KeyError:
        raise CommunicateError(
            f"unknown role {name!r} (valid roles are: {', '.join(ROLES)})"
        ) from None


def section_ids(chosen: Role | None) -> tuple[str, ...]:
    return chosen.sections if chosen else ALL_SECTIONS


def build(scope: Scope, ids: tuple[str, ...]) -> list[Section]:
    """The sections, each with the trends of its metrics (communicate/trends.py)."""
    return [with_trends(scope, BUILDERS[i](scope)) for i in ids]
