"""Functions and biomarkers of one source file, read with tree-sitter.

A language is a data file in ``queries/`` (see :mod:`techlead.mining.syntax.languages`): one
tree-sitter query whose capture names are this module's vocabulary. The query runs in C;
Python only sweeps the captured nodes (a few per line, not every node of the tree) once, in
document order, with a stack of the nodes that enclose the current one.

Capture names:

``@function``
    a function, method, constructor or anonymous function; ``@name`` inside it names it
    (the first one), ``@parameters`` is its parameter list (its named children count, less
    the node types in ``not_parameters``); where one declaration names several parameters
    (Go's ``a, b int``), each ``@parameter`` inside the function counts one instead
``@class`` / ``@class.name``
    a class-like body (class, struct, interface, trait, impl, object, module); qualifies the
    names of the functions inside and groups methods for cohesion
``@decision``
    a decision point: 1 is added to the cyclomatic complexity of the innermost function
``@logical``
    a short-circuit boolean operator: a decision point, and a term of the innermost
    ``@condition``
``@condition``
    the condition of a branch or loop: two or more ``@logical`` inside make it a complex
    conditional
``@nesting``
    a control structure that nests; ``@flat`` marks one that continues its parent instead
    (``elif``, ``else if``): it gets its parent's depth
``@variable``
    a local variable's name where it is bound (distinct names count)
``@field`` / ``@call``
    the name of a field of the enclosing object used (``self.x``, ``this.x``) and of a method
    of it called (``self.m()``): cohesion (LCOM4) links the methods that share either
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from techlead.mining.syntax.languages import Grammar

__all__ = ["ClassCohesion", "FunctionFacts", "SyntaxFacts", "read"]

SHAPE_NODES = 40  # named nodes a function needs for its shape to speak of duplication

# The order in which captures of one node (same span) are handled: a function before
# its parts, a nesting node before it counts as a decision.
_ORDER = {
    "class": 0,
    "function": 1,
    "nesting": 2,
    "flat": 3,
    "condition": 4,
    "decision": 5,
    "logical": 6,
    "parameters": 7,
    "parameter": 7,
    "name": 8,
    "class.name": 8,
    "variable": 9,
    "field": 9,
    "call": 9,
}


@dataclass(frozen=True)
class FunctionFacts:
    """One function's measures (docs/metrics.md "Code health" defines each)."""

    name: str
    start_line: int  # 1-based
    end_line: int  # 1-based, inclusive
    length: int  # end_line - start_line + 1
    cyclomatic: int
    nesting: int  # deepest control structure inside, counted from the function's body
    parameters: int
    complex_conditionals: int = 0  # branch conditions with two or more logical operators
    bumps: int = 0  # separate chunks of nested conditional logic (each nests 2 or more deep)
    variables: int = 0  # distinct local variable names bound in the function
    shape: str = ""  # hash of the function's syntax tree shape (names and literals left out)


@dataclass(frozen=True)
class ClassCohesion:
    """LCOM4 of one class: the connected groups of its methods (shared fields or calls)."""

    name: str
    start_line: int
    methods: int
    lcom4: int


@dataclass(frozen=True)
class SyntaxFacts:
    functions: tuple[FunctionFacts, ...]
    classes: tuple[ClassCohesion, ...]
    global_nesting: int  # deepest control structure outside every function


class _Open:
    """A captured node while the sweep is inside it."""

    __slots__ = (
        "bumps",
        "calls",
        "complex",
        "counted",
        "decisions",
        "deepest",
        "depth",
        "end",
        "fields",
        "kind",
        "logicals",
        "methods",
        "name",
        "named",
        "node",
        "parameters",
        "prefix",
        "variables",
    )

    def __init__(self, kind: str, node: Any, depth: int = 0) -> None:
        self.kind = kind
        self.node = node
        self.end = node.end_byte
        self.depth = depth
        self.name = ""
        self.prefix = ""
        self.named = False
        self.counted = False
        self.decisions = 1
        self.deepest = 0
        self.complex = 0
        self.bumps = 0
        self.parameters = 0
        self.logicals = 0
        self.variables: set[bytes] = set()
        self.fields: set[bytes] = set()
        self.calls: set[bytes] = set()
        self.methods: list[_Open] = []


