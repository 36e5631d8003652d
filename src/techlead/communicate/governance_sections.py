"""Sections about governance: inventory and radar, decisions, standards, risks.

Standards results and the risk register are the ones the last scan stored, so the report
and the dashboard show what ``techlead standards`` and ``techlead risk`` showed then.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import datetime

from markupsafe import Markup

from techlead.communicate import charts
from techlead.communicate.model import (
    TITLES,
    Ref,
    Scope,
    Section,
    Table,
    adr_ref,
    anchor,
    count,
    risk_file_ref,
)
from techlead.decisions.radar_check import check as radar_check
from techlead.decisions.radar_render import radar_parts
from techlead.render.safe_markdown import record_html
from techlead.risk.model import Risk
from techlead.risk.register import latest
from techlead.risk.sources import hold_risks
from techlead.risk.vulns import advisory_risks
from techlead.standards.scorecard import by_team, latest_cards

TECH_SQL = """
SELECT t.name, t.category, count(DISTINCT t.repo_id) AS repos, string_agg(DISTINCT r.name, ', ')
FROM technologies t JOIN repos r USING (repo_id)
WHERE list_contains($repos, r.name) AND t.category <> 'language'
GROUP BY ALL ORDER BY repos DESC, t.name
"""

# The average over every repository in scope (a language a repository lacks is 0% there).
LANG_SQL = """
SELECT t.name, round(sum(t.share) / len($repos), 3), string_agg(DISTINCT r.name, ', ')
FROM technologies t JOIN repos r USING (repo_id)
WHERE list_contains($repos, r.name) AND t.category = 'language' AND t.share >= 0.01
GROUP BY ALL ORDER BY 2 DESC, 1
"""

DRIFT_SQL = """
SELECT d.ecosystem, d.name, count(DISTINCT d.version) AS versions,
       string_agg(DISTINCT r.name || ' ' || d.version, ', ' ORDER BY r.name || ' ' || d.version)
FROM dependencies d JOIN repos r USING (repo_id)
WHERE list_contains($repos, r.name) AND d.direct AND d.version IS NOT NULL
GROUP BY ALL
-- drift is between manifests: one lockfile may pin two versions for two Python versions
HAVING count(DISTINCT d.version) > 1 AND count(DISTINCT (r.name, d.manifest)) > 1
ORDER BY versions DESC, 1, 2
"""

DEPS_SQL = """
SELECT r.name, d.ecosystem, count(*) FILTER (d.direct), count(*) FILTER (NOT d.direct),
       count(*) FILTER (d.direct AND d.lockfile IS NULL AND d.version IS NULL)
