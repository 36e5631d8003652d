"""npm manifests and lockfiles.

* ``package.json`` (manifest): ``dependencies``, ``optionalDependencies`` and
  ``peerDependencies`` (runtime) and ``devDependencies`` (development); the version is
  known only when the range is an exact version (``1.2.3``).
* ``package-lock.json`` / ``npm-shrinkwrap.json`` (lockfile): v2/v3 ``packages`` (the
  key ``""`` is the project: its dependency names are direct; other keys are
  ``node_modules/...`` paths, the name is what follows the last ``node_modules/``;
  ``link`` entries are workspace links and left out; ``dev: true`` is development); v1
  nested ``dependencies`` (top-level entries are direct unless ``dev``).
* ``yarn.lock``: classic v1 (block headers ``"a@^1", a@^1.1:`` with an indented
  ``version "1.2.3"``) and berry (YAML with ``__metadata``; the workspace's own
  ``@workspace:`` entries are left out). One entry per block.
* ``pnpm-lock.yaml`` (5.x, 6.x, 9.0): ``packages`` keys (``/a/1.2.3``, ``/a@1.2.3``,
  ``a@1.2.3(peer@1)``); names the ``importers`` list are direct (development when in
  their ``devDependencies``).
"""

from __future__ import annotations

import re
from typing import Any

from techlead.mining.manifests.documents import Shapes, line_of, load_json, load_yaml
from techlead.mining.manifests.model import (
    Dependency,
    Ecosystem,
    Kind,
    Parsed,
    ParseWarning,
    Reader,
    Registration,
)

_EXACT = re.compile(r"v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?")


def _key_line(text: str, section: str, name: str) -> int | None:
    return line_of(text, f'"{name}"', text.find(f'"{section}"'))


