"""OSV advisories, offline: loading and exact matching per the OSV schema.

Loading (:func:`load`) accepts a directory of OSV JSON files (searched recursively, so
osv-scanner's offline layout ``<ecosystem>/*.json`` works), ``all.zip`` files in it
(osv-scanner's and osv.dev's per-ecosystem archives), a single zip, or a single JSON
file. A record that cannot be read, is nested too deeply to parse, or whose fields are of
the wrong type (checked against the schema's shapes before it is used) is a warning naming
it, and the rest is read; a zip member that would expand too far is refused with a warning
(techlead.risk.osv_files). Nothing is downloaded.

Matching (:func:`affected`), as the OSV schema's evaluation section prescribes:
withdrawn advisories are ignored; a version is affected when an ``affected[]`` entry of
the package lists it in ``versions[]``, or when one of its ``ECOSYSTEM`` or ``SEMVER``
ranges covers it (``GIT`` ranges need commits and are skipped). A range's events are
sorted by version (``introduced: "0"`` first); walking them, ``introduced`` opens an
affected interval, ``fixed`` closes it before that version, ``last_affected`` closes it
after that version and ``limit`` bounds the range. Versions compare by the ecosystem's
rules (techlead.core.versions). Package names: PyPI names by PEP 503; others as given.

Severity: the CVSS v3.x base score computed from a ``CVSS_V3`` vector (FIRST's
specification, section 7), else the advisory's ``database_specific.severity`` label.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techlead.core import versions
from techlead.core.errors import RiskError
from techlead.risk.osv_files import documents


class OsvError(RiskError):
    pass


@dataclass(frozen=True)
class Advisory:
    id: str
    aliases: tuple[str, ...]
    summary: str
    score: float | None
    level: str | None  # low | medium | high | critical
    withdrawn: bool
    affected: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Match:
    advisory: Advisory
    fixed: tuple[str, ...]
    rule: str


@dataclass
class Database:
    by_package: dict[tuple[str, str], list[Advisory]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    records: int = 0


def require_clean(db: Database) -> None:
    """Refuse OSV data with unreadable files (for a CI gate, which must not pass on
    broken data)."""
    if db.warnings:
        more = f" and {len(db.warnings) - 1} more" if len(db.warnings) > 1 else ""
        raise OsvError(f"the OSV data is not all readable: {db.warnings[0]}{more}")


def package_key(ecosystem: str, name: str) -> tuple[str, str]:
    base = ecosystem.split(":", 1)[0]
    if base == "PyPI":
        return base, re.sub(r"[-_.]+", "-", name).lower()
    return base, name


def load(path: Path) -> Database:
    if not path.exists():
        raise OsvError(f"{path}: no such file or directory (expected OSV data)")
    db = Database()
    for where, text in documents(path, db.warnings):
        advisory = _read(where, text, db.warnings)
        if advisory is None:
            continue
        db.records += 1
        packages = {
            package_key(a["package"]["ecosystem"], a["package"]["name"])
            for a in advisory.affected
            if isinstance(a.get("package"), dict)
        }
        for key in packages:
            db.by_package.setdefault(key, []).append(advisory)
    if db.records == 0:
        problem = f": {db.warnings[0]}" if db.warnings else ""
        raise OsvError(f"{path}: no OSV records found{problem}")
    return db


def _read(where: str, text: bytes, warnings: list[str]) -> Advisory | None:
    """One record, or None with a warning naming it (and its id when it has one)."""
    record: Any = None
    try:
        record = json.loads(text)
        if not isinstance(record, dict):
            raise TypeError(f"a JSON {type(record).__name__}, not an object")
        _check_shape(record)
        return _advisory(record)
    except RecursionError:
        warnings.append(f"{where}: not an OSV record (nested too deeply to read)")
    except (ValueError, KeyError, TypeError) as exc:
        named = record.get("id") if isinstance(record, dict) else None
        label = f"{where} ({' '.join(named.split())[:80]})" if isinstance(named, str) else where
        said = " ".join(str(exc).split())  # one line, whatever the record holds
        warnings.append(f"{label}: not an OSV record ({said})")
    return None


def _check_shape(record: dict[str, Any]) -> None:
    """Raise TypeError naming the first field whose type the OSV schema does not allow
    (of the fields techlead reads), so matching can rely on them."""
    if not isinstance(record.get("id"), str) or not record["id"]:
        raise TypeError("'id' must be a non-empty string")
    _strings(record, "aliases", "aliases")
    for i, entry in enumerate(_objects(record, "affected", "affected")):
        package = entry.get("package")
        if package is not None and not (
            isinstance(package, dict)
            and isinstance(package.get("name"), str)
            and isinstance(package.get("ecosystem"), str)
        ):
            raise TypeError(f"affected[{i}].package must have a string name and ecosystem")
        _strings(entry, "versions", f"affected[{i}].versions")
        for j, range_ in enumerate(_objects(entry, "ranges", f"affected[{i}].ranges")):
            at = f"affected[{i}].ranges[{j}]"
            if not isinstance(range_.get("type"), str):
                raise TypeError(f"{at}.type must be a string")
            for k, event in enumerate(_objects(range_, "events", f"{at}.events")):
                if not all(isinstance(v, str) for v in event.values()):
                    raise TypeError(f"{at}.events[{k}] must map event kinds to strings")
    for i, entry in enumerate(_objects(record, "severity", "severity")):
        if not all(isinstance(entry.get(key, ""), str) for key in ("type", "score")):
            raise TypeError(f"severity[{i}] must have a string type and score")
    if not isinstance(record.get("database_specific") or {}, dict):
        raise TypeError("database_specific must be an object")


def _objects(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise TypeError(f"{where} must be a list of objects")
    return value


def _strings(data: dict[str, Any], key: str, where: str) -> None:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{where} must be a list of strings")


def _advisory(record: dict[str, Any]) -> Advisory:
    score, level = severity(record)
    return Advisory(
        id=str(record["id"]),
        aliases=tuple(record.get("aliases") or ()),
        summary=str(record.get("summary") or ""),
        score=score,
        level=level,
        withdrawn=bool(record.get("withdrawn")),
        affected=tuple(record.get("affected") or ()),
    )


def affected(db: Database, ecosystem: str, name: str, version: str) -> list[Match]:
    matches = []
    key = package_key(ecosystem, name)
    for advisory in db.by_package.get(key, []):
        if advisory.withdrawn:
            continue
        for entry in advisory.affected:
            package = entry.get("package") or {}
            if package_key(package.get("ecosystem", ""), package.get("name", "")) != key:
                continue
            rule = _rule(entry, ecosystem, version)
            if rule:
                matches.append(Match(advisory, _fixed(entry, ecosystem), rule))
                break
    return sorted(matches, key=lambda m: m.advisory.id)


def possibly_affected(
    db: Database, ecosystem: str, name: str, spec: str | None
) -> list[tuple[Advisory, str, tuple[str, ...]]]:
    """Every advisory of a package whose version is not resolved, with the reason and the
    versions that fix it (of every range for that package)."""
    reason = f"version not resolved (spec {spec})" if spec else "version not resolved"
    key = package_key(ecosystem, name)
    found = []
    for advisory in sorted(db.by_package.get(key, []), key=lambda a: a.id):
        if advisory.withdrawn:
            continue
        entries = [e for e in advisory.affected if package_key(
            (e.get("package") or {}).get("ecosystem", ""),
            (e.get("package") or {}).get("name", "")) == key]  # fmt: skip
        fixed = _fixed({"ranges": [r for e in entries for r in e.get("ranges") or ()]}, ecosystem)
        found.append((advisory, reason, fixed))
    return found


def _rule(entry: dict[str, Any], ecosystem: str, version: str) -> str | None:
    if version in (entry.get("versions") or ()):
        return f"{version} is listed in versions[]"
    for range_ in entry.get("ranges") or ():
        if range_.get("type") not in ("ECOSYSTEM", "SEMVER"):
            continue
        try:
            if _in_range(range_.get("events") or [], ecosystem, version):
                return f"{version} is in an {range_['type']} range ({_describe(range_)})"
        except versions.InvalidVersion:
            continue
    return None


def _in_range(events: list[dict[str, str]], ecosystem: str, version: str) -> bool:
    """The OSV schema's evaluation pseudo-code for one range."""
    target = versions.key(ecosystem, version)
    ordered: list[tuple[Any, str, str]] = []
    for event in events:
        for kind, value in event.items():
            if not value:
                continue  # e.g. {"fixed": ""}
            begins = kind == "introduced" and value == "0"
            ordered.append(((0, 0) if begins else (1, versions.key(ecosystem, value)), kind, value))
    ordered.sort(key=lambda item: item[0])
    if any(kind == "limit" and target >= at[1] for at, kind, _ in ordered if at[0]):
        return False
    vulnerable = False
    for at, kind, _ in ordered:
        if kind == "introduced" and (at[0] == 0 or target >= at[1]):
            vulnerable = True
        elif (kind == "fixed" and target >= at[1]) or (kind == "last_affected" and target > at[1]):
            vulnerable = False
    return vulnerable


