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

from techlead.mining.manifests.documents import line_of, load_json, load_yaml
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
    deps: dict[str, Dependency] = {}
    for section, dev in (
        ("dependencies", False),
        ("optionalDependencies", False),
        ("peerDependencies", False),
        ("devDependencies", True),
    ):
        for name, spec in (doc.get(section) or {}).items() if isinstance(doc, dict) else ():
            spec = str(spec)
            version = spec.lstrip("v=") if _EXACT.fullmatch(spec.lstrip("=")) else None
            dep = Dependency(
                Ecosystem.NPM, name, spec, version, True, dev, _key_line(text, section, name)
            )
            if name not in deps or (deps[name].dev and not dev):
                deps[name] = dep
    return Parsed(Kind.MANIFEST, tuple(deps.values()))


def parse_package_lock(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_json(text, Kind.LOCKFILE)
    if failed:
        return failed
    deps: list[Dependency] = []
    packages = doc.get("packages")
    if isinstance(packages, dict):
        root = packages.get("", {})
        direct = set(root.get("dependencies", {})) | set(root.get("devDependencies", {}))
        direct |= set(root.get("optionalDependencies", {}))
        for key, entry in packages.items():
            if not key or entry.get("link") or "node_modules/" not in key:
                continue
            name = key.rsplit("node_modules/", 1)[1]
            top = key.count("node_modules/") == 1
            deps.append(
                Dependency(
                    Ecosystem.NPM,
                    entry.get("name", name),
                    None,
                    entry.get("version"),
                    top and name in direct,
                    bool(entry.get("dev")),
                    None,
                )
            )
        return Parsed(Kind.LOCKFILE, tuple(deps))

    def walk(tree: dict[str, Any], top: bool) -> None:
        for name, entry in tree.items():
            deps.append(
                Dependency(
                    Ecosystem.NPM,
                    name,
                    None,
                    entry.get("version"),
                    top and not entry.get("dev"),
                    bool(entry.get("dev")),
                    None,
                )
            )
            walk(entry.get("dependencies") or {}, False)

    walk(doc.get("dependencies") or {}, True)
    return Parsed(Kind.LOCKFILE, tuple(deps))


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
    deps = []
    for key, entry in (doc or {}).items():
        if key == "__metadata" or not isinstance(entry, dict):
            continue
        first = str(key).split(",")[0].strip()
        if "@workspace:" in first:
            continue
        name = split_spec(first.split("@npm:")[0] if "@npm:" in first else first)
        if "@patch:" in first:
            name = split_spec(first.split("@patch:")[0])
        deps.append(Dependency(Ecosystem.NPM, name, None, str(entry.get("version")), False, False))
    return Parsed(Kind.LOCKFILE, tuple(deps))


_PNPM_KEY = re.compile(r"^/?(@?[^@/]+(?:/[^@/]+)?)[@/](\d[^(_/]*)")


def parse_pnpm_lock(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_yaml(text, Kind.LOCKFILE)
    if failed:
        return failed
    doc = doc or {}
    direct: dict[str, bool] = {}
    importers = doc.get("importers") or {".": doc}
    for importer in importers.values():
        for section, dev in (
            ("dependencies", False),
            ("optionalDependencies", False),
            ("devDependencies", True),
        ):
            for name in (importer or {}).get(section) or {}:
                direct[name] = direct.get(name, True) and dev
    deps = []
    for key in doc.get("packages") or {}:
        found = _PNPM_KEY.match(str(key))
        if not found:
            continue
        name, version = found.group(1), found.group(2)
        deps.append(
            Dependency(
                Ecosystem.NPM, name, None, version, name in direct, direct.get(name, False), None
            )
        )
    return Parsed(Kind.LOCKFILE, tuple(deps))


PARSERS: tuple[Registration, ...] = (
    ("package.json", parse_package_json),
    ("package-lock.json", parse_package_lock),
    ("npm-shrinkwrap.json", parse_package_lock),
    ("yarn.lock", parse_yarn_lock),
    ("pnpm-lock.yaml", parse_pnpm_lock),
)
