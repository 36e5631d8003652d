"""Go functions and biomarkers, worked out by hand on the files in tests/data/syntax/go/."""

from __future__ import annotations

from mining.syntax.reading import reader

facts = reader("Go", "go")


def test_functions_methods_and_function_literals() -> None:
    found = facts("decisions.go")
    names = [(f.name, f.start_line, f.end_line) for f in found.functions]
    assert names == [
        ("Decide", 9, 16),
        ("Loops", 18, 33),
        ("Branches", 35, 54),
        ("Closure", 56, 61),
        ("Closure.(anonymous)", 57, 59),
        ("Unnamed", 63, 63),
    ]
    assert found.classes == ()  # Go has no class bodies: no cohesion


def test_cyclomatic_complexity_counts_lizards_tokens() -> None:
    found = facts("decisions.go").functions
    # Decide: 1 + if + && + || + else-if = 5
    # Loops: 1 + four `for` (three-clause, range, condition-only, bare) + && + || = 7
    # Branches: 1 + `case int, int64` (one case) + `case string` + `case c == nil`
    #   + `case n := <-c` = 5 (default adds nothing)
    # Closure: 1 (the literal's || is its own); the literal: 1 + || = 2
    assert [f.cyclomatic for f in found] == [5, 7, 5, 1, 2, 1]
    # Decide's if and Loops' `for total > 10 && total < 100 || total == 50` have two
    # logical operators each
    assert [f.complex_conditionals for f in found] == [1, 1, 0, 0, 0, 0]


def test_parameters_count_names() -> None:
    found = facts("decisions.go").functions
    # Decide(a, b int, rest ...string): 3 (the receiver and the results are not
    # parameters); Branches(x interface{}, c chan int): 2; the literal func(n int): 1;
    # Unnamed(int, string, ...bool): 3 unnamed ones
    assert [f.parameters for f in found] == [3, 1, 2, 0, 1, 3]


def test_variables_leave_out_the_blank_identifier() -> None:
    found = facts("decisions.go").functions
    # Loops: total, i, item (not `_`); Branches: v (type switch), n (receive), label, other
    # (var); Closure: check
    assert [f.variables for f in found] == [0, 3, 4, 1, 0, 0]


def test_nesting_bumps_and_else_if() -> None:
    found = facts("nesting.go")
    [bumpy] = found.functions
    # 1 + if + if + for + case + if + if + else-if + for = 9
    assert bumpy.cyclomatic == 9
    # for > switch > if: 3 deep; chunks: if>if (2), for>switch>if (3), if/else-if>for (2)
    assert (bumpy.nesting, bumpy.bumps) == (3, 3)


def test_a_syntax_error_keeps_the_functions_tree_sitter_recovers() -> None:
    found = facts("broken.go").functions
    # Bad's missing `)` is repaired: all three come back
    assert [(f.name, f.cyclomatic) for f in found] == [("Good", 2), ("Bad", 1), ("After", 2)]