def _describe(range_: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for e in range_.get("events") or () for k, v in e.items())


def _fixed(entry: dict[str, Any], ecosystem: str) -> tuple[str, ...]:
    fixed = {
        value
        for range_ in entry.get("ranges") or ()
        for event in range_.get("events") or ()
        for kind, value in event.items()
        if kind == "fixed" and value
    }

    def order(value: str) -> Any:
        try:
            return (0, versions.key(ecosystem, value))
        except versions.InvalidVersion:
            return (1, value)

    return tuple(sorted(fixed, key=order))


# ---------------------------------------------------------------- severity (CVSS v3.x)

_WEIGHTS = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}
_PR = {"U": {"N": 0.85, "L": 0.62, "H": 0.27}, "C": {"N": 0.85, "L": 0.68, "H": 0.5}}


def _roundup(value: float) -> float:
    """CVSS v3.1 Roundup: the smallest one-decimal number >= value, float-safe."""
    whole = round(value * 100000)
    return whole / 100000.0 if whole % 10000 == 0 else (math.floor(whole / 10000) + 1) / 10.0


def cvss3_base_score(vector: str) -> float:
    metrics = dict(part.split(":", 1) for part in vector.split("/")[1:] if ":" in part)
    scope = metrics["S"]
    iss = 1 - (1 - _WEIGHTS["C"][metrics["C"]]) * (1 - _WEIGHTS["I"][metrics["I"]]) * (
        1 - _WEIGHTS["A"][metrics["A"]]
    )
    impact = 6.42 * iss if scope == "U" else 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15
    exploitability = (
        8.22
        * _WEIGHTS["AV"][metrics["AV"]]
        * _WEIGHTS["AC"][metrics["AC"]]
        * _PR[scope][metrics["PR"]]
        * _WEIGHTS["UI"][metrics["UI"]]
    )
    if impact <= 0:
        return 0.0
    if scope == "U":
        return _roundup(min(impact + exploitability, 10))
    return _roundup(min(1.08 * (impact + exploitability), 10))


def level_of(score: float) -> str | None:
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    return "low" if score > 0 else None


_LABELS = {"LOW": "low", "MODERATE": "medium", "MEDIUM": "medium", "HIGH": "high",
           "CRITICAL": "critical"}  # fmt: skip


def severity(record: dict[str, Any]) -> tuple[float | None, str | None]:
    for entry in record.get("severity") or ():
        if entry.get("type") == "CVSS_V3" and str(entry.get("score", "")).startswith("CVSS:3"):
            try:
                score = cvss3_base_score(entry["score"])
            except (KeyError, ValueError):
                continue
            return score, level_of(score)
    label = (record.get("database_specific") or {}).get("severity")
    return None, _LABELS.get(str(label).upper()) if label else None
