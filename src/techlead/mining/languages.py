"""The language catalogue: which language a file is written in, and its comment syntax.

The catalogue is data, not code: ``techlead/mining/data/languages.toml`` holds one table per
language (the file's header documents every key). It is read once, validated, and turned
into dictionaries so that :func:`detect_language` costs a few dict lookups per file.

Detection looks only at a path's base name, then (if that says nothing) at the first line
of the content, in this order:

1. exact file name (``Makefile``, ``CMakeLists.txt``), case-sensitively, then ignoring case;
2. file-name prefix (``Dockerfile.dev``), ignoring case;
3. the longest listed extension (``x.d.ts`` is tried as ``.d.ts`` before ``.ts``;
   ``build.gradle.kts`` as ``.gradle.kts`` before ``.kts``), each suffix case-sensitively,
   then lower-cased. A leading dot is part of the name, not an extension (``.bashrc``);
4. a ``#!`` line: the interpreter's base name, looking through ``env`` (and its options and
   ``VAR=value`` assignments), first as written, then with a version suffix stripped
   (``python3.12`` -> ``python``).

Anything else is ``None``: the caller decides what an unrecognised file is worth.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

KINDS: frozenset[str] = frozenset({"programming", "markup", "data", "prose", "config"})

_LIST_KEYS = (
    "extensions",
    "filenames",
    "filename_prefixes",
    "interpreters",
    "line_comments",
    "line_start_comments",
    "string_quotes",
)
_PAIR_KEYS = ("block_comments", "line_start_block_comments", "multiline_strings")
_ALLOWED_KEYS = frozenset({"kind", "nested_comments", *_LIST_KEYS, *_PAIR_KEYS})


@dataclass(frozen=True)
class Language:
    """One catalogue entry: a name, a kind, and the syntax the line counter needs.

    Only the first four fields are required, so tests and callers can build ad-hoc
    languages; the rest default to "no such syntax".
    """

    name: str
    kind: str  # one of KINDS
    line_comments: tuple[str, ...]
    block_comments: tuple[tuple[str, str], ...]
    nested_comments: bool = False
    line_start_comments: tuple[str, ...] = ()
    line_start_block_comments: tuple[tuple[str, str], ...] = ()
    string_quotes: tuple[str, ...] = ()
    multiline_strings: tuple[tuple[str, str], ...] = ()
    extensions: tuple[str, ...] = ()
    filenames: tuple[str, ...] = ()


class LanguageIndex:
    """A validated catalogue and the lookup tables detection needs.

    Build one from parsed catalogue TOML (a mapping of language name to table); the shipped
    catalogue's index is :func:`default_index`. Raises ValueError naming the language and
    key at fault, including when two languages claim the same extension, file name,
    file-name prefix or interpreter.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        languages: dict[str, Language] = {}
        self._by_name: dict[str, Language] = {}
        self._by_name_lower: dict[str, Language] = {}
        self._by_ext: dict[str, Language] = {}
        self._by_ext_lower: dict[str, Language] = {}
        self._by_interpreter: dict[str, Language] = {}
        by_prefix: dict[str, Language] = {}
        for name, entry in data.items():
            lang, detection = _parse_entry(name, entry)
            languages[name] = lang
            for filename in detection["filenames"]:
                _claim(self._by_name, filename, lang, "file name")
                _claim(self._by_name_lower, filename.lower(), lang, "file name")
            for prefix in detection["filename_prefixes"]:
                _claim(by_prefix, prefix.lower(), lang, "file-name prefix")
            for ext in detection["extensions"]:
                _claim(self._by_ext, ext, lang, "extension")
                _claim(self._by_ext_lower, ext.lower(), lang, "extension")
            for program in detection["interpreters"]:
                _claim(self._by_interpreter, program, lang, "interpreter")
        self.languages: Mapping[str, Language] = MappingProxyType(languages)
        # Longest prefix first, should one ever be a prefix of another.
        self._prefixes = tuple(sorted(by_prefix.items(), key=lambda item: -len(item[0])))
        self._prefix_tuple = tuple(prefix for prefix, _ in self._prefixes)

    def detect(self, path: str, head: bytes = b"") -> Language | None:
        """See :func:`detect_language`."""
        base = path.rpartition("/")[2]

        lang = self._by_name.get(base)
        if lang is not None:
            return lang
        lower = base.lower()
        lang = self._by_name_lower.get(lower)
        if lang is not None:
            return lang

        if self._prefix_tuple and lower.startswith(self._prefix_tuple):
            for prefix, prefixed in self._prefixes:
                if lower.startswith(prefix):
                    return prefixed

        # Suffixes from the longest (first dot after position 0) to the shortest.
        by_ext, by_ext_lower = self._by_ext, self._by_ext_lower
        dot = base.find(".", 1)
        while dot != -1:
            ext = base[dot:]
            lang = by_ext.get(ext)
            if lang is None:
                lang = by_ext_lower.get(ext.lower())
            if lang is not None:
                return lang
            dot = base.find(".", dot + 1)

        if head:
            program = shebang_interpreter(head)
            if program is not None:
                lang = self._by_interpreter.get(program)
                if lang is None:
                    lang = self._by_interpreter.get(_strip_version(program))
                return lang
        return None


