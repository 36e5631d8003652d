"""Architecture decision records: reading adr-tools and MADR files into one record.

Formats recognised (the format of each file is detected, so a log keeps its own):

* **adr-tools** (Nygard): ``# N. Title``, a ``Date: YYYY-MM-DD`` line, and ``## Status``
  whose first line is the status; further lines of that section are links such as
  ``Supercedes [3. Title](0003-title.md)`` or ``Amended by [...](...)`` (both spellings,
  "Supercedes/Superceded" and "Supersedes/Superseded", are accepted).
* **MADR** 2.x-4.x: ``# Title``; metadata as YAML front matter (``status``, ``date``,
  ``decision-makers`` or ``deciders``, ``consulted``, ``informed``) or as bullets at the
  top (``* Status: accepted``, ``- Date: 2020-09-26``, ``- Deciders: a, b``). A status
  like ``superseded by [x](x.md)`` is the status ``superseded`` plus a link.

Files are ADRs when their name starts with a number (``0001-…``, or a date as log4brains
writes it, ``20200926-…``); ``index.md``, ``README.md`` and templates are not. The number
is the file name's prefix when it has at most 4 digits; date-prefixed logs have none and
are identified by their file name. Parsing never fails: what cannot be read stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import yaml

# Where an ADR log lives when no .adr-dir names it (adr-tools, MADR, log4brains).
CANDIDATES = ("doc/adr", "docs/adr", "docs/decisions", "doc/decisions")

ADR_FILE = re.compile(r"^(\d+)-[^/]+\.md$")
# Each repetition can match a line in one way only (the relation ends at a letter, labels
# take an escaped character or a plain one), so a hostile line of spaces is read in linear
# time, not the cubic time of ``[A-Za-z ]*?\s*:?\s*``. Labels may escape brackets
# (``[2. Use \\[x\\]](...)``) and targets may be ``<in angle brackets>`` (CommonMark).
_LINK = re.compile(
    r"^[ \t]*(?:[-*][ \t]*)?([A-Za-z](?:[A-Za-z ]*[A-Za-z])?)[ \t]*(?::[ \t]*)?"
    r"\[((?:\\.|[^\]\\])*)\]\((?:<((?:\\.|[^>\\\n])*)>|([^)]+))\)"
)
_BULLET = re.compile(r"^[ \t]*[-*][ \t]+([A-Za-z](?:[A-Za-z -]*[A-Za-z])?)[ \t]*:(.*)$")
_ESCAPED = re.compile(r"\\(.)")
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_ALIASES = {"supercedes": "supersedes", "superceded by": "superseded by"}


@dataclass(frozen=True)
class Link:
    relation: str  # lower case, e.g. "supersedes", "superseded by", "amends"
    target: str  # the linked file, as written


@dataclass(frozen=True)
class Adr:
    file: str  # the file name
    number: int | None
    title: str
    status: str | None  # lower case: proposed, accepted, superseded, deprecated, ...
    date: str | None  # YYYY-MM-DD
    format: str  # adr-tools | madr
    decision_makers: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    sections: tuple[str, ...] = field(default_factory=tuple)  # "## " headings, in order


def is_adr_file(name: str) -> bool:
    return bool(ADR_FILE.match(name))


def parse_adr(name: str, text: str) -> Adr:
    front, body = _front_matter(text)
    lines = body.splitlines()
    heading = next((line for line in lines if line.startswith("# ")), "# ")[2:].strip()
    numbered = re.match(r"^(\d+)\.\s+(.*)$", heading)
    prefix = ADR_FILE.match(name)
    number = int(prefix.group(1)) if prefix and len(prefix.group(1)) <= 4 else None
    sections = tuple(line[3:].strip() for line in lines if line.startswith("## "))
    if numbered and "Status" in sections:
        return _adr_tools(name, number, numbered.group(2).strip(), lines, sections)
    return _madr(name, number, heading, front, lines, sections)


def _front_matter(text: str) -> tuple[dict[str, object], str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    try:
        loaded = yaml.safe_load(text[3:end])
    except (yaml.YAMLError, RecursionError):  # RecursionError: brackets nested too deep
        loaded = None
    rest = text[end + 4 :]
    return (loaded if isinstance(loaded, dict) else {}), rest.split("\n", 1)[
        1
    ] if "\n" in rest else ""


def _section(lines: list[str], title: str) -> list[str]:
    inside, found = False, []
    for line in lines:
        if line.startswith("## "):
            inside = line[3:].strip().lower() == title.lower()
            continue
        if inside and line.strip():
            found.append(line.strip())
    return found


def _links(lines: list[str]) -> tuple[Link, ...]:
    links = []
    for line in lines:
        found = _LINK.match(line)
        if found:
            relation = found.group(1).strip().lower()
            relation = _ALIASES.get(relation, relation)
            angled, plain = found.group(3), found.group(4)
            target = _ESCAPED.sub(r"\1", angled) if angled is not None else plain.strip()
            links.append(Link(relation, target))
    return tuple(links)


def _adr_tools(
    name: str, number: int | None, title: str, lines: list[str], sections: tuple[str, ...]
) -> Adr:
    status_lines = _section(lines, "Status")
    status = status_lines[0] if status_lines else None
    if status and _LINK.match(status):
        status = status.split("[")[0].strip().lower().removesuffix(" by").strip() or None
    when = next((m.group(1) for line in lines if line.startswith("Date:")
                 for m in [_DATE.search(line)] if m), None)  # fmt: skip
    return Adr(
        name,
        number,
        title,
        _status_word(status),
        when,
        "adr-tools",
        links=_links(status_lines),
        sections=sections,
    )


def _status_word(status: str | None) -> str | None:
    if not status:
        return None
    words = status.strip().lower().split()
    return "superseded" if words[0] in ("superseded", "superceded") else " ".join(words)


def _scalar(value: object) -> str | None:
    """A front-matter value as text when it is a scalar; a nested value is not printed
    (YAML aliases can make a small document print as gigabytes)."""
    if isinstance(value, str | int | float | date) and not isinstance(value, bool):
        return str(value)
    return None


def _people(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(t.strip() for v in value for t in [_scalar(v)] if t and t.strip())
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return ()


def _madr(
    name: str,
    number: int | None,
    title: str,
    front: dict[str, object],
    lines: list[str],
    sections: tuple[str, ...],
) -> Adr:
    meta: dict[str, str] = {}
    for line in lines:
        if line.startswith("## "):
            break  # metadata bullets sit between the title and the first section
        found = _BULLET.match(line)
        if found:
            meta[found.group(1).strip().lower()] = found.group(2).strip()
    status_text = (_scalar(front.get("status")) or meta.get("status") or "").strip() or None
    status, links = status_text, _links([status_text] if status_text else [])
    if status_text and "[" in status_text:
        status = status_text.split("[")[0].strip()
    raw_date = front.get("date") or meta.get("date")
    when = raw_date.isoformat() if isinstance(raw_date, date) else None
    if when is None and raw_date:
        found_date = _DATE.search(_scalar(raw_date) or "")
        when = found_date.group(1) if found_date else None
    makers = (
        front.get("decision-makers")
        or front.get("deciders")
        or meta.get("decision-makers")
        or meta.get("deciders")
    )
    return Adr(
        name,
        number,
        title,
        _status_word(status),
        when,
        "madr",
        _people(makers),
        _people(front.get("consulted") or meta.get("consulted")),
        _people(front.get("informed") or meta.get("informed")),
        links,
        sections,
    )
