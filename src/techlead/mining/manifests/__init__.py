"""Dependency manifests and lockfiles: which file is read by which parser.

Every parser module (one per family of ecosystems) exposes ``PARSERS``, pairs of a path
glob and a pure parser (see :mod:`techlead.mining.manifests.model`). :func:`parser_for`
returns the parser of a path, the first whose glob matches in the order below; vendored
folders (``node_modules/``, ``vendor/`` ...) are never read as the project's manifests.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache

from techlead.core.globs import glob_to_regex
from techlead.mining.classify import VENDORED_PATTERNS
from techlead.mining.manifests.model import (
    Dependency,
    Parsed,
    Parser,
    ParseWarning,
    Reader,
    Registration,
)

# Parser modules, in the order their globs are tried; imported on first use so that
# importing one parser module does not import them all.
MODULES = ("py_formats", "js_formats", "native_formats", "build_formats")


def registrations() -> tuple[Registration, ...]:
    modules = [importlib.import_module(f"{__name__}.{name}") for name in MODULES]
    return tuple(pair for module in modules for pair in module.PARSERS)


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], tuple[Parser, ...], re.Pattern[str]]:
    pairs = registrations()
    # One alternation with a named group per parser: one regex pass per path.
    regex = "|".join(f"(?P<p{i}>{glob_to_regex(glob)})" for i, (glob, _) in enumerate(pairs))
    vendored = "|".join(glob_to_regex(glob) for glob in VENDORED_PATTERNS)
    return re.compile(f"^(?:{regex})$"), tuple(p for _, p in pairs), re.compile(f"^(?:{vendored})$")


def parser_for(path: str) -> Parser | None:
    """The parser for the file at ``path`` (a repository path), or None."""
    regex, parsers, vendored = _compiled()
    if vendored.match(path):
        return None
    found = regex.match(path)
    if found is None or found.lastgroup is None:
        return None
    return parsers[int(found.lastgroup[1:])]


class Unreadable(Exception):
    """A manifest no parser could read, for a reason the parser did not foresee."""


def parse_file(parser: Parser, path: str, text: str, read: Reader) -> Parsed:
    """``parser``'s reading of the file, with every dependency's fields of the types the
    warehouse stores. Parsers check the shapes they expect and warn; a failure none of
    them foresaw in a hostile file raises Unreadable (one line), which callers turn into a
    warning, so that one file never ends a scan."""
    try:
        parsed = parser(path, text, read)
    except (RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        said = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise Unreadable(
            f"not read ({type(exc).__name__}: {said.splitlines()[0] if said else ''})"
        ) from None
    kept = tuple(d for d in parsed.dependencies if _storable(d))
    if len(kept) == len(parsed.dependencies):
        return parsed
    dropped = ParseWarning(
        None,
        f"{len(parsed.dependencies) - len(kept)} entries without a usable name or version left out",
    )
    return Parsed(parsed.kind, kept, (*parsed.warnings, dropped))


def _storable(dep: Dependency) -> bool:
    optional = (dep.spec, dep.version)
    return (
        isinstance(dep.name, str)
        and bool(dep.name.strip())
        and all(v is None or isinstance(v, str) for v in optional)
        and (dep.line is None or (isinstance(dep.line, int) and 0 < dep.line < 2**31))
    )
