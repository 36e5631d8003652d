"""Declared ownership of components against the measured one (``techlead align --view
ownership``).

**Declared** owners come from the texts the scan captured at HEAD: Backstage
``catalog-info.yaml`` files (every YAML document with a ``spec.owner``; a file in folder
F declares the owner of the files under F, the deepest one winning; entity references
``[kind:][namespace/]name``: a ``group`` is the techlead.toml team of that name, a ``user``
the person of that handle, an e-mail that person) and, where no catalog file covers a
file, the CODEOWNERS rules that decide it (techlead.core.codeowners; owners resolved as
``techlead codeowners check`` resolves them). A component's declared owner is the one
declared for most of its files at HEAD (files without one count as a vote for none).

**Measured**: knowledge scores over the component's files (techlead.analyses.expertise):
the team holding the most (people outside every team count as "(no team)"), the person
holding the most, and the declared owners' share. State: **held** when the declared owners
hold at least half of its knowledge, **drifted** when they hold less, **undeclared** when
nothing declares an owner for most of its files.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

import duckdb
import yaml

from techlead.analyses.codeowners import files_of
from techlead.analyses.codeowners_people import people_of
from techlead.analyses.entity import named
from techlead.analyses.expertise import HALF_LIFE_DAYS, SCORE
from techlead.core import codeowners
from techlead.core.globs import GlobError
from techlead.core.model import Entity, Options, Result
from techlead.mining.policy_documents import CATALOG_INFO

DRIFT_SHARE = 0.5
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class OwnershipRow(NamedTuple):
    component: Entity
    declared: list[str]
    source: str  # catalog-info | CODEOWNERS | none
    declared_share: float | None  # % of the component's knowledge held by them
    measured_team: str | None
    team_share: float | None
    top_person: str | None
    state: str  # held | drifted | undeclared


Owners = dict[int, list[tuple[str, str]]]  # per repo_id: (folder, owner reference)


def catalog_owners(con: duckdb.DuckDBPyConnection,
                   repo_ids: list[int]) -> tuple[Owners, list[str]]:  # fmt: skip
    """Per repository, (folder, owner reference) of every catalog entity, deepest folder
    first; and one warning per file that is not YAML."""
    rows = con.execute(
        "SELECT t.repo_id, r.name, t.path, t.text FROM file_texts t JOIN repos r USING (repo_id) "
        "WHERE regexp_full_match(t.path, $pattern) AND list_contains($ids, t.repo_id) "
        "ORDER BY t.repo_id, t.path",
        {"pattern": f"(?i){CATALOG_INFO}", "ids": repo_ids},
    ).fetchall()
    found: dict[int, list[tuple[str, str]]] = {}
    warnings = []
    for repo_id, repo, path, text in rows:
        folder = path.rpartition("/")[0] + "/" if "/" in path else ""
        try:
            documents = list(yaml.load_all(text, Loader=_SAFE_LOADER))
        except (yaml.YAMLError, ValueError, TypeError, RecursionError):
            warnings.append(f"{repo}:{path}: not valid YAML; its owners are not read")
            continue
        for doc in documents:
            spec = doc.get("spec") if isinstance(doc, dict) else None
            owner = spec.get("owner") if isinstance(spec, dict) else None
            if isinstance(owner, str) and owner.strip():
                found.setdefault(int(repo_id), []).append((folder, owner.strip()))
    for entries in found.values():
        entries.sort(key=lambda e: -len(e[0]))
    return found, warnings


def _as_codeowner(reference: str) -> str:
    """A catalog entity reference as the owner CODEOWNERS would write."""
    if "@" in reference and not reference.startswith("@"):
        return reference  # an e-mail
    kind, _, rest = reference.rpartition(":")
    name = rest.rpartition("/")[2]
    return f"@{name}" if kind.lower() == "user" else f"@catalog/{name}"


def _declared(
    con: duckdb.DuckDBPyConnection, options: Options
) -> dict[tuple[int, str], tuple[tuple[str, ...], str]]:
    """Per file (repo_id, path) at HEAD: its declared owners and where they are declared."""
    ids = [int(r) for (r,) in con.execute("SELECT DISTINCT repo_id FROM analysis_files").fetchall()]
    catalog, _ = catalog_owners(con, ids)
    owners_files = {doc.repo_id: doc for doc in files_of(con, options)}
    found: dict[tuple[int, str], tuple[tuple[str, ...], str]] = {}
    for repo_id, path in con.execute("SELECT repo_id, path FROM analysis_files").fetchall():
        entry = next((o for f, o in catalog.get(repo_id, []) if path.startswith(f)), None)
        if entry is not None:
            found[repo_id, path] = ((entry,), "catalog-info")
            continue
        doc = owners_files.get(repo_id)
        if doc is not None:
            deciding = codeowners.owners_of(doc.rules, path)
            owners = tuple(sorted({o for rule in deciding for o in rule.owners}))
            if owners:
                found[repo_id, path] = (owners, "CODEOWNERS")
    return found


_SCORES = """
SELECT h.repo_id, h.repo, h.path, any_value(f.component), h.author_id, any_value(h.author),
       any_value(h.team), sum({score})
