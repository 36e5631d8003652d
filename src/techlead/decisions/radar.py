"""Technology radars: reading the file formats teams publish.

* Thoughtworks Build-Your-Own-Radar CSV (``name, ring, quadrant, isNew, description``,
  columns in any order, extra columns ignored) and JSON (a list of such objects; ``status``
  is accepted for ``isNew``).
* Backstage tech-radar JSON: ``entries[]`` with ``title`` (or ``key``), ``quadrant`` (an id
  of ``quadrants[]``) and a ``timeline`` whose newest item's ``ringId`` is the ring;
  ``rings[]`` and ``quadrants[]`` (``id`` and ``name``) come from the file. A blip whose
  newest ring differs from the one before has moved.
* Zalando's tech-radar ``config.json``: ``entries[]`` with integer ``quadrant``/``ring``
  indexes, ``label``, ``moved`` (2 is new). The names are the file's own ``quadrants[]`` and
  ``rings[]`` (``{"name": ...}``, as Zalando's ``radar_visualization`` config has them) when
  it has them, else Zalando's published ones (ZALANDO_QUADRANTS, ZALANDO_RINGS).

Names of quadrants and rings compare by ``normal()``: "Languages & Frameworks",
"languages-and-frameworks" and "languages_and_frameworks" are one quadrant. A BYOR file
names its own quadrants and rings (``file_quadrants``, ``file_rings`` say how they are
ordered); ``--quadrants``/``--rings`` override them, and then a name in the file that is
none of them is an error naming it and the valid ones. The **hold** ring is the one named
"hold" (else the last).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from techlead.core.errors import DecisionError

THOUGHTWORKS_RINGS = ("adopt", "trial", "assess", "hold")
THOUGHTWORKS_QUADRANTS = ("techniques", "tools", "platforms", "languages-and-frameworks")
# Zalando's own radar (zalando/tech-radar, docs/index.html): its config.json has indexes only.
ZALANDO_RINGS = ("ADOPT", "TRIAL", "ASSESS", "HOLD")
ZALANDO_QUADRANTS = ("Languages", "Infrastructure", "Datastores", "Data Management")
# Ring words of the public radars read, innermost first: Thoughtworks' four, and Knowit's
# "keep" (before adopt) and "test" (with assess; Knowit's own converter maps it there).
RING_WORDS = {"keep": 0, "adopt": 1, "trial": 2, "assess": 3, "test": 3, "hold": 4}
MAX_QUADRANTS = 4  # BYOR draws exactly four; a file naming more is an error
MAX_RINGS = 4  # BYOR's limit for rings taken from a file (unless all are RING_WORDS)


class RadarError(DecisionError):
    pass


@dataclass(frozen=True)
class Blip:
    name: str
    ring: str
    quadrant: str
    is_new: bool = False
    moved: int = 0  # +1 moved in (towards adopt), -1 moved out, 0 unchanged
    description: str = ""


@dataclass(frozen=True)
class Radar:
    rings: tuple[str, ...]
    quadrants: tuple[str, ...]
    blips: tuple[Blip, ...]

    @property
    def hold(self) -> str:
        return next((r for r in self.rings if normal(r) == "hold"), self.rings[-1])


def key(name: str) -> str:
    """How radar names are compared with technologies: lower case, letters and digits."""
    return re.sub(r"[^a-z0-9+#]", "", name.lower())


def normal(name: str) -> str:
    """How quadrant and ring names compare: lower case, ``&`` read as "and", and every run
    of characters other than letters and digits one space (trimmed)."""
    return " ".join(re.findall(r"[^\W_]+", name.casefold().replace("&", " and ")))


def load(
    path: Path, rings: tuple[str, ...] | None = None, quadrants: tuple[str, ...] | None = None
) -> Radar:
    """The radar in ``path``; ``rings``/``quadrants`` (the flags) override the file's names."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RadarError(f"{path}: cannot read the radar ({exc.strerror})") from None
    if path.suffix.lower() == ".csv":
        return _from_rows(path, list(csv.DictReader(io.StringIO(text))), rings, quadrants)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RadarError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if isinstance(doc, list):
        return _from_rows(path, doc, rings, quadrants)
    if isinstance(doc, dict) and _is_backstage(doc):
        return _backstage(path, doc, rings, quadrants)
    if isinstance(doc, dict) and isinstance(doc.get("entries"), list):
        return _zalando(path, doc, rings, quadrants)
    raise RadarError(
        f"{path}: not a radar file this tool reads (BYOR CSV/JSON, Backstage, Zalando)"
    )


