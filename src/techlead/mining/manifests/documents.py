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
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number; nesting
        return _failed(kind, None, f"invalid JSON: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):  # 100,000 brackets: the readers recurse
        return "nested too deeply"
    return str(exc).split("\n", 1)[0]


def load_toml(text: str, kind: Kind) -> Loaded:
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        at_end = text.count("\n") + 1 if "end of document" in str(exc) else None
        return _failed(kind, int(found.group(1)) if found else at_end, f"invalid TOML: {exc}")
    except (ValueError, RecursionError) as exc:
        return _failed(kind, None, f"invalid TOML: {_reason(exc)}")


# libyaml's safe loader when PyYAML was built with it: the same documents, ~10x faster
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, kind: Kind) -> Loaded:
    try:
        return yaml.load(text, Loader=_SAFE_LOADER), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        said = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        return _failed(kind, mark.line + 1 if mark else None, f"invalid YAML: {said}")
    except (ValueError, TypeError, RecursionError) as exc:  # 2024-13-45, 5,000 digits
        return _failed(kind, None, f"invalid YAML: {_reason(exc)}")


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


def kind_of(value: Any) -> str:
    """What a document's value is, as a warning says it."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    for types, said in ((dict, "a table"), (list, "a list"), (str, "a string")):
        if isinstance(value, types):
            return said
    return "a number" if isinstance(value, int | float) else f"a {type(value).__name__}"


class Shapes:
    """The types a parser expects of a document's values (a hostile or broken file may
    hold anything): a mismatch is a warning naming the line of the key and what was
    expected, the value reads as empty, and the rest of the file is still read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.warnings: list[ParseWarning] = []

    def document(self, value: Any, what: str) -> dict[str, Any]:
        """The whole document as a table; anything else is a warning at line 1."""
        if isinstance(value, dict):
            return {str(k): v for k, v in value.items()}
        self.warnings.append(ParseWarning(1, f"the file should be {what}, not {kind_of(value)}"))
        return {}

    def table(
        self, value: Any, key: str, what: str = "a table", *, null_ok: bool = True
    ) -> dict[str, Any]:
        """``value`` as a table with string keys (YAML keys may be numbers); None is {}
        (a warning too unless ``null_ok``)."""
        if isinstance(value, dict):
            return {str(k): v for k, v in value.items()}
        if value is not None or not null_ok:
            self.expected(key, what, value)
        return {}

    def array(self, value: Any, key: str, what: str = "a list") -> list[Any]:
        if isinstance(value, list):
            return value
        if value is not None:
            self.expected(key, what, value)
        return []

    def scalar(self, value: Any, key: str) -> str | None:
        """A version or a spec: a string or a number as text; None when absent."""
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if value is not None:
            self.expected(key, "a string", value)
        return None

    def expected(self, key: str, what: str, value: Any) -> None:
        """A warning at the first line naming ``key``: its value should be ``what``."""
        line = line_of(self.text, f'"{key}"') or line_of(self.text, key)
        self.warnings.append(ParseWarning(line, f"'{key}' should be {what}, not {kind_of(value)}"))


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
