"""Docstring coverage of a Python file, read with Python's own parser (``ast``).

``coverage(text)`` gives (documentable, documented): the module itself when it holds any
statement, and every public class, function and method (a name not starting with ``_``;
``__init__`` and the other dunders are not counted: their class's docstring speaks for
them), at any depth; documented are those whose body starts with a string literal (the
docstring). A file Python cannot parse (a syntax error, Python 2, a null byte) gives None:
nothing is known, rather than zero. Nesting deeper than the parser allows gives None too.
"""

from __future__ import annotations

import ast
import warnings

Coverage = tuple[int, int] | None

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def coverage(text: str) -> Coverage:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in old code
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    documentable = documented = 0
    if tree.body:
        documentable += 1
        documented += ast.get_docstring(tree, clean=False) is not None
    for node in ast.walk(tree):
        if isinstance(node, _DEFINITIONS) and not node.name.startswith("_"):
            documentable += 1
            documented += ast.get_docstring(node, clean=False) is not None
    return documentable, documented