def _is_backstage(doc: dict[str, Any]) -> bool:
    """Backstage declares rings and quadrants with ids; Zalando's config has names only."""
    declared = [*_list(doc.get("rings")), *_list(doc.get("quadrants"))]
    return bool(declared) and all(isinstance(d, dict) and "id" in d for d in declared)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _distinct(values: Iterable[str]) -> list[str]:
    """The distinct names (by normal()), each as first spelled, in order of appearance."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(normal(value), value)
    return list(seen.values())


def file_quadrants(path: Path, values: Sequence[str]) -> tuple[str, ...]:
    """A BYOR file's quadrants: its distinct ones in order of first appearance, at most
    four. When it names fewer, all of them Thoughtworks' quadrants, the missing ones of
    Thoughtworks' four follow (a partial Thoughtworks radar is still one)."""
    names = _distinct(values)
    if len(names) > MAX_QUADRANTS:
        raise RadarError(
            f"{path}: the file names {len(names)} quadrants ({', '.join(names)}); a radar has "
            f"at most {MAX_QUADRANTS}",
            tip="fix the quadrant column, or name the quadrants with --quadrants",
        )
    words = {normal(n) for n in names}
    if words <= {normal(q) for q in THOUGHTWORKS_QUADRANTS}:
        names += [q for q in THOUGHTWORKS_QUADRANTS if normal(q) not in words]
    return tuple(names)


def file_rings(path: Path, values: Sequence[str]) -> tuple[str, ...]:
    """A BYOR file's rings, innermost first: its distinct ones (by normal()), ordered

    * when all are Thoughtworks' (adopt, trial, assess, hold): in that order, and the
      missing ones of the four added, so the hold ring stays the outermost;
    * when all are ring words (RING_WORDS: those and keep, test): in RING_WORDS' order;
    * when all end in a number ("1", "Nivå 2"): by that number;
    * otherwise in order of first appearance.

    Outside the ring words a file names at most four rings (BYOR's limit; a typo in a ring
    name shows as a fifth ring)."""
    names = _distinct(values)
    words = [normal(n) for n in names]
    if set(words) <= set(THOUGHTWORKS_RINGS):
        spelled = dict(zip(words, names, strict=True))
        return tuple(spelled.get(w, w) for w in THOUGHTWORKS_RINGS)
    if all(w in RING_WORDS for w in words):
        return tuple(sorted(names, key=lambda n: RING_WORDS[normal(n)]))
    if len(names) > MAX_RINGS:
        raise RadarError(
            f"{path}: the file names {len(names)} rings ({', '.join(names)}); a radar has at "
            f"most {MAX_RINGS} unless they are all of {', '.join(RING_WORDS)}",
            tip="fix the ring column, or name the rings with --rings",
        )
    numbers = [re.search(r"(\d+)$", w) for w in words]
    if all(numbers):
        return tuple(sorted(names, key=lambda n: int(re.findall(r"\d+", normal(n))[-1])))
    return tuple(names)


def _choose(path: Path, what: str, value: str, valid: tuple[str, ...]) -> str:
    """The one of ``valid`` that ``value`` names (by normal(); a ring may be a number,
    1 = the first ring)."""
    value = value.strip()
    for option in valid:
        if normal(option) == normal(value):
            return option
    if value.isdigit() and 1 <= int(value) <= len(valid) and what == "ring":
        return valid[int(value) - 1]
    raise RadarError(
        f"{path}: {what} {value!r} is not one of the configured {what}s ({', '.join(valid)})",
        tip=f"set them with --{what}s",
    )


def _from_rows(
    path: Path,
    rows: list[Any],
    rings: tuple[str, ...] | None,
    quadrants: tuple[str, ...] | None,
) -> Radar:
    entries = []
    for row in rows:
        if not isinstance(row, dict) or not str(row.get("name") or "").strip():
            continue
        name = str(row["name"]).strip()
        ring, quadrant = (str(row.get(c) or "").strip() for c in ("ring", "quadrant"))
        for what, value in (("ring", ring), ("quadrant", quadrant)):
            if not normal(value):
                raise RadarError(f"{path}: blip {name!r} has no {what}")
        new = str(row.get("isNew", row.get("status", ""))).strip().lower() in ("true", "new", "yes")
        entries.append((name, ring, quadrant, new, str(row.get("description") or "").strip()))
    ring_names = rings or file_rings(path, [e[1] for e in entries])
    quadrant_names = quadrants or file_quadrants(path, [e[2] for e in entries])
    blips = tuple(
        Blip(name, _choose(path, "ring", ring, ring_names),
             _choose(path, "quadrant", quadrant, quadrant_names), new, 0, description)
        for name, ring, quadrant, new, description in entries
    )  # fmt: skip
    return Radar(ring_names, quadrant_names, blips)


