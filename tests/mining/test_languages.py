"""The language catalogue: that it is well-formed, and how files are recognised."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from importlib import resources
from typing import Any

import pytest

from techlead.mining.languages import (
    KINDS,
    Language,
    LanguageIndex,
    catalogue,
    detect_language,
    shebang_interpreter,
)


def raw_catalogue() -> dict[str, Any]:
    """The TOML as written, independent of the loader's own checks."""
    resource = resources.files("techlead") / "mining" / "data" / "languages.toml"
    return tomllib.loads(resource.read_text(encoding="utf-8"))


def name_of(path: str, head: bytes = b"") -> str | None:
    lang = detect_language(path, head)
    return lang.name if lang is not None else None


# --------------------------------------------------------------------------------------
# Catalogue well-formedness

REQUIRED = [
    "Python", "JavaScript", "TypeScript", "JSX", "Java", "Kotlin", "Scala", "Go", "Rust", "C",
    "C++", "C#", "F#", "Objective-C", "Swift", "Ruby", "PHP", "Perl", "Lua", "R", "Julia",
    "Haskell", "Elixir", "Erlang", "Clojure", "Dart", "Groovy", "Shell", "PowerShell",
    "Batch", "SQL", "HTML", "CSS", "SCSS", "Less", "Vue", "Svelte", "XML", "YAML", "JSON",
    "TOML", "INI", "Markdown", "reStructuredText", "AsciiDoc", "Text", "Makefile",
    "Dockerfile", "CMake", "HCL", "Protocol Buffers", "GraphQL", "Nix", "Zig", "OCaml", "Elm",
    "Fortran", "Fortran Free Form", "Assembly", "TeX", "Gradle", "Jupyter Notebook", "CSV",
]  # fmt: skip

# Extensions or file names deliberately claimed by more than one language, with the
# reason. Empty: the loader rejects sharing, so adding one here means changing it too.
SHARED: dict[str, str] = {}


def test_required_languages_present() -> None:
    missing = [name for name in REQUIRED if name not in catalogue()]
    assert missing == []


def test_catalogue_is_loaded_once_and_read_only() -> None:
    assert catalogue() is catalogue()
    with pytest.raises(TypeError):
        catalogue()["New"] = catalogue()["C"]  # type: ignore[index]


def test_every_entry_is_well_formed() -> None:
    raw = raw_catalogue()
    for name, lang in catalogue().items():
        assert lang.name == name
        assert lang.kind in KINDS, name
        for ext in lang.extensions:
            assert ext.startswith("."), (name, ext)
            assert len(ext) > 1 and "/" not in ext, (name, ext)
            assert ext == ext.lower(), f"{name}: list extensions in lower case: {ext}"
        for marker in lang.line_comments + lang.string_quotes + lang.line_start_comments:
            assert marker and marker == marker.rstrip("\n"), (name, marker)
        pairs = lang.block_comments + lang.multiline_strings + lang.line_start_block_comments
        for opener, closer in pairs:
            assert opener and closer, name
        # Something must identify the language.
        entry = raw[name]
        assert any(entry.get(k) for k in ("extensions", "filenames", "filename_prefixes")), name


def test_no_extension_or_file_name_claimed_twice() -> None:
    claims: dict[str, set[str]] = defaultdict(set)
    for name, entry in raw_catalogue().items():
        for ext in entry.get("extensions", []):
            claims[ext.lower()].add(name)
        for filename in entry.get("filenames", []) + entry.get("filename_prefixes", []):
            claims[filename.lower()].add(name)
    shared = {key: sorted(names) for key, names in claims.items() if len(names) > 1}
    assert {key: names for key, names in shared.items() if key not in SHARED} == {}


def test_no_interpreter_claimed_twice() -> None:
    claims: dict[str, set[str]] = defaultdict(set)
    for name, entry in raw_catalogue().items():
        for program in entry.get("interpreters", []):
            claims[program].add(name)
    assert {p: sorted(n) for p, n in claims.items() if len(n) > 1} == {}


