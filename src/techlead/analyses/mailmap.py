"""mailmap: identities that are probably one person, as ``.mailmap`` lines to review.

Reads the authors' and co-authors' identities of the scanned repositories (after their own
``.mailmap`` and techlead's merging of one full name; bots left out) and pairs two people
when one of three rules holds:

* **name** — their names are the same once accents, case, punctuation and word order are
  dropped (``José García``, ``garcia, jose``), with two words or more;
* **email** — their e-mails have the same local part (``+tags`` dropped; GitHub no-reply
  addresses ``123+user@users.noreply.github.com`` count as ``user``) that is distinctive
  (seven characters or more, or holding a dot, dash, underscore or digit: ``chris@`` is
  many people) and not a role name such as ``info`` or ``admin``, their e-mails differ, and
  their names share a word other than that local part (two people called Alex both write
  ``alex@``) or are the same once normalised;
* **placeholder** — one e-mail is a placeholder (``none@none``, ``user@localhost`` ...)
  and the other person changed at least half of the files the first changed, in a period
  overlapping theirs, and their names share a word.

The canonical person of a pair is the one with more commits (never a placeholder); the
proper name is the one of the two names with more words (the canonical's on a tie), the
proper e-mail the canonical's. Each of the other person's identities gets one line
``Proper Name <proper e-mail> Alias Name <alias e-mail>``, except an identity the
canonical person has too.
Sorted by canonical person, then alias.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import duckdb

from techlead.analyses.base import Analysis, NoParams
from techlead.core.emails import is_placeholder_email
from techlead.core.model import Options, Result

ROLE_LOCAL_PARTS = frozenset(
    [
        "info",
        "admin",
        "root",
        "mail",
        "contact",
        "dev",
        "devel",
        "developer",
        "git",
        "github",
        "noreply",
        "no-reply",
        "user",
        "support",
        "team",
        "test",
        "webmaster",
        "hello",
        "office",
        "me",
        "build",
        "ci",
    ]
)
NOREPLY = re.compile(r"^(?:\d+\+)?(?P<user>[^@]+)@users\.noreply\.github\.com$", re.I)


class MailmapRow(NamedTuple):
    canonical: str  # "Name <email>"
    alias: str
    rule: str  # name | email | placeholder
    evidence: str
    line: str  # the .mailmap line


@dataclass(frozen=True)
class _Person:
    person_id: int
    name: str
    email: str
    commits: int
    first: datetime
    last: datetime
    identities: tuple[tuple[str, str], ...]


def name_key(name: str) -> str | None:
    """Accents, case, punctuation and word order dropped; None under two words."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = sorted(re.sub(r"[^\w\s]|_", " ", plain.casefold()).split())
    return " ".join(words) if len(words) >= 2 else None


def local_part(email: str) -> str | None:
    """The comparable local part of an e-mail, or None when it says nothing of a person."""
    found = NOREPLY.match(email)
    local = found.group("user") if found else email.partition("@")[0].partition("+")[0]
    local = local.casefold()
    if is_placeholder_email(email.casefold()) or local in ROLE_LOCAL_PARTS:
        return None
    distinctive = len(local) >= 7 or re.search(r"[._\-0-9]", local)
    return local if distinctive else None  # chris@, matt@: many people


def _words(name: str) -> set[str]:
    key = name_key(name + " x") or ""
    return {w for w in key.split() if len(w) >= 3}


def _names_meet(a: _Person, b: _Person, local: str = "") -> bool:
    """The names share a word (not the e-mails' common local part: two people called Alex
    both write alex@), or are the same once normalised."""
    if name_key(a.name) is not None and name_key(a.name) == name_key(b.name):
        return True
    return bool((_words(a.name) & _words(b.name)) - {local})


_PEOPLE = """
SELECT i.person_id, any_value(w.name), any_value(w.email), any_value(w.commits),
       any_value(w.first_commit_at), any_value(w.last_commit_at),
       list(DISTINCT {'name': i.name, 'email': i.email})
FROM identities i JOIN persons w USING (person_id) JOIN repos r USING (repo_id)
WHERE NOT w.is_bot AND (list_contains(i.roles, 'author') OR list_contains(i.roles, 'co-author'))
  AND (len($repos) = 0 OR list_contains($repos, r.name))
GROUP BY i.person_id
"""


def _people(con: duckdb.DuckDBPyConnection, options: Options) -> list[_Person]:
    rows = con.execute(_PEOPLE, {"repos": list(options.repos)}).fetchall()
    return [
        _Person(pid, name, email, commits or 0, first, last,
                tuple(sorted((i["name"], i["email"]) for i in identities)))
        for pid, name, email, commits, first, last, identities in rows
    ]  # fmt: skip


