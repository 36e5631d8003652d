"""Swift functions and biomarkers, worked out by hand on tests/data/syntax/swift/."""

from __future__ import annotations

from mining.syntax.reading import reader
from techlead.mining.syntax.engine import FunctionFacts

facts = reader("Swift", "swift")


def functions(name: str) -> dict[str, FunctionFacts]:
    return {f.name: f for f in facts(name).functions}


def test_decisions() -> None:
    found = functions("Decisions.swift")
    assert list(found) == [
        "Decisions.straight",
        "Decisions.branches",
        "Decisions.closures",
        "Decisions.get",  # sign's getter and setter
        "Decisions.set",
        "Decisions.isPositive",  # a read-only computed property
    ]
    assert found["Decisions.straight"].cyclomatic == 1
    # 1 + if + else if + guard + for (its `where` is not counted) + while + repeat-while
    # + `case 1, 2` + `case let n where` (default is not counted) + catch + catch + ?:
    # + ?? + && + || + ?: = 16; `s?.count` and `try` are no decisions
    assert found["Decisions.branches"].cyclomatic == 16
    # closures are not functions: 1 + their two ?:
    assert found["Decisions.closures"].cyclomatic == 3
    assert found["Decisions.get"].cyclomatic == 2
    assert found["Decisions.set"].cyclomatic == 1
    assert found["Decisions.isPositive"].cyclomatic == 2  # 1 + &&


def test_nesting_and_bumps() -> None:
    found = functions("Nesting.swift")
    deep = found["deep"]
    # if > for > while: 3; the switch in the else is 2; one chunk: one bump;
    # 1 + if + for + while + else if + case 0 = 6
    assert (deep.nesting, deep.bumps, deep.cyclomatic) == (3, 1, 6)
    bumps = found["bumps"]
    # if > guard (2): a bump; the for (1) is not; do > repeat-while (2): a bump;
    # 1 + if + guard + for + repeat-while = 5
    assert (bumps.nesting, bumps.bumps, bumps.cyclomatic) == (2, 2, 5)
    chain = found["elseIfChain"]
    # if / else if / else if / else: every branch at depth 1 (no deeper); 1 + if + 2 * else if = 4
    assert (chain.nesting, chain.bumps, chain.cyclomatic) == (1, 0, 4)


def test_complex_conditionals() -> None:
    [check] = facts("Conditionals.swift").functions
    # the if's `&& ||` and the guard's `|| ||`; not the while's single &&, nor the value
    # of y (not a branch condition)
    assert check.complex_conditionals == 2
    # 1 + if + && + || + while + && + && + || + guard + || + || = 11
    assert check.cyclomatic == 11


def test_parameters() -> None:
    counts = {f.name: f.parameters for f in facts("Parameters.swift").functions}
    # default values and labels are parts of one parameter; `rest: Int...` counts
    assert counts == {
        "Parameters.init": 2,
        "Parameters.none": 0,
        "Parameters.three": 3,
        "Parameters.generic": 2,
        "Parameters.subscript": 1,
    }


def test_variables() -> None:
    [locals_] = facts("Variables.swift").functions
    # a, b, c, d (a tuple pattern), x (for), t (if let), u (guard let), e (in a closure,
    # which is not a function); the closure's `item` is a parameter
    assert locals_.variables == 8


def test_cohesion_is_not_judged() -> None:
    # Properties are read without `self` (a query cannot tell them from locals): the
    # query file says `cohesion = false`, so no class is judged, though methods are still
    # qualified by their type
    found = facts("Cohesion.swift")
    assert found.classes == ()
    assert any(f.name.startswith("Account.") for f in found.functions)


def test_global_nesting_of_top_level_code() -> None:
    found = facts("main.swift")
    assert found.global_nesting == 3  # if > for > if in main.swift
    [twice] = found.functions
    assert (twice.name, twice.cyclomatic) == ("twice", 2)


def test_syntax_error_keeps_the_recovered_functions() -> None:
    found = functions("SyntaxError.swift")
    # `let x =` has no value; every method is still read
    assert list(found) == ["Broken.good", "Broken.bad", "Broken.alsoGood"]
    assert found["Broken.good"].cyclomatic == 2
    assert found["Broken.alsoGood"].cyclomatic == 2
