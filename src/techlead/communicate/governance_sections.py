"""Sections about governance: inventory and radar, decisions, standards, risks.

Standards results and the risk register are the ones the last scan stored, so the report
and the dashboard show what ``techlead standards`` and ``techlead risk`` showed then.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import Any

from techlead.analyses import decisions
from techlead.analyses import portfolio as inventory
from techlead.communicate import charts
from techlead.communicate.model import TITLES, Scope, count
from techlead.core.model import Record, Section, Table, adr_ref
from techlead.decisions.radar_check import ADOPT_UNUSED, HOLD_IN_USE, NOT_ON_RADAR, blips_in_use
from techlead.decisions.radar_check import check as radar_check
from techlead.decisions.radar_render import picture
from techlead.risk import hand_kept
from techlead.risk.model import Risk
from techlead.risk.register import last_changes, latest
from techlead.risk.sources import hold_risks
from techlead.risk.vulns import advisory_risks
from techlead.standards.scorecard import by_team, latest_cards

_GIT_SHA = re.compile(r"\b[0-9a-f]{40}\b")  # a dependency pinned to a commit
NO_STATUS = "(none)"  # the status column of a decision record that states none


def inventory_section(scope: Scope) -> Section:
    repos = scope.repo_names()
    techs = inventory.technology_use(scope.con, repos)
    langs = inventory.language_shares(scope.con, repos)
    deps = inventory.dependency_counts(scope.con, repos)
    drift = inventory.drift(scope.con, repos)
    direct = sum(r.direct for r in deps)
    headline = (
        f"{count(len(techs), 'technology', 'technologies')} and "
        f"{count(len(langs), 'language')} in use; "
        f"{count(direct, 'direct dependency', 'direct dependencies')}; "
        f"{count(len(drift), 'dependency', 'dependencies')} pinned at more than one version."
    )
    return Section(
        "inventory",
        TITLES["inventory"],
        "What do we build with, and do the repositories agree on versions?",
        headline,
        tuple(t for t in (
            Table("Languages (average share of the lines of code)", ("language", "share", "repos"),
                  [(r.language, f"{r.share:.0%}", ", ".join(r.repos)) for r in langs]),
            Table("Technologies", ("technology", "category", "repos", "where"),
                  [(r.technology, r.category, len(r.repos), ", ".join(r.repos)) for r in techs]),
            Table("Dependencies per repository",
                  ("repo", "ecosystem", "direct", "transitive", "direct, unpinned"),
                  [tuple(r) for r in deps]),
            Table("Version drift: one dependency, several versions",
                  ("ecosystem", "dependency", "versions", "where"),
                  [(r.ecosystem, r.dependency, len(r.versions),
                    ", ".join(_GIT_SHA.sub(lambda m: m[0][:12], f"{repo} {version}")
                              for repo, version in r.where))
                   for r in drift[:40]], total=len(drift)),
        ) if t.rows),
    )  # fmt: skip


def radar_section(scope: Scope) -> Section:
    if scope.radar is None:
        return Section("radar", TITLES["radar"], "Do the repositories use what we allow?",
                       "No radar given (--radar FILE).")  # fmt: skip
    result = radar_check(scope.con, scope.radar, scope.repo_names())
    counts = Counter(r.finding for r in result.rows)
    held, missing, unused = counts[HOLD_IN_USE], counts[NOT_ON_RADAR], counts[ADOPT_UNUSED]
    headline = (
        f"{count(held, 'technology', 'technologies')} on {scope.radar.hold} "
        f"{'is' if held == 1 else 'are'} still in use, "
        f"{count(missing, 'technology', 'technologies')} in use {'is' if missing == 1 else 'are'} "
        f"not on the radar, {count(unused, 'adopted technology', 'adopted technologies')} "
        f"{'is' if unused == 1 else 'are'} unused."
    )
    rows = [(r.finding, r.technology, r.ring or "", ", ".join(r.repos), ", ".join(r.teams),
             f"{r.since:%Y-%m-%d}" if r.since else "") for r in result.rows]  # fmt: skip
    return Section(
        "radar",
        TITLES["radar"],
        "Do the repositories use what we allow?",
        headline,
        (Table("Radar check", ("finding", "technology", "ring", "repos", "teams", "since"),
               rows, "\n".join(result.notes)),) if rows else (),
        radar=picture(scope.radar, blips_in_use(scope.con, scope.radar, scope.repo_names())),
    )  # fmt: skip


def decisions_section(scope: Scope) -> Section:
    rows = decisions.records(scope.con, scope.repo_names())
    refs = [adr_ref(r.repo, r.path, f"{r.number or ''} {r.title}".strip()) for r in rows]
    table = [
        (r.repo, r.number, ref, r.status or NO_STATUS, f"{r.date:%Y-%m-%d}" if r.date else "",
         "; ".join(r.links))
        for r, ref in zip(rows, refs, strict=True)
    ]  # fmt: skip
    dated = [r for r in rows if r.date is not None]
    statuses = Counter(r.status or NO_STATUS for r in rows)
    headline = (
        f"{count(len(rows), 'decision')} recorded ("
        + ", ".join(f"{n:,} without a status" if s == NO_STATUS else f"{n:,} {s}"
                    for s, n in statuses.most_common())
        + (f"); the latest on {max(r.date for r in dated if r.date):%Y-%m-%d}." if dated
           else ").")
        if rows
        else "No architecture decision records in these repositories."
    )  # fmt: skip
    chart = (
        charts.timeline([f"{r.date:%Y-%m-%d}" for r in dated], [r.repo for r in dated],
                        [f"{r.number or ''} {r.title}".strip() for r in dated],
                        [r.status or NO_STATUS for r in dated])
        if dated else None
    )  # fmt: skip
    return Section(
        "decisions",
        TITLES["decisions"],
        "Which decisions were taken, when, and which still hold?",
        headline,
        (Table("Decision records", ("repo", "number", "title", "status", "date", "links"),
               table),) if table else (),
        chart,
        records=tuple(Record(ref, r.text or "") for ref, r in zip(refs, rows, strict=True)),
    )  # fmt: skip


def standards_section(scope: Scope) -> Section:
    repos = set(scope.repo_names())
    cards, when = latest_cards(scope.con)
    cards = [c for c in cards if c.repo in repos]
    if not cards:
        return Section("standards", TITLES["standards"], "Which standards hold where?",
                       "No standards results stored yet (run techlead scan).")  # fmt: skip
    checks = [o.check.id for o in cards[0].outcomes]
    passed = [[o.passed for o in c.outcomes] for c in cards]
    levels = Counter(c.level or "none" for c in cards)
    team_rows = [
        (team, lowest.level or "none", len(members),
         round(sum(c.score for c in members) / len(members), 1))
        for team, lowest, members in by_team(cards)
    ]  # fmt: skip
    failures = [
        (card.repo, o.check.id, o.check.level, o.evidence, o.check.fix)
        for card in cards for o in card.outcomes if o.passed is False
    ]  # fmt: skip
    taken = (
        f" (results of the scan of {when:%Y-%m-%d}{_filters_not_applied(scope, True)})"
        if when
        else ""
    )
    return Section(
        "standards",
        TITLES["standards"],
        "Which standards hold where, and what would it take to reach the next level?",
        f"{count(len(cards), 'repository', 'repositories')}: "
        + ", ".join(f"{n} below the first level" if lv == "none" else f"{n} at {lv}"
                    for lv, n in levels.most_common()) + taken + ".",
        (Table("Level per repository", ("repo", "team", "level", "score", "failing checks"),
               [(c.repo, c.team or "", c.level or "none", c.score,
                 sum(1 for o in c.outcomes if o.passed is False)) for c in cards]),
         Table("Level per team (the lowest of its repositories)",
               ("team", "level", "repositories", "average score"), team_rows),
         Table("Failures: evidence and how to fix", ("repo", "check", "level", "evidence", "fix"),
               failures)),
        charts.matrix([c.repo for c in cards], checks, passed),
        caption="✓ pass (green), ✗ fail (red), – not applicable (grey), per repository "
                "and check; the failures and how to fix them are listed below.",
    )  # fmt: skip


def scope_register(scope: Scope) -> tuple[list[Risk], datetime | None]:
    """The register the last scan stored, for the scope's repositories, with what a scan
    cannot know: the known vulnerabilities of their dependencies when OSV data was given,
    and the hold technologies still in use when a radar was; ranked like ``techlead
    risk``, and when it was stored. Computed once per page."""
    return scope.once("register", lambda: _register(scope))


def _register(scope: Scope) -> tuple[list[Risk], datetime | None]:
    repos = scope.repo_names()
    stored, when = latest(scope.con)
    merged = {r.id: r for r in stored if r.repo is None or r.repo in repos}
    if scope.advisories is not None:
        merged.update((r.id, r) for r in advisory_risks(scope.advisories, scope.con, repos))
    if scope.radar is not None:
        merged.update((r.id, r) for r in hold_risks(scope.con, scope.scoped(), scope.radar))
    ranked = [r for r in hand_kept.build(list(merged.values()), scope.hand_kept)
              if r.repo is None or r.repo in repos]  # fmt: skip
    if scope.options.components:  # only the risks of those components
        ranked = [r for r in ranked if r.component in scope.options.components]
    return ranked, when


def _filters_not_applied(scope: Scope, by_component: bool = False) -> str:
    """What a filtered page must say of results stored by a scan: a period filter never
    applies to them, a component filter to repository-wide results neither."""
    ignored = ["period"] if scope.options.since or scope.options.until else []
    if by_component and scope.options.components:
        ignored.append("component")
    if not ignored:
        return ""
    return f"; a {' or '.join(ignored)} filter does not apply to them"


def _by_repository(risks: list[Risk]) -> tuple[list[Risk], list[tuple[int, str]]]:
    """The risks grouped by repository (the repository of the highest risk first; risks
    of the whole workspace last), ranked within; and each group's heading."""
    order: dict[str, list[Risk]] = {}
    for risk in risks:
        order.setdefault(risk.repo or "", []).append(risk)
    grouped: list[Risk] = []
    headings: list[tuple[int, str]] = []
    for repo in sorted(order, key=lambda r: r == ""):
        kinds = Counter(r.category for r in order[repo]).most_common()
        listed = ", ".join(f"{n} {kind}" for kind, n in kinds)
        size = count(len(order[repo]), "risk")
        headings.append((len(grouped), f"{repo or 'whole workspace'}: {size} ({listed})"))
        grouped += order[repo]
    return grouped, headings