def default_index() -> LanguageIndex:
    """The index of the shipped catalogue, loaded and validated on first use."""
    return _default_index()


def catalogue() -> Mapping[str, Language]:
    """Every language in the shipped catalogue, by name (read-only, loaded once)."""
    return _default_index().languages


def detect_language(path: str, head: bytes = b"") -> Language | None:
    """The language of the file at repository-relative POSIX ``path``, or None.

    Only the base name of ``path`` matters. ``head`` is the start of the content (its first
    line is enough); it is consulted only for a ``#!`` line when the name says nothing.
    """
    return _default_index().detect(path, head)


def shebang_interpreter(head: bytes) -> str | None:
    """The program a ``#!`` first line runs (``env`` looked through), or None."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.startswith(b"#!"):
        return None
    line = head[2:].split(b"\n", 1)[0].decode("utf-8", errors="replace")
    words = line.split()
    if not words:
        return None
    program = words[0].rpartition("/")[2]
    if program == "env":
        program = ""
        for word in words[1:]:
            # env's own options (-S, -i, -u NAME is rare enough to ignore) and assignments.
            if word.startswith("-") or "=" in word:
                continue
            program = word.rpartition("/")[2]
            break
    return program or None


_VERSION_SUFFIX = re.compile(r"[-_.]?[0-9][0-9.]*$")


def _strip_version(program: str) -> str:
    """``python3.12`` -> ``python``, ``ruby2.7`` -> ``ruby``, ``bash`` -> ``bash``."""
    return _VERSION_SUFFIX.sub("", program)


# ---------------------------------------------------------------------------------------
# Loading and validation


@functools.cache
def _default_index() -> LanguageIndex:
    resource = resources.files("techlead") / "mining" / "data" / "languages.toml"
    return LanguageIndex(tomllib.loads(resource.read_text(encoding="utf-8")))


def _claim(table: dict[str, Language], key: str, lang: Language, what: str) -> None:
    other = table.get(key)
    if other is not None and other is not lang:
        raise ValueError(
            f"language catalogue: {what} {key!r} is claimed by both "
            f"{other.name!r} and {lang.name!r}"
        )
    table[key] = lang


def _parse_entry(name: str, entry: Any) -> tuple[Language, dict[str, tuple[str, ...]]]:
    where = f"language catalogue: [{name}]"
    if not isinstance(entry, dict):
        raise ValueError(f"{where} must be a table")
    unknown = set(entry) - _ALLOWED_KEYS
    if unknown:
        raise ValueError(
            f"{where} has unknown keys {sorted(unknown)}; allowed: {sorted(_ALLOWED_KEYS)}"
        )
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{where} kind must be one of {sorted(KINDS)}, not {kind!r}")
    nested = entry.get("nested_comments", False)
    if not isinstance(nested, bool):
        raise ValueError(f"{where} nested_comments must be true or false")

    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"{where} {key} must be a list of non-empty strings")
        lists[key] = tuple(value)
    pairs: dict[str, tuple[tuple[str, str], ...]] = {}
    for key in _PAIR_KEYS:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(v, str) and v for v in p)
            for p in value
        ):
            raise ValueError(f"{where} {key} must be a list of [open, close] string pairs")
        pairs[key] = tuple((p[0], p[1]) for p in value)

    for ext in lists["extensions"]:
        if not ext.startswith(".") or len(ext) < 2 or "/" in ext:
            raise ValueError(f"{where} extension {ext!r} must look like '.ext'")
    for filename in (*lists["filenames"], *lists["filename_prefixes"]):
        if "/" in filename:
            raise ValueError(f"{where} file name {filename!r} must be a base name")

    # A marker may play only one role, otherwise the scanner cannot tell what it saw.
    roles: dict[str, str] = {}
    for role, markers in (
        ("line comment", lists["line_comments"]),
        ("string quote", lists["string_quotes"]),
        ("block comment", tuple(o for o, _ in pairs["block_comments"])),
        ("multi-line string", tuple(o for o, _ in pairs["multiline_strings"])),
    ):
        for marker in markers:
            if marker in roles:
                raise ValueError(
                    f"{where} marker {marker!r} is both a {roles[marker]} and a {role}"
                )
            roles[marker] = role

    lang = Language(
        name=name,
        kind=kind,
        line_comments=lists["line_comments"],
        block_comments=pairs["block_comments"],
        nested_comments=nested,
        line_start_comments=lists["line_start_comments"],
        line_start_block_comments=pairs["line_start_block_comments"],
        string_quotes=lists["string_quotes"],
        multiline_strings=pairs["multiline_strings"],
        extensions=lists["extensions"],
        filenames=lists["filenames"],
    )
    detection = {
        k: lists[k] for k in ("extensions", "filenames", "filename_prefixes", "interpreters")
    }
    return lang, detection


def programming_languages() -> frozenset[str]:
    """The names of the catalogue's programming languages (not markup, data, prose or
    configuration)."""
    return frozenset(n for n, lang in catalogue().items() if lang.kind == "programming")
