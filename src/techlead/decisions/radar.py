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


FIELD_LIMIT = 128 << 10  # characters of one field: csv's own limit, for every format


def load(
    path: Path, rings: tuple[str, ...] | None = None, quadrants: tuple[str, ...] | None = None
) -> Radar:
    """The radar in ``path``; ``rings``/``quadrants`` (the flags) override the file's names."""
    text = _text(path)
    if path.suffix.lower() == ".csv":
        return _from_rows(path, _csv_rows(path, text), rings, quadrants)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RadarError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number; 100,000 brackets
        said = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise RadarError(f"{path}: invalid JSON: {said.splitlines()[0]}") from None
    try:
        return _from_document(path, doc, rings, quadrants)
    except (AttributeError, TypeError, KeyError, ValueError) as exc:
        # every shape is checked; this names a case that was not foreseen, in one line
        raise RadarError(f"{path}: not a radar this tool reads ({type(exc).__name__})") from None


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RadarError(f"{path}: cannot read the radar ({exc.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RadarError(f"{path}:{line}: not UTF-8 (byte {exc.start}); save it as UTF-8") from None


def _csv_rows(path: Path, text: str) -> list[tuple[str, Any]]:
    """(where, row) of each CSV row: ``line N`` and the row by column name."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: list[tuple[str, Any]] = []
    try:
        for row in reader:
            rows.append((f"line {reader.line_num}", row))
    except csv.Error as exc:
        # line_num counts the lines read before the one that failed
        raise RadarError(f"{path}:{reader.line_num + 1}: invalid CSV: {exc}") from None
    return rows


def _from_document(
    path: Path, doc: Any, rings: tuple[str, ...] | None, quadrants: tuple[str, ...] | None
) -> Radar:
    if isinstance(doc, list):
        rows = [(f"entry #{n}", row) for n, row in enumerate(doc, start=1)]
        return _from_rows(path, rows, rings, quadrants)
    if isinstance(doc, dict) and _is_backstage(doc):
        return _backstage(path, doc, rings, quadrants)
    if isinstance(doc, dict) and isinstance(doc.get("entries"), list):
        return _zalando(path, doc, rings, quadrants)
    raise RadarError(
        f"{path}: not a radar file this tool reads (BYOR CSV/JSON, Backstage, Zalando)"
    )


def _field(path: Path, where: str, what: str, value: Any) -> str:
    """A text field of a blip: a string or a number, at most FIELD_LIMIT characters."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RadarError(f"{path}: {where}: {what} should be text, not {type(value).__name__}")
    text = str(value)
    if len(text) > FIELD_LIMIT:
        raise RadarError(
            f"{path}: {where}: {what} is {len(text):,} characters long; at most {FIELD_LIMIT:,}"
        )
    return text.strip()


def _is_backstage(doc: dict[str, Any]) -> bool:
    """Backstage declares rings and quadrants with ids; Zalando's config has names only."""
    declared = [*_list(doc.get("rings")), *_list(doc.get("quadrants"))]
    return bool(declared) and all(isinstance(d, dict) and "id" in d for d in declared)


def _ids(path: Path, what: str, doc: dict[str, Any]) -> dict[str | int, str]:
    """A Backstage file's rings or quadrants: id -> name (ids are strings or numbers)."""
    found: dict[str | int, str] = {}
    for number, item in enumerate(_list(doc.get(what)), start=1):
        ident = item.get("id")
        if isinstance(ident, bool) or not isinstance(ident, str | int):
            raise RadarError(f"{path}: {what} #{number}: 'id' should be a string or a number")
        found[ident] = _field(path, f"{what} #{number}", "name", item.get("name", ident))
    return found


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
    rows: list[tuple[str, Any]],
    rings: tuple[str, ...] | None,
    quadrants: tuple[str, ...] | None,
) -> Radar:
    entries = []
    for where, row in rows:
        if not isinstance(row, dict):
            raise RadarError(f"{path}: {where}: should be an object with name, ring, quadrant")
        name = _field(path, where, "name", row.get("name"))
        if not name:
            continue
        ring, quadrant = (_field(path, where, c, row.get(c)) for c in ("ring", "quadrant"))
        for what, value in (("ring", ring), ("quadrant", quadrant)):
            if not normal(value):
                raise RadarError(f"{path}: {where}: blip {name[:80]!r} has no {what}")
        flag = _field(path, where, "isNew", row.get("isNew", row.get("status")))
        description = _field(path, where, "description", row.get("description"))
        entries.append((name, ring, quadrant, flag.lower() in ("true", "new", "yes"), description))
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
    ring_ids, quadrant_ids = _ids(path, "rings", doc), _ids(path, "quadrants", doc)
    if len(quadrant_ids) > MAX_QUADRANTS:
        raise RadarError(
            f"{path}: the file names {len(quadrant_ids)} quadrants "
            f"({', '.join(quadrant_ids.values())}); a radar has at most {MAX_QUADRANTS}"
        )
    ring_names = rings or tuple(ring_ids.values())
    quadrant_names = quadrants or tuple(quadrant_ids.values())
    order = list(ring_ids.values())
    blips = []
    entries = doc.get("entries", [])
    if not isinstance(entries, list):
        raise RadarError(f"{path}: 'entries' should be a list of objects")
    for number, entry in enumerate(entries, start=1):
        where = f"entry #{number}"
        if not isinstance(entry, dict):
            raise RadarError(f"{path}: {where}: should be an object (title, quadrant, timeline)")
        title = _field(path, where, "title", entry.get("title") or entry.get("key"))
        timeline = _timeline(path, where, entry.get("timeline"))
        if not timeline:
            raise RadarError(f"{path}: {where}: entry {title[:80]!r} has no timeline")
        ring = _by_id(path, "ring", timeline[-1].get("ringId"), ring_ids)
        quadrant = _by_id(path, "quadrant", entry.get("quadrant"), quadrant_ids)
        moved = 0
        if len(timeline) > 1 and _known(timeline[-2].get("ringId"), ring_ids):
            before, now = order.index(ring_ids[timeline[-2]["ringId"]]), order.index(ring)
            moved = (before > now) - (before < now)
        blips.append(
            Blip(
                title,
                _choose(path, "ring", ring, ring_names),
                _choose(path, "quadrant", quadrant, quadrant_names),
                len(timeline) == 1,
                moved,
                _field(path, where, "description", entry.get("description")),
            )
        )
    return Radar(ring_names, quadrant_names, tuple(blips))