def test_comment_syntax_of_key_languages() -> None:
    cat = catalogue()
    for name in ("HTML", "XML", "Markdown"):
        assert cat[name].block_comments == (("<!--", "-->"),), name
        assert cat[name].line_comments == (), name
    assert cat["SQL"].line_comments == ("--",)
    assert cat["SQL"].block_comments == (("/*", "*/"),)
    assert cat["Lua"].line_comments == ("--",)
    assert ("--[[", "]]") in cat["Lua"].block_comments
    assert cat["Haskell"].line_comments == ("--",)
    assert cat["Haskell"].block_comments == (("{-", "-}"),)
    assert cat["Haskell"].nested_comments
    assert cat["Ruby"].line_comments == ("#",)
    assert cat["Ruby"].line_start_block_comments == (("=begin", "=end"),)
    # Python: only "#"; docstrings are strings (code).
    assert cat["Python"].line_comments == ("#",)
    assert cat["Python"].block_comments == ()
    assert ('"""', '"""') in cat["Python"].multiline_strings
    for name in ("C", "C++", "Java", "JavaScript", "TypeScript", "Go", "C#", "Kotlin"):
        assert cat[name].line_comments == ("//",), name
        assert cat[name].block_comments == (("/*", "*/"),), name


# --------------------------------------------------------------------------------------
# Loader validation


def test_loader_rejects_an_extension_claimed_twice() -> None:
    data = {
        "A": {"kind": "programming", "extensions": [".x"]},
        "B": {"kind": "programming", "extensions": [".X"]},  # same once lower-cased
    }
    with pytest.raises(ValueError, match=r"extension '\.x' is claimed by both 'A' and 'B'"):
        LanguageIndex(data)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"kind": "code"}, "kind must be one of"),
        ({"kind": "data", "extension": [".x"]}, "unknown keys"),
        ({"kind": "data", "extensions": ["x"]}, "must look like '.ext'"),
        ({"kind": "data", "extensions": ".x"}, "must be a list"),
        ({"kind": "data", "block_comments": [["/*"]]}, r"\[open, close\] string pairs"),
        ({"kind": "data", "line_comments": ["#"], "string_quotes": ["#"]}, "is both"),
    ],
)
def test_loader_rejects_malformed_entries(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LanguageIndex({"Bad": entry})


# --------------------------------------------------------------------------------------
# Detection


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # Exact file names, anywhere in the tree; they beat extensions.
        ("Makefile", "Makefile"),
        ("sub/dir/GNUmakefile", "Makefile"),
        ("CMakeLists.txt", "CMake"),  # not Text, although it ends in .txt
        ("Dockerfile", "Dockerfile"),
        ("ci/Jenkinsfile", "Groovy"),
        ("Gemfile", "Ruby"),
        ("home/.bashrc", "Shell"),  # a dotfile is a name, not an extension
        ("README", "Text"),
        # Case-insensitive fallback for names.
        ("MAKEFILE", "Makefile"),
        ("dockerfile", "Dockerfile"),
        ("cmakelists.txt", "CMake"),
        # File-name prefixes.
        ("Dockerfile.dev", "Dockerfile"),
        ("docker/dockerfile.alpine", "Dockerfile"),
        ("app.dockerfile", "Dockerfile"),
        # Extensions.
        ("src/main.py", "Python"),
        ("stubs/os.pyi", "Python"),
        ("lib/x.mk", "Makefile"),
        ("a.h", "C"),  # documented choice
        ("a.hpp", "C++"),
        ("a.h++", "C++"),
        ("App.tsx", "TypeScript"),
        ("App.jsx", "JSX"),
        ("index.d.ts", "TypeScript"),
        ("build.gradle", "Gradle"),
        ("build.gradle.kts", "Kotlin"),
        ("settings.kts", "Kotlin"),
        ("notebook.ipynb", "Jupyter Notebook"),
        ("data.csv", "CSV"),
        ("main.tf", "HCL"),
        ("schema.proto", "Protocol Buffers"),
        ("paper.tex", "TeX"),
        ("legacy.f", "Fortran"),
        ("modern.f90", "Fortran Free Form"),
        ("jquery.min.js", "JavaScript"),  # ".min.js" is unknown, so ".js" decides
        ("v1.2.3.py", "Python"),
        # Case-insensitive fallback for extensions.
        ("MAIN.C", "C"),
        ("Script.PY", "Python"),
        ("analysis.R", "R"),
        # Unknown.
        ("foo.unknownext", None),
        ("NOTES", None),
        (".py", None),  # a dotfile named ".py" has no extension
        ("src.py/data", None),  # only the base name matters
        ("", None),
    ],
)
def test_detect_by_name(path: str, expected: str | None) -> None:
    assert name_of(path) == expected


