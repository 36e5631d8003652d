"""Python functions and biomarkers, worked out by hand on a small file."""

from __future__ import annotations

from techlead.mining.syntax.engine import read
from techlead.mining.syntax.languages import grammar_for

SOURCE = b"""\
import os
if os.name:
    for x in y:
        if z:
            pass


class A:
    def __init__(self, a, b=1, *args, **kw):
        self.a = a
        self.b = b

    def f(self, x):
        if x and self.a or y:
            for i in x:
                if i:
                    while True:
                        pass
        elif x:
            pass
        else:
            if x:
                if y:
                    pass
        z = [i for i in x if i]
        return self.a if x else 0

    def g(self):
        return self.b

    def h(self):
        def inner(q):
            return q or 1
        return self.g()
"""


def facts():
    grammar = grammar_for("Python")
    assert grammar is not None
    return read(grammar, SOURCE)


def test_functions_are_named_with_their_class_and_enclosing_function() -> None:
    names = [f.name for f in facts().functions]
    assert names == ["A.__init__", "A.f", "A.g", "A.h", "A.h.inner"]


def test_cyclomatic_nesting_and_biomarkers_of_one_method() -> None:
    f = facts().functions[1]
    # 1 + if + and + or + for + if + while + elif + if + if + comprehension for + its if
    #   + conditional expression = 13
    assert f.cyclomatic == 13
    # if > for > if > while: 4 deep
    assert f.nesting == 4
    # `x and self.a or y`: two logical operators in one branch condition
    assert f.complex_conditionals == 1
    # the if/elif/else is one top-level chunk, nested 4 deep: one bump
    assert f.bumps == 1
    # i (the for loop) and z (assigned); self.a is a field, not a variable
    assert f.variables == 2
    assert (f.start_line, f.end_line, f.length, f.parameters) == (13, 26, 14, 2)


def test_parameters_count_self_and_variadics() -> None:
    assert facts().functions[0].parameters == 5  # self, a, b=1, *args, **kw


def test_nested_function_decisions_are_its_own() -> None:
    h, inner = facts().functions[3:]
    assert (h.cyclomatic, inner.cyclomatic) == (1, 2)  # `q or 1` is the inner's


def test_cohesion_links_methods_sharing_a_field_or_calling_each_other() -> None:
    # f uses a; g uses b; h calls g: {f}, {g, h}; __init__ is a constructor, left out
    [cohesion] = facts().classes
    assert (cohesion.name, cohesion.methods, cohesion.lcom4) == ("A", 3, 2)


def test_global_nesting_is_the_deepest_structure_outside_functions() -> None:
    assert facts().global_nesting == 3  # if > for > if at module level


def test_small_functions_have_no_shape_and_copies_share_theirs() -> None:
    # A copy of a function with other names and literals has its shape; a one-line
    # function has none (too small to speak of duplication).
    body = (
        "    total = 0\n"
        "    for item in {items}:\n"
        "        if item.{field} > {limit}:\n"
        "            total += item.{field} * 2\n"
        "        elif item.{field} < 0:\n"
        "            total -= 1\n"
        "    return total\n"
    )
    source = (
        "def first(items):\n"
        + body.format(items="items", field="size", limit=10)
        + "def second(rows):\n"
        + body.format(items="rows", field="weight", limit=99)
        + "def tiny():\n    return 1\n"
    ).encode()
    grammar = grammar_for("Python")
    assert grammar is not None
    first, second, tiny = read(grammar, source).functions
    assert first.shape and first.shape == second.shape
    assert tiny.shape == ""
