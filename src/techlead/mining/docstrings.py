"""Docstring coverage of a Python file, read with Python's own parser (``ast``).

``coverage(text)`` gives (documentable, documented): the module itself when it holds any
statement, and every public class, function and method (a name not starting with ``_``;
``__init__`` and the other dunders are not counted: their class's docstring speaks for
them), at any depth; documented are those whose body starts with a string literal (the
docstring). A file Python cannot parse (a syntax error, Python 2, a null byte) gives None:
nothing is known, rather than zero. Nesting deeper than the parser allows gives None too.

Speed (a scan reads every Python file at HEAD and the past versions of its hotspots): the
cyclic garbage collector is paused while ``ast`` builds the tree (a syntax tree holds no
reference cycles, and the collector would otherwise run every few hundred nodes, half the
cost of parsing), and only statements are visited, since a definition is a statement:
expressions, the bulk of the tree, are never walked.
"""

from __future__ import annotations

import ast
import gc
import warnings

Coverage = tuple[int, int] | None

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# the nodes that hold statements: statements themselves, `except` handlers, `case` arms
_HOLDERS = (ast.stmt, ast.excepthandler, ast.match_case)


def coverage(text: str) -> Coverage:
    try:
        tree = _parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    documentable = documented = 0
    if tree.body:
        documentable += 1
        documented += _documented(tree.body)
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, _DEFINITIONS) and not node.name.startswith("_"):
            documentable += 1
            documented += _documented(node.body)
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list) and value and isinstance(value[0], _HOLDERS):
                todo.extend(value)
    return documentable, documented


def _parse(text: str) -> ast.Module:
    enabled = gc.isenabled()
    gc.disable()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in old code
            return ast.parse(text)
    finally:
        if enabled:
            gc.enable()


def _documented(body: list[ast.stmt]) -> bool:
    """Whether a body starts with a string literal, as ``ast.get_docstring`` decides."""
    first = body[0] if body else None
    return (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