def test_longest_extension_wins() -> None:
    # In the shipped catalogue ".d.ts" and ".ts" agree, so prove the rule on a small
    # hand-made catalogue where they differ.
    index = LanguageIndex(
        {
            "Decl": {"kind": "programming", "extensions": [".d.ts"]},
            "TS": {"kind": "programming", "extensions": [".ts"]},
            "Archive": {"kind": "data", "extensions": [".tar.gz"]},
        }
    )

    def name(path: str) -> str | None:
        lang = index.detect(path)
        return lang.name if lang else None

    assert name("types.d.ts") == "Decl"
    assert name("a.b.d.ts") == "Decl"  # ".b.d.ts" is unknown, ".d.ts" is next
    assert name("app.ts") == "TS"
    assert name("d.ts") == "TS"  # the base name "d.ts" has only the extension ".ts"
    assert name("x.TAR.GZ") == "Archive"
    assert name("x.gz") is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"#!/usr/bin/env python3\nprint(1)\n", "Python"),
        (b"#!/usr/bin/python3.11\n", "Python"),  # version suffix stripped
        (b"#!/usr/bin/env python2.7", "Python"),  # no newline at all
        (b"#!/usr/bin/env -S python3 -u\n", "Python"),  # env options skipped
        (b"#!/usr/bin/env PYTHONPATH=. python3\n", "Python"),  # env assignments skipped
        (b"#!/bin/bash\n", "Shell"),
        (b"#! /bin/sh -e\r\n", "Shell"),  # space after #!, options, CRLF
        (b"#!/usr/bin/zsh\n", "Shell"),
        (b"#!/usr/bin/env node\n", "JavaScript"),
        (b"#!/usr/bin/env ruby2.7\n", "Ruby"),
        (b"#!/usr/bin/perl -w\n", "Perl"),
        (b"#!/usr/bin/env Rscript\n", "R"),
        (b"#!/usr/bin/make -f\n", "Makefile"),
        (b"\xef\xbb\xbf#!/bin/sh\n", "Shell"),  # a BOM before the shebang
        (b"#!/usr/bin/env unknown-interpreter\n", None),
        (b"#!\n", None),
        (b"#!/usr/bin/env\n", None),
        (b"# not a shebang\n", None),
        (b"print('#!/bin/sh')\n", None),
        (b"", None),
    ],
)
def test_detect_by_shebang(head: bytes, expected: str | None) -> None:
    assert name_of("bin/tool", head) == expected


def test_name_beats_shebang() -> None:
    # The shebang is consulted only when the name says nothing.
    assert name_of("notes.txt", b"#!/usr/bin/env python3\n") == "Text"
    assert name_of("Makefile", b"#!/bin/bash\n") == "Makefile"


def test_shebang_interpreter() -> None:
    assert shebang_interpreter(b"#!/usr/bin/env python3.12 -u\n") == "python3.12"
    assert shebang_interpreter(b"#!/bin/bash") == "bash"
    assert shebang_interpreter(b"no shebang") is None


def test_detected_language_is_the_catalogue_entry() -> None:
    lang = detect_language("x.py")
    assert isinstance(lang, Language)
    assert lang is catalogue()["Python"]
