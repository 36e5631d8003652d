"""Kotlin functions and biomarkers, worked out by hand on tests/data/syntax/kotlin/."""

from __future__ import annotations

from mining.syntax.reading import reader
from techlead.mining.syntax.engine import FunctionFacts

facts = reader("Kotlin", "kotlin")


def functions(name: str) -> dict[str, FunctionFacts]:
    return {f.name: f for f in facts(name).functions}


def test_decisions() -> None:
    found = functions("Decisions.kt")
    assert list(found) == [
        "Decisions.straight",
        "Decisions.branches",
        "Decisions.subjectless",
        "Decisions.lambdas",
        "Decisions.get",  # the getter of `sign`
    ]
    assert found["Decisions.straight"].cyclomatic == 1
    # 1 + if + else if + for + while + do-while + two `when` entries (`1, 2 ->` is one;
    # `else` is not counted) + catch + catch (finally is not) + ?: + && + || + if = 14;
    # `?.` and `!!` are no decisions
    assert found["Decisions.branches"].cyclomatic == 14
    assert found["Decisions.subjectless"].cyclomatic == 3  # 1 + two entries (not else)
    # lambdas are not functions: 1 + their two ifs
    assert found["Decisions.lambdas"].cyclomatic == 3
    assert found["Decisions.get"].cyclomatic == 2


def test_nesting_and_bumps() -> None:
    found = functions("Nesting.kt")
    deep = found["deep"]
    # if > for > while: 3; the when in the else is 2; one chunk: one bump;
    # 1 + if + for + while + else if + when entry = 6
    assert (deep.nesting, deep.bumps, deep.cyclomatic) == (3, 1, 6)
    bumps = found["bumps"]
    # if > if (2): a bump; the for (1) is not; try > while (2): a bump
    assert (bumps.nesting, bumps.bumps) == (2, 2)
    chain = found["elseIfChain"]
    # if / else if / else if / else: every branch at depth 1 (no deeper); 1 + if + 2 * else if = 4
    assert (chain.nesting, chain.bumps, chain.cyclomatic) == (1, 0, 4)


def test_complex_conditionals() -> None:
    [check] = facts("Conditionals.kt").functions
    # the if's `&& ||` and the when entry's `&& &&`; not the while's single &&, nor the
    # value of y (not a branch condition)
    assert check.complex_conditionals == 2
    # 1 + if + && + || + while + && + && + || + when entry + && + && = 11
    assert check.cyclomatic == 11


def test_parameters() -> None:
    counts = {f.name: f.parameters for f in facts("Parameters.kt").functions}
    # default values and `vararg` are not parameters of their own; an extension's receiver
    # is not a parameter
    assert counts == {
        "Parameters.constructor": 2,
        "Parameters.none": 0,
        "Parameters.three": 3,
        "Parameters.generic": 2,
        "extension": 1,
    }


def test_variables() -> None:
    [locals_] = facts("Variables.kt").functions
    # a, b (`b = a + b` binds no new name), c, d (destructuring), x, k, v (for loops),
    # e (declared in a lambda, which is not a function); the lambda's `item` is a parameter
    assert locals_.variables == 8


def test_cohesion_is_not_judged() -> None:
    # Properties are read without `this` (a query cannot tell them from locals): the
    # query file says `cohesion = false`, so no class is judged, though methods are still
    # qualified by their class
    found = facts("Cohesion.kt")
    assert found.classes == ()
    assert any(f.name.startswith("Account.") for f in found.functions)


def test_global_nesting_of_a_script() -> None:
    found = facts("script.kts")
    assert found.global_nesting == 3  # if > for > if at the top of a .kts script
    [twice] = found.functions
    assert (twice.name, twice.cyclomatic) == ("twice", 2)


def test_syntax_error_keeps_the_recovered_functions() -> None:
    found = functions("SyntaxError.kt")
    # `val x =` has no value; every method is still read
    assert list(found) == ["Broken.good", "Broken.bad", "Broken.alsoGood"]
    assert found["Broken.good"].cyclomatic == 2
    assert found["Broken.alsoGood"].cyclomatic == 2