def read(grammar: Grammar, source: bytes) -> SyntaxFacts:
    """Parse ``source`` and measure it; a syntax error leaves tree-sitter's recovered tree
    (the functions it still recognises are measured)."""
    tree = grammar.parser.parse(source)
    captures = grammar.cursor().captures(tree.root_node)
    events: list[tuple[int, int, int, str, Any]] = []
    for kind, nodes in captures.items():
        order = _ORDER.get(kind)
        if order is None:  # helper captures such as @_self
            continue
        for node in nodes:
            events.append((node.start_byte, -node.end_byte, order, kind, node))
    events.sort(key=lambda event: event[:3])
    return _sweep(grammar, events)


def _sweep(grammar: Grammar, events: list[tuple[int, int, int, str, Any]]) -> SyntaxFacts:
    stack: list[_Open] = []
    functions: list[_Open] = []
    classes: list[_Open] = []
    flat: set[tuple[int, int]] = set()
    global_nesting = 0
    for start, negative_end, _order, kind, node in events:
        while stack and stack[-1].end <= start:
            _close(stack.pop(), stack)
        function = _innermost(stack, "function")
        if kind == "function":
            item = _Open(kind, node)
            item.prefix = _qualifier(stack)
            stack.append(item)
            functions.append(item)
            owner = _innermost(stack[:-1], "class", stop="function")
            if owner is not None:
                owner.methods.append(item)
        elif kind == "class":
            item = _Open(kind, node)
            item.prefix = _qualifier(stack)
            stack.append(item)
            classes.append(item)
        elif kind == "flat":
            flat.add((start, negative_end))
            for open_item in reversed(stack):  # the @nesting of the same node, pushed just now
                if open_item.kind == "nesting" and open_item.node.start_byte == start:
                    open_item.depth -= 1
                    break
        elif kind == "nesting":
            parent = _innermost(stack, "nesting", stop="function")
            depth = (parent.depth if parent else 0) + 1
            stack.append(_Open(kind, node, depth))
            if function is None:
                global_nesting = max(global_nesting, depth)
        elif kind == "condition":
            stack.append(_Open(kind, node))
        elif function is None and kind not in ("class.name", "name"):
            continue
        elif kind == "decision" and function is not None:
            function.decisions += 1
        elif kind == "logical" and function is not None:
            function.decisions += 1
            condition = _innermost(stack, "condition", stop="function")
            if condition is not None:
                condition.logicals += 1
        elif kind == "parameter" and function is not None:
            function.parameters += 1
        elif kind == "parameters" and function is not None and not function.counted:
            function.counted = True
            function.parameters = sum(
                1 for child in node.named_children if child.type not in grammar.not_parameters
            )
        elif kind == "name" and function is not None and not function.named:
            function.named = True
            function.name = node.text.decode("utf-8", "replace")
        elif kind == "class.name":
            owner = _innermost(stack, "class")
            if owner is not None and not owner.name:
                owner.name = node.text.decode("utf-8", "replace")
        elif kind == "variable" and function is not None:
            function.variables.add(node.text)
        elif kind == "field" and function is not None:
            function.fields.add(node.text)
        elif kind == "call" and function is not None:
            function.calls.add(node.text)
    while stack:
        _close(stack.pop(), stack)
    return SyntaxFacts(
        functions=tuple(_function_facts(_named(item, grammar)) for item in functions),
        classes=_judged(classes, grammar),
        global_nesting=global_nesting,
    )


def _innermost(stack: list[_Open], kind: str, stop: str | None = None) -> _Open | None:
    for item in reversed(stack):
        if item.kind == kind:
            return item
        if stop is not None and item.kind == stop:
            return None
    return None


def _qualifier(stack: list[_Open]) -> str:
    """The qualified name of the innermost class or function around a new function."""
    for item in reversed(stack):
        if item.kind in ("class", "function"):
            return _qualified(item)
    return ""


