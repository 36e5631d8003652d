"""Complexity of one source file, offline and fast.

Two families of metrics are computed for a file's text:

* **Functions and their biomarkers** (:class:`FunctionMetrics`), and the cohesion of its
  classes, for the languages with a tree-sitter grammar (:data:`SUPPORTED`), read by
  :mod:`techlead.mining.syntax`: cyclomatic complexity counted as lizard counts it, nesting,
  length, parameters, complex conditionals, bumps, variables and the shape of each function's
  syntax tree. docs/metrics.md ("Code health") defines each; docs/lizard-agreement.md measures
  the agreement with lizard on real repositories.

* **Indentation complexity** for any text (:func:`indentation_complexity`), after Adam
  Tornhill, *Your Code as a Crime Scene* (2015), ch. 6, and Hindle, Godfrey & Holt,
  "Reading Beside the Lines: Indentation as a Proxy for Complexity Metrics" (ICPC 2008):
  every non-blank line contributes its leading whitespace in *logical levels*: a tab is one
  level, spaces are divided by the file's indentation unit. The unit is the most common
  increase in leading spaces from one non-blank line to the next among 2, 3, 4 and 8
  (4 if the file shows none). Whitespace-only lines are ignored. The total, the maximum
  (whole levels, rounded down) and the mean over non-blank lines are reported.

:func:`measure` never raises: on languages without a grammar, empty, binary-ish or
unparsable text it returns no functions (or those tree-sitter's error recovery keeps) and
always the indentation figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from techlead.mining.syntax.engine import ClassCohesion, FunctionFacts, read
from techlead.mining.syntax.languages import grammar_for, supported

__all__ = [
    "SUPPORTED",
    "ClassCohesion",
    "FileComplexity",
    "FunctionMetrics",
    "indentation_complexity",
    "measure",
    "measure_source",
]


FunctionMetrics = FunctionFacts
"""Metrics of one function or method (docs/metrics.md defines each; names are qualified by
their classes and enclosing functions, "Class.method")."""


@dataclass(frozen=True)
class FileComplexity:
    """Complexity of one file: its functions and its language-neutral indentation."""

    functions: tuple[FunctionMetrics, ...]
    total_cyclomatic: int  # sum over functions (0 without functions)
    max_cyclomatic: int  # max over functions (0 without functions)
    indentation_total: float  # sum over non-blank lines of their logical indentation level
    indentation_max: int  # deepest logical level of any non-blank line, rounded down
    indentation_mean: float  # indentation_total / number of non-blank lines (0.0 if none)
    classes: tuple[ClassCohesion, ...] = ()  # classes with methods, and their cohesion
    global_nesting: int = 0  # deepest control structure outside every function


SUPPORTED: frozenset[str] = supported()
"""techlead language names for which :func:`measure` reports per-function metrics."""


# --------------------------------------------------------------------------------------
# Indentation


def _indent_unit(lines: list[str]) -> int:
    """The file's indentation unit in spaces: the most common increase among 2, 3, 4, 8
    between the leading spaces of one non-blank line and the next (``lines``: the
    non-blank ones; a line whose leading spaces are followed by a tab is left out)."""
    increases: Counter[int] = Counter()
    previous = 0
    for line in lines:
        width = len(line) - len(line.lstrip(" "))
        if line[width] == "\t":
            continue
        step = width - previous
        if step in (2, 3, 4, 8):
            increases[step] += 1
        previous = width
    if not increases:
        return 4
    # most common; ties go to the smaller unit (a 2-space file also has 4-space jumps)
    return min(increases, key=lambda step: (-increases[step], step))


def _split(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def indentation_complexity(text: str) -> tuple[float, int, float]:
    """(total, max, mean) logical indentation over the non-blank lines of ``text``.

    Tabs count one level each, spaces count ``1 / unit`` where the unit is detected per
    file (see the module docstring). Blank and whitespace-only lines are skipped. The
    maximum is rounded down to whole levels; all three are 0 for text without content.
    """
    lines = [line for line in _split(text) if line.strip()]
    if not lines:
        return 0.0, 0, 0.0
    unit = _indent_unit(lines)
    total = 0.0
    deepest = 0.0
    for line in lines:
        # the leading run of tabs and spaces: tabs are one level, spaces 1 / unit
        width = len(line) - len(line.lstrip(" \t"))
        tabs = line.count("\t", 0, width)
        level = tabs + (width - tabs) / unit
        total += level  # in order, one by one: sum() rounds otherwise on Python 3.12+
        if level > deepest:
            deepest = level
    count = len(lines)
    return total, int(deepest), total / count


# --------------------------------------------------------------------------------------
# Functions


def measure(text: str, language: str | None, path: str = "") -> FileComplexity:
    """Measure one file's text; see :func:`measure_source`."""
    return measure_source(text.encode("utf-8", "surrogateescape"), text, language, path)


def measure_source(
    source: bytes, text: str, language: str | None, path: str = ""
) -> FileComplexity:
    """Measure one file, given as bytes (parsed) and text (indentation). ``language`` is a
    techlead language name (or None); ``path`` picks a dialect's grammar (``.tsx``).

    Never raises on odd input: if parsing fails, the file simply has no functions.
    """
    indent_total, indent_max, indent_mean = indentation_complexity(text)
    grammar = grammar_for(language, path) if language in SUPPORTED else None
    functions: tuple[FunctionMetrics, ...] = ()
    classes: tuple[ClassCohesion, ...] = ()
    global_nesting = 0
    if grammar is not None and source.strip() and b"\x00" not in source:
        try:
            facts = read(grammar, source)
        except (RecursionError, MemoryError, ValueError):  # hostile input: indentation only
            facts = None
        if facts is not None:
            functions = facts.functions
            classes, global_nesting = facts.classes, facts.global_nesting
    cyclomatic = [f.cyclomatic for f in functions]
    return FileComplexity(
        functions=functions,
        total_cyclomatic=sum(cyclomatic),
        max_cyclomatic=max(cyclomatic, default=0),
        indentation_total=indent_total,
        indentation_max=indent_max,
        indentation_mean=indent_mean,
        classes=classes,
        global_nesting=global_nesting,
    )
