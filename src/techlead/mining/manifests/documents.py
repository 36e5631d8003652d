"""Reading the text of manifests: JSON, TOML, YAML and XML with the line of any syntax
error, line numbers of a declaration, and backslash-continued lines.

XML from repositories is untrusted: it is parsed with defusedxml, which refuses a document
type declaration (and with it entity expansion bombs and external entities) instead of
reading it; such a file is a warning like a malformed one, and nothing is read from it.
"""

from __future__ import annotations

import json
import re
import tomllib
import xml.etree.ElementTree as ET
from typing import Any

import defusedxml  # type: ignore[import-untyped]
import defusedxml.ElementTree as DefusedET  # type: ignore[import-untyped]
import yaml

from techlead.mining.manifests.model import Kind, Parsed, ParseWarning

Loaded = tuple[Any, Parsed | None]  # the document, or None and a Parsed with the warning


def _failed(kind: Kind, line: int | None, message: str) -> Loaded:
    return None, Parsed(kind, (), (ParseWarning(line, message),))


def load_json(text: str, kind: Kind) -> Loaded:
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return _failed(kind, exc.lineno, f"invalid JSON: {exc.msg}")


def load_toml(text: str, kind: Kind) -> Loaded:
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        at_end = text.count("\n") + 1 if "end of document" in str(exc) else None
        return _failed(kind, int(found.group(1)) if found else at_end, f"invalid TOML: {exc}")


# libyaml's safe loader when PyYAML was built with it: the same documents, ~10x faster
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, kind: Kind) -> Loaded:
    try:
        return yaml.load(text, Loader=_SAFE_LOADER), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return _failed(kind, mark.line + 1 if mark else None, f"invalid YAML: {exc}")


def load_xml(text: str, kind: Kind) -> tuple[ET.Element | None, Parsed | None]:
    """The root element, or None and a Parsed with the warning (malformed or refused)."""
    try:
        root: ET.Element = DefusedET.fromstring(text, forbid_dtd=True)
    except ET.ParseError as exc:
        return None, Parsed(kind, (), (ParseWarning(exc.position[0], f"invalid XML: {exc}"),))
    except defusedxml.DTDForbidden:
        refused, line = "DTDs (<!DOCTYPE>) are", line_of(text, "<!DOCTYPE")
    except defusedxml.EntitiesForbidden:
        refused, line = "entity declarations are", line_of(text, "<!ENTITY")
    except defusedxml.DefusedXmlException:
        refused, line = "external references are", None
    else:
        return root, None
    return _failed(kind, line, f"invalid XML: {refused} refused in untrusted files")


def line_of(text: str, needle: str, start: int = 0) -> int | None:
    """The 1-based line where ``needle`` first occurs at or after offset ``start``."""
    position = text.find(needle, max(start, 0))
    return text.count("\n", 0, position) + 1 if position >= 0 else None


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with backslash continuations joined, each with the number of its first line."""
    joined: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        joined.append((start, pending + raw))
        pending = ""
    if pending:
        joined.append((start, pending))
    return joined