def _qualified(item: _Open) -> str:
    name = item.name or "(anonymous)"
    return f"{item.prefix}.{name}" if item.prefix else name


def _close(item: _Open, stack: list[_Open]) -> None:
    """Hand what a closing node learnt to the nodes around it."""
    if item.kind == "condition" and item.logicals >= 2:
        function = _innermost(stack, "function")
        if function is not None:
            function.complex += 1
    elif item.kind == "nesting":
        function = _innermost(stack, "function")
        if function is None:
            return
        depth = item.depth
        function.deepest = max(function.deepest, depth, item.deepest)
        parent = _innermost(stack, "nesting", stop="function")
        if parent is not None:
            parent.deepest = max(parent.deepest, depth, item.deepest)
        elif max(depth, item.deepest) >= 2:  # a top-level chunk of nested logic: a bump
            function.bumps += 1


def _named(item: _Open, grammar: Grammar) -> _Open:
    """Name an anonymous function after what holds it (``const f = () => {}``), by the
    language's ``named_by`` table."""
    if item.named or not grammar.named_by:
        return item
    parent = item.node.parent
    field = grammar.named_by.get(parent.type) if parent is not None else None
    name = parent.child_by_field_name(field) if field else None
    if name is not None and name.text:
        item.name = name.text.decode("utf-8", "replace")
        item.named = True
    return item


def _function_facts(item: _Open) -> FunctionFacts:
    node = item.node
    start = node.start_point[0] + 1
    end = max(node.end_point[0] + 1, start)
    if node.end_point[1] == 0 and end > start:  # the node ends at the start of a line
        end -= 1
    return FunctionFacts(
        name=_qualified(item),
        start_line=start,
        end_line=end,
        length=end - start + 1,
        cyclomatic=item.decisions,
        nesting=item.deepest,
        parameters=item.parameters,
        complex_conditionals=item.complex,
        bumps=item.bumps,
        variables=len(item.variables),
        shape=_shape(node),
    )


def _shape(node: Any) -> str:
    """A hash of the function's syntax tree (node types only: names, literals and comments
    are not in tree-sitter's S-expression), or "" for a tree under :data:`SHAPE_NODES`
    nodes: small functions (accessors, stubs, a docstring and a return) share shapes
    without being copies of each other."""
    tree = str(node)
    if tree.count("(") < SHAPE_NODES:
        return ""
    return hashlib.blake2b(tree.encode(), digest_size=8).hexdigest()


def _judged(classes: list[_Open], grammar: Grammar) -> tuple[ClassCohesion, ...]:
    """The cohesion of the classes with methods that take part in their state (a class
    whose methods touch none, an interface or a namespace of functions, is not judged)."""
    if not grammar.cohesion:
        return ()
    found = (_cohesion(item, grammar) for item in classes if item.methods)
    return tuple(cohesion for cohesion in found if cohesion.methods)


def _cohesion(item: _Open, grammar: Grammar) -> ClassCohesion:
    """LCOM4 over the methods that take part in the object's state: those that use one of
    its fields, call one of its methods, or are called by one (constructors left out: by
    name, `__init__`, or named after the class, in Java, C++ and C#). Methods touching no
    state (stubs, static helpers, a null object's methods) are left out: counted, each
    would be a group of its own and call a stateless class incohesive."""
    methods = [
        m for m in item.methods if m.name not in grammar.constructors and m.name != item.name
    ]
    names = {m.name: index for index, m in enumerate(methods)}
    parent = list(range(len(methods)))
    linked: set[int] = set()

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner_of_field: dict[bytes, int] = {}
    for index, method in enumerate(methods):
        for field in method.fields:
            linked.add(index)
            if field in owner_of_field:
                parent[find(index)] = find(owner_of_field[field])
            else:
                owner_of_field[field] = index
        for call in method.calls:
            other = names.get(call.decode("utf-8", "replace"))
            if other is not None:
                linked.update((index, other))
                parent[find(index)] = find(other)
    return ClassCohesion(
        name=_qualified(item),
        start_line=item.node.start_point[0] + 1,
        methods=len(linked),
        lcom4=len({find(index) for index in linked}),
    )