def _without_empty(
    columns: tuple[str, ...], rows: list[tuple[Any, ...]], optional: tuple[str, ...]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The columns and rows without those of ``optional`` that are empty in every row
    (no owners or review dates kept, no earlier register to compare with)."""
    keep = [i for i, c in enumerate(columns) if c not in optional or any(r[i] for r in rows)]
    return tuple(columns[i] for i in keep), [tuple(r[i] for i in keep) for r in rows]


def risks_section(scope: Scope) -> Section:
    risks, when = scope_register(scope)
    changes = last_changes(scope.con)
    cells: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
        cells.setdefault((risk.likelihood, risk.impact), []).append(risk.title)
    shown, groups = _by_repository(risks) if scope.several else (risks, [])
    # What to do comes right after what the risk is: on a narrow screen the columns that
    # matter most are the ones in view.
    rows = [
        (r.title, r.score, r.mitigation, r.status, r.owner or "", r.review or "",
         changes.get(r.id, ""), r.evidence, r.likelihood, r.impact, r.category,
         ", ".join(str(scope.file(f)) for f in r.files[:3]), r.id)
        for r in shown
    ]  # fmt: skip
    high_score = scope.policy.risk_high
    high = sum(1 for r in risks if r.score >= high_score)
    return Section(
        "risks",
        TITLES["risks"],
        "What could hurt us, how likely, how badly, and what to do about it?",
        (f"{count(len(risks), 'risk')}, {high or 'none'} of them high (likelihood × impact ≥ "
         f"{high_score})"
         + (f"; stored by the scan of {when:%Y-%m-%d}" if when else "")
         + ("; vulnerabilities checked against the OSV data given." if scope.advisories
            else "; vulnerabilities not checked (no OSV data given).")
         + (" A period filter does not apply: the register is as of that scan."
            if _filters_not_applied(scope) else "")
         + (f" Only the risks of {', '.join(scope.options.components)} are shown."
            if scope.options.components else "")),
        (Table("Risks, highest first" + (", by repository" if groups else ""),
               *_without_empty(("risk", "score", "what to do", "status", "owner", "review",
                                "since last scan", "evidence", "likelihood", "impact",
                                "category", "files", "id"), rows,
                               ("owner", "review", "since last scan")), groups=groups,
               filters=[f"{r.likelihood}x{r.impact}" for r in shown],
               note="status, owner and review come from risks.toml; since last scan: new, "
                    "worse or better than the register the scan before stored"),)
        if rows else (),
        charts.risk_heatmap(cells) if risks else None,
        caption=("Each cell counts the risks of that likelihood (1-5, up) and impact (1-5, "
                 "right); its colour is their score, likelihood × impact: pale green low, "
                 "pale yellow, amber, red high. A click on a cell lists only its risks."
                 if risks else ""),
    )  # fmt: skip
