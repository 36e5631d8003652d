"""The grammars techlead reads, each described by a data file in ``queries/``.

A file ``queries/NAME.toml`` holds:

- ``language``: techlead's language name, as :mod:`techlead.mining.languages` detects it;
- ``module`` and ``entry``: the grammar wheel's module and the function returning its
  language pointer;
- ``query``: the capture vocabulary of :mod:`techlead.mining.syntax.engine`;
- optionally ``not_parameters`` (named children of a parameter list that are not
  parameters), ``constructors`` (method names left out of cohesion), ``named_by`` (parent
  node type -> the field naming an anonymous function it holds: JavaScript's
  ``variable_declarator = "name"`` names ``const f = () => {}``), ``cohesion = false``
  (classes are not judged for cohesion: fields are read without ``this``, so a query cannot
  see them) and ``suffixes`` (file name endings that select this grammar over the
  language's default, e.g. ``.tsx``).

Grammars come from pinned wheels on PyPI (compiled; nothing is downloaded at run time) and
are loaded on first use, once per process.
"""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import tree_sitter

__all__ = ["Grammar", "grammar_for", "supported"]


@dataclass(frozen=True)
class Spec:
    file: str
    language: str
    module: str
    entry: str
    query: str
    not_parameters: frozenset[str]
    constructors: frozenset[str]
    named_by: dict[str, str]
    cohesion: bool
    suffixes: tuple[str, ...]


class Grammar:
    """A loaded grammar: its parser and compiled query (one per process and language)."""

    def __init__(self, spec: Spec) -> None:
        module = importlib.import_module(spec.module)
        self.spec = spec
        self.language = tree_sitter.Language(getattr(module, spec.entry)())
        self.parser = tree_sitter.Parser(self.language)
        self.query = tree_sitter.Query(self.language, spec.query)
        self.not_parameters = spec.not_parameters
        self.constructors = spec.constructors
        self.named_by = spec.named_by
        self.cohesion = spec.cohesion

    def cursor(self) -> Any:
        return tree_sitter.QueryCursor(self.query)


@cache
def _specs() -> tuple[Spec, ...]:
    found: list[Spec] = []
    folder = resources.files("techlead.mining.syntax") / "queries"
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        found.append(
            Spec(
                file=entry.name,
                language=data["language"],
                module=data["module"],
                entry=data.get("entry", "language"),
                query=data["query"],
                not_parameters=frozenset(data.get("not_parameters", ["comment"])),
                constructors=frozenset(data.get("constructors", [])),
                named_by=dict(data.get("named_by", {})),
                cohesion=bool(data.get("cohesion", True)),
                suffixes=tuple(data.get("suffixes", [])),
            )
        )
    return tuple(found)


def supported() -> frozenset[str]:
    """techlead language names with a grammar."""
    return frozenset(spec.language for spec in _specs())


def _spec_for(language: str, path: str) -> Spec | None:
    lowered = path.lower()
    default = None
    for spec in _specs():
        if spec.language != language:
            continue
        if spec.suffixes:
            if lowered.endswith(spec.suffixes):
                return spec
        elif default is None:
            default = spec
    return default


@cache
def _load(file: str) -> Grammar:
    [spec] = [spec for spec in _specs() if spec.file == file]
    return Grammar(spec)


def grammar_for(language: str | None, path: str = "") -> Grammar | None:
    """The grammar for a file of ``language`` at ``path``, or None without one."""
    if language is None:
        return None
    spec = _spec_for(language, path)
    return None if spec is None else _load(spec.file)