FROM {table} h JOIN analysis_files f USING (repo_id, path)
GROUP BY h.repo_id, h.repo, h.path, h.author_id
"""


def ownership(con: duckdb.DuckDBPyConnection, options: Options, table: str,
              now: Any) -> Result[OwnershipRow]:  # fmt: skip
    """The declared and measured owners of every component (analysis_files and the
    prepared history ``table`` must exist)."""
    declared = _declared(con, options)
    ids = [int(r) for (r,) in con.execute("SELECT DISTINCT repo_id FROM analysis_files").fetchall()]
    _, warnings = catalog_owners(con, ids)
    scores = con.execute(_SCORES.format(table=table, score=SCORE),
                         {"now": now, "h": HALF_LIFE_DAYS}).fetchall()  # fmt: skip
    components: dict[tuple[int, str, str], list[tuple[str, int, str, str, float]]] = {}
    for repo_id, repo, path, component, author_id, person, team, score in scores:
        components.setdefault((repo_id, repo, component), []).append(
            (path, author_id, person, team, score)
        )
    files = con.execute("SELECT repo_id, repo, component, path FROM analysis_files").fetchall()
    by_component: dict[tuple[int, str, str], list[str]] = {}
    for repo_id, repo, component, path in files:
        by_component.setdefault((repo_id, repo, component), []).append(path)
    several = len({repo for _, repo, _ in by_component}) > 1
    ordered = sorted(by_component.items(), key=lambda kv: (kv[0][1], kv[0][2]))
    rows = [_row(con, key, paths, components.get(key, []), declared, several)
            for key, paths in ordered]  # fmt: skip
    states = Counter(r.state for r in rows)
    notes = [*warnings, f"of {len(rows)} components: {states['held']} held by their declared "
             f"owners, {states['drifted']} drifted (the declared owners hold less than half "
             f"of the knowledge), {states['undeclared']} with no declared owner"]  # fmt: skip
    return Result.of("align", OwnershipRow, rows[: options.limit], notes)


def _row(con: duckdb.DuckDBPyConnection, key: tuple[int, str, str], paths: list[str],
         scored: list[tuple[str, int, str, str, float]],
         declared: dict[tuple[int, str], tuple[tuple[str, ...], str]],
         several: bool) -> OwnershipRow:  # fmt: skip
    repo_id, repo, component = key
    votes = Counter(declared.get((repo_id, p), ((), "none")) for p in paths)
    owners, source = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    total = sum(s for *_, s in scored)
    people: set[int] = set()
    for owner in owners:
        ref = _as_codeowner(owner) if source == "catalog-info" else owner
        try:
            people |= people_of(con, repo_id, ref)
        except GlobError:
            continue
    mine = sum(s for _, author, _, _, s in scored if author in people)
    teams: Counter[str] = Counter()
    persons: Counter[str] = Counter()
    for _, _, person, their_team, score in scored:
        teams[their_team] += score  # type: ignore[assignment]
        persons[person] += score  # type: ignore[assignment]
    team: str | None = max(sorted(teams), key=lambda t: teams[t], default=None)
    top: str | None = max(sorted(persons), key=lambda p: persons[p], default=None)
    share = round(100 * mine / total, 1) if total and owners else None
    return OwnershipRow(
        named(repo, component, several),
        list(owners),
        source,
        share,
        team,
        round(100 * teams[team] / total, 1) if team and total else None,
        top,
        "undeclared" if not owners else
        "drifted" if share is None or share < 100 * DRIFT_SHARE else "held",
    )  # fmt: skip
