"""Technology radars: reading the file formats teams publish.

* Thoughtworks Build-Your-Own-Radar CSV (``name, ring, quadrant, isNew, description``,
  columns in any order, extra columns ignored) and JSON (a list of such objects; ``status``
  is accepted for ``isNew``). Rings may be names or numbers (1 = the first ring).
* Backstage tech-radar JSON: ``entries[]`` with ``title`` (or ``key``), ``quadrant`` (an id
  of ``quadrants[]``) and a ``timeline`` whose newest item's ``ringId`` is the ring;
  ``rings[]`` and ``quadrants[]`` come from the file. A blip whose newest ring differs
  from the one before has moved.
* Zalando's tech-radar ``config.json``: ``entries[]`` with integer ``quadrant``/``ring``
  indexes into the configured rings and quadrants, ``label``, ``moved``.

Rings and quadrants are checked against the configured ones (case-insensitively); a name
that matches none is an error naming it and the valid ones. The **hold** ring is the one
named "hold" (else the last ring).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from techlead.core.errors import DecisionError

DEFAULT_RINGS = ("adopt", "trial", "assess", "hold")
DEFAULT_QUADRANTS = ("techniques", "tools", "platforms", "languages-and-frameworks")


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
        return next((r for r in self.rings if r.lower() == "hold"), self.rings[-1])


def key(name: str) -> str:
    """How radar names are compared with technologies: lower case, letters and digits."""
    return re.sub(r"[^a-z0-9+#]", "", name.lower())


def load(
    path: Path, rings: tuple[str, ...] | None = None, quadrants: tuple[str, ...] | None = None
) -> Radar:
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
    if isinstance(doc, dict) and "rings" in doc and "quadrants" in doc:
        return _backstage(path, doc)
    if isinstance(doc, dict) and "entries" in doc:
        return _zalando(path, doc, rings or DEFAULT_RINGS, quadrants or DEFAULT_QUADRANTS)
    raise RadarError(
        f"{path}: not a radar file this tool reads (BYOR CSV/JSON, Backstage, Zalando)"
    )


def _choose(path: Path, what: str, value: str, valid: tuple[str, ...]) -> str:
    value = value.strip()
    if value.isdigit() and 1 <= int(value) <= len(valid) and what == "ring":
        return valid[int(value) - 1]
    for option in valid:
        if option.lower() == value.lower():
            return option
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
    ring_names = rings or DEFAULT_RINGS
    quadrant_names = quadrants or DEFAULT_QUADRANTS
    blips = []
    for row in rows:
        if not isinstance(row, dict) or not str(row.get("name") or "").strip():
            continue
        new = str(row.get("isNew", row.get("status", ""))).strip().lower() in ("true", "new", "yes")
        blips.append(
            Blip(
                str(row["name"]).strip(),
                _choose(path, "ring", str(row.get("ring", "")), ring_names),
                _choose(path, "quadrant", str(row.get("quadrant", "")), quadrant_names),
                new,
                0,
                str(row.get("description") or "").strip(),
            )
        )
    return Radar(ring_names, quadrant_names, tuple(blips))


def _backstage(path: Path, doc: dict[str, Any]) -> Radar:
    ring_ids = {r["id"]: r.get("name", r["id"]) for r in doc["rings"]}
    quadrant_ids = {q["id"]: q.get("name", q["id"]) for q in doc["quadrants"]}
    order = list(ring_ids)
    blips = []
    for entry in doc.get("entries", []):
        timeline = sorted(entry.get("timeline") or [], key=lambda t: str(t.get("date", "")))
        if not timeline:
            raise RadarError(f"{path}: entry {entry.get('title')!r} has no timeline")
        latest = timeline[-1].get("ringId")
        if latest not in ring_ids:
            raise RadarError(f"{path}: ring {latest!r} is not one of {', '.join(ring_ids)}")
        if entry.get("quadrant") not in quadrant_ids:
            raise RadarError(
                f"{path}: quadrant {entry.get('quadrant')!r} is not one of "
                f"{', '.join(quadrant_ids)}"
            )
        moved = 0
        if len(timeline) > 1 and timeline[-2].get("ringId") in ring_ids:
            before = order.index(timeline[-2]["ringId"])
            moved = (before > order.index(latest)) - (before < order.index(latest))
        blips.append(
            Blip(
                str(entry.get("title") or entry.get("key")),
                ring_ids[latest],
                quadrant_ids[entry["quadrant"]],
                len(timeline) == 1,
                moved,
                str(entry.get("description") or ""),
            )
        )
    return Radar(tuple(ring_ids.values()), tuple(quadrant_ids.values()), tuple(blips))


def _zalando(
    path: Path, doc: dict[str, Any], rings: tuple[str, ...], quadrants: tuple[str, ...]
) -> Radar:
    blips = []
    for entry in doc["entries"]:
        ring, quadrant = entry.get("ring"), entry.get("quadrant")
        if not isinstance(ring, int) or not 0 <= ring < len(rings):
            raise RadarError(f"{path}: ring index {ring!r} is outside the configured rings")
        if not isinstance(quadrant, int) or not 0 <= quadrant < len(quadrants):
            raise RadarError(f"{path}: quadrant index {quadrant!r} is outside the quadrants")
        if entry.get("active") is False:
            continue
        moved = int(entry.get("moved") or 0)
        blips.append(Blip(str(entry["label"]), rings[ring], quadrants[quadrant], moved == 2,
                          moved if moved in (-1, 1) else 0))  # fmt: skip
    return Radar(rings, quadrants, tuple(blips))
