"""Per-function complexity of one source file, offline and fast.

Two families of metrics are computed for a file's text:

* **Per-function metrics** (:class:`FunctionMetrics`) for the languages in :data:`SUPPORTED`,
  found with `lizard <https://github.com/terryyin/lizard>`_ (MIT, pure Python, no network,
  no grammar downloads). lizard tokenises the file and recognises functions without a full
  parse, so it tolerates syntax errors and unpreprocessed C/C++.

  ``cyclomatic``
      McCabe's cyclomatic complexity (McCabe 1976, "A Complexity Measure") as lizard counts
      it: 1 plus one for every decision token of the language: ``if``/``elif``/``elsif``,
      loops (``for``, ``foreach``, ``while``, ``until``), ``case``/``when`` labels,
      ``catch``/``except``/``rescue``, the short-circuit operators (``&&``, ``||``,
      ``and``, ``or``) and the ternary / null-coalescing operators (``?``, ``??``, ``?:``).
      ``else``, ``default`` and ``do`` add nothing. Three corrections to lizard 1.24's
      tables are applied: C# ``foreach`` counts (lizard forgets it), Rust ``where`` does not
      (it is a generic bound, not a branch) and Python ``finally`` does not (it always runs).
      Iterator blocks such as Ruby's ``each do ... end`` are method calls, not decisions.
  ``length``
      physical lines from the function's first line (lizard's ``start_line``: the line of
      its name, or ``def``) to its last line (the closing brace or ``end``), inclusive:
      ``end_line - start_line + 1``. Blank and comment lines inside are included; this is
      *not* lizard's NLOC.
  ``parameters``
      lizard's parameter count (Python's ``self``/``cls`` are counted, variadics count
      one each). For PHP, where lizard 1.24 miscounts ``$``-variables, the top-level commas
      between the first ``(`` after the function's name and its matching ``)`` are counted.
  ``nesting``
      lizard reports nesting depth only through a global monkey-patching extension whose
      rules differ by language, so it is computed here, the same way for every language:
      the largest indentation level, *relative to the function's first line*, of any line
      inside the function (after its first line) whose first word is a control-structure
      keyword of the language (``if``, ``else``, ``for``, ``while``, ``switch``/``match``/
      ``when``, ``try``/``catch``, ...; a leading ``}`` is skipped so ``} else {`` counts;
      Ruby/Lua lines that open a ``do`` block count as loops). ``case``/``default`` labels
      do not count. A function without control structures has nesting 0; one ``if`` gives
      1; a loop holding an ``if`` gives 2. Indentation levels are measured as in
      :func:`indentation_complexity`. This relies on conventional formatting (which code
      formatters enforce): one-line nests (``if (a) { if (b) {...} }``) count as 0, and a
      ``switch`` whose ``case`` labels are indented (C, Java, JS) gives the statements in a
      case one level more than gofmt-style ``switch`` (Go), where labels are not indented.
      Control lines of nested functions or lambdas count toward the enclosing function.

* **Indentation complexity** for any text (:func:`indentation_complexity`), after Adam
  Tornhill, *Your Code as a Crime Scene* (2015), ch. 6, and Hindle, Godfrey & Holt,
  "Reading Beside the Lines: Indentation as a Proxy for Complexity Metrics" (ICPC 2008):
  every non-blank line contributes its leading whitespace in *logical levels*: a tab is one
  level, spaces are divided by the file's indentation unit. The unit is the most common
  increase in leading spaces from one non-blank line to the next among 2, 3, 4 and 8
  (4 if the file shows none). Whitespace-only lines are ignored. The total, the maximum
  (whole levels, rounded down) and the mean over non-blank lines are reported.

:func:`measure` never raises: on unsupported languages, empty, binary-ish or unparsable text
it returns no functions (or whatever lizard found) and always the indentation figures.
Speed (lizard 1.24.3, one core of a 2-core machine): about 41,000 lines/s on the Python
standard library and 28,000 lines/s on ``/usr/include`` C headers, so 1,000,000 lines take
roughly 25-35 s on one core, half that with two worker processes. See
``docs/complexity-notes.md`` for the comparison with tree-sitter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import lizard_languages
from lizard_core.extensions import get_extensions
from lizard_core.file_info_builder import FileInfoBuilder

__all__ = [
    "SUPPORTED",
    "FileComplexity",
    "FunctionMetrics",
    "indentation_complexity",
    "measure",
]


@dataclass(frozen=True)
class FunctionMetrics:
    """Metrics of one function or method (see the module docstring for definitions)."""

    name: str  # qualified where lizard gives it ("Class::method", "ns::Class::method")
    start_line: int  # 1-based
    end_line: int  # 1-based, inclusive
    length: int  # physical lines: end_line - start_line + 1 (not NLOC)
    cyclomatic: int  # McCabe cyclomatic complexity
    nesting: int  # maximum nesting depth of control structures inside
    parameters: int


@dataclass(frozen=True)
class FileComplexity:
    """Complexity of one file: its functions and its language-neutral indentation."""

    functions: tuple[FunctionMetrics, ...]
    total_cyclomatic: int  # sum over functions (0 without functions)
    max_cyclomatic: int  # max over functions (0 without functions)
    indentation_total: float  # sum over non-blank lines of their logical indentation level
    indentation_max: int  # deepest logical level of any non-blank line, rounded down
    indentation_mean: float  # indentation_total / number of non-blank lines (0.0 if none)


# --------------------------------------------------------------------------------------
# Language table: techlead language name -> lizard reader, file suffix, nesting keywords

_C_LIKE = frozenset({"if", "else", "for", "while", "do", "switch", "try", "catch", "finally"})
_NESTING_KEYWORDS: dict[str, frozenset[str]] = {
    "Python": frozenset(
        {"if", "elif", "else", "for", "while", "try", "except", "finally", "with", "match"}
    ),
    "JavaScript": _C_LIKE,
    "JSX": _C_LIKE,
    "TypeScript": _C_LIKE,
    "Java": _C_LIKE | {"synchronized"},
    "Kotlin": _C_LIKE | {"when"},
    "Scala": _C_LIKE | {"match"},
    "Go": frozenset({"if", "else", "for", "switch", "select"}),
    "Rust": frozenset({"if", "else", "for", "while", "loop", "match"}),
    "C": _C_LIKE,
    "C++": _C_LIKE,
    "C#": _C_LIKE | {"foreach", "lock"},
    "Objective-C": _C_LIKE | {"@try", "@catch", "@finally", "@synchronized"},
    "Swift": _C_LIKE | {"guard", "repeat", "defer"},
    "Ruby": frozenset(
        {
            "if",
            "unless",
            "elsif",
            "else",
            "while",
            "until",
            "for",
            "case",
            "begin",
            "rescue",
            "ensure",
        }
    ),
    "PHP": _C_LIKE | {"foreach", "elseif"},
    "Perl": _C_LIKE | {"elsif", "unless", "until", "foreach"},
    "Lua": frozenset({"if", "elseif", "else", "for", "while", "repeat"}),
    "R": frozenset({"if", "else", "for", "while", "repeat", "switch"}),
    "Zig": frozenset({"if", "else", "for", "while", "switch"}),
}

# reader class name in lizard_languages, suffix handed to lizard (it only affects naming)
_READERS: dict[str, tuple[str, str]] = {
    "Python": ("PythonReader", ".py"),
    "JavaScript": ("JavaScriptReader", ".js"),
    "JSX": ("TSXReader", ".jsx"),
    "TypeScript": ("TypeScriptReader", ".ts"),
    "Java": ("JavaReader", ".java"),
    "Kotlin": ("KotlinReader", ".kt"),
    "Scala": ("ScalaReader", ".scala"),
    "Go": ("GoReader", ".go"),
    "Rust": ("RustReader", ".rs"),
    "C": ("CLikeReader", ".c"),
    "C++": ("CLikeReader", ".cpp"),
    "C#": ("CSharpReader", ".cs"),
    "Objective-C": ("ObjCReader", ".m"),
    "Swift": ("SwiftReader", ".swift"),
    "Ruby": ("RubyReader", ".rb"),
    "PHP": ("PHPReader", ".php"),
    "Perl": ("PerlReader", ".pl"),
    "Lua": ("LuaReader", ".lua"),
    "R": ("RReader", ".r"),
    "Zig": ("ZigReader", ".zig"),
}

# documented corrections to lizard 1.24's decision-token tables
_ADD_CONDITIONS: dict[str, frozenset[str]] = {"C#": frozenset({"foreach"})}
_DROP_CONDITIONS: dict[str, frozenset[str]] = {
    "Rust": frozenset({"where"}),
    "Python": frozenset({"finally"}),
}

SUPPORTED: frozenset[str] = frozenset(_READERS)
"""techlead language names for which :func:`measure` reports per-function metrics."""

_PROCESSORS: list[Callable[..., Iterable[str]]] = get_extensions([])
_DO_BLOCK = re.compile(r"\bdo\s*(\|[^|]*\|)?\s*(#.*)?$")
_FIRST_WORD = re.compile(r"[}\s)]*(@?[A-Za-z_]\w*)")
_PHP_TOKEN = re.compile(r"""[()\[\]{},]|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|[^()\[\]{},'"]+""")


# --------------------------------------------------------------------------------------
# Indentation


def _indent_unit(lines: list[str]) -> int:
    """The file's indentation unit in spaces: the most common increase among 2, 3, 4, 8."""
    increases: Counter[int] = Counter()
    previous = 0
    for line in lines:
        stripped = line.lstrip(" ")
        if not stripped.strip() or stripped[0] == "\t":
            continue
        width = len(line) - len(stripped)
        step = width - previous
        if step in (2, 3, 4, 8):
            increases[step] += 1
        previous = width
    if not increases:
        return 4
    # most common; ties go to the smaller unit (a 2-space file also has 4-space jumps)
    return min(increases, key=lambda step: (-increases[step], step))


def _level(line: str, unit: int) -> float:
    """Logical indentation of one line: tabs are one level, spaces count 1/unit."""
    tabs = spaces = 0
    for char in line:
        if char == "\t":
            tabs += 1
        elif char == " ":
            spaces += 1
        else:
            break
    return tabs + spaces / unit


def _split(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def indentation_complexity(text: str) -> tuple[float, int, float]:
    """(total, max, mean) logical indentation over the non-blank lines of ``text``.

    Tabs count one level each, spaces count ``1 / unit`` where the unit is detected per
    file (see the module docstring). Blank and whitespace-only lines are skipped. The
    maximum is rounded down to whole levels; all three are 0 for text without content.
    """
    lines = _split(text)
    unit = _indent_unit(lines)
    total = 0.0
    deepest = 0.0
    count = 0
    for line in lines:
        if not line.strip():
            continue
        level = _level(line, unit)
        total += level
        count += 1
        if level > deepest:
            deepest = level
    if count == 0:
        return 0.0, 0, 0.0
    return total, int(deepest), total / count


# --------------------------------------------------------------------------------------
# Functions


def _nesting(lines: list[str], start: int, end: int, language: str, unit: int) -> int:
    """Deepest control-structure line of lines[start..end] (1-based), relative to start."""
    keywords = _NESTING_KEYWORDS.get(language, _C_LIKE)
    do_blocks = language in ("Ruby", "Lua")
    if start < 1 or start > len(lines):
        return 0
    base = int(_level(lines[start - 1], unit))
    deepest = 0
    for line in lines[start : min(end, len(lines))]:
        match = _FIRST_WORD.match(line)
        if match is None:
            continue
        word = match.group(1)
        if word not in keywords and not (do_blocks and _DO_BLOCK.search(line)):
            continue
        depth = int(_level(line, unit)) - base
        if depth > deepest:
            deepest = depth
    return deepest


def _php_parameters(lines: list[str], start: int, name: str) -> int:
    """Count PHP parameters: non-empty top-level pieces of the first (...) after ``name``."""
    text = "\n".join(lines[start - 1 : start + 40])
    short = name.rsplit("::", 1)[-1]
    at = text.find(short)
    at = text.find("(", max(at, 0))
    if at < 0:
        return 0
    depth = 0
    pieces: list[str] = []
    current: list[str] = []
    for token in _PHP_TOKEN.finditer(text, at):
        piece = token.group(0)
        if piece in ("(", "[", "{"):
            depth += 1
        elif piece in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                break
        elif piece == "," and depth == 1:
            pieces.append("".join(current))
            current = []
            continue
        if depth >= 1 and not (depth == 1 and piece == "("):
            current.append(piece)
    pieces.append("".join(current))
    return sum(1 for piece in pieces if piece.strip())


def _lizard_functions(text: str, language: str, path: str) -> list[Any]:
    reader_name, suffix = _READERS[language]
    filename = path if path else "source" + suffix
    context = FileInfoBuilder(filename)
    reader = getattr(lizard_languages, reader_name)(context)
    reader.conditions = (
        set(reader.conditions) | _ADD_CONDITIONS.get(language, frozenset())
    ) - _DROP_CONDITIONS.get(language, frozenset())
    tokens: Iterable[str] = reader.generate_tokens(text)
    for processor in _PROCESSORS:
        tokens = processor(tokens, reader)
    for _ in reader(tokens, reader):
        pass
    return list(context.fileinfo.function_list)


def measure(text: str, language: str | None, path: str = "") -> FileComplexity:
    """Measure one file's text. ``language`` is a techlead language name (or None).

    Per-function metrics are produced for languages in :data:`SUPPORTED`; indentation
    figures for any text. Never raises on odd input: if lizard fails, the file simply has
    no functions. ``path`` is used only to pick lizard's TSX dialect for ``.tsx`` files.
    """
    indent_total, indent_max, indent_mean = indentation_complexity(text)
    functions: list[FunctionMetrics] = []
    if language in SUPPORTED and text.strip() and "\x00" not in text:
        dialect = language
        if language == "TypeScript" and path.lower().endswith(".tsx"):
            dialect = "JSX"
        try:
            found = _lizard_functions(text, dialect, path)
        except Exception:  # lizard on hostile input: keep the indentation figures
            found = []
        if found:
            lines = _split(text)
            unit = _indent_unit(lines)
            for info in found:
                try:
                    start = int(info.start_line)
                    end = max(int(info.end_line), start)
                    name = str(info.name)
                    if language == "PHP":
                        parameters = _php_parameters(lines, start, name)
                    else:
                        parameters = int(info.parameter_count)
                    functions.append(
                        FunctionMetrics(
                            name=name,
                            start_line=start,
                            end_line=end,
                            length=end - start + 1,
                            cyclomatic=int(info.cyclomatic_complexity),
                            nesting=_nesting(lines, start, end, language, unit),
                            parameters=parameters,
                        )
                    )
                except Exception:  # one odd function must not lose the others
                    continue
    cyclomatic = [f.cyclomatic for f in functions]
    return FileComplexity(
        functions=tuple(functions),
        total_cyclomatic=sum(cyclomatic),
        max_cyclomatic=max(cyclomatic, default=0),
        indentation_total=indent_total,
        indentation_max=indent_max,
        indentation_mean=indent_mean,
    )
