"""Java functions and biomarkers, worked out by hand on the files in tests/data/syntax/java/."""

from __future__ import annotations

from mining.syntax.reading import reader

facts = reader("Java", "java")


def test_methods_constructors_and_anonymous_class_methods_but_not_lambdas() -> None:
    names = [(f.name, f.start_line, f.end_line) for f in facts("Decisions.java").functions]
    # the abstract area() has no body; the lambdas belong to withLambda; the anonymous
    # class's toString starts at its @Override line
    assert names == [
        ("Decisions.Decisions", 8, 10),
        ("Decisions.decide", 12, 20),
        ("Decisions.loops", 22, 33),
        ("Decisions.branches", 35, 54),
        ("Decisions.withLambda", 56, 71),
        ("Decisions.withLambda.(anonymous).toString", 63, 66),
    ]


def test_cyclomatic_complexity_counts_lizards_tokens() -> None:
    found = facts("Decisions.java").functions
    # decide: 1 + if + && + || + else-if + ?: = 6
    # loops: 1 + for + for-each + while + do-while = 5
    # branches: 1 + `case 1` + `case 2, 3` (one label) + `case 4 ->` + catch = 5
    # withLambda: 1 + the lambda's if = 2; toString: 1 + ?: = 2
    assert [f.cyclomatic for f in found] == [1, 6, 5, 5, 2, 2]


def test_conditions_parameters_and_variables() -> None:
    found = facts("Decisions.java").functions
    # `a > 0 && b > 0 || rest.length > 2`: two logical operators in the if's condition
    assert [f.complex_conditionals for f in found] == [0, 1, 0, 0, 0, 0]
    # decide(int a, int b, String... rest): 3
    assert [f.parameters for f in found] == [1, 3, 1, 1, 1, 0]
    # loops: i, item; branches: y (the catch parameter is not a local declaration);
    # withLambda: o, a, b
    assert [f.variables for f in found] == [0, 0, 2, 1, 3, 0]


def test_nesting_bumps_and_else_if() -> None:
    found = facts("Nesting.java")
    [bumpy] = found.functions
    # 1 + if + if + for + while + if + else-if = 7
    assert bumpy.cyclomatic == 7
    # for > while > synchronized: 3 deep; chunks: if>if (2), for>while>synchronized (3),
    # if/else-if>try (2; else if stays at depth 1): 3 bumps
    assert (bumpy.nesting, bumpy.bumps) == (3, 3)
    assert found.global_nesting == 0


def test_cohesion_counts_this_qualified_fields_only() -> None:
    # deposit/withdraw share this.balance; report calls this.describe(); bare() uses
    # `balance` unqualified, which a query cannot tell from a local: it stays alone.
    # So it touches no state a query sees and is left out, like the constructor (named
    # after the class). Groups: 2 of 4 methods.
    [account] = facts("Cohesion.java").classes
    assert (account.name, account.methods, account.lcom4) == ("Account", 4, 2)


def test_a_syntax_error_keeps_the_functions_tree_sitter_recovers() -> None:
    found = facts("Broken.java").functions
    # all three come back: bad's missing `)` is repaired; after: 1 + || + ?: = 3
    assert [(f.name, f.cyclomatic) for f in found] == [
        ("Broken.good", 2),
        ("Broken.bad", 2),
        ("Broken.after", 3),
    ]
