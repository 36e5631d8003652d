"""C functions and biomarkers, worked out by hand on the files in tests/data/syntax/c/."""

from __future__ import annotations

from mining.syntax.reading import reader

facts = reader("C", "c")


def test_function_definitions_are_found_with_their_names() -> None:
    found = facts("decisions.c")
    names = [(f.name, f.start_line, f.end_line) for f in found.functions]
    # `char *name_of(...)`: the name is inside a pointer declarator
    assert names == [
        ("decide", 3, 11),
        ("loops", 13, 26),
        ("branches", 28, 51),
        ("nothing", 53, 55),
        ("name_of", 57, 60),
    ]
    assert found.classes == ()


def test_cyclomatic_complexity_counts_lizards_tokens_and_preprocessor_branches() -> None:
    found = facts("decisions.c").functions
    # decide: 1 + if + && + || + else-if + ?: = 6
    # loops: 1 + for + while + do-while + && = 5
    # branches: 1 + case + case + #ifdef + #if + its && + #elif = 7 (`default`, `#ifndef`
    #   and `#else` add nothing; lizard reads the `#if` line as one token and gives 6)
    # nothing: 1; name_of: 1 + ?: = 2
    assert [f.cyclomatic for f in found] == [6, 5, 7, 1, 2]
    assert [f.complex_conditionals for f in found] == [1, 0, 0, 0, 0]


def test_parameters_leave_out_void_and_the_ellipsis() -> None:
    found = facts("decisions.c").functions
    # decide(int a, int b, const char *rest, ...): 3; nothing(void): 0
    assert [f.parameters for f in found] == [3, 2, 1, 0, 1]


def test_variables_are_local_declarations() -> None:
    found = facts("decisions.c").functions
    # loops: total, i, *p (initialised pointer), copy[4]
    assert [f.variables for f in found] == [0, 4, 0, 0, 0]


def test_nesting_bumps_and_else_if() -> None:
    found = facts("nesting.c")
    [bumpy] = found.functions
    # 1 + if + if + for + while + if + if + else-if + case = 9
    assert bumpy.cyclomatic == 9
    # for > while > if: 3 deep; chunks: if>if (2), for>while>if (3), if/else-if>switch (2)
    assert (bumpy.nesting, bumpy.bumps, bumpy.variables) == (3, 3, 1)


def test_a_syntax_error_keeps_the_functions_tree_sitter_recovers() -> None:
    found = facts("broken.c").functions
    # bad's missing `)` is repaired: all three come back (bad: 1 + if)
    assert [(f.name, f.cyclomatic) for f in found] == [("good", 2), ("bad", 2), ("after", 2)]
