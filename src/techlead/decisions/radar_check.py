"""The radar against reality: which technologies the repositories really use.

A blip matches a technology in use when their names compare equal after lower-casing
and dropping everything but letters, digits, ``+`` and ``#`` (radar.key), against the
technology's name or catalogue aliases (``technologies``), or against a dependency's name
(``dependencies``: "lodash" on the radar matches the npm package).

Findings (one row each):

* ``hold in use``: a blip on the hold ring that a repository uses, where (the evidence),
  since when (the earliest introducing commit of a matching dependency), which teams;
* ``not on radar``: a catalogue technology in use, or a language with at least 5% of a
  repository's code, that no blip names: a candidate to assess;
* ``adopt unused``: a blip on the first ring that no repository uses.

Per team (``repos.team``), a note gives compliance: the share of the technologies it
uses (as for ``not on radar``) that the radar names on a ring other than hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

import duckdb

from techlead.core.model import Entity, Result
from techlead.decisions.radar import Radar, key
from techlead.mining.technologies import catalogue

LANGUAGE_SHARE = 0.05  # languages below this share of a repository's code are not candidates


HOLD_IN_USE = "hold in use"  # a blip on the hold ring that a repository uses
NOT_ON_RADAR = "not on radar"  # a technology in use that no blip names
ADOPT_UNUSED = "adopt unused"  # a blip on the first ring that no repository uses


class RadarFinding(NamedTuple):
    finding: str  # HOLD_IN_USE | NOT_ON_RADAR | ADOPT_UNUSED
    technology: str
    ring: str | None
    repos: list[str]
    teams: list[str]
    evidence: list[Entity]  # the files that show the use
    since: datetime | None


_USED = """
SELECT r.name, coalesce(r.team, '(no team)'), t.name, t.evidence, NULL::TIMESTAMPTZ,
       t.category <> 'language' OR t.share >= $language_share AS candidate
FROM technologies t JOIN repos r USING (repo_id)
WHERE len($repos) = 0 OR list_contains($repos, r.name)
UNION ALL
SELECT r.name, coalesce(r.team, '(no team)'), d.name, d.manifest, d.introduced_at, FALSE
FROM dependencies d JOIN repos r USING (repo_id)
WHERE len($repos) = 0 OR list_contains($repos, r.name)
"""


Use = tuple[str, str, str | None, datetime | None]  # repo, team, evidence, since


class _Uses(NamedTuple):
    by_key: dict[str, list[Use]]  # every use, under radar.key of each name and alias
    technologies: set[str]  # technologies in use that could be on the radar
    per_team: dict[str, set[str]]  # the same, per team
    aliases: dict[str, list[str]]  # catalogue name -> its names


def _uses(con: duckdb.DuckDBPyConnection, repos: Sequence[str]) -> _Uses:
    aliases = {t.name: [t.name, *t.aliases] for t in catalogue()}
    uses: dict[str, list[Use]] = defaultdict(list)
    technologies: set[str] = set()
    params = {"repos": list(repos), "language_share": LANGUAGE_SHARE}
    per_team: dict[str, set[str]] = defaultdict(set)
    for repo, team, name, evidence, since, candidate in con.execute(_USED, params).fetchall():
        for alias in aliases.get(name, [name]):
            uses[key(alias)].append((repo, team, evidence, since))
        if candidate:
            technologies.add(name)
            per_team[team].add(name)
    return _Uses(uses, technologies, per_team, aliases)


def blips_in_use(
    con: duckdb.DuckDBPyConnection, radar: Radar, repos: Sequence[str] = ()
) -> frozenset[str]:
    """The names (radar.key) of the blips a repository uses, matched as ``check`` matches
    them; those on the hold ring are the ``hold in use`` findings."""
    uses = _uses(con, repos).by_key
    return frozenset(key(b.name) for b in radar.blips if uses.get(key(b.name)))


def check(
    con: duckdb.DuckDBPyConnection, radar: Radar, repos: Sequence[str] = ()
) -> Result[RadarFinding]:
    uses, technologies, per_team, aliases = _uses(con, repos)
    rows: list[RadarFinding] = []
    blip_keys = {key(b.name) for b in radar.blips}
    for blip in sorted(radar.blips, key=lambda b: key(b.name)):
        found = uses.get(key(blip.name), [])
        if blip.ring == radar.hold and found:
            dates = [s for *_, s in found if s is not None]
            first = min(dates) if dates else None
            rows.append(RadarFinding(HOLD_IN_USE, blip.name, blip.ring, *_where(found), first))
        elif blip.ring == radar.rings[0] and not found:
            rows.append(RadarFinding(ADOPT_UNUSED, blip.name, blip.ring, [], [], [], None))
    for name in sorted(technologies):
        if not any(key(alias) in blip_keys for alias in aliases.get(name, [name])):
            rows.append(RadarFinding(NOT_ON_RADAR, name, None, *_where(uses[key(name)]), None))
    order = {HOLD_IN_USE: 0, NOT_ON_RADAR: 1, ADOPT_UNUSED: 2}
    rows.sort(key=lambda r: (order[r.finding], r.technology.lower()))
    return Result.of("radar-check", RadarFinding, rows, _compliance(radar, per_team, aliases))


def _where(
    found: list[tuple[str, str, str | None, datetime | None]],
) -> tuple[list[str], list[str], list[Entity]]:
    """(repos, teams, evidence files printed as repo:path) of the uses of one technology."""
    return (
        sorted({repo for repo, *_ in found}),
        sorted({team for _, team, *_ in found}),
        sorted({Entity(repo, evidence, True) for repo, _, evidence, _ in found if evidence}),
    )


def _compliance(
    radar: Radar, per_team: dict[str, set[str]], aliases: dict[str, list[str]]
) -> list[str]:
    rings = {key(b.name): b.ring for b in radar.blips}
    notes = []
    for team in sorted(per_team):
        used = per_team[team]
        ring_of = {n: next((rings[key(a)] for a in aliases.get(n, [n]) if key(a) in rings), None)
                   for n in used}  # fmt: skip
        on_radar = [n for n, ring in ring_of.items() if ring is not None]
        held = [n for n, ring in ring_of.items() if ring == radar.hold]
        compliant = len(on_radar) - len(held)
        notes.append(
            f"team {team}: {compliant} of {len(used)} technologies in use are on the radar "
            f"outside {radar.hold} ({compliant / len(used):.0%}); {len(held)} on {radar.hold}"
        )
    return notes