def _known(value: Any, declared: dict[str | int, str]) -> bool:
    return isinstance(value, str | int) and value in declared


def _timeline(path: Path, where: str, value: Any) -> list[dict[str, Any]]:
    """A Backstage entry's timeline, oldest first."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise RadarError(f"{path}: {where}: 'timeline' should be a list of objects (ringId, date)")
    return sorted(value, key=lambda t: str(t.get("date", "")))


def _by_id(path: Path, what: str, value: Any, declared: dict[str | int, str]) -> str:
    """The name of the declared ring or quadrant ``value`` refers to (by id, else name)."""
    if _known(value, declared):
        return declared[value]
    for ident, name in declared.items():
        if normal(str(value)) in (normal(str(ident)), normal(name)):
            return name
    raise RadarError(
        f"{path}: {what} {value!r:.80} is not one of the file's {what}s "
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
    for number, entry in enumerate(doc["entries"], start=1):
        where = f"entry #{number}"
        if not isinstance(entry, dict):
            raise RadarError(f"{path}: {where}: should be an object (label, quadrant, ring)")
        label = _field(path, where, "label", entry.get("label"))
        ring = _index(path, "ring", entry.get("ring"), label, ring_names)
        quadrant = _index(path, "quadrant", entry.get("quadrant"), label, quadrant_names)
        if entry.get("active") is False:
            continue
        moved = entry.get("moved") or 0
        if isinstance(moved, bool) or not isinstance(moved, int):
            raise RadarError(f"{path}: {where}: 'moved' should be -1, 0, 1 or 2")
        blips.append(Blip(label, ring_names[ring], quadrant_names[quadrant],
                          moved == 2, moved if moved in (-1, 1) else 0))  # fmt: skip
    return Radar(ring_names, quadrant_names, tuple(blips))


def _index(path: Path, what: str, value: Any, label: str, names: tuple[str, ...]) -> int:
    """A Zalando entry's ring or quadrant: an index into ``names``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(names):
        raise RadarError(
            f"{path}: {what} index {value!r:.40} of {label[:80]!r} is not one of "
            f"0..{len(names) - 1} ({', '.join(names)})",
            tip=f"name the {what}s with --{what}s",
        )
    return value
