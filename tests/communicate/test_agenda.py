"""Decisions at the reader's level (communicate/agenda.py, docs/roles.md).

A register of six risks (score = likelihood × impact), ranked:
  truck-factor  shop:src   4×5 = 20  people Alice
  truck-factor  shop:lib   4×4 = 16  people Alice, Bob
  lockfile      shop web/a/package.json  (component web)  3×3 = 9
  lockfile      shop web/b/package.json  (component web)  3×3 = 9
  lockfile      shop api/package.json    (component api)  3×3 = 9
  truck-factor  blog:app   3×3 = 9   people Carol (accepted in risks.toml)
"""

from __future__ import annotations

from techlead.communicate import agenda
from techlead.core.model import Entity
from techlead.core.policy import Policy
from techlead.risk.model import Risk

POLICY = Policy()


def risk(
    category: str, repo: str, component: str, likelihood: int, impact: int, **more: object
) -> Risk:
    base: dict[str, object] = {
        "id": f"{category}:{repo}:{component}:{more.get('file', '')}",
        "category": category,
        "title": f"{category} in {repo}:{component}",
        "repo": repo,
        "component": component,
        "files": (Entity(repo, str(more["file"])),) if "file" in more else (),
        "likelihood": likelihood,
        "impact": impact,
        "rule": "",
        "evidence": f"evidence of {component}",
        "mitigation": f"fix {component}",
    }
    base.update({k: v for k, v in more.items() if k != "file"})
    return Risk(**base)  # type: ignore[arg-type]


REGISTER = [
    risk("truck-factor", "shop", "src", 4, 5, people=("Alice",), truck_factor=1),
    risk("truck-factor", "shop", "lib", 4, 4, people=("Alice", "Bob"), truck_factor=2),
    risk("lockfile", "shop", "web", 3, 3, file="web/a/package.json"),
    risk("lockfile", "shop", "web", 3, 3, file="web/b/package.json"),
    risk("lockfile", "shop", "api", 3, 3, file="api/package.json"),
    risk("truck-factor", "blog", "app", 3, 3, people=("Carol",), status="accepted",
         owner="cto@example.com", review="2027-01-31"),
]  # fmt: skip


def places(level: str) -> list[tuple[str, str, int]]:
    return [(g.category, g.place, len(g.risks)) for g in agenda.groups(REGISTER, level)]


def test_groups_at_each_level() -> None:
    # The accepted risk is never a decision, at any level.
    assert len(places("file")) == 5
    assert places("component") == [
        ("truck-factor", "shop:src", 1), ("truck-factor", "shop:lib", 1),
        ("lockfile", "shop:web", 2), ("lockfile", "shop:api", 1),
    ]  # fmt: skip
    assert places("repository") == [("truck-factor", "shop", 2), ("lockfile", "shop", 3)]


def test_titles_at_each_level() -> None:
    [src, _, web, _] = agenda.groups(REGISTER, "component")
    # One risk of a component keeps its own mitigation; two lockfiles of web are one.
    assert agenda.title(src, "component") == "fix src"
    assert agenda.title(web, "component") == (
        "commit lockfiles for 2 dependency lists in web of shop (web/a/package.json and "
        "web/b/package.json)"
    )
    [people, locks] = agenda.groups(REGISTER, "repository")
    assert agenda.title(people, "repository") == (
        "spread the knowledge of shop: lib and src depend on Alice and Bob; pair each with "
        "another developer, highest risk first"
    )
    assert agenda.title(locks, "repository") == (
        "commit lockfiles for 3 dependency lists in shop (web/a/package.json, "
        "web/b/package.json and api/package.json)"
    )
    # Evidence: the highest risk's, and how many more of its kind the decision covers.
    assert agenda.evidence(people) == (
        "truck-factor in shop:src — evidence of src; and 1 more risk of this kind: "
        "truck-factor in shop:lib (likelihood 4/5, impact 5/5)"
    )


def test_a_red_light_is_answered_first() -> None:
    # Dependencies red needs a serious known vulnerability: add one scoring 3×5 = 15
    # (below the truck factors) and a possibly affecting one scoring 4×5 = 20, which does
    # not turn the light red and so does not answer it.
    known = risk("vulnerability", "shop", "", 3, 5)
    maybe = risk("vulnerability", "blog", "", 4, 5, possible=True)
    register = sorted([*REGISTER, known, maybe], key=lambda r: -r.score)
    found = agenda.groups(register, "file")
    answering, rest = agenda.choose(found, ["Dependencies and security"], POLICY)
    assert [g.top.id for g in answering] == [known.id]
    # Then the highest of the rest, one of each kind first: a truck factor (20) and the
    # possibly affecting vulnerability is a kind already taken, so a lockfile (9) follows.
    assert [g.top.id for g in rest] == [REGISTER[0].id, REGISTER[2].id]


def test_why_a_red_light_has_no_decision() -> None:
    accepted = [r for r in REGISTER if r.status == "accepted"]
    assert agenda.unanswered("Knowledge", accepted, POLICY) == (
        "No decision proposed: truck-factor in blog:app is accepted by cto@example.com in "
        "risks.toml, to be reviewed on 2027-01-31."
    )
    assert agenda.unanswered("Code health", [], POLICY) == (
        "No decision proposed: no risk in the register stands behind it."
    )


def test_what_losing_people_costs() -> None:
    # Those who have left already are not a loss to come: they are said apart.
    from techlead.communicate.brief import _losing

    lib = risk("truck-factor", "shop", "lib", 4, 4, people=("Alice", "Bob"), gone=("Bob",),
               truck_factor=2)  # fmt: skip
    assert _losing(lib, "lib") == (
        "losing Alice would leave most of lib with nobody who knows it (Bob has left already)"
    )
    root = risk("truck-factor", "shop", "(root)", 4, 4, people=("Alice",), truck_factor=1)
    assert _losing(root, "(root)") == (
        "losing Alice would leave most of the top-level files with nobody who knows it"
    )