def parse_package_json(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_json(text, Kind.MANIFEST)
    if failed:
        return failed
    shapes = Shapes(text)
    doc = shapes.document(doc, "a JSON object")
    deps: dict[str, Dependency] = {}
    for section, dev in (
        ("dependencies", False),
        ("optionalDependencies", False),
        ("peerDependencies", False),
        ("devDependencies", True),
    ):
        declared = shapes.table(doc.get(section), section, _NAMES_TO_RANGES)
        for name, value in declared.items():
            spec = shapes.scalar(value, name)
            if spec is None:
                continue
            version = spec.lstrip("v=") if _EXACT.fullmatch(spec.lstrip("=")) else None
            dep = Dependency(
                Ecosystem.NPM, name, spec, version, True, dev, _key_line(text, section, name)
            )
            if name not in deps or (deps[name].dev and not dev):
                deps[name] = dep
    return Parsed(Kind.MANIFEST, tuple(deps.values()), tuple(shapes.warnings))


_NAMES_TO_RANGES = 'an object of names to version ranges ({"name": "^1.0"})'


def parse_package_lock(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_json(text, Kind.LOCKFILE)
    if failed:
        return failed
    shapes = Shapes(text)
    doc = shapes.document(doc, "a JSON object")
    if "packages" in doc:
        packages = shapes.table(doc["packages"], "packages", "an object", null_ok=False)
        deps = _lock_packages(shapes, packages)
    else:
        deps = _lock_v1(shapes, shapes.table(doc.get("dependencies"), "dependencies"))
    return Parsed(Kind.LOCKFILE, tuple(deps), tuple(shapes.warnings))


def _lock_packages(shapes: Shapes, packages: dict[str, Any]) -> list[Dependency]:
    """v2/v3: ``packages`` keyed by ``node_modules/...`` paths."""
    root = shapes.table(packages.get(""), '""', "an object")
    direct: set[str] = set()
    for section in ("dependencies", "devDependencies", "optionalDependencies"):
        direct |= set(shapes.table(root.get(section), section))
    deps = []
    for key, value in packages.items():
        if not key or "node_modules/" not in key:
            continue
        entry = shapes.table(value, key, "an object")
        if not entry or entry.get("link"):
            continue
        name = key.rsplit("node_modules/", 1)[1]
        top = key.count("node_modules/") == 1
        deps.append(
            Dependency(
                Ecosystem.NPM,
                shapes.scalar(entry.get("name"), "name") or name,
                None,
                shapes.scalar(entry.get("version"), "version"),
                top and name in direct,
                bool(entry.get("dev")),
                None,
            )
        )
    return deps


def _lock_v1(shapes: Shapes, top: dict[str, Any]) -> list[Dependency]:
    """v1: nested ``dependencies``; walked with a stack (nesting is the file's to choose)."""
    deps: list[Dependency] = []
    stack: list[tuple[dict[str, Any], bool]] = [(top, True)]
    while stack:
        tree, is_top = stack.pop()
        for name, value in tree.items():
            entry = shapes.table(value, name, "an object")
            dev = bool(entry.get("dev"))
            version = shapes.scalar(entry.get("version"), "version")
            deps.append(Dependency(Ecosystem.NPM, name, None, version, is_top and not dev, dev))
            stack.append((shapes.table(entry.get("dependencies"), "dependencies"), False))
    return deps


def split_spec(spec: str) -> str:
    """``@scope/name@^1`` -> ``@scope/name``: the name ends at the last ``@`` after 0."""
    at = spec.rfind("@")
    return spec[:at] if at > 0 else spec


def parse_yarn_lock(path: str, text: str, read: Reader) -> Parsed:
    if "__metadata:" in text:
        return _yarn_berry(text)
    deps: list[Dependency] = []
    warnings: list[ParseWarning] = []
    name: str | None = None
    header_line = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            if not line.rstrip().endswith(":"):
                warnings.append(ParseWarning(number, "expected a block header ending in ':'"))
                name = None
                continue
            first = line.rstrip()[:-1].split(",")[0].strip().strip('"')
            name, header_line = split_spec(first), number
            continue
        found = re.match(r'^\s+version:?\s+"?([^"\s]+)"?', line)
        if found and name is not None and line.startswith("  ") and not line.startswith("    "):
            deps.append(
                Dependency(Ecosystem.NPM, name, None, found.group(1), False, False, header_line)
            )
            name = None
    return Parsed(Kind.LOCKFILE, tuple(deps), tuple(warnings))


def _yarn_berry(text: str) -> Parsed:
    doc, failed = load_yaml(text, Kind.LOCKFILE)
    if failed:
        return failed
    shapes = Shapes(text)
    deps = []
    for key, entry in shapes.document(doc, "a YAML mapping").items():
        if key == "__metadata" or not isinstance(entry, dict):
            continue
        first = key.split(",")[0].strip()
        if "@workspace:" in first:
            continue
        name = split_spec(first.split("@npm:")[0] if "@npm:" in first else first)
        if "@patch:" in first:
            name = split_spec(first.split("@patch:")[0])
        version = shapes.scalar(entry.get("version"), "version")
        deps.append(Dependency(Ecosystem.NPM, name, None, version, False, False))
    return Parsed(Kind.LOCKFILE, tuple(deps), tuple(shapes.warnings))


_PNPM_KEY = re.compile(r"^/?(@?[^@/]+(?:/[^@/]+)?)[@/](\d[^(_/]*)")


def parse_pnpm_lock(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_yaml(text, Kind.LOCKFILE)
    if failed:
        return failed
    shapes = Shapes(text)
    doc = shapes.document(doc, "a YAML mapping (lockfileVersion, importers, packages)")
    direct: dict[str, bool] = {}
    importers = (
        shapes.table(doc.get("importers"), "importers") if "importers" in doc else {".": doc}
    )
    for folder, importer in importers.items():
        sections = shapes.table(importer, folder)
        for section, dev in (
            ("dependencies", False),
            ("optionalDependencies", False),
            ("devDependencies", True),
        ):
            for name in shapes.table(sections.get(section), section):
                direct[name] = direct.get(name, True) and dev
    deps = []
    for key in shapes.table(doc.get("packages"), "packages"):
        found = _PNPM_KEY.match(key)
        if not found:
            continue
        name, version = found.group(1), found.group(2)
        deps.append(
            Dependency(
                Ecosystem.NPM, name, None, version, name in direct, direct.get(name, False), None
            )
        )
    return Parsed(Kind.LOCKFILE, tuple(deps), tuple(shapes.warnings))


PARSERS: tuple[Registration, ...] = (
    ("package.json", parse_package_json),
    ("package-lock.json", parse_package_lock),
    ("npm-shrinkwrap.json", parse_package_lock),
    ("yarn.lock", parse_yarn_lock),
    ("pnpm-lock.yaml", parse_pnpm_lock),
)