def _backstage(
    path: Path,
    doc: dict[str, Any],
    rings: tuple[str, ...] | None,
    quadrants: tuple[str, ...] | None,
) -> Radar:
    ring_ids = {r["id"]: str(r.get("name", r["id"])) for r in doc["rings"]}
    quadrant_ids = {q["id"]: str(q.get("name", q["id"])) for q in doc["quadrants"]}
    if len(quadrant_ids) > MAX_QUADRANTS:
        raise RadarError(
            f"{path}: the file names {len(quadrant_ids)} quadrants "
            f"({', '.join(quadrant_ids.values())}); a radar has at most {MAX_QUADRANTS}"
        )
    ring_names = rings or tuple(ring_ids.values())
    quadrant_names = quadrants or tuple(quadrant_ids.values())
    order = list(ring_ids)
    blips = []
    for entry in doc.get("entries", []):
        timeline = sorted(entry.get("timeline") or [], key=lambda t: str(t.get("date", "")))
        if not timeline:
            raise RadarError(f"{path}: entry {entry.get('title')!r} has no timeline")
        latest = timeline[-1].get("ringId")
        ring = _by_id(path, "ring", latest, ring_ids)
        quadrant = _by_id(path, "quadrant", entry.get("quadrant"), quadrant_ids)
        moved = 0
        if len(timeline) > 1 and timeline[-2].get("ringId") in ring_ids:
            before, now = order.index(timeline[-2]["ringId"]), order.index(latest)
            moved = (before > now) - (before < now)
        blips.append(
            Blip(
                str(entry.get("title") or entry.get("key")),
                _choose(path, "ring", ring, ring_names),
                _choose(path, "quadrant", quadrant, quadrant_names),
                len(timeline) == 1,
                moved,
                str(entry.get("description") or ""),
            )
        )
    return Radar(ring_names, quadrant_names, tuple(blips))


def _by_id(path: Path, what: str, value: Any, declared: dict[Any, str]) -> str:
    """The name of the declared ring or quadrant ``value`` refers to (by id, else name)."""
    if value in declared:
        return declared[value]
    for ident, name in declared.items():
        if normal(str(value)) in (normal(str(ident)), normal(name)):
            return name
    raise RadarError(
        f"{path}: {what} {value!r} is not one of the file's {what}s "
        f"({', '.join(str(i) for i in declared)})"
    )


def _names(path: Path, what: str, doc: dict[str, Any]) -> tuple[str, ...]:
    """The names a Zalando config declares (``[{"name": ...}]``), or none."""
    names = []
    for item in _list(doc.get(what)):
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name.strip():
            raise RadarError(f"{path}: every item of {what!r} needs a name")
        names.append(name.strip())
    return tuple(names)


def _zalando(
    path: Path,
    doc: dict[str, Any],
    rings: tuple[str, ...] | None,
    quadrants: tuple[str, ...] | None,
) -> Radar:
    ring_names = rings or _names(path, "rings", doc) or ZALANDO_RINGS
    quadrant_names = quadrants or _names(path, "quadrants", doc) or ZALANDO_QUADRANTS
    if len(quadrant_names) > MAX_QUADRANTS and not quadrants:
        raise RadarError(
            f"{path}: the file names {len(quadrant_names)} quadrants "
            f"({', '.join(quadrant_names)}); a radar has at most {MAX_QUADRANTS}"
        )
    blips = []
    for entry in doc["entries"]:
        ring, quadrant = entry.get("ring"), entry.get("quadrant")
        for what, index, names in (("ring", ring, ring_names),
                                   ("quadrant", quadrant, quadrant_names)):  # fmt: skip
            if not isinstance(index, int) or not 0 <= index < len(names):
                raise RadarError(
                    f"{path}: {what} index {index!r} of {entry.get('label')!r} is not one of "
                    f"0..{len(names) - 1} ({', '.join(names)})",
                    tip=f"name the {what}s with --{what}s",
                )
        if entry.get("active") is False:
            continue
        moved = int(entry.get("moved") or 0)
        blips.append(Blip(str(entry["label"]), ring_names[ring], quadrant_names[quadrant],
                          moved == 2, moved if moved in (-1, 1) else 0))  # fmt: skip
    return Radar(ring_names, quadrant_names, tuple(blips))
