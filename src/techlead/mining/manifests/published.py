"""The package a manifest publishes: its own name, as other projects depend on it.

``published(path, text)`` gives (ecosystem, name) for the formats that name the project
itself, normalised as that ecosystem's dependencies are (PEP 503 for PyPI):

* ``pyproject.toml``: ``[project] name``, else ``[tool.poetry] name`` (PyPI);
* ``setup.cfg``: ``[metadata] name`` (PyPI);
* ``package.json``: ``name`` (npm; a ``"private": true`` package publishes nothing);
* ``Cargo.toml``: ``[package] name`` (crates.io);
* ``go.mod``: the ``module`` path (Go);
* ``composer.json``: ``name`` (Packagist);
* ``pom.xml``: ``groupId:artifactId``, the parent's groupId when the project has none
  (Maven).

A malformed file publishes nothing (its dependencies' parser reports it). Other formats
(gemspecs are Ruby code, .csproj rarely names a package) are not read.
"""

from __future__ import annotations

import configparser
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from techlead.mining.manifests.documents import load_json, load_toml, load_xml
from techlead.mining.manifests.model import Ecosystem, Kind
from techlead.mining.manifests.py_formats import normalise

Found = tuple[Ecosystem, str] | None
_MODULE = re.compile(r"^\s*module\s+(\"[^\"]+\"|\S+)", re.MULTILINE)


def published(path: str, text: str) -> tuple[Ecosystem, str] | None:
    name = path.rpartition("/")[2]
    reader = _READERS.get(name)
    if reader is None:
        return None
    found = reader(text)
    return found if found and found[1] else None


def _pyproject(text: str) -> tuple[Ecosystem, str] | None:
    doc, _ = load_toml(text, Kind.MANIFEST)
    if not isinstance(doc, dict):
        return None
    project, tool = doc.get("project"), doc.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    for table in (project, poetry):
        if isinstance(table, dict) and isinstance(table.get("name"), str):
            return Ecosystem.PYPI, normalise(table["name"])
    return None


def _setup_cfg(text: str) -> tuple[Ecosystem, str] | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
        name = parser.get("metadata", "name", fallback=None)
    except (configparser.Error, ValueError):
        return None
    return (Ecosystem.PYPI, normalise(name.strip())) if name and name.strip() else None


def _json_name(ecosystem: Ecosystem) -> Callable[[str], Found]:
    def read(text: str) -> tuple[Ecosystem, str] | None:
        doc, _ = load_json(text, Kind.MANIFEST)
        if not isinstance(doc, dict) or doc.get("private") is True:
            return None
        name = doc.get("name")
        return (ecosystem, name.strip()) if isinstance(name, str) and name.strip() else None

    return read


def _cargo(text: str) -> tuple[Ecosystem, str] | None:
    doc, _ = load_toml(text, Kind.MANIFEST)
    package = doc.get("package") if isinstance(doc, dict) else None
    name = package.get("name") if isinstance(package, dict) else None
    return (Ecosystem.CRATES, name) if isinstance(name, str) else None


def _go_mod(text: str) -> tuple[Ecosystem, str] | None:
    found = _MODULE.search(text)
    return (Ecosystem.GO, found.group(1).strip('"')) if found else None


def _pom(text: str) -> tuple[Ecosystem, str] | None:
    root, _ = load_xml(text, Kind.MANIFEST)
    if root is None:
        return None
    space = root.tag.partition("}")[0] + "}" if root.tag.startswith("{") else ""

    def child(node: ET.Element | None, tag: str) -> str | None:
        found = node.find(f"{space}{tag}") if node is not None else None
        return found.text.strip() if found is not None and found.text else None

    artifact = child(root, "artifactId")
    group = child(root, "groupId") or child(root.find(f"{space}parent"), "groupId")
    return (Ecosystem.MAVEN, f"{group}:{artifact}") if group and artifact else None


_READERS: dict[str, Callable[[str], Found]] = {
    "pyproject.toml": _pyproject,
    "setup.cfg": _setup_cfg,
    "package.json": _json_name(Ecosystem.NPM),
    "Cargo.toml": _cargo,
    "go.mod": _go_mod,
    "composer.json": _json_name(Ecosystem.PACKAGIST),
    "pom.xml": _pom,
}