FROM dependencies d JOIN repos r USING (repo_id)
WHERE list_contains($repos, r.name) GROUP BY ALL ORDER BY 1, 2
"""


_GIT_SHA = re.compile(r"\b[0-9a-f]{40}\b")  # a dependency pinned to a commit


def inventory_section(scope: Scope) -> Section:
    repos = scope.repo_names()
    params = {"repos": repos}
    techs = scope.con.execute(TECH_SQL, params).fetchall()
    langs = scope.con.execute(LANG_SQL, params).fetchall()
    deps = scope.con.execute(DEPS_SQL, params).fetchall()
    drift = scope.con.execute(DRIFT_SQL, params).fetchall()
    direct = sum(r[2] for r in deps)
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
                  [(n, f"{s:.0%}", where) for n, s, where in langs]),
            Table("Technologies", ("technology", "category", "repos", "where"), techs),
            Table("Dependencies per repository",
                  ("repo", "ecosystem", "direct", "transitive", "direct, unpinned"), deps),
            Table("Version drift: one dependency, several versions",
                  ("ecosystem", "dependency", "versions", "where"),
                  [(*r[:3], _GIT_SHA.sub(lambda m: m[0][:12], str(r[3]))) for r in drift[:40]]),
        ) if t.rows),
    )  # fmt: skip


def radar_section(scope: Scope) -> Section:
    if scope.radar is None:
        return Section("radar", TITLES["radar"], "Do the repositories use what we allow?",
                       "No radar given (--radar FILE).")  # fmt: skip
    result = radar_check(scope.con, scope.radar, scope.repo_names())
    counts = Counter(str(r[0]) for r in result.rows)
    svg, legend = radar_parts(scope.radar)
    held, missing, unused = counts["hold in use"], counts["not on radar"], counts["adopt unused"]
    headline = (
        f"{count(held, 'technology', 'technologies')} on {scope.radar.hold} "
        f"{'is' if held == 1 else 'are'} still in use, "
        f"{count(missing, 'technology', 'technologies')} in use {'is' if missing == 1 else 'are'} "
        f"not on the radar, {count(unused, 'adopted technology', 'adopted technologies')} "
        f"{'is' if unused == 1 else 'are'} unused."
    )
    rows = [(kind, name, ring or "", ", ".join(repos), ", ".join(teams),
             f"{since:%Y-%m-%d}" if since else "") for kind, name, ring, repos, teams, _e, since
            in result.rows]  # fmt: skip
    return Section(
        "radar",
        TITLES["radar"],
        "Do the repositories use what we allow?",
        headline,
        (Table("Radar check", ("finding", "technology", "ring", "repos", "teams", "since"),
               rows, "\n".join(result.notes)),) if rows else (),
        extra_html=f'<div class="radar">{svg}</div><div class="legend">{legend}</div>',
    )  # fmt: skip


def decisions_section(scope: Scope) -> Section:
    repos = scope.repo_names()
    rows = scope.con.execute(
        "SELECT r.name, d.number, d.title, coalesce(d.status, '(none)'), d.date, d.links, d.path, "
        "d.text FROM decisions d JOIN repos r USING (repo_id) WHERE list_contains($repos, r.name) "
        "ORDER BY d.date NULLS LAST, r.name, d.number",
        {"repos": repos},
    ).fetchall()
    table = [
        (repo, number, adr_ref(repo, path, f"{number or ''} {title}".strip()), status,
         f"{when:%Y-%m-%d}" if when else "", "; ".join(links))
        for repo, number, title, status, when, links, path, _ in rows
    ]  # fmt: skip
    dated = [r for r in rows if r[4] is not None]
    statuses = Counter(r[3] for r in rows)
    headline = (
        f"{count(len(rows), 'decision')} recorded ("
        + ", ".join(f"{n} {s}" for s, n in statuses.most_common())
        + (f"); the latest on {max(r[4] for r in dated):%Y-%m-%d}." if dated else ").")
        if rows
        else "No architecture decision records in these repositories."
    )
    chart = (
        charts.timeline([f"{r[4]:%Y-%m-%d}" for r in dated], [r[0] for r in dated],
                        [f"{r[1] or ''} {r[2]}".strip() for r in dated], [r[3] for r in dated])
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
        appendix="".join(_record_text(ref, row[7]) for ref, row in zip(
            (r[2] for r in table), rows, strict=True)),
    )  # fmt: skip


def _record_text(ref: Ref, text: str | None) -> str:
    """The record itself, folded: markdown rendered with raw HTML off, then sanitised."""
    summary = Markup("<summary>{} · {}</summary>").format(ref.params[0][1], ref.label)
    return f'<details class="adr-text" id="{anchor(ref)}">{summary}{record_html(text)}</details>'


def standards_section(scope: Scope) -> Section:
    repos = set(scope.repo_names())
    cards, when = latest_cards(scope.con)
    cards = [c for c in cards if c.repo in repos]
    if not cards:
        return Section("standards", TITLES["standards"], "Which standards hold where?",
                       "No standards results stored yet (run techlead scan).")  # fmt: skip
    checks = [o.check.id for o in cards[0].outcomes]
    values: list[list[float | None]] = [
        [None if o.passed is None else float(o.passed) for o in c.outcomes] for c in cards
    ]
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
        charts.matrix([c.repo for c in cards], checks, values),
    )  # fmt: skip


def scope_register(scope: Scope) -> tuple[list[Risk], datetime | None]:
    """The register the last scan stored, for the scope's repositories, with what a scan
    cannot know: the known vulnerabilities of their dependencies when OSV data was given,
    and the hold technologies still in use when a radar was; ranked like ``techlead
    risk``, and when it was stored."""
    repos = scope.repo_names()
    stored, when = latest(scope.con)
    merged = {r.id: r for r in stored if r.repo is None or r.repo in repos}
    if scope.advisories is not None:
        merged.update((r.id, r) for r in advisory_risks(scope.advisories, scope.con, repos))
    if scope.radar is not None:
        options = replace(scope.options, repos=tuple(repos))
        merged.update((r.id, r) for r in hold_risks(scope.con, options, scope.radar))
    ranked = sorted(merged.values(), key=lambda r: (-r.score, -r.likelihood, r.id))
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


def risks_section(scope: Scope) -> Section:
    repos = set(scope.repo_names())
    risks, when = scope_register(scope)
    cells: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
        cells.setdefault((risk.likelihood, risk.impact), []).append(risk.title)
    # What to do comes right after what the risk is: on a narrow screen the columns that
    # matter most are the ones in view.
    shown = sorted(repos)
    rows = [
        (r.title, r.score, r.mitigation, r.evidence, r.likelihood, r.impact, r.category,
         r.repo or "", ", ".join(str(risk_file_ref(r.repo, f, shown)) for f in r.files[:3]),
         r.id)
        for r in risks
    ]  # fmt: skip
    high = sum(1 for r in risks if r.score >= 15)
    return Section(
        "risks",
        TITLES["risks"],
        "What could hurt us, how likely, how badly, and what to do about it?",
        (f"{count(len(risks), 'risk')}, {high} of them high (likelihood × impact ≥ 15)"
         + (f"; stored by the scan of {when:%Y-%m-%d}" if when else "")
         + ("; vulnerabilities checked against the OSV data given." if scope.advisories
            else "; vulnerabilities not checked (no OSV data given).")
         + (" A period filter does not apply: the register is as of that scan."
            if _filters_not_applied(scope) else "")
         + (f" Only the risks of {', '.join(scope.options.components)} are shown."
            if scope.options.components else "")),
        (Table("Risks, highest first", ("risk", "score", "what to do", "evidence",
               "likelihood", "impact", "category", "repo", "files", "id"), rows),)
        if rows else (),
        charts.risk_heatmap(cells) if risks else None,
    )  # fmt: skip