def _files(con: duckdb.DuckDBPyConnection, ids: set[int]) -> dict[int, set[tuple[int, str]]]:
    rows = con.execute(
        "SELECT DISTINCT c.author_id, fc.repo_id, fc.path FROM file_changes fc "
        "JOIN commits c USING (repo_id, sha) WHERE list_contains($ids, c.author_id)",
        {"ids": sorted(ids)},
    ).fetchall()
    found: dict[int, set[tuple[int, str]]] = {}
    for pid, repo_id, path in rows:
        found.setdefault(pid, set()).add((repo_id, path))
    return found


def pairs(
    people: list[_Person], files: dict[int, set[tuple[int, str]]]
) -> list[tuple[_Person, _Person, str, str]]:
    """(canonical, alias, rule, evidence) for every pair the rules join."""
    found: dict[frozenset[int], tuple[_Person, _Person, str, str]] = {}

    def add(a: _Person, b: _Person, rule: str, evidence: str) -> None:
        key = frozenset((a.person_id, b.person_id))
        if a.person_id != b.person_id and key not in found:
            canonical, alias = _order(a, b)
            found[key] = (canonical, alias, rule, evidence)

    for group in _grouped(people, lambda p: name_key(p.name)).values():
        for other in group[1:]:
            add(group[0], other, "name", f"names {group[0].name!r} and {other.name!r} differ "
                "only in accents, case, punctuation or word order")  # fmt: skip
    by_local = _grouped(people, lambda p: local_part(p.email))
    for local, group in by_local.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.email.casefold() != b.email.casefold() and _names_meet(a, b, local):
                    add(a, b, "email", f"{a.email} and {b.email} share the local part "
                        f"{local!r}; names {a.name!r} and {b.name!r}")  # fmt: skip
    known = [p for p in people if not is_placeholder_email(p.email.casefold())]
    for p in (p for p in people if is_placeholder_email(p.email.casefold())):
        mine = files.get(p.person_id, set())
        for other in sorted(known, key=lambda o: -len(mine & files.get(o.person_id, set()))):
            shared = len(mine & files.get(other.person_id, set()))
            if not mine or 2 * shared < len(mine):
                break
            overlap = p.first <= other.last and other.first <= p.last
            if overlap and _names_meet(p, other):
                files_said = f"{len(mine)} file" + ("" if len(mine) == 1 else "s")
                said = (f"{p.name} <{p.email}> changed {files_said}, {shared} of them also "
                        f"changed by {other.name} in the same period")  # fmt: skip
                add(other, p, "placeholder", said)
                break
    return sorted(found.values(), key=lambda f: (f[0].name.casefold(), f[1].name.casefold()))


def _grouped(people: list[_Person], key: object) -> dict[str, list[_Person]]:
    groups: dict[str, list[_Person]] = {}
    for person in sorted(people, key=lambda p: (-p.commits, p.person_id)):
        k = key(person)  # type: ignore[operator]
        if k:
            groups.setdefault(k, []).append(person)
    return {k: g for k, g in groups.items() if len(g) > 1}


def _order(a: _Person, b: _Person) -> tuple[_Person, _Person]:
    def rank(p: _Person) -> tuple[bool, int, int]:
        return (not is_placeholder_email(p.email.casefold()), p.commits, -p.person_id)

    return (a, b) if rank(a) >= rank(b) else (b, a)


def _identity(name: str, email: str) -> str:
    return f"{' '.join(name.split())} <{email.strip()}>"


def run(con: duckdb.DuckDBPyConnection, options: Options, params: NoParams) -> Result[MailmapRow]:
    people = _people(con, options)
    placeholders = {p.person_id for p in people if is_placeholder_email(p.email.casefold())}
    files = _files(con, {p.person_id for p in people} if placeholders else set())
    rows = []
    for canonical, alias, rule, evidence in pairs(people, files):
        # the fuller name of the two (Laszlo Treszkai over Laszlo), the canonical e-mail
        name = max((canonical, alias), key=lambda p: (len(p.name.split()), p is canonical)).name
        proper = _identity(name, canonical.email)
        for name, email in alias.identities:
            if (name, email) in canonical.identities:  # the same already (see the docs)
                continue
            rows.append(MailmapRow(proper, _identity(name, email), rule, evidence,
                                   f"{proper} {_identity(name, email)}"))  # fmt: skip
    return Result.of("mailmap", MailmapRow, rows[: options.limit])


ANALYSIS = Analysis(
    "people-mailmap",
    "Identities that are probably one person, as .mailmap lines with their evidence.",
    MailmapRow,
    NoParams,
    run,
)
